"""Behaviour of the symptom understanding layer (symptom_nlu) on the way people write."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest
from contract import CONTRACT_SYMPTOM_IDS
from support import mentions

from symptom_nlu.extract import Extraction, SymptomExtractor, get_extractor
from symptom_nlu.lexicon import expand_phrase, load_lexicon, load_negation

P, N = False, True  # present / negated


def found(extractor: SymptomExtractor, text: str) -> set[tuple[str, bool | str]]:
    """(id, negated?) for present and negated mentions; (id, role) for any other role."""
    return {
        (m.symptom_id, m.negated if m.role in (None, "negated") else str(m.role))
        for m in extractor.extract(text).symptoms
    }


def ids(extractor: SymptomExtractor, text: str) -> set[str]:
    return {m.symptom_id for m in extractor.extract(text).symptoms}


# ---------------------------------------------------------------------------------------
# How people describe each of the 30 symptoms
# ---------------------------------------------------------------------------------------

PHRASINGS: list[tuple[str, set[tuple[str, bool]]]] = [
    # breast_lump
    ("I found a lump in my left breast", {("breast_lump", P)}),
    ("there's a hard bit in my boob that wasn't there before", {("breast_lump", P)}),
    ("felt a small knot near my mastectomy scar", {("breast_lump", P)}),
    ("I think I can feel a thickening in my right breast", {("breast_lump", P)}),
    ("pea sized lump on my chest wall", {("breast_lump", P)}),
    ("I found a lump this morning", {("breast_lump", P)}),
    ("theres a bump on my tit", {("breast_lump", P)}),
    # breast_shape_change
    ("one breast is bigger than the other now", {("breast_shape_change", P)}),
    ("my left boob has changed shape", {("breast_shape_change", P)}),
    ("my breasts look lopsided", {("breast_shape_change", P)}),
    ("my bra doesn't fit the same on one side", {("breast_shape_change", P)}),
    ("the size of my breast has changed", {("breast_shape_change", P)}),
    # nipple_inversion
    ("my nipple has turned inwards", {("nipple_inversion", P)}),
    ("my right nipple is pulled in", {("nipple_inversion", P)}),
    ("my nipple has gone flat and sunk in", {("nipple_inversion", P)}),
    ("I've noticed an inverted nipple", {("nipple_inversion", P)}),
    # nipple_discharge
    ("there's fluid leaking from my nipple", {("nipple_discharge", P)}),
    ("blood coming out of my nipple", {("nipple_discharge", P)}),
    ("some clear discharge from my left nipple", {("nipple_discharge", P)}),
    ("my nipple keeps weeping a milky liquid", {("nipple_discharge", P)}),
    ("I keep finding stains on my bra", {("nipple_discharge", P)}),
    # skin_dimpling
    ("the skin on my breast is puckered", {("skin_dimpling", P)}),
    ("there's a dimple on my boob when I lift my arm", {("skin_dimpling", P)}),
    ("my breast skin looks wrinkly and pulled in", {("skin_dimpling", P)}),
    ("a dent in my breast", {("skin_dimpling", P)}),
    # orange_peel_skin
    ("my breast skin looks like orange peel", {("orange_peel_skin", P)}),
    ("the skin is all pitted like an orange", {("orange_peel_skin", P)}),
    ("peau d'orange on my right breast", {("orange_peel_skin", P)}),
    ("the pores on my boob look bigger", {("orange_peel_skin", P)}),
    # skin_ulcer
    ("I have an open sore on my breast", {("skin_ulcer", P)}),
    ("there's a wound on my scar that won't heal", {("skin_ulcer", P)}),
    ("my nipple is crusty and scaly", {("skin_ulcer", P)}),
    ("an ulcer on my chest wall", {("skin_ulcer", P)}),
    ("the skin over my breast has broken down and is weeping", {("skin_ulcer", P)}),
    # armpit_lump
    ("I've got a lump under my arm", {("armpit_lump", P)}),
    ("swollen lymph node in my armpit", {("armpit_lump", P)}),
    ("there's a bump in my left armpit", {("armpit_lump", P)}),
    ("my glands are swollen", {("armpit_lump", P)}),
    ("a tender swelling in my underarm", {("armpit_lump", P)}),
    ("hard lump in the axilla", {("armpit_lump", P)}),
    # neck_lump
    ("lump above my collarbone", {("neck_lump", P)}),
    ("there's a swelling on the side of my neck", {("neck_lump", P)}),
    ("swollen glands in my neck", {("neck_lump", P)}),
    ("I can feel a small hard lump just below my clavicle", {("neck_lump", P)}),
    # arm_swelling
    ("my arm has swollen up since the surgery", {("arm_swelling", P)}),
    ("my hand is really puffy", {("arm_swelling", P)}),
    ("I think I have lymphoedema", {("arm_swelling", P)}),
    ("my rings are too tight and my fingers are fat", {("arm_swelling", P)}),
    ("my arm feels tight and heavy", {("arm_swelling", P)}),
    # bone_pain
    ("my hips ache all the time", {("bone_pain", P)}),
    ("a deep pain in my thigh bone", {("bone_pain", P)}),
    ("my ribs are sore", {("bone_pain", P)}),
    ("aching bones, especially at night", {("bone_pain", P)}),
    ("my pelvis hurts when I walk", {("bone_pain", P)}),
    ("my shoulder blade is killing me", {("bone_pain", P)}),
    # back_pain
    ("I have terrible back pain", {("back_pain", P)}),
    ("my lower back is really sore", {("back_pain", P)}),
    ("pain in my spine that wakes me up", {("back_pain", P)}),
    ("my back has been aching for weeks", {("back_pain", P)}),
    ("backache that won't shift", {("back_pain", P)}),
    # fracture
    ("I broke my wrist just opening a jar", {("fracture", P)}),
    ("they said I have a fractured rib but I didn't fall", {("fracture", P)}),
    ("my hip bone cracked", {("fracture", P)}),
    ("I've got a stress fracture", {("fracture", P)}),
    # headache
    ("I've had really bad headaches", {("headache", P)}),
    ("my head is pounding every morning", {("headache", P)}),
    ("a thumping headache that won't go", {("headache", P)}),
    ("I keep getting migraines", {("headache", P)}),
    ("my head hurts all the time", {("headache", P)}),
    # seizure
    ("I had a seizure last night", {("seizure", P)}),
    ("my mum had a fit this morning", {("seizure", P)}),
    ("she's been having convulsions", {("seizure", P)}),
    ("he started fitting on the floor", {("seizure", P)}),
    # unsteadiness
    ("I feel unsteady on my feet", {("unsteadiness", P)}),
    ("I keep losing my balance", {("unsteadiness", P)}),
    ("I'm wobbly when I walk", {("unsteadiness", P)}),
    ("I feel dizzy all the time", {("unsteadiness", P)}),
    ("I can't walk in a straight line", {("unsteadiness", P)}),
    ("she keeps falling over", {("unsteadiness", P)}),
    # confusion
    ("I've been really confused lately", {("confusion", P)}),
    ("my mum seems disorientated", {("confusion", P)}),
    ("I keep forgetting things", {("confusion", P)}),
    ("my head feels muddled", {("confusion", P)}),
    ("he's been having memory lapses", {("confusion", P)}),
    # vision_change
    ("my vision has gone blurry", {("vision_change", P)}),
    ("I'm seeing double", {("vision_change", P)}),
    ("I have double vision", {("vision_change", P)}),
    ("everything looks fuzzy", {("vision_change", P)}),
    ("my eyesight is getting worse", {("vision_change", P)}),
    # limb_weakness
    ("my legs feel weak", {("limb_weakness", P)}),
    ("numbness in my left arm", {("limb_weakness", P)}),
    ("pins and needles in my feet", {("limb_weakness", P)}),
    ("my legs just gave way", {("limb_weakness", P)}),
    ("I can't lift my right arm properly", {("limb_weakness", P)}),
    ("tingling in my fingers", {("limb_weakness", P)}),
    # bladder_bowel_control_loss
    ("I've wet myself a few times", {("bladder_bowel_control_loss", P)}),
    ("I lost control of my bladder", {("bladder_bowel_control_loss", P)}),
    ("I can't hold my wee", {("bladder_bowel_control_loss", P)}),
    ("I've become incontinent", {("bladder_bowel_control_loss", P)}),
    ("I had an accident and soiled myself", {("bladder_bowel_control_loss", P)}),
    # shortness_of_breath
    ("I get breathless walking up the stairs", {("shortness_of_breath", P)}),
    ("I'm short of breath", {("shortness_of_breath", P)}),
    ("I can't catch my breath", {("shortness_of_breath", P)}),
    ("I'm struggling to breathe", {("shortness_of_breath", P)}),
    ("I get winded really easily", {("shortness_of_breath", P)}),
    ("out of breath doing nothing", {("shortness_of_breath", P)}),
    # cough
    ("I've had a cough for six weeks", {("cough", P)}),
    ("a dry tickly cough", {("cough", P)}),
    ("I've been coughing a lot at night", {("cough", P)}),
    ("I can't stop coughing", {("cough", P)}),
    # coughing_blood
    ("I'm coughing up blood", {("coughing_blood", P)}),
    ("there's blood in my phlegm", {("coughing_blood", P)}),
    ("I've been spitting blood", {("coughing_blood", P)}),
    ("when I cough there are streaks of blood", {("coughing_blood", P)}),
    # chest_pain
    ("I have chest pain", {("chest_pain", P)}),
    ("my chest feels tight", {("chest_pain", P)}),
    ("a sharp pain in my chest when I breathe in", {("chest_pain", P)}),
    ("it hurts to breathe", {("chest_pain", P)}),
    # jaundice
    ("my skin has gone yellow", {("jaundice", P)}),
    ("the whites of my eyes look yellow", {("jaundice", P)}),
    ("I think I'm jaundiced", {("jaundice", P)}),
    ("my husband says I look yellowish", {("jaundice", P)}),
    # abdominal_swelling
    ("my stomach is really swollen", {("abdominal_swelling", P)}),
    ("I feel bloated all the time", {("abdominal_swelling", P)}),
    ("my tummy is tight and distended", {("abdominal_swelling", P)}),
    ("my belly keeps getting bigger", {("abdominal_swelling", P)}),
    ("my trousers won't do up anymore", {("abdominal_swelling", P)}),
    # right_upper_abdominal_pain
    ("pain under my right ribs", {("right_upper_abdominal_pain", P)}),
    ("an ache in the upper right side of my tummy", {("right_upper_abdominal_pain", P)}),
    ("my liver hurts", {("right_upper_abdominal_pain", P)}),
    ("it's sore on my right side under the ribs", {("right_upper_abdominal_pain", P)}),
    # loss_of_appetite
    ("I've lost my appetite", {("loss_of_appetite", P)}),
    ("I'm off my food", {("loss_of_appetite", P)}),
    ("I'm just not hungry anymore", {("loss_of_appetite", P)}),
    ("I can't eat much", {("loss_of_appetite", P)}),
    ("my appetite has gone", {("loss_of_appetite", P)}),
    # weight_loss
    ("I've lost weight without trying", {("weight_loss", P)}),
    ("I've dropped a stone in a month", {("weight_loss", P)}),
    ("my clothes are loose on me", {("weight_loss", P)}),
    ("I keep losing weight", {("weight_loss", P)}),
    ("I've lost about 5 kg", {("weight_loss", P)}),
    # fatigue
    ("I'm exhausted all the time", {("fatigue", P)}),
    ("I feel so tired", {("fatigue", P)}),
    ("I'm absolutely knackered", {("fatigue", P)}),
    ("I have no energy", {("fatigue", P)}),
    ("totally worn out", {("fatigue", P)}),
    ("I feel weak", {("fatigue", P)}),
]


@pytest.mark.parametrize("text, expected", PHRASINGS)
def test_phrasing_is_understood(
    extractor: SymptomExtractor, text: str, expected: set[tuple[str, bool]]
) -> None:
    assert found(extractor, text) == expected


def test_phrasing_table_covers_every_contract_symptom() -> None:
    covered = {symptom for _, expected in PHRASINGS for symptom, _ in expected}
    assert covered == set(CONTRACT_SYMPTOM_IDS)
    assert len(PHRASINGS) >= 120


# ---------------------------------------------------------------------------------------
# Several symptoms, coordination, pairing within a clause
# ---------------------------------------------------------------------------------------

SEVERAL: list[tuple[str, set[tuple[str, bool]]]] = [
    ("lumps in my breast and armpit", {("breast_lump", P), ("armpit_lump", P)}),
    ("lumps in my breast and under my arm", {("breast_lump", P), ("armpit_lump", P)}),
    ("a lump in my armpit and my breast hurts", {("armpit_lump", P)}),
    ("I found a lump, my arm is swollen", {("breast_lump", P), ("arm_swelling", P)}),
    (
        "I've got a cough, I'm breathless and my chest hurts",
        {("cough", P), ("shortness_of_breath", P), ("chest_pain", P)},
    ),
    ("pain in my back and hips", {("back_pain", P), ("bone_pain", P)}),
    (
        "headaches, blurred vision and I feel confused",
        {("headache", P), ("vision_change", P), ("confusion", P)},
    ),
    (
        "I'm tired, off my food and losing weight",
        {("fatigue", P), ("loss_of_appetite", P), ("weight_loss", P)},
    ),
    ("my eyes are yellow and my tummy is swollen", {("jaundice", P), ("abdominal_swelling", P)}),
    ("my arm is swollen and numb", {("arm_swelling", P), ("limb_weakness", P)}),
    (
        "my legs are weak and I wet myself",
        {("limb_weakness", P), ("bladder_bowel_control_loss", P)},
    ),
    ("lump in my breast but not in my armpit", {("breast_lump", P), ("armpit_lump", N)}),
    ("no lumps in my breast or armpit", {("breast_lump", N), ("armpit_lump", N)}),
]


@pytest.mark.parametrize("text, expected", SEVERAL)
def test_several_symptoms_in_one_message(
    extractor: SymptomExtractor, text: str, expected: set[tuple[str, bool]]
) -> None:
    assert found(extractor, text) == expected


def test_coughing_blood_wins_over_cough(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "I've been coughing up blood") == {"coughing_blood"}
    assert ids(extractor, "blood when I cough") == {"coughing_blood"}


def test_under_my_right_ribs_is_liver_pain_not_bone_pain(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "pain under my right ribs") == {"right_upper_abdominal_pain"}


def test_swollen_glands_alone_are_armpit_lumps(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "swollen glands") == {"armpit_lump"}


def test_lymphoedema_is_arm_swelling(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "lymphoedema") == {"arm_swelling"}
    assert ids(extractor, "I was told I have lymphedema") == {"arm_swelling"}


def test_feeling_weak_is_fatigue_but_weakness_is_limb_weakness(
    extractor: SymptomExtractor,
) -> None:
    assert ids(extractor, "I feel weak") == {"fatigue"}
    assert ids(extractor, "I've noticed some weakness") == {"limb_weakness"}
    assert ids(extractor, "I feel weak in my legs") == {"limb_weakness"}


def test_being_fit_is_not_a_seizure(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "I'm fit and healthy") == set()
    assert ids(extractor, "I try to keep fit") == set()
    assert ids(extractor, "my bra fits fine") == set()
    assert ids(extractor, "I had a coughing fit") == {"cough"}


def test_fits_and_fitting_are_seizures(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "she has fits") == {"seizure"}
    assert ids(extractor, "he was fitting") == {"seizure"}
    assert ids(extractor, "I had a fit") == {"seizure"}


@pytest.mark.parametrize(
    "text",
    [
        "I went back to the doctor last week",
        "the pain came back",
        "I had breast cancer in 2019",
        "my blood tests were fine",
        "I'm trying to lose weight",
        "I'm a bit confused about my treatment plan",
        "that's right",
        "I left my phone at home",
        "she's a pain in the neck",
        "I've been discharged from hospital",
        "they removed my lymph nodes",
        "I lost my husband last year",
        "what a lovely day",
    ],
)
def test_everyday_words_are_not_symptoms(extractor: SymptomExtractor, text: str) -> None:
    assert ids(extractor, text) == set()


# ---------------------------------------------------------------------------------------
# Misspellings
# ---------------------------------------------------------------------------------------

MISSPELLINGS = [
    ("lump in my armpitt", "armpit_lump"),
    ("there's a lump in my brest", "breast_lump"),
    ("I had a siezure", "seizure"),
    ("terrible headahce", "headache"),
    ("I think I have jaundise", "jaundice"),
    ("I'm breathles all the time", "shortness_of_breath"),
    ("my arm is swolen", "arm_swelling"),
    ("I'm so exausted", "fatigue"),
    ("numbess in my hand", "limb_weakness"),
    ("my apetite is gone", "loss_of_appetite"),
    ("I keep getting migranes", "headache"),
    ("blury vision", "vision_change"),
    ("my nippel is pulled in", "nipple_inversion"),
    ("my bak hurts", "back_pain"),  # short words: from the lexicon's misspellings list
    ("chest pian", "chest_pain"),
    ("hed ache all day", "headache"),
    ("coughin up blud", "coughing_blood"),
    ("i cant breath", "shortness_of_breath"),
    ("tierd all the time", "fatigue"),
]


@pytest.mark.parametrize("text, symptom", MISSPELLINGS)
def test_misspelt_symptom_is_still_found(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    assert ids(extractor, text) == {symptom}


def test_common_words_are_not_corrected_into_symptoms(extractor: SymptomExtractor) -> None:
    # "either" is one edit from "neither", "chess" from "chest", "yummy" from "tummy"
    assert found(extractor, "either way I have a cough") == {("cough", P)}
    assert ids(extractor, "I played chess and ate something yummy") == set()


# ---------------------------------------------------------------------------------------
# Negation: cues as data, NegEx-style scope
# ---------------------------------------------------------------------------------------

PRE_CUES = [
    ("no headaches", "headache"),
    ("I'm not coughing", "cough"),
    ("I've never had a fit", "seizure"),
    ("without any weakness", "limb_weakness"),
    ("I don't have a cough", "cough"),
    ("she doesn't have any headaches", "headache"),
    ("I didn't have any chest pain", "chest_pain"),
    ("I haven't had any seizures", "seizure"),
    ("he hasn't had a cough", "cough"),
    ("no sign of jaundice", "jaundice"),
    ("nothing like a lump", "breast_lump"),
    ("I'm free of headaches", "headache"),
    ("there isn't any swelling in my arm", "arm_swelling"),
    ("none of my bones hurt", "bone_pain"),
    ("she denies any confusion", "confusion"),
    ("neither breathless nor coughing", "shortness_of_breath"),
    ("no more headaches", "headache"),
    ("I no longer have headaches", "headache"),
    ("I do not have blurred vision", "vision_change"),
    ("I dont have a cough", "cough"),
    ("I don’t have a cough", "cough"),
    ("I don't think I have a cough", "cough"),
    ("actually I don't have the cough", "cough"),
    ("my back doesn't hurt", "back_pain"),
    ("my armpit has no lumps", "armpit_lump"),
    ("No, I don't have a cough", "cough"),  # "No," answers; "don't" still negates
]


@pytest.mark.parametrize("text, symptom", PRE_CUES)
def test_pre_negation_cue_negates_what_follows(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    assert (symptom, N) in found(extractor, text)
    assert (symptom, P) not in found(extractor, text)


def test_negated_fit_comes_back_negated(extractor: SymptomExtractor) -> None:
    assert found(extractor, "I've never had a fit") == {("seizure", N)}


def test_nor_negates_the_second_symptom(extractor: SymptomExtractor) -> None:
    assert found(extractor, "neither breathless nor coughing") == {
        ("shortness_of_breath", N),
        ("cough", N),
    }


POST_CUES = [
    ("headaches - no", "headache"),
    ("any seizures? no", "seizure"),
    ("fits: none", "seizure"),
    ("headaches not anymore", "headache"),
    ("fits no", "seizure"),
    ("fits no.", "seizure"),  # a final cue before a full stop still ends its clause
]

# Backward cues that say a symptom is over: it is in the past, not denied (CONTRACT.md).
RESOLUTION_CUES = [
    ("the headache has gone", "headache"),
    ("my cough went away", "cough"),
    ("the cough has cleared up", "cough"),
    ("the swelling in my arm has gone now", "arm_swelling"),
    ("back pain, gone", "back_pain"),
]


@pytest.mark.parametrize("text, symptom", POST_CUES)
def test_post_negation_cue_negates_what_came_before(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    assert found(extractor, text) == {(symptom, N)}


@pytest.mark.parametrize("text, symptom", RESOLUTION_CUES)
def test_a_symptom_that_has_cleared_up_is_past(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    assert mentions(extractor, text) == {(symptom, "past")}


@pytest.mark.parametrize(
    "text", ["fits: no. the cough has gone away", "the cough has gone away. fits: no"]
)
def test_a_denial_next_to_something_that_has_cleared_up_stays_a_denial(
    extractor: SymptomExtractor, text: str
) -> None:
    assert found(extractor, text) == {("seizure", N), ("cough", "past")}


def test_yes_and_no_answers_each_keep_their_symptom(extractor: SymptomExtractor) -> None:
    assert found(extractor, "headaches yes, fits no") == {("headache", P), ("seizure", N)}


def test_gone_yellow_is_not_a_negation(extractor: SymptomExtractor) -> None:
    assert found(extractor, "my skin has gone yellow") == {("jaundice", P)}
    assert found(extractor, "my nipple has gone inward") == {("nipple_inversion", P)}


PSEUDO_NEGATIONS = [
    ("not only a cough", "cough"),
    ("not just a headache", "headache"),
    ("no change in the lump", "breast_lump"),
    ("I'm not sure if it's a lump", "breast_lump"),
    ("not certain but my back hurts", "back_pain"),
    ("no idea why but I'm breathless", "shortness_of_breath"),
    ("this cough won't go away", "cough"),
    ("the headache doesn't go away", "headache"),
    ("I can't stop coughing", "cough"),
    ("my cough is not getting better", "cough"),
    ("the pain in my hip is not improving", "bone_pain"),
    ("I've lost weight without trying", "weight_loss"),
    ("I broke my wrist without injury", "fracture"),
    ("I broke a rib with no injury", "fracture"),
    ("my hip fractured for no reason", "fracture"),
    ("I don't know if it's a lump", "breast_lump"),
    ("I haven't seen a doctor about the lump in my armpit", "armpit_lump"),
]


@pytest.mark.parametrize("text, symptom", PSEUDO_NEGATIONS)
def test_pseudo_negation_does_not_negate(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    assert (symptom, P) in found(extractor, text)
    assert (symptom, N) not in found(extractor, text)


def test_no_change_in_my_breast_negates_the_change(extractor: SymptomExtractor) -> None:
    assert found(extractor, "no change in my breasts") == {("breast_shape_change", N)}


def test_never_felt_so_tired_is_present(extractor: SymptomExtractor) -> None:
    assert found(extractor, "I've never felt so tired") == {("fatigue", P)}
    assert found(extractor, "I've never had a headache like this") == {("headache", P)}


TERMINATORS = [
    ("no headache but my back hurts", ("headache", N), ("back_pain", P)),
    ("no cough, though I'm breathless", ("cough", N), ("shortness_of_breath", P)),
    ("no lump although my nipple is bleeding", ("breast_lump", N), ("nipple_discharge", P)),
    ("no headaches, however my vision is blurry", ("headache", N), ("vision_change", P)),
    ("no symptoms except a cough", ("cough", P), ("cough", P)),
    ("no pain apart from my back aching", ("back_pain", P), ("back_pain", P)),
    ("nothing aside from being tired", ("fatigue", P), ("fatigue", P)),
    ("no fits, yet I feel confused", ("seizure", N), ("confusion", P)),
    ("no headache, still coughing", ("headache", N), ("cough", P)),
    ("headaches no, cough yes", ("headache", N), ("cough", P)),
    ("no headache. I am breathless", ("headache", N), ("shortness_of_breath", P)),
    ("no headache; breathless", ("headache", N), ("shortness_of_breath", P)),
    ("no headache and I have a lump", ("headache", N), ("breast_lump", P)),
    ("no jaundice, my belly is swollen", ("jaundice", N), ("abdominal_swelling", P)),
    ("no cough and my chest hurts", ("cough", N), ("chest_pain", P)),
    ("no headache, it's my back that hurts", ("headache", N), ("back_pain", P)),
]


@pytest.mark.parametrize("text, negated, present", TERMINATORS)
def test_scope_terminator_ends_negation(
    extractor: SymptomExtractor,
    text: str,
    negated: tuple[str, bool],
    present: tuple[str, bool],
) -> None:
    result = found(extractor, text)
    assert negated in result
    assert present in result


def test_coordination_keeps_negation_scope(extractor: SymptomExtractor) -> None:
    assert found(extractor, "no cough or fever") == {("cough", N), ("fever", N)}
    assert found(extractor, "no jaundice, swelling or pain in my belly") == {
        ("jaundice", N),
        ("abdominal_swelling", N),
    }
    assert found(extractor, "I haven't had headaches, fits or blurred vision") == {
        ("headache", N),
        ("seizure", N),
        ("vision_change", N),
    }


CUE_INSIDE_SYMPTOM = [
    ("no appetite", "loss_of_appetite"),
    ("I have no appetite at all", "loss_of_appetite"),
    ("I can't breathe", "shortness_of_breath"),
    ("I can't control my bladder", "bladder_bowel_control_loss"),
    ("I'm not hungry", "loss_of_appetite"),
    ("I can't move my left leg", "limb_weakness"),
    ("I have no energy", "fatigue"),
    ("I can't catch my breath", "shortness_of_breath"),
    ("my appetite is not great", "loss_of_appetite"),
    ("my bra doesn't fit any more", "breast_shape_change"),
    ("the sore on my nipple won't heal", "skin_ulcer"),
]


@pytest.mark.parametrize("text, symptom", CUE_INSIDE_SYMPTOM)
def test_no_appetite_is_a_present_symptom(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    """A negation word inside the symptom's own wording never negates it."""
    assert found(extractor, text) == {(symptom, P)}


