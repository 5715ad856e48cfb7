"""The learned emergency net (issues 12 and 18): does a whole message read like an emergency?

The rules of the lexicon and of ``data/knowledge/red_flags.yml`` decide urgency from the
symptoms and features they find. New writers describe emergencies in words no rule has
seen ("the blood it not stop, the towel is full", "my breath is a small bird in a cage"),
and a rule written from one writer's words hardly reaches the next writer's. This model
reads the whole message instead: a logistic regression over its words, word pairs and
letter groups, trained by ``scripts/train_emergency_model.py`` on the retired blind sets
(``tests/nlu/validation_*``: people and acute messages labelled by writers who had not read
our lexicon, as emergency or not). Trained on five writers' sets, it finds about half of
the emergencies the rules miss in the sixth writer's set, for one or two false alarms in
three to four hundred calm messages (``docs/nlu-report.md``).

It never names a symptom. When it is confident (``threshold``) and the rules found a
present symptom of the person, the NLU component adds the feature ``reads_as_emergency``,
and the red-flag rule ``emergency_words`` raises that turn to emergency. Its weights are data
(``resources/en/emergency_model.json``), so scoring needs no scikit-learn and costs well
under a millisecond.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symptom_checker.vocabulary import SYMPTOM_ENTITY

MODEL_FILE = Path(__file__).resolve().parent / "resources" / "en" / "emergency_model.json"

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
LETTER_GROUPS = (3, 4, 5)


def message_grams(text: str) -> dict[str, set[str]]:
    """The message's words (w), word pairs (b) and letter groups of its words (c)."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return {
        "w": set(words),
        "b": {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)},
        "c": {
            padded[i : i + n]
            for word in words
            for padded in (f" {word} ",)
            for n in LETTER_GROUPS
            for i in range(len(padded) - n + 1)
        },
    }


def message_features(text: str, idf: Mapping[str, float]) -> dict[str, float]:
    """The known features of a message, each weighed by how rare it is (``idf``), each
    block (words, pairs, letter groups) scaled to length one, so that a long message weighs
    no more than a short one."""
    features: dict[str, float] = {}
    for kind, grams in message_grams(text).items():
        known = [name for gram in grams if (name := f"{kind}:{gram}") in idf]
        norm = math.sqrt(sum(idf[name] ** 2 for name in known))
        features.update({name: idf[name] / norm for name in known})
    return features


@dataclass(frozen=True)
class EmergencyModel:
    weights: dict[str, float]
    idf: dict[str, float]
    bias: float
    threshold: float

    def probability(self, text: str) -> float:
        """How likely the message is to describe an emergency, from 0 to 1."""
        score = self.bias + sum(
            self.weights.get(name, 0.0) * value
            for name, value in message_features(text, self.idf).items()
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def reads_as_emergency(self, text: str) -> bool:
        return bool(text.strip()) and self.probability(text) >= self.threshold


def read_model(path: Path = MODEL_FILE) -> EmergencyModel:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return EmergencyModel(
        weights={str(k): float(v) for k, v in raw["weights"].items()},
        idf={str(k): float(v) for k, v in raw["idf"].items()},
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
    )


def raises(text: str, entities: Iterable[Mapping[str, Any]], model: EmergencyModel) -> bool:
    """Whether the net marks this message ``reads_as_emergency``: it names a symptom the
    person has now (no role), and the model is confident. "My friend is coughing up blood"
    names only someone else's symptom; an answer such as "since yesterday" names none, and
    too few words to read."""
    if not any(e.get("entity") == SYMPTOM_ENTITY and not e.get("role") for e in entities):
        return False
    return model.reads_as_emergency(text)


@functools.lru_cache(maxsize=1)
def emergency_model() -> EmergencyModel:
    """The shipped model, read once per process on first use."""
    return read_model()
