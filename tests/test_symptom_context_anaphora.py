"""Issue 12, session 7: the role families learnt from the third validation set's failures.

Sentences written for these tests (never copied from a validation or blind set). A present
symptom has no role (CONTRACT.md, "Whose, when and whether").
"""

from __future__ import annotations

import pytest
from support import roles

from symptom_nlu.extract import SymptomExtractor

# -- a denial that points back at a symptom named before it ------------------------------

POINTED_BACK = [
    # (text, symptom, the role it was named with)
    (
        "My neighbour went yellow last spring. I don't have that, I just feel tired.",
        "jaundice",
        "other_person",
    ),
    (
        "The card from the ward says ring if you get a temperature, chest pain or a cough. "
        "I've got none of those.",
        "chest_pain",
        "hypothetical",
    ),
    (
        "The card from the ward says ring if you get a temperature, chest pain or a cough. "
        "I've got none of those.",
        "fever",
        "hypothetical",
    ),
    (
        "Could I get blurred vision from it? Mine hasn't changed but I worry.",
        "vision_change",
        "hypothetical",
    ),  # fmt: skip
    (
        "My brother's arm swelled right up after his op, but mine looks normal.",
        "arm_swelling",
        "other_person",
    ),
]


@pytest.mark.parametrize("text, symptom_id, named_as", POINTED_BACK)
def test_a_denial_that_points_back_negates_the_symptom_named_before(
    extractor: SymptomExtractor, text: str, symptom_id: str, named_as: str
) -> None:
    assert roles(extractor, text, symptom_id) == {named_as, "negated"}


def test_a_denial_never_points_at_the_writers_own_present_symptom(
    extractor: SymptomExtractor,
) -> None:
    text = "I've got a headache. My sister has fits, I don't have that."
    assert roles(extractor, text, "headache") == {None}
    assert roles(extractor, text, "seizure") == {"other_person", "negated"}


def test_own_symptom_asked_about_then_denied_is_hypothetical_not_present(
    extractor: SymptomExtractor,
) -> None:
    text = "Should I worry about my arm swelling up? Mine hasn't, I read about it."
    assert None not in roles(extractor, text, "arm_swelling")


# -- negation: long lists, answers, and what looks like a negation but is not -----------


def test_a_long_list_of_denials_negates_every_item(extractor: SymptomExtractor) -> None:
    text = (
        "I don't have any headaches, sickness, blurry vision, weakness in my arms or legs, or fits"
    )
    symptoms = extractor.extract(text).symptoms
    assert symptoms and all(m.role == "negated" for m in symptoms)


def test_no_then_i_answers_the_question_and_reports_what_follows(
    extractor: SymptomExtractor,
) -> None:
    text = "any headaches? no I have a cough"
    assert roles(extractor, text, "headache") == {"negated"}
    assert roles(extractor, text, "cough") == {None}


NOT_NEGATIONS = [
    ("my chest has been rattly, a cough that's been going for a month now", "cough"),
    (
        "cannot lie flat any more, I prop myself up on four pillows to breathe",
        "breathless_lying_flat",
    ),  # fmt: skip
    ("oh no sorry wrong box I have a lump in my armpit", "armpit_lump"),
]


@pytest.mark.parametrize("text, symptom_id", NOT_NEGATIONS)
def test_going_on_an_inability_or_a_slip_is_not_a_negation(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert None in roles(extractor, text, symptom_id)


def test_or_anything_like_that_keeps_the_denial(extractor: SymptomExtractor) -> None:
    assert roles(extractor, "Nope, I've not fallen or fainted or anything like that.",
                 "fainting") == {"negated"}  # fmt: skip


# -- past: a time said first, over by treatment, a time of life ---------------------------

PAST = [
    ("Back in 2016, I remember, I had a stabbing pain in my chest.", "chest_pain"),
    ("Years ago, I think 2008, I had a clot in my calf after surgery.", "leg_swelling"),
    ("I was coughing all winter with the asthma but the inhaler sorted it out.", "cough"),
    ("I had swollen ankles when I was pregnant with my son.", "leg_swelling"),
    ("I coughed a lot at the time, when I worked in the mill.", "cough"),
]


@pytest.mark.parametrize("text, symptom_id", PAST)
def test_a_symptom_that_is_over_or_long_ago_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert roles(extractor, text, symptom_id) == {"past"}


STILL_NOW = [
    ("Last year, I had chemo, I've had a cough for three weeks.", "cough"),
    ("my right arm has gone numb since lunch", "limb_weakness"),
    ("My ankle has been swollen since Monday, lying down no different", "leg_swelling"),
    ("there are little dimples all over it, the skin on my breast", "skin_dimpling"),
]


@pytest.mark.parametrize("text, symptom_id", STILL_NOW)
def test_a_change_or_a_recent_symptom_is_not_over(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert roles(extractor, text, symptom_id) == {None}


# -- hypothetical: what it would do if it came back, what a symptom looks like ----------

HYPOTHETICAL = [
    ("Would my back hurt if the cancer spread to the bones?", "back_pain"),
    ("what does a fit look like, I want to be ready for my dad", "seizure"),
    ("Is a cough always a sign of lung secondaries?", "cough"),
]


@pytest.mark.parametrize("text, symptom_id", HYPOTHETICAL)
def test_asking_what_it_would_do_or_look_like_is_hypothetical(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert roles(extractor, text, symptom_id) == {"hypothetical"}


def test_if_i_keep_being_sick_is_a_report(extractor: SymptomExtractor) -> None:
    assert roles(extractor, "is it serious if i keep being sick", "vomiting") == {None}


# -- whose: the writer sets themselves apart from a relative -----------------------------


def test_me_i_have_makes_the_relatives_symptom_theirs(extractor: SymptomExtractor) -> None:
    text = "My aunt, her eyes went yellow with her liver. Me, I have a lump in my neck."
    assert roles(extractor, text, "jaundice") == {"other_person"}
    assert roles(extractor, text, "neck_lump") == {None}


def test_lymphoedema_named_by_what_manages_it_is_a_known_condition(
    extractor: SymptomExtractor,
) -> None:
    assert roles(extractor, "Can I fly with my lymphoedema sleeve on?", "arm_swelling") == {"past"}
    changed = "my lymphoedema sleeve feels tighter and the arm is more swollen this week"
    assert roles(extractor, changed, "arm_swelling") == {None}


def test_but_mine_is_worse_is_the_writers_own_and_the_relatives_is_theirs(
    extractor: SymptomExtractor,
) -> None:
    text = "My sister gets migraines but mine are much worse and wake me up"
    assert roles(extractor, text, "headache") == {"other_person", None}
    different = "my neighbour got the swollen arm after her op. mine is the leg, the calf is hot"
    assert roles(extractor, different, "arm_swelling") == {"other_person"}
