"""The lexicon reads families of lay phrasings, and words that only look like symptoms stay out.

Each family is a way people say something (inability phrases, what a witness saw, a body part
and a finding in either order, texting forms), not a list of one issue's sentences. Each
false-positive family is a kind of message that uses symptom-like words about something else
and must give no present symptom at all.
"""

from __future__ import annotations

import re

import pytest
import yaml

from symptom_nlu.extract import get_extractor
from symptom_nlu.lexicon import _MAX_VARIANTS, resource_path


def present_ids(text: str) -> set[str]:
    return {m.symptom_id for m in get_extractor().extract(text).symptoms if not m.negated}


def assert_reads(text: str, expected: str, never: tuple[str, ...] = ()) -> None:
    found = present_ids(text)
    assert expected in found, f"{text!r} gave {sorted(found)}, expected {expected}"
    assert not found & set(never), f"{text!r} also gave {sorted(found & set(never))}"


def assert_no_symptom(text: str) -> None:
    found = present_ids(text)
    assert not found, f"{text!r} is not a symptom but gave {sorted(found)}"


# ---- families of phrasings that ARE the symptom -------------------------------------------

BREATHING = [
    "I'm having a hard time breathing",
    "can't get a deep breath in",
    "i cant get a proper breath",
    "struggling for breath on the stairs",
    "I get puffed out just walking to the shop",
    "I can hardly breathe this evening",
    "can barely breath today",
    "gasping for air when I climb the stairs",
    "it feels like I can't get enough air",
    "breathing is hard work at the moment",
    "really short of breathe",
    "im outta breath doing nothing",
]

VISION = [
    "everything looks foggy since yesterday",
    "the letters are fuzzy when I read",
    "things have gone out of focus",
    "I'm seeing double",
    "my eyes keep going blurry",
    "I can hardly see the screen",
    "my vision has gone foggy",
    "words on the page look blurry",
    "i see 2 of everything",
    "my sight's gone misty",
    "cant focus my eyes properly",
]

BLADDER = [
    "I can't hold my wee anymore",
    "I wet myself yesterday without realising",
    "I've been leaking urine",
    "I can't control my bladder any more",
    "I don't make it to the toilet in time",
    "my bladder keeps leaking",
    "I've had a few accidents with my bowels",
    "i cant hold my pee",
    "lost control of my bowels this morning",
]

APPETITE = [
    "I've gone off my food",
    "I'm just not hungry",
    "don't feel like eating anything",
    "I can't face food at the moment",
    "my appetite's gone",
    "I've lost my appetite",
    "not been hungry for weeks",
    "have no appetite at all",
    "i havent got any appetite",
]

CONFUSION = [
    "I feel so muddled",
    "I've been bewildered all week",
    "I keep forgetting things",
    "my head is all muddled",
    "she seems bewildered and doesn't know what day it is",
    "forgetting the names of people I know well",
    "I get confused about where I am",
    "everything is jumbled up in my head",
    "i keep losing my train of thought",
]

BREAST = [
    ("my breast has gone lumpy", "breast_lump"),
    ("my left boob feels lumpy", "breast_lump"),
    ("there are lumpy bits in my breast", "breast_lump"),
    ("my breast has changed shape", "breast_shape_change"),
    ("my boob has changed shape", "breast_shape_change"),
    ("the shape of my breast is different", "breast_shape_change"),
    ("my breast looks a different shape now", "breast_shape_change"),
    ("one breast is noticeably bigger than the other", "breast_shape_change"),
]

WITNESS_SEIZURE = [
    "my partner found me on the floor twitching and I can't remember it",
    "I went rigid and jerky",
    "I was shaking all over and didn't answer",
    "I lost consciousness and jerked",
    "my husband says I was shaking on the floor and didn't know him",
    "she found me jerking on the floor",
    "went stiff and my arms were jerking",
    "I blacked out and my body was twitching",
    "my daughter saw me go rigid and shake",
    "he found me on the floor fitting",
    "he fell to the floor and started shaking and his eyes rolled back",
    "the neighbour found him on the kitchen floor jerking and foaming",
]

