"""Questions about how a symptom presents (issue 18; docs/contract.md: "where that
decides the level and is unknown, the assistant asks"): asked once, only when a "yes" could
raise the level, with buttons; the answer sets the feature and the assessment follows."""

from __future__ import annotations

import asyncio

import pytest
from support import make_tracker, texts

from actions.form import ValidateSymptomForm
from actions.oncology import ActionAskPresentation
from channels.guard import allowed_commands
from symptom_checker.loader import read_knowledge
from symptom_checker.presentation import next_question
from symptom_checker.triage import assess, urgency_rank
from symptom_nlu.features import find_person_mentions, person_entities

FORM_SLOTS = [
    "anything_else",
    "symptom_duration",
    "breast_cancer_history",
    "on_treatment",
    "presentation",
]


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def required(tracker, domain) -> list[str]:
    return asyncio.run(ValidateSymptomForm().required_slots(FORM_SLOTS, None, tracker, domain))


def all_questions():
    """The questions of data/knowledge, as the loader reads them (for parametrize)."""
    return read_knowledge().presentation_questions()


def asked_id(present, knowledge, **facts):
    pending = next_question(present, [], knowledge, asked=(), **facts)
    return pending.id if pending else None


# --- which question, and when ----------------------------------------------------------------


@pytest.mark.parametrize(
    "present, question",
    [
        (["shortness_of_breath"], "breathless_severity"),
        (["back_pain"], "back_pain_cord_signs"),
        (["headache"], "morning_headache"),
        (["vision_change"], "sudden_sight_change"),
        (["bleeding_bruising"], "heavy_bleeding"),
        (["face_neck_swelling"], "noisy_breathing_with_swelling"),
        (["arm_swelling"], "red_hot_arm"),
        (["breast_shape_change"], "red_hot_breast"),
    ],
)
def test_an_unknown_presentation_that_decides_the_level_is_asked(knowledge, present, question):
    assert asked_id(present, knowledge) == question


@pytest.mark.parametrize(
    "present, facts",
    [
        (["breast_lump"], {}),
        (["armpit_lump", "bone_pain"], {}),
        # Already an emergency: nothing to raise.
        (["shortness_of_breath", "chest_pain"], {}),
        (["shortness_of_breath"], {"features": {"shortness_of_breath": ["at_rest"]}}),
        # Already said how it presents: "only on the stairs" answers the question.
        (["shortness_of_breath"], {"features": {"shortness_of_breath": ["on_exertion"]}}),
        (["headache"], {"features": {"headache": ["morning_headache"]}}),
        # Headache with being sick is urgent already; a morning headache would not raise it.
        (["headache", "vomiting"], {}),
        # A red, hot arm told in the first message.
        (["arm_swelling"], {"features": {"arm_swelling": ["red_hot"]}}),
    ],
)
def test_nothing_is_asked_when_no_answer_could_raise_the_level(knowledge, present, facts):
    assert asked_id(present, knowledge, **facts) is None


def test_the_question_that_could_raise_most_comes_first(knowledge):
    # Breathlessness at rest would be an emergency; a morning headache only urgent.
    assert asked_id(["headache", "shortness_of_breath"], knowledge) == "breathless_severity"


def test_each_question_is_asked_once(knowledge):
    first = next_question(["back_pain"], [], knowledge, asked=(), cancer_history="yes")
    assert first is not None and first.id == "back_pain_cord_signs"
    second = next_question(["back_pain"], [], knowledge, asked=(first.key,), cancer_history="yes")
    assert second is not None and second.id == "back_pain_night_or_cough"
    keys = (first.key, second.key)
    assert next_question(["back_pain"], [], knowledge, asked=keys, cancer_history="yes") is None


def test_night_pain_is_asked_whatever_the_history(knowledge):
    # NHS: back pain worse at night or on coughing is urgent for anyone.
    asked = ("back_pain_cord_signs:back_pain",)
    pending = next_question(["back_pain"], [], knowledge, asked=asked, cancer_history="no")
    assert pending is not None and pending.id == "back_pain_night_or_cough"


def test_no_question_once_the_level_is_already_what_a_yes_would_give(knowledge):
    asked = ("back_pain_cord_signs:back_pain",)
    told = {"back_pain": ["worse_on_coughing"]}
    assert next_question(["back_pain"], [], knowledge, asked=asked, features=told) is None


def test_a_negated_symptom_is_never_asked_about(knowledge):
    assert next_question(["breast_lump"], ["shortness_of_breath"], knowledge, asked=()) is None


@pytest.mark.parametrize("question", all_questions(), ids=lambda q: q.id)
def test_a_yes_to_every_question_raises_the_level_of_its_symptom(knowledge, question):
    for symptom_id in question.symptoms:
        before = assess([symptom_id], [], knowledge, cancer_history="yes").urgency
        after = assess(
            [symptom_id],
            [],
            knowledge,
            features={symptom_id: sorted(question.on_yes)},
            cancer_history="yes",
        ).urgency
        assert urgency_rank(after) > urgency_rank(before), f"{question.id} on {symptom_id}"


@pytest.mark.parametrize("question", all_questions(), ids=lambda q: q.id)
def test_every_button_is_an_answer_the_channels_let_through_and_the_reader_understands(
    question,
):
    assert question.buttons
    for button in question.buttons:
        if button.payload.startswith("/"):
            assert button.payload in allowed_commands()
        else:
            # Words: the feature reader must find how it presents, or it is a symptom report.
            assert find_person_mentions(button.payload) or button.payload == (
                "I've been sick with it"
            ), button.payload


