"""What several actions share: reading a message's symptoms and sending domain messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from symptom_checker.wording import OutgoingMessage

SYMPTOM_ENTITY = "symptom"
NEGATED_ROLE = "negated"
# Roles of a mention that is not the person's own, current symptom (the contract's "whose,
# when and whether"): such a mention never counts toward sites or urgency.
PAST_ROLE = "past"
OTHER_PERSON_ROLE = "other_person"
HYPOTHETICAL_ROLE = "hypothetical"
NON_CURRENT_ROLES = frozenset({PAST_ROLE, OTHER_PERSON_ROLE, HYPOTHETICAL_ROLE})

# Intents after which a form question was not answered but interrupted: the rules answer
# them and the form asks its question again.
INTERRUPTING_INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "help",
        "out_of_scope",
        "restart",
        "distress",
        "delete_my_data",
        "privacy_question",
        # issue 13: fear or grief, and the "Why?" / "Tell me more" button
        "worry",
        "explain",
    }
)


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def is_interruption(intent: str | None) -> bool:
    return intent is not None and (intent.startswith("ask_") or intent in INTERRUPTING_INTENTS)


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
