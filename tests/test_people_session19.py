"""Whose and whether (issue 12), session 19: cases left open in session 18's notes.

- A witness who says what they did to the writer ("he couldn't wake me", "my husband couldn't
  wake me this morning") is telling the writer's drowsiness, not their own.
- "I never had a headache until I started the tablets" says the headache is new since the
  treatment, not absent (session 18 did this for "until yesterday").
- "Bunged up" with a cold or in the nose is a blocked nose (tests/test_symptom_guards.py).

And what a development set written from the contract alone showed (session 19):

- words for a change said the way people see it: skin like the outside of a satsuma, eyes the
  colour of custard, up to wee five times a night, losing words, food brought back up,
  sweating then freezing, breathless lying down so they sit up, sliding down the wall;
- a clinician's list after "Denied:" is denied; a question, then "because I am" is the
  writer's own; a pasted or overheard quotation is not the writer's; a pet named by its breed
  is a pet; what a lump turned out to be is no second lump; "it's gone a bit pink" is a
  change, not over; "fine since" after a faint this morning is the faint;
- idioms that name a symptom: coughing up the money, breathless with rage, burning up with
  embarrassment, on pins and needles waiting, discharged from hospital.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.vocabulary import NEGATED_ROLE, PAST_ROLE
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text",
    [
        "my son says he couldn't wake me this morning",
        "my husband couldn't wake me properly after my nap",
        "she could barely rouse me when she got home",
    ],
)
def test_a_witness_who_could_not_wake_the_writer_tells_the_writers_drowsiness(text):
    drowsy = [m for m in get_extractor().extract(text).symptoms if m.symptom_id == "drowsiness"]
    assert drowsy and all(m.role is None and not m.relative for m in drowsy)


def test_a_witness_who_could_not_wake_the_writer_on_chemo_is_an_emergency(extractor, knowledge):
    text = "I'm on chemo and my husband couldn't wake me this morning, I'm still so confused"
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I never had a headache until I started the tablets", "headache"),
        ("I'd never had a nosebleed till I started the new tablets", "bleeding_bruising"),
        ("never had a cough until she started the chemo", "cough"),
    ],
)
def test_never_until_a_treatment_began_says_new_not_absent(text, symptom):
    assert None in roles(text)[symptom]


def test_never_without_until_is_still_a_denial():
    assert roles("I have never had a headache with the tablets")["headache"] == {NEGATED_ROLE}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("the insurer won't cough up for the scan", "cough"),
        ("I had to cough up the money for the car", "cough"),
        ("I'm breathless with rage at the waiting list", "shortness_of_breath"),
        ("I was burning up with embarrassment when she asked", "fever"),
        ("I've been on pins and needles all week waiting for the results", "limb_weakness"),
        ("Went to A&E, IV antibiotics, discharged yesterday", "nipple_discharge"),
    ],
)
def test_an_idiom_that_names_a_symptom_is_not_one(text, symptom):
    assert symptom not in roles(text)


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I've been coughing up phlegm all week", "cough"),
        ("I get pins and needles in my feet", "limb_weakness"),
        ("there is a discharge from my nipple", "nipple_discharge"),
    ],
)
def test_the_same_words_said_plainly_are_the_symptom(text, symptom):
    assert None in roles(text)[symptom]


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("the skin of my boob looks like the outside of an orange", "orange_peel_skin"),
        ("my eyes have gone the colour of mustard", "jaundice"),
        ("the whites of my eyes have gone the colour of custard", "jaundice"),
        ("I'm up to wee four times a night now", "frequent_urination"),
        ("I keep losing my words mid sentence", "confusion"),
        ("she's bringing all her food back up", "vomiting"),
        ("sweating buckets then freezing all evening", "fever"),
        ("when I lie down in bed I get so breathless I have to sit up", "breathless_lying_flat"),
        ("I went white and slid down the wall at the bus stop", "fainting"),
        ("I came round after a few seconds on the kitchen floor", "fainting"),
        ("four weeks of thoracic pain, worse at night", "back_pain"),
        ("she keeps saying shes thirsty", "excessive_thirst"),
    ],
)
def test_a_change_said_the_way_people_see_it_is_the_symptom(text, symptom):
    assert None in roles(text)[symptom]


def test_a_list_after_denied_is_denied():
    found = roles("Seen today. Denied: headache, cough, breathlessness.")
    assert found["headache"] == found["cough"] == found["shortness_of_breath"] == {NEGATED_ROLE}


def test_a_question_then_because_i_am_is_the_writers_own():
    assert (
        None
        in roles("Can the cancer make you thirsty all the time? Because I am.")["excessive_thirst"]
    )
    assert None not in roles("Can it cause headaches? Because I am worried.")["headache"]


@pytest.mark.parametrize(
    "text, symptom",
    [
        (
            "Pasted: 'Swelling of the arm can develop after surgery.' How do I prevent it?",
            "arm_swelling",
        ),
        ("On the ward we often hear 'I've got a bit of a cough'. Does it matter?", "cough"),
        ("our spaniel has gone yellow round the eyes", "jaundice"),
    ],
)
def test_a_quotation_or_a_pet_is_not_the_writers_symptom(text, symptom):
    assert None not in roles(text)[symptom]


def test_what_a_lump_turned_out_to_be_is_no_second_lump():
    found = roles("Had a lump under my arm years ago that turned out to be a cyst. It's back.")
    assert "breast_lump" not in found and None in found["armpit_lump"]


def test_gone_a_colour_is_a_change_not_over():
    assert roles("a patch on my breast like orange peel, and it's gone a bit pink")[
        "orange_peel_skin"
    ] == {None}
    assert roles("I had a cough but it's gone")["cough"] == {PAST_ROLE}


def test_fine_since_a_faint_this_morning_is_the_faint_but_not_since_one_years_ago():
    assert roles("Fainted at the sink this morning, fine since.")["fainting"] == {None}
    assert roles("had a fit years ago, fine since")["seizure"] == {PAST_ROLE}
