""""Delete my data": the person's assessment records here, their conversation in Rasa."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.config import assessment_records, summary_tokens
from symptom_checker.conversations import ERASED_SLOT

logger = logging.getLogger(__name__)


class ActionDeleteMyData(Action):
    """`action_delete_my_data`: runs once the person has confirmed.

    It deletes the person's assessment records and summary links (found by the keyed hash of
    their sender id)
    and returns the marker `data_erased`; the tracker store (runtime/stores.py) then deletes
    every stored event of the conversation instead of saving this turn.
    """

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            assessment_records().delete_for_sender(tracker.sender_id)
            summary_tokens().delete_for_sender(tracker.sender_id)
        except Exception:  # say so, and keep the conversation: nothing half-deleted
            logger.exception("Could not delete a person's assessment records.")
            dispatcher.utter_message(response="utter_data_not_erased")
            return []
        dispatcher.utter_message(response="utter_data_erased")
        return [SlotSet(ERASED_SLOT, True)]
