"""Where conversations and locks are kept (runtime/stores.py), on SQLite, PostgreSQL and Redis.

A restart is a new store object on the same database: what one wrote, the next one reads.
A wrong URL must stop the server at start, naming the setting to fix, instead of quietly
keeping conversations in memory.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from runtime.stores import EnvLockStore, EnvSQLTrackerStore, StoreUnavailable
from symptom_checker.conversations import ERASED_SLOT
from symptom_checker.database import make_engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE_POSTGRES = "postgresql://postgres:hunter2secret@127.0.0.1:1/none"


@pytest.fixture
def no_store_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for variable in ("TRACKER_DB_URL", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


@pytest.fixture
def sqlite_conversations(no_store_settings: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    no_store_settings.setenv("TRACKER_DB_URL", url)
    return url


@pytest.fixture
def postgres_conversations(
    no_store_settings: pytest.MonkeyPatch, postgres_url: str
) -> Iterator[list[str]]:
    """TRACKER_DB_URL on the test PostgreSQL; the conversations a test names are removed."""
    no_store_settings.setenv("TRACKER_DB_URL", postgres_url)
    senders: list[str] = []
    yield senders
    store = EnvSQLTrackerStore(domain=Domain.empty())
    for sender_id in senders:
        asyncio.run(store.delete_conversation(sender_id))
    store.engine.dispose()


def new_sender(senders: list[str] | None = None) -> str:
    sender_id = f"test-stores-{uuid.uuid4().hex}"
    if senders is not None:
        senders.append(sender_id)
    return sender_id


def a_conversation(sender_id: str, domain: Domain) -> DialogueStateTracker:
    """One session: the person reports a lump, the assistant asks its first question."""
    return DialogueStateTracker.from_events(
        sender_id,
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered(
                "I found a lump under my arm",
                intent={"name": "report_symptom", "confidence": 0.98},
                entities=[{"entity": "symptom", "value": "armpit_lump", "start": 10, "end": 27}],
            ),
            SlotSet("symptoms", ["armpit_lump"]),
            ActionExecuted("symptom_form"),
            BotUttered("Have you noticed anything else?"),
            ActionExecuted("action_listen"),
        ],
        domain.slots,
    )


def saved(store: EnvSQLTrackerStore, tracker: DialogueStateTracker) -> None:
    asyncio.run(store.save(tracker))


def retrieved(sender_id: str, domain: Domain) -> DialogueStateTracker | None:
    """The conversation as a freshly started server (a new store object) reads it."""
    store = EnvSQLTrackerStore(domain=domain)
    try:
        return asyncio.run(store.retrieve(sender_id))
    finally:
        store.engine.dispose()


def retrieved_all_sessions(sender_id: str, domain: Domain) -> DialogueStateTracker | None:
    store = EnvSQLTrackerStore(domain=domain)
    try:
        return asyncio.run(store.retrieve_full_tracker(sender_id))
    finally:
        store.engine.dispose()


def erase_request(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The turn of "delete my data" -> "yes": the action's marker, then listening."""
    tracker.update(UserUttered("yes", intent={"name": "affirm", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(BotUttered("Done: I've deleted our conversation."))
    tracker.update(SlotSet(ERASED_SLOT, True))
    tracker.update(ActionExecuted("action_listen"))
    return tracker


# --- a restart continues every conversation -------------------------------------------------


def check_a_conversation_survives_a_restart(domain: Domain, sender_id: str) -> None:
    conversation = a_conversation(sender_id, domain)
    saved(EnvSQLTrackerStore(domain=domain), conversation)
    tracker = retrieved(sender_id, domain)
    assert tracker is not None
    assert tracker.get_slot("symptoms") == ["armpit_lump"]
    assert tracker.latest_message.text == "I found a lump under my arm"
    # Rasa reads the latest session from its SessionStarted event on.
    assert [e.as_dict() for e in tracker.events] == [e.as_dict() for e in conversation.events][1:]


def test_a_conversation_survives_a_restart_on_sqlite(rasa_domain, sqlite_conversations):
    check_a_conversation_survives_a_restart(rasa_domain, new_sender())


def test_a_conversation_survives_a_restart_on_postgresql(rasa_domain, postgres_conversations):
    check_a_conversation_survives_a_restart(rasa_domain, new_sender(postgres_conversations))


def test_a_save_after_postgresql_dropped_its_connections_still_works(
    rasa_domain, postgres_conversations, postgres_url
):
    store = EnvSQLTrackerStore(domain=rasa_domain)
    person = new_sender(postgres_conversations)
    saved(store, a_conversation(person, rasa_domain))
    with store.engine.connect() as connection:  # the pooled connection the next save gets
        backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = make_engine(postgres_url)
    with admin.connect() as connection:  # as a database restart would
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    admin.dispose()

    tracker = a_conversation(person, rasa_domain)
    tracker.update(SlotSet("side", "left"))
    saved(store, tracker)
    assert retrieved(person, rasa_domain).get_slot("side") == "left"
    store.engine.dispose()


def test_the_conversation_database_defaults_to_database_url(
    rasa_domain, no_store_settings, tmp_path
):
    no_store_settings.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'assistant.db'}")
    store = EnvSQLTrackerStore(domain=rasa_domain)
    assert store.engine.url.database == str(tmp_path / "assistant.db")
    store.engine.dispose()


def test_tracker_db_url_wins_over_database_url(
    rasa_domain, no_store_settings, sqlite_conversations, tmp_path
):
    no_store_settings.setenv("DATABASE_URL", UNREACHABLE_POSTGRES)
    store = EnvSQLTrackerStore(domain=rasa_domain)
    assert store.engine.url.database == str(tmp_path / "conversations.db")
    store.engine.dispose()


# --- "delete my data": the whole conversation goes --------------------------------------------


def check_an_erasure_deletes_every_session_and_only_that_person(
    domain: Domain, person: str, someone_else: str
) -> None:
    store = EnvSQLTrackerStore(domain=domain)
    saved(store, a_conversation(someone_else, domain))
    first_session = a_conversation(person, domain)
    saved(store, first_session)
    # A second session (after an hour's silence) of the same person.
    second_session = DialogueStateTracker.from_events(
        person,
        [*first_session.events, ActionExecuted("action_session_start"), SessionStarted()],
        domain.slots,
    )
    saved(store, second_session)
    assert len(retrieved_all_sessions(person, domain).events) > len(
        retrieved(person, domain).events
    )

    saved(store, erase_request(second_session))

    assert retrieved(person, domain) is None
    assert retrieved_all_sessions(person, domain) is None
    assert retrieved(someone_else, domain).get_slot("symptoms") == ["armpit_lump"]
    store.engine.dispose()


def test_an_erasure_deletes_every_session_and_only_that_person_on_sqlite(
    rasa_domain, sqlite_conversations
):
    check_an_erasure_deletes_every_session_and_only_that_person(
        rasa_domain, new_sender(), new_sender()
    )


def test_an_erasure_deletes_every_session_and_only_that_person_on_postgresql(
    rasa_domain, postgres_conversations
):
    check_an_erasure_deletes_every_session_and_only_that_person(
        rasa_domain, new_sender(postgres_conversations), new_sender(postgres_conversations)
    )


def test_the_next_message_after_an_erasure_starts_an_empty_conversation(
    rasa_domain, sqlite_conversations
):
    person = new_sender()
    store = EnvSQLTrackerStore(domain=rasa_domain)
    saved(store, erase_request(a_conversation(person, rasa_domain)))
    tracker = asyncio.run(store.get_or_create_tracker(person, append_action_listen=False))
    assert list(tracker.events) == []
    assert tracker.get_slot("symptoms") is None
    store.engine.dispose()


def test_a_slot_other_than_the_marker_never_erases(rasa_domain, sqlite_conversations):
    person = new_sender()
    tracker = a_conversation(person, rasa_domain)
    tracker.update(SlotSet(ERASED_SLOT, False))
    saved(EnvSQLTrackerStore(domain=rasa_domain), tracker)
    assert retrieved(person, rasa_domain) is not None


# --- a wrong database URL stops the start, naming the setting ----------------------------------


def store_error(domain: Domain) -> str:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as raised:
        EnvSQLTrackerStore(domain=domain)
    assert time.monotonic() - started < 15, "a wrong URL must fail fast, not retry forever"
    return str(raised.value)


def test_an_unreachable_postgresql_in_tracker_db_url_stops_the_start(
    rasa_domain, no_store_settings
):
    no_store_settings.setenv("TRACKER_DB_URL", UNREACHABLE_POSTGRES)
    message = store_error(rasa_domain)
    assert "TRACKER_DB_URL" in message and "127.0.0.1" in message
    assert "will not start" in message
    assert "hunter2secret" not in message


def test_a_malformed_database_url_stops_the_start(rasa_domain, no_store_settings):
    no_store_settings.setenv("DATABASE_URL", "this is not a url")
    message = store_error(rasa_domain)
    assert "DATABASE_URL" in message and "TRACKER_DB_URL" not in message
    assert "not valid" in message


def test_an_unknown_database_type_stops_the_start(rasa_domain, no_store_settings):
    no_store_settings.setenv("TRACKER_DB_URL", "mongodb://127.0.0.1/conversations")
    assert "TRACKER_DB_URL" in store_error(rasa_domain)


def test_a_postgres_scheme_url_is_read_as_postgresql(rasa_domain, no_store_settings):
    # Hosting services write postgres://; SQLAlchemy only knows postgresql://.
    no_store_settings.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/none")
    assert "Cannot connect" in store_error(rasa_domain)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_rasa_run_exits_non_zero_with_the_message_when_the_database_is_unreachable(tmp_path):
    # The project's endpoints plus a model server that is not there: `rasa run` then starts
    # without a trained model (none exists yet when pytest runs), and makes the stores first.
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        (PROJECT_ROOT / "endpoints.yml").read_text()
        + f"\nmodels:\n  url: http://127.0.0.1:{free_port()}/model.tar.gz\n"
        + "  wait_time_between_pulls: null\n"
    )
    environment = {
        **os.environ,
        "TRACKER_DB_URL": UNREACHABLE_POSTGRES,
        "ACTIONS_PORT": str(free_port()),
        "PYTHONPATH": str(PROJECT_ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    environment.pop("REDIS_URL", None)
    finished = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "run", "--endpoints", str(endpoints)]
        + ["-i", "127.0.0.1", "-p", str(free_port())],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode != 0
    assert "Conversations cannot be stored, so the Rasa server will not start" in output
    assert "TRACKER_DB_URL" in output and "hunter2secret" not in output


# --- locks: Redis when REDIS_URL is set, memory otherwise --------------------------------------


def test_locks_stay_in_memory_without_redis_url(no_store_settings):
    first, second = EnvLockStore(), EnvLockStore()
    assert isinstance(first.backend, InMemoryLockStore)
    conversation = new_sender()
    first.issue_ticket(conversation)
    assert first.get_lock(conversation) is not None
    assert second.get_lock(conversation) is None  # each process has its own


def test_a_lock_taken_by_one_server_is_seen_by_another_through_redis(no_store_settings, redis_url):
    no_store_settings.setenv("REDIS_URL", redis_url)
    first, second = EnvLockStore(), EnvLockStore()
    assert isinstance(first.backend, RedisLockStore)
    conversation = new_sender()
    try:
        ticket = first.issue_ticket(conversation)
        lock = second.get_lock(conversation)
        assert lock is not None and lock.is_locked(ticket + 1)
        assert lock.now_serving == ticket
    finally:
        first.delete_lock(conversation)
    assert second.get_lock(conversation) is None


def lock_store_error() -> str:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as raised:
        EnvLockStore()
    assert time.monotonic() - started < 10
    return str(raised.value)


@pytest.mark.parametrize("url", ["127.0.0.1:6379", "http://127.0.0.1:6379/0"])
def test_a_malformed_redis_url_stops_the_start(no_store_settings, url):
    no_store_settings.setenv("REDIS_URL", url)
    message = lock_store_error()
    assert "REDIS_URL" in message and "redis://" in message


def test_an_unreachable_redis_stops_the_start(no_store_settings):
    no_store_settings.setenv("REDIS_URL", "redis://:hunter2secret@127.0.0.1:1/0")
    message = lock_store_error()
    assert "REDIS_URL" in message and "127.0.0.1:1" in message
    assert "hunter2secret" not in message
