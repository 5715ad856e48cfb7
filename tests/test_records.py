"""Assessment records and the retention period, on SQLite and on the real PostgreSQL.

A record keeps ids only (symptoms, sites, urgency, channel, time) and a keyed hash instead of
the sender id; `make purge` deletes records and conversations older than RETENTION_DAYS.
"""

from __future__ import annotations

import os
import secrets
import stat
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine

from symptom_checker.conversations import EVENTS
from symptom_checker.database import make_engine
from symptom_checker.records import (
    AssessmentRecordRow,
    AssessmentRecords,
    RecordKeyError,
    RecordsBase,
    delete_records_older_than,
    sender_hash,
    sender_hash_key,
)
from symptom_checker.retention import (
    DEFAULT_RETENTION_DAYS,
    RetentionError,
    main,
    purge,
    retention_days,
)
from symptom_checker.triage import assess

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'assistant.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgresql_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
def key() -> bytes:
    # A fresh key per test: its hashes are unique, even in a shared PostgreSQL database.
    return secrets.token_bytes(32)


def new_person() -> str:
    return f"test-records-{uuid.uuid4().hex}"


# --- what a record keeps ------------------------------------------------------------------------


def test_a_record_keeps_the_assessment_ids_and_reads_back(engine, key, knowledge):
    records = AssessmentRecords(engine, key)
    person = new_person()
    assessment = assess(["armpit_lump", "bone_pain"], ["seizure"], knowledge)
    records.add(person, "rest", assessment, at=NOW)

    (record,) = records.for_sender(person)
    assert record.present_symptoms == ("armpit_lump", "bone_pain")
    assert record.negated_symptoms == ("seizure",)
    assert set(record.sites) == {"lymph_nodes", "bone"}
    assert record.urgency == "soon"
    assert record.channel == "rest"
    assert record.created_at == NOW
    records.delete_for_sender(person)


def test_a_record_never_holds_the_sender_id_only_its_keyed_hash(engine, key, knowledge):
    person = new_person()
    AssessmentRecords(engine, key).add(person, "socketio", assess(["jaundice"], [], knowledge))
    with engine.connect() as connection:
        row = (
            connection.execute(
                select(AssessmentRecordRow.__table__).where(
                    AssessmentRecordRow.sender_hash == sender_hash(person, key)
                )
            )
            .mappings()
            .one()
        )
    stored = " ".join(str(value) for value in row.values())
    assert person not in stored
    assert row["sender_hash"] != sender_hash(person, b"another key")
    assert len(row["sender_hash"]) == 64
    AssessmentRecords(engine, key).delete_for_sender(person)


@pytest.mark.parametrize(
    "present, sites",
    [
        (["I found a lump in my armpit"], ["lymph_nodes"]),
        (["armpit_lump"], ["lymph nodes; DROP TABLE assessment_records"]),
    ],
)
def test_free_text_is_never_written_to_a_record(sqlite_engine, key, present, sites):
    records = AssessmentRecords(sqlite_engine, key)
    with pytest.raises(ValueError, match="must be an id"):
        records.add_ids(new_person(), "rest", present, [], sites, "soon")


def test_an_unknown_urgency_is_refused(sqlite_engine, key):
    with pytest.raises(ValueError, match="urgency"):
        AssessmentRecords(sqlite_engine, key).add_ids(new_person(), "rest", [], [], [], "later")


@pytest.mark.parametrize(
    "channel, stored",
    [
        ("rest", "rest"),
        ("SocketIO", "socketio"),
        ("web.socketio_channel", "web.socketio_channel"),
        (None, "unknown"),
        ("a channel with spaces and an e-mail me@example.com", "unknown"),
    ],
)
def test_the_channel_is_a_name_or_unknown(sqlite_engine, key, channel, stored):
    records = AssessmentRecords(sqlite_engine, key)
    person = new_person()
    records.add_ids(person, channel, ["cough"], [], ["lung"], "soon")
    assert records.for_sender(person)[0].channel == stored


