"""The assessment: possible sites, one urgency, and always "see a doctor"."""

from __future__ import annotations

import logging
from dataclasses import replace

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import send, slot_list
from actions.config import assessment_records, knowledge
from actions.oncology import triage_facts
from symptom_checker.triage import Assessment, assess
from symptom_checker.wording import OutgoingMessage, assessment_messages, explanation_messages

# Every assessment offers a summary to take to the doctor (actions/summary.py).
SUMMARY_BUTTON = {"title": "Summary for my doctor", "payload": "/request_summary"}


def with_summary_button(messages: list[OutgoingMessage]) -> list[OutgoingMessage]:
    """The same messages, the last one (which says "see a doctor") offering the summary."""
    if not messages:
        return messages
    last = messages[-1]
    return [*messages[:-1], replace(last, buttons=(*last.buttons, SUMMARY_BUTTON))]


logger = logging.getLogger(__name__)


class ActionAssessSymptoms(Action):
    """`action_assess_symptoms`: runs when symptom_form is done, or at once on a red flag."""

    def name(self) -> str:
        return "action_assess_symptoms"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        assessment = current_assessment(tracker)
        durations = tracker.get_slot("symptom_durations") or {}
        messages = assessment_messages(
            assessment,
            duration=None if durations else tracker.get_slot("symptom_duration"),
            cancer_history=tracker.get_slot("breast_cancer_history"),
            durations=durations,
            on_treatment=tracker.get_slot("on_treatment"),
            again="assessment" in (tracker.get_slot("said") or []),
        )
        send(dispatcher, with_summary_button(messages))
        record(tracker, assessment)
        # Keep what we know; a symptom added later asks "anything else?" again (and "since
        # when?" only about the new one) and reassesses.
        said = list(tracker.get_slot("said") or [])
        return [
            SlotSet("anything_else", None),
            SlotSet("symptom_duration", None),
            SlotSet("urgency", assessment.urgency),
            SlotSet("said", said if "assessment" in said else [*said, "assessment"]),
        ]


def current_assessment(tracker: Tracker) -> Assessment:
    return assess(
        slot_list(tracker, "symptoms"),
        slot_list(tracker, "negated_symptoms"),
        knowledge(),
        **triage_facts(tracker),
    )


class ActionExplainAssessment(Action):
    """`action_explain_assessment`: the "Why?" / "Tell me more" button under an assessment.

    The explanations are offered, not pushed: the red flags' reasons and each place's
    reasons, from the knowledge base.
    """

    def name(self) -> str:
        return "action_explain_assessment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not slot_list(tracker, "symptoms"):
            dispatcher.utter_message(
                text="Tell me what you've noticed first, and I'll explain what it may mean."
            )
            return []
        send(dispatcher, explanation_messages(current_assessment(tracker)))
        return []


def record(tracker: Tracker, assessment: Assessment) -> None:
    """Keeps the assessment's ids (symptom_checker.records); a failure only costs the record."""
    try:
        assessment_records().add(tracker.sender_id, tracker.get_latest_input_channel(), assessment)
    except Exception:  # the person must get the assessment whatever the database does
        logger.exception("The assessment was sent but could not be recorded.")
