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


SYMPTOMS = (
    'version: "3.1"\nnlu:\n- intent: report_symptom\n  examples: |\n'
    '    - my [hips ache]{"entity": "symptom", "value": "bone_pain"}\n'
    '    - no [cough]{"entity": "symptom", "value": "cough", "role": "negated"}\n'
)
QUESTIONS = (
    'version: "3.1"\nnlu:\n- intent: ask_recurrence\n  examples: |\n'
    "    - can it come back\n    - will it return\n"
)


def run_gate(tmp_path: Path, monkeypatch, answers: dict[str, dict], *floors: str) -> int:
    """scripts/evaluate_nlu.py's exit code, with the model's parse replaced by `answers`."""
    (tmp_path / "validation.yml").write_text(SYMPTOMS, encoding="utf-8")
    (tmp_path / "questions.yml").write_text(QUESTIONS, encoding="utf-8")

    async def parse_with_answers(model: str, texts: list[str]) -> list[dict]:
        return [answers[text] for text in texts]

    monkeypatch.setattr(evaluate_nlu, "predict", parse_with_answers)
    return evaluate_nlu.main(
        [
            "--data",
            str(tmp_path / "validation.yml"),
            "--questions",
            str(tmp_path / "questions.yml"),
        ]
        + list(floors)
    )


def symptom(value: str, role: str | None = None) -> dict:
    return {"entity": "symptom", "value": value, **({"role": role} if role else {})}


RIGHT = {
    "my hips ache": prediction("report_symptom", entities=[symptom("bone_pain")]),
    "no cough": prediction("report_symptom", entities=[symptom("cough", "negated")]),
    "can it come back": prediction("ask_recurrence", ("ask_recurrence", 0.9)),
    "will it return": prediction("ask_recurrence", ("ask_recurrence", 0.9)),
}
FLOORS = (
    "--min-entity-f1",
    "0.9",
    "--min-intent-accuracy",
    "0.9",
    "--min-negation-accuracy",
    "0.9",
    "--min-questions-accuracy",
    "0.9",
)


def test_the_nlu_gate_passes_when_every_floor_is_met(tmp_path, monkeypatch):
    assert run_gate(tmp_path, monkeypatch, RIGHT, *FLOORS) == 0


def test_the_nlu_gate_fails_when_every_disease_question_is_misread(tmp_path, monkeypatch):
    wrong = dict(RIGHT)
    wrong["can it come back"] = prediction("ask_treatment", ("ask_treatment", 0.9))
    wrong["will it return"] = prediction("greet", ("greet", 0.9))

    assert run_gate(tmp_path, monkeypatch, wrong, *FLOORS) == 1


def test_the_nlu_gate_fails_when_a_negation_is_lost(tmp_path, monkeypatch):
    lost = dict(RIGHT)
    lost["no cough"] = prediction("report_symptom", entities=[symptom("cough")])

    assert run_gate(tmp_path, monkeypatch, lost, "--min-negation-accuracy", "0.9") == 1


def test_the_nlu_gate_fails_when_intents_fall_below_the_floor(tmp_path, monkeypatch):
    misread = dict(RIGHT)
    misread["my hips ache"] = prediction("greet", entities=[symptom("bone_pain")])

    assert run_gate(tmp_path, monkeypatch, misread, "--min-intent-accuracy", "0.9") == 1
    assert run_gate(tmp_path, monkeypatch, misread, "--min-intent-accuracy", "0.5") == 0


def test_the_nlu_gate_fails_when_a_symptom_is_missed(tmp_path, monkeypatch):
    missed = dict(RIGHT)
    missed["my hips ache"] = prediction("report_symptom")

    assert run_gate(tmp_path, monkeypatch, missed, "--min-entity-f1", "0.9") == 1


def test_a_questions_floor_without_a_questions_file_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "validation.yml").write_text(SYMPTOMS, encoding="utf-8")

    async def parse_with_answers(model: str, texts: list[str]) -> list[dict]:
        return [RIGHT[text] for text in texts]

    monkeypatch.setattr(evaluate_nlu, "predict", parse_with_answers)
    argv = ["--data", str(tmp_path / "validation.yml"), "--min-questions-accuracy", "0.5"]
    assert evaluate_nlu.main(argv) == 1


def test_someone_elses_past_and_hypothetical_symptoms_are_not_present_symptoms():
    entities = [
        {"entity": "symptom", "value": "armpit_lump"},
        {"entity": "symptom", "value": "seizure", "role": "negated"},
        {"entity": "symptom", "value": "jaundice", "role": "other_person"},
        {"entity": "symptom", "value": "fracture", "role": "past"},
        {"entity": "symptom", "value": "headache", "role": "hypothetical"},
    ]
    assert evaluate_nlu.symptom_pairs(entities) == {("armpit_lump", False), ("seizure", True)}