def test_deleting_a_persons_records_leaves_everyone_elses(engine, key):
    records = AssessmentRecords(engine, key)
    person, someone_else = new_person(), new_person()
    records.add_ids(person, "rest", ["cough"], [], ["lung"], "soon")
    records.add_ids(person, "rest", ["seizure"], [], ["brain"], "emergency")
    records.add_ids(someone_else, "rest", ["jaundice"], [], ["liver"], "urgent")
    assert records.delete_for_sender(person) == 2
    assert records.for_sender(person) == []
    assert [r.urgency for r in records.for_sender(someone_else)] == ["urgent"]
    records.delete_for_sender(someone_else)


# --- the key ------------------------------------------------------------------------------------


def test_the_key_is_generated_once_into_a_file_only_its_owner_can_read(tmp_path, monkeypatch):
    monkeypatch.delenv("SENDER_HASH_KEY", raising=False)
    key_file = tmp_path / "var" / "sender-hash.key"
    first = sender_hash_key(key_file)
    assert len(first) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sender_hash_key(key_file) == first
    assert list(key_file.parent.iterdir()) == [key_file]  # no draft left behind


def test_sender_hash_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDER_HASH_KEY", "shared by every action server")
    assert sender_hash_key(tmp_path / "sender-hash.key") == b"shared by every action server"
    assert not (tmp_path / "sender-hash.key").exists()


def test_an_empty_key_file_is_reported(tmp_path, monkeypatch):
    monkeypatch.delenv("SENDER_HASH_KEY", raising=False)
    key_file = tmp_path / "sender-hash.key"
    key_file.write_text("\n")
    with pytest.raises(RecordKeyError, match="empty"):
        sender_hash_key(key_file)


def test_two_servers_with_one_key_find_the_same_persons_records(engine, key):
    person = new_person()
    AssessmentRecords(engine, key).add_ids(person, "rest", ["cough"], [], ["lung"], "soon")
    assert len(AssessmentRecords(engine, key).for_sender(person)) == 1
    assert AssessmentRecords(engine, secrets.token_bytes(32)).for_sender(person) == []
    AssessmentRecords(engine, key).delete_for_sender(person)


# --- the retention period -----------------------------------------------------------------------


def add_conversation(engine: Engine, sender_id: str, *moments: datetime) -> None:
    """Events of a conversation at `moments`, in Rasa's own `events` table."""
    rasa_events = SQLTrackerStore.SQLEvent.__table__
    rasa_events.create(engine, checkfirst=True)
    with engine.begin() as connection:
        for moment in moments:
            connection.execute(
                insert(rasa_events).values(
                    sender_id=sender_id,
                    type_name="user",
                    timestamp=moment.timestamp(),
                    intent_name="report_symptom",
                    data='{"event": "user"}',
                )
            )


def conversation_events(engine: Engine, sender_id: str) -> int:
    with engine.connect() as connection:
        return len(
            connection.execute(select(EVENTS.c.id).where(EVENTS.c.sender_id == sender_id)).all()
        )


def test_purge_deletes_old_records_and_idle_conversations_only(engine, key):
    records = AssessmentRecords(engine, key)
    old_person, recent_person, ongoing = new_person(), new_person(), new_person()
    records.add_ids(old_person, "rest", ["cough"], [], ["lung"], "soon", at=NOW - timedelta(31))
    records.add_ids(recent_person, "rest", ["cough"], [], ["lung"], "soon", at=NOW - timedelta(29))
    add_conversation(engine, old_person, NOW - timedelta(40), NOW - timedelta(31))
    add_conversation(engine, recent_person, NOW - timedelta(29))
    # Began long ago but was written to yesterday: kept whole.
    add_conversation(engine, ongoing, NOW - timedelta(90), NOW - timedelta(1))

    result = purge(engine, engine, days=30, now=NOW)

    assert result.cutoff == NOW - timedelta(30)
    assert records.for_sender(old_person) == []
    assert len(records.for_sender(recent_person)) == 1
    assert conversation_events(engine, old_person) == 0
    assert conversation_events(engine, recent_person) == 1
    assert conversation_events(engine, ongoing) == 2
    assert result.records >= 1 and result.conversations >= 1 and result.events >= 2
    # Nothing more the second time, for these people.
    purge(engine, engine, days=30, now=NOW)
    assert conversation_events(engine, ongoing) == 2
    records.delete_for_sender(recent_person)
    with engine.begin() as connection:
        connection.execute(EVENTS.delete().where(EVENTS.c.sender_id.in_([recent_person, ongoing])))


