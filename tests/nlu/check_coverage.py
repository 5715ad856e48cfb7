"""Counts what the NLU training data and the held-out split cover.

`coverage_report(train_dir, heldout_path)` loads both with Rasa's own reader (so a file Rasa
cannot read fails here too) and returns, per split, the examples per intent and the symptom
mentions per canonical id (present / negated), plus the problems that break our data rules:
too few mentions, held-out lines that also appear in training, duplicates, one example under
two intents, one annotated text mapped to two symptom ids, spans cut inside a word, symptom
entities outside `report_symptom`.

Run from the repository root:
    python tests/nlu/check_coverage.py [data/nlu] [tests/nlu/validation.yml]
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

# Run as a script (python tests/nlu/check_coverage.py): the contract's ids live in one place.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.contract import ACUTE_ONCOLOGY_SYMPTOM_IDS, CONTRACT_SYMPTOM_IDS  # noqa: E402

# Both tables of the contract: the training data must cover the acute-oncology ids as well.
CANONICAL_SYMPTOM_IDS = CONTRACT_SYMPTOM_IDS + ACUTE_ONCOLOGY_SYMPTOM_IDS

SYMPTOM_INTENT = "report_symptom"
NEGATED_ROLE = "negated"
SIDES = ("left", "right")

MIN_TRAIN_MENTIONS = 12
MIN_HELDOUT_MENTIONS = 4
MIN_HELDOUT_NEGATED = 2


class Example(NamedTuple):
    text: str
    intent: str
    entities: list[dict[str, Any]]


def load_examples(path: Path) -> list[Example]:
    """Reads NLU examples (a file or a directory of files) with Rasa's loader."""
    from rasa.shared.nlu.training_data.loading import load_data

    training_data = load_data(str(path))
    return [
        Example(msg.get("text"), msg.get("intent"), list(msg.get("entities") or []))
        for msg in training_data.intent_examples
    ]


