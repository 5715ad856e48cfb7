"""Two Rasa servers never work on one conversation at the same time (runtime/locks.py).

Each "server" here is a thread with its own lock store and its own Redis connection, as two
processes would have. Both ask for the lock of the same new conversation at the same moment,
many times over; Rasa's own RedisLockStore let both in most of those times.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
import redis

from runtime.stores import EnvLockStore

ROUNDS = 30


def hold_each_conversation(
    prefix: str, start_together: threading.Barrier, held: dict[int, tuple[float, float]]
) -> None:
    """One server: for each conversation, waits for the other, then holds the lock a moment."""
    store = EnvLockStore()

    async def take_turns() -> None:
        for number in range(ROUNDS):
            start_together.wait()
            async with store.lock(f"{prefix}-{number}", wait_time_in_seconds=0.01):
                began = time.monotonic()
                await asyncio.sleep(0.02)
                held[number] = (began, time.monotonic())

    asyncio.run(take_turns())


@pytest.fixture
def conversations(monkeypatch: pytest.MonkeyPatch, redis_url: str):
    monkeypatch.setenv("REDIS_URL", redis_url)
    prefix = f"locktest-{uuid.uuid4().hex[:8]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)


def test_two_servers_asking_at_the_same_moment_never_hold_one_conversation_together(
    conversations: str,
) -> None:
    start_together = threading.Barrier(2, timeout=30)
    held_by = {"first": {}, "second": {}}
    servers = [
        threading.Thread(target=hold_each_conversation, args=(conversations, start_together, held))
        for held in held_by.values()
    ]
    for server in servers:
        server.start()
    for server in servers:
        server.join(timeout=120)

    first, second = held_by["first"], held_by["second"]
    assert len(first) == len(second) == ROUNDS, "a server did not get every lock"
    together = [
        number
        for number in range(ROUNDS)
        if first[number][0] < second[number][1] and second[number][0] < first[number][1]
    ]
    assert not together, f"both servers held conversations {together} at the same time"


def test_no_lock_or_mutex_is_left_in_redis_afterwards(conversations: str, redis_url: str) -> None:
    store = EnvLockStore()

    async def one_message() -> None:
        async with store.lock(f"{conversations}-alone"):
            pass

    asyncio.run(one_message())
    client = redis.Redis.from_url(redis_url)
    assert not list(client.scan_iter(match=f"*{conversations}*"))
