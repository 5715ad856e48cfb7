"""Bone pain in someone with breast cancer, and a leg that takes no weight at all, is a
possible break through a bone weakened by spread: an emergency (NHS, a suspected broken hip).
"Can't put any weight on it" is being unable to stand on it, not pain on standing."""

from __future__ import annotations

import pytest

from symptom_checker.triage import assess
from symptom_nlu.features import find_person_mentions


def features(text: str) -> set[str]:
    return {m.value for m in find_person_mentions(text) if m.entity == "feature"}


@pytest.mark.parametrize(
    "text",
    [
        "I stepped off the kerb and felt something give. Can't put any weight on it now.",
        "she can't bear any weight on that leg since she got up",
        "unable to weight bear on the left since last night",
    ],
)
def test_a_leg_that_takes_no_weight_is_one_that_cannot_be_walked_on(text):
    assert "cannot_walk" in features(text)


def test_bone_pain_and_no_weight_on_it_after_breast_cancer_is_an_emergency(knowledge):
    facts = {"features": {"bone_pain": ["cannot_walk"]}, "cancer_history": "yes"}
    assert assess(["bone_pain"], [], knowledge, **facts).urgency == "emergency"


def test_pain_when_standing_is_still_not_an_emergency_on_its_own(knowledge):
    assert "cannot_walk" not in features("my hip hurts when I stand up")
    facts = {"features": {"bone_pain": sorted(features("my hip hurts when I stand up"))}}
    assert (
        assess(["bone_pain"], [], knowledge, cancer_history="yes", **facts).urgency != "emergency"
    )


@pytest.mark.parametrize(
    "text", ["Hip's been aching a couple of months. Known bone spread.", "I've got liver spread"]
)
def test_known_spread_is_a_breast_cancer_history(text):
    found = [m for m in find_person_mentions(text) if m.entity == "cancer_history"]
    assert [(m.value, m.role) for m in found] == [("breast_cancer", None)]
