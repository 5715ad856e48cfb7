"""Deletes what is older than the retention period (`make purge`).

    python -m symptom_checker.retention            # RETENTION_DAYS days (default 30)
    python -m symptom_checker.retention --days 7

Two things are deleted, and counted:
- assessment records made before the cutoff (`DATABASE_URL`, symptom_checker.records);
- whole conversations whose latest event is before the cutoff (Rasa's `events` table in
  `TRACKER_DB_URL`, else `DATABASE_URL`). A conversation still going on is kept whole;
- summary links past their expiry (`SUMMARY_TTL_DAYS`, symptom_checker.summary).

Run it daily (cron, a systemd timer, a Kubernetes CronJob): it is safe while the assistant
runs, and running it twice deletes nothing more.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy.engine import Engine

from symptom_checker.conversations import delete_conversations_idle_since
from symptom_checker.database import (
    DatabaseUnavailable,
    default_database_url,
    make_engine,
    tracker_database_url,
    tracker_database_variable,
)
from symptom_checker.records import delete_records_older_than
from symptom_checker.summary import delete_expired_tokens

DEFAULT_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 36_500  # a hundred years: anything longer is a typing mistake


class RetentionError(Exception):
    """The retention period is not a usable number of days; the message says why."""


def retention_days(value: str | None = None) -> int:
    """`value`, else `RETENTION_DAYS`, else 30, checked to be a whole number of days >= 1."""
    source = "RETENTION_DAYS" if value is None else "--days"
    raw = (os.environ.get("RETENTION_DAYS", "") if value is None else value).strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = None
    if days is None or not 1 <= days <= MAX_RETENTION_DAYS:
        raise RetentionError(
            f"{source} must be a whole number of days from 1 to {MAX_RETENTION_DAYS}, "
            f"got {raw!r}. Unset it to keep data for {DEFAULT_RETENTION_DAYS} days."
        )
    return days


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    records: int
    conversations: int
    events: int
    summary_links: int = 0


def purge(
    records_engine: Engine,
    conversations_engine: Engine,
    days: int,
    now: datetime | None = None,
) -> PurgeResult:
    """Deletes the records and the conversations older than `days` days before `now`."""
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    records = delete_records_older_than(records_engine, cutoff)
    conversations, events = delete_conversations_idle_since(conversations_engine, cutoff)
    links = delete_expired_tokens(records_engine, now)
    return PurgeResult(cutoff, records, conversations, events, links)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m symptom_checker.retention",
        description="Delete conversations and assessment records older than RETENTION_DAYS.",
    )
    parser.add_argument("--days", help="days to keep (default: RETENTION_DAYS, else 30)")
    args = parser.parse_args(argv)

    engines: list[Engine] = []
    try:
        days = retention_days(args.days)
        records_url = default_database_url()
        records_engine = make_engine(records_url)
        engines.append(records_engine)
        conversations_url = tracker_database_url()
        if conversations_url == records_url:
            conversations_engine = records_engine
        else:
            conversations_engine = make_engine(
                conversations_url, variable=tracker_database_variable()
            )
            engines.append(conversations_engine)
        result = purge(records_engine, conversations_engine, days)
    except (RetentionError, DatabaseUnavailable) as exc:
        print(f"Nothing was deleted. {exc}", file=sys.stderr)
        return 1
    finally:
        for engine in engines:
            engine.dispose()

    print(f"Deleted what is older than {days} days (before {result.cutoff:%Y-%m-%d %H:%M} UTC):")
    print(f"  assessment records: {result.records}")
    print(f"  conversations: {result.conversations} ({result.events} events)")
    print(f"  expired summary links: {result.summary_links}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
