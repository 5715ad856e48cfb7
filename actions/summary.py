"""A summary to take to the doctor: a link on the web and REST, a PDF or text on platforms."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.config import conversation_database, knowledge, summary_base_url, summary_tokens
from symptom_checker.summary import (
    latest_assessment_event_id,
    load_summary,
    render_text,
    ttl_days,
)
from symptom_checker.vocabulary import DOCTOR_SUMMARY_TYPE

logger = logging.getLogger(__name__)

# Channels whose people read a link to the web page; the messaging platforms get the summary
# itself (Telegram as a PDF document, the others as text).
LINK_CHANNELS = frozenset({"rest", "socketio", "cmdline", "callback"})
DOCUMENT_CHANNELS = frozenset({"telegram"})

NO_ASSESSMENT_YET = (
    "I can put a summary together once we have gone through your symptoms. "
    "What have you noticed?"
)
NOT_NOW = (
    "Sorry, I can't make the summary right now. Please tell your doctor what you told me, "
    "and try again later."
)


class ActionRequestSummary(Action):
    """`action_request_summary`: "Summary for my doctor" after an assessment."""

    def name(self) -> str:
        return "action_request_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            event_id = latest_assessment_event_id(conversation_database(), tracker.sender_id)
            if event_id is None:
                dispatcher.utter_message(text=NO_ASSESSMENT_YET)
                return []
            token = summary_tokens().issue(tracker.sender_id, event_id)
        except Exception:  # the person is told; nothing half-made is kept
            logger.exception("Could not make a summary link.")
            dispatcher.utter_message(text=NOT_NOW)
            return []
        channel = tracker.get_latest_input_channel() or "rest"
        if channel in DOCUMENT_CHANNELS:
            dispatcher.utter_message(text="Here is a summary to show your doctor, as a PDF.")
            dispatcher.utter_message(json_message={"type": DOCTOR_SUMMARY_TYPE, "token": token})
        elif channel in LINK_CHANNELS:
            url = f"{summary_base_url()}/summary/{token}"
            dispatcher.utter_message(
                text=(
                    f"Here is a summary to show your doctor: {url} You can print it or save "
                    f"it as a PDF there. The link works for {ttl_days()} days, or until you "
                    "ask me to delete your data."
                ),
                json_message={"type": DOCTOR_SUMMARY_TYPE, "url": url, "pdf_url": f"{url}.pdf"},
            )
        else:
            summary = load_summary(token, summary_tokens(), conversation_database(), knowledge())
            if summary is None:
                dispatcher.utter_message(text=NOT_NOW)
                return []
            dispatcher.utter_message(text=render_text(summary))
        return []
