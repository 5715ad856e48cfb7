""""Delete my data": the person's assessment records here, their conversation in Rasa."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from actions.config import assessment_records, conversation_database, summary_tokens
from symptom_checker.conversations import ERASED_SLOT, EVENTS, delete_conversation

logger = logging.getLogger(__name__)


class ActionDeleteMyData(Action):
    """`action_delete_my_data`: runs once the person has confirmed.

    It deletes the person's assessment records and summary links (found by the keyed hash
    of their sender id) and their stored conversation, and only then says it is done. It
    returns the marker `data_erased`: the tracker store (runtime/stores.py) then deletes this
    turn's events too, instead of saving them. If anything fails, the person is told that
    nothing was deleted: when records and conversations share a database (the default) both
    deletions are one transaction, so that is exactly true.
    """

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            erase_person(tracker.sender_id)
        except Exception:  # say so, and keep the conversation
            logger.exception("Could not delete a person's data; they were told so.")
            dispatcher.utter_message(response="utter_data_not_erased")
            return []
        dispatcher.utter_message(response="utter_data_erased")
        return [SlotSet(ERASED_SLOT, True)]


def erase_person(sender_id: str) -> None:
    """Deletes the records and the stored conversation of `sender_id`, or raises."""
    # The summary links first: without the conversation they open nothing anyway.
    summary_tokens().delete_for_sender(sender_id)
    records = assessment_records()
    conversations = conversation_database()
    if records.engine.url == conversations.url:
        with records.engine.begin() as connection:
            records.delete_for_sender(sender_id, connection)
            erase_stored_conversation(connection, sender_id)
        return
    # Two databases: records first; if the conversation then fails, the person is told
    # their data was not deleted, and the log says the records were.
    records.delete_for_sender(sender_id)
    with conversations.begin() as connection:
        erase_stored_conversation(connection, sender_id)


def erase_stored_conversation(connection: Connection, sender_id: str) -> int:
    if not inspect(connection).has_table(EVENTS.name):
        return 0  # no conversation was ever stored in this database
    return delete_conversation(connection, sender_id)
