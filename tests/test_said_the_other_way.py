"""Words that say the other of what they seem to: a denial or an ending that says how bad
something is, and a symptom named by a form's question that the person does not have.

"I can't hardly breathe" is "I can hardly breathe" in many Englishes (American Southern,
British and Irish speech), not a denial; "it stopped me in my tracks" says how bad a pain
was, not that it is over; "It asks about seizures" (a form) is no seizure."""

from __future__ import annotations

import pytest

from symptom_nlu.extract import get_extractor
from symptom_nlu.features import find_person_mentions


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I can't hardly breathe", "shortness_of_breath"),
        ("she couldn't barely walk this morning", "limb_weakness"),
        ("I can't hardly see out of my left eye", "vision_change"),
        ("I can't barely lift my arm", "limb_weakness"),
        ("she's been asleep since lunchtime and I can't hardly wake her up", "drowsiness"),
    ],
)
def test_cant_hardly_is_can_hardly(text, symptom):
    found = {(m.symptom_id, m.role) for m in get_extractor().extract(text).symptoms}
    assert (symptom, None) in found


@pytest.mark.parametrize(
    "text, feature",
    [
        ("I can't hardly walk", "cannot_walk"),
        ("she couldn't barely talk, so out of breath", "severe"),
    ],
)
def test_cant_hardly_gives_its_feature(text, feature):
    assert feature in {m.value for m in find_person_mentions(text) if m.entity == "feature"}


@pytest.mark.parametrize(
    "text, symptom",
    [
        (
            "this afternoon I got a really sharp pain in my chest when I breathe in, it stopped "
            "me in my tracks halfway up the hill",
            "chest_pain",
        ),
        ("the headache stopped me sleeping last night", "headache"),
    ],
)
def test_stopped_me_in_my_tracks_is_how_bad_it_was_not_that_it_is_over(text, symptom):
    found = {(m.symptom_id, m.role) for m in get_extractor().extract(text).symptoms}
    assert (symptom, None) in found


def test_a_form_that_asks_about_a_symptom_is_not_having_it():
    text = "Filling in a form. It asks about seizures. I had one fit as a child. Nothing since."
    found = {(m.symptom_id, m.role) for m in get_extractor().extract(text).symptoms}
    assert ("seizure", None) not in found
