#!/usr/bin/env python
"""Score the running assistant on a set of whole conversations: does it escalate in time?

A conversation set (tests/nlu/blind_conversations.yml) lists what a person sends, message by
message, and the urgency the contract requires at the end. For an emergency it also says which
message completes the red flag (`emergency_by`): the contract wants the emergency said in the
reply to that message, also when the picture builds over several messages.

Each conversation is played over Rasa's REST channel with a fresh sender id. The assistant may
ask follow-up questions in between; the person's messages are sent as written whatever it asked,
as people do. When the last message has not brought an assessment, the person closes the way
our users do ("no, that's everything", then "I don't know" to any further question) until one
comes, at most `CLOSING_TURNS` more turns. For every conversation we record:

- the first message whose reply called an emergency (an assessment with urgency `emergency`);
- the final urgency (the last assessment's);
- whether every assessment ended with "see a doctor", and whether a person on treatment who
  was told urgent or emergency heard of their treatment line (data/services);
- how many of the person's own messages got only "I didn't understand" (the contract wants
  safety advice instead for any message about the body; in a symptom conversation nearly every
  message is).

and report: emergencies escalated in time (at or before `emergency_by`), late, missed; false
emergencies among the others; final urgency exact, under- and over-triaged; assessments
without "see a doctor"; the treatment line. With ``--totals-only`` (a blind set) the report
gives totals only, never which conversation or message failed.

Usage: python scripts/evaluate_conversations.py --data tests/nlu/blind_conversations.yml
       [--url http://127.0.0.1:$RASA_PORT] [--totals-only] [--json PATH] [--markdown PATH]
       [--max-emergencies-missed N] [--max-false-emergencies N] [--max-late N]
       [--max-not-understood N]

The assistant must already be running (`make test-live` plays the set on its stack).
Exit status: 0 within the floors, 1 a floor missed or a safety failure, 2 bad input,
3 the assistant could not be reached.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from scripts.converse import SEE_A_DOCTOR, Reply, RestClient, contains_phrase, new_sender_id
from symptom_checker.knowledge import EMERGENCY, URGENCY_LEVELS
from symptom_checker.services import load_services
from symptom_nlu.plain_yaml import load_plain_yaml

# What a person says when asked for more after they have said everything they wanted to.
CLOSING_MESSAGES = ("no, that's everything", "I don't know")
CLOSING_TURNS = 6
# The words of a reply that only says it did not understand (domain.yml utter_default and
# utter_out_of_scope); the safety net's advice does not use them.
NOT_UNDERSTOOD = "didn't understand"
NOT_UNDERSTOOD_LABEL = "the person's messages answered only \"I didn't understand\""
MAX_MESSAGES = 12

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NO_ASSISTANT = 0, 1, 2, 3


class SetError(ValueError):
    """The conversation set is malformed."""


@dataclass(frozen=True)
class Conversation:
    id: str
    messages: tuple[str, ...]
    expect: str
    emergency_by: int | None
    on_treatment: bool
    style: str = ""


@dataclass
class Outcome:
    conversation: Conversation
    first_emergency: int | None = None  # 1-based message (closing turns count on)
    final_urgency: str | None = None
    assessments: int = 0
    without_see_a_doctor: int = 0
    heard_treatment_line: bool = False
    messages_sent: int = 0  # the person's own messages, closing turns not counted
    not_understood: int = 0  # ... answered only with "I didn't understand"
    error: str | None = None

    @property
    def rank(self) -> int:
        return URGENCY_LEVELS.index(self.final_urgency) if self.final_urgency else -1


def load_conversations(path: Path) -> list[Conversation]:
    try:
        raw = load_plain_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SetError(f"{path}: not YAML ({error})") from error
    items = raw.get("conversations") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise SetError(f"{path}: expected a non-empty list under 'conversations'")
    conversations, seen = [], set()
    for number, item in enumerate(items, start=1):
        where = f"{path}, conversation {number}"
        if not isinstance(item, dict):
            raise SetError(f"{where}: not a mapping")
        ident = str(item.get("id") or f"#{number}")
        if ident in seen:
            raise SetError(f"{where}: the id {ident!r} is used twice")
        seen.add(ident)
        messages = item.get("messages")
        if (
            not isinstance(messages, list)
            or not messages
            or len(messages) > MAX_MESSAGES
            or not all(isinstance(m, str) and m.strip() for m in messages)
        ):
            raise SetError(f"{where}: 'messages' must be 1 to {MAX_MESSAGES} non-empty strings")
        expect = str(item.get("expect", ""))
        if expect not in URGENCY_LEVELS:
            raise SetError(f"{where}: 'expect' must be one of {', '.join(URGENCY_LEVELS)}")
        emergency_by = item.get("emergency_by")
        if expect == EMERGENCY:
            if not isinstance(emergency_by, int) or not 1 <= emergency_by <= len(messages):
                raise SetError(f"{where}: an emergency needs 'emergency_by' within its messages")
        elif emergency_by is not None:
            raise SetError(f"{where}: 'emergency_by' is only for emergencies")
        on_treatment = item.get("on_treatment", False)
        if not isinstance(on_treatment, bool):
            raise SetError(f"{where}: 'on_treatment' must be true or false")
        conversations.append(
            Conversation(
                id=ident,
                messages=tuple(messages),
                expect=expect,
                emergency_by=emergency_by,
                on_treatment=on_treatment,
                style=str(item.get("style") or ""),
            )
        )
    return conversations


def _record(outcome: Outcome, number: int, reply: Reply, treatment_line: str) -> None:
    for assessment in reply.assessments:
        outcome.assessments += 1
        outcome.final_urgency = assessment.urgency
        if assessment.urgency == EMERGENCY and outcome.first_emergency is None:
            outcome.first_emergency = number
        last = assessment.texts[-1] if assessment.texts else ""
        if not contains_phrase(last, SEE_A_DOCTOR):
            outcome.without_see_a_doctor += 1
    if contains_phrase(reply.text, treatment_line):
        outcome.heard_treatment_line = True


def only_not_understood(reply: Reply) -> bool:
    """A reply that says it did not understand, with no assessment and no safety advice."""
    return (
        not reply.assessments
        and contains_phrase(reply.text, NOT_UNDERSTOOD)
        and not contains_phrase(reply.text, "emergency")
    )


def play(conversation: Conversation, client: RestClient, treatment_line: str) -> Outcome:
    """Send the person's messages, then close until an assessment comes."""
    outcome = Outcome(conversation)
    sender = new_sender_id()
    number = 0
    reply = Reply()
    for number, text in enumerate(conversation.messages, start=1):
        reply = client.send(sender, text)
        if reply.error:
            outcome.error = reply.error
            return outcome
        _record(outcome, number, reply, treatment_line)
        outcome.messages_sent += 1
        if only_not_understood(reply):
            outcome.not_understood += 1
    for extra in range(CLOSING_TURNS):
        if reply.assessments:
            break
        text = CLOSING_MESSAGES[min(extra, len(CLOSING_MESSAGES) - 1)]
        number += 1
        reply = client.send(sender, text)
        if reply.error:
            outcome.error = reply.error
            return outcome
        _record(outcome, number, reply, treatment_line)
    return outcome


