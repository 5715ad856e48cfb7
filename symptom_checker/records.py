"""Assessment records: what each completed assessment found, never what was said, nor by whom.

One row per assessment, in the table `assessment_records` of the `DATABASE_URL` database
(created when first needed): the ids of the symptoms present and negated, the ids of the
possible sites, the urgency, the channel and the time (UTC). No free text is kept: every
stored value is a short identifier, checked before it is written. The person is known only
by a keyed hash of their sender id (HMAC-SHA256), so the records of one person can be found
and deleted ("delete my data"), but nobody can tell from the table who that person is.

The key is `SENDER_HASH_KEY` when set; otherwise a random key generated once into
`var/sender-hash.key` (readable by its owner only). Several action servers writing to one
database must share one key: set the same `SENDER_HASH_KEY` on all of them.

`python -m symptom_checker.retention` deletes the records older than `RETENTION_DAYS`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import cast

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Integer,
    String,
    delete,
    select,
)
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.orm import Mapped, Session, declarative_base

from symptom_checker.database import PROJECT_ROOT
from symptom_checker.knowledge import URGENCY_LEVELS, urgency_check_sql
from symptom_checker.local_keys import local_key
from symptom_checker.triage import Assessment

DEFAULT_KEY_FILE = PROJECT_ROOT / "var" / "sender-hash.key"
HASH_LENGTH = 64  # hex digits of SHA-256
UNKNOWN_CHANNEL = "unknown"

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_CHANNEL = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")

RecordsBase = declarative_base()


class AssessmentRecordRow(RecordsBase):
    __tablename__ = "assessment_records"
    __table_args__ = (CheckConstraint(urgency_check_sql(), name="ck_assessment_records_urgency"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    sender_hash: Mapped[str] = Column(String(HASH_LENGTH), nullable=False, index=True)
    channel: Mapped[str] = Column(String(64), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, index=True)
    present_symptoms: Mapped[list[str]] = Column(JSON, nullable=False)
    negated_symptoms: Mapped[list[str]] = Column(JSON, nullable=False)
    sites: Mapped[list[str]] = Column(JSON, nullable=False)
    urgency: Mapped[str] = Column(String(16), nullable=False)


@dataclass(frozen=True)
class AssessmentRecord:
    """One completed assessment, as stored."""

    sender_hash: str
    channel: str
    created_at: datetime
    present_symptoms: tuple[str, ...]
    negated_symptoms: tuple[str, ...]
    sites: tuple[str, ...]
    urgency: str


class RecordKeyError(Exception):
    """The sender-hash key cannot be read or created; the message says what to check."""


def sender_hash_key(key_file: Path = DEFAULT_KEY_FILE) -> bytes:
    """`SENDER_HASH_KEY`, else the key in `key_file`, generated there on first use."""
    key = local_key("SENDER_HASH_KEY", key_file, "the sender-hash key", RecordKeyError)
    return key.encode("utf-8")


def sender_hash(sender_id: str, key: bytes) -> str:
    """The keyed hash that stands for a sender id in the records."""
    return hmac.new(key, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


def _identifiers(values: Iterable[str], what: str) -> tuple[str, ...]:
    checked = tuple(dict.fromkeys(values))
    for value in checked:
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            raise ValueError(f"A {what} must be an id such as 'bone_pain', got {value!r}.")
    return checked


def _channel(channel: str | None) -> str:
    name = (channel or "").strip().lower()
    return name if _CHANNEL.match(name) else UNKNOWN_CHANNEL


def _utc(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; every stored time is UTC.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


class AssessmentRecords:
    """The assessment records of one database; the table is created when first needed."""

    def __init__(self, engine: Engine, key: bytes) -> None:
        if not key:
            raise ValueError("The sender-hash key must not be empty.")
        self._engine = engine
        self._key = key
        RecordsBase.metadata.create_all(engine)

    def add(
        self,
        sender_id: str,
        channel: str | None,
        assessment: Assessment,
        at: datetime | None = None,
    ) -> AssessmentRecord:
        """Records one completed assessment of `sender_id` (stored only as a keyed hash)."""
        return self.add_ids(
            sender_id,
            channel,
            present=[s.id for s in assessment.present],
            negated=[s.id for s in assessment.negated],
            sites=[p.site.id for p in assessment.possible_sites],
            urgency=assessment.urgency,
            at=at,
        )

    def add_ids(
        self,
        sender_id: str,
        channel: str | None,
        present: Sequence[str],
        negated: Sequence[str],
        sites: Sequence[str],
        urgency: str,
        at: datetime | None = None,
    ) -> AssessmentRecord:
        if urgency not in URGENCY_LEVELS:
            raise ValueError(f"urgency must be one of {URGENCY_LEVELS}, got {urgency!r}.")
        row = AssessmentRecordRow(
            sender_hash=sender_hash(sender_id, self._key),
            channel=_channel(channel),
            created_at=_utc(at or datetime.now(timezone.utc)).astimezone(timezone.utc),
            present_symptoms=list(_identifiers(present, "symptom")),
            negated_symptoms=list(_identifiers(negated, "symptom")),
            sites=list(_identifiers(sites, "site")),
            urgency=urgency,
        )
        with Session(self._engine) as session, session.begin():
            session.add(row)
            session.flush()
            return _record(row)

    def for_sender(self, sender_id: str) -> list[AssessmentRecord]:
        """The records of `sender_id`, oldest first."""
        hashed = sender_hash(sender_id, self._key)
        with Session(self._engine) as session:
            rows = session.scalars(
                select(AssessmentRecordRow)
                .where(AssessmentRecordRow.sender_hash == hashed)
                .order_by(AssessmentRecordRow.created_at, AssessmentRecordRow.id)
            )
            return [_record(row) for row in rows]

    @property
    def engine(self) -> Engine:
        return self._engine

    def delete_for_sender(self, sender_id: str, connection: Connection | None = None) -> int:
        """Deletes every record of `sender_id`; returns how many there were. Given a
        `connection`, inside its transaction (so that it can be undone with other deletions)."""
        hashed = sender_hash(sender_id, self._key)
        if connection is not None:
            result = connection.execute(
                delete(AssessmentRecordRow).where(AssessmentRecordRow.sender_hash == hashed)
            )
            return int(result.rowcount or 0)
        with Session(self._engine) as session, session.begin():
            deleted = session.execute(
                delete(AssessmentRecordRow).where(AssessmentRecordRow.sender_hash == hashed)
            )
            return int(cast(CursorResult, deleted).rowcount or 0)


def delete_records_older_than(engine: Engine, cutoff: datetime) -> int:
    """Deletes the records made before `cutoff` (no key needed); returns how many."""
    RecordsBase.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        result = session.execute(
            delete(AssessmentRecordRow).where(
                AssessmentRecordRow.created_at < _utc(cutoff).astimezone(timezone.utc)
            )
        )
        return int(cast(CursorResult, result).rowcount or 0)


def _record(row: AssessmentRecordRow) -> AssessmentRecord:
    return AssessmentRecord(
        sender_hash=row.sender_hash,
        channel=row.channel,
        created_at=_utc(row.created_at),
        present_symptoms=tuple(row.present_symptoms),
        negated_symptoms=tuple(row.negated_symptoms),
        sites=tuple(row.sites),
        urgency=row.urgency,
    )
