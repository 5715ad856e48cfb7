"""Score a trained model on a blind set of whose / when / whether (tests/nlu/blind_*.yml).

Each message of the set says which symptoms the person has now (``present``) and which other
mentions it makes with their role (``mentions``: negated, past, other_person, hypothetical).
For every message we parse it as ``/model/parse`` would and report:

- present-symptom precision, recall and F1 over (message, canonical id) pairs;
- role accuracy: of the gold mentions whose id came back at all, how many came back with the
  right role (a present symptom has no role), in total and per role;
- non-current counted: gold negated / past / someone else's / hypothetical mentions that came
  back as present (the safety failure: they would count toward sites and urgency);
- the false-symptom rate: symptom-free messages that got any present symptom;
- red-flag recall and false emergencies: the triage of the message as the actions see it
  (present symptoms, the features said about them, treatment and history);
- the confusions (gold id -> returned id) and the styles' recall.

Usage: python scripts/evaluate_context.py --model models --data tests/nlu/validation_context.yml
       [--json results/blind-context.json] [--markdown docs/nlu-report.md]
       [--min-f1 0.9 --min-role-accuracy 0.9 --max-false-rate 0.05]
   or: python scripts/evaluate_context.py --model models --sets tests/nlu/retired_sets.yml
       (every retired set with its floors, the model loaded once: `make eval-validation`)

The set is blind: written before the code it measures, by someone who had not read the lexicon
or the training data. Never train on it, and never read its failures to write rules.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from symptom_checker.vocabulary import (
    HYPOTHETICAL_ROLE,
    NEGATED_ROLE,
    OTHER_PERSON_ROLE,
    PAST_ROLE,
)

ROLES = (NEGATED_ROLE, PAST_ROLE, OTHER_PERSON_ROLE, HYPOTHETICAL_ROLE)
PRESENT = "present"


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def load_set(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    messages = raw["messages"] if isinstance(raw, dict) else raw
    examples = []
    for item in messages:
        examples.append(
            {
                "text": str(item["text"]),
                "style": str(item.get("style") or "plain"),
                "present": sorted(set(item.get("present") or [])),
                "mentions": [(str(m["id"]), str(m["role"])) for m in item.get("mentions") or []],
                "symptom_free": bool(item.get("symptom_free")),
                "red_flag": bool(item.get("red_flag")),
            }
        )
    return examples


def predicted_roles(prediction: dict[str, Any]) -> dict[str, set[str]]:
    """Canonical id -> the roles it came back with ('present' for no role)."""
    roles: dict[str, set[str]] = defaultdict(set)
    for entity in prediction.get("entities") or []:
        if entity.get("entity") != "symptom" or not entity.get("value"):
            continue
        roles[str(entity["value"])].add(entity.get("role") or PRESENT)
    return roles


def present_ids(prediction: dict[str, Any]) -> set[str]:
    return {sid for sid, roles in predicted_roles(prediction).items() if PRESENT in roles}


def is_emergency(prediction: dict[str, Any]) -> bool:
    """Whether an assessment of this one message would be an emergency (message_urgency)."""
    return message_urgency(prediction) == "emergency"


_KNOWLEDGE: Any = None


def _knowledge() -> Any:
    """The knowledge files in memory (no database needed), read once."""
    global _KNOWLEDGE
    if _KNOWLEDGE is None:
        from symptom_checker.loader import read_knowledge

        _KNOWLEDGE = read_knowledge()
    return _KNOWLEDGE


def score(
    examples: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    emergency: Any = is_emergency,
) -> dict[str, Any]:
    tp = fp = fn = 0
    role_total: Counter[str] = Counter()
    role_right: Counter[str] = Counter()
    role_found: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    style_tp: Counter[str] = Counter()
    style_gold: Counter[str] = Counter()
    free_total = free_wrong = 0
    red_total = red_found = calm_total = false_emergencies = 0
    failures = []
    for example, prediction in zip(examples, predictions, strict=True):
        gold = set(example["present"])
        got = present_ids(prediction)
        roles = predicted_roles(prediction)
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        style_tp[example["style"]] += len(gold & got)
        style_gold[example["style"]] += len(gold)
        for missing in sorted(gold - got):
            extra = sorted(got - gold) or ["(nothing)"]
            for other in extra:
                confusions[(missing, other)] += 1
        for spurious in sorted(got - gold - {m for m, _ in example["mentions"]}):
            confusions[("(nothing)", spurious)] += 1
        gold_roles = [(sid, PRESENT) for sid in gold] + example["mentions"]
        for sid, role in gold_roles:
            role_total[role] += 1
            if sid in roles:
                role_found[role] += 1
                if role in roles[sid]:
                    role_right[role] += 1
            if role != PRESENT and sid in got and sid not in gold:
                counted[role] += 1
        if example["symptom_free"]:
            free_total += 1
            free_wrong += bool(got)
        if example["red_flag"]:
            red_total += 1
            red_found += bool(got) and emergency(prediction)
        else:
            calm_total += 1
            false_emergencies += bool(got) and emergency(prediction)
        if got != gold:
            failures.append(example["text"])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    found = sum(role_found.values())
    return {
        "messages": len(examples),
        "present": {
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        },
        "role_accuracy": sum(role_right.values()) / found if found else 0.0,
        "roles": {
            role: {
                "gold": role_total[role],
                "found": role_found[role],
                "right": role_right[role],
                "accuracy": role_right[role] / role_found[role] if role_found[role] else 0.0,
                "counted_as_present": counted[role],
            }
            for role in (PRESENT, *ROLES)
        },
        "non_current_counted": sum(counted.values()),
        "symptom_free": {
            "messages": free_total,
            "with_a_symptom": free_wrong,
            "rate": free_wrong / free_total if free_total else 0.0,
        },
        "red_flags": {
            "messages": red_total,
            "escalated": red_found,
            "recall": red_found / red_total if red_total else 0.0,
            "false_emergencies": false_emergencies,
            "calm_messages": calm_total,
        },
        "style_recall": {
            style: style_tp[style] / style_gold[style] if style_gold[style] else 0.0
            for style in sorted(style_gold)
        },
        "confusions": [
            {"expected": a, "got": b, "count": n} for (a, b), n in confusions.most_common(25)
        ],
        "messages_wrong": len(failures),
    }


def load_acute_set(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return [
        {
            "text": str(item["text"]),
            "present": sorted(set(item.get("present") or [])),
            "urgency": str(item["urgency"]),
            "basis": str(item.get("basis") or "contract"),
        }
        for item in (raw["messages"] if isinstance(raw, dict) else raw)
    ]


def message_urgency(prediction: dict[str, Any]) -> str:
    """The urgency of an assessment of this one message (a /model/parse result)."""
    return urgency_of_message(str(prediction.get("text") or ""), prediction.get("entities") or [])


def urgency_of_message(
    text: str, entities: Iterable[dict[str, Any]], knowledge: Any = None
) -> str:
    """The urgency of an assessment of one message, as the actions would compute it: present
    symptoms, the features said about them, treatment and history from the message. The
    evaluators and the tests share it (tests/support.py)."""
    from symptom_checker.triage import assess
    from symptom_nlu.features import message_features, treatment_answer

    found = list(entities)
    history = any(e.get("entity") == "cancer_history" and not e.get("role") for e in found)
    return assess(
        sorted(present_ids({"entities": found})),
        [],
        knowledge if knowledge is not None else _knowledge(),
        features=message_features(text, found),
        on_treatment=treatment_answer(found),
        cancer_history=history,
    ).urgency


def score_acute(
    examples: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    urgency_of: Any = message_urgency,
) -> dict[str, Any]:
    """Urgency from one message: exact, emergencies missed, false emergencies."""
    from symptom_checker.knowledge import URGENCY_LEVELS

    confusion: Counter[tuple[str, str]] = Counter()
    for example, prediction in zip(examples, predictions, strict=True):
        confusion[(example["urgency"], urgency_of(prediction))] += 1
    total = len(examples)
    emergencies = sum(n for (gold, _), n in confusion.items() if gold == "emergency")
    missed = sum(
        n for (gold, got), n in confusion.items() if gold == "emergency" and got != "emergency"
    )
    false = sum(
        n for (gold, got), n in confusion.items() if gold != "emergency" and got == "emergency"
    )
    under = sum(
        n
        for (gold, got), n in confusion.items()
        if URGENCY_LEVELS.index(got) < URGENCY_LEVELS.index(gold)
    )
    exact = sum(n for (gold, got), n in confusion.items() if gold == got)
    return {
        "messages": total,
        "exact": exact,
        "exact_rate": exact / total if total else 0.0,
        "emergencies": emergencies,
        "emergencies_missed": missed,
        "false_emergencies": false,
        "under_triaged": under,
        "confusion": {f"{gold}->{got}": n for (gold, got), n in sorted(confusion.items())},
    }


async def predict(model: str, texts: list[str]) -> list[dict[str, Any]]:
    import logging

    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = await load_agent(model_path=model)
    return [await agent.parse_message(text) for text in texts]


def markdown(result: dict[str, Any], label: str, totals_only: bool = False) -> str:
    present = result["present"]
    lines = [
        f"### {label}",
        "",
        f"{result['messages']} messages. Present symptoms: precision {present['precision']:.3f}, "
        f"recall {present['recall']:.3f}, F1 {present['f1']:.3f}. Role accuracy "
        f"{result['role_accuracy']:.3f}. Non-current mentions counted as present: "
        f"{result['non_current_counted']}. Symptom-free messages with a symptom: "
        f"{result['symptom_free']['with_a_symptom']}/{result['symptom_free']['messages']} "
        f"({result['symptom_free']['rate']:.1%}). Red flags escalated: "
        f"{result['red_flags']['escalated']}/{result['red_flags']['messages']}; false "
        f"emergencies: {result['red_flags']['false_emergencies']}/"
        f"{result['red_flags']['calm_messages']}.",
        "",
        "| role | gold | found | right role | accuracy | counted as present |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for role, row in result["roles"].items():
        lines.append(
            f"| {role} | {row['gold']} | {row['found']} | {row['right']} | "
            f"{row['accuracy']:.3f} | {row['counted_as_present'] if role != PRESENT else '-'} |"
        )
    if totals_only:
        return "\n".join(lines) + "\n"
    lines += ["", "| style | recall |", "| --- | ---: |"]
    lines += [f"| {style} | {value:.3f} |" for style, value in result["style_recall"].items()]
    lines += ["", "Most frequent confusions (expected -> returned):", ""]
    lines += [f"- {c['expected']} -> {c['got']}: {c['count']}" for c in result["confusions"]]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Floors:
    """What a set must reach; a set without floors (the defaults) always passes."""

    min_f1: float = 0.0
    min_role_accuracy: float = 0.0
    max_false_rate: float = 1.0
    max_emergencies_missed: int = 10**6


@dataclass(frozen=True)
class SetSpec:
    """One set to score: its people file, an acute set or none, where its report goes."""

    label: str
    data: Path
    acute: Path | None = None
    json: Path | None = None
    markdown: Path | None = None
    floors: Floors = Floors()


def load_manifest(path: Path, results: Path) -> list[SetSpec]:
    """The sets of a manifest (tests/nlu/retired_sets.yml): people and acute files are
    named relative to the manifest; each set's report goes to results/<name>.json and .md."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    known = {f.name for f in fields(Floors)}
    specs = []
    for entry in data["sets"]:
        floors = entry.get("floors") or {}
        unknown = set(floors) - known
        if unknown:
            raise ValueError(f"{path}: set {entry['name']!r} has unknown floors {sorted(unknown)}")
        acute = entry.get("acute")
        specs.append(
            SetSpec(
                label=entry["label"],
                data=path.parent / entry["people"],
                acute=path.parent / acute if acute else None,
                json=results / f"{entry['name']}.json",
                markdown=results / f"{entry['name']}.md",
                floors=Floors(**floors),
            )
        )
    if len({spec.json for spec in specs}) != len(specs):
        raise ValueError(f"{path}: two sets share a name")
    return specs


