"""Answers to questions about the disease, from the knowledge base's topics."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent
from actions.config import knowledge

QUESTION_PREFIX = "ask_"


def topic_for_intent(intent: str | None) -> str | None:
    if intent and intent.startswith(QUESTION_PREFIX):
        return intent[len(QUESTION_PREFIX) :]
    return None


class ActionAnswerDiseaseQuestion(Action):
    """`action_answer_disease_question`: one intent per topic, answered in plain words."""

    def name(self) -> str:
        return "action_answer_disease_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        topic_id = topic_for_intent(latest_intent(tracker))
        topic = knowledge().topic(topic_id) if topic_id else None
        if topic is None:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(text=topic.answer)
        return []
