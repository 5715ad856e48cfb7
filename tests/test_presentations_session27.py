"""How a symptom presents (issue 18), session 27: emergencies the retired acute sets
(validation 1 to 10, read; not blind) still under-triaged, each for a mechanism or words
the reader lacked:

- an apology is no condition ("sorry if this makes no sense, I keep nodding off" is drowsy
  now, not "if");
- a reading is the writer's own, even asked as a question ("is 38.6 ok?? day 9 after chemo");
- a denial taken back later in its sentence ("no fit for twenty years but I had one this
  morning") is a fit now, and not a past one;
- "confused over the last few hours" is a time, not a subject of confusion; not being able to
  follow a conversation is confusion, not its denial;
- coming round on the floor with a bitten tongue, or a witness saying they were twitching, is
  a seizure (the contract: a witness's description counts);
- cold and shaking said in fragments ("Cold. Shaking.") is a fever's chills;
- a sharp pain under the breast is pain in the chest wall;
- blood in the tissue after "hacking" is coughing up blood.

Each has a near miss that must stay below an emergency or keep its role. Sentences written for
these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text",
    [
        "sorry if this makes no sense, I keep nodding off mid sentence and I'm so thirsty",
        "apologies if this is garbled, I keep falling asleep while typing",
    ],
)
def test_an_apology_with_if_is_no_condition_on_the_drowsiness_after_it(knowledge, text):
    assert roles(text)["drowsiness"] == {None}
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_a_real_condition_still_makes_drowsiness_a_possibility():
    text = "if I start nodding off on the new tablets should I call someone?"
    assert roles(text)["drowsiness"] == {"hypothetical"}


def test_making_no_sense_is_confusion_and_denies_nothing_after_it():
    assert roles("she is making no sense and keeps nodding off") == {
        "confusion": {None},
        "drowsiness": {None},
    }


@pytest.mark.parametrize(
    "text",
    ["is 38.6 ok?? day 9 after my chemo", "is 38.1 a worry? had docetaxel a week ago"],
)
def test_a_temperature_reading_asked_about_on_chemo_is_an_emergency(knowledge, text):
    assert roles(text)["fever"] == {None}
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    ["if I get 38.3 on chemo is that a problem?", "what if it reaches 38.5 after chemo?"],
)
def test_a_reading_that_may_come_is_still_a_possibility(text):
    assert roles(text)["fever"] == {"hypothetical"}


@pytest.mark.parametrize(
    "text",
    [
        "I haven't had a fit since I was at school but I had one an hour ago",
        "no seizures for years and then this morning I had one in the kitchen",
        "I don't get headaches but I've just had one that nearly knocked me over",
    ],
)
def test_a_denial_taken_back_later_in_the_sentence_is_present(text):
    assert set().union(*roles(text).values()) == {None}


@pytest.mark.parametrize(
    "text, symptom, role",
    [
        ("I haven't got a headache and I had one last year", "headache", "negated"),
        ("I've never had a fit and I don't want one", "seizure", "negated"),
        ("no lump now, but I had one removed in 2019", "breast_lump", "negated"),
    ],
)
def test_a_denial_not_taken_back_stays_a_denial(text, symptom, role):
    assert roles(text)[symptom] == {role}


def test_a_fit_denied_for_years_then_had_today_is_an_emergency(knowledge):
    text = "I haven't had a seizure since I was twelve but I had one this afternoon"
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_confused_over_some_hours_is_confusion_now(knowledge):
    text = "My husband has got really confused over the last few hours and he's on chemo"
    assert roles(text)["confusion"] == {None}


def test_confused_over_the_paperwork_is_no_symptom():
    assert "confusion" not in roles("I'm confused about the appointment letters they sent")


def test_not_following_a_conversation_is_confusion_not_its_denial():
    assert roles("since this morning he can't follow a conversation at all") == {
        "confusion": {None}
    }


@pytest.mark.parametrize(
    "text",
    [
        "my daughter found me on the bathroom floor with a bitten tongue",
        "I came round on the floor with a sore tongue and no idea how I got there",
        "woke up on the floor and I'd bitten my tongue, brain mets",
        "my partner keeps saying I'd been jerking on the sofa for a minute",
    ],
)
def test_a_bitten_tongue_on_the_floor_or_a_witnessed_jerking_is_a_seizure(knowledge, text):
    assert None in roles(text)["seizure"]
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_biting_the_tongue_while_eating_is_no_seizure():
    assert "seizure" not in roles("I bit my tongue eating a sandwich and it's sore")


def test_coming_round_on_the_floor_is_a_faint():
    assert roles("I came round on the kitchen floor, no idea for how long") == {"fainting": {None}}


def test_cold_and_shaking_in_fragments_after_chemo_is_an_emergency(knowledge):
    text = "Chemo Tuesday. Now freezing. Shivering. Can't get warm."
    assert roles(text)["fever"] == {None}
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_a_cold_day_and_a_shaking_hand_are_no_fever():
    assert "fever" not in roles("It was cold out and my hand was shaking from the weights")


def test_waking_up_gasping_with_a_sharp_pain_under_the_breast_is_an_emergency(knowledge):
    text = "woke at 3am gasping with a sharp pain under my right breast"
    assert roles(text)["chest_pain"] == {None}
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_blood_in_the_tissue_after_hacking_is_coughing_up_blood(knowledge):
    text = "been hacking away for weeks and now there are streaks of blood in the tissue"
    assert roles(text)["coughing_blood"] == {None}
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_a_hacked_account_is_no_cough():
    assert roles("my email got hacked and I have had a nosebleed") == {"bleeding_bruising": {None}}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my eyes have turned the colour of dijon mustard this week", "jaundice"),
        ("his memory has gradually been getting worse since the summer", "confusion"),
        ("she keeps asking what day it is", "confusion"),
        ("I keep losing people's names at work lately", "confusion"),
        ("my toes have gone all fizzy on the paclitaxel", "limb_weakness"),
        ("it feels like ants crawling over both my feet", "limb_weakness"),
        ("carrying the shopping up leaves me puffed out now", "shortness_of_breath"),
        ("on the stairs I have to stop halfway to get my breath", "shortness_of_breath"),
        ("went grey in the queue, came round quickly on a chair", "fainting"),
        ("dark purple marks appearing on my forearms, no idea why", "bleeding_bruising"),
    ],
)
def test_a_presentation_in_everyday_words_is_read_as_its_symptom(text, symptom):
    assert roles(text)[symptom] == {None}


def test_a_fizzy_drink_is_no_tingling():
    assert "limb_weakness" not in roles("I had a fizzy drink with lunch")


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("a pounding head every morning that clears by lunchtime", "headache"),
        ("face puffy when I wake, it goes down by the afternoon", "face_neck_swelling"),
        ("short of breath on the hill, when I stop it goes away", "shortness_of_breath"),
        ("blue bruises on my shins, I don't remember knocking anything", "bleeding_bruising"),
    ],
)
def test_a_daily_pattern_or_an_unremembered_knock_is_no_end_or_denial(text, symptom):
    assert roles(text)[symptom] == {None}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I had a headache yesterday but it has gone away now", "headache"),
        ("the swelling in my face went down last week", "face_neck_swelling"),
    ],
)
def test_an_end_said_plainly_is_still_an_end(text, symptom):
    assert roles(text)[symptom] == {"past"}


def test_stopping_on_the_stairs_to_get_the_breath_back_is_breathlessness_now():
    text = "I have to stop halfway up the stairs to get my breath back, every day this week"
    assert roles(text)["shortness_of_breath"] == {None}


def test_a_breath_that_came_back_after_an_illness_is_past():
    text = "I was short of breath with the chest infection but my breath has come back now"
    assert roles(text)["shortness_of_breath"] == {"past"}


def test_one_taken_back_stands_for_the_last_symptom_denied():
    assert roles("no temperature or cough, but I had one this afternoon") == {
        "fever": {"negated"},
        "cough": {None},
    }


@pytest.mark.parametrize(
    "text",
    [
        "my mum said she'd been shaking with nerves before the scan",
        "he told me he'd been shaking all morning because of the cold",
    ],
)
def test_someone_shaking_with_nerves_or_cold_is_no_seizure(text):
    assert "seizure" not in roles(text)


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my neighbour came round quickly to help with the shopping", "fainting"),
        ("she keeps asking what day the appointment is", "confusion"),
        ("I can't wake up properly in the mornings since the clocks changed", "drowsiness"),
    ],
)
def test_everyday_phrases_near_these_words_are_no_symptom(text, symptom):
    assert symptom not in roles(text)
