"""Where the Rasa server keeps conversations and locks, chosen from the environment.

endpoints.yml names these classes, so every way of starting Rasa (`make run`, `make shell`,
the tests) uses the same settings:

- `EnvSQLTrackerStore`: Rasa's SQL tracker store on `TRACKER_DB_URL`, else `DATABASE_URL`,
  else the SQLite file `var/assistant.db`. Conversations survive a restart, and several
  Rasa servers sharing one PostgreSQL database see the same conversations.
- `EnvLockStore`: Redis when `REDIS_URL` is set (needed as soon as two Rasa servers share the
  conversations), in memory otherwise. In Redis, ticket changes are serialized between servers
  (runtime/locks.py): Rasa's own Redis lock store lets two servers take the same ticket.

A wrong URL stops the server at start with a message that says what to check. Rasa's own
classes would not: its SQL store retries an unreachable database forever, and a lock store
only connects to Redis on the first message.

Rasa wraps every tracker store in a `FailSafeTrackerStore`, which keeps conversations in
memory, silently, when the database fails: the person goes on describing symptoms that are
then lost, and a red flag said earlier is forgotten. `LoudTrackerStore` takes its place
(`runtime.server.install`): a failure of the database is an error in the log, the health
endpoint `GET /health/storage` reports it, and the person is told plainly that the
conversation cannot go on safely (`storage_failed_reply`). The first turn that reaches the
database again (or a health check that does) clears it.

"Delete my data" (actions/privacy.py) ends with the slot `data_erased` set to True. The
tracker store never saves that turn: it deletes every stored event of the conversation
instead, so the person's next message starts a new, empty conversation.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from runtime.locks import SerializedRedisLockStore
from symptom_checker.conversations import ERASED_SLOT, delete_conversation
from symptom_checker.database import (
    CONNECT_TIMEOUT_SECONDS,
    DatabaseUnavailable,
    make_engine,
    masked_url,
    tracker_database_url,
    tracker_database_variable,
)
from symptom_checker.services import load_services

logger = logging.getLogger(__name__)

# Seconds to wait for Redis before calling it unreachable.
REDIS_TIMEOUT_SECONDS = 5


class StoreUnavailable(RasaException):
    """A store named by the environment cannot be used; the message says what to check."""


def redis_url() -> str | None:
    """`REDIS_URL` when set, else None (locks then stay in this process's memory)."""
    return os.environ.get("REDIS_URL", "").strip() or None


class EnvSQLTrackerStore(SQLTrackerStore):
    engine: sa.engine.Engine
    """Rasa's SQL tracker store on the database the environment names, checked first."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        variable = tracker_database_variable()
        try:
            engine = make_engine(tracker_database_url(), variable=variable)
        except DatabaseUnavailable as exc:
            raise StoreUnavailable(
                f"Conversations cannot be stored, so the Rasa server will not start. {exc} "
                f"(The conversation database comes from {variable}.)"
            ) from exc
        url = _with_connect_timeout(engine.url)
        engine.dispose()
        full_url = url.render_as_string(hide_password=False)
        # A host containing "://" is used by Rasa as the complete database URL.
        super().__init__(domain=domain, host=full_url, event_broker=event_broker, **kwargs)
        # Rasa's engine hands out pooled connections untested, so the first save after a
        # database restart would fail; test each one first, as symptom_checker does.
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(full_url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the new events, or erases the whole conversation when they ask for it."""
        if erasure_requested(tracker):
            deleted = await self.delete_conversation(tracker.sender_id)
            logger.info(f"Erased a conversation at the person's request ({deleted} events).")
            return
        await super().save(tracker)

    async def delete_conversation(self, sender_id: str) -> int:
        """Deletes every stored event of `sender_id`, all sessions; returns how many."""
        with self.engine.begin() as connection:
            return delete_conversation(connection, sender_id)


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """Whether `action_delete_my_data` ran in this conversation.

    The marker is never stored (saving it erases the conversation instead), so finding it
    in a tracker means the erasure is still to be done.
    """
    return any(
        isinstance(event, SlotSet) and event.key == ERASED_SLOT and event.value is True
        for event in tracker.events
    )


def _with_connect_timeout(url: URL) -> URL:
    """PostgreSQL through psycopg2 waits minutes for an unreachable server unless told."""
    if url.get_driver_name() == "psycopg2" and "connect_timeout" not in url.query:
        return url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)})
    return url


