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

And from the retired twelfth people set (validation set 12, read): a granny who can hardly be
woken, no feeling in the bottom when wiping, not being able to see out of one eye, "just not
herself" on chemotherapy, breathing gone rattly, a bleed "not stopping", "no, not a joke"
(insisting, not denying), a femur painful on weight bearing; and look-alikes: an arm heavy
and puffy is swelling, not weakness; shaking all over from the cold is no fit.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


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
        ("we can barely wake him this afternoon", "drowsiness"),
        ("numb down below, can't feel my bottom when I wipe", "limb_weakness"),
        ("I couldn't see out of my left eye for ten minutes", "vision_change"),
        ("my thigh bone aches, weight bearing is agony", "bone_pain"),
        ("my foot is dragging since lunch, no, I'm not exaggerating", "limb_weakness"),
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
        "my swollen arm feels heavy and tight by the evening",
        "I was shaking all over, with the cold, waiting for the bus",
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
        # not himself on chemotherapy, denying the rest
        ("he's on chemo, no temperature, he's just not himself", "emergency"),
        # a swollen face and neck with breathing gone rattly
        ("his breathing has gone all rattly and his neck is puffed up", "emergency"),
        # a bleed that is not stopping
        ("bleeding from my gums, it's not stopping", "emergency"),
        # one swollen leg on hormone therapy: a clot, urgent
        ("my left leg is bigger than the other, on letrozole", "urgent"),
    ],
)
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


def test_an_idiom_said_again_is_still_an_idiom():
    assert "seizure" not in roles("the old kettle had a fit again this morning")
