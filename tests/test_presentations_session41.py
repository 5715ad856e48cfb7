"""Whose, whether and how a symptom presents (issues 12 and 18), session 41.

Learnt from validation set 18 (the eighteenth people and seventeenth acute sets, read once
retired):

- A finding before "and no" / ", not" does not pair with a place after it: "calf swollen and
  sore, no chest pain" denies the chest pain; a place before the denial still pairs with a
  finding after it ("a cough, no blood").
- A pseudo phrase whose last word opens a symptom's wording is that wording: "I haven't gone
  yellow" denies jaundice (it is no "won't go").
- Red flags in people's words: blood "expectorated", bleeding "heavy", a pad an hour, urine
  "pure red", half the vision "just disappeared", sight that "just went in my right eye", a
  face "and his neck" swollen.
- Words that only looked like symptoms: eyes gone yellow are not failing sight, eyebrows that
  "started thinning" are no weight loss, radiotherapy that "zapped" a met is no tiredness,
  nodules a scan "shows" are no breast lump.
- A question over a list ("which of these would mean 999? 1. a temperature ...") and "when it
  spreads to the lungs, is it normal to ...?" ask in general.
- Treatment: "when I was on chemo" is over; a dose counted in the course ("after the 3rd
  paclitaxel") is current; a relative "is on chemo" is theirs when the writer tells their own
  symptom, unless "so am I"; a carer's thermometer reading ("I took her temperature and it's
  38.9") does not make the writer a patient beside the relative.
- Presentation: "sitting down I'm grand" is no breathlessness at rest; "ten fingers and two
  feet" are both sides.
"""

from __future__ import annotations

import pytest
from support import assistant_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


def level(text: str) -> str:
    return urgency(get_extractor(), read_knowledge(), text, net=None)


@pytest.mark.parametrize(
    "text, symptom_id, role",
    [
        ("left calf swollen and sore, no chest pain and breathing ok", "chest_pain", "negated"),
        ("my leg is red and hot, no chest pain", "chest_pain", "negated"),
        ("I've had a tickly cough for a month, no blood", "coughing_blood", "negated"),
        ("The nipple looks normal, not pulled in.", "nipple_inversion", "negated"),
        ("I'm not being sick and I haven't gone yellow.", "jaundice", "negated"),
        ("it hasn't gone yellow", "jaundice", "negated"),
    ],
)
def test_a_denial_reaches_the_symptom_it_names(text, symptom_id, role):
    assert roles(text).get(symptom_id) == {role}


def test_a_pseudo_phrase_that_holds_the_symptom_word_still_denies_nothing():
    assert roles("I can't bend for the pain in my lower back.")["back_pain"] == {None}


@pytest.mark.parametrize(
    "text",
    [
        "left calf swollen and sore, no chest pain and breathing ok.",
        "My left calf is swollen and sore, no chest pain at all",
    ],
)
def test_a_calf_without_chest_pain_is_not_an_emergency(text):
    assert level(text) != "emergency"


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        (
            "Retired GP here. This morning I expectorated approximately 20 ml of fresh blood.",
            "coughing_blood",
        ),
        (
            "bleeding heavy from down below, going through a pad an hour, I'm 63",
            "bleeding_bruising",
        ),
        ("My wee is pure red with clots and it won't stop", "bleeding_bruising"),
        (
            "Half my vision just disappeared in the last half hour. Brain mets.",
            "vision_change",
        ),
        (
            "My sight just went in my right eye while I was at the till, came on in a second.",
            "vision_change",
        ),
        (
            "my husband his face and his neck is very swollen since two days and now there is "
            "a whistle noise when he breathes",
            "face_neck_swelling",
        ),
    ],
)
def test_red_flags_in_peoples_words_are_emergencies(text, symptom_id):
    assert None in roles(text).get(symptom_id, set())
    assert level(text) == "emergency"


def test_a_face_and_neck_swollen_together_is_not_a_gland():
    found = roles("her face and her neck is very swollen since two days")
    assert "face_neck_swelling" in found and "neck_lump" not in found


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("My eyes are going yellow and my belly has swollen up", "vision_change"),
        ("Got a heat rash. My eyebrows have started thinning too", "weight_loss"),
        ("that turned out to be a rib met which they zapped. Nothing since.", "fatigue"),
        ("now it sort of zaps round my right side to the front like a stitch", "fatigue"),
        ("My onc said my CT shows 'a few small nodules' but I feel totally fine.", "breast_lump"),
        ("the scan found two nodules in my lungs", "breast_lump"),
    ],
)
def test_words_that_only_look_like_a_symptom(text, symptom_id):
    assert symptom_id not in roles(text)


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("My eyes are going yellow and my belly has swollen up", "jaundice"),
        ("I feel zapped all the time", "fatigue"),
        ("my eyes are going, can't read the paper", "vision_change"),
        ("I found some small nodules in my breast", "breast_lump"),
    ],
)
def test_the_symptom_said_plainly_still_counts(text, symptom_id):
    assert None in roles(text).get(symptom_id, set())


@pytest.mark.parametrize(
    "text",
    [
        "which of these would mean 999 and which mean ring the nurse? 1. a temperature "
        "2. being sick 3. a bad headache 4. wetting myself",
        "When it spreads to the lungs, is it normal to cough blood or get breathless?",
    ],
)
def test_a_question_in_general_claims_no_symptom(text):
    found = roles(text)
    assert found and all(r == {"hypothetical"} for r in found.values())
    assert level(text) != "emergency"


def test_a_symptom_said_before_a_question_over_a_list_stays():
    found = roles(
        "I've had a headache for a week. Which of these is worse, a headache or sickness?"
    )
    assert None in found["headache"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Chemo in 2019, all done, on nothing now. Flu-like since yesterday with a "
            "temperature of 38.9. Is it the same rules as when I was on chemo?",
            "urgent",
        ),
        ("my sister is on chemo and I've got a temperature", "urgent"),
        ("my sister is on chemo and so am I, I've got a temperature of 38.5", "emergency"),
        (
            "My mum is on chemo. I took her temperature and it's 38.9. What should I do?",
            "emergency",
        ),
        ("my mum is on chemo and her temp is 38.9, what do I do", "emergency"),
        (
            "mum had chemo wednesday and now shes all shivery and says she feels awful, the ear "
            "thermometer says 37.9. dads at work. what do i do im 15",
            "emergency",
        ),
        (
            "Pins and needles in both hands and both feet, started after the 3rd paclitaxel "
            "and getting a bit worse each week.",
            "urgent",
        ),
        (
            "I am chemo docetaxel fourth time. Now my ten fingers and two feet all numb and "
            "tingle. Walking is ok.",
            "urgent",
        ),
        (
            "Get out of breath hanging the washing out now. Sitting down I'm grand. On tamoxifen.",
            "urgent",
        ),
        ("Out of breath even sitting down, on tamoxifen", "emergency"),
    ],
)
def test_treatment_and_presentation_decide_the_level(text, expected):
    assert level(text) == expected


def test_a_friends_treatment_the_writer_shares_is_the_writers():
    assert None in roles("my friend is on tamoxifen and so am I", kind="treatment").get(
        "hormone_therapy", set()
    )
