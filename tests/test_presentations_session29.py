"""Presentations and when (issues 12 and 18), session 29, from the retired eleventh acute set
(validation set 12, read; not blind) and by hand:

- words typed in a hurry ("cant stpo shakign, tmep 39.1 had chemo wendsday") are read as
  the words meant: a fever on chemotherapy, not a denied one;
- lips or a tongue swelling up, with a noisy breath, is the airway emergency; "during the
  drip" is this infusion, not a course that is over; a lip swollen from a bite or a cold sore
  is not read;
- feeling weird, odd or strange in oneself is feeling unwell (on treatment an emergency);
  feeling weird about asking is not;
- "worse first thing" is a morning headache; pale poo is a sign of jaundice; blood on the
  toilet paper is bleeding;
- bone pain when weight is put on it, after breast cancer, is seen within a day;
- a faint, a fit or blood seen is an event: "fine now" or "none today" after it says how
  they are since, not that it is over (a state, "fever yesterday - none today", is over);
- a relative's illness dated at the start of its own clause ("and last year my mum had a
  clot") does not take the writer's symptom before it;
- "the first thing I noticed was a headache" is the writer's headache, while a task that
  "is a headache" is still no symptom.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, level",
    [
        ("cant stpo shakign, tmep 38.9, chemo was wendsday", "emergency"),
        ("my temprature is 38.7 and I'm on chemo", "emergency"),
        ("20 minutes into the drip my lips swelled up and my breathing is wheezy", "emergency"),
        ("tongue swelling up and a squeaky noise when I breathe in", "emergency"),
        ("since the steroids were reduced my headaches are back, awful first thing", "urgent"),
        ("pale stools, itchy everywhere, on chemo", "urgent"),
        ("I have secondaries in my bones and my hip hurts when I put weight on it", "urgent"),
        ("I passed out in the kitchen, came round quickly, fine now", "urgent"),
        ("brought up blood last night, none today, on paclitaxel", "emergency"),
        ("feel really strange since my infusion today, my heart is pounding", "emergency"),
        ("I'm on chemo and I feel a bit odd", "emergency"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


@pytest.mark.parametrize(
    "text",
    [
        "my lip is swollen where I bit it",
        "cold sore on my lip, a bit swollen",
        "I bit my tongue and it's all swollen",
        "the first thing I noticed was a curtain falling off its rail",
        "I had a poo, it was fine",
        "on chemo and I feel weird about asking this",
        "I felt odd going back to the ward where mum was",
    ],
)
def test_the_look_alikes_are_not_read(text):
    assert not {k: v for k, v in roles(text).items() if None in v}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a state over today stays over; an event does not
        ("Temperature yesterday, none today", {"fever": {"past"}}),
        ("had a fit on saturday, none today", {"seizure": {None}}),
        # a long-ago time still makes an event past, whatever comes after
        ("I fainted back in 2012, fine now", {"fainting": {"past"}}),
        ("had a cough, fine now", {"cough": {"past"}}),
        # a relative's illness dated at the start of its own clause
        ("my back aches and last year my mum had a clot", {"back_pain": {None}}),
        ("my ribs hurt and years ago my dad had a fit",
         {"bone_pain": {None}, "seizure": {"other_person"}}),
        # a headache that is the writer's, and one that is a task
        ("the first thing I noticed was a headache", {"headache": {None}}),
        ("the main problem is a headache", {"headache": {None}}),
        ("the parking at the clinic is a headache", {}),
        ("it's a headache getting there", {}),
    ],
)  # fmt: skip
def test_whose_and_when(text, expected):
    assert roles(text) == expected


def test_a_drip_running_now_is_no_course_that_is_over():
    assert roles("during the drip my face swelled up") == {"face_neck_swelling": {None}}
    assert roles("during chemo I was sick all the time") == {"vomiting": {"past"}}
