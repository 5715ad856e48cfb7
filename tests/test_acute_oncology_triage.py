"""Acute oncology triage as a table: symptoms + how they present + treatment / history ->
urgency (issue 18, docs/contract.md "The assessment").

Every rule of data/knowledge/red_flags.yml that issue 18 added has a row that fires it and,
where it matters, a row just short of it; every lowering case has its row. The table is the
contract's list, written out here, not read from our YAML.
"""

from __future__ import annotations

import pytest

from symptom_checker.triage import (
    FEATURES,
    assess,
    has_red_flag,
    undecided_by_treatment,
)
from symptom_checker.wording import assessment_messages

ACUTE_ONCOLOGY_IDS = [
    "fever", "feeling_unwell", "drowsiness", "vomiting", "excessive_thirst",
    "frequent_urination", "constipation", "face_neck_swelling", "leg_swelling",
    "bleeding_bruising", "breathless_lying_flat", "fainting",
]  # fmt: skip

ON = {"on_treatment": "yes"}
OFF = {"on_treatment": "no"}
HISTORY = {"cancer_history": "yes"}


def feats(symptom_id: str, *values: str) -> dict:
    return {"features": {symptom_id: list(values)}}


# (why, present symptoms, keyword arguments, expected urgency)
TABLE = [
    # --- Neutropenic sepsis (NICE CG151) ---------------------------------------------------
    ("fever on chemotherapy", ["fever"], ON, "emergency"),
    (
        "fever with a measured 38.5 on treatment",
        ["fever"],
        {**ON, **feats("fever", "high_temperature")},
        "emergency",
    ),  # noqa: E501
    ("feeling unwell on treatment, no temperature", ["feeling_unwell"], ON, "emergency"),
    ("fever without treatment is urgent", ["fever"], OFF, "urgent"),
    ("fever, treatment unknown, is urgent until asked", ["fever"], {}, "urgent"),
    ("feeling unwell without treatment", ["feeling_unwell"], OFF, "soon"),
    (
        "a temperature with cancer history but no treatment",
        ["fever"],
        {**OFF, **HISTORY},
        "urgent",
    ),  # noqa: E501
    ("vomiting on treatment", ["vomiting"], ON, "urgent"),
    ("vomiting alone", ["vomiting"], OFF, "soon"),
    # --- High calcium (Macmillan) ----------------------------------------------------------
    ("thirst and passing lots of urine", ["excessive_thirst", "frequent_urination"], {}, "urgent"),
    ("constipation and being sick", ["constipation", "vomiting"], {}, "urgent"),
    ("thirst alone", ["excessive_thirst"], {}, "soon"),
    ("constipation alone", ["constipation"], {}, "soon"),
    ("thirst with drowsiness", ["excessive_thirst", "drowsiness"], {}, "emergency"),
    ("constipation with confusion", ["constipation", "confusion"], {}, "emergency"),
    (
        "calcium signs with forgetfulness that came on slowly stay an emergency",
        ["excessive_thirst", "confusion"],
        feats("confusion", "gradual_onset"),
        "emergency",
    ),
    # --- Drowsiness --------------------------------------------------------------------------
    ("very sleepy and hard to wake", ["drowsiness"], {}, "emergency"),
    # --- Raised pressure in the head ---------------------------------------------------------
    ("headache with vomiting", ["headache", "vomiting"], {}, "urgent"),
    (
        "headache worst in the morning",
        ["headache"],
        feats("headache", "morning_headache"),
        "urgent",
    ),
    ("a headache alone", ["headache"], {}, "soon"),
    ("headache with drowsiness", ["headache", "drowsiness"], {}, "emergency"),
    # --- Spinal cord compression (NICE NG234) ------------------------------------------------
    ("back pain alone", ["back_pain"], {}, "soon"),
    (
        "back pain at night after breast cancer",
        ["back_pain"],
        {**HISTORY, **feats("back_pain", "night_pain")},
        "urgent",
    ),  # noqa: E501
    (
        "back pain worse on coughing after breast cancer",
        ["back_pain"],
        {**HISTORY, **feats("back_pain", "worse_on_coughing")},
        "urgent",
    ),  # noqa: E501
    (
        "back pain at night on treatment (history implied)",
        ["back_pain"],
        {**ON, **feats("back_pain", "night_pain")},
        "urgent",
    ),  # noqa: E501
    (
        "back pain at night, no cancer history: still urgent (NHS back pain)",
        ["back_pain"],
        feats("back_pain", "night_pain"),
        "urgent",
    ),
    (
        "back pain worse on coughing, no cancer history",
        ["back_pain"],
        feats("back_pain", "worse_on_coughing"),
        "urgent",
    ),
    ("back pain, nothing more said", ["back_pain"], {}, "soon"),
    (
        "severe back pain without a cancer history",
        ["back_pain"],
        feats("back_pain", "severe"),
        "soon",
    ),
    ("back pain with weight loss", ["back_pain", "weight_loss"], {}, "urgent"),
    (
        "back pain shooting round the chest",
        ["back_pain"],
        feats("back_pain", "radiating"),
        "emergency",
    ),  # noqa: E501
    ("back pain and cannot walk", ["back_pain"], feats("back_pain", "cannot_walk"), "emergency"),
    ("back pain with weak legs", ["back_pain", "limb_weakness"], {}, "emergency"),
    (
        "back pain with weak legs on both sides during chemo",
        ["back_pain", "limb_weakness"],
        {**ON, **feats("limb_weakness", "both_sides")},
        "emergency",
    ),  # noqa: E501
    ("back pain with unsteadiness", ["back_pain", "unsteadiness"], {}, "urgent"),
    # --- Breathlessness by severity ----------------------------------------------------------
    (
        "breathless at rest",
        ["shortness_of_breath"],
        feats("shortness_of_breath", "at_rest"),
        "emergency",
    ),  # noqa: E501
    (
        "breathless all of a sudden",
        ["shortness_of_breath"],
        feats("shortness_of_breath", "sudden_onset"),
        "emergency",
    ),  # noqa: E501
    (
        "breathless on exertion",
        ["shortness_of_breath"],
        feats("shortness_of_breath", "on_exertion"),
        "urgent",
    ),  # noqa: E501
    ("breathless, nothing more said", ["shortness_of_breath"], {}, "urgent"),
    ("cannot lie flat", ["breathless_lying_flat"], {}, "urgent"),
    # --- A clot --------------------------------------------------------------------------------
    ("a swollen hot calf", ["leg_swelling"], feats("leg_swelling", "one_side"), "urgent"),
    ("a swollen calf and breathless", ["leg_swelling", "shortness_of_breath"], {}, "emergency"),
    ("a swollen calf and chest pain", ["leg_swelling", "chest_pain"], {}, "emergency"),
    # --- A red, hot, swollen breast or arm (cellulitis, or a clot) ---------------------------
    ("a swollen arm, nothing more said", ["arm_swelling"], {}, "soon"),
    ("a red, hot, swollen arm", ["arm_swelling"], feats("arm_swelling", "red_hot"), "urgent"),
    (
        "a red, hot, swollen breast",
        ["breast_shape_change"],
        feats("breast_shape_change", "red_hot"),
        "urgent",
    ),
    ("a swollen breast, not red", ["breast_shape_change"], {}, "soon"),
    (
        "red skin like orange peel",
        ["orange_peel_skin"],
        feats("orange_peel_skin", "red_hot"),
        "urgent",
    ),
    (
        "a hot swollen arm with a temperature on chemo: sepsis",
        ["arm_swelling", "fever"],
        {**ON, **feats("arm_swelling", "red_hot")},
        "emergency",
    ),
    (
        "a hot swollen arm with a temperature, no treatment",
        ["arm_swelling", "fever"],
        {**OFF, **feats("arm_swelling", "red_hot")},
        "urgent",
    ),
    (
        "a hot swollen arm and breathless: a clot may have moved",
        ["arm_swelling", "shortness_of_breath"],
        feats("arm_swelling", "red_hot"),
        "emergency",
    ),
    (
        "lymphoedema and breathless on exertion, arm not hot",
        ["arm_swelling", "shortness_of_breath"],
        feats("shortness_of_breath", "on_exertion"),
        "urgent",
    ),
    # --- Superior vena cava obstruction ------------------------------------------------------
    ("a swollen face", ["face_neck_swelling"], {}, "urgent"),
    (
        "a swollen neck with noisy breathing",
        ["face_neck_swelling"],
        feats("face_neck_swelling", "noisy_breathing"),
        "emergency",
    ),  # noqa: E501
    (
        "a swollen face and breathless",
        ["face_neck_swelling", "shortness_of_breath"],
        {},
        "emergency",
    ),  # noqa: E501
    # --- A broken bone by where it is --------------------------------------------------------
    ("a bone broken easily, where not said", ["fracture"], {}, "urgent"),
    (
        "a suspected broken hip",
        ["fracture"],
        feats("fracture", "weight_bearing_pain"),
        "emergency",
    ),
    ("a broken bone and cannot walk", ["fracture"], feats("fracture", "cannot_walk"), "emergency"),
    ("a suspected broken back", ["fracture", "back_pain"], {}, "emergency"),
    (
        "a hip that hurts when walking",
        ["bone_pain"],
        feats("bone_pain", "weight_bearing_pain"),
        "soon",
    ),
    (
        "a hip that hurts when walking, after breast cancer (a bone spread may weaken)",
        ["bone_pain"],
        {**HISTORY, **feats("bone_pain", "weight_bearing_pain")},
        "urgent",
    ),
    # --- Bleeding by how much ----------------------------------------------------------------
    ("unexplained bruises", ["bleeding_bruising"], {}, "urgent"),
    (
        "a nosebleed that will not stop",
        ["bleeding_bruising"],
        feats("bleeding_bruising", "heavy_bleeding"),
        "emergency",
    ),  # noqa: E501
    # --- Eyesight ----------------------------------------------------------------------------
    ("blurred vision", ["vision_change"], {}, "urgent"),
    (
        "sight lost suddenly",
        ["vision_change"],
        feats("vision_change", "sudden_onset"),
        "emergency",
    ),
    # --- Fainting ------------------------------------------------------------------------------
    ("fainting or a racing heart", ["fainting"], {}, "urgent"),
    ("fainting and breathless", ["fainting", "shortness_of_breath"], {}, "emergency"),
    ("fainting with chest pain", ["fainting", "chest_pain"], {}, "emergency"),
    # --- Coughing up blood: a documented conservative choice ---------------------------------
    ("any blood coughed up", ["coughing_blood"], {}, "emergency"),
    # --- The lowering cases --------------------------------------------------------------------
    (
        "a bit forgetful, came on slowly",
        ["confusion"],
        feats("confusion", "gradual_onset"),
        "urgent",
    ),  # noqa: E501
    ("new confusion, nothing said about onset", ["confusion"], {}, "emergency"),
    (
        "confusion that came on suddenly",
        ["confusion"],
        feats("confusion", "sudden_onset"),
        "emergency",
    ),  # noqa: E501
    (
        "tingling in both hands and feet during chemo",
        ["limb_weakness"],
        {**ON, **feats("limb_weakness", "both_sides")},
        "urgent",
    ),  # noqa: E501
    (
        "tingling in both hands, not on treatment",
        ["limb_weakness"],
        {**OFF, **feats("limb_weakness", "both_sides")},
        "emergency",
    ),  # noqa: E501
    (
        "weakness in one leg during chemo",
        ["limb_weakness"],
        {**ON, **feats("limb_weakness", "one_side")},
        "emergency",
    ),  # noqa: E501
    (
        "both legs weak and cannot walk during chemo",
        ["limb_weakness"],
        {**ON, **feats("limb_weakness", "both_sides", "cannot_walk")},
        "emergency",
    ),  # noqa: E501
    (
        "tingling both sides on chemo with a temperature",
        ["limb_weakness", "fever"],
        {**ON, **feats("limb_weakness", "both_sides")},
        "emergency",
    ),  # noqa: E501
    # --- A thermometer reading in the normal range is no temperature ---------------------
    (
        "a normal reading on chemo",
        ["fever"],
        {**ON, **feats("fever", "normal_temperature")},
        "soon",
    ),  # noqa: E501
    (
        "a normal reading, then a high one, on chemo",
        ["fever"],
        {**ON, **feats("fever", "normal_temperature", "high_temperature")},
        "emergency",
    ),  # noqa: E501
    (
        "a normal reading but shaking fits of cold, on chemo",
        ["fever"],
        {**ON, **feats("fever", "normal_temperature", "severe")},
        "emergency",
    ),  # noqa: E501
    (
        "a normal reading while sick on chemo",
        ["fever", "vomiting"],
        {**ON, **feats("fever", "normal_temperature")},
        "urgent",
    ),  # noqa: E501
    (
        "a normal reading but feeling unwell on chemo",
        ["fever", "feeling_unwell"],
        {**ON, **feats("fever", "normal_temperature")},
        "emergency",
    ),  # noqa: E501
    # --- Noisy breathing is about the breath, whatever it was said nearest to ------------
    (
        "a swollen face and neck lump with a whistle on breathing in",
        ["face_neck_swelling", "neck_lump"],
        feats("neck_lump", "noisy_breathing"),
        "emergency",
    ),  # noqa: E501
]


