"""After the support lines: a symptom named in the same message is still taken up."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import names_a_present_symptom


class ActionContinueAfterSupport(Action):
    """`action_continue_after_support`: runs after utter_distress, outside the questions.

    "I've felt completely worn out for weeks" may be read as distress; the person then gets
    the support lines (a plain response, which needs no action server) and, because they
    named a symptom they have, the follow-up questions about it as well. Otherwise it says
    in so many words that the assistant listens: an action that returns nothing looks, to
    runtime.policy, like one the action server never ran.
    """

    def name(self) -> str:
        return "action_continue_after_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if names_a_present_symptom(tracker):
            return [FollowupAction("symptom_form")]
        return [FollowupAction("action_listen")]
