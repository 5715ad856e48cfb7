"""Builders for trackers and readers for dispatched messages, used by the action tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from scripts.evaluate_context import urgency_of_message
from symptom_nlu.entities import message_entities


def symptom(value: str, negated: bool = False) -> dict[str, Any]:
    entity: dict[str, Any] = {"entity": "symptom", "value": value}
    if negated:
        entity["role"] = "negated"
    return entity


def make_tracker(
    text: str = "",
    intent: str | None = "report_symptom",
    entities: Iterable[dict[str, Any]] = (),
    slots: dict[str, Any] | None = None,
    requested_slot: str | None = None,
    active_loop: str | None = None,
    ranking: Iterable[tuple[str, float]] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`; `ranking` is its (intent, confidence) list."""
    all_slots: dict[str, Any] = {
        "symptoms": None,
        "negated_symptoms": None,
        "side": None,
        "anything_else": None,
        "symptom_duration": None,
        "symptom_durations": None,
        "breast_cancer_history": None,
        "said": None,
        "urgency": None,
        "requested_slot": requested_slot,
    }
    all_slots.update(slots or {})
    latest_message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": list(entities),
    }
    if ranking is not None:
        latest_message["intent_ranking"] = [
            {"name": name, "confidence": confidence} for name, confidence in ranking
        ]
    return Tracker(
        sender_id="test-person",
        slots=all_slots,
        latest_message=latest_message,
        events=[{"event": "user", "text": text, "parse_data": latest_message}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def customs(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


# Readers of what the NLU layer finds in one message, shared by the NLU test families (the
# `extractor` fixture is in conftest.py).


def present(extractor: Any, text: str) -> set[str]:
    """The ids said to be present now (no role)."""
    return {m.symptom_id for m in extractor.extract(text).symptoms if m.present}


def mentions(extractor: Any, text: str) -> set[tuple[str, str | None]]:
    """Every (id, role) found; the role of a present symptom is None."""
    return {(m.symptom_id, m.role) for m in extractor.extract(text).symptoms}


def roles_by_id(extractor: Any, text: str) -> dict[str, set[str | None]]:
    """Each id found, with every role it was found with."""
    found: dict[str, set[str | None]] = {}
    for mention in extractor.extract(text).symptoms:
        found.setdefault(mention.symptom_id, set()).add(mention.role)
    return found


def read_roles(text: str) -> dict[str, set[str | None]]:
    """Each id the shared extractor finds in text, with every role it was found with
    (None: present)."""
    from symptom_nlu.extract import get_extractor

    return roles_by_id(get_extractor(), text)


def roles(extractor: Any, text: str, symptom_id: str) -> set[str | None]:
    """The roles one id was found with; the id must be found."""
    found = roles_by_id(extractor, text).get(symptom_id)
    assert found, f"{symptom_id} not found in {text!r}"
    return found


def role(extractor: Any, text: str, symptom_id: str) -> str | None:
    """The one role an id was found with; the id must be found, with a single role."""
    found = roles(extractor, text, symptom_id)
    assert len(found) == 1, f"{symptom_id} has several roles in {text!r}: {found}"
    return next(iter(found))


def parse(component: Any, text: str, intent: str = "report_symptom") -> Any:
    """`text` through our Rasa NLU component (the `component` fixture) as if the intent model
    had read it as `intent`, a disease question its runner-up: the processed Message."""
    from rasa.shared.nlu.training_data.message import Message

    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": [
                {"name": intent, "confidence": 0.9},
                {"name": "ask_treatment", "confidence": 0.06},
            ],
            "entities": [],
        }
    )
    component.process([message])
    return message


# The urgency of one message's entities as the assistant reads them: the evaluators' function.
urgency_of = urgency_of_message


def entities(extractor: Any, text: str, net: Any = "shipped") -> list[dict[str, Any]]:
    """The entities of one personal report, built as the assistant builds them (the carer
    rule and the emergency net included), without the intent model; ``net=None``: as the
    word rules read it, without the net."""
    return message_entities(text, extractor.extract(text), "test", net=net)


def assistant_roles(text: str, kind: str = "symptom") -> dict[str, set[str | None]]:
    """Each value of entity ``kind`` the assistant's entities carry for ``text`` (built as
    the assistant builds them, by the word rules: no emergency net), with every role it comes
    with (None: present). Unlike `read_roles`, this includes the carer rule and the other
    steps between the extractor and the entities."""
    from symptom_nlu.extract import get_extractor

    found: dict[str, set[str | None]] = {}
    for e in entities(get_extractor(), text, net=None):
        if e["entity"] == kind:
            found.setdefault(e["value"], set()).add(e.get("role"))
    return found


def urgency(extractor: Any, knowledge: Any, text: str, net: Any = "shipped") -> str:
    """The urgency of an assessment of one personal report (``net=None``: by the rules)."""
    return urgency_of(text, entities(extractor, text, net), knowledge)
