"""A dialogue policy for the one failure Rasa hides: the action server cannot be reached.

When a custom action or form fails (the action server is down, times out or crashes), Rasa
3.6 logs the error, records the action as executed with none of its events, and carries on
as if nothing happened: the person who reported a symptom hears nothing at all. This policy
notices exactly that state, the last event being one of our custom actions or forms with
nothing after it, and answers with `utter_cannot_assess_now` (a plain response, which needs
no action server): the assistant cannot assess right now, try again later, see a doctor, and
call the emergency number in an emergency. Then it listens.

Every custom action leaves a trace when it succeeds (a message, a slot, a follow-up action),
so a successful action is never mistaken for a failed one. End-to-end test stories carry no
action results at all, so the policy only judges live conversations: those hold the
SessionStarted event that Rasa adds when a conversation (or a new session of it) begins,
which story trackers never do.

Listed in config.yml with a priority above RulePolicy's 6, so that its answer wins.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import InvalidConfigException

RESPONSE_PREFIX = "utter_"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ActionServerDownPolicy(Policy):
    """Predicts `response` after a custom action or form that left no trace, then listens."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Above RulePolicy (6), MemoizationPolicy (3) and TEDPolicy (1).
            "priority": 7,
            "response": "utter_cannot_assess_now",
        }

    def __init__(self, config: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        config = {**self.get_default_config(), **config}
        response = config.get("response")
        if not isinstance(response, str) or not response.startswith(RESPONSE_PREFIX):
            raise InvalidConfigException(
                f"{type(self).__name__}: 'response' must name a domain response "
                f"(utter_...), got {response!r}."
            )
        super().__init__(config, *args, **kwargs)
        self.response = response

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        """Nothing to learn: the policy reads only the latest events."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker, domain)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # "No user" like the loop predictions of RulePolicy, so that it can overrule them.
        return self._prediction(probabilities, is_no_user_prediction=True)

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> str | None:
        """`response` after a failed custom action, `action_listen` after it, else None."""
        if not is_live(tracker):
            return None
        if tracker.latest_action_name == self.response:
            return ACTION_LISTEN_NAME
        last = tracker.events[-1] if tracker.events else None
        if isinstance(last, ActionExecuted) and last.action_name in custom_actions(domain):
            return self.response
        return None


def is_live(tracker: DialogueStateTracker) -> bool:
    """A conversation with a person: Rasa started a session in it (test stories never do)."""
    return any(isinstance(event, SessionStarted) for event in tracker.events)


def custom_actions(domain: Domain) -> frozenset[str]:
    """The actions and forms that run on the action server."""
    names = [*domain.user_actions, *domain.form_names]
    return frozenset(name for name in names if not name.startswith(RESPONSE_PREFIX))