@pytest.mark.parametrize(
    "present, facts, urgency", [row[1:] for row in TABLE], ids=[row[0] for row in TABLE]
)
def test_acute_oncology_urgency(knowledge, present, facts, urgency):
    assessment = assess(present, [], knowledge, **facts)
    assert assessment.urgency == urgency
    # One red-flag decision: the form's quick check agrees with the assessment.
    assert has_red_flag(present, [], knowledge, **facts) == (urgency == "emergency")


def test_a_feature_of_another_symptom_does_not_raise_this_one(knowledge):
    # "Sudden" was said about the headache, not the breathlessness.
    facts = {"features": {"headache": ["sudden_onset"]}}
    assert assess(["shortness_of_breath", "headache"], [], knowledge, **facts).urgency == "urgent"


def test_wobbly_legs_said_with_another_symptom_still_count_for_back_pain(knowledge):
    # "my legs feel wobbly" may sit nearest to unsteadiness; difficulty walking is about
    # the person, so the cord-compression rule counts it whichever symptom it went with.
    facts = {"features": {"unsteadiness": ["cannot_walk"]}}
    assert assess(["back_pain", "unsteadiness"], [], knowledge, **facts).is_emergency
    facts = {"features": {"bone_pain": ["radiating"]}}
    assert assess(["back_pain", "bone_pain"], [], knowledge, **facts).is_emergency


