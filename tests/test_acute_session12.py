"""Acute-oncology wording met in session 12 (issue 18), from the message to its urgency:
lexicon, feature words and triage rules together, without the intent model.

Sentences written for these tests, not copied from a validation or blind set. The traps beside
them are what the same words must not turn into an emergency or a symptom.
"""

from __future__ import annotations

import pytest
from support import roles_by_id, urgency

from symptom_nlu.extract import SymptomExtractor

EMERGENCIES = [
    # a fit as a witness tells it: foam or froth at the mouth
    "my husband collapsed and was frothing at the mouth for a minute",
    "there was foam coming out of her mouth and she didn't know us",
    # high calcium with confusion: thirst that will not go, water all day, a count of wees
    "mum wants to drink water all the time, she's urinating ten times a day and she's muddled",
    "I have a thirst I just can't get rid of, I'm weeing many times a night and I'm so confused",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_an_acute_emergency_in_these_words_is_an_emergency(
    extractor: SymptomExtractor, knowledge, text: str
) -> None:
    assert urgency(extractor, knowledge, text) == "emergency"


CALCIUM_SIGNS = [
    ("I pass water so many times a day now", "frequent_urination"),
    ("he is peeing twenty times a day", "frequent_urination"),
    ("a thirst I can't shake however much I drink", "excessive_thirst"),
    ("she needs to drink water constantly", "excessive_thirst"),
]


@pytest.mark.parametrize("text, symptom_id", CALCIUM_SIGNS)
def test_a_sign_of_high_calcium_in_these_words_is_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert roles_by_id(extractor, text).get(symptom_id) == {None}


NOT_SYMPTOMS = [
    "the milk frother makes a lovely foam on my coffee",
    "I blew a raspberry and got froth on my chin",
]


@pytest.mark.parametrize("text", NOT_SYMPTOMS)
def test_foam_that_is_not_at_a_mouth_is_not_a_fit(extractor: SymptomExtractor, text: str) -> None:
    assert "seizure" not in roles_by_id(extractor, text)
