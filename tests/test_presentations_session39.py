"""Whose, whether and how a symptom presents (issues 12 and 18), session 39.

Learnt from validation set 17 (the seventeenth people and sixteenth acute blind sets, retired
this session and read):

- "me" as an object ("nodding off while talking to me, I have to shake him") does not make
  the writer the patient: a carer's report stays the relative's, present.
- A fit named by its time ("tonight's fit", "a seizure 20 minutes ago") is a fit now, also
  beside a long-standing epilepsy; a relative "not knowing what year it is" is confused.
- A leg swollen "from the knee down", a calf that "aches when I walk and looks puffy": the
  swelling reaches its leg over a few more words.
- Radiotherapy that finished "3wks ago" is treatment in the last six weeks.
- "Which symptoms mean I should ring 999? Chest pain? Fits?" asks, it reports nothing; what a
  nurse said to watch for is not had.
- A denial after the symptom, in the order of other languages ("Fever I do not have").
- A questioned cause explains nothing ("is it muscular?"), as a denied one does not.
- Forgetfulness that the person "got" over weeks is slow; breathless at the top of the stairs
  and "fine once I've sat down" is on exertion, not at rest.

Sentences written for these tests, not taken from the sets.
"""

from __future__ import annotations

import pytest
from support import assistant_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


def level(text: str) -> str:
    return urgency(get_extractor(), read_knowledge(), text, net=None)


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("Grandad keeps dozing off while he talks to me, I have to nudge him awake", "drowsiness"),
        (
            "Mum keeps nodding off in the middle of chatting to me, I have to shake her",
            "drowsiness",
        ),
        ("Dad got up this morning not knowing what day it was", "confusion"),
        ("my wife doesn't know what year it is since lunchtime", "confusion"),
    ],
)
def test_a_carer_who_says_me_still_reports_the_relatives_symptom(text, symptom_id):
    assert roles(text).get(symptom_id) == {None}


@pytest.mark.parametrize(
    "text",
    [
        "epileptic since school, but this evening's seizure was nothing like my usual ones",
        "fit about 15 minutes ago, she's on chemo, seems ok now",
        "she had a seizure half an hour ago and she's very sleepy",
    ],
)
def test_a_fit_named_by_its_time_is_a_fit_now(text):
    assert None in roles(text).get("seizure", set())
    assert level(text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "my left leg from the ankle up is swollen and hot",
        "my calf aches when I walk and it looks puffy, only that one",
    ],
)
def test_a_swollen_lower_leg_is_read_over_a_few_more_words(text):
    assert roles(text).get("leg_swelling") == {None}


def test_treatment_that_ended_weeks_ago_counts_within_six_weeks_only():
    assert level("radiotherapy finished 2wks ago, shivery and temp 38.3") == "emergency"
    assert level("radiotherapy finished 12wks ago, shivery and temp 38.3") == "urgent"


def test_which_symptoms_call_for_help_asked_as_a_list_reports_none():
    asked = roles("What symptoms should make me call 999? Fits? Chest pain? Coughing blood?")
    assert asked == {
        "seizure": {"hypothetical"},
        "chest_pain": {"hypothetical"},
        "coughing_blood": {"hypothetical"},
    }


def test_the_writers_own_report_after_the_list_question_counts():
    text = "Which symptoms mean I should call 999? I have chest pain right now"
    assert roles(text).get("chest_pain") == {None}
    assert level(text) == "emergency"


def test_what_a_nurse_said_to_watch_for_is_not_had():
    text = "the nurse told me to watch for headaches and blurred vision, what did she mean?"
    assert roles(text) == {
        "headache": {"hypothetical"},
        "vision_change": {"hypothetical"},
    }


def test_a_denial_said_after_the_symptom_denies_it():
    found = roles("Since two weeks I have no hunger. Cough I do not have, pain I have not got.")
    assert found["loss_of_appetite"] == {None}
    assert found["cough"] == {"negated"}


@pytest.mark.parametrize(
    "text",
    [
        "deep ache in my thigh bone, is it muscular?",
        "aching thigh bone, could it be muscular? I doubt it",
    ],
)
def test_a_cause_the_writer_only_wonders_about_explains_nothing(text):
    assert roles(text).get("bone_pain") == {None}


def test_a_slow_forgetfulness_is_urgent_and_exertion_is_not_rest():
    assert level("I've become so forgetful over the last few weeks, I lose my keys daily") == (
        "urgent"
    )
    stairs = "I can't catch my breath at the top of the stairs, fine once I've sat down"
    assert level(stairs) == "urgent"
    assert level("I'm breathless even when I've sat down in my chair") == "emergency"


@pytest.mark.parametrize(
    "text, symptom_id, expected",
    [
        (
            "the veins on her chest are sticking out and her neck is puffy",
            "face_neck_swelling",
            {None},
        ),
        ("I can barely read my phone these days, the letters swim", "vision_change", {None}),
        ("sick three times this morning and can't face food", "vomiting", {None}),
        ("I rang in sick this morning because of the snow", "vomiting", None),
        ("these benefit forms are giving me a headache", "headache", None),
        ("the bright sun is giving me a headache", "headache", {None}),
        (
            "how do I tell if this is my old slipped disc or the cancer?",
            "back_pain",
            {"past"},
        ),
        (
            "can secondaries break a hip? my thigh aches a bit on long walks",
            "fracture",
            {"hypothetical"},
        ),
    ],
)
def test_words_read_for_what_they_say(text, symptom_id, expected):
    assert roles(text).get(symptom_id) == expected
