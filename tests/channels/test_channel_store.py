"""Each delivery is handled once: in this process's memory, or across servers in Redis."""

from __future__ import annotations

import os
import uuid

import pytest

from channels.store import MemoryStore, RedisStore, store_from_env

# CI's Redis; a developer may point it at another database number.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_memory_store_claims_a_delivery_once_until_it_expires():
    clock = FakeClock()
    store = MemoryStore(clock=clock)
    assert await store.first_delivery("telegram:1", ttl=60) is True
    assert await store.first_delivery("telegram:1", ttl=60) is False
    assert await store.first_delivery("telegram:2", ttl=60) is True
    clock.now += 61
    assert await store.first_delivery("telegram:1", ttl=60) is True


async def test_memory_store_forgets_the_oldest_keys_beyond_its_bound():
    store = MemoryStore(max_keys=2)
    for key in ("a", "b", "c"):
        await store.first_delivery(key)
    assert await store.first_delivery("a") is True  # "a" was dropped to keep two keys
    assert await store.first_delivery("c") is False


async def test_memory_store_remembers_a_value_for_a_while():
    clock = FakeClock()
    store = MemoryStore(clock=clock)
    await store.remember("options", '["/affirm"]', ttl=10)
    assert await store.recall("options") == '["/affirm"]'
    clock.now += 11
    assert await store.recall("options") is None


async def test_two_servers_sharing_redis_handle_a_delivery_once():
    key = f"test:{uuid.uuid4().hex}"
    server_a, server_b = RedisStore(TEST_REDIS_URL), RedisStore(TEST_REDIS_URL)
    try:
        assert await server_a.first_delivery(key, ttl=30) is True
        assert await server_b.first_delivery(key, ttl=30) is False
        assert await server_a.first_delivery(key, ttl=30) is False
        await server_a.remember(f"{key}:options", '["/deny"]', ttl=30)
        assert await server_b.recall(f"{key}:options") == '["/deny"]'
    finally:
        await server_a.close()
        await server_b.close()


async def test_redis_keys_expire():
    key = f"test:{uuid.uuid4().hex}"
    store = RedisStore(TEST_REDIS_URL)
    try:
        await store.first_delivery(key, ttl=30)
        client = store._redis()
        assert 0 < await client.ttl(f"symptom-checker:channels:{key}") <= 30
    finally:
        await store.close()


def test_the_store_follows_redis_url(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(store_from_env(), MemoryStore)
    monkeypatch.setenv("REDIS_URL", TEST_REDIS_URL)
    assert isinstance(store_from_env(), RedisStore)
