"""The understanding layer's part of issue 18, through the Rasa component: feature,
treatment and history entities in its output, and the safety-net routing."""

from __future__ import annotations

import pytest
from support import parse

from symptom_nlu.rasa_component import SymptomEntityExtractor


def test_treatment_history_and_features_come_out_as_entities(component):
    message = parse(
        component, "I had breast cancer in 2019, I'm on steroids and my back hurts at night"
    )
    found = {(e["entity"], e["value"], e.get("role")) for e in message.get("entities")}
    assert ("treatment", "steroids", None) in found
    assert ("cancer_history", "breast_cancer", None) in found
    assert ("feature", "night_pain", None) in found


def test_a_disease_question_carries_no_feature(component):
    message = parse(
        component, "does it hurt at night when it spreads?", intent="ask_symptoms_of_spread"
    )
    assert not [e for e in message.get("entities") if e["entity"] == "feature"]


@pytest.mark.parametrize("intent", ["report_symptom", "out_of_scope"])
def test_an_unmapped_bodily_complaint_goes_to_the_fallback(component, intent):
    message = parse(component, "my big toe has gone black", intent=intent)
    assert message.get("intent")["name"] == "nlu_fallback"


def test_a_disease_question_about_the_body_stays_a_question(component):
    message = parse(component, "can it spread to my bones?", intent="ask_where_it_spreads")
    assert message.get("intent")["name"] == "ask_where_it_spreads"


def test_nonsense_is_not_routed_to_the_safety_net_but_keeps_its_old_path(component):
    message = parse(component, "what's the score tonight", intent="out_of_scope")
    assert message.get("intent")["name"] == "out_of_scope"


def test_history_said_with_a_symptom_is_a_report_of_the_symptom(component):
    message = parse(
        component,
        "I had chemo last week and now I've got chest pain",
        intent="inform_cancer_history",
    )
    assert message.get("intent")["name"] == "report_symptom"
    assert {e["value"] for e in message.get("entities") if e["entity"] == "symptom"} == {
        "chest_pain"
    }


def test_history_alone_stays_history(component):
    message = parse(component, "yes, I had breast cancer in 2019", intent="inform_cancer_history")
    assert message.get("intent")["name"] == "inform_cancer_history"


def test_a_disease_question_naming_a_stage_is_not_the_persons_history():

    component = SymptomEntityExtractor(SymptomEntityExtractor.get_default_config())
    intent = {"name": "ask_what_is_metastatic", "confidence": 0.9}
    entities = component.reconcile("what does stage 4 breast cancer mean", [], intent)
    assert not [e for e in entities if e["entity"] in ("cancer_history", "treatment", "feature")]
    personal = component.reconcile(
        "I had breast cancer in 2019, what does stage 4 mean", [], intent
    )
    assert [e["value"] for e in personal if e["entity"] == "cancer_history"] == ["breast_cancer"]


# --- Kinds of wording that carry an acute finding (issue 18, validation follow-up) ----------


def symptoms_of(component, text: str) -> set[str]:
    message = parse(component, text)
    return {
        str(e["value"])
        for e in message.get("entities") or []
        if e.get("entity") == "symptom" and not e.get("role")
    }


def features_of(component, text: str) -> set[str]:
    message = parse(component, text)
    return {
        str(e["value"])
        for e in message.get("entities") or []
        if e.get("entity") == "feature" and not e.get("role")
    }


@pytest.mark.parametrize(
    "text, symptom",
    [
        # A reading right after the word, without "is" or "of".
        ("temperature 39.2 this evening", "fever"),
        ("temp 101 and shaking", "fever"),
        # Blood coming from a body opening, in the person's words.
        ("blood pouring out of my nose", "bleeding_bruising"),
        ("bright red blood from my bottom", "bleeding_bruising"),
        ("the loo was full of blood", "bleeding_bruising"),
        ("tiny purple pinpoint spots on my arms", "bleeding_bruising"),
        # The look of a broken hip.
        ("I fell and my foot is turned out", "fracture"),
        # Thirst, in everyday words.
        ("I'm always parched", "excessive_thirst"),
    ],
)
def test_acute_findings_in_everyday_words(component, text, symptom):
    assert symptom in symptoms_of(component, text)


@pytest.mark.parametrize(
    "text, feature",
    [
        ("my back aches every night", "night_pain"),
        ("it hurts a lot more when I sneeze", "worse_on_coughing"),
        ("the pain runs down the back of my left leg", "radiating"),
        ("there was so much blood", "heavy_bleeding"),
        ("my hip hurts so much I can't stand", "cannot_walk"),
    ],
)
def test_how_it_presents_in_everyday_words(component, text, feature):
    assert feature in features_of(component, text)


@pytest.mark.parametrize(
    "text, feature",
    [
        ("nothing sudden, it crept up on me", "sudden_onset"),
        ("breathless on the stairs but fine at rest", "at_rest"),
        ("I'm ok at night, it's the daytime", "night_pain"),
        ("I can't stand the waiting", "cannot_walk"),
    ],
)
def test_a_feature_said_to_be_absent_is_not_read(component, text, feature):
    assert feature not in features_of(component, text)
