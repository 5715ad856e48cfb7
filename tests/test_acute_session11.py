"""Acute-oncology emergencies in words met in session 11 (issue 18), from the message to its
urgency: lexicon, feature words and triage rules together, without the intent model.

Sentences written for these tests, not copied from a validation or blind set. The traps beside
them are what the same words must not turn into an emergency.
"""

from __future__ import annotations

import pytest
from support import urgency

from symptom_nlu.extract import SymptomExtractor

EMERGENCIES = [
    # numb from the waist down: new numbness of the legs (spinal cord)
    "spine mets. I've gone numb from the hips down since lunchtime",
    # a leg that does not obey, walking said to be hard
    "my right leg doesn't obey me any more",
    "walking has become really difficult since yesterday",
    # back pain going down a leg, in a plain present form, like an electric shock
    "my lower back hurts and the pain go down into my left leg like electric",
    # new confusion as a carer or a non-native writer says it
    "since this afternoon dad says things that make no sense",
    "she didn't recognise her own house when we got back",
    # feeling unwell on immunotherapy, "like with flu"
    "I had my immunotherapy on Tuesday and now I feel terrible, like with the flu",
    # face swelling as it happens, with a noise named before the breath
    "her face has been getting puffier all week and there's a whistling sound when she breathes",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_an_acute_emergency_in_these_words_is_an_emergency(
    extractor: SymptomExtractor, knowledge, text: str
) -> None:
    assert urgency(extractor, knowledge, text) == "emergency"


NOT_EMERGENCIES = [
    # a leg that "goes down" a step is no radiating pain, and no back pain here
    "my knee aches when I go down the stairs",
    # talking about sense, not confusion
    "the leaflet says things that make no sense to me, can you explain secondary cancer?",
    # a flu jab, not feeling unwell on treatment
    "I had my flu jab today, is that ok with tamoxifen?",
]


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_the_same_words_without_the_emergency_are_not_one(
    extractor: SymptomExtractor, knowledge, text: str
) -> None:
    assert urgency(extractor, knowledge, text) != "emergency"