def test_it_has_gone_puts_the_symptom_named_just_before_in_the_past(
    extractor: SymptomExtractor,
) -> None:
    assert mentions(extractor, "I had a cough but it's gone now") == {("cough", "past")}
    assert mentions(extractor, "I had a headache last week, it went away") == {
        ("headache", "past")
    }
    assert found(extractor, "the lump in my armpit has gone down a bit") == {("armpit_lump", P)}


def test_nothing_wrong_with_negates_the_symptom_it_names(extractor: SymptomExtractor) -> None:
    assert found(extractor, "nothing wrong with my breathing") == {("shortness_of_breath", N)}
    assert found(extractor, "no problems with my appetite") == {("loss_of_appetite", N)}


def test_one_refers_back_to_a_lump(extractor: SymptomExtractor) -> None:
    text = "I don't have a lump in my breast but I have one in my armpit"
    assert found(extractor, text) == {("breast_lump", N), ("armpit_lump", P)}


def test_it_in_the_next_sentence_places_the_lump(extractor: SymptomExtractor) -> None:
    assert ids(extractor, "I have a lump. It's in my armpit.") == {"armpit_lump"}
    assert ids(extractor, "there's a lump, it's just above my collarbone") == {"neck_lump"}


def test_not_sure_if_its_a_lump_is_present(extractor: SymptomExtractor) -> None:
    assert found(extractor, "Not sure if it's a lump") == {("breast_lump", P)}


