"""Settings the actions read from the environment, read when first needed (never at import)."""

from __future__ import annotations

import os
from functools import lru_cache

from sqlalchemy.engine import Engine

from symptom_checker.database import (
    default_database_url,
    make_engine,
    tracker_database_url,
    tracker_database_variable,
)
from symptom_checker.knowledge import Knowledge
from symptom_checker.loader import read_knowledge
from symptom_checker.records import AssessmentRecords, sender_hash_key
from symptom_checker.summary import SummaryTokens


def database_url() -> str:
    return default_database_url()


def max_message_chars() -> int:
    return int(os.environ.get("MAX_MESSAGE_CHARS", "2000"))


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The knowledge files (data/knowledge), read into memory once per action-server process.

    No turn waits on a database for it, and the action server needs none to start: the copy
    that `make kb` publishes is for people who query the database. Its symptom ids must be
    exactly the lexicon's (symptom_nlu/resources), or the server does not start: a symptom
    the NLU can find but triage does not know would silently count for nothing.
    """
    from symptom_nlu.lexicon import load_lexicon

    found = read_knowledge()
    found.check_vocabulary(load_lexicon().symptom_ids, "symptom_nlu/resources/en/lexicon.yml")
    return found


@lru_cache(maxsize=1)
def summary_tokens() -> SummaryTokens:
    """The links to summaries for the doctor, beside the records (symptom_checker.summary)."""
    return SummaryTokens(make_engine(database_url()), sender_hash_key())


def summary_base_url() -> str:
    """Where summary links point: SUMMARY_BASE_URL, else the web page on this machine."""
    configured = os.environ.get("SUMMARY_BASE_URL", "").strip().rstrip("/")
    return configured or f"http://127.0.0.1:{os.environ.get('WEB_PORT', '8080')}"


@lru_cache(maxsize=1)
def assessment_records() -> AssessmentRecords:
    """The assessment records, in the same database; connected when first needed."""
    return AssessmentRecords(make_engine(database_url()), sender_hash_key())


@lru_cache(maxsize=1)
def conversation_database() -> Engine:
    """The database of Rasa's tracker store (TRACKER_DB_URL, else DATABASE_URL), where
    "delete my data" erases the stored conversation and summaries are read from; connected
    when first needed."""
    return make_engine(tracker_database_url(), variable=tracker_database_variable())