# A body part and a finding, in either order.
BODY_PART_PAIRS = [
    ("my ribs are aching", "bone_pain"),
    ("aching ribs", "bone_pain"),
    ("my legs feel weak", "limb_weakness"),
    ("weak legs", "limb_weakness"),
    ("pain in my hip", "bone_pain"),
    ("hip pain", "bone_pain"),
    ("my eyes have gone yellow", "jaundice"),
    ("yellow eyes", "jaundice"),
    ("my belly is swollen", "abdominal_swelling"),
    ("swollen belly", "abdominal_swelling"),
    ("a lump in my armpit", "armpit_lump"),
    ("armpit lump", "armpit_lump"),
    ("my face is swollen", "face_neck_swelling"),
    ("swollen face", "face_neck_swelling"),
    ("my calf is swollen", "leg_swelling"),
    ("a swollen calf", "leg_swelling"),
]

# "can't / can hardly / struggling to" + breathe / see / walk / hold are symptoms, not negations.
INABILITY = [
    ("I can hardly walk", "limb_weakness"),
    ("can barely stand up", "limb_weakness"),
    ("I can't hold a cup anymore", "limb_weakness"),
    ("my legs can hardly hold me up", "limb_weakness"),
    ("I can hardly breathe", "shortness_of_breath"),
    ("struggling to catch my breath", "shortness_of_breath"),
    ("I can barely see the telly", "vision_change"),
    ("struggling to see properly", "vision_change"),
    ("can't hold my wee", "bladder_bowel_control_loss"),
]

# Typos, slang, texting forms.
TEXTING = [
    ("cant breth properly", "shortness_of_breath"),
    ("im seein double", "vision_change"),
    ("my boobs gone lumpy", "breast_lump"),
    ("ive got a temp of 39", "fever"),
    ("been throwin up all nite", "vomiting"),
    ("hed is pounding", "headache"),
    ("cant stop being sick", "vomiting"),
    ("thirsty all the time n weeing loads", "excessive_thirst"),
    ("nearly passed out at the shops", "fainting"),
    ("soooo sleepy cant stay awake", "drowsiness"),
]

# ---- the acute-oncology ids of the contract ----------------------------------------------

FEVER = [
    "my temperature is 38.5",
    "I've got a temperature of 38.2",
    "I feel hot and shivery",
    "I'm shaking with chills",
    "I've got a fever",
    "running a high temperature since last night",
    "I feel feverish and sweaty",
    "burning up and shivering",
    "hot and cold all night",
    "I've got the chills",
    "temp is 39 degrees",
    "my temp was 101F this morning",
    "I'm having rigors",
    "thermometer says 38.9",
    "hot then cold then hot again all evening",
]

CHILLS_NOT_SEIZURE = [
    "shaking uncontrollably with chills",
    "I'm shaking all over with a fever",
    "chills and shaking uncontrollably",
    "uncontrollable shaking from the chills",
    "shivering violently with a temperature",
]

FEELING_UNWELL = [
    "I feel like I've got flu",
    "I feel rotten",
    "I feel really unwell",
    "generally unwell since my chemo",
    "flu-like symptoms since yesterday",
    "I just feel awful in myself",
    "I feel really ill today",
    "coming down with something, feel grotty",
    "i feel proper poorly",
]

DROWSINESS = [
    "I'm very sleepy all day",
    "he is hard to wake in the mornings",
    "she keeps nodding off mid-sentence",
    "I feel really drowsy",
    "I can't stay awake",
    "mum keeps dozing off while we talk",
    "so sleepy I can barely keep my eyes open",
    "keep falling asleep in the middle of conversations",
]

VOMITING = [
    "I've been sick three times today",
    "I keep throwing up",
    "I can't keep fluids down",
    "constant nausea",
    "I feel sick all the time",
    "I'm vomiting",
    "puking since last night",
    "can't keep anything down, not even water",
    "i feel really nauseous",
    "been retching all morning",
]

THIRST = [
    "I'm thirsty all the time",
    "always so thirsty",
    "I can't quench my thirst",
    "drinking loads of water and still thirsty",
    "constantly thirsty",
]

