"""Whose symptom a carer tells (issues 12 and 19): a relative's, unless the writer speaks of
themselves between the relative and the symptom.

"I called 999 because my dad is coughing up blood": the writer's "I" comes before the
relative is named, so the blood is the father's. "My husband says I was shaking": the "I"
comes after the husband and before the symptom, so the shaking is the writer's.
"""

from __future__ import annotations

import pytest

from symptom_nlu.extract import get_extractor


def relative_flags(text: str) -> dict[str, bool]:
    return {m.symptom_id: m.relative for m in get_extractor().extract(text).symptoms}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I called 999 because my dad is coughing up blood", "coughing_blood"),
        ("I'm worried, my mum has a bad cough", "cough"),
        ("I found my dad on the floor, he had a fit", "seizure"),
        ("my mum had a fit in front of me", "seizure"),
        ("my sister had a fit, so I'm scared", "seizure"),
    ],
)
def test_a_writers_word_before_the_relative_or_after_the_symptom_leaves_it_the_relatives(
    text, symptom
):
    assert relative_flags(text) == {symptom: True}


@pytest.mark.parametrize(
    "text",
    ["my husband says I was shaking on the floor", "my husband says I had a fit last night"],
)
def test_the_writer_named_between_the_relative_and_the_symptom_is_the_one_who_has_it(text):
    assert relative_flags(text) == {"seizure": False}
