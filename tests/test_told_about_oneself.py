"""A message the models could not place, that still says something about the person, is
answered as what it is, never with only "I didn't understand": treatment or cancer history told
on its own is the history told (the assistant notes it and asks what they have noticed); a
greeting that goes on with something else is a greeting. A bodily problem keeps the safety net.
"""

from __future__ import annotations

import asyncio

import pytest
from support import make_tracker, parse

from actions.disease_info import ActionClarifyQuestion
from symptom_nlu.features import says_all_is_well
from symptom_nlu.rasa_component import SymptomEntityExtractor


def intent_of(component: SymptomEntityExtractor, text: str, intent: str) -> str:
    return str(parse(component, text, intent).get("intent")["name"])


@pytest.mark.parametrize(
    "text, read_as",
    [
        ("on capecitabine since the summer, cycle four", "nlu_fallback"),
        ("I'm part way through my radiotherapy", "out_of_scope"),
        ("had my chemo drip on tuesday", "nlu_fallback"),
        ("the cancer went to my liver two years ago", "nlu_fallback"),
        ("I have secondaries in my bones", "out_of_scope"),
    ],
)
def test_treatment_or_history_told_alone_is_the_history_told(component, text, read_as):
    assert intent_of(component, text, read_as) == "inform_cancer_history"


@pytest.mark.parametrize(
    "text",
    [
        "hello, my son set this up for me",
        "Hi there, not sure I am in the right place",
        "Dear Sir or Madam, I am writing about my mother",
        "good evening, this is my first time using one of these",
    ],
)
def test_a_greeting_that_goes_on_with_something_else_is_a_greeting(component, text):
    assert intent_of(component, text, "nlu_fallback") == "greet"


@pytest.mark.parametrize(
    "text",
    [
        # a bodily problem: the safety net's advice, with the treatment line, comes first
        "on chemo and my big toe has gone black",
        "hi, my toe is black",
    ],
)
def test_a_bodily_problem_keeps_the_safety_net(component, text):
    assert intent_of(component, text, "out_of_scope") == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "my mum had breast cancer in her fifties",  # a relative's history
        "what's the score tonight",
        "the bus was late again",
    ],
)
def test_nothing_about_the_person_keeps_its_reading(component, text):
    assert intent_of(component, text, "out_of_scope") == "out_of_scope"


def test_a_disease_question_naming_a_treatment_stays_a_question(component):
    assert intent_of(component, "does chemo stop it spreading?", "ask_treatment") == (
        "ask_treatment"
    )


@pytest.mark.parametrize(
    "text",
    [
        "I can walk fine, no trouble",
        "eating ok and sleeping ok",
        "his arms seem normal to me",
        "no, she didn't bang her head",
    ],
)
def test_something_said_to_be_well_goes_to_the_fallback_that_takes_it_kindly(component, text):
    assert says_all_is_well(text)
    assert intent_of(component, text, "out_of_scope") == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "I'm not fine, my legs gave way",  # a problem said after "not fine"
        "my leg is not ok",
        "the weather was fine",  # nothing about anyone's body
        "my toe is black but otherwise ok",  # a bodily problem: the safety net's
    ],
)
def test_a_problem_or_nothing_about_a_body_is_not_all_well(text):
    assert not says_all_is_well(text)


def test_the_fallback_answers_all_is_well_kindly_not_with_not_understood(dispatcher, domain):
    tracker = make_tracker("walking's ok, I get round the house", intent="nlu_fallback")
    asyncio.run(ActionClarifyQuestion().run(dispatcher, tracker, domain))
    assert [m.get("response") for m in dispatcher.messages] == ["utter_good_to_hear"]


def test_history_misread_as_a_privacy_question_is_the_history_told(component):
    text = "This is Pat, writing for my wife who has secondary breast cancer"
    assert intent_of(component, text, "privacy_question") == "inform_cancer_history"


def test_a_real_privacy_question_stays_one(component):
    text = "do you store what I told you about my breast cancer?"
    assert intent_of(component, text, "privacy_question") == "privacy_question"


@pytest.mark.parametrize(
    "text",
    [
        "she says she feels fine in herself and just wants to go to bed",
        "he's eating ok and sleeping fine",
    ],
)
def test_a_statement_that_all_is_well_is_no_disease_question(component, text):
    # The intent model had read the first as a question about micrometastases (session 33).
    assert intent_of(component, text, "ask_micrometastases") == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "is it normal to feel fine in yourself with micrometastases?",
        "tell me about micrometastases, I feel fine",
    ],
)
def test_a_question_keeps_its_reading(component, text):
    assert intent_of(component, text, "ask_micrometastases") == "ask_micrometastases"


@pytest.mark.parametrize(
    "text", ["I feel fine but my back aches", "I feel ok apart from a headache"]
)
def test_a_report_beside_something_well_is_still_a_report(component, text):
    # "I feel ok apart from a headache" says something is well, and names a symptom.
    assert intent_of(component, text, "ask_micrometastases") not in (
        "nlu_fallback",
        "ask_micrometastases",
    )
