"""Acute oncology in the dialogue (issue 18): what the triage needs to know about the person.

- `triage_facts(tracker)`: the keyword arguments `assess` / `has_red_flag` take beyond the
  symptoms: how each symptom presents, cancer treatment, breast-cancer history. Every
  caller passes the same ones, so the form's red-flag check and the assessment agree.
- `is_emergency_now(tracker)`: the actions' one red-flag check (stop asking, escalate).
- `PersonFactsSlots`: fills `symptom_features` and `on_treatment` from every message
  (mixed into action_validate_slot_mappings).
- `TreatmentQuestion`: the form's question "are you having cancer treatment?", asked only
  when the answer would change the urgency (mixed into validate_symptom_form).
- `PresentationQuestions` and `ActionAskPresentation`: "are you breathless even at rest?"
  and the like (data/knowledge/presentation_questions.yml), each asked once, only when a
  "yes" would raise the urgency; the answer sets the feature and the assessment follows.
- `safety_net_text(tracker)`: short safety advice for a message about a bodily problem the
  assistant could not map to a symptom.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    PLAIN_YES,
    is_interruption,
    latest_entities,
    latest_intent,
    slot_list,
    symptom_mentions,
)
from actions.config import knowledge
from symptom_checker.presentation import PendingQuestion, next_question
from symptom_checker.services import load_services
from symptom_checker.triage import (
    ANY_SYMPTOM,
    assess,
    has_red_flag,
    undecided_by_treatment,
    urgency_rank,
)
from symptom_checker.wording import TREATMENT_LINE_IF, TREATMENT_LINE_NOW
from symptom_nlu.emergency_model import emergency_model
from symptom_nlu.features import (
    CANCER_HISTORY,
    FEATURE,
    TREATMENT,
    message_features,
    names_a_body_problem,
    treatment_answer,
    treatment_in_a_question,
)

ON_TREATMENT = "on_treatment"
SYMPTOM_FEATURES = "symptom_features"
TREATMENT_ANSWERS = {"affirm": "yes", "deny": "no", "dont_know": "unsure"}
TREATMENT_HINT = "Is it yes, no, or not sure?"
# Its key in the `said` slot (actions.form): kept there, not searched for in past bot texts.
SAID_TREATMENT_HINT = "treatment_hint"
MAX_DURATION_CHARS = 80


# --- What the triage needs -------------------------------------------------------------------


def triage_facts(tracker: Tracker) -> dict[str, Any]:
    """`features`, `on_treatment` and `cancer_history` for assess() and has_red_flag()."""
    return {
        "features": tracker.get_slot(SYMPTOM_FEATURES) or {},
        "on_treatment": tracker.get_slot(ON_TREATMENT),
        "cancer_history": "yes" if cancer_history_told(tracker) else None,
    }


def facts_before_the_questions(tracker: Tracker) -> dict[str, Any]:
    """triage_facts() for deciding whether a question is worth asking: while the
    breast-cancer question is still to come, its "yes" is assumed, since that answer may be
    what makes the question count."""
    facts = triage_facts(tracker)
    if tracker.get_slot("breast_cancer_history") is None:
        facts["cancer_history"] = "yes"
    return facts


def is_emergency_now(tracker: Tracker, also_present: Iterable[str] = ()) -> bool:
    """Whether what the person has told (and `also_present`, not yet in the slots) is an
    emergency, with the same facts about the person as the assessment."""
    present = slot_list(tracker, "symptoms") + list(also_present)
    negated = slot_list(tracker, "negated_symptoms")
    return bool(present) and has_red_flag(present, negated, knowledge(), **triage_facts(tracker))


def cancer_history_told(tracker: Tracker) -> bool:
    """Whether the person said they have (had) breast cancer, in answer or in passing."""
    if tracker.get_slot("breast_cancer_history") == "yes":
        return True
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        for entity in (event.get("parse_data") or {}).get("entities") or []:
            if entity.get("entity") == CANCER_HISTORY and not entity.get("role"):
                return True
    return any(not e.get("role") for e in latest_entities(tracker, CANCER_HISTORY))


def treatment_decides(tracker: Tracker) -> bool:
    """Whether the urgency depends on an unknown answer to "are you on treatment?"."""
    if tracker.get_slot(ON_TREATMENT) is not None:
        return False
    present = slot_list(tracker, "symptoms")
    if not present:
        return False
    # The breast-cancer question, still to come, decides what history changes; the treatment
    # question is only for what treatment changes beyond that.
    facts = facts_before_the_questions(tracker)
    return undecided_by_treatment(
        present,
        slot_list(tracker, "negated_symptoms"),
        knowledge(),
        features=facts["features"],
        cancer_history=facts["cancer_history"],
    )


# --- Slots filled from every message (action_validate_slot_mappings) -----------------------


class PersonFactsSlots:
    """`extract_symptom_features` and `extract_on_treatment` for ValidateSlotMappings."""

    def extract_symptom_features(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        entities = tracker.latest_message.get("entities") or []
        if not any(e.get("entity") == FEATURE for e in entities):
            return {}
        text = tracker.latest_message.get("text") or ""
        attached = message_features(text, entities)
        unattached = attached.pop(ANY_SYMPTOM, [])
        if unattached:
            # "It wakes me at night" about what they said before: it is unclear which
            # symptom, so it goes with every one so far.
            present = _present_symptoms(tracker)
            for target in present or [ANY_SYMPTOM]:
                attached.setdefault(target, [])
                attached[target] += [f for f in unattached if f not in attached[target]]
        features = {k: list(v) for k, v in (tracker.get_slot(SYMPTOM_FEATURES) or {}).items()}
        for symptom_id, values in attached.items():
            known = features.setdefault(symptom_id, [])
            known += [value for value in values if value not in known]
        return {SYMPTOM_FEATURES: features}

    def extract_on_treatment(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        treatments = latest_entities(tracker, TREATMENT)
        answer = treatment_answer(treatments)
        if not treatments and answer is None:
            # A question keeps no entities of the person; "is it normal to feel tired on
            # Enhertu?" still says they are on it.
            answer = treatment_in_a_question(tracker.latest_message.get("text") or "")
        if answer == "yes" or (answer == "no" and tracker.get_slot(ON_TREATMENT) is None):
            return {ON_TREATMENT: answer}
        return {}


def _present_symptoms(tracker: Tracker) -> list[str]:
    present = slot_list(tracker, "symptoms")
    present += [s for s, negated in symptom_mentions(tracker) if not negated]
    return list(dict.fromkeys(present))


# --- The form's question (validate_symptom_form) ---------------------------------------------


def with_treatment_question(slots: Iterable[str], tracker: Tracker) -> list[str]:
    """The form's slots, with "on treatment?" right after "anything else?" when it decides
    the urgency (or was answered), and without it otherwise."""
    required = [slot for slot in slots if slot != ON_TREATMENT]
    # An answer already given stays among the slots, so that it is validated and kept.
    if tracker.get_slot(ON_TREATMENT) is not None or treatment_decides(tracker):
        at = required.index("anything_else") + 1 if "anything_else" in required else 0
        required.insert(at, ON_TREATMENT)
    return required


def answered_now(tracker: Tracker) -> list[str]:
    """The form's slots to keep when a red flag ends the questions: the treatment answer
    given in this very turn ("yes" with a fever), so the assessment knows it too."""
    return [ON_TREATMENT] if ON_TREATMENT in tracker.slots_to_validate() else []


class TreatmentQuestion:
    """`extract_on_treatment` / `validate_on_treatment` for ValidateSymptomForm."""

    def extract_on_treatment(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != ON_TREATMENT:
            return {}
        treatments = latest_entities(tracker, TREATMENT)
        answer = treatment_answer(treatments)
        if answer:
            return {ON_TREATMENT: answer}
        intent = latest_intent(tracker)
        if intent in TREATMENT_ANSWERS:
            return {ON_TREATMENT: TREATMENT_ANSWERS[intent]}
        if any(not e.get("role") for e in treatments):
            # "I'm on tamoxifen": a treatment, but none of those the question names.
            return {ON_TREATMENT: "no"}
        if symptom_mentions(tracker):
            return {ON_TREATMENT: None}  # a new symptom, not an answer: ask again
        duration = next(
            (str(e["value"]) for e in latest_entities(tracker, "duration") if e.get("value")),
            None,
        )
        if duration and not tracker.get_slot("symptom_duration"):
            # An answer to the next question: kept, and this one asked again.
            return {ON_TREATMENT: None, "symptom_duration": duration[:MAX_DURATION_CHARS]}
        text = " ".join((tracker.latest_message.get("text") or "").split())
        if is_interruption(intent) or text.endswith("?"):
            return {}
        said = slot_list(tracker, "said")
        if SAID_TREATMENT_HINT in said:
            return {ON_TREATMENT: "unsure"}  # asked twice: don't keep asking
        dispatcher.utter_message(text=f"Sorry, I didn't catch that. {TREATMENT_HINT}")
        return {ON_TREATMENT: None, "said": [*said, SAID_TREATMENT_HINT]}

    def validate_on_treatment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {ON_TREATMENT: value}


# --- How a symptom presents: the form's questions about it (validate_symptom_form) -----------

PRESENTATION = "presentation"
# Keys in the `said` slot: a question asked ("presentation_asked:<question>:<symptom>") and
# answered ("presentation_answered:..."), so that each is asked once.
ASKED_PREFIX = "presentation_asked:"
ANSWERED_PREFIX = "presentation_answered:"
PRESENTATION_NO = ("deny", "done", "dont_know")
# At most this many presentation questions in one conversation: enough for two symptoms.
MAX_PRESENTATION_QUESTIONS = 3


def _said(tracker: Tracker) -> list[str]:
    return slot_list(tracker, "said")


def _keys(tracker: Tracker, prefix: str) -> list[str]:
    return [key[len(prefix) :] for key in _said(tracker) if key.startswith(prefix)]


def pending_presentation(tracker: Tracker) -> PendingQuestion | None:
    """The presentation question to ask now, or None."""
    answered = _keys(tracker, ANSWERED_PREFIX)
    if len(answered) >= MAX_PRESENTATION_QUESTIONS:
        return None
    present = slot_list(tracker, "symptoms")
    if not present:
        return None
    # While the history question is still to come, a "yes" to it may be what makes the
    # answer count (back pain at night after breast cancer), so it is asked.
    return next_question(
        present,
        slot_list(tracker, "negated_symptoms"),
        knowledge(),
        asked=answered,
        **facts_before_the_questions(tracker),
    )


def with_presentation_question(slots: Iterable[str], tracker: Tracker) -> list[str]:
    """The form's slots, with the presentation question right after "anything else?" while
    one is pending, and without it otherwise."""
    required = [slot for slot in slots if slot != PRESENTATION]
    if _unanswered_question(tracker) or pending_presentation(tracker):
        at = required.index("anything_else") + 1 if "anything_else" in required else 0
        required.insert(at, PRESENTATION)
    return required


def _unanswered_question(tracker: Tracker) -> str | None:
    """The key of the question asked last, when it has not been answered yet."""
    asked = _keys(tracker, ASKED_PREFIX)
    if not asked or asked[-1] in _keys(tracker, ANSWERED_PREFIX):
        return None
    return asked[-1]


class PresentationQuestions:
    """`extract_presentation` / `validate_presentation` for ValidateSymptomForm.

    A plain "yes" sets the question's features on its symptom; "no" or "not sure" sets
    none; words that say how it presents ("only on the stairs") were already read into
    `symptom_features` by action_validate_slot_mappings. Either way the question is
    answered and not asked again; a question back ("why?") is answered first, then it is
    asked again.
    """

    def extract_presentation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != PRESENTATION:
            return {}
        key = _unanswered_question(tracker)
        if key is None:
            return {}
        question_id, _, symptom_id = key.partition(":")
        question = knowledge().presentation_question(question_id)
        intent = latest_intent(tracker)
        told = any(
            e.get("entity") == FEATURE and not e.get("role")
            for e in tracker.latest_message.get("entities") or []
        )
        text = " ".join((tracker.latest_message.get("text") or "").split())
        answers = told or intent in ("affirm", *PRESENTATION_NO)
        if not answers and (is_interruption(intent) or text.endswith("?")):
            return {}  # answered by a rule, then asked again
        updates: dict[str, Any] = {
            PRESENTATION: None,  # the next question, if any, is asked in the same slot
            "said": [*_said(tracker), ANSWERED_PREFIX + key],
        }
        duration = next(
            (str(e["value"]) for e in latest_entities(tracker, "duration") if e.get("value")),
            None,
        )
        if duration and not tracker.get_slot("symptom_duration"):
            # An answer to the next question ("about two months"): kept, this one let go.
            updates["symptom_duration"] = duration[:MAX_DURATION_CHARS]
        said_yes = intent == "affirm" or PLAIN_YES.match(text) is not None
        if said_yes and not told and question is not None:
            features = {k: list(v) for k, v in (tracker.get_slot(SYMPTOM_FEATURES) or {}).items()}
            known = features.setdefault(symptom_id, [])
            known += [value for value in sorted(question.on_yes) if value not in known]
            updates[SYMPTOM_FEATURES] = features
        return updates

    def validate_presentation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {PRESENTATION: value}


def presentation_answer_events(tracker: Tracker, before: dict[str, Any]) -> list[EventType]:
    """The slots an answer changed besides the form's own (the form keeps only its slots)."""
    return [
        SlotSet(name, tracker.slots.get(name))
        for name in ("said", SYMPTOM_FEATURES)
        if tracker.slots.get(name) != before.get(name)
    ]


