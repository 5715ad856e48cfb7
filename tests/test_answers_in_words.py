"""What the words of a message decide, whatever the intent model's margins (session 19).

The intent model's confidences move from one training machine to the next: on a new machine
"Does treatment change how long people live?" put survival 0.66 against treatment 0.32 (no
"Do you mean ...?"), "yes, 5 years ago" fell back with affirm 0.36 against cancer history
0.34, and a pasted leaflet read as a disease question at 0.98. Each of these turns is now
decided by what the message says:

- a question naming two topics in their own words (their cues in data/knowledge/topics.yml)
  asks which one was meant;
- "yes" or "no" said at the start of an answer to the history question is that answer;
- a message that only lists symptoms, claiming none and asking nothing, asks whether any of
  them is happening now, also when it reads like a disease question.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import make_tracker, texts
from test_form_answers import answer_in_the_form

from actions.clarify import topics_to_offer
from actions.common import plain_answer
from actions.disease_info import ActionAnswerDiseaseQuestion
from symptom_checker.loader import DEFAULT_KNOWLEDGE_DIR, KnowledgeError, read_knowledge

TWO_TOPICS = "Does treatment change how long people live?"


def run(action, dispatcher, tracker, domain) -> list[dict[str, Any]]:
    return asyncio.run(action.run(dispatcher, tracker, domain))


# --- a question naming two topics -----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        TWO_TOPICS,
        "would the treatment change how long people live?",
        "does chemo improve life expectancy",
        "what's the outlook once treatment stops working",
    ],
)
def test_a_question_naming_treatment_and_survival_names_both_topics(knowledge, question):
    assert knowledge.topics_named_in(question) == ["treatment", "survival"]


@pytest.mark.parametrize(
    "question, named",
    [
        ("how is it treated?", ["treatment"]),
        ("how long do people live with stage 4?", ["survival"]),
        ("can it spread to the liver?", []),
        # "long" and "live" in other senses name no outlook
        ("I live alone and have had this cough a long time", []),
    ],
)
def test_a_question_naming_one_topic_or_none_names_only_that(knowledge, question, named):
    assert knowledge.topics_named_in(question) == named


def test_two_named_topics_are_offered_however_sure_the_model_is():
    ranking = [
        {"name": "ask_survival", "confidence": 0.66},
        {"name": "ask_treatment", "confidence": 0.32},
    ]
    named = ["ask_treatment", "ask_survival"]
    assert topics_to_offer("ask_survival", ranking, named=named) == [
        "ask_survival",
        "ask_treatment",
    ]
    # the same readings without the words: a clear lead, simply answered
    assert topics_to_offer("ask_survival", ranking) == []


def test_named_topics_do_not_override_a_reading_of_another_topic():
    # "can cells survive treatment and wait?" is about dormant cells, not these two
    ranking = [{"name": "ask_dormant_cells", "confidence": 0.9}]
    named = ["ask_treatment", "ask_survival"]
    assert topics_to_offer("ask_dormant_cells", ranking, named=named) == []


def test_a_pressed_button_answers_the_topic_and_does_not_ask_again(dispatcher, domain, knowledge):
    tracker = make_tracker(
        "/ask_treatment", intent="ask_treatment", ranking=[("ask_treatment", 1.0)]
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [knowledge.topic("treatment").answer]


def test_the_two_topic_question_gets_do_you_mean_with_both(dispatcher, domain, knowledge):
    tracker = make_tracker(
        TWO_TOPICS,
        intent="ask_survival",
        ranking=[("ask_survival", 0.66), ("ask_treatment", 0.32), ("greet", 0.01)],
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    assert message["response"] == "utter_which_topic"
    assert [b["payload"] for b in message["buttons"]] == ["/ask_survival", "/ask_treatment"]


def test_a_cue_that_is_not_a_regular_expression_stops_the_knowledge_loading(tmp_path: Path):
    copy = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, copy)
    topics = copy / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("'\\btherap(?:y|ies)\\b'", "'therap(y'", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not a regular expression"):
        read_knowledge(copy)


# --- yes or no in words at the history question -----------------------------------------------


@pytest.mark.parametrize(
    "text, answer",
    [
        ("yes, 5 years ago", "yes"),
        ("Yeah back in 2019", "yes"),
        ("yep.", "yes"),
        ("no", "no"),
        ("Nope, never", "no"),
        ("never had it", "no"),
        ("no idea", None),
        ("not sure", None),
        ("nobody told me", None),
        ("about five years ago", None),
    ],
)
def test_a_yes_or_no_is_read_from_the_first_word(text, answer):
    assert plain_answer(text) == answer


@pytest.mark.parametrize(
    "text, intent, answer",
    [
        ("yes, 5 years ago", "nlu_fallback", "yes"),
        ("yes, 5 years ago", "inform_duration", "yes"),
        ("no, never", "nlu_fallback", "no"),
    ],
)
def test_yes_or_no_with_a_date_answers_the_history_question_whatever_the_intent(
    dispatcher, domain, text, intent, answer
):
    slots = answer_in_the_form(dispatcher, domain, text, intent, "breast_cancer_history")
    assert slots["breast_cancer_history"] == answer
    assert not any("didn't catch" in (m.get("text") or "") for m in dispatcher.messages)


# --- a pasted leaflet -------------------------------------------------------------------------

LEAFLET = (
    "Symptoms of secondary breast cancer in the brain may include headaches, fits and "
    "blurred vision. Tell your doctor if you notice any of these."
)


def quoted(*ids: str) -> list[dict[str, str]]:
    return [{"entity": "symptom", "value": i, "role": "hypothetical"} for i in ids]


def test_a_leaflet_read_as_a_disease_question_also_asks_whether_any_is_happening_now(
    dispatcher, domain
):
    tracker = make_tracker(
        LEAFLET,
        intent="ask_symptoms_of_spread",
        entities=quoted("headache", "seizure", "vision_change"),
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[-1] == "utter_ask_happening_now"


def test_a_question_about_the_same_symptoms_is_answered_without_asking(dispatcher, domain):
    tracker = make_tracker(
        "what are the signs it has reached the brain, like headaches and fits?",
        intent="ask_symptoms_of_spread",
        entities=quoted("headache", "seizure"),
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    assert "utter_ask_happening_now" not in [m.get("response") for m in dispatcher.messages]
    assert texts(dispatcher)
