"""PlatformInput.claim: what the operator's log says about a delivery that is not taken."""

from __future__ import annotations

import logging

import pytest

from channels.common import Delivery, TurnSlots
from channels.store import MemoryStore
from channels.telegram import TelegramInput


def channel(slots: int = 1) -> TelegramInput:
    telegram = TelegramInput(None, MemoryStore())
    telegram.turn_slots = TurnSlots(slots)
    return telegram


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "channels.common"]


async def test_a_repeated_delivery_is_logged_with_its_platform_and_id_and_holds_no_slot(
    caplog: pytest.LogCaptureFixture,
):
    telegram = channel()
    assert await telegram.claim("update-81") is Delivery.NEW
    telegram.turn_slots.release()  # the turn of the first delivery ended
    with caplog.at_level(logging.INFO, logger="channels.common"):
        assert await telegram.claim("update-81") is Delivery.REPEAT
    assert logged(caplog) == ["Ignored a repeated telegram delivery (update-81)."]
    assert telegram.turn_slots.in_use == 0


async def test_the_first_delivery_of_an_id_is_not_logged_as_a_repeat(
    caplog: pytest.LogCaptureFixture,
):
    with caplog.at_level(logging.INFO, logger="channels.common"):
        assert await channel().claim("update-82") is Delivery.NEW
    assert logged(caplog) == []


async def test_a_delivery_put_off_for_want_of_a_slot_is_logged_with_the_limit_platform_and_id(
    caplog: pytest.LogCaptureFixture,
):
    telegram = channel(slots=1)
    assert await telegram.claim("update-90") is Delivery.NEW
    with caplog.at_level(logging.WARNING, logger="channels.common"):
        assert await telegram.claim("update-91") is Delivery.BUSY
    assert logged(caplog) == [
        "All 1 turn slots are busy; asked telegram to deliver update-91 again later."
    ]
    # Put off, not claimed: once the slot is free, the platform's retry is taken as new.
    telegram.turn_slots.release()
    assert await telegram.claim("update-91") is Delivery.NEW


class ClosingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    async def close(self) -> None:
        self.closed = True


async def test_closing_a_channel_closes_its_store_and_one_without_a_store_closes_quietly():
    store = ClosingStore()
    await TelegramInput(None, store).close()
    assert store.closed
    await TelegramInput(None).close()  # off: no store to close


def test_a_channel_that_is_off_opens_no_store_even_when_redis_is_configured(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    assert TelegramInput(None).store is None
