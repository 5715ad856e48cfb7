"""Checking the action server's answers without re-checking the schema every time.

Rasa 3.6 checks each answer of the action server with `jsonschema.validate(answer, spec)`,
which first validates `spec` itself against the JSON Schema 2020-12 meta-schema. With
jsonschema 4.17 that costs about 60 ms of the Rasa server's CPU per custom action, several
times per turn here: more than half of what a turn costs. `install()` makes Rasa check each
answer against the same schema, with a validator built once; an invalid answer is refused
exactly as before, with Rasa's own message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def action_result_validator() -> Validator:
    """A validator for Rasa's action-server answer format; its schema is checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result`, with the validator built once."""
    error = best_match(action_result_validator().iter_errors(result))
    if error is not None:  # the same error, and message, as jsonschema.validate's
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Makes Rasa's remote actions check answers with the prebuilt validator (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
