"""Slots filled from every user message, whatever the dialogue is doing."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.common import (
    first_entity_text,
    latest_intent,
    names_a_present_symptom,
    slot_list,
    symptom_mentions,
)
from actions.roles import (
    NON_CURRENT_SLOT,
    acknowledgements,
    no_longer_present,
    remembered_non_current,
)
from symptom_checker.triage import merge_mentions

SHORTENED_ENTITY = "message_shortened"  # set by symptom_nlu.guard
MAX_DURATION_CHARS = 80
DURATION_INTENTS = ("report_symptom", "inform_duration")


class ValidateSlotMappings(ValidationAction):
    """`action_validate_slot_mappings`: Rasa runs it after every user message.

    Every message's symptom entities are folded into `symptoms` / `negated_symptoms`, so
    symptoms count wherever they are mentioned: in the first message, in answer to a
    follow-up question, or as a correction ("actually I don't have the cough").
    """

    def extract_symptoms(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        mentions = symptom_mentions(tracker)
        over = no_longer_present(tracker, slot_list(tracker, "symptoms"))  # issue 12
        if not mentions and not over:
            return {}
        present, negated = merge_mentions(
            slot_list(tracker, "symptoms"), slot_list(tracker, "negated_symptoms"), mentions
        )
        present = [symptom_id for symptom_id in present if symptom_id not in over]
        return {"symptoms": present, "negated_symptoms": negated}

    def extract_non_current_symptoms(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # issue 12: someone else's, past and hypothetical mentions, remembered, never counted
        remembered = remembered_non_current(tracker)
        return {} if remembered is None else {NON_CURRENT_SLOT: remembered}

    def extract_side(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        side = first_entity_text(tracker, "side")
        if side and side.lower() in ("left", "right"):
            return {"side": side.lower()}
        return {}

    def extract_symptom_duration(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent = latest_intent(tracker)
        if intent not in DURATION_INTENTS and not names_a_present_symptom(tracker):
            return {}  # "can cells stay asleep for years?" says nothing about the symptoms
        if intent and intent.startswith("ask_"):
            return {}
        if tracker.active_loop.get("name"):
            # During the questions, only the answer to "since when?" sets it (the form does):
            # "I nearly fell over yesterday" dates the new symptom, not the first ones.
            return {}
        duration = first_entity_text(tracker, "duration")
        if duration and not tracker.get_slot("symptom_duration"):
            return {"symptom_duration": duration[:MAX_DURATION_CHARS]}
        return {}

    def extract_breast_cancer_history(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if latest_intent(tracker) == "inform_cancer_history":
            return {"breast_cancer_history": "yes"}
        return {}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # A message too long to read in full is still answered; the person is told first.
        limit = first_entity_text(tracker, SHORTENED_ENTITY)
        if limit and limit.isdigit():
            dispatcher.utter_message(
                response="utter_message_shortened", max_chars=f"{int(limit):,}"
            )
        # Mentions that are not the person's own, current symptom are noted in a word.
        for response in acknowledgements(tracker):
            dispatcher.utter_message(response=response)
        return await super().run(dispatcher, tracker, domain)

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Extraction already produced valid values; return them without per-slot validators.
        slots = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return [
            SlotSet(name, value)
            for name, value in tracker.slots_to_validate().items()
            if name in slots
        ]
