"""The Rasa server checks the action server's answers as strictly as Rasa does, only faster."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from runtime import action_results

VALID_ANSWER = {
    "events": [{"event": "slot", "name": "symptoms", "value": ["cough"]}],
    "responses": [{"text": "So far I've noted: a cough.", "buttons": []}],
}
INVALID_ANSWERS = [
    {"events": "not a list"},
    {"events": [{"name": "an event without its type"}]},
    {"events": [{"event": "slot", "name": "symptoms", "timestamp": "yesterday"}]},
]


@pytest.fixture
def remote_action(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    action_results.install()
    return RemoteAction("action_ask_anything_else", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_a_valid_answer_is_accepted(remote_action):
    assert remote_action._validate_action_result(VALID_ANSWER)


@pytest.mark.parametrize("answer", INVALID_ANSWERS)
def test_an_invalid_answer_is_refused_with_rasas_own_error(remote_action, answer):
    from jsonschema import validate

    with pytest.raises(ValidationError) as ours:
        remote_action._validate_action_result(answer)
    with pytest.raises(ValidationError) as plain:
        validate(answer, RemoteAction.action_response_format_spec())
    assert ours.value.message.startswith(plain.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_the_schema_is_checked_once(remote_action):
    for _ in range(3):
        remote_action._validate_action_result(VALID_ANSWER)
    assert action_results.action_result_validator.cache_info().misses <= 1
