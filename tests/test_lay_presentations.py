"""Issues 12 and 18: red flags said in lay words with other words in between, and the
everyday phrases next to them that are not symptoms, or not over (session 9).

Sentences written for these tests (never copied from a validation or blind set).
"""

from __future__ import annotations

import pytest
from support import present, roles

from symptom_checker.vocabulary import HYPOTHETICAL_ROLE, PAST_ROLE
from symptom_nlu.extract import SymptomExtractor
from symptom_nlu.features import find_person_mentions

# (family, text, the red flag it says)
SAID_WITH_WORDS_BETWEEN = [
    (
        "blood seen after a cough",
        "each time I cough I notice blood come up",
        "coughing_blood",
    ),
    (
        "blood from the mouth after a cough",
        "this morning when I coughed I saw blood come out of my mouth",
        "coughing_blood",
    ),
    (
        "bleeding that has not stopped",
        "my port site began bleeding at lunch and it still won't stop",
        "bleeding_bruising",
    ),
    (
        "bleeding that keeps going",
        "the cut on my hand is bleeding and keeps on going",
        "bleeding_bruising",
    ),
    (
        "woken, then straight back to sleep",
        "we get him up and he drops straight back off again",
        "drowsiness",
    ),
    ("an adverb before walk", "since Sunday I can't properly walk", "limb_weakness"),
    ("an adverb before stand", "my husband couldn't even stand this morning", "limb_weakness"),
]


@pytest.mark.parametrize("family, text, symptom_id", SAID_WITH_WORDS_BETWEEN)
def test_a_red_flag_with_words_between_is_still_found(
    extractor: SymptomExtractor, family: str, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text), family


def test_blood_coming_out_of_a_nipple_is_still_discharge(extractor: SymptomExtractor) -> None:
    assert "nipple_discharge" in present(extractor, "I noticed blood coming out of my nipple")


def test_a_cough_without_blood_is_only_a_cough(extractor: SymptomExtractor) -> None:
    found = present(extractor, "when I cough I see stars for a second")
    assert "coughing_blood" not in found


# How fast something came on is not that it is over; on and off is not over either.
NOT_OVER = [
    ("went in seconds", "the sight in my left eye went in seconds", "vision_change"),
    ("went just like that", "my vision went just like that, an hour ago", "vision_change"),
    ("comes and goes", "I've a sore rib that comes and goes", "bone_pain"),
    ("comes and goes, headache", "a headache that comes and goes all week", "headache"),
]


@pytest.mark.parametrize("family, text, symptom_id", NOT_OVER)
def test_a_symptom_that_came_on_fast_or_comes_and_goes_is_present(
    extractor: SymptomExtractor, family: str, text: str, symptom_id: str
) -> None:
    assert roles(extractor, text, symptom_id) == {None}, family


def test_a_symptom_that_went_away_is_still_over(extractor: SymptomExtractor) -> None:
    assert PAST_ROLE in roles(extractor, "I had a sore rib but it went away", "bone_pain")


@pytest.mark.parametrize(
    "text",
    [
        "the ache doesn't wake me at night",
        "it never wakes me up, it's just there in the day",
    ],
)
def test_a_pain_that_does_not_wake_the_writer_is_not_drowsiness(
    extractor: SymptomExtractor, text: str
) -> None:
    assert "drowsiness" not in present(extractor, text)


def test_someone_who_will_not_wake_is_still_drowsy(extractor: SymptomExtractor) -> None:
    assert "drowsiness" in present(extractor, "I shook my mum and she won't wake up properly")


@pytest.mark.parametrize(
    "text",
    [
        "which temperature counts as a fever for someone on chemo?",
        "what temp should I ring the hospital at, if I get a fever?",
    ],
)
def test_asking_where_the_line_is_for_a_fever_is_a_question(
    extractor: SymptomExtractor, text: str
) -> None:
    assert roles(extractor, text, "fever") == {HYPOTHETICAL_ROLE}


def test_a_reading_after_the_question_is_the_writers_fever(extractor: SymptomExtractor) -> None:
    text = "what counts as a fever? I'm at 38.6 now"
    assert "fever" in present(extractor, text)


def treatments(text: str) -> list[tuple[str, str | None]]:
    return [(m.value, m.role) for m in find_person_mentions(text) if m.entity == "treatment"]


def test_the_second_drug_of_a_list_is_current_too() -> None:
    said = treatments("it spread back in my liver so I'm now on fulvestrant and ribociclib")
    assert ("targeted_therapy", None) in said


def test_came_back_in_a_body_part_is_not_a_date() -> None:
    said = treatments("the cancer came back in my spine and I'm on docetaxel")
    assert ("chemotherapy", None) in said


def test_back_in_a_year_is_still_a_date() -> None:
    assert ("chemotherapy", PAST_ROLE) in treatments("I had chemo back in 2018")


def features(text: str) -> set[str]:
    return {m.value for m in find_person_mentions(text) if m.entity == "feature"}


def test_nothing_came_on_suddenly_is_no_sudden_onset() -> None:
    assert "sudden_onset" not in features("no, nothing came on suddenly, it crept up")


def test_it_came_on_suddenly_is_a_sudden_onset() -> None:
    assert "sudden_onset" in features("it came on suddenly after tea")


# --- Session 9, second batch: walking, the bladder, blood as an emoji, whose back ----------


def test_a_leg_gone_from_under_someone_is_weakness(extractor: SymptomExtractor) -> None:
    assert "limb_weakness" in present(extractor, "my nan's left leg has gone from under her")


