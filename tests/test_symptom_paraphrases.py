"""Issue 12, which symptoms: paraphrases people use for a symptom without its usual word, one
table row per family of wording (lexicon.yml, session 7), and the pairing rules that keep a
body-part word from becoming the wrong symptom.

Sentences written for these tests (never copied from a validation or blind set).
"""

from __future__ import annotations

import pytest
from support import present

from symptom_nlu.extract import SymptomExtractor

# (family, text, the symptom it says)
PARAPHRASES = [
    (
        "thirst as a dry mouth",
        "my mouth is constantly dry and I keep drinking",
        "excessive_thirst",
    ),
    (
        "thirst that drink does not end",
        "still parched after three mugs of tea",
        "excessive_thirst",
    ),
    ("thirst by comparison", "I'm thirsty as anything these days", "excessive_thirst"),
    (
        "frequency with can't stop",
        "I can't stop needing a wee, it's driving me mad",
        "frequent_urination",
    ),
    ("frequency by the clock", "passing water about every half hour", "frequent_urination"),
    ("frequency by comparison", "weeing like mad since the weekend", "frequent_urination"),
    ("backed up", "totally backed up, nothing for a week", "constipation"),
    ("bruises", "I've gone all bruisy on my shins", "bleeding_bruising"),
    ("thirst by how much", "she's drinking water like mad", "excessive_thirst"),
    ("thirst by how much", "getting through pints of squash a day", "excessive_thirst"),
    ("arm on the operation side", "the arm on the side of my surgery is puffy", "arm_swelling"),
    ("breathless lying down", "I can't get my breath when I lie down", "breathless_lying_flat"),
    ("breathless lying down", "lying down makes my breath short", "breathless_lying_flat"),
    ("a back on fire", "my lower back is on fire", "back_pain"),
    ("a back on fire", "my back's that bad I can barely get to the loo", "back_pain"),
    (
        "bruises not remembered",
        "marks all over my legs that I can't remember getting",
        "bleeding_bruising",
    ),
    ("pinpricks", "little purple pinpricks round my ankles", "bleeding_bruising"),
    (
        "bruises not remembered",
        "I've got these bruises on my legs and I don't remember banging them",
        "bleeding_bruising",
    ),
    ("witness: a limb moving by itself", "his left hand started twitching on its own", "seizure"),
    ("witness: a body gone rigid", "her whole body went stiff at the table", "seizure"),
    ("witness: arm and face", "my arm and face were jerking, my son saw it", "seizure"),
    ("witness: lip smacking", "she stared into space and didn't answer, lips smacking", "seizure"),
    (
        "presyncope: the room goes dark",
        "when I get up the room goes grey and I grab the wall",
        "fainting",
    ),
    ("presyncope: a heart running", "my heart is running so fast and I feel odd", "fainting"),
    ("presyncope: nearly down", "I nearly hit the floor in the kitchen", "fainting"),
    ("lying flat", "I can't sleep flat any more", "breathless_lying_flat"),
    (
        "lying flat: waking for air",
        "I wake up struggling for air most nights",
        "breathless_lying_flat",
    ),
    (
        "lying flat: sleeping sat up",
        "I sleep sat up in the armchair or I can't breathe",
        "breathless_lying_flat",
    ),
    ("breath: no puff", "no puff at all on the stairs", "shortness_of_breath"),
    (
        "breath: puffing as after a run",
        "puffing like I've run for a bus, and I've been sitting",
        "shortness_of_breath",
    ),
    ("glands in the neck", "the glands in my neck are up again", "neck_lump"),
    ("glands under the arm", "glands under my arm are swollen", "armpit_lump"),
    ("the bottom of the neck", "a swollen gland at the base of my neck", "neck_lump"),
    ("a knob at the scar", "there's a knob under my mastectomy scar", "breast_lump"),
    ("a hard swelling at the scar", "a firm swelling has come up along my scar", "breast_lump"),
    ("a bad back", "my lower back has been playing up for weeks", "back_pain"),
    ("the scales", "the scales keep dropping though I eat the same", "weight_loss"),
    ("hit by a bus", "I feel like I've been hit by a truck", "feeling_unwell"),
    ("achy all over", "achy all over and not myself", "feeling_unwell"),
    ("Australian crook", "been feeling crook since Friday", "feeling_unwell"),
    ("can't be bothered with food", "can't be bothered with meals lately", "loss_of_appetite"),
    ("felt a bone go", "I heard my hip go as I turned round", "fracture"),
    ("a nipple going inside", "my nipple has gone inside since the summer", "nipple_inversion"),
    ("blood on a tissue", "coughed into my hanky and there was red in it", "coughing_blood"),
    (
        "a familiar face taken for a stranger",
        "Dad looked at me like a stranger this morning",
        "confusion",
    ),
    (
        "legs folding under someone",
        "Mum's legs just crumpled under her when she stood",
        "limb_weakness",
    ),
    ("a clumsy hand", "my right hand has gone clumsy, I keep dropping cups", "limb_weakness"),
    (
        "not making it to the toilet",
        "I can't always make it to the loo in time now",
        "bladder_bowel_control_loss",
    ),
    (
        "not knowing one has gone",
        "twice I didn't realise I'd wet myself",
        "bladder_bowel_control_loss",
    ),
    ("clots with a cough", "coughing up little clots of bright red blood", "coughing_blood"),
    (
        "right side under the ribs",
        "my right side under the rib cage is tender",
        "right_upper_abdominal_pain",
    ),
    (
        "non-native comparative",
        "my left breast is become more small this year",
        "breast_shape_change",
    ),
    # session 8: dialect, lists and comparisons
    ("a bad head (British, Irish)", "I've had a stinking head since Tuesday", "headache"),
    ("Scots heid", "my heid is pounding again today", "headache"),
    ("Scots cannae", "I cannae walk straight, I keep drifting", "unsteadiness"),
    ("bothered without with", "honestly can't be bothered eating these days", "loss_of_appetite"),
    ("a belt let out", "I've had to let my belt out again this month", "abdominal_swelling"),
    ("no clothes do up", "none of my jeans will fasten anymore", "abdominal_swelling"),
    ("tight as a drum", "my middle is tight as a drum lately", "abdominal_swelling"),
    ("thirsty in a list", "sore bones, thirsty, constipated, fed up", "excessive_thirst"),
    ("jugs of water", "I'm getting through jugs of squash every day", "excessive_thirst"),
    ("up and down to the loo", "up and down to the lav all night long", "frequent_urination"),
    ("every half hour", "I wee about every 20 mins at the moment", "frequent_urination"),
    ("not a sip kept down", "she can't keep a mouthful of tea down", "vomiting"),
    ("Scots boak", "been boaking since breakfast", "vomiting"),
    ("pink froth", "bringing up pinkish frothy phlegm since last night", "coughing_blood"),
    (
        "a lump with its size, then its place",
        "there's a lump roughly the size of a hazelnut in my neck",
        "neck_lump",
    ),
    ("up under my right ribs", "a dull ache up under me right ribs", "right_upper_abdominal_pain"),
    (
        "ribs on right side without an article",
        "an ache under my ribs on right side",
        "right_upper_abdominal_pain",
    ),
    ("one side of the chest", "a sharp pain on the left side of my chest", "chest_pain"),
    # session 8: "sore" after an article is read as the noun unless a bone word follows
    (
        "a sore bone, article first",
        "nothing much, just a sore rib for a couple of weeks",
        "bone_pain",
    ),
    ("a tender bone, article first", "I've got a tender hip since the weekend", "bone_pain"),
    ("speech named first", "since this morning my speech is slurred", "confusion"),
]


