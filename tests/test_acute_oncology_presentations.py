"""Acute-oncology presentations from one message (issue 18, session 9): how a symptom presents
and whether treatment is current decide the urgency. Each family is a general rule, tested with
wordings written for these tests (never copied from a validation or blind set), and each has
its traps: words that must not turn into an emergency or into current treatment.
"""

from __future__ import annotations

import pytest
from support import entities, urgency

from symptom_nlu.extract import SymptomExtractor
from symptom_nlu.features import treatment_answer


def on_treatment(extractor: SymptomExtractor, text: str) -> str | None:
    return treatment_answer(entities(extractor, text))


# Chemotherapy regimens named by their letters, where the words say it is chemotherapy.
REGIMENS = [
    "running 38.4 and shaky, my second cycle of EC was on friday",
    "fever of 38.5 after my fourth dose of AC last week",
    "she's on EC chemo and her temp is 38.3",
    "temperature 38.6, had round 3 of TC on monday",
]


@pytest.mark.parametrize("text", REGIMENS)
def test_a_regimen_named_by_its_letters_is_chemotherapy(extractor, knowledge, text):
    assert on_treatment(extractor, text) == "yes"
    assert urgency(extractor, knowledge, text) == "emergency"


def test_bare_letters_are_not_a_treatment(extractor):
    assert on_treatment(extractor, "we put the AC on because the room was so warm") is None


# Treatment months or years back, said later in the sentence or with a season: not current.
OLD_TREATMENTS = [
    "temperature 38.2 and achy, I had radiotherapy last summer",
    "I had chemo, it was eight months ago, and now my temperature is 38.4",
    "I took dexamethasone during my radiotherapy, but that was three years ago. Fever of 38.5",
    "finished my chemo, it is eleven months ago now, and I have a temperature of 38.3",
]


@pytest.mark.parametrize("text", OLD_TREATMENTS)
def test_treatment_months_or_years_ago_is_not_current(extractor, knowledge, text):
    assert on_treatment(extractor, text) == "no"
    assert urgency(extractor, knowledge, text) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I'm on dexamethasone and I have a fever of 38.3",
        "had chemo three weeks ago and now my temperature is 38.4",
        "I started chemo two months ago, had my last cycle on friday, temp 38.5",
    ],
)
def test_recent_treatment_stays_current(extractor, knowledge, text):
    assert on_treatment(extractor, text) == "yes"
    assert urgency(extractor, knowledge, text) == "emergency"


# Too breathless to talk is breathless at rest; "at rest there's no problem" is not.
@pytest.mark.parametrize(
    "text",
    [
        "I'm so breathless I can barely talk",
        "she's short of breath and can hardly speak",
        "he's out of breath and could only just get his words out",
    ],
)
def test_too_breathless_to_talk_is_an_emergency(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I only get out of breath going up hills, when I'm resting there's no problem",
        "breathless on the stairs, while sitting I have no trouble at all",
    ],
)
def test_no_problem_at_rest_is_not_breathless_at_rest(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) != "emergency"


# Walking difficulty with back pain: pressure on the spinal cord (NICE NG234), at once.
@pytest.mark.parametrize(
    "text",
    [
        "my lower back is agony and my legs won't move properly today",
        "back has been aching for weeks and now I'm walking like I'm drunk",
        "back pain for a fortnight and I'm holding on to the walls to get around",
        "his back is really bad and his legs just would not go this morning",
    ],
)
def test_back_pain_with_difficulty_walking_is_an_emergency(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


# A leg that goes from under someone or will not work is new limb weakness.
@pytest.mark.parametrize(
    "text",
    [
        "my left leg has gone from under me twice, I had breast cancer",
        "her legs won't work properly since yesterday",
        "my right leg feels dead and heavy",
    ],
)
def test_a_leg_that_gives_out_is_limb_weakness(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "the leg of the table has gone from under it",
        "I'm dead tired and my legs are heavy after the gym",
        "could she end up not able to walk?",
    ],
)
def test_legs_in_other_senses_are_not_an_emergency(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) != "emergency"


# Bone pain that stops someone with breast cancer standing: a suspected break.
@pytest.mark.parametrize(
    "text",
    [
        "my hip hurts and I can't get up, I have cancer in my bones",
        "had breast cancer, now my thigh bone aches badly and I can't stand on my leg",
        "the cancer spread to my bones last year, my shin is really painful and I can't walk",
    ],
)
def test_bone_pain_that_stops_standing_after_breast_cancer_is_an_emergency(
    extractor, knowledge, text
):
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "my hip hurts and I can't get up out of the chair easily",
        "my thigh bone aches at night, I had breast cancer",
    ],
)
def test_bone_pain_without_the_history_or_the_walking_is_not_an_emergency(
    extractor, knowledge, text
):
    assert urgency(extractor, knowledge, text) != "emergency"


# The drop-of-blood emoji with a cough is coughing up blood.
@pytest.mark.parametrize("text", ["🩸 when i cough", "coughed and there was 🩸 in the tissue"])
def test_the_blood_emoji_with_a_cough_is_coughing_blood(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


# A curtain falling off its rail is not someone nodding off.
@pytest.mark.parametrize(
    "text",
    [
        "the curtain dropped off the rail this morning and my neck has been stiff",
        "a button keeps dropping off my cardigan",
    ],
)
def test_things_that_drop_off_are_not_drowsiness(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) != "emergency"


# Spread named by where it went is a breast-cancer history (this checker's people).
@pytest.mark.parametrize(
    "text",
    [
        "my shin is really painful and I can't stand on it, I've got bone mets",
        "my thigh aches badly and I can't walk, my cancer spread to my bones last year",
    ],
)
def test_spread_named_by_where_it_went_counts_as_history(extractor, knowledge, text):
    found = entities(extractor, text)
    assert any(e["entity"] == "cancer_history" and not e.get("role") for e in found)
    assert urgency(extractor, knowledge, text) == "emergency"


def test_someone_elses_spread_is_not_the_writers_history(extractor):
    found = entities(extractor, "my mum's cancer spread to her bones years ago, I'm fine")
    assert not any(e["entity"] == "cancer_history" and not e.get("role") for e in found)


# Back pain running down a leg, whatever word stands before "leg", is radiating pain.
@pytest.mark.parametrize(
    "text",
    [
        "my back has ached for weeks and now the pain goes down my whole leg",
        "lower back pain and since yesterday it's running down my rite leg like a shock",
    ],
)
def test_back_pain_running_down_a_leg_is_an_emergency(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"