class EnvLockStore(LockStore):
    """Conversation locks in Redis when `REDIS_URL` is set, in memory otherwise."""

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        url = redis_url()
        self.backend: LockStore = connect_redis_lock_store(url) if url else InMemoryLockStore()
        super().__init__()

    def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AbstractAsyncContextManager[TicketLock]:
        # The whole protocol runs in the backend, so that its own ticket handling is used.
        return self.backend.lock(conversation_id, lock_lifetime, wait_time_in_seconds)

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.backend.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.backend.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.backend.save_lock(lock)


def connect_redis_lock_store(url: str) -> SerializedRedisLockStore:
    """A Redis lock store for `url` (runtime/locks.py), after a successful PING."""
    import redis

    shown = masked_url(url)
    try:
        options = redis.connection.parse_url(url)
    except ValueError as exc:
        raise StoreUnavailable(
            f"REDIS_URL {shown!r} is not valid ({exc}). It should look like "
            "'redis://[:password@]host:6379/0' (or rediss:// for TLS)."
        ) from exc
    store = SerializedRedisLockStore(
        host=options.get("host", "localhost"),
        port=int(options.get("port", 6379)),
        db=int(options.get("db", 0)),
        username=options.get("username"),
        password=options.get("password"),
        use_ssl=url.startswith("rediss://"),
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        store.red.ping()
    except redis.RedisError as exc:
        raise StoreUnavailable(
            f"Cannot reach Redis at {shown!r} ({type(exc).__name__}: {exc}), so the Rasa "
            "server will not start. Check that Redis is running and reachable, or unset "
            "REDIS_URL to keep locks in memory (one Rasa server only)."
        ) from exc
    return store


def storage_failed_reply() -> str:
    """What the person is told when their conversation cannot be stored."""
    return (
        "I can't save this conversation right now, so I can't go on safely. If you feel very "
        f"unwell, {load_services().call_emergency}; otherwise please see a doctor."
    )


@dataclass
class StorageHealth:
    """Whether the conversation store worked the last time it was used, in this process."""

    ok: bool = True
    failing_since: float | None = None  # time.time() of the first failure in a row
    last_error: str | None = None
    failures: int = 0  # in a row

    def failed(self, operation: str, error: BaseException) -> None:
        if self.ok:
            self.failing_since = time.time()
        self.ok = False
        self.failures += 1
        self.last_error = f"{operation}: {type(error).__name__}"
        logger.error(
            "The conversation store failed (%s, %d in a row): %s: %s. Conversations cannot "
            "be saved; people are told so and asked to see a doctor.",
            operation,
            self.failures,
            type(error).__name__,
            error,
        )

    def worked(self) -> None:
        if not self.ok:
            logger.warning("The conversation store works again after %d failures.", self.failures)
        self.ok, self.failing_since, self.last_error, self.failures = True, None, None, 0

    def report(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "failing",
            "failing_since": self.failing_since,
            "last_error": self.last_error,
            "failures_in_a_row": self.failures,
        }


STORAGE_HEALTH = StorageHealth()


class ConversationNotStored(RasaException):
    """The tracker store failed: the turn must stop, and the person be told."""


class LoudTrackerStore(TrackerStore):
    """Rasa's tracker store wrapper without the silent in-memory fallback: every failure is
    recorded in `health` and raised as ConversationNotStored."""

    def __init__(self, tracker_store: TrackerStore, health: StorageHealth | None = None) -> None:
        self.inner = tracker_store
        self.health = health if health is not None else STORAGE_HEALTH
        super().__init__(tracker_store.domain, tracker_store.event_broker)

    @property
    def domain(self) -> Domain:
        return self.inner.domain

    @domain.setter
    def domain(self, domain: Domain) -> None:
        self.inner.domain = domain

    async def _call(self, operation: str, call: Any) -> Any:
        try:
            result = await call
        except Exception as error:
            self.health.failed(operation, error)
            raise ConversationNotStored(f"the conversation store failed to {operation}") from error
        self.health.worked()
        return result

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._call("retrieve", self.inner.retrieve(sender_id))

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._call("retrieve", self.inner.retrieve_full_tracker(sender_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._call("save", self.inner.save(tracker))

    async def keys(self) -> Iterable[str]:
        return await self._call("list", self.inner.keys())

    def probe(self) -> None:
        """Reach the database (blocking; run it in a thread). Raises when it cannot."""
        engine = getattr(self.inner, "engine", None)
        if engine is not None:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))

    async def check(self) -> StorageHealth:
        """Probe the database now and record the result (the health endpoint calls this)."""
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.probe)
        except Exception as error:
            self.health.failed("probe", error)
        else:
            self.health.worked()
        return self.health
