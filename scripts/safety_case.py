#!/usr/bin/env python
"""The clinical safety case: check the hazard log, run its verifying tests, write the case.

    python scripts/safety_case.py                # what `make safety` runs
    python scripts/safety_case.py --check-only   # validate safety/hazard_log.yml, run nothing

1. Reads safety/hazard_log.yml and checks every hazard: the DCB0129 fields, the enumerations,
   each rating equal to RISK_MATRIX[likelihood][severity], and at least one verifying test,
   each of which must exist (the file, and for pytest the test function).
2. Runs exactly the verifying pytest node ids, in one pytest run (junit XML in results/),
   unless `make test-python` left the whole suite's results at this commit
   (results/python-junit.xml, results/python-commit.txt) with every one of them: then it
   reads their outcomes there instead of running them twice.
3. Reads what the stack-based targets left in results/ instead of starting a stack again:
   - transcripts (tests/conversations/*.yml): results/converse.json, from `make test-live`;
   - end-to-end stories (tests/test_stories.yml[::story name]): results/stories/, from
     `make test-stories`;
   - tests under tests/live/: results/live-junit.xml (`make test-live`) and
     results/scaleout/junit.xml (`make test-scale`).
   A missing results file, or one left by another commit, is a failure that names the target
   to run: the case never passes on evidence it has not seen.
4. Writes docs/safety-case.md: scope, the matrix, every hazard with its controls, residual
   risk and the pass/fail of each of its tests at this commit, and the hazards whose residual
   risk is not acceptable.

Exit status: 0 every verifying test passed; 1 a test failed or is missing, or its results are
missing or stale; 2 the hazard log itself is invalid (nothing is run).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOG = Path("safety/hazard_log.yml")
DEFAULT_DOC = Path("docs/safety-case.md")
RESULTS = Path("results")

EXIT_OK, EXIT_FAILED, EXIT_INVALID_LOG = 0, 1, 2

# --- The DCB0129 risk matrix: the one place it is written ---------------------------------------

SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
LIKELIHOODS = ("very low", "low", "medium", "high", "very high")
# The 5x5 matrix of the NHS clinical risk management standards (DCB0129/DCB0160):
# RISK_MATRIX[likelihood][severity] is the risk rating, 1 (lowest) to 5 (highest).
RISK_MATRIX: dict[str, dict[str, int]] = {
    "very high": dict(zip(SEVERITIES, (3, 4, 4, 5, 5), strict=True)),
    "high": dict(zip(SEVERITIES, (2, 3, 3, 4, 5), strict=True)),
    "medium": dict(zip(SEVERITIES, (2, 2, 3, 3, 4), strict=True)),
    "low": dict(zip(SEVERITIES, (1, 2, 2, 3, 4), strict=True)),
    "very low": dict(zip(SEVERITIES, (1, 1, 2, 2, 3), strict=True)),
}
ACCEPTABILITY: dict[int, str] = {
    1: "acceptable",
    2: "acceptable where further reduction is impractical",
    3: "undesirable: acceptable only with the further controls and a stated justification",
    4: "unacceptable: further controls are mandatory before release",
    5: "unacceptable: further controls are mandatory before release",
}
# A residual rating from this value up is not acceptable (listed, and named in the report).
UNACCEPTABLE_FROM = 4
STATUSES = ("open", "closed", "monitoring")

TEXT_FIELDS = ("id", "title", "cause", "effect", "harm", "status")
LIST_FIELDS = ("existing_controls", "additional_controls", "verified_by")
RISK_FIELDS = ("initial", "residual")
OPTIONAL_FIELDS = ("awaiting",)
KNOWN_FIELDS = set(TEXT_FIELDS + LIST_FIELDS + RISK_FIELDS + OPTIONAL_FIELDS)


def rating(severity: str, likelihood: str) -> int:
    """The matrix's rating for a severity and a likelihood (both must be known words)."""
    return RISK_MATRIX[likelihood][severity]


# --- The hazard log -------------------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    severity: str
    likelihood: str
    rating: int

    @property
    def acceptability(self) -> str:
        return ACCEPTABILITY[self.rating]

    def __str__(self) -> str:
        return f"{self.rating} ({self.severity}, {self.likelihood} likelihood)"


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    cause: str
    effect: str
    harm: str
    existing_controls: tuple[str, ...]
    initial: Risk
    additional_controls: tuple[str, ...]
    verified_by: tuple[str, ...]
    residual: Risk
    status: str
    # Controls another piece of work is building: behaviours whose tests are still to come.
    awaiting: tuple[str, ...] = ()

    @property
    def acceptable(self) -> bool:
        return self.residual.rating < UNACCEPTABLE_FROM


