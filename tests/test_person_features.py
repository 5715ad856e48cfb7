"""symptom_nlu.features: how a symptom presents, cancer treatment and breast-cancer history,
from the words people use (issue 18)."""

from __future__ import annotations

import pytest

from symptom_checker.triage import FEATURES, LEARNED_FEATURES
from symptom_nlu.features import (
    ANY_SYMPTOM,
    attach_features,
    describes_a_body_problem,
    feature_values,
    find_person_mentions,
    mark_sentences,
    names_a_body_problem,
    needs_safety_net,
    person_entities,
    takes_back,
    treatment_answer,
    treatment_in_a_question,
)


def found(text: str, entity: str) -> set[tuple[str, str | None]]:
    return {(m.value, m.role) for m in find_person_mentions(text) if m.entity == entity}


def features(text: str) -> set[str]:
    return {value for value, _ in found(text, "feature")}


def test_the_feature_words_cover_exactly_the_contracts_closed_list():
    # The learned feature (reads_as_emergency) is found by a model, not by words.
    assert set(feature_values()) == set(FEATURES) - set(LEARNED_FEATURES)


@pytest.mark.parametrize(
    "text, feature",
    [
        ("my back hurts at night", "night_pain"),
        ("the pain wakes me up", "night_pain"),
        ("it's worse when I cough or sneeze", "worse_on_coughing"),
        ("it hurts when I strain on the toilet", "worse_on_coughing"),
        ("a pain shooting down my leg", "radiating"),
        ("like a tight band round my chest", "radiating"),
        ("it goes round to my ribs", "radiating"),
        ("I'm breathless even when I'm sitting still", "at_rest"),
        ("too breathless to talk", "at_rest"),
        ("only out of breath going up the stairs", "on_exertion"),
        ("it came on all of a sudden", "sudden_onset"),
        ("I suddenly can't see out of my left eye", "sudden_onset"),
        ("I've been a bit forgetful lately", "gradual_onset"),
        ("brain fog for months", "gradual_onset"),
        ("tingling in both hands and feet", "both_sides"),
        ("pins and needles in my fingers and toes", "both_sides"),
        ("my right calf is swollen", "one_side"),
        ("I think I've broken my hip", "weight_bearing_pain"),
        ("I can't put any weight on my leg", "cannot_walk"),
        ("my legs keep giving way", "cannot_walk"),
        ("I can hardly walk", "cannot_walk"),
        ("the pain is excruciating", "severe"),
        ("my nose won't stop bleeding", "heavy_bleeding"),
        ("there's a lot of blood", "heavy_bleeding"),
        ("my breathing sounds noisy and whistly", "noisy_breathing"),
        ("the headaches are worst in the morning", "morning_headache"),
        ("I wake up with a pounding head", "morning_headache"),
        ("my temperature is 38.5", "high_temperature"),
        ("temp of 101 F", "high_temperature"),
        ("my breast is red, hot and swollen", "red_hot"),
        ("my lymphoedema arm has gone red", "red_hot"),
        ("my arm is swollen and warm to the touch", "red_hot"),
        ("the skin looks angry and inflamed", "red_hot"),
        ("my hand is puffy and warm", "red_hot"),
        ("yes it's gone really red", "red_hot"),
    ],
)
def test_lay_phrasings_give_their_feature(text, feature):
    assert feature in features(text)


@pytest.mark.parametrize(
    "text, feature",
    [
        ("no pain at night", "night_pain"),
        ("I'm not breathless at rest, only on the stairs", "at_rest"),
        ("it doesn't hurt when I cough", "worse_on_coughing"),
        ("my temperature is normal, 36.8", "high_temperature"),
        ("I listened to the radio all morning", "radiating"),
        ("I get hot flushes on tamoxifen", "red_hot"),
        ("I keep having hot flashes at night", "red_hot"),
        ("I feel hot and shivery", "red_hot"),
        ("my arm is swollen but it isn't red or hot", "red_hot"),
        ("a glass of red wine", "red_hot"),
        ("it's hot in here today", "red_hot"),
    ],
)
def test_negated_or_unrelated_words_give_no_feature(text, feature):
    assert feature not in features(text)


