"""The assessment: possible sites, one urgency, and always "see a doctor"."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import send, slot_list
from actions.config import knowledge
from symptom_checker.triage import assess
from symptom_checker.wording import assessment_messages


class ActionAssessSymptoms(Action):
    """`action_assess_symptoms`: runs when symptom_form is done, or at once on a red flag."""

    def name(self) -> str:
        return "action_assess_symptoms"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        assessment = assess(
            slot_list(tracker, "symptoms"), slot_list(tracker, "negated_symptoms"), knowledge()
        )
        send(
            dispatcher,
            assessment_messages(
                assessment,
                duration=tracker.get_slot("symptom_duration"),
                cancer_history=tracker.get_slot("breast_cancer_history"),
            ),
        )
        # Keep what we know; a symptom added later asks "anything else?" again and reassesses.
        return [SlotSet("anything_else", None), SlotSet("urgency", assessment.urgency)]
