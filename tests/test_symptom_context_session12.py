"""Issue 12, session 12: whose, when and whether, the rule families added this round.

The sentences were written for these tests, not copied from a validation or blind set. A
present symptom has no role (CONTRACT.md); each family keeps its safety side: the writer's own
current symptom stays present, and a symptom that did stop or go away stays past.
"""

from __future__ import annotations

import pytest
from support import role

from symptom_nlu.extract import SymptomExtractor

PRESENT = None

# -- when: asking whether it will stop is not saying it has ----------------------------------

ASKED_IF_IT_WILL_STOP = [
    ("I've been sick three times today, will it stop?", "vomiting"),
    ("my head has been pounding since Sunday. when will it go away", "headache"),
    ("I've had a bad headache for two days, will it go away?", "headache"),
    ("my lower back aches, when will it stop", "back_pain"),
    ("this cough is driving me mad, is it ever going to clear up?", "cough"),
    ("my hip aches all the time, how long until it settles down", "bone_pain"),
]


@pytest.mark.parametrize("text, symptom_id", ASKED_IF_IT_WILL_STOP)
def test_a_symptom_asked_about_stopping_is_still_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


STOPPED = [
    ("I was sick twice on Monday but it stopped the next day", "vomiting"),
    ("had a headache at the weekend, it went away on its own", "headache"),
]


@pytest.mark.parametrize("text, symptom_id", STOPPED)
def test_a_symptom_that_stopped_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


# -- whether: a question someone asked about the writer's own symptom -------------------------

ASKED_ABOUT_MY_OWN = [
    ("The breast nurse asked me if my lump was tender", "breast_lump"),
    ("the GP wanted to know whether my cough is worse at night", "cough"),
    ("the doctor asked if my headaches wake me at night", "headache"),
    ("my oncologist asked if these headaches wake me up", "headache"),
]


@pytest.mark.parametrize("text, symptom_id", ASKED_ABOUT_MY_OWN)
def test_a_question_about_the_writers_own_symptom_leaves_it_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


ASKED_WHETHER_AT_ALL = [
    ("The nurse asked me if I had any lumps in my breast", "breast_lump"),
    ("my doctor asked whether I'd had any headaches", "headache"),
]


@pytest.mark.parametrize("text, symptom_id", ASKED_WHETHER_AT_ALL)
def test_a_question_whether_there_is_a_symptom_at_all_stays_asked(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


# -- negation: how someone was before is not a denial now -------------------------------------

BEFORE_NOT_NOW = [
    (
        "no, she's never been like this before, not even a little confused, it started tonight",
        "confusion",
    ),
]


@pytest.mark.parametrize("text, symptom_id", BEFORE_NOT_NOW)
def test_never_like_this_before_not_even_a_bit_is_not_a_denial(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_a_plain_denial_after_never_like_this_stays_negated(extractor: SymptomExtractor) -> None:
    assert (
        role(extractor, "he's never been like this before, no confusion, just sleepy", "confusion")
        == "negated"
    )