@pytest.mark.parametrize(
    "text, treatment",
    [
        ("I'm on chemo", ("chemotherapy", None)),
        ("since my chemo last week I feel awful", ("chemotherapy", None)),
        ("I had chemo on Tuesday", ("chemotherapy", None)),
        ("I finished chemotherapy three weeks ago", ("chemotherapy", None)),
        ("I'm on tamoxifen", ("hormone_therapy", None)),
        ("I'm on steroids", ("steroids", None)),
        ("I take dexamethasone", ("steroids", None)),
        ("I'm having radiotherapy", ("radiotherapy", None)),
        ("I'm on Herceptin", ("targeted_therapy", None)),
        ("I had chemo in 2015", ("chemotherapy", "past")),
        ("I finished treatment years ago", ("treatment", "past")),
        ("I'm not on any treatment at the moment", ("treatment", "negated")),
        ("I've never had chemo", ("chemotherapy", "negated")),
    ],
)
def test_treatment_mentions_and_their_roles(text, treatment):
    assert treatment in found(text, "treatment")


@pytest.mark.parametrize(
    "text",
    [
        "I'm starting chemo next week",
        "my aunt had chemo years ago",
        "I had chemo",  # when is unknown: the assistant asks when it matters
        "I was listening to the radio",
    ],
)
def test_treatment_not_current_someone_elses_or_undated_is_left_out(text):
    assert not found(text, "treatment")


@pytest.mark.parametrize(
    "text, answer",
    [
        ("I'm on chemo", "yes"),
        ("I had chemo last week", "yes"),
        ("I'm on steroids", "yes"),
        ("I'm on tamoxifen", None),  # hormone therapy is not the contract's treatment
        ("since my mastectomy", None),
        ("I had chemo in 2015", "no"),
        ("I'm not on any treatment", "no"),
        ("my back hurts", None),
    ],
)
def test_what_the_treatment_mentions_mean_for_the_triage(text, answer):
    assert treatment_answer(person_entities(text, "test")) == answer


@pytest.mark.parametrize(
    "text, role",
    [
        ("I had breast cancer in 2019", None),
        ("since my mastectomy my arm aches", None),
        ("my oncologist told me to ask", None),
        ("I've never had cancer", "negated"),
        ("my mum had breast cancer", "other_person"),
        ("my aunt's breast cancer spread to her liver", "other_person"),
    ],
)
def test_breast_cancer_history_and_its_roles(text, role):
    assert ("breast_cancer", role) in found(text, "cancer_history")


@pytest.mark.parametrize(
    "text",
    [
        # Said through its treatment (once read by regular expressions in actions/memory.py).
        "I've had chemo",
        "I've had chemo and now my back hurts",
        "I had chemo last year",
        "finished radiotherapy in March",
        "my chemo finished in 2018",
        "a mastectomy in 2019",
        "I'm on tamoxifen and my hips hurt",
        "I've been on letrozole for 3 years",
        "I'm having radiotherapy",
        "after my chemo my hands tingle",
        "since my chemo my feet are numb",
        "I was diagnosed in 2019 and had chemo, now my back aches",
        "I had a lumpectomy in 2020",
        "I had a double mastectomy",
        # Said outright, or through the team looking after it.
        "I had breast cancer in 2019",
        "back in 2017 I was treated for breast cancer",
        "my oncologist says it could be the tablets",
        "my breast care nurse said to call",
        "since my mastectomy on the left my arm has swollen",
    ],
)
def test_the_persons_own_breast_cancer_history_in_its_many_forms(text):
    assert ("breast_cancer", None) in found(text, "cancer_history")