URINATION = [
    "I'm peeing loads",
    "weeing all the time",
    "up all night to pee",
    "I'm passing lots of urine",
    "going to the toilet to wee far more than usual",
    "need to pee constantly",
]

CONSTIPATION = [
    "I haven't been for a poo in 5 days",
    "I'm really constipated",
    "bunged up for a week",
    "haven't opened my bowels for days",
    "I can't poo",
    "not had a bowel movement since monday",
]

FACE_NECK_SWELLING = [
    "my face has puffed up",
    "my face and neck are swollen",
    "veins are standing out on my chest",
    "puffy face in the mornings",
    "swelling in my face and neck",
    "my shirt collar feels tight and my face is puffy",
    "bulging veins on my neck",
]

LEG_SWELLING = [
    "my calf is swollen and hot",
    "one leg is swollen",
    "my left leg has swollen up and it's red",
    "swollen ankle on one side",
    "calf is red hot and painful",
    "my leg's puffy and tender",
]

BLEEDING = [
    "my nose won't stop bleeding",
    "bruises I can't explain",
    "I bruise really easily now",
    "tiny red spots on my legs",
    "blood in my pee",
    "there was blood in my poo",
    "my gums keep bleeding",
    "a nosebleed that won't stop",
    "I've got unexplained bruising",
    "peeing blood",
    "black tarry poo",
    "I keep getting nosebleeds",
    "my poo is black",
    "I keep getting bruises and I don't know why",
]

LYING_FLAT = [
    "I can't lie flat",
    "I have to sleep propped up on pillows",
    "I get breathless when I lie down",
    "need to sleep sitting up to breathe",
    "can't lie down without getting out of breath",
    "I wake up gasping for breath at night",
]

FAINTING = [
    "I fainted in the kitchen",
    "I nearly passed out",
    "my heart is racing",
    "I keep feeling faint",
    "I passed out this morning",
    "i blacked out for a bit",
    "my heart keeps pounding out of my chest",
    "palpitations all day",
    "I went all light headed and collapsed",
]


# ---- families that are NOT symptoms ------------------------------------------------------

SKIN_BUMPS_NOT_BREAST_LUMPS = [
    "I have a pimple on my face",
    "a cyst on my face",
    "little bumps on my back from shaving",
    "a few spots on my back",
    "a sebaceous cyst on my scalp",
    "itchy bumps on my arms from mosquito bites",
    "a spotty bump on my chin",
    "a ganglion cyst on my wrist",
]

YELLOW_THINGS_NOT_JAUNDICE = [
    "there's yellow pus coming out of the cut",
    "the scab has a yellow crust",
    "my teeth have gone yellow",
    "my nails are yellowish",
    "the pus is yellow",
    "my fingernails have turned yellow from smoking",
    "the old bruise has gone yellow",
]

DISCHARGE_AND_PILLS_ELSEWHERE = [
    "there's green discharge from my eye",
    "discharge from my ear",
    "sticky gunk coming out of my belly button",
    "I take a yellow pill every morning",
    "the yellow tablets are for my blood pressure",
]

RASHES_NOT_ULCERS = [
    "I have an itchy rash on my arm",
    "flaky dry skin on my hands",
    "a crusty rash on my leg",
    "my eczema is weeping again",
    "dry cracked skin on my heels",
    "ulcers in my mouth from the chemo",
    "my skin is peeling after the sunburn",
]

JOINTS_AND_MUSCLES_NOT_BONE = [
    "my knee hurts after running",
    "sore shoulder after the gym",
    "sore muscles all over after my workout",
    "my joints ache in the cold",
    "aching knees when I climb stairs",
    "my muscles ache everywhere after the gym",
    "pulled a muscle in my thigh playing football and it's sore",
]

HAIR_NOT_UNSTEADINESS = [
    "my hair is falling out",
    "my hair keeps falling out in clumps",
    "eyelashes falling out since chemo",
    "my hair has been falling out",
]

