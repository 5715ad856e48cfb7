"""The learned role fallback (issue 12): a small linear model over a mention's sentence.

Where no context rule decides a mention's role, ``symptom_nlu_context`` asks this model; a
role other than present is taken only when the model is confident (``threshold``). The model
is a multinomial logistic regression trained by ``scripts/train_role_model.py`` on our own
data only (the templates of ``resources/en/role_templates.yml`` filled with our lexicon's
wordings, and our NLU training examples); its weights are data in
``resources/en/role_model.json``, so scoring needs no scikit-learn and costs microseconds.

Features (``mention_features``): the words just before and after the mention, the first
words of its sentence, whether the sentence is a question, who its subject is (I / my
relative / she / you / people) and its tense markers.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from symptom_nlu.lexicon import load_word_lists, resource_path, word_set

ROLES = ("present", "past", "other_person", "hypothetical")
WINDOW = 4

SECOND_PERSON = frozenset({"you", "u", "your", "you're", "someone", "people", "anyone"})
PAST_WORDS = frozenset(
    {"had", "was", "were", "used", "ago", "years", "cleared", "gone", "healed", "went",
     "stopped", "back", "last", "when", "before"}
)  # fmt: skip
NOW_WORDS = frozenset(
    {"now", "since", "today", "yesterday", "morning", "night", "still", "keep", "keeps",
     "been", "have", "has", "got", "getting", "week", "days"}
)  # fmt: skip
MODALS = frozenset({"can", "could", "would", "will", "might", "may", "should", "does", "if"})


@functools.lru_cache(maxsize=1)
def person_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First person, third person and relatives: context.yml's lists, the same words the
    context rules and the dialogue read."""
    words = load_word_lists("context.yml")
    return (
        word_set(words.get("first_person"), "context first_person"),
        word_set(words.get("third_person"), "context third_person"),
        word_set(words.get("relatives"), "context relatives"),
    )


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def mention_features(words: Sequence[str], start: int, end: int) -> list[str]:
    """Features of the mention words[start:end] in its sentence ``words`` (lower-cased)."""
    words = [_norm(w) for w in words]
    before = words[max(0, start - WINDOW) : start]
    after = words[end : end + WINDOW]
    out = [f"b:{w}" for w in before] + [f"a:{w}" for w in after]
    out += [f"b1:{words[start - 1]}" if start else "b1:<s>"]
    out += [f"s:{w}" for w in words[:2]]
    rest = set(words[:start]) | set(words[end:])
    first_person, third_person, relatives = person_words()
    groups = (
        ("fp", first_person),
        ("tp", third_person),
        ("sp", SECOND_PERSON),
        ("rel", relatives),
        ("pastw", PAST_WORDS),
        ("noww", NOW_WORDS),
        ("modal", MODALS),
    )
    for name, group in groups:
        if rest & group:
            out.append(f"has:{name}")
        if set(before) & group:
            out.append(f"near:{name}")
    if "?" in "".join(words[end:]) or (words and words[-1].endswith("?")):
        out.append("question")
    out.append("bias")
    return out


@dataclass(frozen=True)
class RoleModel:
    """Weights per role and feature; ``predict`` gives each role's probability."""

    weights: dict[str, dict[str, float]]
    threshold: float

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        scores = {
            role: sum(table.get(f, 0.0) for f in features) for role, table in self.weights.items()
        }
        top = max(scores.values())
        exp = {role: math.exp(s - top) for role, s in scores.items()}
        total = sum(exp.values())
        return {role: value / total for role, value in exp.items()}

    def decide(self, features: Sequence[str]) -> str | None:
        """A non-present role when the model is confident of it, else None."""
        probabilities = self.probabilities(features)
        role, p = max(probabilities.items(), key=lambda item: item[1])
        if role == "present" or p < self.threshold:
            return None
        return role


def load_role_model(resources: str = "", filename: str = "role_model.json") -> RoleModel | None:
    """The trained weights, or None when the file is missing (the rules then decide alone)."""
    path = Path(resource_path(filename, resources or None))
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return RoleModel(
        weights={r: dict(t) for r, t in data["weights"].items()},
        threshold=float(data["threshold"]),
    )