def test_legs_that_will_not_go_are_weakness(extractor: SymptomExtractor) -> None:
    assert "limb_weakness" in present(extractor, "this morning my legs simply would not move")


def test_a_possessive_back_is_a_back(extractor: SymptomExtractor) -> None:
    assert "back_pain" in present(extractor, "my husband's back is killing him")


def test_being_back_is_still_returning(extractor: SymptomExtractor) -> None:
    assert "back_pain" not in present(
        extractor, "the nurse said she'll be back with the pain relief"
    )


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("i can't controll my bladda since friday", "bladder_bowel_control_loss"),
        ("🩸 when i cough this morning", "coughing_blood"),
    ],
)
def test_misspelt_or_drawn_words_still_count(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text)


def test_a_friend_from_a_group_is_someone_else(extractor: SymptomExtractor) -> None:
    text = "a lady from my support group had a fit last month"
    assert "seizure" not in present(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "she keeps holding on to the walls to get about",
        "his legs just won't go since lunch",
        "my right leg has given way under me",
    ],
)
def test_walking_only_by_holding_on_or_legs_that_fail_is_cannot_walk(text: str) -> None:
    assert "cannot_walk" in features(text)


def test_no_trouble_sitting_is_not_breathless_at_rest() -> None:
    said = features("I get puffed on hills. When resting there's no problem at all")
    assert "at_rest" not in said


@pytest.mark.parametrize(
    "text",
    [
        "had the second round of EC on weds",
        "I'm on AC chemo now",
    ],
)
def test_a_regimen_named_by_its_letters_is_chemotherapy(text: str) -> None:
    assert ("chemotherapy", None) in treatments(text)


def test_air_conditioning_is_not_chemotherapy() -> None:
    assert treatments("we turned the AC off last night") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("I had radiotherapy eleven months ago", "radiotherapy"),
        ("my chemo ended last summer", "chemotherapy"),
        ("I took steroids during my radiotherapy, but that was three years ago", "steroids"),
        # dated in the next sentence, after "had"
        ("I had my radiotherapy. That was back in 2019.", "radiotherapy"),
        # dated later in its sentence, after "on"
        ("I was on tamoxifen but it finished two years back", "hormone_therapy"),
    ],
)
def test_a_treatment_dated_long_ago_is_past(text: str, value: str) -> None:
    assert (value, PAST_ROLE) in treatments(text)


def test_spread_named_by_where_it_is_is_a_cancer_history() -> None:
    said = {m.entity for m in find_person_mentions("I've got liver mets and my ribs hurt")}
    assert "cancer_history" in said


@pytest.mark.parametrize(
    "text",
    [
        "my hip is so sore I can't bear weight on it",
        "my thigh is agony, couldn't put any weight on it this morning",
        "I heard something crack in my shin on the stairs",
    ],
)
def test_a_leg_or_hip_that_takes_no_weight_is_a_possible_break(
    extractor: SymptomExtractor, text: str
) -> None:
    assert "fracture" in present(extractor, text)


def test_a_pain_one_cannot_stand_is_no_break(extractor: SymptomExtractor) -> None:
    assert "fracture" not in present(extractor, "my ribs ache and I can't stand the pain")


@pytest.mark.parametrize(
    "text",
    [
        "I'm that breathless I can hardly speak",
        "he can't finish his sentences for breath",
    ],
)
def test_too_breathless_to_talk_is_severe(text: str) -> None:
    assert "severe" in features(text)


def test_a_curtain_that_dropped_off_is_not_drowsiness(extractor: SymptomExtractor) -> None:
    assert "drowsiness" not in present(extractor, "the blind dropped off the window again")


def test_someone_dropping_off_all_day_is_drowsy(extractor: SymptomExtractor) -> None:
    assert "drowsiness" in present(extractor, "mum keeps dropping off all day")


# --- Session 9: a relative's story told as history, and the writer's own procedure ---------

OTHER_PERSON_STORIES = [
    (
        "dated by a later clause",
        "my uncle brought up blood for weeks before they found his tumour, that was 2011",
        "coughing_blood",
    ),
    ("before they died", "nan went very yellow before she passed, bless her", "jaundice"),
    (
        "the writer's own procedure beside a relative's story",
        "my aunt was wetting herself when it got to her spine. I've just had a cyst drained",
        "bladder_bowel_control_loss",
    ),
]


@pytest.mark.parametrize("family, text, symptom_id", OTHER_PERSON_STORIES)
def test_a_relatives_story_is_not_the_writers_symptom(
    extractor: SymptomExtractor, family: str, text: str, symptom_id: str
) -> None:
    assert symptom_id not in present(extractor, text), family


def test_a_carer_reporting_now_still_counts(extractor: SymptomExtractor) -> None:
    assert "coughing_blood" in present(extractor, "my dad is coughing up blood this morning")


def test_a_drained_cyst_is_not_feeling_drained(extractor: SymptomExtractor) -> None:
    assert "fatigue" not in present(extractor, "the cyst was drained at clinic on Monday")


def test_feeling_drained_is_still_tiredness(extractor: SymptomExtractor) -> None:
    assert "fatigue" in present(extractor, "I feel completely drained every afternoon")


def test_a_carers_reading_is_marked_as_about_a_relative(extractor: SymptomExtractor) -> None:
    found = extractor.extract("my sister had a fit at work").symptoms
    assert [(m.symptom_id, m.role, m.relative) for m in found] == [("seizure", None, True)]


def test_the_writers_own_words_are_not_marked_as_a_relatives(extractor: SymptomExtractor) -> None:
    found = extractor.extract("my husband says I was shaking all over on the floor").symptoms
    assert found and all(m.role is None and not m.relative for m in found)