@pytest.mark.parametrize(
    "text",
    [
        "my sister died of breast cancer and I'm terrified",
        "my mum had a mastectomy years ago",
        "my mum had chemo last year",
        "my friend had radiotherapy",
        "I'm scared I might have breast cancer",
        "I think I have breast cancer",
        "I'm worried I could need chemo",
        # Not having had a treatment says nothing about a history, either way.
        "I've never had chemo",
        # An operation that names no cancer is not a breast-cancer history.
        "my arm has swollen up since my operation last year",
    ],
)
def test_a_relatives_history_a_fear_or_a_treatment_not_had_is_not_the_persons(text):
    assert ("breast_cancer", None) not in found(text, "cancer_history")
    assert ("breast_cancer", "negated") not in found(text, "cancer_history")


@pytest.mark.parametrize(
    "text", ["I haven't had breast cancer", "no history of cancer", "I've never had cancer"]
)
def test_saying_there_was_no_breast_cancer_is_a_negated_history(text):
    assert found(text, "cancer_history") == {("breast_cancer", "negated")}


def test_a_question_about_breast_cancer_is_not_a_history():
    assert not found("can breast cancer spread to the bones?", "cancer_history")


def entities_of(text: str, symptoms: list[tuple[str, str]]) -> list[dict]:
    """Feature entities of `text` plus symptom entities at the given words."""
    entities = [e for e in person_entities(text, "test") if e["entity"] == "feature"]
    for symptom_id, words in symptoms:
        start = text.index(words)
        entities.append(
            {"entity": "symptom", "value": symptom_id, "start": start, "end": start + len(words)}
        )
    return mark_sentences(text, entities)


def test_a_feature_goes_with_the_nearest_symptom_of_its_sentence():
    text = "My back hurts at night. I'm also breathless going up stairs."
    attached = attach_features(
        entities_of(text, [("back_pain", "back hurts"), ("shortness_of_breath", "breathless")])
    )
    assert attached["back_pain"] == ["night_pain"]
    assert attached["shortness_of_breath"] == ["on_exertion"]


def test_a_feature_in_a_message_without_symptoms_belongs_to_no_one_symptom():
    attached = attach_features(entities_of("it wakes me up at night", []))
    assert attached == {ANY_SYMPTOM: ["night_pain"]}


def test_a_feature_in_a_sentence_without_symptoms_goes_with_every_symptom_of_the_message():
    text = "I have a headache and I'm being sick. It's worst in the morning."
    attached = attach_features(
        entities_of(text, [("headache", "headache"), ("vomiting", "being sick")])
    )
    assert attached == {"headache": ["morning_headache"], "vomiting": ["morning_headache"]}


@pytest.mark.parametrize(
    "text, body_problem",
    [
        ("my nose won't stop bleeding", True),
        ("something's wrong with my ear", True),
        ("my toe is black", True),
        ("I feel really ill", True),
        # Texting in a hurry: no "I", no body part, still about a body.
        ("hurts bad", True),
        ("bleeding everywhere", True),
        ("in agony", True),
        # a rash needs no body part: on immunotherapy it is seen the same day (session 34)
        ("I've got an itchy rash all over since starting immunotherapy", True),
        ("I made a rash decision and dyed my hair", False),
        ("sorry to be a pain", False),
        ("blorp wuzzle snerk", False),
        ("what will the weather be tomorrow", False),
        ("how does it spread to the bones?", False),
    ],
)
def test_a_bodily_complaint_is_recognised_for_the_safety_net(text, body_problem):
    assert describes_a_body_problem(text) == body_problem


def test_the_safety_net_takes_only_readings_that_would_not_be_understood():
    text = "my toe is black"
    assert needs_safety_net("out_of_scope", [], text)
    assert needs_safety_net("report_symptom", [], text)
    assert not needs_safety_net("ask_where_it_spreads", [], text)
    symptom = {"entity": "symptom", "value": "bone_pain"}
    assert not needs_safety_net("out_of_scope", [symptom], text)