class ActionAskPresentation(Action):
    """`action_ask_presentation`: the pending question about how a symptom presents."""

    def name(self) -> str:
        return "action_ask_presentation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        key = _unanswered_question(tracker)
        if key is not None:
            question = knowledge().presentation_question(key.partition(":")[0])
        else:
            pending = pending_presentation(tracker)
            question = pending.question if pending else None
            key = pending.key if pending else None
        if question is None or key is None:
            return []
        buttons = [{"title": b.title, "payload": b.payload} for b in question.buttons]
        dispatcher.utter_message(text=question.question, buttons=buttons)
        said = _said(tracker)
        if ASKED_PREFIX + key in said:
            return []
        return [SlotSet("said", [*said, ASKED_PREFIX + key])]


# --- Said late: a fact that raises the urgency after the assessment ---------------------------


def raises_the_urgency(tracker: Tracker) -> bool:
    """Whether what is known now makes the urgency higher than the last assessment said
    ("I'm on chemo, by the way" after a temperature was called urgent)."""
    present = slot_list(tracker, "symptoms")
    if not present or tracker.active_loop.get("name"):
        return False  # during the questions, the form itself escalates
    now = assess(
        present, slot_list(tracker, "negated_symptoms"), knowledge(), **triage_facts(tracker)
    ).urgency
    before = tracker.get_slot("urgency")
    if before is None:
        return now == "emergency"
    return urgency_rank(now) > urgency_rank(before)