def test_purge_works_before_any_conversation_or_record_exists(sqlite_engine):
    result = purge(sqlite_engine, sqlite_engine, days=30, now=NOW)
    assert (result.records, result.conversations, result.events) == (0, 0, 0)


def test_records_older_than_a_cutoff_are_deleted_without_the_key(sqlite_engine, key):
    AssessmentRecords(sqlite_engine, key).add_ids(
        new_person(), "rest", ["cough"], [], ["lung"], "soon", at=NOW - timedelta(days=2)
    )
    assert delete_records_older_than(sqlite_engine, NOW - timedelta(days=1)) == 1


@pytest.mark.parametrize("value, days", [(None, DEFAULT_RETENTION_DAYS), ("", 30), (" 7 ", 7)])
def test_retention_days_defaults_to_30(monkeypatch, value, days):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    if value is not None:
        monkeypatch.setenv("RETENTION_DAYS", value)
    assert retention_days() == days


@pytest.mark.parametrize("value", ["thirty", "0", "-5", "2.5", "99999999999"])
def test_a_bad_retention_days_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("RETENTION_DAYS", value)
    with pytest.raises(RetentionError, match="RETENTION_DAYS must be a whole number of days"):
        retention_days()


def test_make_purge_prints_the_counts(tmp_path, monkeypatch, capsys, key):
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    monkeypatch.setenv("RETENTION_DAYS", "10")
    engine = make_engine(url)
    now = datetime.now(timezone.utc)
    AssessmentRecords(engine, key).add_ids(
        new_person(), "rest", ["cough"], [], ["lung"], "soon", at=now - timedelta(days=11)
    )
    add_conversation(engine, new_person(), now - timedelta(days=12), now - timedelta(days=11))
    engine.dispose()

    assert main([]) == 0
    output = capsys.readouterr().out
    assert "older than 10 days" in output
    assert "assessment records: 1" in output
    assert "conversations: 1 (2 events)" in output


def test_make_purge_with_conversations_in_their_own_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'assistant.db'}")
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'conversations.db'}")
    conversations = make_engine(os.environ["TRACKER_DB_URL"])
    add_conversation(conversations, new_person(), NOW - timedelta(days=400))
    conversations.dispose()
    assert main(["--days", "30"]) == 0
    assert "conversations: 1 (1 events)" in capsys.readouterr().out


def test_make_purge_refuses_a_bad_retention_days_and_deletes_nothing(monkeypatch, capsys):
    monkeypatch.setenv("RETENTION_DAYS", "a month")
    assert main([]) == 1
    error = capsys.readouterr().err
    assert "Nothing was deleted" in error and "RETENTION_DAYS" in error


def test_make_purge_reports_an_unreachable_database(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert main([]) == 1
    error = capsys.readouterr().err
    assert "DATABASE_URL" in error and ":pw@" not in error


def test_the_records_table_is_created_when_first_needed(sqlite_engine, key):
    AssessmentRecords(sqlite_engine, key)
    with sqlite_engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM sqlite_master")).scalars().all()
    assert "assessment_records" in names
    assert set(RecordsBase.metadata.tables) == {"assessment_records"}
