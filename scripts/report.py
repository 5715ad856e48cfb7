#!/usr/bin/env python
"""Post-deployment monitoring: the figures an operator watches (`make report`).

    python scripts/report.py            # the last 30 days
    python scripts/report.py --days 7

What it computes, and from where (docs/clinical-content.md says what to do with them):

- from the assessment records (`DATABASE_URL`, table `assessment_records`,
  symptom_checker/records.py): the number of assessments, the urgency mix, the red-flag rate
  (the share of assessments that were emergencies: only a red flag makes an emergency), the
  red-flag symptoms seen, the sites named and the channels used;
- from Rasa's tracker store (`TRACKER_DB_URL`, else `DATABASE_URL`, table `events`), when it is
  a SQL database: the number of messages people sent, the fallback rate (messages whose intent
  was `nlu_fallback`, i.e. not understood) and how often the assistant answered
  `utter_cannot_assess_now` (the action server could not be reached: runtime/policy.py).
  With another tracker store (Redis, memory) those two figures cannot be computed, and the
  report says so.

It only reads: nothing is created or changed in either database.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, func, inspect, select
from sqlalchemy.engine import Engine

from symptom_checker.database import (
    DatabaseUnavailable,
    default_database_url,
    make_engine,
    masked_url,
    tracker_database_url,
    tracker_database_variable,
)
from symptom_checker.knowledge import URGENCY_LEVELS, Knowledge
from symptom_checker.loader import read_knowledge
from symptom_checker.records import AssessmentRecordRow

FALLBACK_INTENT = "nlu_fallback"
CANNOT_ASSESS_RESPONSE = "utter_cannot_assess_now"

# Rasa's SQL tracker store table; only the columns counted here.
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
)


@dataclass
class RecordFigures:
    """What the assessment records say about the window."""

    assessments: int = 0
    urgency: Counter[str] = field(default_factory=Counter)
    red_flag_symptoms: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    people: int = 0
    available: bool = True  # False: the table does not exist (no assessment ever recorded)

    @property
    def red_flag_rate(self) -> float | None:
        return self.urgency["emergency"] / self.assessments if self.assessments else None


@dataclass
class ConversationFigures:
    """What the tracker store's events say about the window."""

    messages: int = 0
    fallbacks: int = 0
    cannot_assess: int = 0
    conversations: int = 0
    available: bool = True

    @property
    def fallback_rate(self) -> float | None:
        return self.fallbacks / self.messages if self.messages else None


def red_flag_symptom_ids(knowledge: Knowledge | None = None) -> frozenset[str]:
    """The symptoms that are an emergency on their own (their urgency in symptoms.yml)."""
    knowledge = knowledge if knowledge is not None else read_knowledge()
    return knowledge.emergency_symptom_ids()


def record_figures(engine: Engine, since: datetime, red_flags: frozenset[str]) -> RecordFigures:
    figures = RecordFigures()
    if not inspect(engine).has_table(AssessmentRecordRow.__tablename__):
        figures.available = False
        return figures
    row = AssessmentRecordRow
    query = select(
        row.sender_hash, row.channel, row.present_symptoms, row.sites, row.urgency
    ).where(row.created_at >= since)
    people: set[str] = set()
    with engine.connect() as connection:
        for sender_hash, channel, present, sites, urgency in connection.execute(query):
            figures.assessments += 1
            figures.urgency[urgency] += 1
            figures.channels[channel] += 1
            figures.sites.update(sites or [])
            figures.red_flag_symptoms.update(s for s in present or [] if s in red_flags)
            people.add(sender_hash)
    figures.people = len(people)
    return figures