THROAT_AND_TONGUE_NOT_LIMBS = [
    "my throat feels tingly",
    "tingling in my throat",
    "my tongue is numb",
    "numbness on my lips after the dentist",
    "a tingly tongue",
]

FIGURES_OF_SPEECH = [
    "I'm sick of waiting",
    "sick and tired of this",
    "I'm dying to know",
    "I broke my phone",
    "my heart sank",
    "he's a pain in the neck",
    "I'm worried sick",
    "my heart goes out to her",
    "the wifi signal is weak",
    "I nearly fainted when I saw the bill",
    "I'm off sick from work",
    "my cat has been sick twice",
    "I got the chills watching that film",
    "I'm sick of being ill",
    "my hair has thinned and is coming out in clumps",
    "this waiting is killing me",
]

NOT_FEVER = [
    "I get hot flushes from the tamoxifen",
    "hot flushes at night since starting letrozole",
    "I'm shivering because it's cold in here",
    "my temperature is normal",
    "it's 38 degrees outside",
]


# ---- the tests, one per family -----------------------------------------------------------


@pytest.mark.parametrize("text", BREATHING)
def test_breathing_difficulty_phrasings_are_shortness_of_breath(text: str) -> None:
    assert_reads(text, "shortness_of_breath")


@pytest.mark.parametrize("text", VISION)
def test_blurred_or_double_sight_phrasings_are_a_vision_change(text: str) -> None:
    assert_reads(text, "vision_change")


@pytest.mark.parametrize("text", BLADDER)
def test_leaking_and_accidents_are_loss_of_bladder_or_bowel_control(text: str) -> None:
    assert_reads(text, "bladder_bowel_control_loss")


@pytest.mark.parametrize("text", APPETITE)
def test_not_wanting_food_is_loss_of_appetite(text: str) -> None:
    assert_reads(text, "loss_of_appetite")


@pytest.mark.parametrize("text", CONFUSION)
def test_muddled_and_forgetful_phrasings_are_confusion(text: str) -> None:
    assert_reads(text, "confusion")


@pytest.mark.parametrize("text,expected", BREAST)
def test_breast_gone_lumpy_or_changed_shape(text: str, expected: str) -> None:
    assert_reads(text, expected)


@pytest.mark.parametrize("text", WITNESS_SEIZURE)
def test_what_a_witness_saw_of_a_fit_is_a_seizure(text: str) -> None:
    assert_reads(text, "seizure")


@pytest.mark.parametrize("text,expected", BODY_PART_PAIRS)
def test_body_part_and_finding_read_in_either_order(text: str, expected: str) -> None:
    assert_reads(text, expected)


@pytest.mark.parametrize("text,expected", INABILITY)
def test_inability_phrases_are_present_symptoms(text: str, expected: str) -> None:
    assert_reads(text, expected)


@pytest.mark.parametrize("text,expected", TEXTING)
def test_typos_slang_and_texting_forms(text: str, expected: str) -> None:
    assert_reads(text, expected)


@pytest.mark.parametrize("text", FEVER)
def test_temperatures_and_chills_are_fever(text: str) -> None:
    assert_reads(text, "fever", never=("seizure",))


@pytest.mark.parametrize("text", CHILLS_NOT_SEIZURE)
def test_shaking_with_chills_is_fever_and_not_a_seizure(text: str) -> None:
    assert_reads(text, "fever", never=("seizure",))


@pytest.mark.parametrize("text", FEELING_UNWELL)
def test_flu_like_and_rotten_is_feeling_unwell(text: str) -> None:
    assert_reads(text, "feeling_unwell")


@pytest.mark.parametrize("text", DROWSINESS)
def test_very_sleepy_and_hard_to_wake_is_drowsiness(text: str) -> None:
    assert_reads(text, "drowsiness")


@pytest.mark.parametrize("text", VOMITING)
def test_being_sick_and_nausea_are_vomiting(text: str) -> None:
    assert_reads(text, "vomiting")


@pytest.mark.parametrize("text", THIRST)
def test_always_thirsty_is_excessive_thirst(text: str) -> None:
    assert_reads(text, "excessive_thirst")


