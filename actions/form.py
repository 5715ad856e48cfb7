"""The follow-up questions: anything else? since when? breast cancer before?"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    first_entity_text,
    is_interruption,
    latest_intent,
    names_a_present_symptom,
    slot_list,
    symptom_mentions,
)
from actions.config import knowledge
from actions.oncology import (
    TreatmentQuestion,
    answered_now,
    triage_facts,
    with_treatment_question,
)
from symptom_checker.triage import has_red_flag
from symptom_checker.wording import join_labels

MAX_ANSWER_CHARS = 80
FINISHED_INTENTS = ("deny", "done", "dont_know")
HISTORY_ANSWERS = {
    "affirm": "yes",
    "inform_cancer_history": "yes",
    "deny": "no",
    "dont_know": "unsure",
}
HISTORY_HINT = "Is it yes, no, or not sure?"
ANYTHING_ELSE_BUTTONS = (
    {"title": "That's everything", "payload": "/done"},
    {"title": "Something else", "payload": "/affirm"},
)


def _red_flag(tracker: Tracker) -> bool:
    present = slot_list(tracker, "symptoms")
    negated = slot_list(tracker, "negated_symptoms")
    return bool(present) and has_red_flag(present, negated, knowledge(), **triage_facts(tracker))


def _latest_text(tracker: Tracker) -> str:
    return " ".join((tracker.latest_message.get("text") or "").split())


def _is_question(tracker: Tracker) -> bool:
    return _latest_text(tracker).endswith("?")


def _last_bot_text(tracker: Tracker) -> str:
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("text") or "").strip()
    return ""


def _requested(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


def _disclaimer_shown(tracker: Tracker) -> bool:
    """Whether this conversation has already said that this is not a doctor."""
    return any(
        event.get("event") == "bot" and "not a doctor" in (event.get("text") or "")
        for event in tracker.events
    )


class ValidateSymptomForm(TreatmentQuestion, FormValidationAction):
    """`validate_symptom_form`: reads the answers to the form's questions.

    A red flag ends the questions at once (no slot is required any more), so the
    assessment escalates without waiting. A new symptom given in answer to any question is
    recorded (by action_validate_slot_mappings) and the same question is asked again.
    """

    def name(self) -> str:
        return "validate_symptom_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if _red_flag(tracker):
            return answered_now(tracker)  # the answer that made it a red flag is kept
        return with_treatment_question(domain_slots, tracker)

    def extract_anything_else(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _requested(tracker, "anything_else"):
            return {}
        intent = latest_intent(tracker)
        if symptom_mentions(tracker) and (
            intent not in FINISHED_INTENTS or names_a_present_symptom(tracker)
        ):
            return {"anything_else": None}  # noted; ask again whether there is more
        if intent in FINISHED_INTENTS:
            return {"anything_else": True}
        if intent == "affirm":
            return {"anything_else": None}  # action_ask_anything_else asks "what else?"
        # Answers to the next questions mean the person has moved on.
        duration = first_entity_text(tracker, "duration")
        if intent == "inform_duration" or duration:
            text = duration or _latest_text(tracker)
            return {"anything_else": True, "symptom_duration": text[:MAX_ANSWER_CHARS]}
        if intent == "inform_cancer_history":
            return {"anything_else": True, "breast_cancer_history": "yes"}
        if is_interruption(intent) or _is_question(tracker):
            return {}  # a rule answers it (or says it did not understand), then we ask again
        # Never loop on "anything else?": what we cannot read as a symptom ends the question.
        dispatcher.utter_message(
            text=(
                "I couldn't pick out another symptom in that, so let's go on. If I missed "
                "something, tell me again in other words at any time."
            )
        )
        return {"anything_else": True}

    def extract_symptom_duration(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _requested(tracker, "symptom_duration"):
            return {}
        duration = first_entity_text(tracker, "duration")
        if duration:
            return {"symptom_duration": duration[:MAX_ANSWER_CHARS]}
        intent = latest_intent(tracker)
        if symptom_mentions(tracker):
            return {"symptom_duration": None}  # a new symptom, not an answer: ask again
        if intent == "dont_know":
            return {"symptom_duration": "not sure"}
        if is_interruption(intent) or _is_question(tracker):
            return {}
        text = _latest_text(tracker)
        if not text or text.startswith("/"):
            return {}
        return {"symptom_duration": text[:MAX_ANSWER_CHARS]}

    def extract_breast_cancer_history(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _requested(tracker, "breast_cancer_history"):
            return {}
        intent = latest_intent(tracker)
        if symptom_mentions(tracker) and intent not in HISTORY_ANSWERS:
            return {"breast_cancer_history": None}
        if intent in HISTORY_ANSWERS:
            return {"breast_cancer_history": HISTORY_ANSWERS[intent]}
        if is_interruption(intent) or _is_question(tracker):
            return {}
        if _last_bot_text(tracker).endswith(HISTORY_HINT):
            return {"breast_cancer_history": "unsure"}  # asked twice: don't keep asking
        dispatcher.utter_message(text=f"Sorry, I didn't catch that. {HISTORY_HINT}")
        return {"breast_cancer_history": None}

    def validate_anything_else(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"anything_else": value}

    def validate_symptom_duration(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"symptom_duration": value}

    def validate_breast_cancer_history(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"breast_cancer_history": value}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        if _red_flag(tracker):
            # Rasa only accepts a form turn that sets a slot other than requested_slot; the
            # urgency is that slot here, and the assessment that follows confirms it.
            events.append(SlotSet("urgency", "emergency"))
        # A symptom given in answer to "since when?" or "breast cancer before?" is confirmed;
        # the "anything else?" question repeats the list itself.
        requested = tracker.get_slot("requested_slot")
        if requested not in (None, "anything_else") and names_a_present_symptom(tracker):
            new_ids = [
                symptom_id for symptom_id, negated in symptom_mentions(tracker) if not negated
            ]
            labels = [symptom.label for symptom in knowledge().symptoms(new_ids)]
            if labels:
                dispatcher.utter_message(text=f"Thank you, I've added {join_labels(labels)}.")
        return events


class ActionAskAnythingElse(Action):
    """`action_ask_anything_else`: the form's first question, with what was understood."""

    def name(self) -> str:
        return "action_ask_anything_else"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if latest_intent(tracker) == "affirm" and not symptom_mentions(tracker):
            dispatcher.utter_message(text="Go ahead: what else have you noticed?")
            return []
        if not _disclaimer_shown(tracker):
            dispatcher.utter_message(response="utter_disclaimer")
        repository = knowledge()
        present = [s.label for s in repository.symptoms(slot_list(tracker, "symptoms"))]
        negated = [s.label for s in repository.symptoms(slot_list(tracker, "negated_symptoms"))]
        parts = []
        if present:
            parts.append(f"So far I've noted: {join_labels(present)}.")
        else:
            parts.append("I haven't picked up a symptom that you have yet.")
        if negated:
            parts.append(f"You don't have: {join_labels(negated)}.")
        parts.append("Have you noticed anything else? Describe it, or tell me that's everything.")
        dispatcher.utter_message(text=" ".join(parts), buttons=list(ANYTHING_ELSE_BUTTONS))
        return []
