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
from actions.memory import SideStatement, durations_by_symptom, history_answer, side_statement
from actions.oncology import PersonFactsSlots, is_emergency_now
from actions.roles import (
    NON_CURRENT_SLOT,
    acknowledgements,
    no_longer_present,
    remembered_non_current,
)
from symptom_checker.triage import merge_mentions
from symptom_checker.vocabulary import SHORTENED_ENTITY, is_question_intent
from symptom_nlu.features import takes_back


def _red_flag_in_message(tracker: Tracker) -> bool:
    present = [symptom_id for symptom_id, negated in symptom_mentions(tracker) if not negated]
    return bool(present) and is_emergency_now(tracker, also_present=present)


class ValidateSlotMappings(PersonFactsSlots, ValidationAction):
    """`action_validate_slot_mappings`: Rasa runs it after every user message.

    Every message's symptom entities are folded into `symptoms` / `negated_symptoms`, so
    symptoms count wherever they are mentioned: in the first message, in answer to a
    follow-up question, or as a correction ("actually I don't have the cough"; a denial
    without a word that takes something back leaves a symptom told before present).
    """

    def extract_symptoms(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        mentions = symptom_mentions(tracker)
        over = no_longer_present(tracker, slot_list(tracker, "symptoms"))  # issue 12
        if not mentions and not over:
            return {}
        present, negated = merge_mentions(
            slot_list(tracker, "symptoms"),
            slot_list(tracker, "negated_symptoms"),
            mentions,
            takes_back=takes_back(tracker.latest_message.get("text") or ""),
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
        statement = side_statement(tracker.latest_message.get("text") or "")
        side = first_entity_text(tracker, "side")
        if statement is None and side and side.lower() in ("left", "right"):
            statement = SideStatement(side.lower(), None, False)
        if statement is None:
            return {}
        changed = statement.side != tracker.get_slot("side") or statement.is_correction
        # A side said with a symptom shows in "So far I've noted"; a side alone, or a
        # correction, gets one short line. An emergency turn starts with what to do.
        alone = not names_a_present_symptom(tracker) or statement.is_correction
        if changed and alone and not _red_flag_in_message(tracker):
            dispatcher.utter_message(text=statement.acknowledgement)
        return {"side": statement.side}

    def extract_symptom_durations(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Each symptom keeps its own "since when"; the first timing given for it stays."""
        intent = latest_intent(tracker)
        if is_question_intent(intent):
            return {}  # "can cells stay asleep for years?" says nothing about the symptoms
        paired = durations_by_symptom(tracker)
        known = dict(tracker.get_slot("symptom_durations") or {})
        new = {symptom_id: text for symptom_id, text in paired.items() if symptom_id not in known}
        if not new:
            return {}
        return {"symptom_durations": {**known, **new}}

    def extract_breast_cancer_history(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # Also when said with a symptom ("I had chemo and now ..."): the message is then a
        # report, and the history comes from its cancer_history entity or its words.
        answer = history_answer(tracker)
        if answer is None or (answer == "no" and tracker.get_slot("breast_cancer_history")):
            return {}
        return {"breast_cancer_history": answer}

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