@pytest.mark.parametrize("text", URINATION)
def test_peeing_a_lot_is_frequent_urination(text: str) -> None:
    assert_reads(text, "frequent_urination", never=("bladder_bowel_control_loss",))


@pytest.mark.parametrize("text", CONSTIPATION)
def test_not_opening_the_bowels_is_constipation(text: str) -> None:
    assert_reads(text, "constipation", never=("bladder_bowel_control_loss",))


@pytest.mark.parametrize("text", FACE_NECK_SWELLING)
def test_puffy_face_and_veins_on_the_chest_are_face_neck_swelling(text: str) -> None:
    assert_reads(text, "face_neck_swelling")


@pytest.mark.parametrize("text", LEG_SWELLING)
def test_a_swollen_hot_calf_or_leg_is_leg_swelling(text: str) -> None:
    assert_reads(text, "leg_swelling")


@pytest.mark.parametrize("text", BLEEDING)
def test_bleeding_that_will_not_stop_and_unexplained_bruises(text: str) -> None:
    assert_reads(text, "bleeding_bruising", never=("nipple_discharge", "coughing_blood"))


@pytest.mark.parametrize("text", LYING_FLAT)
def test_cannot_lie_flat_for_breath_is_breathless_lying_flat(text: str) -> None:
    assert_reads(text, "breathless_lying_flat")


@pytest.mark.parametrize("text", FAINTING)
def test_fainting_nearly_fainting_and_a_racing_heart_are_fainting(text: str) -> None:
    assert_reads(text, "fainting", never=("seizure",))


@pytest.mark.parametrize("text", SKIN_BUMPS_NOT_BREAST_LUMPS)
def test_skin_bumps_pimples_and_cysts_elsewhere_are_not_breast_lumps(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", YELLOW_THINGS_NOT_JAUNDICE)
def test_yellow_pus_crust_teeth_or_nails_are_not_jaundice(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", DISCHARGE_AND_PILLS_ELSEWHERE)
def test_discharge_from_elsewhere_and_yellow_pills_are_not_symptoms(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", RASHES_NOT_ULCERS)
def test_rashes_and_dry_skin_are_not_skin_ulcers(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", JOINTS_AND_MUSCLES_NOT_BONE)
def test_joint_and_muscle_pain_is_not_bone_pain(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", HAIR_NOT_UNSTEADINESS)
def test_hair_falling_out_is_not_unsteadiness(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", THROAT_AND_TONGUE_NOT_LIMBS)
def test_a_tingly_throat_or_numb_tongue_is_not_limb_weakness(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", FIGURES_OF_SPEECH)
def test_figures_of_speech_are_not_symptoms(text: str) -> None:
    assert_no_symptom(text)


@pytest.mark.parametrize("text", NOT_FEVER)
def test_hot_flushes_cold_rooms_and_normal_temperatures_are_not_fever(text: str) -> None:
    assert_no_symptom(text)


def _variant_count(phrase: str) -> int:
    count = 1
    for group in re.findall(r"\(([^()]*)\)", phrase):
        count *= len(group.split("|"))
    return count


def test_no_lexicon_phrase_loses_variants_to_the_expansion_limit() -> None:
    # expand_phrase keeps only the first _MAX_VARIANTS combinations, silently: a longer
    # phrase must be written as several phrases or its last alternatives never match
    data = yaml.safe_load(resource_path("lexicon.yml").read_text(encoding="utf-8"))
    phrases = [
        phrase
        for section in ("symptoms", "classes")
        for spec in (data.get(section) or {}).values()
        for key in ("terms", "exact")
        for phrase in (spec or {}).get(key) or []
    ] + [b["phrase"] if isinstance(b, dict) else b for b in data.get("not_symptoms") or []]
    too_long = [p for p in phrases if _variant_count(str(p)) > _MAX_VARIANTS]
    assert not too_long, too_long
    # "(a|b (c|d))": groups do not nest, the outer brackets would be matched as words
    nested = [p for p in phrases if re.search(r"\([^()]*\(", str(p))]
    assert not nested, nested
