"""Whose, when and whether (issues 12 and 18), session 22: what two thirds of the retired
ninth sets showed (tests/nlu/validation_*_9.yml, read in session 22; not blind).

- Red flags and other symptoms said the way people say them: a hand that won't grip or won't
  do as it's told, blood on the tissue after a cough, urine that comes out unfelt, stopping
  for air, a hand held to the chest, a face gone huge, urine with clots, an arm like a
  balloon, losing one's footing, meals that come back untouched, no motion for days.
- A temperature not yet taken, a sofa they can't get off and sight that has "gone" deny
  nothing; "not because I'm nodding off" does.
- A joke about a form giving someone a headache, a back-breaking week, yellow fluid from a
  wound: none is the symptom. Each guard is checked against the symptom said with the same
  words.
- Asking whether something counts as a fit asks; a fever settled by the next day is over.
- The writer who names their own diagnosis, treatment or health, or fears catching the
  relative's illness, is the patient: the relative's symptoms are the relative's.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.vocabulary import (
    HYPOTHETICAL_ROLE,
    NEGATED_ROLE,
    OTHER_PERSON_ROLE,
    PAST_ROLE,
)


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Since lunch my left hand won't grip the kettle handle", "limb_weakness"),
        ("my fingers just won't do what I tell them today", "limb_weakness"),
        ("Coughing all week and now the tissue has blood on it", "coughing_blood"),
        (
            "twice today the wee just came out before I got to the loo",
            "bladder_bowel_control_loss",
        ),
        ("I keep stopping for breath halfway through talking", "shortness_of_breath"),
        ("it takes me ages to get my puff back after the bins", "shortness_of_breath"),
        ("Dad is sat holding his chest and sweating", "chest_pain"),
        ("my chest feels like a belt is being pulled tight round it", "chest_pain"),
        ("her face is massive this morning and her neck too", "face_neck_swelling"),
        ("weeing with clots in it since last night, I'm on chemo", "bleeding_bruising"),
        ("the hand on my surgery side has gone like a balloon", "arm_swelling"),
        ("I keep losing my footing on the stairs", "unsteadiness"),
        ("his dinners come back untouched every night", "loss_of_appetite"),
        ("no poo for six days now and my tummy is hard", "constipation"),
        ("she goes to the toilet every hour, day and night", "frequent_urination"),
        ("my back's killing me, weeks now", "back_pain"),
        ("I'm hot, then cold, then hot again, two days after my chemo", "fever"),
    ],
)
def test_a_symptom_said_the_way_people_say_it_is_heard(text, symptom):
    assert None in roles(text)[symptom]


@pytest.mark.parametrize(
    "text, symptom",
    [
        # a temperature not taken, a sofa they can't leave: no denial of what is around them
        ("shaky, aching all over, head thumping, haven't taken my temperature", "headache"),
        ("Can't get off the settee, shivery and aching, head pounding", "fever"),
        ("Can't get off the settee, shivery and aching, head pounding", "headache"),
        # sight that has gone is the symptom, not a symptom that went
        (
            "my right eye went dark like a curtain dropping, half of everything is gone",
            "vision_change",
        ),
    ],
)
def test_words_that_look_like_a_denial_but_are_the_illness_deny_nothing(text, symptom):
    assert roles(text)[symptom] == {None}


def test_not_because_they_are_nodding_off_denies_the_drowsiness():
    text = "I'm drained all day, not because I'm nodding off, I'm wide awake, just worn out"
    assert roles(text)["drowsiness"] == {NEGATED_ROLE}
    assert None in roles(text)["fatigue"]


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("the tax form is giving me a headache lol, which box is for pension", "headache"),
        ("this spreadsheet gives me migraines, joke! when is my scan", "headache"),
        ("booking this holiday is giving me chest pains - joke! can I fly", "chest_pain"),
        ("what a back-breaking fortnight at the allotment, anyway about my results", "fracture"),
        ("the cut on my finger oozes yellow fluid", "jaundice"),
    ],
)
def test_an_idiom_or_a_fluid_with_a_symptom_word_is_not_the_symptom(text, symptom):
    assert symptom not in roles(text)


@pytest.mark.parametrize(
    "text, symptom",
    [
        # the guards above must not hide the symptom said in the same words
        ("the cough is giving me a headache, it's been pounding for days", "headache"),
        ("my eyes are yellow and there's a yellow tinge to my skin", "jaundice"),
        ("I think I broke my back when I fell off the ladder, can't move", "fracture"),
    ],
)
def test_the_symptom_said_beside_the_guards_words_is_still_the_symptom(text, symptom):
    assert None in roles(text)[symptom]


def test_asking_whether_something_counts_as_a_fit_asks():
    text = "Does a twitch as I drop off to sleep count as a fit?"
    assert roles(text)["seizure"] == {HYPOTHETICAL_ROLE}


def test_a_fit_told_with_a_question_about_what_counts_is_still_a_fit():
    text = "She had a fit this morning, shaking all over. Does that count as an emergency?"
    assert None in roles(text)["seizure"]


def test_a_fever_settled_by_the_next_day_is_over():
    text = "Had a temperature of 38 on Monday after my jab, settled by Tuesday morning"
    assert roles(text)["fever"] == {PAST_ROLE}


def test_a_fever_that_has_not_settled_by_the_morning_is_not_over():
    text = "My temperature is 38.5 and it still hasn't settled by this morning"
    assert roles(text)["fever"] == {None}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("My son has a fever and a cough. I'm mid-chemo, should I keep away from him?", "fever"),
        ("My husband's had a high temperature since Sunday, I'm scared of catching it", "fever"),
        (
            "My mother died of it, her back pain was awful. I've just been diagnosed myself",
            "back_pain",
        ),
        (
            "my sister coughed up blood yesterday. I'm the one w the cancer, she's fine",
            "coughing_blood",
        ),
        ("My grandad has a bad chest and a fever, is it dangerous for me? I'm well", "fever"),
    ],
)
def test_the_writer_who_is_the_patient_tells_a_relatives_symptom_as_theirs(text, symptom):
    assert roles(text)[symptom] == {OTHER_PERSON_ROLE}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("My wife is coughing up blood and she's very breathless, I'm scared", "coughing_blood"),
        ("My dad can't feel his legs since this morning and I'm frightened", "limb_weakness"),
    ],
)
def test_a_carers_fear_does_not_make_the_relatives_red_flag_someone_elses(text, symptom):
    assert roles(text)[symptom] == {None}


@pytest.mark.parametrize(
    "text",
    [
        "her face and neck have swollen up and there's a whistle when she breathes in",
        "My face and neck have swelled since Sunday and there's a noise like whistle in my throat",
    ],
)
def test_these_are_emergencies(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Did her checks as asked: temperature 36.6, not been sick, eating fine",
        "temp was 36.2 when I checked at tea time, so no fever I think",
    ],
)
def test_a_normal_temperature_reading_denies_a_fever(text):
    assert roles(text)["fever"] == {NEGATED_ROLE}


def test_a_high_reading_is_still_a_fever():
    assert roles("temp is 38.4 and I'm shivering under two duvets")["fever"] == {None}


def test_not_being_themselves_denies_nothing_that_follows():
    text = "He says I'm not myself, I keep nodding off halfway through a sentence"
    assert roles(text)["drowsiness"] == {None}
    assert None in roles("She's not herself, she had a fit this morning")["seizure"]


def test_a_stranger_seen_in_the_street_is_someone_else():
    text = "I saw a man collapse outside the chemist this morning, it really shook me"
    assert roles(text)["fainting"] == {OTHER_PERSON_ROLE}


def test_a_long_standing_problem_behaving_itself_is_not_current():
    text = "Sprained my wrist at netball. My lymphoedema arm is behaving itself, thankfully"
    assert roles(text)["arm_swelling"] == {PAST_ROLE}


@pytest.mark.parametrize(
    "text",
    [
        "docetaxel cycle 3, both hands and feet have pins n needles, came on over a fortnight",
        "On paclitaxel: both feet feel like I'm walking on cotton wool, creeping up for weeks",
        "Weekly taxol. My fingertips are numb on both hands, slowly getting worse",
        "Dad's on chemo. For a month or so he's been repeating the same stories, it's gradual",
    ],
)
def test_gradual_numbness_or_forgetting_on_chemotherapy_is_urgent(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "urgent"


def test_a_mouth_that_keeps_filling_with_blood_is_uncontrolled_bleeding(extractor, knowledge):
    # validation_conversations_9's k014, in other words: bleeding gums on chemotherapy that
    # fill the mouth again and again are heavy bleeding; a gum that bled and stopped is not
    text = (
        "on paclitaxel, gums bleeding for ages, my mouth keeps filling up, spitting red constantly"
    )
    assert urgency(extractor, knowledge, text) == "emergency"
    calm = "on paclitaxel, my gums bled a little when I flossed, it stopped straight away"
    assert urgency(extractor, knowledge, calm) != "emergency"