def test_answer_no_then_report_is_present(extractor: SymptomExtractor) -> None:
    assert found(extractor, "No, I have a lump in my breast") == {("breast_lump", P)}


def test_every_cue_in_the_data_file_is_exercised_by_a_test() -> None:
    """The cue lists are data: check their vital entries exist, so tests stay honest."""
    cues = load_negation()
    for cue in ("no", "not", "never", "without", "neither", "nor", "no longer"):
        assert cue in cues.pre
    for cue in ("no", "none", "gone"):
        assert cue in cues.post_final
    for cue in ("not sure", "not only", "not just", "no idea", "no change in"):
        assert cue in cues.pseudo
    for word in ("but", "however", "although", "though", "except", "apart from"):
        assert word in cues.clause_breaks
    for word in ("yes", "still", "yet"):
        assert word in cues.terminators


# ---------------------------------------------------------------------------------------
# Durations and sides
# ---------------------------------------------------------------------------------------

DURATIONS = [
    ("I've had it for three weeks", "for three weeks"),
    ("since March", "since March"),
    ("headache since Apr. and no fever", "since Apr."),  # spaCy keeps "Apr." whole
    ("it started since christmas", "since christmas"),
    ("a couple of days", "a couple of days"),
    ("2 months", "2 months"),
    ("about a year", "about a year"),
    ("it started yesterday", "yesterday"),
    ("since last week", "since last week"),
    ("last week", "last week"),
    ("I've had it for ages", "for ages"),
    ("for the past 6 weeks", "for the past 6 weeks"),
    ("3wks", "3wks"),
    ("2-3 weeks", "2-3 weeks"),
]


