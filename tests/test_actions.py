"""Every custom action, run with a CollectingDispatcher and a Tracker, as Rasa would."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from support import customs, make_tracker, symptom, texts

from actions.assessment import ActionAssessSymptoms
from actions.disease_info import ActionAnswerDiseaseQuestion, ActionClarifyQuestion
from actions.form import ActionAskAnythingElse, ValidateSymptomForm
from actions.slots import ValidateSlotMappings
from actions.support import ActionContinueAfterSupport


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


# --- the assessment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "present, negated, urgency",
    [
        (["armpit_lump", "bone_pain"], [], "soon"),
        (["jaundice"], [], "urgent"),
        (["seizure"], [], "emergency"),
        (["headache"], ["seizure"], "soon"),
        ([], ["cough"], "soon"),
    ],
)
def test_every_assessment_ends_with_see_a_doctor(dispatcher, domain, present, negated, urgency):
    tracker = make_tracker(slots={"symptoms": present, "negated_symptoms": negated})
    events = run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    assert "see a doctor" in texts(dispatcher)[-1].lower()
    assert customs(dispatcher)[0]["urgency"] == urgency
    assert slot_events(events)["urgency"] == urgency
    assert slot_events(events)["anything_else"] is None


def test_assessment_names_lymph_nodes_and_bones_for_armpit_lump_and_hip_ache(dispatcher, domain):
    tracker = make_tracker(
        slots={"symptoms": ["armpit_lump", "bone_pain"], "symptom_duration": "about a month"}
    )
    run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    text = "\n".join(texts(dispatcher)).lower()
    assert "lymph nodes" in text and "bones" in text and "about a month" in text


def test_negated_symptoms_never_count_in_the_assessment(dispatcher, domain):
    tracker = make_tracker(slots={"symptoms": ["headache"], "negated_symptoms": ["seizure"]})
    run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    summary = customs(dispatcher)[0]
    assert summary["symptoms"] == ["headache"] and summary["negated"] == ["seizure"]
    assert summary["urgency"] != "emergency"


# --- slots filled from every message --------------------------------------------------------


def test_symptoms_from_a_message_are_added_to_the_slots(dispatcher, domain):
    tracker = make_tracker(
        "I found a lump under my arm and my hips ache, no fits",
        entities=[symptom("armpit_lump"), symptom("bone_pain"), symptom("seizure", True)],
    )
    events = run(ValidateSlotMappings(), dispatcher, tracker, domain)
    slots = slot_events(events)
    assert slots["symptoms"] == ["armpit_lump", "bone_pain"]
    assert slots["negated_symptoms"] == ["seizure"]


def test_a_correction_moves_a_symptom_to_the_negated_list(dispatcher, domain):
    tracker = make_tracker(
        "actually I don't have the cough",
        entities=[symptom("cough", negated=True)],
        slots={"symptoms": ["cough", "back_pain"]},
    )
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert slots["symptoms"] == ["back_pain"] and slots["negated_symptoms"] == ["cough"]


def test_duration_and_side_entities_fill_their_slots(dispatcher, domain):
    tracker = make_tracker(
        "a lump in my left breast for three weeks",
        entities=[
            symptom("breast_lump"),
            {"entity": "duration", "value": "for three weeks"},
            {"entity": "side", "value": "left"},
        ],
    )
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert slots["symptom_durations"] == {"breast_lump": "for three weeks"}
    assert slots["side"] == "left"


def test_a_duration_in_a_disease_question_is_not_the_symptoms_duration(dispatcher, domain):
    tracker = make_tracker(
        "can cancer cells stay asleep for years?",
        intent="ask_dormant_cells",
        entities=[{"entity": "duration", "value": "for years"}],
    )
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert "symptom_duration" not in slots and "symptom_durations" not in slots


def test_a_duration_said_with_a_symptom_counts_whatever_the_intent(dispatcher, domain):
    tracker = make_tracker(
        "I've felt worn out for the last few weeks",
        intent="distress",
        entities=[symptom("fatigue"), {"entity": "duration", "value": "the last few weeks"}],
    )
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert slots["symptom_durations"] == {"fatigue": "the last few weeks"}


def test_a_message_without_symptoms_changes_no_symptom_slot(dispatcher, domain):
    tracker = make_tracker("hello", intent="greet", slots={"symptoms": ["cough"]})
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert "symptoms" not in slots


# --- the follow-up questions ----------------------------------------------------------------


def form_run(dispatcher, domain, **tracker_args):
    tracker = make_tracker(active_loop="symptom_form", **tracker_args)
    return slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))


def test_a_red_flag_ends_the_questions_at_once(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="I had a fit",
        entities=[symptom("seizure")],
        slots={"symptoms": ["seizure"]},
        requested_slot="anything_else",
    )
    assert slots["requested_slot"] is None


def test_a_negated_red_flag_does_not_end_the_questions(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="headaches but never a fit",
        entities=[symptom("headache"), symptom("seizure", True)],
        slots={"symptoms": ["headache"], "negated_symptoms": ["seizure"]},
        requested_slot="anything_else",
    )
    assert slots.get("requested_slot", "anything_else") is not None
    assert slots["anything_else"] is None


def test_back_pain_then_new_leg_weakness_escalates_mid_questions(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="and now my legs feel weak",
        entities=[symptom("limb_weakness")],
        slots={"symptoms": ["back_pain", "limb_weakness"]},
        requested_slot="symptom_duration",
    )
    assert slots["requested_slot"] is None
    # Rasa rejects a form turn that sets no slot but requested_slot; this one sets urgency.
    assert slots["urgency"] == "emergency"


def test_a_symptom_given_in_answer_to_a_later_question_is_confirmed(dispatcher, domain):
    form_run(
        dispatcher,
        domain,
        text="my eyes have gone yellow",
        entities=[symptom("jaundice")],
        slots={"symptoms": ["cough", "jaundice"], "anything_else": True},
        requested_slot="breast_cancer_history",
    )
    assert any("yellow" in t.lower() for t in texts(dispatcher))


def test_the_confirmation_names_only_what_the_answer_added(dispatcher, domain, knowledge):
    form_run(
        dispatcher,
        domain,
        text="my eyes have gone yellow, my back doesn't hurt",
        entities=[symptom("jaundice"), symptom("back_pain", True)],
        slots={
            "symptoms": ["cough", "jaundice"],
            "negated_symptoms": ["back_pain"],
            "anything_else": True,
        },
        requested_slot="symptom_duration",
    )
    [confirmation] = [t for t in texts(dispatcher) if "added" in t]
    yellow, cough, back_pain = knowledge.symptoms(["jaundice", "cough", "back_pain"])
    assert yellow.label in confirmation
    assert cough.label not in confirmation and back_pain.label not in confirmation


def test_a_new_symptom_at_anything_else_is_not_confirmed_by_the_form_too(dispatcher, domain):
    # action_ask_anything_else repeats the list with it ("Noted. So far: ..."): once is enough.
    form_run(
        dispatcher,
        domain,
        text="my eyes have gone yellow",
        entities=[symptom("jaundice")],
        slots={"symptoms": ["cough", "jaundice"]},
        requested_slot="anything_else",
    )
    assert not any("added" in t for t in texts(dispatcher))


def test_the_first_report_is_not_acknowledged_twice(dispatcher, domain):
    form_run(
        dispatcher,
        domain,
        text="my back hurts",
        entities=[symptom("back_pain")],
        slots={"symptoms": ["back_pain"]},
    )
    assert not any("added" in t for t in texts(dispatcher))


@pytest.mark.parametrize("intent", ["deny", "done"])
def test_no_more_symptoms_answers_anything_else(dispatcher, domain, intent):
    slots = form_run(
        dispatcher,
        domain,
        text="no that's everything",
        intent=intent,
        slots={"symptoms": ["cough"]},
        requested_slot="anything_else",
    )
    assert slots["anything_else"] is True


def test_another_symptom_keeps_asking_anything_else(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="my back hurts too",
        entities=[symptom("back_pain")],
        slots={"symptoms": ["cough", "back_pain"]},
        requested_slot="anything_else",
    )
    assert slots["anything_else"] is None


def test_any_answer_to_since_when_is_kept(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="since the summer holidays",
        intent="nlu_fallback",
        slots={"symptoms": ["cough"], "anything_else": True},
        requested_slot="symptom_duration",
    )
    assert slots["symptom_duration"] == "since the summer holidays"


def test_a_new_symptom_instead_of_a_duration_is_noted_and_the_question_repeated(
    dispatcher, domain
):
    slots = form_run(
        dispatcher,
        domain,
        text="oh and my eyes look yellow",
        entities=[symptom("jaundice")],
        slots={"symptoms": ["cough", "jaundice"], "anything_else": True},
        requested_slot="symptom_duration",
    )
    assert slots["symptom_duration"] is None
    assert any("added" in t for t in texts(dispatcher))


def test_a_disease_question_instead_of_an_answer_fills_nothing(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="what is a micrometastasis?",
        intent="ask_micrometastases",
        slots={"symptoms": ["cough"], "anything_else": True},
        requested_slot="symptom_duration",
    )
    assert "symptom_duration" not in slots


def test_an_unrecognised_answer_to_anything_else_moves_on_instead_of_looping(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="my tummy is sort of weird",
        intent="nlu_fallback",
        slots={"symptoms": ["cough"]},
        requested_slot="anything_else",
    )
    assert slots["anything_else"] is True
    assert "tell me again" in texts(dispatcher)[-1]


def test_a_duration_in_answer_to_anything_else_moves_on_and_is_kept(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="three weeks or so",
        intent="inform_duration",
        entities=[{"entity": "duration", "value": "three weeks"}],
        slots={"symptoms": ["cough"]},
        requested_slot="anything_else",
    )
    assert slots["anything_else"] is True
    assert slots["symptom_duration"] == "three weeks"


def test_cancer_history_in_answer_to_anything_else_moves_on_and_is_kept(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="I was treated for breast cancer five years ago",
        intent="inform_cancer_history",
        slots={"symptoms": ["cough"]},
        requested_slot="anything_else",
    )
    assert slots["anything_else"] is True
    assert slots["breast_cancer_history"] == "yes"


def test_an_unrecognised_question_in_the_middle_is_left_to_the_rules(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="do you know a good recipe for lasagne?",
        intent="nlu_fallback",
        slots={"symptoms": ["cough"]},
        requested_slot="anything_else",
    )
    assert "anything_else" not in slots


def test_an_unclear_answer_about_breast_cancer_history_is_asked_again(dispatcher, domain):
    slots = form_run(
        dispatcher,
        domain,
        text="hmm well",
        intent="nlu_fallback",
        slots={"symptoms": ["cough"], "anything_else": True, "symptom_duration": "a week"},
        requested_slot="breast_cancer_history",
    )
    assert slots["breast_cancer_history"] is None
    assert "yes, no" in texts(dispatcher)[-1]


def test_a_second_unclear_history_answer_is_taken_as_not_sure(dispatcher, domain):
    tracker = make_tracker(
        "hmm whatever",
        intent="nlu_fallback",
        slots={"symptoms": ["cough"], "anything_else": True, "symptom_duration": "a week"},
        requested_slot="breast_cancer_history",
        active_loop="symptom_form",
    )
    tracker.slots["said"] = ["breast_cancer_history", "history_hint"]  # the hint was given
    slots = slot_events(asyncio.run(ValidateSymptomForm().run(dispatcher, tracker, domain)))
    assert slots["breast_cancer_history"] == "unsure"


def test_the_history_hint_is_remembered_in_a_slot_not_in_past_bot_texts(dispatcher, domain):
    tracker = make_tracker(
        "hmm whatever",
        intent="nlu_fallback",
        slots={"symptoms": ["cough"], "anything_else": True, "symptom_duration": "a week"},
        requested_slot="breast_cancer_history",
        active_loop="symptom_form",
    )
    slots = slot_events(asyncio.run(ValidateSymptomForm().run(dispatcher, tracker, domain)))
    assert slots["breast_cancer_history"] is None
    assert "history_hint" in slots["said"]


def test_a_later_time_word_does_not_overwrite_since_when_during_the_questions(dispatcher, domain):
    tracker = make_tracker(
        "I nearly fell over yesterday",
        entities=[symptom("unsteadiness"), {"entity": "duration", "value": "yesterday"}],
        slots={"symptoms": ["headache"]},
        requested_slot="anything_else",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert "symptom_duration" not in slots


@pytest.mark.parametrize(
    "intent, answer",
    [("affirm", "yes"), ("inform_cancer_history", "yes"), ("deny", "no"), ("dont_know", "unsure")],
)
def test_breast_cancer_history_answers(dispatcher, domain, intent, answer):
    slots = form_run(
        dispatcher,
        domain,
        text="answer",
        intent=intent,
        slots={"symptoms": ["cough"], "anything_else": True, "symptom_duration": "a week"},
        requested_slot="breast_cancer_history",
    )
    assert slots["breast_cancer_history"] == answer


def test_anything_else_question_repeats_what_was_understood(dispatcher, domain):
    tracker = make_tracker(
        slots={"symptoms": ["armpit_lump"], "negated_symptoms": ["seizure"]},
        requested_slot="anything_else",
    )
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    message = dispatcher.messages[-1]
    assert "anything else" in message["text"].lower()
    assert "not a doctor" in dispatcher.messages[0]["text"]
    assert "armpit" in message["text"].lower()
    assert {b["payload"] for b in message["buttons"]} == {"/done", "/affirm"}


def test_yes_to_anything_else_asks_what_else(dispatcher, domain):
    tracker = make_tracker("yes", intent="affirm", slots={"symptoms": ["cough"]})
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    assert "what else" in texts(dispatcher)[-1].lower()


# --- disease questions and session start ----------------------------------------------------


def test_every_disease_question_intent_has_an_answer(dispatcher, domain):
    question_intents = [i for i in domain["intents"] if i.startswith("ask_")]
    assert len(question_intents) >= 10
    for intent in question_intents:
        collecting = type(dispatcher)()
        run(ActionAnswerDiseaseQuestion(), collecting, make_tracker("?", intent=intent), domain)
        answer = texts(collecting)
        assert answer, intent
        assert "doctor" in answer[0].lower() or "care team" in answer[0].lower(), intent


def test_two_close_topics_are_asked_about_with_their_titles_as_buttons(
    dispatcher, domain, knowledge
):
    tracker = make_tracker(
        "can cells hang about and come back?",
        intent="ask_how_it_spreads",
        ranking=[("ask_how_it_spreads", 0.51), ("ask_dormant_cells", 0.46), ("greet", 0.01)],
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    assert message["response"] == "utter_which_topic"
    assert "Do you mean" in domain["responses"]["utter_which_topic"][0]["text"]
    assert message["buttons"] == [
        {"title": knowledge.topic("how_it_spreads").title, "payload": "/ask_how_it_spreads"},
        {"title": knowledge.topic("dormant_cells").title, "payload": "/ask_dormant_cells"},
    ]


def test_a_pressed_topic_button_gets_the_answer(dispatcher, domain, knowledge):
    tracker = make_tracker(
        "/ask_dormant_cells", intent="ask_dormant_cells", ranking=[("ask_dormant_cells", 1.0)]
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [knowledge.topic("dormant_cells").answer]


def test_an_unclear_message_whose_best_readings_are_topics_gets_do_you_mean(dispatcher, domain):
    tracker = make_tracker(
        "does it go by the lymph?",
        intent="nlu_fallback",
        ranking=[
            ("nlu_fallback", 0.3),
            ("ask_how_it_spreads", 0.5),
            ("ask_where_it_spreads", 0.44),
            ("ask_diagnosis_tests", 0.01),
        ],
    )
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    assert message["response"] == "utter_which_topic"
    payloads = [button["payload"] for button in message["buttons"]]
    assert payloads == ["/ask_how_it_spreads", "/ask_where_it_spreads"]


def test_an_unclear_message_with_one_likely_topic_asks_about_that_one(dispatcher, domain):
    tracker = make_tracker(
        "radiotherapy for me?",
        intent="nlu_fallback",
        ranking=[("nlu_fallback", 0.3), ("ask_treatment", 0.48), ("inform_cancer_history", 0.46)],
    )
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    assert message["response"] == "utter_is_it_this_topic"
    assert [button["payload"] for button in message["buttons"]] == ["/ask_treatment"]


def test_an_unclear_message_without_likely_topics_is_not_understood(dispatcher, domain):
    tracker = make_tracker(
        "what will the weather be tomorrow",
        intent="nlu_fallback",
        ranking=[
            ("nlu_fallback", 0.3),
            ("ask_treatment", 0.2),
            ("ask_symptoms_of_spread", 0.18),
            ("distress", 0.16),
        ],
    )
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages == [_default_message(dispatcher)]


def test_a_message_naming_a_symptom_the_person_has_is_never_asked_do_you_mean(dispatcher, domain):
    tracker = make_tracker(
        "I had a fit last night, is it in my brain or my bones?",
        intent="ask_where_it_spreads",
        entities=[symptom("seizure")],
        ranking=[("ask_where_it_spreads", 0.5), ("ask_symptoms_of_spread", 0.45)],
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    assert all("buttons" not in m or not m["buttons"] for m in dispatcher.messages)
    assert texts(dispatcher), "the question is still answered"


def _default_message(dispatcher) -> dict:
    collecting = type(dispatcher)()
    collecting.utter_message(response="utter_default")
    return collecting.messages[0]


def test_the_first_question_of_a_conversation_carries_the_disclaimer(dispatcher, domain):
    tracker = make_tracker(slots={"symptoms": ["cough"]}, requested_slot="anything_else")
    events = run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    assert "not a doctor" in dispatcher.messages[0]["text"]
    assert "disclaimer" in slot_events(events)["said"]


def test_the_disclaimer_is_not_repeated_once_shown(dispatcher, domain):
    tracker = make_tracker(
        slots={"symptoms": ["cough"], "said": ["disclaimer"]}, requested_slot="anything_else"
    )
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    assert all("not a doctor" not in (m.get("text") or "") for m in dispatcher.messages)


def test_the_disclaimer_is_not_repeated_after_the_greeting(dispatcher, domain):
    tracker = make_tracker(slots={"symptoms": ["cough"]}, requested_slot="anything_else")
    tracker.events.insert(0, {"event": "action", "name": "utter_greet"})
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    assert all("not a doctor" not in (m.get("text") or "") for m in dispatcher.messages)


def test_the_greeting_says_it_is_not_a_doctor(domain):
    greeting = domain["responses"]["utter_greet"][0]["text"]
    assert "not a doctor" in greeting and "emergency" in greeting


def test_a_symptom_named_with_distress_is_still_taken_up(dispatcher, domain):
    tracker = make_tracker(
        "I've felt completely worn out for weeks", intent="distress", entities=[symptom("fatigue")]
    )
    events = run(ActionContinueAfterSupport(), dispatcher, tracker, domain)
    assert events == [{"event": "followup", "name": "symptom_form", "timestamp": None}]


def test_a_red_flag_named_with_distress_counts_what_is_known_about_the_person(dispatcher, domain):
    # A fever is an emergency only on cancer treatment: the check after the support lines
    # asks with the same facts as the assessment, so it escalates at once.
    tracker = make_tracker(
        "I'm so scared, I have a fever",
        intent="distress",
        entities=[symptom("fever")],
        slots={"symptoms": ["fever"], "on_treatment": "yes"},
    )
    events = run(ActionContinueAfterSupport(), dispatcher, tracker, domain)
    assert {"event": "slot", "name": "urgency", "value": "emergency", "timestamp": None} in events
    assert not any(event.get("name") == "symptom_form" for event in events)


def test_distress_without_a_symptom_only_gets_the_support_lines(dispatcher, domain):
    tracker = make_tracker("I can't cope any more", intent="distress")
    events = run(ActionContinueAfterSupport(), dispatcher, tracker, domain)
    # It listens, and says so: an action that returns nothing looks like a failed one.
    assert events == [{"event": "followup", "name": "action_listen", "timestamp": None}]
    assert dispatcher.messages == []


def test_slot_events_are_plain_slot_sets():
    assert SlotSet("urgency", "soon")["event"] == "slot"


# --- questions about a symptom ("can it cause fits?") --------------------------------------


def asked(value: str) -> dict:
    return {"entity": "symptom", "value": value, "role": "hypothetical"}


@pytest.mark.parametrize("intent", ["ask_what_is_metastatic", "ask_symptoms_of_spread"])
def test_a_question_about_fits_is_answered_about_fits_and_the_brain(
    intent, dispatcher, domain, knowledge
):
    tracker = make_tracker(
        "could secondary breast cancer give me fits?", intent=intent, entities=[asked("seizure")]
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    (answer,) = texts(dispatcher)
    seizure = knowledge.symptom("seizure")
    assert seizure.links[0].why.split()[0] in answer and "brain" in answer
    assert "straight away" in answer and "tell me" in answer
    assert "emergency number" not in answer  # asked about, not reported: never escalated
    assert answer != knowledge.topic("what_is_metastatic").answer


def test_an_unclear_question_about_yellow_skin_is_answered_about_the_liver(dispatcher, domain):
    tracker = make_tracker(
        "does secondary breast cancer make you go yellow?",
        intent="nlu_fallback",
        entities=[asked("jaundice")],
        ranking=[("nlu_fallback", 0.3), ("ask_symptoms_of_spread", 0.28)],
    )
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (answer,) = texts(dispatcher)
    assert "liver" in answer and "other causes" in answer
    assert "straight away" not in answer  # yellow skin is urgent, not an emergency
    assert all(not m.get("buttons") for m in dispatcher.messages)


def test_a_question_on_another_topic_that_names_a_symptom_keeps_its_topic(
    dispatcher, domain, knowledge
):
    tracker = make_tracker(
        "how long do people live once it causes fits?",
        intent="ask_survival",
        entities=[asked("seizure")],
    )
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    assert texts(dispatcher) == [knowledge.topic("survival").answer]