def test_how_something_presents_makes_a_message_about_the_body():
    reading = "the thermometer says 38.7"
    assert not describes_a_body_problem(reading)
    assert names_a_body_problem(reading, person_entities(reading, "test"))
    asked = {"entity": "feature", "value": "high_temperature", "role": "hypothetical"}
    assert not names_a_body_problem("what if it is over 38?", [asked])
    # Routing stays by words: a feature alone is a report the questions take up.
    assert not needs_safety_net("report_symptom", person_entities(reading, "test"), reading)


def test_treatment_finished_at_an_unknown_time_is_not_taken_as_current():
    # several_symptoms_lungs.yml: the letrozole is current, the earlier treatment is over.
    text = "I'm on letrozole at the moment after my breast cancer treatment"
    assert found(text, "treatment") == {("hormone_therapy", None)}
    assert treatment_answer(person_entities(text, "test")) is None
    assert found("I feel unwell after my chemo yesterday", "treatment") == {("chemotherapy", None)}


def test_the_gp_surgery_is_not_a_treatment():
    assert not found("I did not have time to call the surgery", "treatment")


@pytest.mark.parametrize(
    "text, feature",
    [
        ("I'm gasping for breath just sitting here", "at_rest"),
        ("I can't catch my breath even lying in bed", "at_rest"),
        ("my back pain wraps round my ribs", "radiating"),
        ("nosebleed for an hour", "heavy_bleeding"),
        ("there's blood everywhere", "heavy_bleeding"),
    ],
)
def test_more_lay_phrasings_of_how_it_presents(text, feature):
    assert feature in features(text)


@pytest.mark.parametrize(
    "text", ["I'm 10 days post chemo", "day 7 of my cycle", "I'm on capecitabine"]
)
def test_more_ways_of_saying_treatment_is_current(text):
    assert treatment_answer(person_entities(text, "test")) == "yes"


def test_since_starting_a_treatment_is_being_on_it():
    assert found("tingling in both hands and feet since starting chemo", "treatment") == {
        ("chemotherapy", None)
    }
    # not begun yet: left to the question
    assert found("I'm starting chemo next week", "treatment") == set()


@pytest.mark.parametrize(
    "text, feature",
    [
        # fine at rest, said after it: only the effort counts
        ("only breathless when I hoover, sitting down I'm fine", "at_rest"),
        ("it aches in the day but at night it's ok", "night_pain"),
        # a normal reading is no high temperature
        ("temperature 36.9", "high_temperature"),
        ("temp 37.2 this morning", "high_temperature"),
        # a condition, not a fact
        ("I sleep on three pillows or I can't breathe", "severe"),
    ],
)
def test_a_feature_said_to_be_no_trouble_or_in_range_is_left_out(text, feature):
    assert feature not in features(text)


@pytest.mark.parametrize(
    "text, feature",
    [
        ("only breathless when I hoover or carry the shopping", "on_exertion"),
        ("I get puffed going up hills", "on_exertion"),
        ("when I breathe in it is making noise like a whistle", "noisy_breathing"),
        ("her breathing makes a funny sound", "noisy_breathing"),
        ("memory slipping for about half a year, nothing sudden", "gradual_onset"),
        ("he has been forgetful for a couple of years", "gradual_onset"),
        ("it's been pouring for half an hour", "heavy_bleeding"),
        ("I can't get it to stop bleeding", "heavy_bleeding"),
        ("headaches most mornings", "morning_headache"),
        ("I can't stand on my right leg", "cannot_walk"),
        ("temperature 36.9", "normal_temperature"),
        ("my temp is normal", "normal_temperature"),
        ("thermometer says 98.4", "normal_temperature"),
        ("shaking uncontrollably with chills", "severe"),
        ("so short of breath I can't get a sentence out", "at_rest"),
        ("nosebleeds that last ages", "heavy_bleeding"),
    ],
)
def test_lay_phrasings_of_this_sessions_families(text, feature):
    assert feature in features(text)


