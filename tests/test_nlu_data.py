"""The NLU training data keeps our data rules, and the held-out split stays unseen."""

from __future__ import annotations

from pathlib import Path

from tests.nlu.check_coverage import coverage_report

ROOT = Path(__file__).resolve().parent.parent


def test_training_data_and_heldout_split_break_no_data_rule():
    report = coverage_report(
        str(ROOT / "data" / "nlu"), str(ROOT / "tests" / "nlu" / "heldout.yml")
    )

    assert report["problems"] == [], "\n".join(report["problems"])


def test_no_heldout_message_is_also_a_training_example():
    report = coverage_report(
        str(ROOT / "data" / "nlu"), str(ROOT / "tests" / "nlu" / "heldout.yml")
    )

    assert not report["heldout_overlap"]
