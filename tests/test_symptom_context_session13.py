"""Issue 12, session 13: whose, when and whether, the rule families added this round.

The sentences were written for these tests, not copied from a validation or blind set. A
present symptom has no role (CONTRACT.md); each family keeps its safety side: a symptom that
was dated to a past year stays past.
"""

from __future__ import annotations

import pytest
from support import role

from symptom_nlu.extract import SymptomExtractor

PRESENT = None

# -- when: the year someone wrongly believes it is dates nothing -------------------------------

A_YEAR_BELIEVED = [
    ("since lunch dad has been very confused, he thinks it's 1979", "confusion"),
    ("she's so muddled this evening, convinced we're in 1992", "confusion"),
    ("grandad is confused today and keeps saying it is 1968", "confusion"),
]


@pytest.mark.parametrize("text, symptom_id", A_YEAR_BELIEVED)
def test_confusion_about_the_year_is_present_not_dated_to_it(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("I was very confused after the anaesthetic in 1998", "confusion"),
        ("I had a fit in 2015 after a head injury", "seizure"),
    ],
)
def test_a_symptom_dated_to_a_past_year_stays_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"
