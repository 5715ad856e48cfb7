"""Evaluate a trained model on the held-out NLU split, the way the contract measures it.

For every held-out message we compare what /model/parse would return with the annotation:
- intent: accuracy and macro F1;
- symptoms: precision / recall / F1 over (canonical id, negated?) pairs per message, in total
  and per id (spans do not matter to the person, values and negation do);
- negation accuracy: of the symptoms found with the right id, how many have the right role;
- confusions: which symptom was returned instead of which;
- disease questions: what the assistant would do with each (answer it, ask "Do you mean
  ...?" with the right topic among the buttons, answer another topic ...), with the rules of
  actions.clarify, and how often it would ask about a topic for a message that was not
  a question.

Usage: python scripts/evaluate_nlu.py [--model models] [--data tests/nlu/validation.yml]
       [--markdown docs/nlu-report.md --label "with the spaCy layer"] [--min-entity-f1 0.9]
       [--questions tests/nlu/questions_validation.yml]

--questions scores a second file of disease questions (intent accuracy and what would
happen to each question) with the same loaded model.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

# NON_CURRENT_ROLES: mentions that are not the person's own, current symptom (issue 12).
from symptom_checker.vocabulary import NON_CURRENT_ROLES, QUESTION_PREFIX

Pair = tuple[str, bool]


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def symptom_pairs(entities: list[dict]) -> set[Pair]:
    """(id, negated?) for present and negated symptoms; other roles are left out."""
    return {
        (str(e["value"]), e.get("role") == "negated")
        for e in entities
        if e.get("entity") == "symptom"
        and e.get("value")
        and e.get("role") not in NON_CURRENT_ROLES
    }


def load_examples(path: Path) -> list[dict]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        {
            "text": m.get("text"),
            "intent": m.get("intent"),
            "symptoms": symptom_pairs(m.get("entities") or []),
        }
        for m in data.intent_examples
    ]


async def predict(model: str, texts: list[str]) -> list[dict]:
    import logging

    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # one parse log line per message says nothing here

    agent = await load_agent(model_path=model)
    return [await agent.parse_message(text) for text in texts]


QUESTION_OUTCOMES = (
    "answered",
    "asked, right topic offered",
    "asked, right topic not offered",
    "answered another topic",
    "not understood",
    "taken as something else",
)


def offered_topics(prediction: dict) -> list[str]:
    """The topics action_answer_disease_question / action_clarify_question would offer."""
    from actions.clarify import topic_intents, topics_to_offer
    from actions.config import knowledge

    if any(not negated for _, negated in symptom_pairs(prediction.get("entities") or [])):
        return []  # a message naming a symptom the person has is never asked about
    intent = (prediction.get("intent") or {}).get("name")
    named = topic_intents(knowledge().topics_named_in(prediction.get("text") or ""))
    offered = topics_to_offer(intent, prediction.get("intent_ranking"), named=named)
    return offered if len(offered) > 1 or intent == "nlu_fallback" else []


def question_outcome(gold: str, prediction: dict) -> str:
    offered = offered_topics(prediction)
    if offered:
        return QUESTION_OUTCOMES[1] if gold in offered else QUESTION_OUTCOMES[2]
    intent = (prediction.get("intent") or {}).get("name") or ""
    if intent == gold:
        return QUESTION_OUTCOMES[0]
    if intent.startswith(QUESTION_PREFIX):
        return QUESTION_OUTCOMES[3]
    if intent == "nlu_fallback":
        return QUESTION_OUTCOMES[4]
    return QUESTION_OUTCOMES[5]


def score(examples: list[dict], predictions: list[dict]) -> dict:
    intent_true = [e["intent"] for e in examples]
    intent_pred = [p["intent"]["name"] for p in predictions]
    labels = sorted(set(intent_true))
    per_intent = {}
    for label in labels:
        tp = sum(t == label and p == label for t, p in zip(intent_true, intent_pred, strict=False))
        fp = sum(t != label and p == label for t, p in zip(intent_true, intent_pred, strict=False))
        fn = sum(t == label and p != label for t, p in zip(intent_true, intent_pred, strict=False))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_intent[label] = f1(precision, recall)

    counts: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    negation_right = negation_seen = 0
    confusions: Counter = Counter()
    errors = []
    for example, prediction in zip(examples, predictions, strict=False):
        gold: set[Pair] = example["symptoms"]
        found = symptom_pairs(prediction.get("entities") or [])
        for pair in found & gold:
            counts[pair[0]]["tp"] += 1
        for pair in found - gold:
            counts[pair[0]]["fp"] += 1
        for pair in gold - found:
            counts[pair[0]]["fn"] += 1
        gold_ids = {i: n for i, n in gold}
        found_ids = {i: n for i, n in found}
        for symptom_id, negated in gold_ids.items():
            if symptom_id in found_ids:
                negation_seen += 1
                negation_right += found_ids[symptom_id] == negated
        missing = sorted(i for i in gold_ids if i not in found_ids)
        extra = sorted(i for i in found_ids if i not in gold_ids)
        for m in missing:
            for x in extra:
                confusions[(m, x)] += 1
        if found != gold:
            errors.append(
                {"text": example["text"], "expected": sorted(gold), "got": sorted(found)}
            )
    for c in counts.values():
        total.update(c)

    def prf(c: Counter) -> tuple[float, float, float]:
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        return precision, recall, f1(precision, recall)

    outcomes = Counter(
        question_outcome(e["intent"], p)
        for e, p in zip(examples, predictions, strict=False)
        if str(e["intent"]).startswith(QUESTION_PREFIX)
    )
    needless = sum(
        bool(offered_topics(p))
        for e, p in zip(examples, predictions, strict=False)
        if not str(e["intent"]).startswith(QUESTION_PREFIX)
    )

    intent_accuracy = sum(t == p for t, p in zip(intent_true, intent_pred, strict=False)) / len(
        examples
    )
    return {
        "examples": len(examples),
        "intent_accuracy": intent_accuracy,
        "intent_macro_f1": sum(per_intent.values()) / len(per_intent),
        "per_intent_f1": per_intent,
        "symptom": prf(total),
        "per_symptom": {k: prf(v) for k, v in sorted(counts.items())},
        "negation_accuracy": negation_right / negation_seen if negation_seen else 0.0,
        "negation_seen": negation_seen,
        "confusions": confusions.most_common(15),
        "errors": errors,
        "question_outcomes": {name: outcomes[name] for name in QUESTION_OUTCOMES},
        "questions": sum(outcomes.values()),
        "asked_about_a_topic_needlessly": needless,
    }


def report_markdown(result: dict, label: str) -> str:
    p, r, f = result["symptom"]
    lines = [
        f"### {label}",
        "",
        f"Held-out messages: {result['examples']}",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| intent accuracy | {result['intent_accuracy']:.3f} |",
        f"| intent macro F1 | {result['intent_macro_f1']:.3f} |",
        f"| symptom precision | {p:.3f} |",
        f"| symptom recall | {r:.3f} |",
        f"| **symptom F1** | **{f:.3f}** |",
        f"| negation accuracy ({result['negation_seen']} symptoms found) | "
        f"{result['negation_accuracy']:.3f} |",
        "",
        "| symptom id | precision | recall | F1 |",
        "| --- | --- | --- | --- |",
    ]
    for symptom_id, (sp, sr, sf) in result["per_symptom"].items():
        lines.append(f"| {symptom_id} | {sp:.2f} | {sr:.2f} | {sf:.2f} |")
    if result["questions"]:
        lines += [
            "",
            f"What the assistant would do with the {result['questions']} disease questions:",
            "",
            "| outcome | questions |",
            "| --- | --- |",
        ]
        lines += [f"| {name} | {n} |" for name, n in result["question_outcomes"].items()]
        lines += [
            "",
            f'Other messages answered with "Do you mean ...?" about a topic: '
            f"{result['asked_about_a_topic_needlessly']}",
        ]
    if result["confusions"]:
        lines += ["", "Mistaken for another symptom (expected -> returned, count):", ""]
        lines += [f"- {a} -> {b}: {n}" for (a, b), n in result["confusions"]]
    return "\n".join(lines) + "\n"


def report_questions(result: dict, label: str) -> str:
    """Intent accuracy and outcomes of a file of disease questions (no symptoms in it)."""
    lines = [
        f"### {label}",
        "",
        f"Questions: {result['examples']}, intent accuracy {result['intent_accuracy']:.3f}, "
        f"intent macro F1 {result['intent_macro_f1']:.3f}",
        "",
        "| outcome | questions |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {n} |" for name, n in result["question_outcomes"].items()]
    return "\n".join(lines) + "\n"


def floors_missed(result: dict, args: argparse.Namespace) -> list[str]:
    """One line for every stated floor the result falls below (empty: the gate passes)."""
    measured = [
        ("Symptom F1", result["symptom"][2], args.min_entity_f1),
        ("Intent accuracy", result["intent_accuracy"], args.min_intent_accuracy),
        ("Negation accuracy", result["negation_accuracy"], args.min_negation_accuracy),
    ]
    if args.min_questions_accuracy:
        questions = result.get("questions_file")
        if questions is None:
            return ["--min-questions-accuracy needs a --questions file"]
        measured.append(
            (
                "Disease-question accuracy",
                questions["intent_accuracy"],
                args.min_questions_accuracy,
            )
        )
    return [
        f"{name} {value:.3f} is below the required {floor:.3f}"
        for name, value, floor in measured
        if value < floor
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models")
    parser.add_argument("--data", default="tests/nlu/validation.yml")
    parser.add_argument("--markdown", help="append a section to this Markdown file")
    parser.add_argument("--label", default="held-out split")
    parser.add_argument("--json", help="write the full result as JSON here")
    parser.add_argument("--min-entity-f1", type=float, default=0.0, help="symptom F1 floor")
    parser.add_argument("--min-intent-accuracy", type=float, default=0.0)
    parser.add_argument(
        "--min-negation-accuracy",
        type=float,
        default=0.0,
        help="floor for the share of found symptoms whose negated/present role is right",
    )
    parser.add_argument(
        "--min-questions-accuracy",
        type=float,
        default=0.0,
        help="intent accuracy floor on the --questions file (needs --questions)",
    )
    parser.add_argument("--show-errors", type=int, default=25)
    parser.add_argument("--questions", help="also score this file of disease questions")
    args = parser.parse_args(argv)

    examples = load_examples(Path(args.data))
    questions = load_examples(Path(args.questions)) if args.questions else []
    texts = [e["text"] for e in examples + questions]
    predictions = asyncio.run(predict(args.model, texts))
    result = score(examples, predictions[: len(examples)])
    if questions:
        result["questions_file"] = score(questions, predictions[len(examples) :])

    text = report_markdown(result, args.label)
    print(text)
    for error in result["errors"][: args.show_errors]:
        print(f"  MISMATCH: {error['text']!r}")
        print(f"    expected {error['expected']}\n    got      {error['got']}")
    if questions:
        blind = result["questions_file"]
        text += "\n" + report_questions(blind, f"Disease questions in {args.questions}")
        print(report_questions(blind, f"Disease questions in {args.questions}"))
        for example, prediction in zip(questions, predictions[len(examples) :], strict=False):
            got = prediction["intent"]["name"]
            if got != example["intent"]:
                print(f"  WRONG INTENT: {example['text']!r}: {example['intent']} -> {got}")
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    shortfalls = floors_missed(result, args)
    for shortfall in shortfalls:
        print(shortfall, file=sys.stderr)
    return 1 if shortfalls else 0


if __name__ == "__main__":
    sys.exit(main())
