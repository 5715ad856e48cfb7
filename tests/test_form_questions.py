"""The form's three questions as they are asked: anything else? since when? breast cancer before?

What each question carries (the symptoms understood, the buttons), when it is asked in full
and when in one short line back after an interruption, and what it remembers in `said` so
that nothing is said twice. The words themselves are not pinned (they are rewritten for
readability); their shape is: sentences start with a capital, none shouts, none runs into
the next.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk.executor import CollectingDispatcher
from support import make_tracker, texts

from actions.config import knowledge
from actions.form import (
    ANYTHING_ELSE_BUTTONS,
    DURATION_BUTTONS,
    HISTORY_BUTTONS,
    ActionAskAnythingElse,
    ActionAskBreastCancerHistory,
    ActionAskSymptomDuration,
    ValidateSymptomForm,
)

SENTENCE_START = re.compile(r"(?:^|(?<=[.!?] ))(\S+)")
SHOUTING = re.compile(r"\b[A-Z]{4,}\b")


def run(action, tracker, domain) -> tuple[CollectingDispatcher, list]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher, events


def said_after(events) -> list[str] | None:
    values = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == "said"]
    return values[-1] if values else None


def label(symptom_id: str) -> str:
    (symptom,) = knowledge().symptoms([symptom_id])
    return symptom.label


def assert_well_formed(text: str) -> None:
    for word in SENTENCE_START.findall(text):
        assert re.match(r"[A-Z0-9](?:[a-z0-9'’:,.?!]|$)", word), (word, text)
    assert not SHOUTING.search(text), text
    assert not re.search(r"[.!?][^\s.!?\"”]", text), text  # no sentence runs into the next


def payloads(dispatcher: CollectingDispatcher) -> list[str]:
    (buttons,) = [m["buttons"] for m in dispatcher.messages if m.get("buttons")]
    return [button["payload"] for button in buttons]


# Interruptions: a question by its intent, thanks, a question by its question mark only.
INTERRUPTIONS = [
    ("what is a micromet?", "ask_micrometastases"),
    ("thanks", "thank"),
    ("is that bad?", "report_symptom"),
]

QUESTIONS = [
    (ActionAskAnythingElse, "anything_else", ANYTHING_ELSE_BUTTONS),
    (ActionAskSymptomDuration, "symptom_duration", DURATION_BUTTONS),
    (ActionAskBreastCancerHistory, "breast_cancer_history", HISTORY_BUTTONS),
]


# --- every question -----------------------------------------------------------------------------


@pytest.mark.parametrize("action, key, buttons", QUESTIONS)
def test_each_question_is_asked_once_in_full_with_its_buttons_and_remembered(
    domain, action, key, buttons
):
    tracker = make_tracker(slots={"symptoms": ["cough"], "said": ["disclaimer"]})
    dispatcher, events = run(action(), tracker, domain)
    question = texts(dispatcher)[-1]
    assert_well_formed(question)
    assert not question.startswith(("Back to my question", "Let's carry on"))
    assert payloads(dispatcher) == [button["payload"] for button in buttons]
    assert said_after(events) == ["disclaimer", key]  # earlier keys kept, this one added


@pytest.mark.parametrize("action, key, buttons", QUESTIONS)
@pytest.mark.parametrize("text, intent", INTERRUPTIONS)
def test_after_an_interruption_a_question_comes_back_in_a_short_line_then_another(
    domain, action, key, buttons, text, intent
):
    said = ["disclaimer", "anything_else", key]
    tracker = make_tracker(text, intent=intent, slots={"symptoms": ["cough"], "said": said})
    dispatcher, events = run(action(), tracker, domain)
    first = texts(dispatcher)[-1]
    assert first.startswith("Back to my question: ")
    assert_well_formed(first)
    assert payloads(dispatcher) == [button["payload"] for button in buttons]
    assert said_after(events) == [*said, "back_to_it"]
    # the next interruption: the same question behind other words
    tracker = make_tracker(
        text, intent=intent, slots={"symptoms": ["cough"], "said": said_after(events)}
    )
    dispatcher, events = run(action(), tracker, domain)
    second = texts(dispatcher)[-1]
    assert second.startswith("Let's carry on: ")
    assert second.removeprefix("Let's carry on: ") == first.removeprefix("Back to my question: ")
    assert events == []  # nothing new to remember


@pytest.mark.parametrize("action, key, buttons", QUESTIONS[1:])
@pytest.mark.parametrize("text, intent", INTERRUPTIONS)
def test_a_question_asked_for_the_first_time_after_an_interruption_is_asked_in_full(
    domain, action, key, buttons, text, intent
):
    tracker = make_tracker(
        text, intent=intent, slots={"symptoms": ["cough"], "said": ["disclaimer", "anything_else"]}
    )
    dispatcher, events = run(action(), tracker, domain)
    question = texts(dispatcher)[-1]
    assert not question.startswith(("Back to my question", "Let's carry on"))
    assert_well_formed(question)
    assert said_after(events) == ["disclaimer", "anything_else", key]


@pytest.mark.parametrize("action, key, buttons", QUESTIONS[1:])
def test_a_question_asked_again_after_a_new_symptom_is_asked_in_full_and_adds_nothing(
    domain, action, key, buttons
):
    # "my back hurts too" in answer to the question: noted, and the question asked again
    said = ["disclaimer", "anything_else", key]
    tracker = make_tracker(
        "my back hurts too",
        entities=[{"entity": "symptom", "value": "back_pain"}],
        slots={"symptoms": ["cough", "back_pain"], "said": said},
    )
    dispatcher, events = run(action(), tracker, domain)
    full = texts(dispatcher)[-1]
    first, _ = run(action(), make_tracker(slots={"symptoms": ["cough", "back_pain"]}), domain)
    assert full == texts(first)[-1]
    assert events == []


# --- since when? and breast cancer before? ---------------------------------------------------


def test_since_when_names_the_symptoms_or_this_when_there_is_none(domain):
    dispatcher, _ = run(ActionAskSymptomDuration(), make_tracker(slots={"symptoms": []}), domain)
    (question,) = texts(dispatcher)
    assert re.search(r"\bnotice this\b", question)
    assert_well_formed(question)


def test_the_history_question_is_the_same_question_in_full_or_after_the_line_back(domain):
    dispatcher, _ = run(ActionAskBreastCancerHistory(), make_tracker(), domain)
    (full,) = texts(dispatcher)
    tracker = make_tracker("thanks", intent="thank", slots={"said": ["breast_cancer_history"]})
    dispatcher, _ = run(ActionAskBreastCancerHistory(), tracker, domain)
    (short,) = texts(dispatcher)
    assert short.removeprefix("Back to my question: ") == full[:1].lower() + full[1:]
    assert "breast cancer" in full


# --- anything else? -----------------------------------------------------------------------------


def test_anything_else_lists_the_symptoms_had_and_not_had_the_first_time(domain):
    tracker = make_tracker(
        slots={"symptoms": ["cough", "back_pain"], "negated_symptoms": ["fever"]}
    )
    dispatcher, events = run(ActionAskAnythingElse(), tracker, domain)
    disclaimer, question = texts(dispatcher)
    assert "not a doctor" in disclaimer
    assert label("cough") in question and label("back_pain") in question
    assert label("fever") in question.split("don't have")[1]
    assert_well_formed(question)
    assert said_after(events) == ["disclaimer", "anything_else"]


def test_anything_else_with_nothing_present_says_so_and_still_lists_what_is_not(domain):
    tracker = make_tracker(slots={"negated_symptoms": ["fever"], "said": ["disclaimer"]})
    dispatcher, _ = run(ActionAskAnythingElse(), tracker, domain)
    (question,) = texts(dispatcher)
    assert "haven't picked up" in question and label("fever") in question
    assert_well_formed(question)


@pytest.mark.parametrize(
    "slots, mentions, present, absent",
    [
        ({"symptoms": ["cough", "back_pain"]}, [("back_pain", None)], True, False),
        ({"symptoms": [], "negated_symptoms": ["fever"]}, [("fever", "negated")], False, True),
        (
            {"symptoms": ["cough"], "negated_symptoms": ["fever"]},
            [("fever", "negated")],
            True,
            True,
        ),
    ],
)
def test_anything_else_asked_again_after_a_change_says_noted_and_lists_what_changed(
    domain, slots, mentions, present, absent
):
    entities = [
        {"entity": "symptom", "value": value, **({"role": role} if role else {})}
        for value, role in mentions
    ]
    tracker = make_tracker(
        "and my back hurts",
        entities=entities,
        slots={**slots, "said": ["disclaimer", "anything_else"]},
    )
    dispatcher, events = run(ActionAskAnythingElse(), tracker, domain)
    (text,) = texts(dispatcher)
    assert text.startswith("Noted.")
    assert ("So far" in text) is present
    for symptom_id in slots["symptoms"]:
        assert label(symptom_id) in text
    assert (label("fever") in text) is absent
    assert_well_formed(text)
    assert payloads(dispatcher) == [b["payload"] for b in ANYTHING_ELSE_BUTTONS]
    assert events == []


def test_yes_to_anything_else_asks_what_else_in_a_sentence(domain):
    tracker = make_tracker("yes", intent="affirm", slots={"said": ["anything_else"]})
    dispatcher, events = run(ActionAskAnythingElse(), tracker, domain)
    (text,) = texts(dispatcher)
    assert_well_formed(text)
    assert events == []


def test_the_disclaimer_is_not_said_after_the_greeting_but_other_actions_do_not_count(domain):
    greeted = make_tracker(slots={"symptoms": ["cough"]})
    greeted.events.insert(0, {"event": "action", "name": "utter_greet"})
    dispatcher, events = run(ActionAskAnythingElse(), greeted, domain)
    assert not any("not a doctor" in text for text in texts(dispatcher))
    assert said_after(events) == ["disclaimer", "anything_else"]
    other = make_tracker(slots={"symptoms": ["cough"]})
    other.events.insert(0, {"event": "action", "name": "action_session_start"})
    other.events.insert(1, {"event": "bot", "name": "utter_greet"})
    dispatcher, _ = run(ActionAskAnythingElse(), other, domain)
    assert any("not a doctor" in text for text in texts(dispatcher))


# --- the form's answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "requested, text, intent, entities",
    [
        ("anything_else", "no that's everything", "deny", []),
        ("symptom_duration", "about two weeks", "inform_duration", [("duration", "two weeks")]),
        ("breast_cancer_history", "yes", "affirm", []),
    ],
)
def test_each_answer_sets_its_own_slot_and_only_slots_the_domain_declares(
    domain, requested, text, intent, entities
):
    tracker = make_tracker(
        text,
        intent=intent,
        entities=[{"entity": name, "value": value} for name, value in entities],
        slots={"symptoms": ["cough"]},
        requested_slot=requested,
        active_loop="symptom_form",
    )
    events = asyncio.run(ValidateSymptomForm().run(CollectingDispatcher(), tracker, domain))
    names = {e["name"] for e in events if e.get("event") == "slot"}
    assert requested in names
    assert names <= {*domain["slots"], "requested_slot"}
