"""What the platform channels share, beyond one webhook: the delivery store a configured
channel opens for itself, the turn slots that bound the work a flood of webhooks can start,
and the client libraries' loggers, which must not write people's messages into the server's
log. Written for mutants of channels/common.py that the other channel tests let live
(docs/mutation.md, session 21)."""

from __future__ import annotations

import logging

import pytest

from channels.common import CHATTY_CLIENT_LOGGERS, TurnSlots
from channels.store import MemoryStore, RedisStore
from channels.telegram import TelegramInput


@pytest.fixture
def telegram_configured(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The environment of a server with the Telegram channel on, as `rasa run` reads it."""
    monkeypatch.setenv("TELEGRAM_TOKEN", "123456:telegram-test-token")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "webhook-secret")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PLATFORM_MAX_TURNS", raising=False)
    return monkeypatch


async def test_a_channel_built_from_the_environment_recognises_a_platforms_retry(
    telegram_configured: pytest.MonkeyPatch,
) -> None:
    # Rasa builds the channel from credentials.yml without a store: the channel must open
    # one itself, or it could not tell a retried update from a new one.
    channel = TelegramInput.from_credentials(None)
    assert channel.enabled
    assert await channel.first_delivery("update-31") is True
    assert await channel.first_delivery("update-31") is False  # Telegram's retry
    assert await channel.first_delivery("update-32") is True


def test_a_channel_built_from_the_environment_shares_its_deliveries_in_redis_when_set(
    telegram_configured: pytest.MonkeyPatch,
) -> None:
    # Several servers behind one webhook: each update must be taken once among them all.
    telegram_configured.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    assert isinstance(TelegramInput.from_credentials(None).store, RedisStore)


async def test_a_slot_given_back_twice_never_adds_a_turn_beyond_the_limit() -> None:
    slots = TurnSlots(1)
    assert await slots.try_take()
    slots.release()
    slots.release()  # given back again (a turn's end and the response both tidying up)
    slots.release()  # or given back with nothing taken
    assert await slots.try_take()
    assert not await slots.try_take()  # still one turn at a time
    assert slots.in_use == 1


async def test_every_slot_given_back_can_be_taken_again() -> None:
    slots = TurnSlots(3)
    for _ in range(2):  # a busy spell, then another: the limit is the same each time
        assert [await slots.try_take() for _ in range(4)] == [True, True, True, False]
        assert slots.in_use == 3
        for _ in range(3):
            slots.release()
        assert slots.in_use == 0


def test_the_client_libraries_stop_at_info_while_the_servers_own_log_stays_as_verbose() -> None:
    # At DEBUG the platform clients log whole request bodies: chat ids and the bot's words
    # (hazard H-18). The server's own DEBUG log is the operator's choice and stays.
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", *CHATTY_CLIENT_LOGGERS)}
    try:
        root.setLevel(logging.DEBUG)
        for name in CHATTY_CLIENT_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)  # following the server's level
        logging.getLogger("aiogram").setLevel(logging.DEBUG)  # or set to DEBUG of its own
        TelegramInput(None, MemoryStore())  # the channel the server builds at start
        assert {
            name: logging.getLevelName(logging.getLogger(name).getEffectiveLevel())
            for name in CHATTY_CLIENT_LOGGERS
        } == {name: "INFO" for name in CHATTY_CLIENT_LOGGERS}
        assert root.level == logging.DEBUG
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
