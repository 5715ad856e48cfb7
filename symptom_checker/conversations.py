"""Stored conversations, as the privacy and retention rules see them (no Rasa needed).

Rasa's SQL tracker store (runtime/stores.py) keeps every event of every conversation as one
row of the table `events`, with the conversation's id (`sender_id`) and the event's time in
seconds since 1970 (`timestamp`). Erasing one person's conversation and purging conversations
nobody has touched for a while only need those two columns; the summary for the doctor
also reads `type_name` and `data`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select

# The slot `action_delete_my_data` sets to True; the tracker store erases the conversation
# instead of saving the events that carry it.
ERASED_SLOT = "data_erased"

EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("data", Text),  # the event as JSON (read by symptom_checker.summary)
)


def delete_conversation(connection: Connection, sender_id: str) -> int:
    """Deletes every stored event of `sender_id`, in all its sessions; returns how many."""
    result = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender_id))
    return int(result.rowcount or 0)


def _idle_since(cutoff: datetime) -> Select:
    return (
        select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(func.max(EVENTS.c.timestamp) < cutoff.timestamp())
    )


def delete_conversations_idle_since(engine: Engine, cutoff: datetime) -> tuple[int, int]:
    """Deletes whole conversations whose latest event is older than `cutoff`.

    Returns (conversations, events) deleted. A conversation with any newer event is kept
    whole: its older turns are still part of what the assistant remembers.
    """
    with engine.begin() as connection:
        if not inspect(connection).has_table(EVENTS.name):
            return 0, 0  # no conversation was ever stored here
        idle = _idle_since(cutoff).subquery()
        conversations = connection.execute(select(func.count()).select_from(idle)).scalar_one()
        result = connection.execute(
            delete(EVENTS).where(EVENTS.c.sender_id.in_(select(idle.c.sender_id)))
        )
        return int(conversations), int(result.rowcount or 0)
