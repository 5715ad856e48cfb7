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
from test_acute_lay_wording import urgency

from symptom_nlu.extract import get_extractor


def roles(text: str) -> dict[str, str | None]:
    return {m.symptom_id: m.role for m in get_extractor().extract(text).symptoms}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my husband, bless him, has had a fit", "seizure"),
        ("my mum bless her is coughing up blood", "coughing_blood"),
        ("Nan, god bless her, can't stand up this morning and her back is agony", "back_pain"),
    ],
)
def test_a_blessing_of_someone_living_is_a_carers_report_of_now(text, symptom):
    assert roles(text)[symptom] is None


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
    assert roles(text) == {symptom: "other_person"}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my mum was in my car when she had a fit", "seizure"),
        ("we were at the shops when he got chest pain, my dad I mean", "chest_pain"),
    ],
)
def test_when_she_had_a_symptom_is_a_carers_report_when_the_writer_tells_none(text, symptom):
    assert roles(text) == {symptom: None}


def test_when_she_had_is_the_relatives_history_beside_the_writers_own_symptom():
    assert roles("when she had chemo my mum was sick all the time, now I have a lump") == {
        "vomiting": "other_person",
        "breast_lump": None,
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
    found = roles(text)
    assert (found[theirs], found[mine]) == ("other_person", None)
