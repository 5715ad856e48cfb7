"""The assessment's words: short emergency turns that lead with what to do (issue 13)."""

from __future__ import annotations

import re

import pytest

from symptom_checker.services import available_countries, load_services
from symptom_checker.triage import assess
from symptom_checker.wording import (
    assessment_messages,
    explanation_messages,
    symptom_question_answer,
)

MAX_EMERGENCY_WORDS = 120
MAX_SOON_WORDS = 150
FIRST_WORDS = 30
NUMBER = re.compile(r"\b\d{3}\b")


def words(text: str) -> list[str]:
    return text.split()


def turn_texts(messages) -> list[str]:
    return [message.text for message in messages if message.text]


def red_flag_cases(knowledge):
    return [(rule.id, sorted(rule.all_of)) for rule in knowledge.red_flag_rules()]


def emergency_turn(knowledge, symptom_ids, country="default"):
    assessment = assess(symptom_ids, [], knowledge)
    return assessment, assessment_messages(assessment, services=load_services(country))


def test_every_emergency_red_flag_turn_is_short_and_leads_with_what_to_do(knowledge):
    checked = 0
    for rule_id, symptom_ids in red_flag_cases(knowledge):
        assessment, messages = emergency_turn(knowledge, symptom_ids)
        if not assessment.is_emergency:
            continue
        texts = turn_texts(messages)
        total = sum(len(words(text)) for text in texts)
        first = " ".join(words(texts[0])[:FIRST_WORDS]).lower()
        assert total <= MAX_EMERGENCY_WORDS, (rule_id, total)
        assert "call" in first and "emergency number" in first, rule_id
        assert "do not drive yourself" in first, rule_id
        assert "see a doctor" in texts[-1].lower(), rule_id
        checked += 1
    assert checked >= 8  # the contract's red flags and the spinal cord combinations


@pytest.mark.parametrize("country", available_countries())
def test_the_emergency_numbers_appear_at_most_twice(knowledge, country):
    for rule_id, symptom_ids in red_flag_cases(knowledge):
        assessment, messages = emergency_turn(knowledge, symptom_ids, country)
        if not assessment.is_emergency:
            continue
        numbers = NUMBER.findall(" ".join(turn_texts(messages)))
        for number in set(numbers):
            assert numbers.count(number) <= 2, (rule_id, country, number)


def test_the_emergency_turn_offers_why_as_a_button_and_does_not_push_it(knowledge):
    assessment, messages = emergency_turn(knowledge, ["back_pain", "limb_weakness"])
    text = " ".join(turn_texts(messages)).lower()
    assert "spinal cord" not in text
    assert messages[-1].buttons == ({"title": "Why?", "payload": "/explain"},)
    explanation = " ".join(turn_texts(explanation_messages(assessment))).lower()
    assert "spinal cord" in explanation


def test_the_machine_readable_summary_still_comes_first(knowledge):
    _, messages = emergency_turn(knowledge, ["seizure"])
    assert messages[0].custom["urgency"] == "emergency" and messages[0].text is None


def test_every_single_symptom_soon_assessment_stays_within_150_words(knowledge):
    for symptom_id in knowledge.symptom_ids():
        assessment = assess([symptom_id], [], knowledge)
        if assessment.urgency != "soon":
            continue
        total = sum(len(words(text)) for text in turn_texts(assessment_messages(assessment)))
        assert total <= MAX_SOON_WORDS, (symptom_id, total)


@pytest.mark.parametrize(
    "symptom_ids, urgency",
    [(["seizure"], "emergency"), (["jaundice"], "urgent"), (["cough"], "soon")],
)
def test_one_urgency_style_at_every_level(knowledge, symptom_ids, urgency):
    text = " ".join(turn_texts(assessment_messages(assess(symptom_ids, [], knowledge))))
    assert f"Urgency: {urgency}." in text
    assert "EMERGENCY" not in text and "URGENT" not in text


@pytest.mark.parametrize("symptom_ids", [["jaundice"], ["cough"], ["armpit_lump", "bone_pain"]])
def test_urgent_and_soon_lead_with_what_to_do(knowledge, symptom_ids):
    texts = turn_texts(assessment_messages(assess(symptom_ids, [], knowledge)))
    assert texts[0].startswith("Urgency: ") and "see a doctor" in texts[0]
    assert "see a doctor" in texts[-1].lower()


def test_the_closing_bubble_does_not_repeat_the_time_frame(knowledge):
    texts = turn_texts(assessment_messages(assess(["armpit_lump"], [], knowledge)))
    assert "two weeks" in texts[0]
    assert "two weeks" not in texts[-1]


def test_a_cough_is_not_called_persistent_unless_said(knowledge):
    text = " ".join(turn_texts(assessment_messages(assess(["cough"], [], knowledge))))
    assert "does not go away" not in text and "persistent" not in text


def test_each_symptom_is_shown_with_its_own_since_when(knowledge):
    assessment = assess(["jaundice", "bone_pain"], [], knowledge)
    durations = {"jaundice": "yesterday", "bone_pain": "for a month"}
    text = " ".join(turn_texts(assessment_messages(assessment, durations=durations)))
    assert "(jaundice; yesterday)" in text and "thighs (for a month)" in text


def test_the_treatment_helpline_is_added_when_on_treatment(knowledge):
    services = load_services("default")
    messages = assessment_messages(
        assess(["seizure"], [], knowledge), on_treatment="yes", services=services
    )
    assert services.treatment_line in turn_texts(messages)[-1]


@pytest.mark.parametrize("symptom_ids", [["seizure"], ["jaundice"], ["cough"]])
def test_a_second_assessment_closes_in_other_words_and_still_says_see_a_doctor(
    knowledge, symptom_ids
):
    assessment = assess(symptom_ids, [], knowledge)
    first = turn_texts(assessment_messages(assessment))[-1]
    second = turn_texts(assessment_messages(assessment, again=True))[-1]
    assert first != second and "see a doctor" in second.lower()


def _answer_about(knowledge, *symptom_ids: str) -> str:
    asked = knowledge.symptoms(symptom_ids)
    return symptom_question_answer(
        asked, [knowledge.site(site_id).name for s in asked for site_id in s.site_ids]
    )


@pytest.mark.parametrize(
    "symptom_id, organ, red_flag",
    [("seizure", "brain", True), ("bone_pain", "bones", False), ("jaundice", "liver", False)],
)
def test_a_question_about_a_symptom_names_the_organ_and_never_escalates(
    knowledge, symptom_id, organ, red_flag
):
    answer = _answer_about(knowledge, symptom_id)
    assert organ in answer and "other causes" in answer and "tell me" in answer
    assert ("straight away" in answer) == red_flag
    assert "emergency number" not in answer and "Urgency" not in answer


def test_a_question_about_two_symptoms_answers_both_once(knowledge):
    answer = _answer_about(knowledge, "cough", "headache")
    assert "lungs" in answer and "brain" in answer and "any of these" in answer
    assert answer.count("other causes") == 1
