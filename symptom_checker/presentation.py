"""Questions about how a symptom presents, asked only when the answer could raise the level.

    >>> question = next_question(["shortness_of_breath"], [], knowledge, asked=())
    >>> question.id, question.symptom_id
    ('breathless_severity', 'shortness_of_breath')

The questions are data (data/knowledge/presentation_questions.yml, read and checked with the
rest of the knowledge into `Knowledge.presentation_questions()`). Which one to ask is a
pure function of what is known: the present symptoms, the features already told, treatment
and history, and the questions already asked. A question is asked when a plain "yes" would
raise the urgency (symptom_checker.triage.raised_by_features), its symptom is present and
none of the features that answer it has been said; the one that would raise it most comes
first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from symptom_checker.knowledge import Knowledge, PresentationQuestion
from symptom_checker.triage import ANY_SYMPTOM, raised_by_features, urgency_rank


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
    if questions is None:
        questions = knowledge.presentation_questions()
    for question in questions:
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