def test_back_pain_worse_on_coughing_counts_even_when_the_words_also_name_a_cough(knowledge):
    facts = {"features": {"cough": ["worse_on_coughing"]}, "cancer_history": "yes"}
    assert assess(["back_pain", "cough"], [], knowledge, **facts).urgency == "urgent"


def test_a_feature_said_about_no_symptom_counts_for_every_symptom(knowledge):
    facts = {"features": {"*": ["at_rest"]}}
    assert assess(["shortness_of_breath"], [], knowledge, **facts).is_emergency


def test_a_negated_fever_on_treatment_is_not_an_emergency(knowledge):
    assessment = assess(["fever", "cough"], ["fever"], knowledge, on_treatment="yes")
    assert assessment.urgency == "soon"


def test_hormone_therapy_alone_is_not_the_treatment_that_makes_a_fever_an_emergency(knowledge):
    # The slot holds "yes" only for chemotherapy, targeted therapy, immunotherapy,
    # radiotherapy or steroids (symptom_nlu.features.QUALIFYING_TREATMENTS).
    assert assess(["fever"], [], knowledge, on_treatment="unsure").urgency == "urgent"


@pytest.mark.parametrize(
    "present, facts, decides",
    [
        (["fever"], {}, True),
        (["feeling_unwell"], {}, True),
        (["vomiting"], {}, True),
        (["limb_weakness"], feats("limb_weakness", "both_sides"), True),
        (["back_pain"], feats("back_pain", "severe"), True),  # treatment implies history
        (["back_pain"], {**HISTORY, **feats("back_pain", "severe")}, False),
        # Night pain is urgent for anyone (NHS back pain): treatment changes nothing.
        (["back_pain"], feats("back_pain", "night_pain"), False),
        (["armpit_lump"], {}, False),
        (["seizure"], {}, False),
        (["fever", "seizure"], {}, False),
    ],
)
def test_the_treatment_question_is_asked_only_when_it_decides(knowledge, present, facts, decides):
    assert undecided_by_treatment(present, [], knowledge, **facts) == decides


