"""A summary to take to the doctor, derived from the stored conversation when it is asked for.

Nothing of the summary is stored. A link holds a token; the table `summary_tokens` (in
`DATABASE_URL`, beside the assessment records) keeps only a hash of that token, the keyed hash
of the person's sender id, the id of the assessment's event in the conversation store and an
expiry. Opening the link reads the conversation up to that event (Rasa's `events` table in
`TRACKER_DB_URL`, else `DATABASE_URL`) and builds the summary from it and the knowledge base.
After "delete my data" the conversation and the tokens are gone, so the link answers 404; an
expired or wrong token does too.

    tokens = SummaryTokens(records_engine, sender_hash_key())
    token = tokens.issue(sender_id, assessment_event_id)
    summary = load_summary(token, tokens, conversations_engine, knowledge)
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any, cast

from sqlalchemy import Column, DateTime, Integer, String, delete, select
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import Mapped, Session, declarative_base

from symptom_checker.conversations import EVENTS
from symptom_checker.knowledge import Knowledge
from symptom_checker.records import HASH_LENGTH, sender_hash
from symptom_checker.vocabulary import ASSESSMENT_TYPE
from symptom_checker.wording import capitalised

DEFAULT_TTL_DAYS = 7
MAX_TTL_DAYS = 365
TOKEN_BYTES = 24  # 192 random bits; the contract asks for at least 128

URGENCY_ADVICE = {
    "emergency": "Emergency: call the emergency number now, or go to the emergency department.",
    "urgent": "Urgent: see a doctor today, or within 24 hours.",
    "soon": "Soon: see a doctor within the next two weeks.",
}
HISTORY_TEXT = {
    "yes": "Has had breast cancer before.",
    "no": "Has not had breast cancer before.",
    "unsure": "Not sure whether they have had breast cancer before.",
}
NOT_A_DIAGNOSIS = (
    "This is not a diagnosis: it is what the person told an automated symptom checker, to help "
    "them explain it to a doctor. Only a doctor who examines them can say what is wrong."
)


SummaryBase = declarative_base()


class SummaryTokenRow(SummaryBase):
    __tablename__ = "summary_tokens"

    token_hash: Mapped[str] = Column(String(HASH_LENGTH), primary_key=True)
    sender_hash: Mapped[str] = Column(String(HASH_LENGTH), nullable=False, index=True)
    assessment_event_id: Mapped[int] = Column(Integer, nullable=False)
    expires_at: Mapped[datetime] = Column(DateTime(timezone=True), nullable=False, index=True)


class SummaryError(Exception):
    """A setting of the summaries is not usable; the message says why."""


def ttl_days(value: str | None = None) -> int:
    """`SUMMARY_TTL_DAYS` (default 7): how long a summary link works."""
    raw = (os.environ.get("SUMMARY_TTL_DAYS", "") if value is None else value).strip()
    if not raw:
        return DEFAULT_TTL_DAYS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TTL_DAYS:
        raise SummaryError(
            f"SUMMARY_TTL_DAYS must be a whole number of days from 1 to {MAX_TTL_DAYS}, "
            f"got {raw!r}."
        )
    return int(raw)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class TokenGrant:
    sender_hash: str
    assessment_event_id: int


class SummaryTokens:
    """The links to summaries: issued per assessment, found by token, deleted with the data."""

    def __init__(self, engine: Engine, key: bytes, days: int | None = None) -> None:
        self._engine = engine
        self._key = key
        self._days = days if days is not None else ttl_days()
        SummaryBase.metadata.create_all(engine)

    def issue(self, sender_id: str, assessment_event_id: int, now: datetime | None = None) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = _utc(now or datetime.now(timezone.utc)) + timedelta(days=self._days)
        with Session(self._engine) as session, session.begin():
            session.add(
                SummaryTokenRow(
                    token_hash=_token_hash(token),
                    sender_hash=sender_hash(sender_id, self._key),
                    assessment_event_id=int(assessment_event_id),
                    expires_at=expires,
                )
            )
        return token

    def find(self, token: str, now: datetime | None = None) -> TokenGrant | None:
        """The grant of a valid, unexpired token; None for anything else."""
        if not isinstance(token, str) or not 20 <= len(token) <= 128:
            return None
        moment = _utc(now or datetime.now(timezone.utc))
        with Session(self._engine) as session:
            row = session.get(SummaryTokenRow, _token_hash(token))
            if row is None or _utc(row.expires_at) <= moment:
                return None
            return TokenGrant(row.sender_hash, int(row.assessment_event_id))

    def holder_matches(self, grant: TokenGrant, sender_id: str) -> bool:
        return secrets.compare_digest(grant.sender_hash, sender_hash(sender_id, self._key))

    def delete_for_sender(self, sender_id: str) -> int:
        hashed = sender_hash(sender_id, self._key)
        with Session(self._engine) as session, session.begin():
            result = session.execute(
                delete(SummaryTokenRow).where(SummaryTokenRow.sender_hash == hashed)
            )
            return int(cast(CursorResult, result).rowcount or 0)


def delete_expired_tokens(engine: Engine, now: datetime | None = None) -> int:
    """Deletes the tokens past their expiry (no key needed); returns how many."""
    SummaryBase.metadata.create_all(engine)
    moment = _utc(now or datetime.now(timezone.utc))
    with Session(engine) as session, session.begin():
        result = session.execute(
            delete(SummaryTokenRow).where(SummaryTokenRow.expires_at <= moment)
        )
        return int(cast(CursorResult, result).rowcount or 0)


# --- The conversation store --------------------------------------------------------------


def latest_assessment_event_id(engine: Engine, sender_id: str) -> int | None:
    """The id of the newest stored assessment message of `sender_id`, if any."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(EVENTS.c.id, EVENTS.c.data)
            .where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "bot")
            .order_by(EVENTS.c.id.desc())
        )
        for event_id, data in rows:
            if _is_assessment(_json(data)):
                return int(event_id)
    return None