@pytest.mark.parametrize("text, duration", DURATIONS)
def test_duration_is_found(extractor: SymptomExtractor, text: str, duration: str) -> None:
    assert duration in [d[2] for d in extractor.extract(text).durations]


def test_duration_offsets_point_into_the_text(extractor: SymptomExtractor) -> None:
    text = "I've had a cough for three weeks now"
    (start, end, value), *_ = extractor.extract(text).durations
    assert text[start:end] == value


@pytest.mark.parametrize(
    "text, side",
    [
        ("a lump in my left armpit", "left"),
        ("pain on my right side", "right"),
        ("my right nipple is pulled in", "right"),
        ("swelling in the left arm", "left"),
        ("the lump is on the left", "left"),
    ],
)
def test_side_next_to_a_symptom_is_found(
    extractor: SymptomExtractor, text: str, side: str
) -> None:
    assert [s[2] for s in extractor.extract(text).sides] == [side]


@pytest.mark.parametrize("text", ["I left my phone at home, I have a cough", "right, a cough"])
def test_left_and_right_away_from_a_body_part_are_not_sides(
    extractor: SymptomExtractor, text: str
) -> None:
    assert extractor.extract(text).sides == ()


# ---------------------------------------------------------------------------------------
# Output shape and robustness
# ---------------------------------------------------------------------------------------


