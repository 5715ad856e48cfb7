"""The guard's length limits at their edges, and its safe default for sender ids. Found by
`make mutate` (docs/mutation.md): a sender id of exactly the limit refused, a duration value
one character over the limit accepted, and a sender id taken as made by the server unless a
caller said otherwise, all passed every other test; so did reading the topic commands from
the domain wrongly, because the list is cached and the tests that check it ran on a cache
filled by an earlier test."""

from __future__ import annotations

import pytest
import yaml
from channel_harness import ScriptedRasa
from channel_harness import rest_request as request
from channel_harness import send_rest as rest

from channels import guard
from channels.guard import (
    MAX_DURATION_CHARS,
    MAX_SENDER_CHARS,
    allowed_commands,
    check_message,
    command_problem,
    is_duration,
    sender_problem,
)


def test_a_sender_id_of_exactly_the_limit_is_accepted_one_character_more_is_refused():
    at_limit = "s" * MAX_SENDER_CHARS
    assert sender_problem(at_limit) is None
    assert check_message(at_limit, "my hips ache").accepted
    assert sender_problem(at_limit + "s") is not None
    assert check_message(at_limit + "s", "my hips ache").error


async def test_a_sender_id_of_exactly_the_limit_reaches_rasa_over_rest():
    rasa = ScriptedRasa([{"text": "ok"}])
    at_limit = "s" * MAX_SENDER_CHARS
    status, _ = await rest(request(sender=at_limit, message="my hips ache"), rasa)
    assert status == 200
    assert [message.sender_id for message in rasa.messages] == [at_limit]


@pytest.mark.parametrize("reserved", ["web:abc123", "telegram:42", "twilio:+15551234567"])
def test_a_sender_id_counts_as_chosen_by_the_user_unless_the_caller_says_otherwise(reserved):
    """A caller that forgets to say where the id came from gets the strict check: nobody
    writes into a platform's or the web chat's conversation by naming it."""
    assert sender_problem(reserved) is not None
    assert check_message(reserved, "my hips ache").error
    assert sender_problem(reserved, chosen_by_user=False) is None
    assert check_message(reserved, "my hips ache", sender_chosen_by_user=False).accepted


def test_a_duration_value_at_the_length_limit_is_read_one_character_more_is_refused():
    """The limit counts the value as sent, spaces included."""
    at_limit = "3 weeks".rjust(MAX_DURATION_CHARS)
    assert len(at_limit) == MAX_DURATION_CHARS
    assert is_duration(at_limit)
    assert not is_duration(" " + at_limit)
    command = '/inform_duration{"duration": "%s"}'
    assert command_problem(command % at_limit) is None
    assert command_problem(command % (" " + at_limit)) is not None


def test_a_long_blank_duration_value_is_refused():
    assert not is_duration(" " * (MAX_DURATION_CHARS + 20))
    assert not is_duration("\n\t " * 5)


@pytest.fixture
def fresh_commands():
    """allowed_commands() read afresh from the domain, and forgotten again afterwards."""
    allowed_commands.cache_clear()
    yield
    allowed_commands.cache_clear()


def test_each_topic_question_of_the_domain_is_an_allowed_command(fresh_commands):
    domain = yaml.safe_load(guard.DOMAIN_FILE.read_text(encoding="utf-8"))
    topics = [
        next(iter(intent)) if isinstance(intent, dict) else intent for intent in domain["intents"]
    ]
    topics = [name for name in topics if name.startswith("ask_")]
    assert topics
    assert {f"/{topic}" for topic in topics} <= allowed_commands()


def test_topic_intents_written_plain_or_with_settings_become_commands_others_do_not(
    fresh_commands, monkeypatch
):
    domain = {
        "intents": [
            "deny",
            "ask_treatment",
            {"ask_bone_health": {"use_entities": []}},
            {"nlu_fallback": {"use_entities": []}},
        ]
    }
    monkeypatch.setattr(guard, "_domain", lambda: domain)
    allowed = allowed_commands()
    assert {"/ask_treatment", "/ask_bone_health"} <= allowed
    assert "/deny" not in allowed and "/nlu_fallback" not in allowed