def conversation_until(engine: Engine, event_id: int) -> tuple[str, list[dict[str, Any]]] | None:
    """(sender id, the events of that conversation up to and including `event_id`)."""
    with engine.connect() as connection:
        sender = connection.execute(
            select(EVENTS.c.sender_id).where(EVENTS.c.id == event_id)
        ).scalar_one_or_none()
        if sender is None:
            return None
        rows = connection.execute(
            select(EVENTS.c.data)
            .where(EVENTS.c.sender_id == sender, EVENTS.c.id <= event_id)
            .order_by(EVENTS.c.id)
        )
        return str(sender), [_json(data) for (data,) in rows]


def _json(data: Any) -> dict[str, Any]:
    try:
        value = json.loads(data) if isinstance(data, str) else data
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _is_assessment(event: Mapping[str, Any]) -> bool:
    custom = ((event.get("data") or {}) if isinstance(event.get("data"), dict) else {}).get(
        "custom"
    )
    return isinstance(custom, dict) and custom.get("type") == ASSESSMENT_TYPE


# --- The summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class SummarySymptom:
    label: str
    since: str | None


@dataclass(frozen=True)
class SummarySite:
    name: str
    because: tuple[str, ...]  # the symptom labels
    why: str


@dataclass(frozen=True)
class SummarySource:
    title: str
    publisher: str
    url: str | None


@dataclass(frozen=True)
class DoctorSummary:
    date: str  # the assessment's date, YYYY-MM-DD (UTC)
    present: tuple[SummarySymptom, ...]
    negated: tuple[str, ...]
    side: str | None
    history: str | None
    on_treatment: str | None
    sites: tuple[SummarySite, ...]
    urgency: str
    what_to_do: str
    sources: tuple[SummarySource, ...] = field(default_factory=tuple)


def summary_from_events(
    events: Iterable[Mapping[str, Any]], knowledge: Knowledge
) -> DoctorSummary | None:
    """The summary of the last assessment among `events` (a conversation, oldest first)."""
    slots: dict[str, Any] = {}
    assessment: dict[str, Any] | None = None
    moment: float | None = None
    for event in events:
        kind = event.get("event")
        if kind == "slot" and isinstance(event.get("name"), str):
            slots[event["name"]] = event.get("value")
        elif kind == "bot" and _is_assessment(event):
            assessment = dict(event["data"]["custom"])
            moment = event.get("timestamp") if isinstance(event.get("timestamp"), float) else None
            taken = dict(slots)
    if assessment is None:
        return None
    return _summary(assessment, taken, moment, knowledge)


def _summary(
    assessment: Mapping[str, Any],
    slots: Mapping[str, Any],
    moment: float | None,
    knowledge: Knowledge,
) -> DoctorSummary:
    present = knowledge.symptoms(str(s) for s in assessment.get("symptoms") or [])
    negated = knowledge.symptoms(str(s) for s in assessment.get("negated") or [])
    durations = slots.get("symptom_durations")
    durations = durations if isinstance(durations, dict) else {}
    shared_since = (
        slots.get("symptom_duration") if isinstance(slots.get("symptom_duration"), str) else None
    )
    site_ids = [str(s) for s in assessment.get("sites") or []]
    sites = []
    for site_id in site_ids:
        site = knowledge.site(site_id)
        if site is None:
            continue
        links = [(s, link) for s in present for link in s.links if link.site_id == site_id]
        sites.append(
            SummarySite(
                name=site.name,
                because=tuple(s.label for s, _ in links),
                why=" ".join(dict.fromkeys(link.why for _, link in links)),
            )
        )
    source_ids = list(dict.fromkeys(sid for s in present for sid in s.source_ids))
    sources = [knowledge.source(sid) for sid in source_ids]
    urgency = str(assessment.get("urgency") or "soon")
    when = datetime.fromtimestamp(moment, timezone.utc) if moment else datetime.now(timezone.utc)
    side = slots.get("side")
    history = slots.get("breast_cancer_history")
    treatment = slots.get("on_treatment")
    return DoctorSummary(
        date=when.strftime("%Y-%m-%d"),
        present=tuple(
            SummarySymptom(
                s.label,
                _text(durations.get(s.id)) or _text(shared_since),
            )
            for s in present
        ),
        negated=tuple(s.label for s in negated),
        side=side if side in ("left", "right") else None,
        history=HISTORY_TEXT.get(str(history)) if history else None,
        on_treatment={
            "yes": "On cancer treatment now or in the last six weeks.",
            "no": "Not on cancer treatment.",
        }.get(str(treatment)),
        sites=tuple(sites),
        urgency=urgency if urgency in URGENCY_ADVICE else "soon",
        what_to_do=URGENCY_ADVICE.get(urgency, URGENCY_ADVICE["soon"]),
        sources=tuple(
            SummarySource(s.title, s.publisher, s.url) for s in sources if s is not None
        ),
    )


