"""Answers to questions about the disease, from the knowledge base's topics.

When a question could mean two or three topics, or was not understood but its best readings
are topics, the person is asked "Do you mean ...?" with those topics as buttons; which
readings count as close is decided in actions.clarify, the titles come from the
knowledge base. A message that names a symptom the person has is never turned into such a
question: what happens to symptoms stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clarify import topic_ids, topic_intents, topics_to_offer
from actions.common import asked_about_symptoms, latest_intent, names_a_present_symptom
from actions.config import knowledge
from actions.form import ActionNoteAndContinue
from actions.oncology import raises_the_urgency, reassess, safety_net_text
from actions.roles import ASK_HAPPENING_NOW, only_quotes_symptoms
from symptom_checker.vocabulary import QUESTION_PREFIX
from symptom_checker.wording import symptom_question_answer
from symptom_nlu.features import says_all_is_well

# "How does it spread to other parts of the body?" and "Where does it spread?" lie close
# together for the classifier; the question word tells them apart (issue 13).
HOW_IT_SPREADS = "how_it_spreads"
WHERE_IT_SPREADS = "where_it_spreads"
_ASKS_HOW = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:how|in\s+what\s+way|by\s+what\s+route)\b"
    r"(?!\s+(?:many|much|often|common|likely|fast|quickly|long|soon))",
    re.IGNORECASE,
)
_ASKS_WHERE = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:where|which\s+(?:organs?|parts?|places?))\b", re.IGNORECASE
)


def spread_topic_by_question_word(text: str, topic_ids: AbstractSet[str | None]) -> str | None:
    """how_it_spreads / where_it_spreads when both are in play and the question word decides."""
    if not {HOW_IT_SPREADS, WHERE_IT_SPREADS} & topic_ids:
        return None
    if _ASKS_HOW.search(text or ""):
        return HOW_IT_SPREADS
    if _ASKS_WHERE.search(text or ""):
        return WHERE_IT_SPREADS
    return None


# Topics whose question, when it names symptoms, is about those symptoms ("can it cause
# fits?" reads to the intent model as "what is metastatic breast cancer" or "its symptoms").
SYMPTOM_TOPICS = frozenset(
    {"symptoms_of_spread", "what_is_metastatic", HOW_IT_SPREADS, WHERE_IT_SPREADS}
)


def answer_symptom_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answers a question about symptoms from the knowledge base; False if it is not one."""
    repository = knowledge()
    asked = repository.symptoms(asked_about_symptoms(tracker))
    if not asked:
        return False
    sites = [repository.site(i) for s in asked for i in s.site_ids]
    names = list(dict.fromkeys(site.name for site in sites if site is not None))
    dispatcher.utter_message(text=symptom_question_answer(asked, names))
    return True


def topic_for_intent(intent: str | None) -> str | None:
    if intent and intent.startswith(QUESTION_PREFIX):
        return intent[len(QUESTION_PREFIX) :]
    return None


def topic_buttons(tracker: Tracker) -> list[dict[str, str]]:
    """One button per topic the latest message may mean; [] when it is clear enough."""
    if names_a_present_symptom(tracker):
        return []
    repository = knowledge()
    intents = topics_to_offer(
        latest_intent(tracker),
        tracker.latest_message.get("intent_ranking"),
        named=topic_intents(repository.topics_named_in(tracker.latest_message.get("text") or "")),
    )
    buttons = []
    for topic_id in topic_ids(intents):
        topic = repository.topic(topic_id)
        if topic is not None:
            buttons.append({"title": topic.title, "payload": f"/{QUESTION_PREFIX}{topic.id}"})
    return buttons


def ask_which_topic(dispatcher: CollectingDispatcher, buttons: list[dict[str, Any]]) -> None:
    response = "utter_which_topic" if len(buttons) > 1 else "utter_is_it_this_topic"
    dispatcher.utter_message(response=response, buttons=buttons)


class ActionAnswerDiseaseQuestion(Action):
    """`action_answer_disease_question`: one intent per topic, answered in plain words."""

    def name(self) -> str:
        return "action_answer_disease_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        topic_id = topic_for_intent(latest_intent(tracker))
        if topic_id in SYMPTOM_TOPICS and answer_symptom_question(dispatcher, tracker):
            return []
        buttons = topic_buttons(tracker)
        offered = {topic_for_intent(b["payload"].lstrip("/")) for b in buttons}
        decided = spread_topic_by_question_word(
            tracker.latest_message.get("text") or "", offered | {topic_id}
        )
        if decided and (len(buttons) <= 1 or offered <= {HOW_IT_SPREADS, WHERE_IT_SPREADS}):
            topic_id = decided
        elif len(buttons) > 1:
            ask_which_topic(dispatcher, buttons)
            return []
        topic = knowledge().topic(topic_id) if topic_id else None
        if topic is None:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(text=topic.answer)
        if only_quotes_symptoms(tracker):
            # a pasted leaflet that reads like this topic to the intent model: answered, and
            # the person is asked whether any of its symptoms is theirs (actions/roles.py)
            dispatcher.utter_message(response=ASK_HAPPENING_NOW)
        return []


class ActionClarifyQuestion(Action):
    """`action_clarify_question`: a message that was not understood (`nlu_fallback`).

    "Do you mean ...?" when its best readings are disease topics, otherwise the plain
    "Sorry, I didn't understand" with what the assistant can do.
    """

    def name(self) -> str:
        return "action_clarify_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Issue 18: "now I can't walk at all" after the assessment names no new symptom,
        # but can make it an emergency: say so at once.
        if raises_the_urgency(tracker):
            return await reassess(dispatcher, tracker, domain)
        # "my back", then "hurts bad": neither is understood alone, read together they are a
        # symptom (actions/common.py, fragment_mentions): noted as any symptom is.
        if names_a_present_symptom(tracker):
            return await ActionNoteAndContinue().run(dispatcher, tracker, domain)
        # "does it make you go yellow?": a question about a symptom, answered from the sources
        if answer_symptom_question(dispatcher, tracker):
            return []
        # Issue 18: a bodily problem we could not map still gets safety advice first.
        advice = safety_net_text(tracker)
        if advice:
            dispatcher.utter_message(text=advice)
            return []
        # "I walk fine", "her legs seem ok": an answer to take kindly, not "not understood"
        if says_all_is_well(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_good_to_hear")
            return []
        buttons = topic_buttons(tracker)
        offered = {topic_for_intent(b["payload"].lstrip("/")) for b in buttons}
        decided = spread_topic_by_question_word(tracker.latest_message.get("text") or "", offered)
        if decided and offered <= {HOW_IT_SPREADS, WHERE_IT_SPREADS}:
            topic = knowledge().topic(decided)
            if topic is not None:
                dispatcher.utter_message(text=topic.answer)
                return []
        if buttons:
            ask_which_topic(dispatcher, buttons)
        else:
            dispatcher.utter_message(response="utter_default")
        return []
