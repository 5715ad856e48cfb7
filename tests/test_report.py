"""`make report` (scripts/report.py): the post-deployment figures, from rows we insert."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from symptom_checker.database import make_engine
from symptom_checker.records import AssessmentRecords

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=timezone.utc)
SINCE = NOW - timedelta(days=30)


def _load_report_module():
    spec = importlib.util.spec_from_file_location("report", PROJECT_ROOT / "scripts/report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["report"] = module
    spec.loader.exec_module(module)
    return module


report = _load_report_module()


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = make_engine("sqlite+pysqlite:///:memory:")
    yield engine
    engine.dispose()


def _record(records: AssessmentRecords, sender: str, urgency: str, present, sites, days_ago=1):
    records.add_ids(
        sender,
        "rest",
        present=present,
        negated=[],
        sites=sites,
        urgency=urgency,
        at=NOW - timedelta(days=days_ago),
    )


def _events(engine: Engine, rows: list[dict]) -> None:
    report.EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(report.EVENTS), rows)


def _user(sender: str, intent: str, days_ago: float = 1) -> dict:
    moment = (NOW - timedelta(days=days_ago)).timestamp()
    return {
        "sender_id": sender,
        "type_name": "user",
        "timestamp": moment,
        "intent_name": intent,
        "action_name": None,
    }


def _action(sender: str, action: str, days_ago: float = 1) -> dict:
    moment = (NOW - timedelta(days=days_ago)).timestamp()
    return {
        "sender_id": sender,
        "type_name": "action",
        "timestamp": moment,
        "intent_name": None,
        "action_name": action,
    }


def test_the_urgency_mix_and_red_flag_rate_come_from_the_records(engine):
    records = AssessmentRecords(engine, b"key")
    _record(records, "a", "emergency", ["seizure", "headache"], ["brain"])
    _record(records, "b", "urgent", ["jaundice"], ["liver"])
    _record(records, "b", "soon", ["bone_pain"], ["bone"])
    _record(records, "c", "soon", ["fatigue"], [])
    figures = report.record_figures(engine, SINCE, frozenset({"seizure", "chest_pain"}))
    assert figures.assessments == 4 and figures.people == 3
    assert figures.urgency == {"emergency": 1, "urgent": 1, "soon": 2}
    assert figures.red_flag_rate == pytest.approx(0.25)
    assert figures.red_flag_symptoms == {"seizure": 1}
    assert figures.sites["brain"] == 1 and figures.channels["rest"] == 4


def test_records_older_than_the_window_are_left_out(engine):
    records = AssessmentRecords(engine, b"key")
    _record(records, "a", "emergency", ["seizure"], ["brain"], days_ago=45)
    _record(records, "b", "soon", ["cough"], ["lung"], days_ago=2)
    figures = report.record_figures(engine, SINCE, frozenset({"seizure"}))
    assert figures.assessments == 1
    assert figures.red_flag_rate == 0


def test_no_records_table_is_reported_not_created(engine):
    figures = report.record_figures(engine, SINCE, frozenset())
    assert figures.available is False
    assert not report.inspect(engine).has_table("assessment_records")
    assert "no assessment has been recorded yet" in report.format_report(figures, None, SINCE, 30)


def test_fallback_rate_and_action_server_down_answers_come_from_the_events(engine):
    _events(
        engine,
        [
            _user("a", "report_symptom"),
            _user("a", "nlu_fallback"),
            _user("b", "greet"),
            _user("b", "nlu_fallback"),
            _action("b", "utter_cannot_assess_now"),
            _action("b", "action_listen"),
            _user("c", "nlu_fallback", days_ago=40),  # outside the window
            _action("c", "utter_cannot_assess_now", days_ago=40),
        ],
    )
    figures = report.conversation_figures(engine, SINCE)
    assert figures.messages == 4 and figures.conversations == 2
    assert figures.fallbacks == 2 and figures.fallback_rate == pytest.approx(0.5)
    assert figures.cannot_assess == 1


def test_without_an_events_table_the_conversation_figures_say_they_are_unavailable(engine):
    figures = report.conversation_figures(engine, SINCE)
    assert figures.available is False
    text = report.format_report(report.RecordFigures(), figures, SINCE, 30)
    assert "fallback rate and action-server-down answers cannot be computed" in text


def test_the_printed_report_shows_every_figure(engine):
    records = AssessmentRecords(engine, b"key")
    _record(records, "a", "emergency", ["seizure"], ["brain"])
    _record(records, "b", "urgent", ["jaundice"], ["liver"])
    _events(engine, [_user("a", "report_symptom"), _user("a", "nlu_fallback")])
    text = report.format_report(
        report.record_figures(engine, SINCE, frozenset({"seizure"})),
        report.conversation_figures(engine, SINCE),
        SINCE,
        30,
    )
    for line in (
        "assessments: 2",
        "emergency: 1 (50.0%)",
        "soon: 0 (0.0%)",
        "red-flag rate (emergency assessments): 50.0%",
        "seizure: 1",
        "fallback rate (not understood, nlu_fallback): 1 (50.0%)",
        "action server down (utter_cannot_assess_now): 0",
    ):
        assert line in text, line


def test_the_red_flag_symptoms_are_the_knowledge_bases_single_symptom_emergencies():
    red_flags = report.red_flag_symptom_ids()
    assert {"seizure", "limb_weakness", "coughing_blood"} <= red_flags
    assert "back_pain" not in red_flags and "headache" not in red_flags


def test_make_report_reads_the_database_url(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    engine = make_engine(url)
    _record(AssessmentRecords(engine, b"key"), "a", "urgent", ["jaundice"], ["liver"])
    engine.dispose()
    assert report.main(["--days", "30"], now=NOW) == 0
    output = capsys.readouterr().out
    assert "assessments: 1" in output and "urgent: 1 (100.0%)" in output


def test_make_report_says_when_the_database_cannot_be_reached(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert report.main(["--days", "7"], now=NOW) == 1
    error = capsys.readouterr().err
    assert "Cannot read the database" in error and "secret" not in error
