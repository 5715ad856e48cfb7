"""Builders for trackers and readers for dispatched messages, used by the action tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


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
