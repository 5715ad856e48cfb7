"""Whose symptom, when and whether: the role of every mention (resources/en/context.yml).

One test (or table) per rule family of the ConText rules, and the negation fixes of
issue 12. A present symptom has no role (CONTRACT.md, "Whose, when and whether").
"""

from __future__ import annotations

import pytest
from support import mentions, role

from symptom_nlu.components.context import CATEGORIES, DIRECTIONS, load_context_rules
from symptom_nlu.extract import SymptomExtractor

PRESENT = None


# ---------------------------------------------------------------------------------------
# FAMILY -> other_person, and the carer writing for the person
# ---------------------------------------------------------------------------------------

OTHER_PERSON = [
    ("my aunt went yellow when it reached her liver", "jaundice"),
    ("my aunt's cancer went to her liver and she went yellow", "jaundice"),
    ("my friend gets migraines", "headache"),
    ("my neighbour had fits before she died", "seizure"),
    ("breast cancer runs in the family, my nan had a lump in her breast", "breast_lump"),
]


@pytest.mark.parametrize("text, symptom_id", OTHER_PERSON)
def test_someone_elses_illness_is_other_person(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "other_person"


CARERS = [
    ("my wife has been very confused since yesterday", "confusion"),
    ("her legs are weak and she can't hold her bladder", "bladder_bowel_control_loss"),
    ("my wife has been confused since yesterday, she had a fit last night", "seizure"),
    ("my dad can't feel his legs", "limb_weakness"),
    ("my mother has gone yellow and her tummy is swollen", "jaundice"),
    ("my mother has gone yellow and her tummy is swollen", "abdominal_swelling"),
]


@pytest.mark.parametrize("text, symptom_id", CARERS)
def test_a_carer_writing_for_the_person_reports_present_symptoms(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


@pytest.mark.parametrize(
    "text, symptom_id, expected",
    [
        # the writer names their own treatment or cancer: they are the patient
        ("my son has a high temperature, I'm on chemo", "fever", "other_person"),
        (
            "I had breast cancer in 2019. My brother is coughing up blood",
            "coughing_blood",
            "other_person",
        ),
        (
            "my husband had a fit this morning, my oncologist says I'm doing well",
            "seizure",
            "other_person",
        ),
        # the treatment is the relative's: the writer is their carer
        ("my mum is on chemo and she's burning up", "fever", PRESENT),
        ("my wife is having radiotherapy and she can't feel her legs", "limb_weakness", PRESENT),
    ],
)
def test_a_writer_who_names_their_own_treatment_is_the_patient_not_a_carer(
    extractor: SymptomExtractor, text: str, symptom_id: str, expected: str | None
) -> None:
    assert role(extractor, text, symptom_id) == expected


def test_a_relatives_history_next_to_ones_own_symptom_is_not_counted(
    extractor: SymptomExtractor,
) -> None:
    text = "my mum had a lump in her breast and I have a lump in my armpit"
    assert mentions(extractor, text) == {("breast_lump", "other_person"), ("armpit_lump", None)}


def test_a_long_message_keeps_the_real_symptoms_and_sets_the_rest_aside(
    extractor: SymptomExtractor,
) -> None:
    text = (
        "Hi there, sorry this is long. My mum had breast cancer and died when I was young, "
        "she had terrible headaches at the end and went yellow. I was diagnosed in 2018, had "
        "a lumpectomy and radiotherapy, and I've been fine since. I read online that it can "
        "spread to the brain and cause fits, which scared me. Anyway the reason I'm writing "
        "is that for the last two weeks my back has been really painful at night and this "
        "morning my legs felt weak and wobbly. Is it normal?"
    )
    found = mentions(extractor, text)
    assert {("back_pain", None), ("limb_weakness", None)} <= found
    assert ("headache", "other_person") in found and ("jaundice", "other_person") in found
    assert ("seizure", "hypothetical") in found


def test_a_witness_describing_the_writer_does_not_make_it_someone_elses(
    extractor: SymptomExtractor,
) -> None:
    assert role(extractor, "my husband says I was confused all morning", "confusion") is None


# ---------------------------------------------------------------------------------------
# HISTORICAL -> past; recent events stay present
# ---------------------------------------------------------------------------------------

PAST = [
    ("I broke my wrist years ago", "fracture"),
    ("I broke my ankle skiing in 2015", "fracture"),
    ("had a cough after a cold, it's gone", "cough"),
    ("I had a chesty cough at Christmas, cleared up", "cough"),
    ("I have epilepsy", "seizure"),
    ("my usual migraines", "headache"),
    ("when I was a child I had fits", "seizure"),
]


@pytest.mark.parametrize("text, symptom_id", PAST)
def test_what_is_over_or_long_ago_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


RECENT = [
    ("I had a fit last night", "seizure"),
    ("I coughed up blood this morning", "coughing_blood"),
    ("the headaches started 2 years ago and are getting worse", "headache"),
    ("I've had this cough since last year", "cough"),
]


@pytest.mark.parametrize("text, symptom_id", RECENT)
def test_a_recent_or_ongoing_symptom_is_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_history_and_a_symptom_in_one_message_count_the_symptom(
    extractor: SymptomExtractor,
) -> None:
    text = "I had breast cancer 2 years ago and now my ribs ache"
    assert mentions(extractor, text) == {("bone_pain", None)}


# ---------------------------------------------------------------------------------------
# HYPOTHETICAL -> hypothetical: questions, conditions, a pasted leaflet
# ---------------------------------------------------------------------------------------

HYPOTHETICAL = [
    ("could this spread to my brain and give me fits?", "seizure"),
    ("can it cause fits?", "seizure"),
    ("could it make me confused?", "confusion"),
    ("if I get headaches should I worry?", "headache"),
    ("what happens if I start coughing up blood?", "coughing_blood"),
    ("will I get bone pain?", "bone_pain"),
    ("what are the signs of spread to the liver, like yellow skin?", "jaundice"),
]


@pytest.mark.parametrize("text, symptom_id", HYPOTHETICAL)
def test_a_question_or_condition_is_hypothetical(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


def test_a_pasted_leaflet_is_hypothetical(extractor: SymptomExtractor) -> None:
    leaflet = (
        "Symptoms of secondary breast cancer in the brain may include:\n"
        "- headaches\n- fits (seizures)\n- blurred vision\n"
        "Tell your doctor if you notice any of these."
    )
    found = mentions(extractor, leaflet)
    assert found and {r for _, r in found} == {"hypothetical"}


def test_a_personal_report_inside_a_question_stays_present(
    extractor: SymptomExtractor,
) -> None:
    text = "I've been coughing up blood, is that the cancer spreading?"
    assert mentions(extractor, text) == {("coughing_blood", None)}
    assert role(extractor, "could it be the cancer causing my back pain?", "back_pain") is None


OWN_IN_A_QUESTION = [
    ("is it normal to have a headache every morning?", "headache"),
    ("Is a lump under my arm serious?", "armpit_lump"),
    ("what does it mean if my armpit is swollen?", "armpit_lump"),
]


@pytest.mark.parametrize("text, symptom_id", OWN_IN_A_QUESTION)
def test_a_question_about_ones_own_symptom_keeps_it_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_a_usual_symptom_that_has_changed_is_present(extractor: SymptomExtractor) -> None:
    text = "my normal headaches feel different now, much worse"
    assert role(extractor, text, "headache") is PRESENT


def test_not_sure_if_is_a_report_not_a_condition(extractor: SymptomExtractor) -> None:
    assert role(extractor, "not sure if it's a lump but my breast feels hard", "breast_lump") in (
        None,
    )


def test_a_symptom_list_typed_as_an_answer_is_present(extractor: SymptomExtractor) -> None:
    assert mentions(extractor, "headaches, blurred vision and I keep being confused") == {
        ("headache", None),
        ("vision_change", None),
        ("confusion", None),
    }


# ---------------------------------------------------------------------------------------
# NEGATED_EXISTENCE (negation.yml): the fixes of issue 12
# ---------------------------------------------------------------------------------------


def test_not_breathless_just_the_cough_keeps_the_cough(extractor: SymptomExtractor) -> None:
    assert mentions(extractor, "I'm not breathless, it's just this cough") == {
        ("shortness_of_breath", "negated"),
        ("cough", None),
    }
    assert mentions(extractor, "I'm not breathless its just this cough") == {
        ("shortness_of_breath", "negated"),
        ("cough", None),
    }


INABILITY_AND_PERSISTENCE = [
    ("short of breath after walking only a little way", "shortness_of_breath"),
    ("I can't catch my breath", "shortness_of_breath"),
    ("a headache that won't go away", "headache"),
    ("the pain in my ribs never really goes away", "bone_pain"),
    ("my cough doesn't quite clear up", "cough"),
]


@pytest.mark.parametrize("text, symptom_id", INABILITY_AND_PERSISTENCE)
def test_inability_and_persistence_are_symptoms_not_negations(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_a_shouted_correction_negates(extractor: SymptomExtractor) -> None:
    assert mentions(extractor, "sorry, I meant I DON'T have the headache") == {
        ("headache", "negated")
    }
    assert mentions(extractor, "I CAN'T BREATHE") == {("shortness_of_breath", None)}


def test_negated_property_follows_the_role(extractor: SymptomExtractor) -> None:
    found = extractor.extract("no headache, and my friend went yellow").symptoms
    by_id = {m.symptom_id: m for m in found}
    assert by_id["headache"].negated and not by_id["headache"].present
    assert not by_id["jaundice"].negated and not by_id["jaundice"].present


# ---------------------------------------------------------------------------------------
# The rules are data
# ---------------------------------------------------------------------------------------


def test_every_rule_family_of_the_data_file_is_present_and_valid() -> None:
    rules, default_scope, own_markers = load_context_rules()
    assert default_scope > 0 and "my" in own_markers
    assert {r.category for r in rules} == set(CATEGORIES)
    assert {r.direction for r in rules} <= set(DIRECTIONS)
    for category in CATEGORIES:
        directions = {r.direction for r in rules if r.category == category}
        assert "terminate" in directions and "pseudo" in directions, category


# ---------------------------------------------------------------------------------------
# The Rasa component carries the role, and a question stays a question
# ---------------------------------------------------------------------------------------


def process(component, text: str, intent: str) -> tuple[str, set]:  # type: ignore[no-untyped-def]
    from rasa.shared.nlu.training_data.message import Message

    msg = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}})
    msg.set("intent_ranking", [{"name": intent, "confidence": 0.9}])
    (processed,) = component.process([msg])
    found = {
        (e["value"], e.get("role"))
        for e in processed.get("entities") or []
        if e["entity"] == "symptom"
    }
    return processed.get("intent")["name"], found


def test_the_symptom_entity_carries_the_role(component) -> None:  # type: ignore[no-untyped-def]
    text = "my mum had a lump in her breast and I have a lump in my armpit"
    _, found = process(component, text, "report_symptom")
    assert found == {("breast_lump", "other_person"), ("armpit_lump", None)}


@pytest.mark.parametrize("intent", ["ask_symptoms_of_spread", "nlu_fallback", "greet"])
def test_a_question_about_fits_is_not_promoted_to_a_report(  # type: ignore[no-untyped-def]
    component, intent: str
) -> None:
    name, found = process(component, "could this spread to my brain and give me fits?", intent)
    assert name == intent
    assert ("seizure", None) not in found


def test_a_question_with_a_red_flag_of_ones_own_is_still_a_report(  # type: ignore[no-untyped-def]
    component,
) -> None:
    text = "I've been coughing up blood, is that the cancer spreading?"
    name, found = process(component, text, "ask_symptoms_of_spread")
    assert name == "report_symptom" and found == {("coughing_blood", None)}


def test_history_and_a_red_flag_in_one_message_is_a_report(  # type: ignore[no-untyped-def]
    component,
) -> None:
    text = "I had breast cancer in 2019 and this afternoon I coughed up blood"
    name, found = process(component, text, "inform_cancer_history")
    assert name == "report_symptom" and found == {("coughing_blood", None)}


@pytest.mark.parametrize(
    "text",
    ["any headaches", "is a lump under my arm serious", "what does a lump under my arm mean"],
)
def test_a_message_ending_in_spaces_reads_as_the_same_message_without_them(
    extractor: SymptomExtractor, text: str
) -> None:
    # whether a cue stands in a question is read at its sentence's last word that is not a
    # space: spaces typed after the last word change nothing (and break nothing)
    def read(message: str) -> list[tuple[str, str | None]]:
        return [(m.symptom_id, m.role) for m in extractor.extract(message).symptoms]

    assert read(text + "  ") == read(text)
    assert read(text)
