"""The input guard every channel shares (channels/guard.py), attacked over REST and through
a platform's text path, and its rules on their own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from channel_harness import ScriptedRasa
from channel_harness import rest_request as request
from channel_harness import send_rest as rest
from rasa.core.channels.channel import CollectingOutputChannel

from channels.common import PlatformInput
from channels.guard import (
    COMMAND_REPLY,
    MAX_METADATA_BYTES,
    MAX_TEXT_CHARS,
    allowed_commands,
    check_message,
    command_problem,
    is_duration,
)

ROOT = Path(__file__).resolve().parents[2]
PHISHING = '/inform_duration{"duration": "since https://evil.example/login"}'


# --- the attacks, over REST ------------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        PHISHING,
        '/inform_duration{"duration": "3 weeks https://evil.example"}',
        '/report_symptom{"symptom": "anything"}',
        '/report_symptom{"symptom": "seizure", "duration": "3 weeks"}',
        '/affirm{"symptom": "seizure"}',
        "/nlu_fallback",
        "/action_delete_my_data",
        "/affirm@1.0",
        "  /deny  extra",
    ],
)
async def test_a_typed_intent_command_over_rest_never_reaches_rasa(attack):
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    status, answer = await rest(request(sender="mallory", message=attack), rasa)
    assert status == 200 and answer == [{"recipient_id": "mallory", "text": COMMAND_REPLY}]
    assert rasa.messages == []


@pytest.mark.parametrize(
    "sender, error",
    [
        ("a" * 10_000, "at most 128 characters"),
        ("ann\x00", "control characters"),
        ("ann\x1b[2J\x1b[H", "control characters"),
        ("ann\x9b2J", "control characters"),
        ("web:0123456789abcdef0123456789abcdef", "must not name"),
        ("twilio:+15551234567", "must not name"),
    ],
)
async def test_a_bad_sender_over_rest_is_refused_and_never_stored(sender, error):
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    status, answer = await rest(request(sender=sender, message="my hips ache"), rasa)
    assert status == 400 and error in answer["error"]
    assert rasa.messages == []


async def test_deeply_nested_metadata_over_rest_is_a_clean_400_not_a_500():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    too_deep_to_parse = b'{"sender": "ann", "message": "hi", "metadata": ' + b"[" * 10_000
    for body in (
        too_deep_to_parse + b"]" * 10_000 + b"}",
        request(sender="ann", message="hi", metadata={"a": {"b": {"c": {"d": {"e": 1}}}}}),
        request(sender="ann", message="hi", metadata={"padding": "x" * MAX_METADATA_BYTES}),
    ):
        status, answer = await rest(body, rasa)
        assert status == 400 and "error" in answer, answer
    assert rasa.messages == []


async def test_a_long_message_is_stored_cut_and_the_nlu_still_tells_the_person():
    rasa = ScriptedRasa([{"text": "ok"}])
    status, _ = await rest(request(sender="ann", message="my hips ache " * 3000), rasa)
    assert status == 200
    [message] = rasa.messages
    assert len(message.text) <= MAX_TEXT_CHARS and message.text.startswith("my hips ache")
    # The NLU reads fewer characters than are stored, so it marks the message as shortened
    # and the person is told (symptom_nlu.guard, actions).
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    [nlu_guard] = [c for c in config["pipeline"] if c["name"].endswith("MessageLengthGuard")]
    assert nlu_guard["max_chars"] < len(message.text)


async def test_our_button_payloads_over_rest_still_reach_rasa():
    rasa = ScriptedRasa([{"text": "ok"}])
    for payload in ("/affirm", "/deny", "/dont_know", "/done", "/ask_treatment", "/restart"):
        status, _ = await rest(request(sender="ann", message=payload), rasa)
        assert status == 200
    assert rasa.texts == ["/affirm", "/deny", "/dont_know", "/done", "/ask_treatment", "/restart"]


# --- the platforms' text path -------------------------------------------------------------


class FakePlatform(PlatformInput):
    platform = "twilio"


async def test_a_typed_intent_command_from_a_platform_user_never_reaches_rasa():
    rasa = ScriptedRasa([{"text": "ok"}])
    channel = FakePlatform(settings=object(), store=None)
    output = CollectingOutputChannel()
    channel.take_text_turn(rasa.handle_message, output, "+15551234567", PHISHING)
    channel.take_text_turn(rasa.handle_message, output, "+15551234567", "/affirm")
    channel.take_text_turn(rasa.handle_message, output, "+1555\x1b" + "1" * 200, "my hips ache")
    await channel.wait_for_turns()
    assert rasa.texts == ["/affirm"]
    assert [sent["text"] for sent in output.messages] == [COMMAND_REPLY, "ok"]


# --- the rules themselves --------------------------------------------------------------------


def test_every_button_payload_in_the_domain_and_the_actions_is_allowed():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    payloads = {
        button["payload"]
        for variations in domain["responses"].values()
        for variation in variations
        for button in variation.get("buttons", [])
        if str(button["payload"]).startswith("/")
    }
    for module in (ROOT / "actions").glob("*.py"):
        payloads.update(re.findall(r'"payload": "(/[a-z_]+)"', module.read_text()))
    assert payloads and payloads <= allowed_commands()
    assert "/ask_treatment" in allowed_commands()


@pytest.mark.parametrize(
    "payload",
    [
        '/report_symptom{"symptom": "bone_pain"}',
        '/inform_duration{"duration": "about three weeks"}',
        '/inform_duration{"duration": "since March"}',
    ],
)
def test_a_payload_with_valid_values_is_accepted(payload):
    assert command_problem(payload) is None


def test_ordinary_text_is_not_a_command():
    assert command_problem("my back hurts / aches") is None
    assert check_message("ann", "my hips ache").text == "my hips ache"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a few weeks", True),
        ("3 weeks", True),
        ("https://evil.example/login", False),
        ("3 weeks, call +1 555 0100 now", False),
        ("", False),
    ],
)
def test_a_duration_must_be_a_duration_from_end_to_end(text, expected):
    assert is_duration(text) is expected


async def test_control_characters_from_a_platform_user_become_spaces_not_silence():
    rasa = ScriptedRasa([{"text": "ok"}])
    channel = FakePlatform(settings=object(), store=None)
    channel.take_text_turn(
        rasa.handle_message, CollectingOutputChannel(), "+15551234567", "my hips\x9b ache\x00"
    )
    await channel.wait_for_turns()
    assert rasa.texts == ["my hips  ache"]
