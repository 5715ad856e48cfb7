"""Questions about how a symptom presents, asked only when the answer could raise the level.

    >>> question = next_question(["shortness_of_breath"], [], knowledge, asked=())
    >>> question.id, question.symptom_id
    ('breathless_severity', 'shortness_of_breath')

The questions are data (data/knowledge/presentation_questions.yml). Which one to ask is a
pure function of what is known: the present symptoms, the features already told, treatment
and history, and the questions already asked. A question is asked when a plain "yes" would
raise the urgency (symptom_checker.triage.raised_by_features), its symptom is present and
none of the features that answer it has been said; the one that would raise it most comes
first.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from symptom_checker.triage import (
    ANY_SYMPTOM,
    FEATURES,
    Knowledge,
    raised_by_features,
    urgency_rank,
)

QUESTIONS_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "knowledge" / "presentation_questions.yml"
)
ANSWER_COMMANDS = ("/affirm", "/deny", "/dont_know")


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class PresentationQuestion:
    id: str
    symptoms: tuple[str, ...]
    question: str
    on_yes: frozenset[str]
    answered_by: frozenset[str]
    buttons: tuple[Button, ...]
    source_id: str


@dataclass(frozen=True)
class PendingQuestion:
    """A question to ask now, about one present symptom, and the level a "yes" gives."""

    question: PresentationQuestion
    symptom_id: str
    urgency_if_yes: str

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def key(self) -> str:
        """What the conversation remembers it by: the question and the symptom it was about."""
        return question_key(self.question.id, self.symptom_id)


def question_key(question_id: str, symptom_id: str) -> str:
    return f"{question_id}:{symptom_id}"


@functools.lru_cache(maxsize=4)
def load_questions(path: Path = QUESTIONS_FILE) -> tuple[PresentationQuestion, ...]:
    """The questions of `path`, checked: known features, on_yes among answered_by, buttons."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    questions = []
    seen: set[str] = set()
    for entry in raw.get("questions") or []:
        question = _question(entry)
        if question.id in seen:
            raise ValueError(f"{path.name}: question {question.id!r} is listed twice")
        seen.add(question.id)
        questions.append(question)
    return tuple(questions)


def _question(entry: Mapping[str, object]) -> PresentationQuestion:
    question_id = str(entry["id"])
    on_yes = frozenset(str(value) for value in _listed(entry.get("on_yes")))
    answered_by = frozenset(str(value) for value in _listed(entry.get("answered_by"))) | on_yes
    unknown = (on_yes | answered_by) - set(FEATURES)
    if unknown:
        raise ValueError(f"question {question_id!r}: unknown features {sorted(unknown)}")
    if not on_yes:
        raise ValueError(f"question {question_id!r}: 'on_yes' names no feature")
    buttons = tuple(
        Button(str(button["title"]), str(button["payload"]))
        for button in _listed(entry.get("buttons"))
        if isinstance(button, Mapping)
    )
    for button in buttons:
        if button.payload.startswith("/") and button.payload not in ANSWER_COMMANDS:
            raise ValueError(f"question {question_id!r}: payload {button.payload!r} not allowed")
    symptoms = tuple(str(value) for value in _listed(entry.get("symptoms")))
    if not symptoms:
        raise ValueError(f"question {question_id!r}: 'symptoms' names no symptom")
    return PresentationQuestion(
        id=question_id,
        symptoms=symptoms,
        question=" ".join(str(entry["question"]).split()),
        on_yes=on_yes,
        answered_by=answered_by,
        buttons=buttons,
        source_id=str(entry["source"]),
    )


def _listed(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def question_by_id(question_id: str) -> PresentationQuestion | None:
    return next((q for q in load_questions() if q.id == question_id), None)


def next_question(
    present_ids: Iterable[str],
    negated_ids: Iterable[str],
    knowledge: Knowledge,
    *,
    asked: Collection[str],
    features: Mapping[str, Iterable[str]] | None = None,
    on_treatment: bool | str | None = None,
    cancer_history: bool | str | None = None,
    questions: Iterable[PresentationQuestion] | None = None,
) -> PendingQuestion | None:
    """The question to ask now, or None when no answer could raise the level.

    `asked` holds the keys (PendingQuestion.key) of the questions already asked: each is
    asked once.
    """
    negated = set(negated_ids)
    present = [s for s in dict.fromkeys(present_ids) if s not in negated]
    known = {key: set(values or ()) for key, values in (features or {}).items()}
    best: PendingQuestion | None = None
    for question in load_questions() if questions is None else questions:
        for symptom_id in question.symptoms:
            key = question_key(question.id, symptom_id)
            if symptom_id not in present or key in asked:
                continue
            told = known.get(symptom_id, set()) | known.get(ANY_SYMPTOM, set())
            if told & question.answered_by:
                continue  # they already said how it presents
            raised = raised_by_features(
                present,
                negated,
                knowledge,
                {symptom_id: question.on_yes},
                features=features,
                on_treatment=on_treatment,
                cancer_history=cancer_history,
            )
            if raised and (
                best is None or urgency_rank(raised) > urgency_rank(best.urgency_if_yes)
            ):
                best = PendingQuestion(question, symptom_id, raised)
    return best