def people_set_messages(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every message a person sends in a set of people's own writing
    (tests/nlu/blind_*, validation_* and dev_*.yml): single messages and the messages of
    conversations, which take their conversation's style."""
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [
        (str(item.get("style") or ""), str(item["text"])) for item in raw.get("messages") or []
    ]
    for conversation in raw.get("conversations") or []:
        style = str(conversation.get("style") or "")
        found += [(style, str(message)) for message in conversation["messages"]]
    return found


def people_set_texts(path: Path) -> list[str]:
    """Every message a person sends in a set of people's own writing (people_set_messages)."""
    return [text for _, text in people_set_messages(path)]


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


NEAR_DUPLICATE_RATIO = 0.9


def comparable(text: str) -> str:
    """Lower case, letters and digits only: "I've" and "ive", "hips!" and "hips" are the same."""
    kept = "".join(c if c.isalnum() or c.isspace() else "" for c in text.lower())
    return " ".join(kept.split())


def near_duplicates(
    texts: Iterable[str], training: Iterable[str], ratio: float = NEAR_DUPLICATE_RATIO
) -> list[tuple[str, str, float]]:
    """(text, training sentence, similarity) for each text that is a training sentence, or
    nearly one (difflib's SequenceMatcher ratio >= `ratio`), once case and punctuation go."""
    from difflib import SequenceMatcher

    train = sorted({comparable(t) for t in training})
    found = []
    for text in texts:
        mine = comparable(text)
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(mine)
        best, best_ratio = "", 0.0
        for other in train:
            matcher.set_seq1(other)
            if (
                matcher.real_quick_ratio() >= ratio
                and matcher.quick_ratio() >= ratio
                and matcher.ratio() >= max(ratio, best_ratio + 1e-9)
            ):
                best, best_ratio = other, matcher.ratio()
        if best:
            found.append((text, best, round(best_ratio, 3)))
    return found


def _split_counts(examples: Iterable[Example]) -> dict[str, Any]:
    intents: Counter = Counter()
    symptoms: dict[str, Counter] = {sid: Counter() for sid in CANONICAL_SYMPTOM_IDS}
    entities: Counter = Counter()
    multi_symptom = negating = 0
    for example in examples:
        intents[example.intent] += 1
        found = [e for e in example.entities if e["entity"] == "symptom"]
        multi_symptom += len(found) >= 2
        negating += any(e.get("role") == NEGATED_ROLE for e in found)
        for entity in example.entities:
            label = entity["entity"] + (f":{entity['role']}" if entity.get("role") else "")
            entities[label] += 1
            if entity["entity"] == "symptom":
                kind = "negated" if entity.get("role") == NEGATED_ROLE else "present"
                symptoms.setdefault(entity["value"], Counter())[kind] += 1
    return {
        "examples": sum(intents.values()),
        "intents": dict(sorted(intents.items())),
        "entities": dict(sorted(entities.items())),
        "symptoms": {
            sid: {"present": c["present"], "negated": c["negated"]} for sid, c in symptoms.items()
        },
        "examples_with_several_symptoms": multi_symptom,
        "examples_with_a_negated_symptom": negating,
    }


def _annotation_problems(examples: Iterable[Example], where: str) -> list[str]:
    problems = []
    for ex in examples:
        for e in ex.entities:
            start, end = e["start"], e["end"]
            span = ex.text[start:end]
            cut_inside_word = (start > 0 and ex.text[start - 1].isalnum()) or (
                end < len(ex.text) and ex.text[end].isalnum()
            )
            if cut_inside_word or span != span.strip():
                problems.append(f"{where}: span {span!r} is not on word boundaries: {ex.text!r}")
            if e["entity"] == "symptom":
                if e.get("value") not in CANONICAL_SYMPTOM_IDS:
                    problems.append(f"{where}: unknown symptom id {e.get('value')!r}: {ex.text!r}")
                if e.get("role") not in (None, NEGATED_ROLE):
                    problems.append(f"{where}: unknown role {e.get('role')!r}: {ex.text!r}")
                if ex.intent != SYMPTOM_INTENT:
                    problems.append(f"{where}: symptom annotated in {ex.intent}: {ex.text!r}")
            elif e["entity"] == "side" and e.get("value", span) not in SIDES:
                problems.append(f"{where}: side must be left or right: {ex.text!r}")
    return problems


def _synonym_conflicts(examples: Iterable[Example]) -> dict[str, list[str]]:
    """Annotated texts that map to more than one symptom id (the synonym mapper keeps one)."""
    values: dict[str, set] = defaultdict(set)
    for ex in examples:
        for e in ex.entities:
            if e["entity"] == "symptom":
                values[_normalise(ex.text[e["start"] : e["end"]])].add(e["value"])
    return {text: sorted(v) for text, v in sorted(values.items()) if len(v) > 1}


def _duplicates(examples: Iterable[Example], where: str) -> list[str]:
    intents_by_text: dict[str, list[str]] = defaultdict(list)
    for ex in examples:
        intents_by_text[_normalise(ex.text)].append(ex.intent)
    problems = []
    for text, intents in intents_by_text.items():
        if len(set(intents)) > 1:
            problems.append(f"{where}: {text!r} is under several intents {sorted(set(intents))}")
        elif len(intents) > 1:
            problems.append(f"{where}: {text!r} appears {len(intents)} times")
    return problems


def coverage_report(
    train_dir: str | Path,
    heldout_path: str | Path,
    *,
    loader: Callable[[Path], list[Example]] = load_examples,
) -> dict[str, Any]:
    """Counts per intent and per symptom id for both splits, and every rule they break."""
    train = loader(Path(train_dir))
    heldout = loader(Path(heldout_path))
    report: dict[str, Any] = {"train": _split_counts(train), "heldout": _split_counts(heldout)}

    problems = _duplicates(train, "train") + _duplicates(heldout, "heldout")
    problems += _annotation_problems(train, "train") + _annotation_problems(heldout, "heldout")

    leaked = near_duplicates(sorted({ex.text for ex in heldout}), (ex.text for ex in train))
    problems += [
        f"validation line {text!r} is (nearly) the training line {other!r} ({r})"
        for text, other, r in leaked
    ]

    for sid in CANONICAL_SYMPTOM_IDS:
        t = report["train"]["symptoms"][sid]
        h = report["heldout"]["symptoms"][sid]
        if t["present"] + t["negated"] < MIN_TRAIN_MENTIONS:
            problems.append(f"{sid}: {t['present'] + t['negated']} training mentions")
        if t["negated"] == 0:
            problems.append(f"{sid}: never negated in training")
        if h["present"] + h["negated"] < MIN_HELDOUT_MENTIONS:
            problems.append(f"{sid}: {h['present'] + h['negated']} held-out mentions")
        if h["negated"] < MIN_HELDOUT_NEGATED:
            problems.append(f"{sid}: {h['negated']} negated held-out mentions")
    missing = sorted(set(report["train"]["intents"]) - set(report["heldout"]["intents"]))
    problems += [f"intent {intent} has no held-out example" for intent in missing]

    report["synonym_conflicts"] = _synonym_conflicts(train)
    problems += [
        f"{text!r} is annotated as {ids}" for text, ids in report["synonym_conflicts"].items()
    ]
    report["heldout_overlap"] = leaked
    report["problems"] = problems
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    train_dir = args[0] if args else "data/nlu"
    heldout_path = args[1] if len(args) > 1 else "tests/nlu/validation.yml"
    report = coverage_report(train_dir, heldout_path)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
