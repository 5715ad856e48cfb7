#!/usr/bin/env bash
# `make eval`: the NLU report in docs/nlu-report.md.
#  1. the validation split (tests/nlu/validation.yml, never trained on, tuned on) with the full pipeline;
#  2. the same split with DIET alone (config.yml without our spaCy layer, and with DIET's own
#     entity tagging, which config.yml turns off), trained here;
#  3. Rasa's 3-fold cross-validation of the full pipeline on the training data.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=results/eval
REPORT=docs/nlu-report.md
FOLDS=${FOLDS:-3}
mkdir -p "$OUT"
export LOG_LEVEL=WARNING

echo "== DIET alone: training an NLU model without symptom_nlu.rasa_component"
grep -v -e "symptom_nlu.rasa_component" -e "entity_recognition: false" config.yml \
  > "$OUT/config-diet-only.yml"
$BIN/rasa train nlu --config "$OUT/config-diet-only.yml" --out "$OUT/models" \
  --fixed-model-name diet-only --quiet > "$OUT/train-diet-only.log" 2>&1

: > "$OUT/heldout.md"

echo "== held-out split, full pipeline"
$BIN/python scripts/evaluate_nlu.py --model models --label "Full pipeline (DIET + spaCy layer)" \
  --markdown "$OUT/heldout.md" --json "$OUT/full.json" --show-errors 0 > /dev/null 2> "$OUT/full.log"
echo "== held-out split, DIET alone"
$BIN/python scripts/evaluate_nlu.py --model "$OUT/models/diet-only.tar.gz" --label "DIET alone" \
  --markdown "$OUT/heldout.md" --json "$OUT/diet.json" --show-errors 0 > /dev/null 2> "$OUT/diet.log"

echo "== ${FOLDS}-fold cross-validation of the full pipeline (this trains ${FOLDS} models)"
$BIN/rasa test nlu --nlu data/nlu --config config.yml --cross-validation --folds "$FOLDS" \
  --out "$OUT/cv" --no-plot > "$OUT/cv.log" 2>&1

$BIN/python - "$OUT" "$REPORT" <<'PY'
import datetime, json, sys
from pathlib import Path

out, report = Path(sys.argv[1]), Path(sys.argv[2])
full = json.loads((out / "full.json").read_text())
diet = json.loads((out / "diet.json").read_text())
lines = [
    "# NLU report",
    "",
    f"Made by `make eval` on {datetime.date.today()}. Symptoms are scored as the contract",
    "measures them: per message, the set of (canonical id, negated?) pairs, whatever the span.",
    "Negation accuracy: among symptoms found with the right id, those with the right role.",
    "",
    "## Summary: what the spaCy layer adds (validation split)",
    "",
    "| measure | DIET alone | full pipeline |",
    "| --- | --- | --- |",
]
rows = [
    ("intent macro F1", "intent_macro_f1", None),
    ("symptom precision", "symptom", 0),
    ("symptom recall", "symptom", 1),
    ("symptom F1", "symptom", 2),
    ("negation accuracy", "negation_accuracy", None),
]
for label, key, index in rows:
    d = diet[key] if index is None else diet[key][index]
    f = full[key] if index is None else full[key][index]
    lines.append(f"| {label} | {d:.3f} | {f:.3f} |")
lines += ["", "## Cross-validation (training data, full pipeline)", ""]
intent = json.loads((out / "cv" / "intent_report.json").read_text())
lines.append(
    f"Intent weighted F1: {intent['weighted avg']['f1-score']:.3f}; "
    f"macro F1: {intent['macro avg']['f1-score']:.3f}."
)
for name in sorted((out / "cv").glob("*_report.json")):
    if name.name == "intent_report.json" or "response" in name.name:
        continue
    data = json.loads(name.read_text())
    avg = data.get("weighted avg") or data.get("micro avg") or {}
    if avg:
        lines.append(
            f"Entities from {name.stem.replace('_report', '')} alone: weighted F1 "
            f"{avg.get('f1-score', 0):.3f} (Rasa scores each extractor on its own, by span)."
        )
lines += ["", "## Validation split in detail (tests/nlu/validation.yml, never trained on, tuned on)", ""]
report.write_text("\n".join(lines) + "\n" + (out / "heldout.md").read_text())
PY
echo "Wrote $REPORT"
