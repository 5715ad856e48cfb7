#!/usr/bin/env python
"""Train the learned role fallback (symptom_nlu/role_model.py) on our own data only.

Examples: the templates of symptom_nlu/resources/en/role_templates.yml filled with wordings
from lexicon.yml, and the present (role-less) symptom mentions of data/nlu/symptoms.yml. Never
a validation or blind set. Writes symptom_nlu/resources/en/role_model.json (weights as data).

    python scripts/train_role_model.py [--threshold 0.9] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from symptom_nlu.lexicon import expand_phrase, load_lexicon, resource_path  # noqa: E402
from symptom_nlu.role_model import ROLES, mention_features  # noqa: E402

ANNOTATED = re.compile(r"\[([^\]]+)\]\{([^}]+)\}")
WORDINGS_PER_SYMPTOM = 3


def tokens(nlp, text: str) -> list[str]:
    return [t.text for t in nlp.make_doc(text)]


def template_examples(nlp, rng: random.Random) -> list[tuple[list[str], str]]:
    spec = yaml.safe_load(resource_path("role_templates.yml").read_text(encoding="utf-8"))
    fill = spec["fill"]
    lexicon = load_lexicon()
    wordings = []
    for entry in lexicon.symptoms.values():
        phrases = [p for t in entry.terms for p in expand_phrase(t)][:40]
        wordings += rng.sample(phrases, min(WORDINGS_PER_SYMPTOM, len(phrases)))
    out = []
    for role, templates in spec["templates"].items():
        for template in templates:
            for wording in rng.sample(wordings, min(60, len(wordings))):
                text = template
                for slot, values in fill.items():
                    text = text.replace("{" + slot + "}", rng.choice(values))
                before, _, after = text.partition("{s}")
                left, middle = tokens(nlp, before), tokens(nlp, wording)
                words = left + middle + tokens(nlp, after)
                start = len(left)
                out.append((mention_features(words, start, start + len(middle)), role))
    return out


def training_data_examples(nlp) -> list[tuple[list[str], str]]:
    """Role-less symptom mentions of our NLU training data are present."""
    raw = yaml.safe_load((ROOT / "data" / "nlu" / "symptoms.yml").read_text(encoding="utf-8"))
    out = []
    for block in raw.get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip().removeprefix("- ")
            for match in ANNOTATED.finditer(line):
                try:
                    meta = json.loads("{" + match.group(2) + "}")
                except json.JSONDecodeError:
                    continue
                if meta.get("entity") != "symptom" or meta.get("role"):
                    continue
                before = ANNOTATED.sub(lambda m: m.group(1), line[: match.start()])
                after = ANNOTATED.sub(lambda m: m.group(1), line[match.end() :])
                left, middle = tokens(nlp, before), tokens(nlp, match.group(1))
                words = left + middle + tokens(nlp, after)
                start = len(left)
                out.append((mention_features(words, start, start + len(middle)), "present"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--out", type=Path, default=resource_path("role_model.json"))
    args = parser.parse_args(argv)

    import spacy
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    nlp = spacy.blank("en")
    rng = random.Random(12)
    examples = template_examples(nlp, rng) + training_data_examples(nlp)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1.0 for f in feats} for feats, _ in examples])
    y = [role for _, role in examples]
    model = LogisticRegression(C=0.5, max_iter=2000)
    model.fit(x, y)
    names = vectorizer.get_feature_names_out()
    weights: dict[str, dict[str, float]] = {}
    for row, role in zip(model.coef_, model.classes_, strict=True):
        table = {
            str(n): round(float(w), 4) for n, w in zip(names, row, strict=True) if abs(w) > 1e-3
        }
        table["bias"] = round(
            table.get("bias", 0.0) + float(model.intercept_[list(model.classes_).index(role)]), 4
        )
        weights[str(role)] = table
    assert set(weights) == set(ROLES), weights.keys()
    counts = {role: y.count(role) for role in ROLES}
    args.out.write_text(
        json.dumps(
            {"threshold": args.threshold, "trained_on": counts, "weights": weights},
            indent=0,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(examples)} examples {counts}; training accuracy {model.score(x, y):.3f}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
