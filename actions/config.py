"""Settings the actions read from the environment, read when first needed (never at import)."""

from __future__ import annotations

import os
from functools import lru_cache

from symptom_checker.database import default_database_url, make_engine
from symptom_checker.loader import ensure_loaded
from symptom_checker.records import AssessmentRecords, sender_hash_key
from symptom_checker.repository import KnowledgeRepository


def database_url() -> str:
    return default_database_url()


def max_message_chars() -> int:
    return int(os.environ.get("MAX_MESSAGE_CHARS", "2000"))


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeRepository:
    """The knowledge base, connected and loaded once per action-server process."""
    engine = make_engine(database_url())
    ensure_loaded(engine)
    return KnowledgeRepository(engine)


@lru_cache(maxsize=1)
def assessment_records() -> AssessmentRecords:
    """The assessment records, in the same database; connected when first needed."""
    return AssessmentRecords(make_engine(database_url()), sender_hash_key())