def test_mention_offsets_and_text_match_the_input(extractor: SymptomExtractor) -> None:
    text = "Honestly, there's a LUMP under my left arm and no headaches"
    result = extractor.extract(text)
    assert isinstance(result, Extraction)
    for mention in result.symptoms:
        assert text[mention.start : mention.end] == mention.text
    assert {(m.symptom_id, m.negated) for m in result.symptoms} == {
        ("armpit_lump", P),
        ("headache", N),
    }


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "🙂🙂🙂", "😢💔", "?!?!", "..."])
def test_empty_or_symbol_only_input_gives_nothing(extractor: SymptomExtractor, text: str) -> None:
    assert extractor.extract(text) == Extraction((), (), ())


@pytest.mark.parametrize(
    "text",
    [
        "J'ai une boule dans le sein",
        "Tengo un bulto en la axila",
        "Ich habe Kopfschmerzen",
        "乳房にしこりがあります",
        "у меня болит спина",
        "ثدي",
    ],
)
def test_non_english_text_does_not_crash(extractor: SymptomExtractor, text: str) -> None:
    assert isinstance(extractor.extract(text), Extraction)


def test_very_long_input_finishes_quickly(extractor: SymptomExtractor) -> None:
    chunk = "I have a lump in my brest and no headahce, my bakc is killing me. "
    text = (chunk * (20_000 // len(chunk) + 1))[:20_000]
    extractor.extract("warm up")
    started = time.perf_counter()
    result = extractor.extract(text)
    assert time.perf_counter() - started < 2.0
    assert {"breast_lump", "headache"} <= {m.symptom_id for m in result.symptoms}


def test_long_run_on_text_dense_with_symptom_words_finishes_quickly(
    extractor: SymptomExtractor,
) -> None:
    # no punctuation: one huge clause full of findings and places (worst case for pairing)
    chunk = "no lump and pain in breast or armpit and swollen arm bigger back weak legs "
    text = (chunk * (20_000 // len(chunk) + 1))[:20_000]
    started = time.perf_counter()
    extractor.extract(text)
    assert time.perf_counter() - started < 2.0


def test_random_long_gibberish_finishes_quickly(extractor: SymptomExtractor) -> None:
    import random

    rng = random.Random(7)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 12)))
        for _ in range(3000)
    ]
    text = " ".join(words)[:20_000]
    started = time.perf_counter()
    extractor.extract(text)
    assert time.perf_counter() - started < 2.0


