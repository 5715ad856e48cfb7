"""Small parts of channels/common.py that every platform channel relies on."""

from __future__ import annotations

import logging

import pytest
from rasa.core.channels.channel import UserMessage

from channels.common import (
    Delivery,
    PlatformInput,
    TurnSlots,
    _reserved_slots,
    is_assessment_summary,
    log_delivery_failure,
)
from channels.store import MemoryStore
from channels.telegram import TelegramInput
from symptom_checker.vocabulary import ASSESSMENT_TYPE, DOCTOR_SUMMARY_TYPE


@pytest.mark.parametrize(
    "message, machine",
    [
        ({"type": ASSESSMENT_TYPE, "urgency": "soon"}, True),
        ({"type": DOCTOR_SUMMARY_TYPE, "token": "t"}, True),
        ({"text": "a custom message of someone else's"}, False),
        ({"type": "image"}, False),
        ("assessment", False),
        (None, False),
    ],
)
def test_only_our_machine_messages_are_taken_for_an_assessment_summary(message, machine):
    assert is_assessment_summary(message) is machine


def test_a_failed_send_is_logged_with_the_platform_what_and_the_kind_of_error_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="channels.common"):
        log_delivery_failure("Telegram", "a custom message", TimeoutError("to +44 7700 900123"))
    (record,) = [r for r in caplog.records if r.name == "channels.common"]
    assert record.getMessage() == "Telegram did not take a custom message (TimeoutError)."


@pytest.mark.parametrize("limit", [0, -1])
def test_fewer_than_one_turn_at_a_time_is_refused_with_a_reason(limit: int) -> None:
    with pytest.raises(ValueError, match="the number of turns must be at least 1"):
        TurnSlots(limit)


async def test_a_repeated_delivery_is_logged_with_its_platform_and_id_and_a_first_one_is_not(
    caplog: pytest.LogCaptureFixture,
) -> None:
    channel = TelegramInput(None, store=MemoryStore())
    with caplog.at_level(logging.INFO, logger="channels.common"):
        assert await channel.first_delivery("update-17") is True
        assert [r for r in caplog.records if r.name == "channels.common"] == []
        assert await channel.first_delivery("update-17") is False
    (record,) = [r for r in caplog.records if r.name == "channels.common"]
    assert record.getMessage() == "Ignored a repeated telegram delivery (update-17)."


class ExampleInput(PlatformInput):
    platform = "example"


async def test_a_delivery_beyond_the_free_turn_slots_is_logged_with_its_platform_and_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    channel = ExampleInput(None, store=MemoryStore(), turn_slots=TurnSlots(1))
    assert await channel.claim("update-1") is Delivery.NEW
    with caplog.at_level(logging.WARNING, logger="channels.common"):
        assert await channel.claim("update-2") is Delivery.BUSY
    (record,) = [r for r in caplog.records if r.name == "channels.common"]
    assert record.getMessage() == (
        "All 1 turn slots are busy; asked example to deliver update-2 again later."
    )


async def test_a_slot_claimed_in_a_webhook_request_is_left_for_the_response_to_give_back() -> None:
    slots = TurnSlots(1)
    channel = ExampleInput(None, store=MemoryStore(), turn_slots=slots)
    reserved: list[TurnSlots] = []
    _reserved_slots.set(reserved)  # what the webhook's request middleware does
    assert await channel.claim("update-1") is Delivery.NEW
    assert reserved == [slots]


async def test_a_slot_claimed_outside_a_request_is_given_back_when_its_turn_ends() -> None:
    slots = TurnSlots(1)
    channel = ExampleInput(None, store=MemoryStore(), turn_slots=slots)
    _reserved_slots.set(None)  # a caller that is not a webhook request

    async def on_new_message(message: UserMessage) -> None:
        return None

    assert await channel.claim("update-1") is Delivery.NEW
    assert await channel.claim("update-2") is Delivery.BUSY
    await channel.take_turn(on_new_message, UserMessage("hello", None, "example:1"))
    assert slots.in_use == 0
    assert await channel.claim("update-3") is Delivery.NEW


class ClosingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    async def close(self) -> None:
        self.closed = True


async def test_closing_a_channel_closes_its_delivery_store() -> None:
    store = ClosingStore()
    await TelegramInput(None, store=store).close()
    assert store.closed
