"""PlatformInput.take_text_turn: what a platform user's text becomes, and who gets the reply."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rasa.core.channels.channel import OutputChannel, UserMessage

from channels.common import (
    EMPTY_MESSAGE_REPLY,
    NOT_TEXT_REPLY,
    SORRY_REPLY,
    clean_text,
)
from channels.guard import COMMAND_REPLY
from channels.telegram import TelegramInput

USER = "4711"
SENDER = "telegram:4711"


class Recorder(OutputChannel):
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    @classmethod
    def name(cls) -> str:
        return "recorder"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.sent.append((recipient_id, text))


async def take(text: str | None, user: str = USER, **kwargs: Any):
    channel = TelegramInput(None)
    output, handed = Recorder(), []

    async def on_new_message(message: UserMessage) -> None:
        handed.append(message)

    channel.take_text_turn(on_new_message, output, user, text, **kwargs)
    await channel.wait_for_turns()
    return output.sent, handed


async def test_a_text_goes_to_rasa_with_its_sender_channel_and_message_id():
    sent, (message,) = await take("my hips ache", message_id="m-17")
    assert sent == []
    assert (message.text, message.sender_id) == ("my hips ache", SENDER)
    assert (message.input_channel, message.message_id) == ("telegram", "m-17")


@pytest.mark.parametrize(
    "text, kwargs, reply",
    [
        ("   ", {}, EMPTY_MESSAGE_REPLY),  # empty unless the platform says otherwise
        (None, {"not_text": True}, NOT_TEXT_REPLY),  # a photo, a voice note
        ("/no_such_intent", {}, COMMAND_REPLY),  # a typed command not allowed
    ],
)
async def test_a_message_rasa_does_not_see_is_answered_to_its_own_sender(text, kwargs, reply):
    sent, handed = await take(text, **kwargs)
    assert handed == []
    assert sent == [(SENDER, reply)]


async def test_a_refused_message_is_logged_with_the_platform_and_reason_and_not_answered(
    caplog: pytest.LogCaptureFixture,
):
    with caplog.at_level(logging.WARNING, logger="channels.common"):
        sent, handed = await take("hello", user="9" * 200)
    assert (sent, handed) == ([], [])
    (record,) = [r for r in caplog.records if r.name == "channels.common"]
    assert record.getMessage() == (
        "Refused a telegram message: 'sender' must be at most 128 characters."
    )


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("first line\r\nsecond line", "first line\nsecond line"),  # Windows line ends
        ("first line\rsecond line", "first line\nsecond line"),  # old Mac line ends
        ("a\x00b\x1bc", "a b c"),
    ],
)
def test_line_ends_become_one_line_break_and_control_characters_a_space(text, cleaned):
    assert clean_text(text) == cleaned


class Broken(Recorder):
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        raise ConnectionError("the platform is down")


@pytest.mark.parametrize("output", [Recorder, Broken])
async def test_a_turn_that_fails_is_logged_and_its_sender_told_sorry_if_the_platform_allows(
    caplog: pytest.LogCaptureFixture, output: type[Recorder]
):
    channel, recorder = TelegramInput(None), output()

    async def failing(message: UserMessage) -> None:
        raise RuntimeError("Rasa is down")

    with caplog.at_level(logging.ERROR, logger="channels.common"):
        channel.take_turn(failing, UserMessage("my hips ache", recorder, SENDER))
        await channel.wait_for_turns()
    logged = [r.getMessage() for r in caplog.records if r.name == "channels.common"]
    if output is Recorder:
        assert recorder.sent == [(SENDER, SORRY_REPLY)]
        assert logged == ["A telegram message could not be handled."]
    else:
        assert logged == [
            "A telegram message could not be handled.",
            "Could not tell the telegram user about it.",
        ]