def test_extractor_is_built_once_per_process() -> None:
    assert get_extractor() is get_extractor()


def test_importing_the_package_does_no_work() -> None:
    code = (
        "import sys, symptom_nlu, symptom_nlu.extract as e;"
        "assert e._EXTRACTOR is None; assert 'spacy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------
# The lexicon data file
# ---------------------------------------------------------------------------------------


def test_lexicon_gives_wording_for_every_contract_symptom() -> None:
    # That it finds exactly the knowledge base's symptoms: test_knowledge_base.py.
    lexicon = load_lexicon()
    assert lexicon.symptom_ids >= set(CONTRACT_SYMPTOM_IDS)


def test_yaml_reads_no_as_a_word_and_rejects_repeated_keys(tmp_path) -> None:
    import yaml

    from symptom_nlu.lexicon import LexiconError, load_word_lists
    from symptom_nlu.plain_yaml import load_plain_yaml

    assert load_plain_yaml("- no\n- on\n- yes\n- true") == ["no", "on", "yes", True]
    with pytest.raises(yaml.YAMLError, match="written twice"):
        load_plain_yaml("symptoms: 1\nsymptoms: 2\n")
    (tmp_path / "context.yml").write_text("words: [a]\nwords: [b]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="written twice"):
        load_word_lists("context.yml", str(tmp_path))


def test_phrase_alternatives_expand() -> None:
    assert expand_phrase("(can't|cannot) (hold|control) my (wee|)") == [
        "can't hold my wee",
        "can't hold my",
        "can't control my wee",
        "can't control my",
        "cannot hold my wee",
        "cannot hold my",
        "cannot control my wee",
        "cannot control my",
    ]
    assert set(expand_phrase("light-headed")) == {"light-headed", "light headed", "lightheaded"}


# One sentence for each kind of negation cue, for the words read with the lower-case and
# the normalised spelling, and for contractions written in capitals. The shared extractor is
# built once per process, so only a pipeline built afresh in a test shows a broken set-up of
# the pipeline or its components (docs/mutation.md).
FRESH_PIPELINE_READS = [
    ("lump under my arm", {("armpit_lump", P)}),
    ("no cough or fever", {("cough", N), ("fever", N)}),  # a pre cue, over a list
    ("no jaundice, swelling or pain in my belly", {("jaundice", N), ("abdominal_swelling", N)}),
    (  # a list longer than a cue's reach keeps its negation
        "never any headaches, fits, confusion or blurred vision",
        {("headache", N), ("seizure", N), ("confusion", N), ("vision_change", N)},
    ),
    ("I dont have a cough", {("cough", N)}),  # "dont": the normalised spelling
    ("my back doesn't hurt", {("back_pain", N)}),
    ("headaches not anymore", {("headache", N)}),  # a post cue
    ("fits no", {("seizure", N)}),  # a post cue only at a clause's end
    ("any fits? no I have headaches", {("seizure", N), ("headache", P)}),  # "no I": an answer
    ("I'm not sure if it's a lump", {("breast_lump", P)}),  # a pseudo cue
    ("I've never had a headache like this", {("headache", P)}),  # a scope canceller
    ("the swelling in my arm has gone now", {("arm_swelling", "past")}),  # over, and a follower
    ("my cough has been going on for weeks", {("cough", P)}),  # a pseudo cue on LOWER only
    # the context rules read on NORM: a misspelt long-term condition, a word the normaliser
    # gives another form ("known" -> "know"), each still the person's history
    ("I have epilepsey", {("seizure", "past")}),
    ("my known migraines are back", {("headache", "past")}),
    # written in capitals, a contraction splits as in lower case ("DONT" like "dont"): the
    # denial and the emergency are read, not lost with the "not"
    ("I DONT HAVE A FEVER", {("fever", N)}),
    ("I CANNOT BREATHE", {("shortness_of_breath", P)}),
]


def test_a_second_pipeline_can_be_built_from_the_same_resources(tmp_path) -> None:
    # components are real spaCy factories: a fresh pipeline built from a copy of the
    # resources folder gives the same answers, and every one of our components reads that
    # folder, not the default one (spaCy records what each factory was given in the config)
    from symptom_nlu.lexicon import RESOURCES_DIR

    copy = tmp_path / "en"
    shutil.copytree(RESOURCES_DIR / "en", copy)
    other = SymptomExtractor(resources=str(copy))
    assert {text: found(other, text) for text, _ in FRESH_PIPELINE_READS} == dict(
        FRESH_PIPELINE_READS
    )
    ours = [name for name in other.nlp.pipe_names if name.startswith("symptom_nlu_")]
    assert len(ours) == 8
    assert {name: other.nlp.config["components"][name]["resources"] for name in ours} == {
        name: str(copy) for name in ours
    }


@pytest.mark.parametrize(
    "text",
    ["I have a cough, no blood", "I've been coughing for 3 weeks, no blood"],
)
def test_a_cough_without_blood_is_still_a_cough(extractor: SymptomExtractor, text: str) -> None:
    # The list's comma separates the cough from the blood said not to be there: the cough is
    # the person's symptom, and blood coughed up is denied.
    assert found(extractor, text) == {("cough", False), ("coughing_blood", True)}


def test_blood_coughed_up_is_one_symptom_not_a_cough_as_well(extractor: SymptomExtractor):
    assert found(extractor, "coughing up blood since this morning") == {("coughing_blood", False)}


@pytest.mark.parametrize(
    "phrase", ["eyes went (up|up into (my|her) head)", "((eyes|eye) went up)"]
)
def test_a_lexicon_phrase_with_a_group_inside_a_group_is_refused(phrase):
    # a nested group expanded to phrases that could never match, silently (session 13)
    from symptom_nlu.lexicon import LexiconError, expand_phrase

    with pytest.raises(LexiconError, match="group"):
        expand_phrase(phrase)