def _text(value: Any, limit: int = 80) -> str | None:
    return " ".join(value.split())[:limit] if isinstance(value, str) and value.strip() else None


def load_summary(
    token: str,
    tokens: SummaryTokens,
    conversations: Engine,
    knowledge: Knowledge,
    now: datetime | None = None,
) -> DoctorSummary | None:
    """The summary behind a link, or None when the token is wrong, expired or deleted."""
    grant = tokens.find(token, now)
    if grant is None:
        return None
    found = conversation_until(conversations, grant.assessment_event_id)
    if found is None:
        return None
    sender_id, events = found
    if not tokens.holder_matches(grant, sender_id):
        return None  # the event id now belongs to someone else's conversation
    return summary_from_events(events, knowledge)


class Summaries:
    """Opens summary links from the environment's databases and the knowledge files.

    The web page server and the Telegram channel each build one on the first link opened, so
    nothing connects before a summary is asked for.
    """

    def __init__(self) -> None:
        from symptom_checker.database import (
            default_database_url,
            make_engine,
            tracker_database_url,
            tracker_database_variable,
        )
        from symptom_checker.records import sender_hash_key

        self.tokens = SummaryTokens(make_engine(default_database_url()), sender_hash_key())
        self.conversations = make_engine(tracker_database_url(), tracker_database_variable())
        from symptom_checker.loader import read_knowledge

        self.knowledge = read_knowledge()

    def load(self, token: str) -> DoctorSummary | None:
        return load_summary(token, self.tokens, self.conversations, self.knowledge)


_SUMMARIES: Summaries | None = None
_SUMMARIES_LOCK = threading.Lock()


def summaries() -> Summaries:
    """The process-wide Summaries, built when first needed."""
    global _SUMMARIES
    with _SUMMARIES_LOCK:
        if _SUMMARIES is None:
            _SUMMARIES = Summaries()
        return _SUMMARIES


# --- Words -------------------------------------------------------------------------------


def summary_lines(summary: DoctorSummary) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections shared by the page, the PDF and the text version."""
    symptoms = [
        f"{capitalised(s.label)}" + (f" (since: {s.since})" if s.since else "")
        for s in summary.present
    ] or ["No current symptom was reported."]
    if summary.side:
        symptoms.append(f"Side mentioned: {summary.side}.")
    sections = [("Symptoms now", symptoms)]
    if summary.negated:
        sections.append(
            ("Said they do not have", [capitalised(label) for label in summary.negated])
        )
    history = [line for line in (summary.history, summary.on_treatment) if line]
    sections.append(("Breast cancer history", history or ["Not asked or not answered."]))
    sections.append(
        (
            "Parts of the body these symptoms can be linked to",
            [
                f"{capitalised(site.name)}, because of {', '.join(site.because)}. {site.why}"
                for site in summary.sites
            ]
            or ["None in particular."],
        )
    )
    sections.append(("How soon", [summary.what_to_do]))
    sections.append(
        (
            "Sources",
            [
                f"{source.title} ({source.publisher})" + (f": {source.url}" if source.url else "")
                for source in summary.sources
            ]
            or ["The assistant's knowledge base."],
        )
    )
    return sections


TITLE = "Symptom summary for a doctor"


def render_text(summary: DoctorSummary) -> str:
    parts = [f"{TITLE} ({summary.date})"]
    for heading, lines in summary_lines(summary):
        parts.append(heading + ":\n" + "\n".join(f"- {line}" for line in lines))
    parts.append(NOT_A_DIAGNOSIS)
    return "\n\n".join(parts)


def render_html(summary: DoctorSummary, pdf_href: str) -> str:
    body = []
    for heading, lines in summary_lines(summary):
        items = "".join(f"<li>{escape(line)}</li>" for line in lines)
        body.append(f"<section><h2>{escape(heading)}</h2><ul>{items}</ul></section>")
    urgency = escape(summary.urgency)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{TITLE}</title>"
        '<link rel="stylesheet" href="/summary.css"></head>'
        f'<body class="urgency-{urgency}"><main>'
        f"<h1>{TITLE}</h1>"
        f'<p class="date">Date of the assessment: <time datetime="{escape(summary.date)}">'
        f"{escape(summary.date)}</time></p>"
        '<p class="not-a-diagnosis">'
        f"{escape(NOT_A_DIAGNOSIS)}</p>"
        + "".join(body)
        + '<p class="actions"><a href="'
        + escape(pdf_href)
        + "\" download>Download as PDF</a> · Use your browser's Print to print this page.</p>"
        "</main></body></html>\n"
    )
