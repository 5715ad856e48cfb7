"""The follow-up questions: anything else? since when? breast cancer before?"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment import ActionAssessSymptoms
from actions.common import (
    first_entity_text,
    is_interruption,
    latest_intent,
    names_a_present_symptom,
    plain_answer,
    slot_list,
    symptom_mentions,
)
from actions.config import knowledge
from actions.memory import history_answer, side_statement
from actions.oncology import (
    PresentationQuestions,
    TreatmentQuestion,
    answered_now,
    is_emergency_now,
    presentation_answer_events,
    with_presentation_question,
    with_treatment_question,
)
from symptom_checker.services import load_services
from symptom_checker.wording import capitalised, join_labels

MAX_ANSWER_CHARS = 80
FINISHED_INTENTS = ("deny", "done", "dont_know")
# Answers to "since when?" that say no time at all ("no", "yes", "that's all").
NOT_A_TIME = ("deny", "affirm", "done")
# Fear or grief said along with a symptom: one warm line before the questions.
FEELINGS = re.compile(
    r"\b(?:terrified|scared|frightened|petrified|afraid|worried|anxious|panick\w*|"
    r"died|passed\s+away|crying)\b",
    re.IGNORECASE,
)
EMPATHY = "I'm sorry, that sounds frightening. Let's look at it together."
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
DURATION_BUTTONS = (
    {"title": "A few days", "payload": "a few days"},
    {"title": "A few weeks", "payload": "a few weeks"},
    {"title": "Months or longer", "payload": "a few months"},
    {"title": "Not sure", "payload": "/dont_know"},
)
HISTORY_BUTTONS = (
    {"title": "Yes", "payload": "/affirm"},
    {"title": "No", "payload": "/deny"},
    {"title": "Not sure", "payload": "/dont_know"},
)
BACK_TO_IT = "Back to my question: "
BACK_TO_IT_AGAIN = "Let's carry on: "
SAID_BACK_TO_IT = "back_to_it"
# Keys in the `said` slot: what this conversation has already been told or asked, so that
# nothing is said twice (kept in a slot, not searched for in past bot texts).
SAID_DISCLAIMER = "disclaimer"
SAID_ANYTHING_ELSE = "anything_else"
SAID_DURATION = "symptom_duration"
SAID_HISTORY = "breast_cancer_history"
SAID_HISTORY_HINT = "history_hint"


def _red_flag(tracker: Tracker) -> bool:
    return is_emergency_now(tracker)


def _latest_text(tracker: Tracker) -> str:
    return " ".join((tracker.latest_message.get("text") or "").split())


def _is_question(tracker: Tracker) -> bool:
    return _latest_text(tracker).endswith("?")


def _requested(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


def said(tracker: Tracker) -> list[str]:
    return slot_list(tracker, "said")


def remember_said(tracker: Tracker, *keys: str) -> list[EventType]:
    known = said(tracker)
    new = [key for key in keys if key not in known]
    return [SlotSet("said", known + new)] if new else []


def _disclaimer_shown(tracker: Tracker) -> bool:
    """Whether this conversation has already said that this is not a doctor.

    The greeting says so too; it is a plain response (it must work without the action
    server), so its action event counts.
    """
    return SAID_DISCLAIMER in said(tracker) or any(
        event.get("event") == "action" and event.get("name") == "utter_greet"
        for event in tracker.events
    )


def symptoms_without_duration(tracker: Tracker) -> list[str]:
    durations = tracker.get_slot("symptom_durations") or {}
    return [
        symptom_id for symptom_id in slot_list(tracker, "symptoms") if symptom_id not in durations
    ]


def _side_alone(tracker: Tracker) -> bool:
    """A side or a correction of it ("I meant the left armpit"), with no new symptom."""
    return side_statement(_latest_text(tracker)) is not None and not names_a_present_symptom(
        tracker
    )


def _back_to_it(tracker: Tracker) -> tuple[str, list[EventType]]:
    """The short line back to the question; worded differently the second time."""
    if SAID_BACK_TO_IT in said(tracker):
        return BACK_TO_IT_AGAIN, []
    return BACK_TO_IT, remember_said(tracker, SAID_BACK_TO_IT)


def _interrupted(tracker: Tracker) -> bool:
    """The latest message did not answer the question (a question, thanks, worry...)."""
    return is_interruption(latest_intent(tracker)) or _is_question(tracker)


class ValidateSymptomForm(PresentationQuestions, TreatmentQuestion, FormValidationAction):
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
        slots = with_treatment_question(domain_slots, tracker)
        slots = with_presentation_question(slots, tracker)
        if not slot_list(tracker, "symptoms"):
            # Nothing of their own noted (a relative's symptom, only denials): "since when?"
            # and the history question have nothing to date or to weigh.
            slots = [s for s in slots if s not in ("symptom_duration", "breast_cancer_history")]
        elif not symptoms_without_duration(tracker):
            # Every symptom already has its own "since when": don't ask it.
            slots = [slot for slot in slots if slot != "symptom_duration"]
        return slots

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
        if _side_alone(tracker):
            return {"anything_else": None}  # acknowledged; ask again, in a short line
        if intent in FINISHED_INTENTS:
            return {"anything_else": True}
        if intent == "affirm":
            return {"anything_else": None}  # action_ask_anything_else asks "what else?"
        # Answers to the next questions mean the person has moved on.
        duration = first_entity_text(tracker, "duration")
        if intent == "inform_duration" or duration:
            text = duration or _latest_text(tracker)
            return {"anything_else": True, "symptom_duration": text[:MAX_ANSWER_CHARS]}
        history = history_answer(tracker)  # "yes" for inform_cancer_history too
        if history:
            return {"anything_else": True, "breast_cancer_history": history}
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
        if symptom_mentions(tracker) or _side_alone(tracker):
            return {"symptom_duration": None}  # a new symptom, not an answer: ask again
        if intent == "dont_know" or intent in NOT_A_TIME:
            return {"symptom_duration": "not sure"}  # "no" is not a time: don't write it down
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
        if (symptom_mentions(tracker) or _side_alone(tracker)) and intent not in HISTORY_ANSWERS:
            return {"breast_cancer_history": None}
        if intent in HISTORY_ANSWERS:
            return {"breast_cancer_history": HISTORY_ANSWERS[intent]}
        if is_interruption(intent) or _is_question(tracker):
            return {}
        said_in_words = plain_answer(_latest_text(tracker))
        if said_in_words:
            return {"breast_cancer_history": said_in_words}  # "yes, 5 years ago"
        if SAID_HISTORY_HINT in said(tracker):
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
        before = dict(tracker.slots)
        events = await super().run(dispatcher, tracker, domain)
        # An answer about how a symptom presents also sets slots outside the form's own.
        events = presentation_answer_events(tracker, before) + events
        if any(message.get("text", "").endswith(HISTORY_HINT) for message in dispatcher.messages):
            events += remember_said(tracker, SAID_HISTORY_HINT)
        events += _durations_from_answer(tracker, events)
        if _red_flag(tracker):
            # Rasa only accepts a form turn that sets a slot other than requested_slot; the
            # urgency is that slot here, and the assessment that follows confirms it.
            events.append(SlotSet("urgency", "emergency"))
        # A symptom given in answer to "since when?" or "breast cancer before?" is confirmed;
        # the "anything else?" question repeats the list itself.
        requested = tracker.get_slot("requested_slot")
        if (
            requested not in (None, "anything_else")
            and names_a_present_symptom(tracker)
            and not _red_flag(tracker)  # an emergency turn starts with what to do
        ):
            new_ids = [
                symptom_id for symptom_id, negated in symptom_mentions(tracker) if not negated
            ]
            labels = [symptom.label for symptom in knowledge().symptoms(new_ids)]
            if labels:
                dispatcher.utter_message(text=f"Thank you, I've added {join_labels(labels)}.")
        return events


def _durations_from_answer(tracker: Tracker, events: list[EventType]) -> list[EventType]:
    """The answer to "since when?" dates every symptom that had no timing of its own."""
    answer = None
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "symptom_duration":
            answer = event.get("value")
    if not answer:
        return []
    durations = dict(tracker.get_slot("symptom_durations") or {})
    for symptom_id in symptoms_without_duration(tracker):
        durations[symptom_id] = answer
    return [SlotSet("symptom_durations", durations)]


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
        repository = knowledge()
        present = [s.label for s in repository.symptoms(slot_list(tracker, "symptoms"))]
        negated = [s.label for s in repository.symptoms(slot_list(tracker, "negated_symptoms"))]
        if SAID_ANYTHING_ELSE in said(tracker):
            # Asked before: a short line. The list again only when this message changed it.
            if symptom_mentions(tracker):
                parts = [f"Noted. So far: {join_labels(present)}." if present else "Noted."]
                if negated:
                    parts.append(f"You don't have: {join_labels(negated)}.")
                parts.append("Anything else, or is that everything?")
                text = " ".join(parts)
                events: list[EventType] = []
            else:
                prefix, events = _back_to_it(tracker)
                text = prefix + "have you noticed anything else?"
            dispatcher.utter_message(text=text, buttons=list(ANYTHING_ELSE_BUTTONS))
            return events
        if FEELINGS.search(_latest_text(tracker)):
            dispatcher.utter_message(text=EMPATHY)  # warmth first, then the facts
        if not _disclaimer_shown(tracker):
            services = load_services()
            dispatcher.utter_message(
                text=(
                    "First, I'm a symptom checker, not a doctor, and I can't diagnose. If a "
                    f"life is in danger, call {services.emergency} now."
                )
            )
        parts = []
        if present:
            parts.append(f"So far I've noted: {join_labels(present)}.")
        else:
            parts.append("I haven't picked up a symptom that you have yet.")
        if negated:
            parts.append(f"You don't have: {join_labels(negated)}.")
        parts.append("Have you noticed anything else? Describe it, or tell me that's everything.")
        dispatcher.utter_message(text=" ".join(parts), buttons=list(ANYTHING_ELSE_BUTTONS))
        # the disclaimer is remembered whether it was said now or before (the greeting)
        return remember_said(tracker, SAID_DISCLAIMER, SAID_ANYTHING_ELSE)


class ActionAskSymptomDuration(Action):
    """`action_ask_symptom_duration`: "since when?", only about symptoms without a timing."""

    def name(self) -> str:
        return "action_ask_symptom_duration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lacking = symptoms_without_duration(tracker)
        labels = [symptom.label for symptom in knowledge().symptoms(lacking)]
        about = join_labels(labels) if labels else "this"
        events: list[EventType] = []
        if SAID_DURATION in said(tracker) and _interrupted(tracker):
            prefix, events = _back_to_it(tracker)
            text = f"{prefix}when did you first notice {about}?"
        else:
            text = f'When did you first notice {about}? A rough idea is fine, like "three weeks".'
        dispatcher.utter_message(text=text, buttons=list(DURATION_BUTTONS))
        return events + remember_said(tracker, SAID_DURATION)


class ActionAskBreastCancerHistory(Action):
    """`action_ask_breast_cancer_history`: asked only when nobody has told us yet."""

    def name(self) -> str:
        return "action_ask_breast_cancer_history"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = "have you ever been diagnosed with breast cancer?"
        events: list[EventType] = []
        if SAID_HISTORY in said(tracker) and _interrupted(tracker):
            prefix, events = _back_to_it(tracker)
            text = prefix + question
        else:
            text = capitalised(question)
        dispatcher.utter_message(text=text, buttons=list(HISTORY_BUTTONS))
        return events + remember_said(tracker, SAID_HISTORY)


class ActionNoteAndContinue(Action):
    """`action_note_and_continue`: history or a timing given outside the questions.

    "I had breast cancer 3 years ago and now my ribs hurt" may be read as history; the
    history is recorded (action_validate_slot_mappings) and, as it also names a symptom,
    the questions about that symptom start. Without a symptom: "What have you noticed?"
    """

    def name(self) -> str:
        return "action_note_and_continue"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if _red_flag(tracker):
            # Escalate at once, in this action: no rule follows a follow-up assessment.
            return await ActionAssessSymptoms().run(dispatcher, tracker, domain)
        if names_a_present_symptom(tracker):
            return [FollowupAction("symptom_form")]
        if latest_intent(tracker) == "inform_side" and slot_list(tracker, "symptoms"):
            return [FollowupAction("action_listen")]  # "Got it: the left armpit." was said
        dispatcher.utter_message(
            text=(
                "Thank you, I've noted that. What symptoms have you noticed? Describe them "
                "in your own words."
            )
        )
        return []
