"""Rasa NLU graph component that bounds the work one message can cause.

DIET's cost grows with the square of a message's length: a 100 kB paste took a minute and
answered nothing. Placed first in the pipeline, this component shortens any message to
``max_chars`` characters (at a word boundary) before it is tokenised, so that every message
gets an answer in bounded time. Symptom descriptions are far shorter than the default limit.

The person is told: a shortened message carries the entity ``message_shortened`` (value:
the limit, e.g. "2000", spanning the part that was read), and action_validate_slot_mappings,
which runs after every message, sends a note about it before the answer.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from symptom_checker.vocabulary import SHORTENED_ENTITY


def shorten(text: str, max_chars: int) -> str:
    """The text cut to at most ``max_chars`` characters, at the last space if there is one."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > max_chars // 2 else cut


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class MessageLengthGuard(GraphComponent):
    """Shortens over-long messages before any other component sees them."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": 2000}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageLengthGuard:
        return cls({**cls.get_default_config(), **config})

    def __init__(self, config: dict[str, Any]) -> None:
        max_chars = config.get("max_chars")
        if not isinstance(max_chars, int) or max_chars < 100:
            raise InvalidConfigException(
                "MessageLengthGuard: 'max_chars' must be a whole number >= 100, "
                f"got {max_chars!r}."
            )
        self._max_chars = max_chars

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > self._max_chars:
                shortened = shorten(text, self._max_chars)
                message.set(TEXT, shortened)
                marker = {
                    ENTITY_ATTRIBUTE_TYPE: SHORTENED_ENTITY,
                    ENTITY_ATTRIBUTE_START: 0,
                    ENTITY_ATTRIBUTE_END: len(shortened),
                    ENTITY_ATTRIBUTE_VALUE: str(self._max_chars),
                    EXTRACTOR: type(self).__name__,
                }
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), marker], add_to_output=True)
        return messages
