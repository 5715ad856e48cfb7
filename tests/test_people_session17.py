"""Whose symptom a carer tells (issue 12), session 17: words around a relative that looked
like the end of their story, or like the writer coming back, but are neither.

- "Bless him" is said of the living: "my husband, bless him, has had a fit" is a carer's
  report of an emergency, not someone else's history. A blessing in a sentence with no word
  of now is a story that is over ("bless her heart, my aunt had the bone mets ...").
- "When she had ..." tells what happened to the relative now as often as their history
  ("my mum was in my car when she had a fit"): it makes the symptom someone else's only
  beside a symptom of the writer's own.
- The "my" of a pet the relative walked or picked up is not the writer speaking of
  themselves: "my sister walked my dog and got chest pain" is the sister's chest pain.

Sentences written for these tests, not copied from a validation or blind set.
"""

from __future__ import annotations

import pytest
from support import mentions, roles_by_id, urgency

from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my husband, bless him, has had a fit", "seizure"),
        ("my mum bless her is coughing up blood", "coughing_blood"),
        ("Nan, god bless her, can't stand up this morning and her back is agony", "back_pain"),
    ],
)
def test_a_blessing_of_someone_living_is_a_carers_report_of_now(text, symptom):
    assert roles_by_id(get_extractor(), text)[symptom] == {None}


def test_a_carers_blessed_husband_with_a_fit_is_an_emergency(extractor, knowledge):
    assert urgency(extractor, knowledge, "my husband, bless him, has had a fit") == "emergency"


@pytest.mark.parametrize(
    "text, symptom",
    [
        (
            "Bless her heart, my aunt had the bone mets and broke her hip turning over in bed. "
            "I'm fine myself, just wondering.",
            "fracture",
        ),
        ("God rest her, my gran went yellow when it got to her liver", "jaundice"),
    ],
)
def test_a_blessing_in_a_story_with_no_word_of_now_stays_someone_elses(text, symptom):
    assert roles_by_id(get_extractor(), text) == {symptom: {"other_person"}}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my mum was in my car when she had a fit", "seizure"),
        ("we were at the shops when he got chest pain, my dad I mean", "chest_pain"),
    ],
)
def test_when_she_had_a_symptom_is_a_carers_report_when_the_writer_tells_none(text, symptom):
    assert roles_by_id(get_extractor(), text) == {symptom: {None}}


def test_when_she_had_is_the_relatives_history_beside_the_writers_own_symptom():
    assert roles_by_id(
        get_extractor(), "when she had chemo my mum was sick all the time, now I have a lump"
    ) == {
        "vomiting": {"other_person"},
        "breast_lump": {None},
    }


@pytest.mark.parametrize(
    "text, theirs, mine",  # the relative's symptom, then the writer's own
    [
        ("my sister walked my dog and got chest pain. I have a cough", "chest_pain", "cough"),
        ("my mum picked up my cat and hurt her back, and I have a cough", "back_pain", "cough"),
        ("my dad fell over my dog and broke his wrist. I have a lump", "fracture", "breast_lump"),
    ],
)
def test_the_my_of_a_pet_is_not_the_writer_taking_the_relatives_symptom(text, theirs, mine):
    found = roles_by_id(get_extractor(), text)
    assert (found[theirs], found[mine]) == ({"other_person"}, {None})


# -- A carer's words about the relative's illness going on now (session 17) ----------------


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my mum's cancer has spread to her brain and she had a fit this morning", "seizure"),
        (
            "her cancer is in her spine and she can't feel her legs since lunchtime",
            "limb_weakness",
        ),
        ("my wife is on her chemo and she has a temperature of 38.5", "fever"),
        ("Dad's treatment finished last week and he's coughing up blood today", "coughing_blood"),
    ],
)
def test_a_relatives_illness_told_with_a_word_of_now_is_a_carers_report(text, symptom):
    assert roles_by_id(get_extractor(), text)[symptom] == {None}


def test_a_carers_wife_on_chemo_with_a_temperature_is_an_emergency(extractor, knowledge):
    text = "my wife is on her chemo and she has a temperature of 38.5"
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my aunt's cancer went to her liver and she went yellow", "jaundice"),
        (
            "my aunt had spinal cord compression and lost the use of her legs. What are the "
            "early signs I should look for?",
            "limb_weakness",
        ),
        ("colleague at work has lymphoedema in her arm after her surgery", "arm_swelling"),
    ],
)
def test_a_relatives_or_colleagues_story_stays_someone_elses(text, symptom):
    assert roles_by_id(get_extractor(), text) == {symptom: {"other_person"}}


def test_so_have_i_gives_the_writer_the_symptom_of_the_friend_named_before():
    text = "My friend's got a bad cough and so have I"
    assert mentions(get_extractor(), text) == {("cough", None), ("cough", "other_person")}


def test_the_relative_named_in_brackets_is_the_patient_and_those_told_before_are_not():
    text = "Grandad Joe has a bad cough, and my mum (the patient) has had a fever since last night"
    assert roles_by_id(get_extractor(), text) == {"cough": {"other_person"}, "fever": {None}}


# -- Nothing since: a recent event stays present (CONTRACT.md), an old one is past ---------


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I had a fit last night, none since", "seizure"),
        (
            "I coughed up blood yesterday morning, not since. Is that still worrying?",
            "coughing_blood",
        ),
    ],
)
def test_nothing_since_a_recent_red_flag_leaves_it_present(text, symptom, extractor, knowledge):
    assert roles_by_id(get_extractor(), text) == {symptom: {None}}
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text", ["I had a fit years ago, none since", "I had fits in 2019 but nothing since then"]
)
def test_nothing_since_an_old_event_makes_it_past(text):
    assert roles_by_id(get_extractor(), text) == {"seizure": {"past"}}


# -- Asking whether it will go away is not saying it has (session 17) ----------------------


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Will my headache go away?", "headache"),
        ("Will the numbness in my legs go away?", "limb_weakness"),
        ("Does the pain in my back go away with rest?", "back_pain"),
    ],
)
def test_asking_whether_a_symptom_will_go_away_keeps_it_present(text, symptom):
    """'go away' is read as 'went away' by its lemma; asked about, it is the writer's symptom
    now. The symptom named with 'my' inside it ('the numbness in my legs') is the writer's
    own, so the learned fallback does not make the question hypothetical."""
    assert roles_by_id(get_extractor(), text) == {symptom: {None}}


@pytest.mark.parametrize(
    "text",
    ["I had a headache last week but it went away", "I had a headache, it went away on its own"],
)
def test_a_symptom_that_went_away_is_still_past(text):
    assert roles_by_id(get_extractor(), text) == {"headache": {"past"}}
