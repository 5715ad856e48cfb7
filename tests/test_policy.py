"""When the action server is down, the person is told so, and still told to see a doctor.

Rasa 3.6 records a custom action that could not run as executed, with none of its events,
and carries on in silence. runtime.policy.ActionServerDownPolicy notices that and answers.
These tests use real Rasa trackers and the project's domain.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import InvalidConfigException
from rasa_sdk.executor import CollectingDispatcher
from support import make_tracker, symptom

from actions.assessment import ActionAssessSymptoms
from actions.disease_info import ActionAnswerDiseaseQuestion
from actions.support import ActionContinueAfterSupport
from runtime.policy import ActionServerDownPolicy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESPONSE = "utter_cannot_assess_now"


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> ActionServerDownPolicy:
    return ActionServerDownPolicy.create(
        ActionServerDownPolicy.get_default_config(),
        LocalModelStorage(tmp_path_factory.mktemp("policy")),
        Resource("action_server_down_policy"),
        ExecutionContext(GraphSchema({})),
    )


def session_start() -> list[Event]:
    return [ActionExecuted("action_session_start"), SessionStarted()]


def user_says(text: str, intent: str) -> list[Event]:
    return [
        ActionExecuted("action_listen"),
        UserUttered(text, intent={"name": intent, "confidence": 0.97}),
        ActionExecuted("action_extract_slots"),
    ]


def tracker_of(events: list[Event], domain: Domain) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("someone", events, domain.slots)


def predicted(policy, events: list[Event], domain: Domain) -> str | None:
    prediction = policy.predict_action_probabilities(tracker_of(events, domain), domain)
    if prediction.max_confidence == 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]


A_LUMP = user_says("I have a lump in my breast", "report_symptom")


# --- what it answers, and when ------------------------------------------------------------------


def test_a_symptom_report_whose_form_could_not_run_gets_the_cannot_assess_answer(
    policy, rasa_domain
):
    events = [*session_start(), *A_LUMP, ActionExecuted("symptom_form")]
    assert predicted(policy, events, rasa_domain) == RESPONSE


@pytest.mark.parametrize(
    "action", ["action_assess_symptoms", "action_answer_disease_question", "symptom_form"]
)
def test_any_custom_action_or_form_that_left_no_trace_gets_the_answer(policy, rasa_domain, action):
    events = [*session_start(), *user_says("well?", "affirm"), ActionExecuted(action)]
    assert predicted(policy, events, rasa_domain) == RESPONSE


def test_after_the_answer_the_assistant_listens(policy, rasa_domain):
    events = [
        *session_start(),
        *A_LUMP,
        ActionExecuted("symptom_form"),
        ActionExecuted(RESPONSE),
        BotUttered("Sorry, something has gone wrong on my side ..."),
    ]
    assert predicted(policy, events, rasa_domain) == "action_listen"


def test_the_answer_overrules_a_form_that_rule_policy_would_run_again(policy, rasa_domain):
    # In the middle of the questions, RulePolicy predicts the form again "without user
    # input", and such predictions overrule all others unless ours is one too.
    events = [
        *session_start(),
        *A_LUMP,
        ActionExecuted("symptom_form"),
        ActiveLoop("symptom_form"),
        SlotSet("requested_slot", "anything_else"),
        *user_says("nothing else", "done"),
        ActionExecuted("symptom_form"),
    ]
    ours = policy.predict_action_probabilities(tracker_of(events, rasa_domain), rasa_domain)
    rule_probabilities = [0.0] * rasa_domain.num_actions
    rule_probabilities[rasa_domain.index_for_action("action_listen")] = 1.0
    rule = PolicyPrediction(rule_probabilities, "RulePolicy", 6, is_no_user_prediction=True)
    best = DefaultPolicyPredictionEnsemble._pick_best_policy([rule, ours])
    assert best.policy_name == "ActionServerDownPolicy"
    assert rasa_domain.action_names_or_texts[best.max_confidence_index] == RESPONSE


def test_an_action_that_ran_is_left_alone(policy, rasa_domain):
    events = [
        *session_start(),
        *A_LUMP,
        ActionExecuted("symptom_form"),
        ActiveLoop("symptom_form"),
        SlotSet("requested_slot", "anything_else"),
        BotUttered("So far I've noted: a lump in the breast. Anything else?"),
    ]
    assert predicted(policy, events, rasa_domain) is None


@pytest.mark.parametrize("action", ["utter_greet", "action_restart", "action_listen"])
def test_responses_and_rasa_own_actions_are_left_alone(policy, rasa_domain, action):
    events = [*session_start(), *user_says("hello", "greet"), ActionExecuted(action)]
    assert predicted(policy, events, rasa_domain) is None


def test_test_stories_are_left_alone_because_they_carry_no_action_results(policy, rasa_domain):
    # `rasa test` replays stories without a session start and without action events.
    events = [*A_LUMP, ActionExecuted("action_answer_disease_question")]
    assert predicted(policy, events, rasa_domain) is None


def test_a_later_session_is_still_a_live_conversation(policy, rasa_domain):
    events = [
        *session_start(),
        *A_LUMP,
        ActionExecuted("action_listen"),
        *session_start(),
        *user_says("what is a micrometastasis?", "ask_micrometastases"),
        ActionExecuted("action_answer_disease_question"),
    ]
    assert predicted(policy, events, rasa_domain) == RESPONSE


# --- every action the dialogue predicts leaves a trace when it runs -----------------------------


def events_of(action: Any, tracker: Any, domain: dict) -> list[Event]:
    dispatcher = CollectingDispatcher()
    returned = asyncio.run(action.run(dispatcher, tracker, domain))
    uttered = [BotUttered(m.get("text"), data=m) for m in dispatcher.messages]
    return uttered + [Event.from_parameters(e) for e in returned]


@pytest.mark.parametrize(
    "action, tracker",
    [
        (ActionContinueAfterSupport(), make_tracker("I can't cope", intent="distress")),
        (
            ActionContinueAfterSupport(),
            make_tracker("I can't cope, my back hurts", "distress", [symptom("back_pain")]),
        ),
        (ActionAnswerDiseaseQuestion(), make_tracker("what?", intent="ask_micrometastases")),
        (ActionAnswerDiseaseQuestion(), make_tracker("what?", intent="ask_nonsense")),
        (ActionAssessSymptoms(), make_tracker(slots={"symptoms": ["bone_pain"]})),
    ],
)
def test_a_custom_action_that_ran_is_never_taken_for_a_failed_one(
    policy, rasa_domain, domain, action, tracker
):
    ran = events_of(action, tracker, domain)
    assert ran, f"{action.name()} returned and sent nothing"
    events = [*session_start(), *user_says("...", "distress"), ActionExecuted(action.name())]
    assert predicted(policy, events + ran, rasa_domain) is None


# --- the answer and the configuration -----------------------------------------------------------


def test_the_answer_says_see_a_doctor_and_names_emergency_numbers(domain):
    (variant,) = domain["responses"][RESPONSE]
    text = " ".join(variant["text"].split())
    assert "see a doctor" in text and "try again" in text
    assert "call your local emergency number" in text


def test_config_lists_the_policy_above_rule_policy():
    with open(PROJECT_ROOT / "config.yml", encoding="utf-8") as handle:
        policies = {p["name"]: p for p in yaml.safe_load(handle)["policies"]}
    ours = policies["runtime.policy.ActionServerDownPolicy"]
    assert ours.get("priority", 7) > policies["RulePolicy"].get("priority", 6)


def test_a_response_that_is_not_a_domain_response_is_refused(tmp_path):
    with pytest.raises(InvalidConfigException, match="utter_"):
        ActionServerDownPolicy.create(
            {"response": "action_something"},
            LocalModelStorage(tmp_path),
            Resource("action_server_down_policy"),
            ExecutionContext(GraphSchema({})),
        )
