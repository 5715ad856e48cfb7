"""Session 30: the context rules' shared word lists, and clause-opening times read once.

``cancelled_by`` lists in context.yml may hold other lists (YAML anchors), so the words of
today (&recent_event) and the events over the moment they happen (&event_over) are written
once and named by every rule that needs them.
"""

from __future__ import annotations

import pytest

from symptom_nlu.components.context import _flat_words, load_context_rules
from symptom_nlu.extract import get_extractor


def _rule(literal_start: str, symptoms: frozenset[str] = frozenset()):
    rules, _, _ = load_context_rules()
    found = [r for r in rules if r.literal.startswith(literal_start) and r.symptoms == symptoms]
    assert len(found) == 1, literal_start
    return found[0]


def test_nested_word_lists_are_flattened_and_lower_cased() -> None:
    assert _flat_words([["Today", "hour"], ["Fit"], "blood"]) == ["today", "hour", "fit", "blood"]
    assert _flat_words(None) == []


def test_fine_now_is_cancelled_by_the_times_of_today_and_by_the_events() -> None:
    fine_now = _rule("(cleared up|cleared|all cleared up|")
    back_to_himself = _rule("back to (himself")
    none_today = _rule("(none|nothing|not one|not any|no more) today")
    assert fine_now.cancelled_by == back_to_himself.cancelled_by | none_today.cancelled_by
    assert {"today", "fainted", "blood"} <= fine_now.cancelled_by
    assert "today" not in none_today.cancelled_by  # "none today" itself says today
    assert "fit" in none_today.cancelled_by
    # one rule for every symptom: the tablets that hide a fever are not_over_with's, not a
    # copy of the rule for the fever (session 36)
    assert not fine_now.symptoms and not fine_now.except_symptoms
    assert "paracetamol" not in fine_now.cancelled_by


@pytest.mark.parametrize(
    "text, symptom_id, role",
    [
        ("coughed up blood last night, none today", "coughing_blood", None),
        ("had a temperature on monday, none today", "fever", "past"),
        ("I passed out in the queue this morning but I'm fine now", "fainting", None),
        ("I have chest pain and years ago I had a clot", "chest_pain", None),
        ("my back aches and last year my mum had a clot", "back_pain", None),
    ],
)
def test_the_shared_lists_and_the_fronted_times_still_read_the_same(
    text: str, symptom_id: str, role: str | None
) -> None:
    found = [(m.symptom_id, m.role) for m in get_extractor().extract(text).symptoms]
    assert (symptom_id, role) in found, found
