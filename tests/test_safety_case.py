"""`make safety` (scripts/safety_case.py): the hazard log is checked, its tests are run, and the
safety case fails whenever a hazard is not shown to be controlled."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT_ROOT / "scripts" / "safety_case.py"

_spec = importlib.util.spec_from_file_location("safety_case", SCRIPT)
assert _spec and _spec.loader
safety_case = importlib.util.module_from_spec(_spec)
sys.modules["safety_case"] = safety_case
_spec.loader.exec_module(safety_case)

TINY_TESTS = """\
import pytest


def test_passes():
    assert 1 + 1 == 2


def test_fails():
    assert 1 + 1 == 3


@pytest.mark.parametrize("n", [1, 2])
def test_each_case_passes(n):
    assert n > 0
"""

STORIES = """\
version: "3.1"
stories:
  - story: a seizure is escalated
    steps:
      - user: I had a fit
        intent: report_symptom
  - story: greeting
    steps:
      - user: hi
        intent: greet
"""


def hazard(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "H-01",
        "title": "A red flag is missed",
        "cause": "The symptom is not recognised",
        "effect": "No emergency advice",
        "harm": "Death",
        "existing_controls": ["Red-flag rules"],
        "initial": {"severity": "major", "likelihood": "medium", "rating": 3},
        "additional_controls": [],
        "verified_by": ["tests/test_tiny.py::test_passes"],
        "residual": {"severity": "major", "likelihood": "very low", "rating": 2},
        "status": "monitoring",
    }
    entry.update(changes)
    return entry


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny project: one test file with a passing and a failing test, and a story file."""
    (tmp_path / "tests" / "conversations").mkdir(parents=True)
    (tmp_path / "tests" / "test_tiny.py").write_text(TINY_TESTS, encoding="utf-8")
    (tmp_path / "tests" / "test_stories.yml").write_text(STORIES, encoding="utf-8")
    (tmp_path / "tests" / "conversations" / "seizure.yml").write_text(
        "turns:\n  - user: I had a fit\n", encoding="utf-8"
    )
    return tmp_path


def write_log(project: Path, *hazards: dict[str, Any]) -> Path:
    path = project / "safety" / "hazard_log.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump({"hazards": list(hazards)}), encoding="utf-8")
    return path


def problems(project: Path, *hazards: dict[str, Any]) -> list[str]:
    found, errors = safety_case.load_hazard_log(write_log(project, *hazards))
    return errors + safety_case.check_verifiers(found, project)


def run(project: Path, *hazards: dict[str, Any]) -> tuple[int, str]:
    log = write_log(project, *hazards)
    doc = project / "docs" / "safety-case.md"
    status = safety_case.run_safety_case(log, project, project / "results", doc)
    return status, doc.read_text(encoding="utf-8") if doc.exists() else ""


# --- The matrix -------------------------------------------------------------------------------


def test_the_matrix_is_five_by_five_and_grows_with_severity_and_likelihood():
    for likelihood in safety_case.LIKELIHOODS:
        row = [safety_case.rating(s, likelihood) for s in safety_case.SEVERITIES]
        assert row == sorted(row) and len(row) == 5
    for severity in safety_case.SEVERITIES:
        column = [safety_case.rating(severity, lk) for lk in safety_case.LIKELIHOODS]
        assert column == sorted(column)
    assert safety_case.rating("minor", "very low") == 1
    assert safety_case.rating("catastrophic", "very high") == 5
    assert safety_case.rating("catastrophic", "very low") == 3


# --- Validating the log ---------------------------------------------------------------------


def test_a_valid_hazard_has_no_problems(project):
    assert problems(project, hazard()) == []


def test_a_hazard_without_a_verifying_test_fails_validation(project):
    found = problems(project, hazard(verified_by=[]))
    assert any("no verifying test" in p for p in found)
    log = write_log(project, hazard(verified_by=[]))
    assert safety_case.run_safety_case(log, project, project / "results", None) != 0


def test_a_rating_that_is_not_the_matrixs_fails_validation(project):
    wrong = {"severity": "major", "likelihood": "medium", "rating": 4}
    found = problems(project, hazard(initial=wrong))
    assert found == ["H-01, initial: rating 4 does not match the matrix: major x medium is 3"]


def test_an_unknown_severity_likelihood_or_status_fails_validation(project):
    found = problems(
        project,
        hazard(
            residual={"severity": "deadly", "likelihood": "often", "rating": 2},
            status="done",
        ),
    )
    assert any("severity 'deadly'" in p for p in found)
    assert any("likelihood 'often'" in p for p in found)
    assert any("status 'done'" in p for p in found)


def test_a_missing_field_and_a_duplicate_id_fail_validation(project):
    incomplete = hazard(id="H-02")
    del incomplete["harm"]
    found = problems(project, hazard(), hazard(), incomplete)
    assert "H-01: duplicate hazard id" in found
    assert "H-02: `harm` is missing or empty" in found


def test_a_closed_hazard_with_unacceptable_residual_risk_fails_validation(project):
    high = {"severity": "major", "likelihood": "high", "rating": 4}
    found = problems(project, hazard(residual=high, status="closed"))
    assert any("closed with a residual rating of 4" in p for p in found)


