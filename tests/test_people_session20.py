"""Whose and whether (issue 12), sessions 20 and 21: what two thirds of the retired eighth sets
showed (tests/nlu/validation_*_8.yml, read in session 20; not blind).

- A stranger met at work or in a group ("a passenger on my bus", "a customer at the till",
  "someone in my support group") is someone else; a part played on a stage is a character's.
- A count of none is a denial ("0 temperatures", "Temperature: 0"), but a night of no sleep
  denies nothing that follows it ("0 sleep and a headache").
- What the pain or the cough stops them doing is the symptom, not its denial ("I can't bend
  down for the pain in my back", "can't walk properly").
- Things and people that "have a fit", a back that seized up, a bill that nearly gave someone
  a heart attack, a shed that collapsed, a lump of clay, confusion about which leaflet to
  believe, "sorry if I'm not making sense": none is a symptom.
- Words for a change as people and clinicians write them: legs that won't carry them, having
  to stop halfway up the stairs, sleeping in the chair to breathe, pink froth, a fist on the
  chest, food that no longer appeals, a belt on its last hole, no motions for days, everything
  going black, a foot at a funny angle, tonic clonic, post-ictal, rousable to voice.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.vocabulary import NEGATED_ROLE, OTHER_PERSON_ROLE
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("A lady in my walking group coughed up blood on the hill today", "coughing_blood"),
        ("Someone in my support group has had a fit, it frightened me", "seizure"),
        ("A passenger on my bus collapsed this afternoon", "fainting"),
        ("Had a customer faint at the till today", "fainting"),
        (
            "I'm playing a woman with secondary breast cancer in the new play, and in the last "
            "scene she coughs up blood",
            "coughing_blood",
        ),
    ],
)
def test_a_stranger_met_at_work_or_in_a_group_is_someone_else(text, symptom):
    assert roles(text)[symptom] == {OTHER_PERSON_ROLE}


def test_the_writer_who_mentions_their_group_still_tells_their_own_symptom():
    text = "Someone in my support group said I looked grey, and I've been coughing up blood"
    assert roles(text)["coughing_blood"] == {None}


def test_looking_at_someone_like_a_stranger_names_no_stranger():
    text = "My mum was looking at me like a stranger and didn't know where she was"
    mentions = [m for m in get_extractor().extract(text).symptoms if m.symptom_id == "confusion"]
    assert mentions and all(m.role is None for m in mentions)


@pytest.mark.parametrize(
    "text, denied",
    [
        ("Since my last chemo: 0 temperatures, 0 new lumps", ["fever", "breast_lump"]),
        ("Temperature: 0. Pain: a bit in my hip.", ["fever"]),
    ],
)
def test_a_count_of_none_is_a_denial(text, denied):
    found = roles(text)
    assert {symptom: found.get(symptom) for symptom in denied} == {
        symptom: {NEGATED_ROLE} for symptom in denied
    }


@pytest.mark.parametrize(
    "text", ["0 sleep and a headache since Tuesday", "no sleep and a headache since Tuesday"]
)
def test_a_night_without_sleep_denies_nothing_after_it(text):
    assert roles(text)["headache"] == {None}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I can't bend down for the pain in my back", "back_pain"),
        ("I can't sleep with this cough", "cough"),
        ("Can't walk properly since yesterday", "limb_weakness"),
        (
            "I couldn't get through the hymn without stopping to catch my breath",
            "shortness_of_breath",
        ),
    ],
)
def test_what_the_symptom_stops_them_doing_is_the_symptom(text, symptom):
    assert None in roles(text)[symptom]


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("The boiler had a fit again this morning", "seizure"),
        ("My mother had a fit when I told her I'd dyed my hair", "seizure"),
        ("Dad will have a fit about the parking", "seizure"),
        ("My back seized up when I lifted the shopping", "seizure"),
        ("I nearly had a heart attack when I saw the gas bill", "chest_pain"),
        ("The garden shed collapsed in the storm", "fainting"),
        ("Bought a lump of clay for the grandchildren", "breast_lump"),
        ("I'm confused about which leaflet to believe", "confusion"),
        ("Sorry if I'm not making any sense, it's late", "confusion"),
        ("This hospital letter is not making any sense to me", "confusion"),
        ("I lost the sight in my left eye, everything went black on that side", "fainting"),
        ("Dad still refuses to eat vegetables", "loss_of_appetite"),
        ("I can't walk straight since the ear infection", "limb_weakness"),
        ("Sleeping in the armchair because the dog took the bed", "breathless_lying_flat"),
        ("No motion in my arm since the fall", "constipation"),
    ],
)
def test_an_everyday_phrase_with_a_symptom_word_is_not_the_symptom(text, symptom):
    assert symptom not in roles(text)


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("My back seized up when I lifted the shopping", "back_pain"),
        ("Mum's not making any sense today", "confusion"),
        ("She's suddenly not making sense when she talks", "confusion"),
        ("when he wakes he is confused about where he is", "confusion"),
        ("No motions for four days and my tummy is swollen", "constipation"),
        ("Sleeping in the armchair because I can't breathe lying down", "breathless_lying_flat"),
        ("I have to stop halfway up the stairs now", "shortness_of_breath"),
        ("Everything went black and I found myself on the floor", "fainting"),
        ("My foot is at a funny angle after I tripped", "fracture"),
        ("Food just doesn't appeal any more", "loss_of_appetite"),
        ("my belt is on the last hole now", "weight_loss"),
        ("tonic clonic for two minutes, eyes rolled back", "seizure"),
        ("post ictal for ages and only rousable to voice", "drowsiness"),
        ("Pink froth when I cough this morning", "coughing_blood"),
        ("Like a fist pressing on my chest", "chest_pain"),
        ("I feel like death warmed up", "feeling_unwell"),
        ("my legs just wouldn't hold me this morning", "limb_weakness"),
    ],
)
def test_a_change_said_the_way_people_or_clinicians_write_it_is_the_symptom(text, symptom):
    assert None in roles(text)[symptom]


def test_a_cough_that_makes_another_pain_worse_is_not_counted_a_second_time():
    assert roles("My ribs hurt when I cough") == {"bone_pain": {None}}
    assert roles("My ribs ache when I cough, and I've had the cough a month")["cough"] == {None}


@pytest.mark.parametrize(
    "text",
    [
        "I'm on chemo and feel like death warmed up, hot to the touch",
        "Had chemo last week, no motions for five days, drinking water by the jug and muddled",
    ],
)
def test_the_same_words_on_treatment_are_an_emergency(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("My wife found me on the floor having a fit about an hour ago", "seizure"),
        ("I had a fit over the weekend, the first one ever", "seizure"),
        ("her whole body seized up and she went blue", "seizure"),
        ("I think I'm about to have a heart attack", "chest_pain"),
    ],
)
def test_a_red_flag_beside_the_words_of_an_idiom_is_still_the_red_flag(text, symptom):
    # The idioms above ("had a fit about the parking", "the car seized up", "nearly had a
    # heart attack at the bill") must not hide the red flag told with the same words.
    assert None in roles(text)[symptom]