class HazardLogError(ValueError):
    """The hazard log cannot be read at all (not YAML, or not a list of hazards)."""


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _risk(raw: Any, where: str, errors: list[str]) -> Risk:
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: write severity, likelihood and rating")
        return Risk("", "", 0)
    severity = _text(raw.get("severity")).lower()
    likelihood = _text(raw.get("likelihood")).lower()
    given = raw.get("rating")
    if severity not in SEVERITIES:
        errors.append(f"{where}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    if likelihood not in LIKELIHOODS:
        errors.append(f"{where}: likelihood {likelihood!r} is not one of {', '.join(LIKELIHOODS)}")
    if not isinstance(given, int) or isinstance(given, bool) or given not in ACCEPTABILITY:
        errors.append(f"{where}: rating must be a whole number from 1 to 5, got {given!r}")
        given = 0
    elif severity in SEVERITIES and likelihood in LIKELIHOODS:
        expected = rating(severity, likelihood)
        if given != expected:
            errors.append(
                f"{where}: rating {given} does not match the matrix: "
                f"{severity} x {likelihood} is {expected}"
            )
    return Risk(severity, likelihood, given)


def _strings(raw: Any, where: str, errors: list[str], required: bool) -> tuple[str, ...]:
    if raw is None:
        raw = []
    if not isinstance(raw, list) or any(isinstance(i, dict | list) or i is None for i in raw):
        errors.append(f"{where}: write a list of plain lines")
        return ()
    items = tuple(_text(item) for item in raw if _text(item))
    if required and not items:
        errors.append(f"{where}: at least one entry is needed")
    return items


def parse_hazard(raw: Any, number: int, errors: list[str]) -> Hazard | None:
    """One hazard from its YAML mapping; every problem found is appended to `errors`."""
    if not isinstance(raw, Mapping):
        errors.append(f"hazard {number}: each hazard is a mapping with `id:`, `title:` ...")
        return None
    where = f"{_text(raw.get('id')) or f'hazard {number}'}"
    for key in sorted(set(raw) - KNOWN_FIELDS):
        errors.append(f"{where}: unknown field {key!r}")
    for key in TEXT_FIELDS:
        if not _text(raw.get(key)):
            errors.append(f"{where}: `{key}` is missing or empty")
    status = _text(raw.get("status")).lower()
    if status and status not in STATUSES:
        errors.append(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    verified_by = _strings(raw.get("verified_by"), f"{where}, verified_by", errors, False)
    if not raw.get("verified_by"):
        errors.append(f"{where}: no verifying test: every hazard needs at least one")
    return Hazard(
        id=_text(raw.get("id")),
        title=_text(raw.get("title")),
        cause=_text(raw.get("cause")),
        effect=_text(raw.get("effect")),
        harm=_text(raw.get("harm")),
        existing_controls=_strings(
            raw.get("existing_controls"), f"{where}, existing_controls", errors, True
        ),
        initial=_risk(raw.get("initial"), f"{where}, initial", errors),
        additional_controls=_strings(
            raw.get("additional_controls"), f"{where}, additional_controls", errors, False
        ),
        verified_by=verified_by,
        residual=_risk(raw.get("residual"), f"{where}, residual", errors),
        status=status,
        awaiting=_strings(raw.get("awaiting"), f"{where}, awaiting", errors, False),
    )


def load_hazard_log(path: Path) -> tuple[list[Hazard], list[str]]:
    """The hazards of the log at `path`, and every problem with them (empty: valid)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise HazardLogError(f"{path}: cannot be read: {error}") from None
    raw_hazards = data.get("hazards") if isinstance(data, Mapping) else None
    if not isinstance(raw_hazards, list) or not raw_hazards:
        raise HazardLogError(f"{path}: expected `hazards:` with a list of hazards")
    errors: list[str] = []
    hazards = [
        hazard
        for number, raw in enumerate(raw_hazards, start=1)
        if (hazard := parse_hazard(raw, number, errors)) is not None
    ]
    seen: set[str] = set()
    for hazard in hazards:
        if hazard.id in seen:
            errors.append(f"{hazard.id}: duplicate hazard id")
        seen.add(hazard.id)
        if hazard.id and not (hazard.id.startswith("H-") and hazard.id[2:].isdigit()):
            errors.append(f"{hazard.id}: hazard ids look like H-01")
        if hazard.status == "closed" and not hazard.acceptable:
            errors.append(
                f"{hazard.id}: closed with a residual rating of {hazard.residual.rating}, "
                f"which is not acceptable (>= {UNACCEPTABLE_FROM})"
            )
    return hazards, errors


# --- Verifying tests: what kind, and whether they exist ------------------------------------------


class Kind(str, Enum):
    PYTEST = "pytest"  # run here, in one pytest run
    LIVE_PYTEST = "live pytest"  # tests/live: needs a stack; results from make test-live/scale
    TRANSCRIPT = "transcript"  # tests/conversations/*.yml: results/converse.json
    STORIES = "stories"  # rasa e2e test stories: results/stories/


@dataclass(frozen=True)
class Verifier:
    """One entry of `verified_by`: a pytest node id, a transcript file or a story file."""

    ref: str
    kind: Kind
    path: str
    name: str = ""  # test function (pytest) or story name ("" = every story in the file)
    param: str = ""  # a parametrised case, "" = all of them

    @classmethod
    def parse(cls, ref: str) -> Verifier:
        path, _, rest = ref.partition("::")
        if path.endswith(".py"):
            name, _, param = rest.partition("[")
            kind = Kind.LIVE_PYTEST if path.startswith("tests/live/") else Kind.PYTEST
            return cls(ref, kind, path, name, param.removesuffix("]"))
        if path.startswith("tests/conversations/"):
            return cls(ref, Kind.TRANSCRIPT, path)
        return cls(ref, Kind.STORIES, path, rest)

    @property
    def function(self) -> str:
        """The test function's own name (`Class::test` gives `test`)."""
        return self.name.split("::")[-1]


def _test_functions(path: Path) -> set[str]:
    """`test_x` and `Class::test_x` names defined in a Python test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}::{item.name}")
    return names


def story_names(path: Path) -> list[str]:
    """The names of the stories in a Rasa story file ([] when it holds none)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return []
    stories = data.get("stories") if isinstance(data, dict) else None
    return [str(s["story"]) for s in stories or [] if isinstance(s, dict) and "story" in s]


def check_verifiers(hazards: Iterable[Hazard], root: Path) -> list[str]:
    """A problem for every verifying test that names something that does not exist."""
    problems: list[str] = []
    for hazard in hazards:
        for ref in hazard.verified_by:
            verifier = Verifier.parse(ref)
            where = f"{hazard.id}: {ref}"
            path = root / verifier.path
            if not verifier.path.startswith("tests/"):
                problems.append(f"{where}: a verifying test lives under tests/")
                continue
            if not path.is_file():
                problems.append(f"{where}: no such file")
                continue
            if verifier.kind in (Kind.PYTEST, Kind.LIVE_PYTEST):
                if not verifier.name:
                    problems.append(f"{where}: name the test: {verifier.path}::test_name")
                elif verifier.name not in _test_functions(path):
                    problems.append(f"{where}: no test function {verifier.name!r} in that file")
            elif verifier.kind is Kind.TRANSCRIPT:
                if not verifier.path.endswith((".yml", ".yaml")):
                    problems.append(f"{where}: a transcript is a .yml file")
            elif verifier.kind is Kind.STORIES:
                names = story_names(path)
                if not names:
                    problems.append(f"{where}: no `stories:` in that file")
                elif verifier.name and verifier.name not in names:
                    problems.append(f"{where}: no story named {verifier.name!r} in that file")
    return problems


# --- Results ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """Whether one verifying test passed, and if not, why (shown in the case and on stderr)."""

    ref: str
    passed: bool
    detail: str = ""

    @property
    def label(self) -> str:
        return "pass" if self.passed else "FAIL"


@dataclass
class Evidence:
    """What the runs and the results files said about every verifying test."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def current_commit(root: Path) -> str | None:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None


# Files no stack-based run reads: a change to them leaves its results current.
NEUTRAL_FILES = ("scripts/safety_case.py", "scripts/report.py")


def outcome_neutral(path: str) -> bool:
    """A change that cannot alter what a stack-based run saw: documentation, the hazard log,
    this script and the report, and the top-level pytest files (whose outcomes `make safety`
    takes only from this very commit: it runs them itself, or reads `make test-python`'s
    results of the same commit)."""
    name = path.rsplit("/", 1)[-1]
    top_level_test = path == f"tests/{name}" and name.startswith("test_") and name.endswith(".py")
    return (
        path.endswith(".md")
        or path.startswith("safety/")
        or path in NEUTRAL_FILES
        or top_level_test
    )


def changed_files(root: Path, old: str, new: str) -> list[str] | None:
    """The files that differ between two commits, or None when git cannot tell."""
    try:
        completed = subprocess.run(
            ["git", "diff", "--name-only", old, new],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return [line for line in completed.stdout.splitlines() if line.strip()]


def _stale(
    source: str, commit: str | None, head: str | None, target: str, root: Path = PROJECT_ROOT
) -> str | None:
    """Why results from `source` cannot be used at `head`, or None when they can."""
    if head is None:
        return None  # no git here: nothing to compare against
    if not commit:
        return f"{source} does not say which commit it tested; run `{target}` again"
    if commit == head:
        return None
    changed = changed_files(root, commit, head)
    if changed is not None and all(outcome_neutral(path) for path in changed):
        return None  # nothing the run depended on changed since
    return (
        f"{source} is from commit {commit[:9]}, not the current {head[:9]}; "
        f"run `{target}` again"
    )


@dataclass(frozen=True)
class JunitCase:
    classname: str
    name: str
    outcome: str  # passed, failed, error, skipped
    message: str = ""


def read_junit(path: Path) -> list[JunitCase]:
    cases = []
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                message = _text(child.get("message"))[:200]
                break
        cases.append(JunitCase(case.get("classname", ""), case.get("name", ""), outcome, message))
    return cases


NOT_COLLECTED = "did not run (not collected)"


def pytest_outcome(verifier: Verifier, cases: Sequence[JunitCase]) -> Outcome:
    """The outcome of a node id from junit cases: every matching case passed, at least one."""
    module = verifier.path.removesuffix(".py").replace("/", ".")
    classname = ".".join([module, *verifier.name.split("::")[:-1]])
    wanted = verifier.function + (f"[{verifier.param}]" if verifier.param else "")
    matching = [
        case
        for case in cases
        if case.classname == classname
        and (case.name == wanted or (not verifier.param and case.name.startswith(wanted + "[")))
    ]
    if not matching:
        return Outcome(verifier.ref, False, NOT_COLLECTED)
    bad = [case for case in matching if case.outcome != "passed"]
    if bad:
        first = bad[0]
        detail = f"{len(bad)} of {len(matching)} {first.outcome}: {first.name} {first.message}"
        return Outcome(verifier.ref, False, detail.strip())
    detail = f"{len(matching)} cases" if len(matching) > 1 else ""
    return Outcome(verifier.ref, True, detail)


@dataclass
class PytestRun:
    """The junit cases of the verifying pytest run, and why some could not run at all."""

    cases: list[JunitCase] = field(default_factory=list)
    # test file path -> why pytest stopped before running it (a conftest that cannot import...)
    aborted: dict[str, str] = field(default_factory=dict)


def _pytest_once(
    node_ids: Sequence[str], root: Path, junit: Path, python: str
) -> tuple[list[JunitCase], str | None]:
    """One pytest run; its cases, and why it stopped early (None: it ran to the end)."""
    junit.parent.mkdir(parents=True, exist_ok=True)
    junit.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    completed = subprocess.run(
        [*command, *node_ids], cwd=root, env=env, check=False, capture_output=True, text=True
    )
    output = (completed.stdout + completed.stderr).strip().splitlines()
    print("\n".join(output[-15:]), file=sys.stderr)
    # 0: passed, 1: some failed. Anything else (interrupted, internal or usage error, nothing
    # collected) means pytest did not run the tests through.
    if completed.returncode in (0, 1) and junit.is_file():
        return read_junit(junit), None
    errors = [line for line in output if line.startswith("E ") or "Error" in line]
    reason = (errors[-1] if errors else (output[-1] if output else "no output")).strip()
    return (read_junit(junit) if junit.is_file() else []), (
        f"pytest stopped (exit {completed.returncode}): {reason[:200]}"
    )


def run_pytest(
    verifiers: Sequence[Verifier], root: Path, junit: Path, python: str = sys.executable
) -> PytestRun:
    """Runs exactly these node ids in one pytest run.

    If pytest stops before running them (a conftest that cannot be imported stops the whole
    session), each folder's tests are run again on their own, so that one broken folder
    cannot hide the results of the others; the tests that still cannot run say why.
    """
    node_ids = list(dict.fromkeys(v.ref for v in verifiers))
    run = PytestRun()
    if not node_ids:
        return run
    print(f"Running {len(node_ids)} verifying pytest node ids", file=sys.stderr)
    cases, stopped = _pytest_once(node_ids, root, junit, python)
    if stopped is None:
        run.cases = cases
        return run
    print(f"{stopped}; running each folder's tests on their own", file=sys.stderr)
    folders: dict[str, list[Verifier]] = {}
    for verifier in verifiers:
        folders.setdefault(verifier.path.rsplit("/", 1)[0], []).append(verifier)
    for number, (folder, members) in enumerate(sorted(folders.items())):
        part = junit.with_name(f"{junit.stem}-{number}{junit.suffix}")
        cases, stopped = _pytest_once([v.ref for v in members], root, part, python)
        run.cases += cases
        if stopped is not None:
            run.aborted.update({v.path: f"{folder}: {stopped}" for v in members})
    return run


def transcript_outcomes(
    verifiers: Sequence[Verifier], root: Path, results: Path, head: str | None
) -> tuple[list[Outcome], list[str]]:
    source = results / "converse.json"
    if not verifiers:
        return [], []
    if not source.is_file():
        why = f"{source} is missing: run `make test-live` first (it plays every transcript)"
        return [Outcome(v.ref, False, why) for v in verifiers], [why]
    try:
        report = json.loads(source.read_text(encoding="utf-8"))
    except ValueError as error:
        why = f"{source} cannot be read ({error}): run `make test-live` again"
        return [Outcome(v.ref, False, why) for v in verifiers], [why]
    stale = _stale(str(source), report.get("commit"), head, "make test-live", root)
    if stale:
        return [Outcome(v.ref, False, stale) for v in verifiers], [stale]
    by_file = {entry.get("file"): entry for entry in report.get("transcripts") or []}
    outcomes = []
    for verifier in verifiers:
        entry = by_file.get(verifier.path)
        if entry is None:
            outcomes.append(Outcome(verifier.ref, False, f"not in {source}: it was not played"))
        elif entry.get("passed") is True:
            outcomes.append(Outcome(verifier.ref, True))
        else:
            turns = entry.get("failed_turns") or []
            why = entry.get("error") or (f"turns {turns} failed" if turns else "failed")
            outcomes.append(Outcome(verifier.ref, False, str(why)))
    return outcomes, []


def story_outcomes(
    verifiers: Sequence[Verifier], root: Path, results: Path, head: str | None
) -> tuple[list[Outcome], list[str]]:
    folder = results / "stories"
    failed_file = folder / "failed_test_stories.yml"
    if not verifiers:
        return [], []
    if not failed_file.is_file():
        why = f"{failed_file} is missing: run `make test-stories` first"
        return [Outcome(v.ref, False, why) for v in verifiers], [why]
    commit_file = folder / "commit.txt"
    commit = commit_file.read_text(encoding="utf-8").strip() if commit_file.is_file() else None
    stale = _stale(str(folder), commit, head, "make test-stories", root)
    if stale:
        return [Outcome(v.ref, False, stale) for v in verifiers], [stale]
    failed = story_names(failed_file) if failed_file.read_text(encoding="utf-8").strip() else []
    outcomes = []
    for verifier in verifiers:
        names = [verifier.name] if verifier.name else story_names(root / verifier.path)
        broken = [
            name for name in names if any(f == name or f.startswith(f"{name} (") for f in failed)
        ]
        if broken:
            outcomes.append(Outcome(verifier.ref, False, "failed: " + "; ".join(broken)))
        else:
            detail = f"{len(names)} stories" if len(names) > 1 else ""
            outcomes.append(Outcome(verifier.ref, True, detail))
    return outcomes, []


# The stack-based pytest files and where their make target leaves junit XML.
LIVE_RESULTS: dict[str, tuple[str, str, str]] = {
    # path prefix: (junit XML, commit stamp, target)
    "tests/live/scaleout.py": ("scaleout/junit.xml", "scaleout/commit.txt", "make test-scale"),
    "tests/live/": ("live-junit.xml", "live-commit.txt", "make test-live"),
}


def live_outcomes(
    verifiers: Sequence[Verifier], root: Path, results: Path, head: str | None
) -> tuple[list[Outcome], list[str]]:
    outcomes: list[Outcome] = []
    notes: list[str] = []
    for verifier in verifiers:
        prefix = next(p for p in LIVE_RESULTS if verifier.path.startswith(p))
        junit_name, stamp_name, target = LIVE_RESULTS[prefix]
        junit, stamp = results / junit_name, results / stamp_name
        if not junit.is_file():
            why = f"{junit} is missing: run `{target}` first"
            outcomes.append(Outcome(verifier.ref, False, why))
            notes.append(why)
            continue
        commit = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else None
        stale = _stale(str(junit), commit, head, target, root)
        if stale:
            outcomes.append(Outcome(verifier.ref, False, stale))
            notes.append(stale)
            continue
        outcomes.append(pytest_outcome(verifier, read_junit(junit)))
    return outcomes, list(dict.fromkeys(notes))


# What `make test-python` leaves: the whole suite's junit XML and the commit it ran at.
PYTHON_SUITE_RESULTS = ("python-junit.xml", "python-commit.txt")


def python_suite_run(
    verifiers: Sequence[Verifier], root: Path, results: Path, head: str | None
) -> PytestRun | None:
    """The verifying tests' cases from the whole suite's run at this commit (`make
    test-python` runs every one of them), or None when they must be run here: no such
    results, results from another commit, no git to tell, or a verifying test it did not run.

    Exactly this commit, not `_stale`'s leniency: a change to a top-level test file leaves
    the stack's results current but changes these tests themselves. (`make test-python`
    writes no commit from a tree with uncommitted changes.)
    """
    junit, stamp = (results / name for name in PYTHON_SUITE_RESULTS)
    if head is None or not verifiers or not junit.is_file() or not stamp.is_file():
        return None
    commit = stamp.read_text(encoding="utf-8").strip()
    if commit != head:
        return None
    try:
        cases = read_junit(junit)
    except ET.ParseError:
        return None
    if any(pytest_outcome(v, cases).detail == NOT_COLLECTED for v in verifiers):
        return None
    print(f"Verifying pytest tests read from {junit} (make test-python, {commit[:9]})")
    return PytestRun(cases=cases)


def gather_evidence(
    hazards: Sequence[Hazard], root: Path, results: Path, head: str | None
) -> Evidence:
    verifiers = list({ref: Verifier.parse(ref) for h in hazards for ref in h.verified_by}.values())
    by_kind: dict[Kind, list[Verifier]] = {kind: [] for kind in Kind}
    for verifier in verifiers:
        by_kind[verifier.kind].append(verifier)

    evidence = Evidence()
    earlier = python_suite_run(by_kind[Kind.PYTEST], root, results, head)
    run = earlier or run_pytest(by_kind[Kind.PYTEST], root, results / "safety-junit.xml")
    found = [pytest_outcome(v, run.cases) for v in by_kind[Kind.PYTEST]]
    for outcome, verifier in zip(found, by_kind[Kind.PYTEST], strict=True):
        if not outcome.passed and verifier.path in run.aborted:
            outcome.detail = f"did not run: {run.aborted[verifier.path]}"
    evidence_notes = sorted(set(run.aborted.values()))
    for outcomes, notes in (
        (found, evidence_notes),
        transcript_outcomes(by_kind[Kind.TRANSCRIPT], root, results, head),
        story_outcomes(by_kind[Kind.STORIES], root, results, head),
        live_outcomes(by_kind[Kind.LIVE_PYTEST], root, results, head),
    ):
        evidence.outcomes.update({o.ref: o for o in outcomes})
        evidence.notes += notes
    return evidence


# --- The safety case document --------------------------------------------------------------------

SCOPE = """\
## Scope

This assistant is **not a medical device** and is not offered as one: it gives general
information and tells every person to see a doctor; it does not diagnose, and it has no
clinical safety officer's sign-off. Anyone deploying it to the public takes on the
manufacturer's duties below.

What the standards would ask of it, and what we do:

- **DCB0129** (NHS, manufacturer's clinical risk management) asks for a clinical risk
  management process, a **hazard log** (each hazard's cause, effect, harm, controls, initial
  and residual risk from a 5x5 matrix), a **clinical safety case report** and a named clinical
  safety officer. We keep the hazard log as data (`safety/hazard_log.yml`), rate every hazard
  with the matrix below, tie every hazard to **tests that run in CI**, and regenerate this case
  from the log and the test results at every `make test` (`make safety`). What we cannot do
  ourselves: a clinical safety officer's review and signature, and clinical evaluation on real
  patients; a deploying organisation must add both (and DCB0160 for its own deployment).
- **EU MDR Rule 11**: software that gives information used to take decisions with diagnostic
  or therapeutic purposes is at least class IIa; a symptom checker that triages urgency would
  be. That needs a quality management system (ISO 13485), risk management to ISO 14971, a
  clinical evaluation and a notified body. We do the part that is the software's own: the risk
  file (this log), verification of every control by automated tests, change control of the
  medical content (`docs/clinical-content.md`) and post-market monitoring figures
  (`make report`).
"""


def _bullets(items: Iterable[str]) -> str:
    lines = [f"- {item}" for item in items]
    return "\n".join(lines) if lines else "- none"


def matrix_table() -> str:
    header = "| likelihood \\ severity | " + " | ".join(SEVERITIES) + " |"
    rule = "| --- | " + " | ".join("---" for _ in SEVERITIES) + " |"
    rows = [
        f"| {likelihood} | " + " | ".join(str(RISK_MATRIX[likelihood][s]) for s in SEVERITIES)
        for likelihood in reversed(LIKELIHOODS)
    ]
    levels = [f"- **{level}**: {text}" for level, text in ACCEPTABILITY.items()]
    return "\n".join([header, rule, *[r + " |" for r in rows], "", *levels])


def _tally(hazard: Hazard, evidence: Evidence) -> tuple[int, int]:
    outcomes = [evidence.outcomes.get(ref) for ref in hazard.verified_by]
    return sum(1 for o in outcomes if o and o.passed), len(outcomes)


def render_case(
    hazards: Sequence[Hazard], evidence: Evidence, commit: str | None, log_path: str
) -> str:
    short = commit[:9] if commit else "unknown"
    failing = [o for o in evidence.outcomes.values() if not o.passed]
    lines = [
        "# Clinical safety case",
        "",
        f"Generated by `make safety` (scripts/safety_case.py) from `{log_path}` at commit "
        f"`{short}` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. Do not edit by hand: "
        "change the hazard log or the tests, and run `make safety` again.",
        "",
        f"**Result at `{short}`: {len(evidence.outcomes) - len(failing)} of "
        f"{len(evidence.outcomes)} verifying tests passed"
        + (f"; {len(failing)} failed or missing.**" if failing else ".**"),
        "",
        SCOPE,
        "## The risk matrix",
        "",
        "Every hazard is rated before (initial) and after (residual) its controls: the rating "
        "is the matrix's cell for its severity and likelihood (scripts/safety_case.py "
        f"`RISK_MATRIX`, checked for every entry). A residual rating of {UNACCEPTABLE_FROM} or "
        "more is **not acceptable**; 3 is acceptable only while the hazard stays open or "
        "monitored with its further controls named.",
        "",
        matrix_table(),
        "",
        "## Summary",
        "",
        "| id | hazard | initial | residual | status | tests passed |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for hazard in hazards:
        passed, total = _tally(hazard, evidence)
        mark = "" if passed == total else " **(failing)**"
        lines.append(
            f"| [{hazard.id}](#{hazard.id.lower()}) | {hazard.title} | {hazard.initial.rating} "
            f"| {hazard.residual.rating} | {hazard.status} | {passed}/{total}{mark} |"
        )
    not_acceptable = [h for h in hazards if not h.acceptable]
    undesirable = [h for h in hazards if h.residual.rating == UNACCEPTABLE_FROM - 1]
    lines += ["", "## Residual risk that is not acceptable", ""]
    lines += [
        f"- **{h.id}** {h.title}: residual {h.residual} ({h.status})" for h in not_acceptable
    ] or [f"- none: every residual rating is below {UNACCEPTABLE_FROM}"]
    lines += ["", f"Residual rating {UNACCEPTABLE_FROM - 1} (undesirable, kept under watch):", ""]
    lines += [f"- **{h.id}** {h.title} ({h.status})" for h in undesirable] or ["- none"]
    open_hazards = [h for h in hazards if h.status == "open"]
    lines += ["", "## Open hazards and the controls they await", ""]
    for h in open_hazards:
        lines.append(f"- **{h.id}** {h.title}")
        lines += [f"  - {item}" for item in h.awaiting]
    if not open_hazards:
        lines.append("- none")
    if evidence.notes:
        lines += ["", "## Evidence that could not be read or run", ""]
        lines.append(_bullets(dict.fromkeys(evidence.notes)))
    lines += ["", "## Hazards", ""]
    for hazard in hazards:
        lines += [
            f"### {hazard.id}",
            "",
            f"**{hazard.title}** (status: {hazard.status})",
            "",
            f"- **Cause**: {hazard.cause}",
            f"- **Effect**: {hazard.effect}",
            f"- **Harm**: {hazard.harm}",
            f"- **Initial risk**: {hazard.initial}: {hazard.initial.acceptability}",
            f"- **Residual risk**: {hazard.residual}: {hazard.residual.acceptability}",
            "",
            "Existing controls:",
            "",
            _bullets(hazard.existing_controls),
            "",
            "Additional controls:",
            "",
            _bullets(hazard.additional_controls),
            "",
        ]
        if hazard.awaiting:
            lines += ["Awaiting (controls being built):", "", _bullets(hazard.awaiting), ""]
        lines += ["Verified by:", ""]
        for ref in hazard.verified_by:
            outcome = evidence.outcomes.get(ref) or Outcome(ref, False, "no result")
            detail = f" ({outcome.detail})" if outcome.detail else ""
            lines.append(f"- {outcome.label}: `{ref}`{detail}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- The command ---------------------------------------------------------------------------


def run_safety_case(
    log_path: Path,
    root: Path,
    results: Path,
    doc_path: Path | None,
    check_only: bool = False,
) -> int:
    """Validate, run, write the case; returns the exit status (see the module docstring)."""
    try:
        hazards, errors = load_hazard_log(log_path)
    except HazardLogError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID_LOG
    errors += check_verifiers(hazards, root)
    if errors:
        print(f"{log_path}: {len(errors)} problem(s):", file=sys.stderr)
        for problem in errors:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_INVALID_LOG
    print(f"{log_path}: {len(hazards)} hazards, valid", file=sys.stderr)
    if check_only:
        return EXIT_OK

    head = current_commit(root)
    evidence = gather_evidence(hazards, root, results, head)
    if doc_path is not None:
        try:
            shown = log_path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = str(log_path)
        doc_path.parent.mkdir(parents=True, exist_ok=True)
        doc_path.write_text(render_case(hazards, evidence, head, shown), encoding="utf-8")
        print(f"Wrote {doc_path}", file=sys.stderr)
    failing = [o for o in evidence.outcomes.values() if not o.passed]
    for note in dict.fromkeys(evidence.notes):
        print(f"error: {note}", file=sys.stderr)
    for outcome in failing:
        print(f"FAIL {outcome.ref}: {outcome.detail}", file=sys.stderr)
    not_acceptable = [h.id for h in hazards if not h.acceptable]
    if not_acceptable:
        print(f"Residual risk not acceptable: {', '.join(not_acceptable)}", file=sys.stderr)
    total = len(evidence.outcomes)
    print(f"{total - len(failing)} of {total} verifying tests passed", file=sys.stderr)
    return EXIT_FAILED if failing else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", type=Path, default=PROJECT_ROOT / DEFAULT_LOG)
    parser.add_argument("--doc", type=Path, default=PROJECT_ROOT / DEFAULT_DOC)
    parser.add_argument("--results", type=Path, default=PROJECT_ROOT / RESULTS)
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT)
    parser.add_argument(
        "--check-only", action="store_true", help="validate the log and its test names only"
    )
    args = parser.parse_args(argv)
    return run_safety_case(args.log, args.root, args.results, args.doc, args.check_only)


if __name__ == "__main__":
    sys.exit(main())