@pytest.mark.parametrize("family, text, symptom_id", PARAPHRASES)
def test_a_paraphrase_is_its_symptom(
    extractor: SymptomExtractor, family: str, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text), family


# (text, the symptom a body-part word must NOT become, the one it is when there is one)
NOT_THAT_SYMPTOM = [
    ("her face and neck are puffed up", "neck_lump", "face_neck_swelling"),
    ("a tender bruise on the back of my knee", "back_pain", None),
    ("achy all over like the flu", "bone_pain", "feeling_unwell"),
    ("my calf is swollen down the back of the leg", "back_pain", "leg_swelling"),
    ("my right hand feels clumsy today", "unsteadiness", "limb_weakness"),
    ("my left calf is swollen and tender", "bone_pain", "leg_swelling"),
    ("my arm went dead and heavy an hour ago", "arm_swelling", "limb_weakness"),
    ("the ribs on my right side ache at night", "right_upper_abdominal_pain", "bone_pain"),
    ("the nurse drained the seroma under my scar this week", "fatigue", None),
    ("bringing up clots of blood when I cough", "vomiting", "coughing_blood"),
    # session 8 (issue 12): words that only look like symptoms
    ("the back gate is broken again", "fracture", None),
    ("my sister's hip ached the whole drive back from Leeds", "back_pain", None),
    ("a sudden pain in the right side of my chest", "right_upper_abdominal_pain", "chest_pain"),
    ("I'm not eating anything extra but my belt is tight", "loss_of_appetite", None),
    ("she has always had a weak chest", "fatigue", None),
    ("my chemo was last weak", "fatigue", None),
    ("the dog has the kitchen totally wrecked", "fatigue", None),
    ("my stomach is tied in knots about the scan", "breast_lump", None),
    ("a lump in my armpit, it's about the size of a grape", "breast_lump", "armpit_lump"),
    ("I have a sore on my rib that weeps", "bone_pain", None),
]


@pytest.mark.parametrize("text, wrong, right", NOT_THAT_SYMPTOM)
def test_a_body_part_word_is_not_the_wrong_symptom(
    extractor: SymptomExtractor, text: str, wrong: str, right: str | None
) -> None:
    found = present(extractor, text)
    assert wrong not in found
    if right:
        assert right in found


# the words these families read must leave a plain swollen neck, a back pain and bone pain
KEPT = [
    ("I have a swollen neck on the left", "neck_lump"),
    ("my back hurts low down at night", "back_pain"),
    ("aching in my bones all over, worse at night", "bone_pain"),
    ("I'm very thirsty all the time", "excessive_thirst"),
    ("my arm feels heavy and tight since the node surgery", "arm_swelling"),
    ("I feel drained all the time", "fatigue"),
    ("pain just under my right ribs", "right_upper_abdominal_pain"),
    ("I'm not eating much at all", "loss_of_appetite"),
    ("my back aches since the walk", "back_pain"),
    ("I feel weak and tired all week", "fatigue"),
    ("a knot of hard tissue in my breast", "breast_lump"),
]


@pytest.mark.parametrize("text, symptom_id", KEPT)
def test_the_plain_wording_still_counts(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text)
