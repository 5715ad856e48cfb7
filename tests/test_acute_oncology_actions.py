"""Acute oncology in the actions (issue 18): the slots the triage reads, the treatment
question only when it decides, the treatment line, and the safety net."""

from __future__ import annotations

import asyncio

import pytest
from support import make_tracker, texts

from actions.assessment import ActionAssessSymptoms
from actions.disease_info import ActionClarifyQuestion
from actions.form import ValidateSymptomForm
from actions.slots import ValidateSlotMappings
from symptom_checker.services import available_countries, load_services
from symptom_checker.wording import TREATMENT_LINE
from symptom_nlu.features import person_entities


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def message_entities(text: str, symptoms: dict[str, str]) -> list[dict]:
    """What our NLU gives for `text`: its person entities plus the symptoms at those words."""
    entities = person_entities(text, "test")
    for symptom_id, words in symptoms.items():
        start = text.index(words)
        entities.append(
            {"entity": "symptom", "value": symptom_id, "start": start, "end": start + len(words)}
        )
    return entities


FORM_SLOTS = ["anything_else", "symptom_duration", "breast_cancer_history", "on_treatment"]


def required(tracker, domain) -> list[str]:
    return asyncio.run(ValidateSymptomForm().required_slots(FORM_SLOTS, None, tracker, domain))


# --- slots filled from every message -------------------------------------------------------


def test_features_go_with_their_symptom_and_treatment_fills_on_treatment(dispatcher, domain):
    text = "I'm on chemo and my back hurts at night"
    tracker = make_tracker(text, entities=message_entities(text, {"back_pain": "back hurts"}))
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert slots["symptom_features"] == {"back_pain": ["night_pain"]}
    assert slots["on_treatment"] == "yes"
    assert slots["symptoms"] == ["back_pain"]


def test_a_later_feature_without_a_symptom_goes_with_the_symptoms_so_far(dispatcher, domain):
    text = "it wakes me up at night"
    tracker = make_tracker(
        text, entities=message_entities(text, {}), slots={"symptoms": ["back_pain"]}
    )
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert slots["symptom_features"] == {"back_pain": ["night_pain"]}


def test_tamoxifen_does_not_answer_the_treatment_question(dispatcher, domain):
    text = "I'm on tamoxifen and I have a temperature"
    tracker = make_tracker(text, entities=message_entities(text, {"fever": "temperature"}))
    slots = slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))
    assert "on_treatment" not in slots


# --- the treatment question ------------------------------------------------------------------


def test_a_fever_asks_about_treatment_right_after_anything_else(domain):
    tracker = make_tracker(slots={"symptoms": ["fever"]}, active_loop="symptom_form")
    assert required(tracker, domain)[:2] == ["anything_else", "on_treatment"]


def test_a_lump_never_asks_about_treatment(domain):
    tracker = make_tracker(slots={"symptoms": ["armpit_lump"]}, active_loop="symptom_form")
    assert "on_treatment" not in required(tracker, domain)