@pytest.mark.parametrize("text", ["temperature 38.4", "my temp is 37.8", "temp 101F"])
def test_a_raised_reading_is_never_normal(text):
    assert "normal_temperature" not in features(text)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("is it normal to feel tired on Enhertu?", "yes"),
        ("can I drink alcohol during chemo?", "yes"),
        ("does chemo make you tired?", None),
        ("what if I get a fever on chemo?", None),
        ("I had chemo in 2015, is that relevant?", None),
        ("is it normal to feel low on tamoxifen?", None),  # not a treatment that decides
    ],
)
def test_a_question_can_still_say_the_person_is_on_treatment(text, answer):
    assert treatment_in_a_question(text) == answer


@pytest.mark.parametrize(
    "text, body_problem",
    [
        ("my breathing's not been great lately", True),
        ("my chest feels tight and rough", True),
        ("I had a bad day at work", False),
        ("the weather is terrible", False),
    ],
)
def test_breathing_that_is_not_right_gets_the_safety_net(text, body_problem):
    assert describes_a_body_problem(text) is body_problem


@pytest.mark.parametrize(
    "text", ["my face has gone droopy on one side", "one side of her mouth is sagging"]
)
def test_a_face_gone_lopsided_gets_the_safety_net(text):
    # a stroke's sign (NHS, FAST) that maps to no symptom: never only "not understood"
    assert needs_safety_net("nlu_fallback", [], text)


@pytest.mark.parametrize(
    "text",
    [
        # what a part of the body no longer does, in any English
        "since this morning I can not see with my left eye, all black",
        "I cant feel my toes",
        "my right hand isn't working like it should",
        "her balance has not been right since sunday",
        "he's not been himself for two days",
        # a complaint that needs no body part, or an odd one
        "something funny going on with my knee",
        "my shoulder feels off",
        "got a sore throat now as well",
        "bruising coming up on both arms",
        "I think I've broken a bone",
        "my feet are killing me",
    ],
)
def test_a_body_that_does_not_work_as_it_did_gets_the_safety_net(text):
    assert needs_safety_net("nlu_fallback", [], text)


@pytest.mark.parametrize(
    "text",
    [
        "the waiting is killing me",
        "my phone isn't working",
        "I can't walk the dog today, it's raining",
        "the appointment was called off",
        "the match was a bit off",
        # a problem word the person denies
        "I walk fine, no trouble with my legs",
        "my back is good, without any pain now",
    ],
)
def test_life_that_is_not_going_well_is_not_a_body_problem(text):
    assert not needs_safety_net("nlu_fallback", [], text)


@pytest.mark.parametrize(
    "text, taken_back",
    [
        ("Sorry, I got that wrong, I don't actually have a cough", True),
        ("scratch that, no headache", True),
        ("the back pain has gone now, I don't have it any more", True),
        ("oops I meant no lump", True),
        ("no bleeding anywhere else, gums are fine", False),
        ("legs aren't weak, walking fine", False),
        ("no temperature and no cough", False),
    ],
)
def test_only_a_message_that_takes_something_back_may_undo_what_was_told(text, taken_back):
    assert takes_back(text) is taken_back


def test_a_list_of_patterns_shared_by_a_yaml_anchor_counts_in_both_places():
    # features.yml names the treatment lines once (&line_names) for a central line and for
    # treatment: the nested list is spliced in, so both read "hickman line".
    from symptom_nlu.features import _feature_data

    data = _feature_data()
    assert "hickman(?: line)?" in data["features"]["central_line"]
    assert "hickman(?: line)?" in data["treatments"]["treatment"]
    assert all(isinstance(p, str) for p in data["treatments"]["treatment"])
    assert ("central_line", None) in found("my hickman line is leaking", "feature")
    assert found("I've got a hickman line", "treatment") == {("treatment", None)}