def test_a_missing_node_id_fails_validation(project):
    found = problems(project, hazard(verified_by=["tests/test_tiny.py::test_not_there"]))
    assert found == [
        "H-01: tests/test_tiny.py::test_not_there: no test function 'test_not_there' in that file"
    ]


def test_a_missing_test_file_transcript_or_story_fails_validation(project):
    found = problems(
        project,
        hazard(
            verified_by=[
                "tests/test_gone.py::test_passes",
                "tests/conversations/gone.yml",
                "tests/test_stories.yml::a story nobody wrote",
            ]
        ),
    )
    assert len(found) == 3
    assert "no such file" in found[0] and "no such file" in found[1]
    assert "no story named 'a story nobody wrote'" in found[2]


def test_a_parametrised_test_may_be_named_by_its_function_or_one_case(project):
    refs = ["tests/test_tiny.py::test_each_case_passes", "tests/test_tiny.py::test_passes"]
    assert problems(project, hazard(verified_by=refs)) == []
    status, doc = run(
        project, hazard(verified_by=refs + ["tests/test_tiny.py::test_each_case_passes[2]"])
    )
    assert status == 0
    assert "pass: `tests/test_tiny.py::test_each_case_passes` (2 cases)" in doc


# --- Running the tests ----------------------------------------------------------------------


def test_passing_verifying_tests_pass_the_case_and_write_it(project):
    status, doc = run(project, hazard())
    assert status == 0
    assert "pass: `tests/test_tiny.py::test_passes`" in doc
    assert "1 of 1 verifying tests passed" in doc
    assert "| [H-01](#h-01) | A red flag is missed | 3 | 2 | monitoring | 1/1 |" in doc


def test_a_failing_verifying_test_makes_the_run_fail(project):
    refs = ["tests/test_tiny.py::test_passes", "tests/test_tiny.py::test_fails"]
    status, doc = run(project, hazard(verified_by=refs))
    assert status == safety_case.EXIT_FAILED
    assert "FAIL: `tests/test_tiny.py::test_fails`" in doc
    assert "1/2 **(failing)**" in doc


def test_only_the_verifying_node_ids_are_run(project):
    # test_fails is in the same file but no hazard names it: it must not run.
    status, _ = run(project, hazard())
    assert status == 0
    junit = safety_case.read_junit(project / "results" / "safety-junit.xml")
    assert [case.name for case in junit] == ["test_passes"]


def test_a_folder_whose_conftest_breaks_does_not_hide_the_other_results(project):
    broken = project / "tests" / "broken"
    broken.mkdir()
    (broken / "conftest.py").write_text("import no_such_module\n", encoding="utf-8")
    (broken / "test_there.py").write_text("def test_ok():\n    pass\n", encoding="utf-8")
    refs = ["tests/test_tiny.py::test_passes", "tests/broken/test_there.py::test_ok"]
    status, doc = run(project, hazard(verified_by=refs))
    assert status == safety_case.EXIT_FAILED
    assert "pass: `tests/test_tiny.py::test_passes`" in doc
    assert "FAIL: `tests/broken/test_there.py::test_ok` (did not run: tests/broken: pytest" in doc
    assert "no_such_module" in doc


def test_unacceptable_residual_risk_is_listed_in_the_case(project):
    high = {"severity": "major", "likelihood": "high", "rating": 4}
    status, doc = run(project, hazard(residual=high, status="open", awaiting=["roles"]))
    assert status == 0  # the tests passed; the risk is reported, not hidden
    section = doc.split("## Residual risk that is not acceptable")[1].split("##")[0]
    assert "**H-01** A red flag is missed: residual 4" in section
    assert "- **H-01** A red flag is missed\n  - roles" in doc


# --- Results of the stack-based targets ----------------------------------------------------


def test_a_transcript_without_converse_results_fails_and_says_to_run_make_test_live(
    project, capsys
):
    status, doc = run(project, hazard(verified_by=["tests/conversations/seizure.yml"]))
    assert status == safety_case.EXIT_FAILED
    assert "run `make test-live` first" in capsys.readouterr().err
    assert "FAIL: `tests/conversations/seizure.yml`" in doc


def _converse_results(project: Path, passed: bool) -> None:
    (project / "results").mkdir(exist_ok=True)
    report = {
        "commit": None,
        "transcripts": [
            {"file": "tests/conversations/seizure.yml", "passed": passed, "failed_turns": [1]}
        ],
    }
    (project / "results" / "converse.json").write_text(json.dumps(report), encoding="utf-8")


def test_a_transcript_passes_or_fails_as_make_test_live_recorded_it(project):
    refs = ["tests/conversations/seizure.yml"]
    _converse_results(project, passed=True)
    assert run(project, hazard(verified_by=refs))[0] == 0
    _converse_results(project, passed=False)
    status, doc = run(project, hazard(verified_by=refs))
    assert status == safety_case.EXIT_FAILED
    assert "turns [1] failed" in doc


