"""What several actions share: reading a message's symptoms and sending domain messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from symptom_checker.vocabulary import (
    INTERRUPTING_INTENTS,
    NEGATED_ROLE,
    NON_CURRENT_ROLES,
    SYMPTOM_ENTITY,
    is_question_intent,
)
from symptom_checker.wording import OutgoingMessage


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def is_interruption(intent: str | None) -> bool:
    return intent is not None and (is_question_intent(intent) or intent in INTERRUPTING_INTENTS)


def latest_entities(tracker: Tracker, entity: str) -> list[dict[str, Any]]:
    return [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == entity]


def symptom_mentions(tracker: Tracker) -> list[tuple[str, bool]]:
    """(canonical id, is_negated) for every present or negated symptom in the latest message.

    Past, someone else's and hypothetical mentions are left out: they never count.
    """
    return [
        (str(e["value"]), e.get("role") == NEGATED_ROLE)
        for e in latest_entities(tracker, SYMPTOM_ENTITY)
        if e.get("value") and e.get("role") not in NON_CURRENT_ROLES
    ]


def non_current_mentions(tracker: Tracker) -> list[tuple[str, str]]:
    """(canonical id, role) for every past, someone else's or hypothetical mention."""
    return [
        (str(e["value"]), str(e["role"]))
        for e in latest_entities(tracker, SYMPTOM_ENTITY)
        if e.get("value") and e.get("role") in NON_CURRENT_ROLES
    ]


def names_a_present_symptom(tracker: Tracker) -> bool:
    return any(not negated for _, negated in symptom_mentions(tracker))


def first_entity_text(tracker: Tracker, entity: str) -> str | None:
    for e in latest_entities(tracker, entity):
        value = e.get("value")
        if value:
            return str(value)
    return None


def slot_list(tracker: Tracker, slot: str) -> list[str]:
    return list(tracker.get_slot(slot) or [])


def send(dispatcher: CollectingDispatcher, messages: Iterable[OutgoingMessage]) -> None:
    for message in messages:
        kwargs: dict[str, Any] = {}
        if message.text:
            kwargs["text"] = message.text
        if message.custom:
            kwargs["json_message"] = message.custom
        if message.buttons:
            kwargs["buttons"] = list(message.buttons)
        dispatcher.utter_message(**kwargs)