def test_every_added_symptom_ends_with_see_a_doctor_and_only_its_own_level_word(knowledge):
    for symptom_id in ACUTE_ONCOLOGY_IDS:
        assessment = assess([symptom_id], [], knowledge)
        messages = assessment_messages(assessment)
        assert "see a doctor" in messages[-1].text.lower(), symptom_id
        text = "\n".join(m.text for m in messages if m.text).lower()
        for other in {"soon", "urgent", "emergency"} - {assessment.urgency}:
            assert other not in text, (symptom_id, other)


def test_urgent_and_emergency_closings_give_the_treatment_line_to_people_on_treatment(knowledge):
    from symptom_checker.services import load_services

    line = load_services().treatment_line
    for present in (["fever"], ["jaundice"]):
        on = assessment_messages(
            assess(present, [], knowledge, on_treatment="yes"), on_treatment="yes"
        )
        assert line in on[-1].text and "see a doctor" in on[-1].text.lower()
        off = assessment_messages(assess(present, [], knowledge), on_treatment="no")
        assert line not in off[-1].text
    # The emergency number still comes first.
    emergency = assessment_messages(
        assess(["fever"], [], knowledge, on_treatment="yes"), on_treatment="yes"
    )
    assert "emergency number" in " ".join(emergency[1].text.split()[:30])


def test_a_soon_closing_does_not_send_a_person_on_treatment_to_the_helpline(knowledge):
    from symptom_checker.services import load_services

    messages = assessment_messages(assess(["breast_lump"], [], knowledge), on_treatment="yes")
    assert load_services().treatment_line not in messages[-1].text


def test_features_in_the_rules_are_the_contracts_closed_list(knowledge):
    used = set()
    for rule in knowledge.red_flag_rules():
        used |= rule.features_any | rule.features_none
    assert used <= set(FEATURES)
    assert len(FEATURES) == 24  # central_line: session 31
