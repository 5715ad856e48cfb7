"""Small parts of channels/common.py that every platform channel relies on."""

from __future__ import annotations

import logging

import pytest

from channels.common import TurnSlots, is_assessment_summary, log_delivery_failure
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
