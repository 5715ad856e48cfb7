"""A small key-value store with expiry: which deliveries were seen, and short-lived memories.

Platforms deliver a webhook again when they think the first try failed (Slack after three
seconds, Telegram and Twilio on errors, Messenger in batches). `first_delivery(key)` claims
a delivery id once: Redis `SET NX EX` when REDIS_URL is set, so that several Rasa servers
behind one URL de-duplicate together; an in-memory dictionary otherwise (one server).

`remember`/`recall` keep a small value for a while, e.g. the numbered options last offered
by SMS, so that a reply "2" can be read as the second option.
"""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from typing import Protocol

logger = logging.getLogger(__name__)

KEY_PREFIX = "symptom-checker:channels:"
DELIVERY_TTL_SECONDS = 24 * 60 * 60


class Store(Protocol):
    async def first_delivery(self, key: str, ttl: int = DELIVERY_TTL_SECONDS) -> bool:
        ...

    async def remember(self, key: str, value: str, ttl: int) -> None:
        ...

    async def recall(self, key: str) -> str | None:
        ...

    async def close(self) -> None:
        ...


class MemoryStore:
    """Expiring keys in this process; the oldest are dropped beyond `max_keys`."""

    def __init__(self, max_keys: int = 100_000, clock=time.monotonic) -> None:
        self._values: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._max_keys = max_keys
        self._clock = clock

    def _live(self, key: str) -> str | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            del self._values[key]
            return None
        return value

    def _set(self, key: str, value: str, ttl: int) -> None:
        self._values[key] = (self._clock() + ttl, value)
        self._values.move_to_end(key)
        while len(self._values) > self._max_keys:
            self._values.popitem(last=False)

    async def first_delivery(self, key: str, ttl: int = DELIVERY_TTL_SECONDS) -> bool:
        if self._live(key) is not None:
            return False
        self._set(key, "1", ttl)
        return True

    async def remember(self, key: str, value: str, ttl: int) -> None:
        self._set(key, value, ttl)

    async def recall(self, key: str) -> str | None:
        return self._live(key)

    async def close(self) -> None:
        self._values.clear()


class RedisStore:
    """The same on Redis; the client connects on first use, in the server's event loop."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = None

    def _redis(self):
        if self._client is None:
            import redis.asyncio

            self._client = redis.asyncio.from_url(self._url, decode_responses=True)
        return self._client

    async def first_delivery(self, key: str, ttl: int = DELIVERY_TTL_SECONDS) -> bool:
        try:
            claimed = await self._redis().set(KEY_PREFIX + key, "1", nx=True, ex=ttl)
        except Exception:  # losing a message is worse than answering it twice
            logger.exception("Redis could not record delivery %s; handling it anyway.", key)
            return True
        return bool(claimed)

    async def remember(self, key: str, value: str, ttl: int) -> None:
        try:
            await self._redis().set(KEY_PREFIX + key, value, ex=ttl)
        except Exception:  # a lost memory costs a little convenience, not the message
            logger.exception("Redis could not remember %s.", key)

    async def recall(self, key: str) -> str | None:
        try:
            return await self._redis().get(KEY_PREFIX + key)
        except Exception:
            logger.exception("Redis could not recall %s.", key)
            return None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def store_from_env() -> MemoryStore | RedisStore:
    """Redis when REDIS_URL is set (shared by all servers), else this process's memory."""
    url = os.environ.get("REDIS_URL", "").strip()
    return RedisStore(url) if url else MemoryStore()
