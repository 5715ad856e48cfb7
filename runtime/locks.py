"""Rasa's Redis lock store, made safe for several Rasa servers.

Rasa 3.6 keeps each conversation's ticket lock in Redis as one JSON value and changes it by
read-modify-write: get the lock, add or remove a ticket, set it back. When two servers get
messages of one conversation within about a millisecond of each other, both read "no lock",
both issue ticket 0 and both process their message at once, so one turn's events are lost or
interleaved with the other's; a ticket that one of them overwrote can also hold the
conversation up until it expires (a minute). Rasa's maintainers noted that this is "far from
atomic" (RasaHQ/rasa pull request 3933); Rasa Open Source never changed it.

`SerializedRedisLockStore` makes every read-modify-write of a conversation's lock exclusive,
with a short Redis mutex per conversation (SET NX with an expiry, released only by its owner,
as redis-py's `Lock` does). The mutex is held for two or three Redis round trips, never while
a message is processed; the ticket lock still does the waiting, as in Rasa.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import redis
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

# A server that dies holding the mutex blocks nobody for longer than this.
MUTEX_SECONDS = 5.0
# Not under Rasa's "lock:" prefix, so no conversation id can name a mutex key.
MUTEX_PREFIX = "lock-mutex:"


class SerializedRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket changes cannot overlap between servers."""

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._exclusive(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._exclusive(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._exclusive(conversation_id):
            super().cleanup(conversation_id, ticket_number)

    @contextmanager
    def _exclusive(self, conversation_id: str) -> Iterator[None]:
        mutex = self.red.lock(
            MUTEX_PREFIX + self.key_prefix + conversation_id,
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
            sleep=0.002,
        )
        try:
            acquired = mutex.acquire()
        except redis.RedisError as exc:
            raise LockError(f"Cannot lock conversation '{conversation_id}': {exc}") from exc
        if not acquired:
            raise LockError(
                f"Conversation '{conversation_id}' stayed locked by another Rasa server for "
                f"{MUTEX_SECONDS:.0f}s."
            )
        try:
            yield
        finally:
            # If it expired, someone else may hold it now, and it is theirs to free.
            with suppress(redis.exceptions.LockError):
                mutex.release()