def report(
    spec: SetSpec,
    examples: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    acute: list[dict[str, Any]],
    acute_predictions: list[dict[str, Any]],
    totals_only: bool,
) -> tuple[dict[str, Any], str]:
    """One set's figures and its markdown report."""
    result = score(examples, predictions)
    if totals_only:
        result.pop("confusions", None)
        result.pop("style_recall", None)
    text = markdown(result, spec.label, totals_only)
    if acute:
        result["acute"] = score_acute(acute, acute_predictions)
        a = result["acute"]
        text += (
            f"\n### Acute-oncology set: urgency from one message\n\n{a['messages']} "
            f"messages. Urgency exact: {a['exact']}/{a['messages']} ({a['exact_rate']:.2f}). "
            f"Emergencies missed: {a['emergencies_missed']}/{a['emergencies']}. False "
            f"emergencies: {a['false_emergencies']}/{a['messages'] - a['emergencies']}. Below "
            f"the expected level: {a['under_triaged']}.\n\n"
            + "".join(f"- {pair}: {n}\n" for pair, n in a["confusion"].items())
        )
    return result, text


def floor_failures(result: dict[str, Any], floors: Floors) -> list[str]:
    """Each floor the set's figures fall through, said in words."""
    failed = []
    if result["present"]["f1"] < floors.min_f1:
        failed.append(f"present-symptom F1 {result['present']['f1']:.3f} < {floors.min_f1}")
    if result["role_accuracy"] < floors.min_role_accuracy:
        failed.append(f"role accuracy {result['role_accuracy']:.3f} < {floors.min_role_accuracy}")
    if result["symptom_free"]["rate"] > floors.max_false_rate:
        failed.append(
            f"false-symptom rate {result['symptom_free']['rate']:.3f} > {floors.max_false_rate}"
        )
    if "acute" in result and result["acute"]["emergencies_missed"] > floors.max_emergencies_missed:
        failed.append(
            f"acute emergencies missed {result['acute']['emergencies_missed']} > "
            f"{floors.max_emergencies_missed}"
        )
    return failed