# --- in the dialogue -------------------------------------------------------------------------


def test_breathlessness_asks_about_rest_right_after_anything_else(domain):
    tracker = make_tracker(slots={"symptoms": ["shortness_of_breath"]}, active_loop="symptom_form")
    assert required(tracker, domain)[:2] == ["anything_else", "presentation"]


def test_a_lump_asks_nothing_about_presentation(domain):
    tracker = make_tracker(slots={"symptoms": ["breast_lump"]}, active_loop="symptom_form")
    assert "presentation" not in required(tracker, domain)


def test_the_question_is_asked_with_buttons_and_remembered(dispatcher, domain):
    tracker = make_tracker(
        slots={"symptoms": ["shortness_of_breath"], "anything_else": True},
        requested_slot="presentation",
        active_loop="symptom_form",
    )
    events = run(ActionAskPresentation(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [
        "Are you breathless even when you're resting, or did it come on suddenly?"
    ]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert "Yes, even at rest" in titles and "Not sure" in titles
    assert slot_events(events)["said"] == [
        "presentation_asked:breathless_severity:shortness_of_breath"
    ]


def asked_tracker(text: str, intent: str, symptoms: list[str], key: str, **slots):
    return make_tracker(
        text,
        intent=intent,
        entities=person_entities(text, "test"),
        slots={
            "symptoms": symptoms,
            "anything_else": True,
            "said": ["presentation_asked:" + key],
            **slots,
        },
        requested_slot="presentation",
        active_loop="symptom_form",
    )


def test_yes_to_breathless_at_rest_ends_the_questions_as_an_emergency(dispatcher, domain):
    tracker = asked_tracker(
        "yes", "affirm", ["shortness_of_breath"], "breathless_severity:shortness_of_breath"
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_features"] == {"shortness_of_breath": ["at_rest"]}
    assert slots["requested_slot"] is None
    assert slots["urgency"] == "emergency"


def test_no_answers_the_question_and_the_form_goes_on(dispatcher, domain):
    tracker = asked_tracker(
        "no", "deny", ["shortness_of_breath"], "breathless_severity:shortness_of_breath"
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert "presentation_answered:breathless_severity:shortness_of_breath" in slots["said"]
    assert "symptom_features" not in slots
    assert slots["requested_slot"] == "symptom_duration"


def test_words_that_say_how_it_presents_answer_the_question(dispatcher, domain):
    # action_validate_slot_mappings has already put "only on the stairs" into the features.
    tracker = asked_tracker(
        "only when I go up the stairs",
        "inform",
        ["shortness_of_breath"],
        "breathless_severity:shortness_of_breath",
        symptom_features={"shortness_of_breath": ["on_exertion"]},
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert "presentation_answered:breathless_severity:shortness_of_breath" in slots["said"]
    assert slots["requested_slot"] == "symptom_duration"
    assert "urgency" not in slots


def test_a_question_back_leaves_the_question_to_be_asked_again(dispatcher, domain):
    tracker = asked_tracker(
        "why do you ask?",
        "ask_why",
        ["shortness_of_breath"],
        "breathless_severity:shortness_of_breath",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert not any(key.startswith("presentation_answered") for key in slots.get("said") or [])


def test_yes_to_walking_difficulty_with_back_pain_is_an_emergency(dispatcher, domain):
    tracker = asked_tracker("yes", "affirm", ["back_pain"], "back_pain_cord_signs:back_pain")
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_features"] == {"back_pain": ["cannot_walk"]}
    assert slots["urgency"] == "emergency"


def test_no_to_walking_difficulty_asks_about_night_pain_next(dispatcher, domain):
    tracker = asked_tracker("no", "deny", ["back_pain"], "back_pain_cord_signs:back_pain")
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["requested_slot"] == "presentation"
    asked = make_tracker(
        slots={"symptoms": ["back_pain"], "anything_else": True, "said": slots["said"]},
        requested_slot="presentation",
        active_loop="symptom_form",
    )
    run(ActionAskPresentation(), dispatcher, asked, domain)
    assert (
        texts(dispatcher)[-1] == "Is the pain worse at night, or when you cough, sneeze or strain?"
    )


def test_yes_to_a_red_hot_arm_makes_lymphoedema_urgent(dispatcher, domain):
    tracker = asked_tracker("yes", "affirm", ["arm_swelling"], "red_hot_arm:arm_swelling")
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_features"] == {"arm_swelling": ["red_hot"]}
    assert "urgency" not in slots  # urgent, not an emergency: the questions go on
    assert slots["requested_slot"] == "symptom_duration"


def test_a_timing_instead_of_an_answer_is_kept_for_the_next_question(dispatcher, domain):
    tracker = asked_tracker(
        "roughly two months",
        "inform_duration",
        ["back_pain"],
        "back_pain_cord_signs:back_pain",
    )
    tracker.latest_message["entities"] = [
        {"entity": "duration", "value": "two months", "start": 8, "end": 18}
    ]
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_duration"] == "two months"
    assert "presentation_answered:back_pain_cord_signs:back_pain" in slots["said"]


def test_a_yes_in_other_words_sets_the_feature(dispatcher, domain):
    # The classifier may not call "yes it's really sore" an affirm; the yes still counts.
    tracker = asked_tracker(
        "yes it's really sore", "inform", ["arm_swelling"], "red_hot_arm:arm_swelling"
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_features"] == {"arm_swelling": ["red_hot"]}
