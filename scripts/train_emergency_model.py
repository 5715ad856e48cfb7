"""Train the learned emergency net (symptom_nlu/emergency_model.py) and write its weights.

    python scripts/train_emergency_model.py         # write resources/en/emergency_model.json
    python scripts/train_emergency_model.py --cross-validate   # leave one writer's set out

It learns from the retired blind sets only: ``tests/nlu/validation_context.yml``,
``validation_people*.yml`` and ``validation_acute*.yml``, whose writers had not read our
lexicon. A people message is an emergency when its writer marked a red flag, an acute
message when its urgency is emergency. It never reads a blind set (``blind_*.yml``): those
measure the model, and a model trained on them would measure nothing.

``--cross-validate`` trains on every set but one and scores the one left out, set by set:
how many of the emergencies the rules miss the model finds, and how many calm messages it
would raise (counted only where the rules found a present symptom, as in the assistant).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "nlu"
OUT = ROOT / "symptom_nlu" / "resources" / "en" / "emergency_model.json"
THRESHOLD = 0.8
C = 4.0
MIN_DOCUMENTS = 2
SMALLEST_WEIGHT = 0.002


def set_number(path: Path) -> int | None:
    """Which writer's set a validation file belongs to (people and acute files pair up)."""
    name = path.name
    if "blind" in name:
        raise ValueError(f"{name}: a blind set is never trained on")
    if name in ("validation_context.yml", "validation_acute.yml"):
        return 1
    if name in ("validation_people.yml", "validation_acute_2.yml"):
        return 2
    found = re.fullmatch(r"validation_(?:people|acute)_(\d+)\.yml", name)
    return int(found.group(1)) if found else None


def training_files(folder: Path = SETS) -> list[Path]:
    """The retired sets' people and acute files (a blind file never matches the pattern, and
    set_number refuses one by name)."""
    return sorted(path for path in folder.glob("validation*.yml") if set_number(path) is not None)


def labelled_messages(paths: list[Path]) -> list[tuple[int, str, int]]:
    """(set number, text, 1 when an emergency) for every message of the files."""
    out = []
    for path in paths:
        number = set_number(path)
        assert number is not None
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        acute = "acute" in path.name
        for item in raw["messages"] if isinstance(raw, dict) else raw:
            label = item["urgency"] == "emergency" if acute else bool(item.get("red_flag"))
            out.append((number, str(item["text"]), int(label)))
    return out


def fit(texts: list[str], labels: list[int]) -> tuple[dict[str, float], dict[str, float], float]:
    """Weights, rarity (idf) of every known feature, and bias of a model trained on texts."""
    import math

    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    from symptom_nlu.emergency_model import message_features, message_grams

    documents: dict[str, int] = {}
    for text in texts:
        for kind, grams in message_grams(text).items():
            for gram in grams:
                documents[f"{kind}:{gram}"] = documents.get(f"{kind}:{gram}", 0) + 1
    total = len(texts)
    idf = {
        name: round(math.log((1 + total) / (1 + count)) + 1, 4)
        for name, count in documents.items()
        if count >= MIN_DOCUMENTS
    }
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([message_features(text, idf) for text in texts])
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    model.fit(matrix, labels)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= SMALLEST_WEIGHT
    }
    return weights, idf, round(float(model.intercept_[0]), 4)


def fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train(out: Path = OUT, threshold: float = THRESHOLD) -> dict[str, Any]:
    paths = training_files()
    data = labelled_messages(paths)
    weights, idf, bias = fit([t for _, t, _ in data], [y for _, _, y in data])
    model = {
        "threshold": threshold,
        "trained_on": {
            "files": [p.name for p in paths],
            "fingerprint": fingerprint(paths),
            "messages": len(data),
            "emergencies": sum(y for _, _, y in data),
        },
        "bias": bias,
        "weights": dict(sorted(weights.items())),
        "idf": dict(sorted(idf.items())),
    }
    out.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return model


@dataclass(frozen=True)
class ReadByRules:
    """One message as the word rules read it, without Rasa: its entities, and its urgency
    without and with the net's feature (what the assistant would say either way)."""

    entities: list[dict[str, Any]]
    urgency: str
    urgency_with_the_net: str


def read_by_rules(texts: list[str]) -> list[ReadByRules]:
    """Each message read as the assistant reads it (symptom_nlu.entities), without the net,
    and its urgency without and with the net's feature (scripts.evaluate_context)."""
    from actions.config import knowledge
    from scripts.evaluate_context import urgency_of_message
    from symptom_checker.vocabulary import FEATURE_ENTITY, READS_AS_EMERGENCY
    from symptom_nlu.entities import entity, message_entities
    from symptom_nlu.extract import get_extractor

    extractor, kb = get_extractor(), knowledge()
    out = []
    for text in texts:
        found = message_entities(text, extractor.extract(text), "cv", net=None)
        flag = entity(FEATURE_ENTITY, 0, len(text), READS_AS_EMERGENCY, "cv")
        out.append(
            ReadByRules(
                found,
                urgency_of_message(text, found, kb),
                urgency_of_message(text, [*found, flag], kb),
            )
        )
    return out


def cross_validate(
    threshold: float = THRESHOLD, only: list[int] | None = None
) -> list[dict[str, Any]]:
    """Leave one writer's set out: train on the others, and count on the one left out the
    emergencies the rules miss that the net raises, and the calm messages it raises."""
    from symptom_nlu.emergency_model import EmergencyModel, raises

    data = labelled_messages(training_files())
    rows = []
    for held in sorted({n for n, _, _ in data} if only is None else only):
        train_part = [(t, y) for n, t, y in data if n != held]
        test_part = [(t, y) for n, t, y in data if n == held]
        weights, idf, bias = fit([t for t, _ in train_part], [y for _, y in train_part])
        model = EmergencyModel(weights, idf, bias, threshold)
        read = read_by_rules([t for t, _ in test_part])
        missed: list[bool] = []
        calm: list[bool] = []
        for (text, emergency), rules in zip(test_part, read, strict=True):
            if rules.urgency != "emergency":
                raised = rules.urgency_with_the_net == "emergency" and raises(
                    text, rules.entities, model
                )
                (missed if emergency else calm).append(raised)
        rows.append(
            {
                "set": held,
                "messages": len(test_part),
                "emergencies": sum(y for _, y in test_part),
                "missed_by_rules": len(missed),
                "found_by_model": sum(missed),
                "calm_not_raised_by_rules": len(calm),
                "raised_by_model": sum(calm),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args(argv)
    if args.cross_validate:
        print(
            "| set left out | messages | emergencies | missed by the rules | found by the model "
            "| calm, not raised by the rules | raised by the model |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in cross_validate(args.threshold):
            print("| " + " | ".join(str(v) for v in row.values()) + " |")
        return 0
    model = train(threshold=args.threshold)
    trained = model["trained_on"]
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(model['weights'])} weights, "
        f"{trained['messages']} messages ({trained['emergencies']} emergencies)"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
