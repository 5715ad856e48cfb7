"""Support that fits what the person said.

- `distress` (self-harm, suicidal thoughts): crisis lines at once (action_support_crisis).
- `worry` (fear, grief, worry): warmth, a cancer support line and the offer to go on
  (action_support_worry); never crisis lines, unless the words themselves speak of harm.
Who to call comes from symptom_checker.services (data/services/<country>.yml).
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment import ActionAssessSymptoms
from actions.common import names_a_present_symptom
from actions.oncology import is_emergency_now
from symptom_checker.services import Services, load_services
from symptom_checker.wording import join_labels

# Words about harming oneself: a message classified as worry that says one of these still
# gets the crisis lines (missing them is the worse error).
SELF_HARM = re.compile(
    r"\b(?:kill(?:ing)?\s+myself|suicid\w*|end\s+(?:it\s+all|my\s+life)|want\s+to\s+die|"
    r"hurt(?:ing)?\s+myself|harm(?:ing)?\s+myself|cut(?:ting)?\s+myself|better\s+off\s+dead|"
    r"better\s+off\s+without\s+me|(?:don'?t\s+want\s+to|(?:would|'d)\s+rather\s+not)\s+"
    r"(?:live|be\s+here|be\s+alive|wake\s+up)|"
    r"overdose|take\s+all\s+my\s+(?:tablets|pills)|no\s+point\s+(?:in\s+)?(?:living|going\s+on)|"
    r"(?:can'?t|cannot|don'?t\s+know\s+if\s+i\s+can)\s+(?:keep\s+going|go\s+on|carry\s+on))\b",
    re.IGNORECASE,
)


def crisis_text(services: Services) -> str:
    lines = join_labels(list(services.crisis_lines))
    return (
        "I'm so sorry you feel like this. You don't have to cope alone. If you might act on "
        f"these thoughts, or you're in danger, call {services.emergency} now. To talk "
        f"to someone at any time, you can contact {lines}. Your doctor or care team can "
        "help too."
    )


def worry_text(services: Services, *, again: bool = False, loss: bool = False) -> str:
    lines = " or ".join(services.cancer_support)
    if again:
        return (
            "That's a lot to carry, and your feelings make sense. Talking can help. You can "
            f"call {(services.cancer_support or ('a cancer support line',))[0]}."
        )
    opening = "I'm so sorry for your loss." if loss else "I'm sorry."
    return (
        f"{opening} That sounds hard, and it's natural to be scared. You don't have to face "
        f"it alone. You can talk to {lines}. Your breast care nurse is there for "
        "this too."
    )


# "my sister died of this", "I lost my mum to it": grief, answered with condolence first.
LOSS = re.compile(r"\b(?:died|passed\s+away|lost\s+(?:my|our)\b|funeral|grieving)", re.IGNORECASE)


SAID_WORRY = "worry"  # in the `said` slot: the support line was given once already
OFFER_TO_GO_ON = (
    "When you're ready, tell me what you've noticed and I'll help you work out how soon to "
    "get it checked. Or ask me a question."
)


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


class ActionSupportCrisis(Action):
    """`action_support_crisis`: self-harm or suicidal thoughts get the crisis lines at once."""

    def name(self) -> str:
        return "action_support_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=crisis_text(load_services()))
        return []


class ActionSupportWorry(Action):
    """`action_support_worry`: fear, grief and worry get warmth and a cancer support line."""

    def name(self) -> str:
        return "action_support_worry"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        services = load_services()
        if SELF_HARM.search(_text(tracker)):
            dispatcher.utter_message(text=crisis_text(services))
            return []
        said = list(tracker.get_slot("said") or [])
        again = SAID_WORRY in said
        loss = bool(LOSS.search(_text(tracker)))
        dispatcher.utter_message(text=worry_text(services, again=again and not loss, loss=loss))
        if (
            not again
            and not tracker.active_loop.get("name")
            and not names_a_present_symptom(tracker)
        ):
            dispatcher.utter_message(text=OFFER_TO_GO_ON)
        return [] if again else [SlotSet("said", [*said, SAID_WORRY])]


class ActionContinueAfterSupport(Action):
    """`action_continue_after_support`: runs after the support lines, outside the questions.

    "I've felt completely worn out for weeks" may be read as distress or worry; the person
    then gets the support lines and, because they named a symptom they have, the follow-up
    questions about it as well. Otherwise it says in so many words that the assistant
    listens: an action that returns nothing looks, to runtime.policy, like one the action
    server never ran.
    """

    def name(self) -> str:
        return "action_continue_after_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not names_a_present_symptom(tracker):
            return [FollowupAction("action_listen")]
        if is_emergency_now(tracker):
            # Escalate at once, in this action: no rule follows a follow-up assessment.
            return await ActionAssessSymptoms().run(dispatcher, tracker, domain)
        return [FollowupAction("symptom_form")]
