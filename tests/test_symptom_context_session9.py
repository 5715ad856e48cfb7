"""Issue 12, session 9: whose, when and whether, the rule families added this round.

Each table is one rule family of resources/en/context.yml; the sentences were written for these
tests, not copied from a validation or blind set. A present symptom has no role (CONTRACT.md).
Every family has its safety side: the writer's (or the cared-for person's) current symptom
stays present.
"""

from __future__ import annotations

import pytest
from support import role

from symptom_nlu.extract import SymptomExtractor

PRESENT = None


# -- whose: someone else's relative, "their" relative, a misspelt friend -------------------

SOMEONE_ELSES = [
    ("the man next door's wife broke her hip getting out of the bath", "fracture"),
    ("my colleague's son has been having seizures at school", "seizure"),
    ("their dad has been having fits since christmas", "seizure"),
    ("my frend gets awful headaches after work", "headache"),
    ("a freind from church coughed up blood last month", "coughing_blood"),
]


@pytest.mark.parametrize("text, symptom_id", SOMEONE_ELSES)
def test_someone_elses_relative_or_a_misspelt_friend_is_other_person(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "other_person"


# -- whose: a relative's cancer told as their history ---------------------------------------

RELATIVES_CANCER_HISTORY = [
    (
        "my auntie had cancer in her lungs and was coughing up blood. im 45 and scared",
        "coughing_blood",
    ),
    (
        "my gran had breast cancer as well and she was always exhausted, I think of her a lot",
        "fatigue",
    ),
    ("my uncle had bowel cancer and kept being sick, so I worry about my own tummy", "vomiting"),
]


@pytest.mark.parametrize("text, symptom_id", RELATIVES_CANCER_HISTORY)
def test_a_relatives_cancer_history_is_theirs(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "other_person"


CARER_NOW = [
    ("my mum had breast cancer years ago and now she is confused and can't walk", "confusion"),
    ("my grandad had cancer and he has terrible back pain today", "back_pain"),
    ("my dad had lung cancer and this morning he coughed up blood", "coughing_blood"),
]


@pytest.mark.parametrize("text, symptom_id", CARER_NOW)
def test_a_carer_reporting_now_after_the_relatives_history_is_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


# -- when: during a treatment that is over ----------------------------------------------------

DURING_FINISHED_TREATMENT = [
    ("all through my radiotherapy I felt sick, now I'm fine", "vomiting"),
    ("I was breathless throughout treatment but that's long gone", "shortness_of_breath"),
    ("during chemo I could not face food but I eat loads again", "loss_of_appetite"),
]


@pytest.mark.parametrize("text, symptom_id", DURING_FINISHED_TREATMENT)
def test_a_symptom_during_a_treatment_that_is_over_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


DURING_CURRENT_TREATMENT = [
    ("during chemo I get headaches every day", "headache"),
    ("I've been sick every morning during this treatment", "vomiting"),
]


@pytest.mark.parametrize("text, symptom_id", DURING_CURRENT_TREATMENT)
def test_a_symptom_during_a_current_treatment_is_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


# -- whether: what might happen, asked ------------------------------------------------------

ASKED = [
    ("cud the tablets make me go yellow?", "jaundice"),
    ("wud i get headaches if it went to my brain?", "headache"),
    ("could the radiotherapy make me short of breath later?", "shortness_of_breath"),
    ("is there a chance my spine will fracture?", "fracture"),
    ("does this mean I might have a seizure one day?", "seizure"),
]


@pytest.mark.parametrize("text, symptom_id", ASKED)
def test_asking_what_might_happen_is_hypothetical(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


def test_a_question_does_not_hide_the_writers_own_symptom(extractor: SymptomExtractor) -> None:
    text = "could the chemo make me tired? I'm exhausted all the time"
    found = {m.role for m in extractor.extract(text).symptoms if m.symptom_id == "fatigue"}
    assert PRESENT in found