def _write(path: Path | None, text: str) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def evaluate(model: str, specs: Sequence[SetSpec], totals_only: bool) -> list[str]:
    """Score every set with one model loaded once; write each report; the floors failed,
    each prefixed with its set's label."""
    loaded = [
        (spec, load_set(spec.data), load_acute_set(spec.acute) if spec.acute else [])
        for spec in specs
    ]
    texts = [e["text"] for _, examples, acute in loaded for e in [*examples, *acute]]
    everything = asyncio.run(predict(model, texts))
    failed = []
    at = 0
    for spec, examples, acute in loaded:
        predictions = everything[at : at + len(examples)]
        at += len(examples)
        acute_predictions = everything[at : at + len(acute)]
        at += len(acute)
        result, text = report(spec, examples, predictions, acute, acute_predictions, totals_only)
        print(text)
        _write(spec.json, json.dumps(result, indent=2))
        _write(spec.markdown, text)
        failed += [f"{spec.label}: {line}" for line in floor_failures(result, spec.floors)]
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="models")
    parser.add_argument("--data", default="tests/nlu/validation_context.yml")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--label", default="Blind set: whose, when and whether")
    parser.add_argument("--min-f1", type=float, default=0.0)
    parser.add_argument("--min-role-accuracy", type=float, default=0.0)
    parser.add_argument("--max-false-rate", type=float, default=1.0)
    parser.add_argument("--acute", type=Path, help="also score an acute-oncology urgency set")
    parser.add_argument("--max-emergencies-missed", type=int, default=10**6)
    parser.add_argument(
        "--sets",
        type=Path,
        help="a manifest of sets with their floors (tests/nlu/retired_sets.yml), scored "
        "with the model loaded once; replaces --data, --acute, --label and the floors",
    )
    parser.add_argument(
        "--results", type=Path, default=Path("results"), help="where --sets writes its reports"
    )
    parser.add_argument(
        "--totals-only",
        action="store_true",
        help="a blind set: report totals and per-role figures, never which ids were confused",
    )
    args = parser.parse_args(argv)
    if args.sets:
        specs = load_manifest(args.sets, args.results)
    else:
        floors = Floors(
            args.min_f1, args.min_role_accuracy, args.max_false_rate, args.max_emergencies_missed
        )
        specs = [
            SetSpec(args.label, Path(args.data), args.acute, args.json, args.markdown, floors)
        ]
    failed = evaluate(args.model, specs, args.totals_only)
    for line in failed:
        print(f"FAILED: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
