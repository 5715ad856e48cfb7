"""The NLU evaluation's account of disease questions (scripts/evaluate_nlu.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "evaluate_nlu.py"
_spec = importlib.util.spec_from_file_location("evaluate_nlu", SCRIPT)
assert _spec and _spec.loader
evaluate_nlu = importlib.util.module_from_spec(_spec)
sys.modules["evaluate_nlu"] = evaluate_nlu
_spec.loader.exec_module(evaluate_nlu)


def prediction(intent: str, *ranking: tuple[str, float], entities: list | None = None) -> dict:
    return {
        "intent": {"name": intent, "confidence": ranking[0][1] if ranking else 1.0},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "entities": entities or [],
    }


def test_a_clear_right_topic_is_answered():
    got = prediction("ask_recurrence", ("ask_recurrence", 0.9), ("ask_dormant_cells", 0.05))
    assert evaluate_nlu.question_outcome("ask_recurrence", got) == "answered"


def test_a_clear_wrong_topic_is_answered_wrongly():
    got = prediction("ask_how_it_spreads", ("ask_how_it_spreads", 0.7), ("ask_dormant_cells", 0.2))
    assert evaluate_nlu.question_outcome("ask_dormant_cells", got) == "answered another topic"


def test_a_fallback_between_two_topics_is_a_question_offering_both():
    got = prediction(
        "nlu_fallback",
        ("nlu_fallback", 0.3),
        ("ask_how_it_spreads", 0.5),
        ("ask_dormant_cells", 0.46),
    )
    assert evaluate_nlu.question_outcome("ask_dormant_cells", got) == "asked, right topic offered"
    assert evaluate_nlu.question_outcome("ask_recurrence", got) == "asked, right topic not offered"


def test_a_fallback_without_likely_topics_is_not_understood():
    got = prediction("nlu_fallback", ("nlu_fallback", 0.3), ("ask_treatment", 0.2), ("greet", 0.2))
    assert evaluate_nlu.question_outcome("ask_treatment", got) == "not understood"


def test_a_report_naming_a_symptom_is_never_asked_about():
    got = prediction(
        "report_symptom",
        ("report_symptom", 1.0),
        entities=[{"entity": "symptom", "value": "breast_lump"}],
    )
    assert evaluate_nlu.offered_topics(got) == []
    assert (
        evaluate_nlu.question_outcome("ask_male_breast_cancer", got) == "taken as something else"
    )