def conversation_figures(engine: Engine, since: datetime) -> ConversationFigures:
    figures = ConversationFigures()
    if not inspect(engine).has_table(EVENTS.name):
        figures.available = False
        return figures
    recent = EVENTS.c.timestamp >= since.timestamp()
    user = EVENTS.c.type_name == "user"
    with engine.connect() as connection:

        def count(*conditions: object) -> int:
            query = select(func.count()).select_from(EVENTS).where(recent, *conditions)
            return int(connection.execute(query).scalar_one())

        figures.messages = count(user)
        figures.fallbacks = count(user, EVENTS.c.intent_name == FALLBACK_INTENT)
        figures.cannot_assess = count(
            EVENTS.c.type_name == "action", EVENTS.c.action_name == CANNOT_ASSESS_RESPONSE
        )
        figures.conversations = int(
            connection.execute(
                select(func.count(func.distinct(EVENTS.c.sender_id))).where(recent, user)
            ).scalar_one()
        )
    return figures


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _top(counter: Counter[str], limit: int = 10) -> list[str]:
    return [f"    {name}: {count}" for name, count in counter.most_common(limit)] or ["    none"]


def format_report(
    records: RecordFigures,
    conversations: ConversationFigures | None,
    since: datetime,
    days: int,
) -> str:
    lines = [f"Since {since:%Y-%m-%d %H:%M} UTC (the last {days} days)", ""]
    lines.append("Assessments (assessment_records):")
    if not records.available:
        lines.append("  no assessment_records table: no assessment has been recorded yet")
    else:
        total = records.assessments
        lines.append(f"  assessments: {total} (people: {records.people})")
        lines.append("  urgency mix:")
        for level in URGENCY_LEVELS:
            count = records.urgency[level]
            lines.append(f"    {level}: {count} ({_percent(count, total)})")
        rate = records.red_flag_rate
        shown = "-" if rate is None else f"{100 * rate:.1f}%"
        lines.append(f"  red-flag rate (emergency assessments): {shown}")
        lines.append("  red-flag symptoms:")
        lines += _top(records.red_flag_symptoms)
        lines.append("  sites named:")
        lines += _top(records.sites)
        lines.append("  channels:")
        lines += _top(records.channels)
    lines += ["", "Conversations (tracker store events):"]
    if conversations is None or not conversations.available:
        lines.append(
            "  not available: the tracker store is not a SQL database with an `events` table "
            "(fallback rate and action-server-down answers cannot be computed)"
        )
    else:
        messages = conversations.messages
        lines.append(
            f"  messages from people: {messages} ({conversations.conversations} conversations)"
        )
        lines.append(
            f"  fallback rate (not understood, {FALLBACK_INTENT}): {conversations.fallbacks} "
            f"({_percent(conversations.fallbacks, messages)})"
        )
        lines.append(
            f"  action server down ({CANNOT_ASSESS_RESPONSE}): {conversations.cannot_assess}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, now: datetime | None = None) -> int:
    parser = argparse.ArgumentParser(description="Post-deployment monitoring figures.")
    parser.add_argument("--days", type=int, default=30, help="the window (default: 30 days)")
    args = parser.parse_args(argv)
    if args.days < 1:
        print("--days must be 1 or more", file=sys.stderr)
        return 2
    since = (now or datetime.now(timezone.utc)) - timedelta(days=args.days)
    engines: list[Engine] = []
    try:
        records_url = default_database_url()
        records_engine = make_engine(records_url)
        engines.append(records_engine)
        records = record_figures(records_engine, since, red_flag_symptom_ids())
        events_url = tracker_database_url()
        events_engine = records_engine
        if events_url != records_url:
            events_engine = make_engine(events_url, variable=tracker_database_variable())
            engines.append(events_engine)
        conversations = conversation_figures(events_engine, since)
    except DatabaseUnavailable as exc:
        print(f"Cannot read the database: {exc}", file=sys.stderr)
        return 1
    finally:
        for engine in engines:
            engine.dispose()
    print(f"Records: {masked_url(records_url)}")
    print(f"Conversations: {masked_url(events_url)}")
    print(format_report(records, conversations, since, args.days))
    return 0


if __name__ == "__main__":
    sys.exit(main())