def test_treatment_already_told_is_not_asked_again(dispatcher, domain):
    tracker = make_tracker(
        "no",
        intent="deny",
        slots={"symptoms": ["fever"], "on_treatment": "no", "anything_else": True},
        requested_slot="anything_else",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["requested_slot"] == "symptom_duration"


def test_yes_to_the_treatment_question_with_a_fever_escalates_at_once(dispatcher, domain):
    tracker = make_tracker(
        "yes",
        intent="affirm",
        slots={"symptoms": ["fever"], "anything_else": True},
        requested_slot="on_treatment",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["on_treatment"] == "yes"  # kept for the assessment
    assert slots["requested_slot"] is None
    assert slots["urgency"] == "emergency"


def test_the_answers_to_the_treatment_question(dispatcher, domain):
    for intent, answer in (("affirm", "yes"), ("deny", "no"), ("dont_know", "unsure")):
        tracker = make_tracker(
            "",
            intent=intent,
            slots={"symptoms": ["fever"], "anything_else": True},
            requested_slot="on_treatment",
            active_loop="symptom_form",
        )
        slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
        assert slots["on_treatment"] == answer, intent


def test_an_unclear_treatment_answer_gets_one_hint_then_counts_as_not_sure(domain):
    from rasa_sdk.executor import CollectingDispatcher

    def answer(said: list[str] | None) -> tuple[dict, list[str]]:
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(
            "purple",
            intent="nlu_fallback",
            slots={"symptoms": ["fever"], "anything_else": True, "said": said},
            requested_slot="on_treatment",
            active_loop="symptom_form",
        )
        slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
        return slots, texts(dispatcher)

    first, said_first = answer(None)
    assert first["on_treatment"] is None and "treatment_hint" in first["said"]
    assert any("yes, no, or not sure" in text for text in said_first)
    # The hint is remembered in the `said` slot, not found again in the bot's past texts.
    second, said_second = answer(first["said"])
    assert second["on_treatment"] == "unsure"
    assert not any("yes, no, or not sure" in text for text in said_second)


def test_radiating_back_pain_ends_the_questions_at_once(dispatcher, domain):
    tracker = make_tracker(
        "and it shoots round my chest",
        slots={"symptoms": ["back_pain"], "symptom_features": {"back_pain": ["radiating"]}},
        requested_slot="symptom_duration",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["requested_slot"] is None


def test_tingling_in_both_hands_during_chemo_does_not_end_the_questions(dispatcher, domain):
    tracker = make_tracker(
        "pins and needles in both hands and feet since chemo",
        slots={
            "symptoms": ["limb_weakness"],
            "symptom_features": {"limb_weakness": ["both_sides"]},
            "on_treatment": "yes",
        },
        requested_slot="anything_else",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots.get("requested_slot", "anything_else") is not None


# --- the assessment ----------------------------------------------------------------------------


def test_a_fever_on_treatment_is_an_emergency_with_the_treatment_line(dispatcher, domain):
    tracker = make_tracker(slots={"symptoms": ["fever"], "on_treatment": "yes"})
    events = run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    assert slot_events(events)["urgency"] == "emergency"
    said = texts(dispatcher)
    assert load_services().treatment_line in said[-1]
    assert "see a doctor" in said[-1].lower()


def test_cancer_history_said_in_passing_counts_for_cord_compression(dispatcher, domain):
    text = "I had breast cancer in 2019 and my back hurts at night"
    tracker = make_tracker(
        text,
        entities=message_entities(text, {"back_pain": "back hurts"}),
        slots={"symptoms": ["back_pain"], "symptom_features": {"back_pain": ["night_pain"]}},
    )
    events = run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    assert slot_events(events)["urgency"] == "urgent"


# --- the safety net ----------------------------------------------------------------------------


def test_an_unmapped_bodily_complaint_gets_safety_advice_not_only_not_understood(
    dispatcher, domain
):
    tracker = make_tracker("my nose won't stop bleeding", intent="nlu_fallback")
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (said,) = texts(dispatcher)
    assert load_services().call_emergency in said
    assert "another way" in said
    assert "didn't understand" not in said.lower()


def test_an_unmapped_complaint_that_reads_as_an_emergency_starts_with_the_emergency_number(
    dispatcher, domain
):
    # No symptom of the lexicon, but the learned net reads it as an emergency.
    text = "the cut on my leg won't stop pouring, I've soaked through three tea towels"
    tracker = make_tracker(text, intent="nlu_fallback")
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (said,) = texts(dispatcher)
    first_sentence = said.split(". ")[0]
    assert "could be an emergency" in first_sentence
    assert load_services().call_emergency in first_sentence


def test_an_unmapped_complaint_that_reads_calm_keeps_the_ordinary_safety_net(dispatcher, domain):
    tracker = make_tracker("something's not right with my ear", intent="nlu_fallback")
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (said,) = texts(dispatcher)
    assert said.startswith("I couldn't match that to a symptom I know")
    assert "could be an emergency" not in said


def test_the_safety_net_gives_the_treatment_line_to_a_person_on_treatment(dispatcher, domain):
    tracker = make_tracker(
        "something's wrong with my ear", intent="nlu_fallback", slots={"on_treatment": "yes"}
    )
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (said,) = texts(dispatcher)
    assert f"cancer treatment, call {load_services().treatment_line}" in said


def test_a_reading_with_no_body_word_gets_the_safety_net_and_the_treatment_line_it_names(
    dispatcher, domain
):
    # No body word, no symptom the lexicon knows: the temperature reading and the drug say it.
    text = "I had docetaxel eight days ago and my thermometer just said 38.4"
    tracker = make_tracker(text, intent="nlu_fallback", entities=person_entities(text, "test"))
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (said,) = texts(dispatcher)
    assert load_services().call_emergency in said
    assert f"cancer treatment, call {load_services().treatment_line} now" in said


def test_nonsense_still_gets_the_plain_not_understood(dispatcher, domain):
    tracker = make_tracker("blorp wuzzle snerk", intent="nlu_fallback")
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[0].get("response") == "utter_default"


def test_severe_back_pain_asks_about_breast_cancer_not_treatment_first(domain):
    # Treatment would only matter here as a cancer history, which the next question asks.
    tracker = make_tracker(
        slots={"symptoms": ["back_pain"], "symptom_features": {"back_pain": ["severe"]}},
        active_loop="symptom_form",
    )
    assert "on_treatment" not in required(tracker, domain)
    answered = make_tracker(
        slots={
            "symptoms": ["back_pain"],
            "symptom_features": {"back_pain": ["severe"]},
            "breast_cancer_history": "no",
        },
        active_loop="symptom_form",
    )
    assert "on_treatment" in required(answered, domain)


def test_hormone_therapy_in_answer_to_the_treatment_question_is_a_no(dispatcher, domain):
    text = "I'm on tamoxifen"
    tracker = make_tracker(
        text,
        intent="inform_cancer_history",
        entities=message_entities(text, {}),
        slots={"symptoms": ["fever"], "anything_else": True},
        requested_slot="on_treatment",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["on_treatment"] == "no"


def test_a_duration_instead_of_the_treatment_answer_is_kept_and_the_question_repeated(
    dispatcher, domain
):
    tracker = make_tracker(
        "about three weeks",
        intent="inform_duration",
        entities=[{"entity": "duration", "value": "about three weeks", "start": 0, "end": 17}],
        slots={"symptoms": ["fever"], "anything_else": True},
        requested_slot="on_treatment",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_duration"] == "about three weeks"
    assert slots["requested_slot"] == "on_treatment"


# --- said late, after the assessment -----------------------------------------------------------


def test_chemo_said_after_a_fever_was_assessed_gives_the_emergency_at_once(dispatcher, domain):
    from actions.oncology import ActionNoteHistory

    tracker = make_tracker(
        "oh and I'm on chemo",
        intent="inform_cancer_history",
        slots={"symptoms": ["fever"], "urgency": "urgent", "on_treatment": "yes"},
    )
    events = run(ActionNoteHistory(), dispatcher, tracker, domain)
    assert slot_events(events)["urgency"] == "emergency"
    assert "emergency number" in " ".join(texts(dispatcher))


def test_history_said_without_symptoms_is_noted_and_asks_what_they_noticed(dispatcher, domain):
    from actions.oncology import ActionNoteHistory

    tracker = make_tracker("I had breast cancer in 2019", intent="inform_cancer_history")
    assert run(ActionNoteHistory(), dispatcher, tracker, domain) == []
    (said,) = texts(dispatcher)
    assert "noted" in said and "What symptoms have you noticed?" in said


def test_cannot_walk_said_after_back_pain_was_assessed_escalates(dispatcher, domain):
    tracker = make_tracker(
        "now I can't walk at all",
        intent="nlu_fallback",
        slots={
            "symptoms": ["back_pain"],
            "urgency": "soon",
            "symptom_features": {"back_pain": ["cannot_walk"]},
        },
    )
    events = run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    assert slot_events(events)["urgency"] == "emergency"


def test_during_the_questions_the_form_escalates_not_the_fallback(dispatcher, domain):
    tracker = make_tracker(
        "now I can't walk at all",
        intent="nlu_fallback",
        slots={"symptoms": ["back_pain"], "symptom_features": {"back_pain": ["cannot_walk"]}},
        active_loop="symptom_form",
    )
    assert run(ActionClarifyQuestion(), dispatcher, tracker, domain) == []


@pytest.mark.parametrize("on_treatment", ["yes", None])
def test_the_treatment_line_speaks_of_whoever_is_on_treatment(dispatcher, domain, on_treatment):
    # Session 9: a carer writes about the person they look after; the treatment line must
    # not tell the carer "you're on cancer treatment" nor send them to "your" team.
    slots = {"on_treatment": on_treatment} if on_treatment else {}
    tracker = make_tracker(
        "my husband is on chemo and something is wrong with his ear",
        intent="nlu_fallback",
        slots=slots,
    )
    run(ActionClarifyQuestion(), dispatcher, tracker, domain)
    (said,) = texts(dispatcher)
    assert load_services().treatment_line in said
    assert "you're on cancer treatment" not in said.lower()
    assert "your treatment team" not in said.lower()


def test_the_assessment_treatment_line_fits_a_carer_in_every_country():
    for country in available_countries():
        line = TREATMENT_LINE.format(treatment_line=load_services(country).treatment_line)
        assert "you're on" not in line.lower() and "your" not in line.lower(), country