def test_stories_without_results_fail_and_failed_stories_are_named(project):
    refs = ["tests/test_stories.yml::a seizure is escalated"]
    status, _ = run(project, hazard(verified_by=refs))
    assert status == safety_case.EXIT_FAILED
    stories = project / "results" / "stories"
    stories.mkdir(parents=True)
    (stories / "failed_test_stories.yml").write_text(
        "# None of the test stories failed - all good!", encoding="utf-8"
    )
    assert run(project, hazard(verified_by=refs))[0] == 0
    (stories / "failed_test_stories.yml").write_text(
        "version: '3.1'\nstories:\n- story: a seizure is escalated (./tests/test_stories.yml)\n"
        "  steps: []\n",
        encoding="utf-8",
    )
    status, doc = run(project, hazard(verified_by=refs + ["tests/test_stories.yml::greeting"]))
    assert status == safety_case.EXIT_FAILED
    assert "FAIL: `tests/test_stories.yml::a seizure is escalated`" in doc
    assert "pass: `tests/test_stories.yml::greeting`" in doc


def test_results_from_another_commit_are_stale():
    why = safety_case._stale("results/converse.json", "a" * 40, "b" * 40, "make test-live")
    assert why and "run `make test-live` again" in why
    assert safety_case._stale("x", "c" * 40, "c" * 40, "make test-live") is None
    assert "does not say which commit" in safety_case._stale("x", None, "c" * 40, "make x")


def test_only_documentation_the_log_and_unit_tests_leave_stack_results_current():
    assert safety_case.outcome_neutral("docs/safety-case.md")
    assert safety_case.outcome_neutral("README.md")
    assert safety_case.outcome_neutral("safety/hazard_log.yml")
    assert safety_case.outcome_neutral("tests/test_triage.py")
    assert safety_case.outcome_neutral("scripts/safety_case.py")
    assert not safety_case.outcome_neutral("scripts/converse.py")
    assert not safety_case.outcome_neutral("tests/live/test_channels_live.py")
    assert not safety_case.outcome_neutral("tests/conversations/red_flag_seizure.yml")
    assert not safety_case.outcome_neutral("data/knowledge/red_flags.yml")
    assert not safety_case.outcome_neutral("tests/test_stories.yml")


# --- The shipped hazard log -----------------------------------------------------------------


def test_the_shipped_hazard_log_is_valid_and_names_only_existing_tests():
    hazards, errors = safety_case.load_hazard_log(PROJECT_ROOT / safety_case.DEFAULT_LOG)
    assert errors + safety_case.check_verifiers(hazards, PROJECT_ROOT) == []
    assert len(hazards) >= 15
    assert [h.id for h in hazards] == [f"H-{n:02d}" for n in range(1, len(hazards) + 1)]
    assert all(h.awaiting for h in hazards if h.status == "open")


# --- Reading the whole suite's results instead of running the tests twice --------------------

SUITE_JUNIT = """\
<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.test_tiny" name="test_passes"><failure message="it broke"/></testcase>
<testcase classname="tests.test_tiny" name="test_each_case_passes[1]"/>
</testsuite></testsuites>
"""


def suite_results(project: Path, commit: str) -> Path:
    results = project / "results"
    results.mkdir(exist_ok=True)
    (results / "python-junit.xml").write_text(SUITE_JUNIT, encoding="utf-8")
    (results / "python-commit.txt").write_text(commit + "\n", encoding="utf-8")
    return results


def test_the_suites_results_at_this_commit_are_read_not_run_again(project):
    results = suite_results(project, "a" * 40)
    verifier = safety_case.Verifier.parse("tests/test_tiny.py::test_passes")
    run = safety_case.python_suite_run([verifier], project, results, "a" * 40)
    assert run is not None
    # the recorded failure is the outcome: the test, which passes, was not run again
    assert not safety_case.pytest_outcome(verifier, run.cases).passed
    assert not (results / "safety-junit.xml").exists()


def test_the_suites_results_from_another_commit_or_missing_a_test_are_not_used(project):
    results = suite_results(project, "a" * 40)
    verifier = safety_case.Verifier.parse("tests/test_tiny.py::test_passes")
    assert safety_case.python_suite_run([verifier], project, results, "b" * 40) is None
    assert safety_case.python_suite_run([verifier], project, results, None) is None
    missing = safety_case.Verifier.parse("tests/test_tiny.py::test_fails")
    assert safety_case.python_suite_run([verifier, missing], project, results, "a" * 40) is None
    (results / "python-commit.txt").unlink()
    assert safety_case.python_suite_run([verifier], project, results, "a" * 40) is None


def test_the_suites_results_are_not_used_after_a_change_to_a_test_file(project, monkeypatch):
    # a top-level test file leaves the stack's results current, but not these tests' own
    monkeypatch.setattr(safety_case, "changed_files", lambda *_: ["tests/test_tiny.py"])
    results = suite_results(project, "a" * 40)
    verifier = safety_case.Verifier.parse("tests/test_tiny.py::test_passes")
    assert safety_case._stale("x", "a" * 40, "b" * 40, "make test-python", project) is None
    assert safety_case.python_suite_run([verifier], project, results, "b" * 40) is None