def score(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    emergencies = [o for o in outcomes if o.conversation.expect == EMERGENCY]
    others = [o for o in outcomes if o.conversation.expect != EMERGENCY]

    def expected_rank(outcome: Outcome) -> int:
        return URGENCY_LEVELS.index(outcome.conversation.expect)

    in_time = [
        o
        for o in emergencies
        if o.first_emergency is not None
        and o.first_emergency <= (o.conversation.emergency_by or 0)
    ]
    late = [
        o
        for o in emergencies
        if o.first_emergency is not None and o.first_emergency > (o.conversation.emergency_by or 0)
    ]
    missed = [o for o in emergencies if o.first_emergency is None]
    multi = [o for o in emergencies if (o.conversation.emergency_by or 0) > 1]
    multi_in_time = [o for o in multi if o in in_time]
    false_emergencies = [o for o in others if o.first_emergency is not None]
    exact = [o for o in outcomes if o.final_urgency == o.conversation.expect]
    under = [o for o in outcomes if o.rank < expected_rank(o)]
    over = [o for o in others if o.rank > expected_rank(o)]
    needs_line = [
        o
        for o in outcomes
        if o.conversation.on_treatment
        and o.conversation.expect != URGENCY_LEVELS[0]
        and o.rank >= URGENCY_LEVELS.index(o.conversation.expect)
    ]
    return {
        "conversations": len(outcomes),
        "errors": sum(1 for o in outcomes if o.error),
        "emergencies": len(emergencies),
        "emergencies_in_time": len(in_time),
        "emergencies_late": len(late),
        "emergencies_missed": len(missed),
        "multi_message_emergencies": len(multi),
        "multi_message_in_time": len(multi_in_time),
        "non_emergencies": len(others),
        "false_emergencies": len(false_emergencies),
        "final_exact": len(exact),
        "under_triaged": len(under),
        "over_triaged": len(over),
        "no_assessment": sum(1 for o in outcomes if o.final_urgency is None),
        "assessments": sum(o.assessments for o in outcomes),
        "assessments_without_see_a_doctor": sum(o.without_see_a_doctor for o in outcomes),
        "on_treatment_told_of_treatment_line": sum(
            1 for o in needs_line if o.heard_treatment_line
        ),
        "on_treatment_urgent_or_emergency": len(needs_line),
        "messages": sum(o.messages_sent for o in outcomes),
        "not_understood": sum(o.not_understood for o in outcomes),
    }


def details(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    return [
        {
            "id": o.conversation.id,
            "expect": o.conversation.expect,
            "emergency_by": o.conversation.emergency_by,
            "first_emergency": o.first_emergency,
            "final_urgency": o.final_urgency,
            "without_see_a_doctor": o.without_see_a_doctor,
            "not_understood": o.not_understood,
            "error": o.error,
        }
        for o in outcomes
    ]


def markdown(totals: dict[str, Any], label: str) -> str:
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole}"

    rows = [
        ("emergencies said in time", share(totals["emergencies_in_time"], totals["emergencies"])),
        (
            "... of them built over several messages",
            share(totals["multi_message_in_time"], totals["multi_message_emergencies"]),
        ),
        ("emergencies said late", str(totals["emergencies_late"])),
        ("emergencies missed", str(totals["emergencies_missed"])),
        ("false emergencies", share(totals["false_emergencies"], totals["non_emergencies"])),
        ("final urgency exact", share(totals["final_exact"], totals["conversations"])),
        ("under-triaged / over-triaged", f"{totals['under_triaged']} / {totals['over_triaged']}"),
        ("ended without an assessment", str(totals["no_assessment"])),
        (
            NOT_UNDERSTOOD_LABEL,
            share(totals["not_understood"], totals["messages"]),
        ),
        (
            'assessments without "see a doctor"',
            share(totals["assessments_without_see_a_doctor"], totals["assessments"]),
        ),
        (
            "on treatment, urgent or worse: told of the treatment line",
            share(
                totals["on_treatment_told_of_treatment_line"],
                totals["on_treatment_urgent_or_emergency"],
            ),
        ),
    ]
    lines = [f"### {label}", "", "| | |", "| --- | ---: |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


def floors_missed(totals: dict[str, Any], args: argparse.Namespace) -> list[str]:
    problems = []
    if totals["errors"]:
        problems.append(f"{totals['errors']} conversation(s) got no answer")
    if totals["assessments_without_see_a_doctor"]:
        problems.append(
            f'{totals["assessments_without_see_a_doctor"]} assessment(s) without "see a doctor"'
        )
    checks = (
        ("emergencies_missed", args.max_emergencies_missed, "emergencies missed"),
        ("emergencies_late", args.max_late, "emergencies said late"),
        ("false_emergencies", args.max_false_emergencies, "false emergencies"),
        (
            "not_understood",
            args.max_not_understood,
            NOT_UNDERSTOOD_LABEL,
        ),
    )
    for key, limit, name in checks:
        if limit is not None and totals[key] > limit:
            problems.append(f"{name}: {totals[key]} (at most {limit})")
    return problems


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the conversation set (YAML)")
    parser.add_argument("--url", default=None, help="the Rasa server (default: $RASA_PORT)")
    parser.add_argument("--label", default="Blind conversations: escalating in time")
    parser.add_argument("--totals-only", action="store_true", help="never name a conversation")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=None)
    parser.add_argument("--turn-timeout", type=float, default=60.0)
    parser.add_argument("--max-emergencies-missed", type=int, default=None)
    parser.add_argument("--max-late", type=int, default=None)
    parser.add_argument("--max-false-emergencies", type=int, default=None)
    parser.add_argument("--max-not-understood", type=int, default=None)
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    args = parse_args(argv)
    url = args.url or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    try:
        conversations = load_conversations(args.data)
    except (SetError, OSError) as error:
        print(f"error: {error}", file=out)
        return EXIT_BAD_INPUT
    client = RestClient(url, timeout=args.turn_timeout)
    if not client.answers():
        print(f"error: nothing answers at {client.webhook}", file=out)
        return EXIT_NO_ASSISTANT
    treatment_line = load_services().treatment_line
    outcomes = [play(conversation, client, treatment_line) for conversation in conversations]
    totals = score(outcomes)
    text = markdown(totals, args.label)
    print(text, file=out)
    report: dict[str, Any] = {"totals": totals}
    if not args.totals_only:
        report["conversations"] = details(outcomes)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
    if totals["errors"] and not client.answers():
        return EXIT_NO_ASSISTANT
    problems = floors_missed(totals, args)
    for problem in problems:
        print(f"FAILED: {problem}", file=out)
    return EXIT_FAILED if problems else EXIT_OK


if __name__ == "__main__":
    sys.exit(run())