async def reassess(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    from actions.assessment import ActionAssessSymptoms  # it imports this module

    return await ActionAssessSymptoms().run(dispatcher, tracker, domain)


class ActionNoteHistory(Action):
    """`action_note_history`: history or treatment said outside the questions.

    When it raises the urgency of the symptoms already told, the assessment is given again
    at once; otherwise it is noted and the conversation goes on (action_note_and_continue).
    """

    def name(self) -> str:
        return "action_note_history"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if raises_the_urgency(tracker):
            return await reassess(dispatcher, tracker, domain)
        # Otherwise as any other note outside the questions (issue 13): a symptom said with it
        # starts its questions, a red flag escalates, else "What have you noticed?".
        from actions.form import ActionNoteAndContinue  # actions.form imports this module

        return await ActionNoteAndContinue().run(dispatcher, tracker, domain)


# --- The safety net ----------------------------------------------------------------------------


def safety_net_text(tracker: Tracker) -> str | None:
    """Safety advice for a message about the body that names no symptom we know; else None."""
    if any(not negated for _, negated in symptom_mentions(tracker)):
        return None
    latest = tracker.latest_message
    entities = latest.get("entities") or []
    if not names_a_body_problem(latest.get("text") or "", entities):
        return None
    # "I had docetaxel eight days ago and my thermometer says 38.4": this very message may be
    # the one that says they are on treatment.
    on_treatment = tracker.get_slot(ON_TREATMENT) or treatment_answer(entities)
    # The learned emergency net (symptom_nlu.emergency_model) reads the whole message: "the
    # cut won't stop pouring, I've soaked three tea towels" names no symptom we know, but
    # reads like an emergency, so the advice starts with the emergency number.
    sounds_serious = emergency_model().reads_as_emergency(latest.get("text") or "")
    return safety_advice(on_treatment, sounds_serious)


def safety_advice(on_treatment: str | None, sounds_serious: bool = False) -> str:
    services = load_services()
    if sounds_serious:
        parts = [
            f"What you describe sounds like it could be an emergency: {services.call_emergency} "
            "now, or ask someone to call for you.",
            "I couldn't match it to a symptom I know, so I can't say more about it.",
        ]
    else:
        parts = [
            "I couldn't match that to a symptom I know, but please don't ignore it.",
            "If it is serious or getting worse fast (bleeding that won't stop, trouble "
            "breathing, severe pain, fainting, or sudden confusion or weakness), "
            f"{services.call_emergency} now.",
        ]
    if on_treatment == "yes":
        parts.append(TREATMENT_LINE_NOW.format(treatment_line=services.treatment_line))
    elif on_treatment != "no":
        parts.append(TREATMENT_LINE_IF.format(treatment_line=services.treatment_line))
    parts.append(
        "Otherwise, please see a doctor about it. You can also describe it another way, "
        "for example where it is and what it feels like."
    )
    return " ".join(parts)
