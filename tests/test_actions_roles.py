"""Mentions that are not the person's own, current symptom, in the dialogue (actions/roles.py).

They are remembered in `non_current_symptoms`, acknowledged in one line, and never counted.
"""

from __future__ import annotations

import asyncio

from support import make_tracker, symptom

from actions.slots import ValidateSlotMappings


def mention(value: str, role: str) -> dict:
    return {"entity": "symptom", "value": value, "role": role}


def run_slot_mappings(dispatcher, domain, tracker) -> dict:
    events = asyncio.run(ValidateSlotMappings().run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages if m.get("response")]


def test_a_relatives_illness_is_noted_but_never_counted(dispatcher, domain):
    tracker = make_tracker(
        "my aunt went yellow when it reached her liver",
        entities=[mention("jaundice", "other_person")],
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert "symptoms" not in slots and "negated_symptoms" not in slots
    assert slots["non_current_symptoms"] == [{"id": "jaundice", "role": "other_person"}]
    assert responses(dispatcher) == ["utter_noted_someone_else"]


def test_a_relatives_red_flag_is_not_counted_but_says_to_get_them_help(dispatcher, domain):
    tracker = make_tracker(
        "I had breast cancer in 2019. My brother is coughing up blood",
        entities=[mention("coughing_blood", "other_person")],
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert "symptoms" not in slots
    assert responses(dispatcher) == ["utter_noted_someone_else_serious"]
    text = domain["responses"]["utter_noted_someone_else_serious"][0]["text"]
    assert "straight away" in text and "emergency number" not in text


def test_history_and_a_present_symptom_count_the_symptom_only(dispatcher, domain):
    tracker = make_tracker(
        "I broke my wrist years ago and now my ribs ache",
        entities=[mention("fracture", "past"), symptom("bone_pain")],
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert slots["symptoms"] == ["bone_pain"]
    assert slots["non_current_symptoms"] == [{"id": "fracture", "role": "past"}]
    assert responses(dispatcher) == ["utter_noted_in_the_past"]


def test_a_pasted_list_asks_whether_any_are_happening_now(dispatcher, domain):
    tracker = make_tracker(
        "Symptoms may include: headaches, fits, blurred vision",
        entities=[mention(s, "hypothetical") for s in ("headache", "seizure", "vision_change")],
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert "symptoms" not in slots
    assert responses(dispatcher) == ["utter_ask_happening_now"]


def test_a_disease_question_gets_no_acknowledgement(dispatcher, domain):
    tracker = make_tracker(
        "could this spread to my brain and give me fits?",
        intent="ask_symptoms_of_spread",
        entities=[mention("seizure", "hypothetical")],
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert "symptoms" not in slots and responses(dispatcher) == []


def test_a_mention_already_remembered_is_not_added_twice(dispatcher, domain):
    remembered = [{"id": "jaundice", "role": "other_person"}]
    tracker = make_tracker(
        "my aunt went yellow",
        entities=[mention("jaundice", "other_person")],
        slots={"non_current_symptoms": remembered},
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert "non_current_symptoms" not in slots


def test_the_acknowledgements_are_responses_of_the_domain(domain):
    for name in (
        "utter_noted_someone_else",
        "utter_noted_someone_else_serious",
        "utter_noted_in_the_past",
        "utter_ask_happening_now",
    ):
        assert name in domain["responses"]


def test_a_long_term_condition_named_with_a_new_event_is_not_acknowledged(dispatcher, domain):
    tracker = make_tracker(
        "I had a fit this morning, I have epilepsy but this was different",
        entities=[symptom("seizure"), mention("seizure", "past")],
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert slots["symptoms"] == ["seizure"]
    assert responses(dispatcher) == []


def test_a_symptom_that_has_cleared_up_is_taken_back(dispatcher, domain):
    tracker = make_tracker(
        "correction, the breathlessness has gone now",
        entities=[mention("shortness_of_breath", "past")],
        slots={"symptoms": ["shortness_of_breath", "cough"]},
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert slots["symptoms"] == ["cough"]


# --- A relative named after the writer has told of their own symptoms (session 9) ----------


def relatives(value: str) -> dict:
    """A mention only a carer's reading makes present ("my sister had a fit")."""
    return {"entity": "symptom", "value": value, "group": "relative"}


def after_own_symptom(tracker, own: dict, text: str = "I've found a lump near my scar"):
    earlier = {"text": text, "intent": {"name": "report_symptom"}, "entities": [own]}
    tracker.events.insert(0, {"event": "user", "text": text, "parse_data": earlier})
    return tracker


def test_a_relatives_fit_after_the_writers_own_lump_is_someone_elses(dispatcher, domain):
    tracker = after_own_symptom(
        make_tracker(
            "my cousin had a fit when hers spread, so I'm scared",
            entities=[relatives("seizure")],
            slots={"symptoms": ["breast_lump"]},
        ),
        symptom("breast_lump"),
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert "symptoms" not in slots
    assert slots["non_current_symptoms"] == [{"id": "seizure", "role": "other_person"}]
    assert responses(dispatcher) == ["utter_noted_someone_else_serious"]


def test_a_carer_who_began_with_the_relatives_symptoms_goes_on_counting(dispatcher, domain):
    tracker = after_own_symptom(
        make_tracker(
            "and my mum had a fit this morning",
            entities=[relatives("seizure")],
            slots={"symptoms": ["headache"]},
        ),
        relatives("headache"),
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert slots["symptoms"] == ["headache", "seizure"]


def test_a_relatives_symptom_in_the_first_message_counts(dispatcher, domain):
    tracker = make_tracker("my dad has had a fit", entities=[relatives("seizure")])
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert slots["symptoms"] == ["seizure"]


def test_a_carer_who_goes_on_with_she_is_not_taken_for_the_patient(dispatcher, domain):
    tracker = after_own_symptom(
        make_tracker(
            "now my wife can't hold her phone, her arm is numb",
            entities=[relatives("limb_weakness")],
            slots={"symptoms": ["headache"]},
        ),
        symptom("headache"),
        text="She says it's like a pressure behind her eyes",
    )
    slots = run_slot_mappings(dispatcher, domain, tracker)
    assert slots["symptoms"] == ["headache", "limb_weakness"]


def test_a_message_that_names_anyone_else_does_not_speak_only_of_the_writer():
    # The words come from context.yml (first_person, third_person, relatives), one list for
    # the NLU layer and the dialogue.
    from actions.common import _speaks_only_of_self

    assert _speaks_only_of_self("my back has ached all week and I'm fed up")
    assert not _speaks_only_of_self("my colleague and I both ache after the move")
    assert not _speaks_only_of_self("the scarf I lent out is hers now, my neck is sore")
    assert not _speaks_only_of_self("the back pain came on after the weekend")
