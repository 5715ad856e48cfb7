"""Presentations (issue 18), session 28, from the retired eleventh acute set (validation set
12, read; not blind): emergencies and urgent problems said in words the assistant did not read.

- another fit in two words; a blank stare with a limb twitching, told by a witness;
- legs that have gone (not being able to stand alone is also a broken hip: not read);
- getting sleepier by the hour; a neck come up like a bullfrog; a snoring noise while awake
  (noisy breathing, with a swollen face an emergency);
- feeling really wrong, not feeling too clever (feeling unwell: an emergency on treatment);
- eyes like custard (jaundice); one leg bigger than the other, a calf fat and hot (a clot);
- "ipi/nivo" and "nivo" are immunotherapy; "day 10 of the cycle" is treatment now;
- "even sittin doon" is at rest.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency_of
from test_acute_lay_wording import entities

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


def urgency(text: str) -> str:
    return urgency_of(entities(get_extractor(), text), read_knowledge())


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("Fit again.", "seizure"),
        ("her eyes were staring into space and her hand jerked, she can't recall it", "seizure"),
        ("my legs have gone completely, I'm stuck on the floor", "limb_weakness"),
        ("her legs have gone, she's slumped on the stairs", "limb_weakness"),
        ("Dad is getting sleepier and sleepier", "drowsiness"),
        ("my face has come up like a balloon overnight", "face_neck_swelling"),
        ("I just feel really wrong today", "feeling_unwell"),
        ("not feeling too great since yesterday", "feeling_unwell"),
        ("the whites of my eyes look like egg yolk", "jaundice"),
        ("my right leg is fatter than the other one", "leg_swelling"),
        ("ankle is fat and red", "leg_swelling"),
    ],
)
def test_the_presentation_is_read(text, symptom_id):
    assert roles(text).get(symptom_id) == {None}


@pytest.mark.parametrize(
    "text",
    [
        "my new jeans fit again after all that weight",
        "trying hard to get fit again after the op",
        "I'm fit again now, thanks",
        "I can't stand the taste of the water here",
        "my legs have gone purple in the cold",
        "slipped on the ice, my hip hurts and I can't stand",
    ],
)
def test_the_look_alikes_are_not_read(text):
    found = roles(text)
    assert "seizure" not in found and "limb_weakness" not in found


@pytest.mark.parametrize(
    "text, level",
    [
        # feeling unwell on immunotherapy named in short is an emergency
        ("on ipi/nivo and I feel really wrong", "emergency"),
        ("nivo every two weeks, not feeling too clever today", "emergency"),
        # a fever on a named day of the cycle
        ("day 9 of the cycle and my temperature is 38.4", "emergency"),
        # breathless sitting still, in Scots
        ("cannae get ma breath even sittin doon", "emergency"),
        # a swollen face with a snoring noise while awake
        ("her face is puffed up and she's making a snoring sound while she's awake", "emergency"),
        # one swollen leg on hormone therapy: a clot, urgent
        ("my left leg is bigger than the other, on letrozole", "urgent"),
    ],
)
def test_the_urgency_follows(text, level):
    assert urgency(text) == level


def test_an_idiom_said_again_is_still_an_idiom():
    assert "seizure" not in roles("the old kettle had a fit again this morning")
