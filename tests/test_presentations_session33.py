"""Presentations, whose and whether (issues 18 and 12), session 33, learnt from validation set
14 (the fourteenth people set and the thirteenth acute set, read once retired):

- words the lexicon lacked: blood coughed into a tissue with the time between, "claret";
  blindness as a noun; a face or a limb twitching that will not stop; skin gone a mustard
  colour; bruises from the lightest touch; unable to lie flat for days; bowels not open for
  days; up every hour to wee, weeing like anything; drinking more than usual; words
  that will not come out or come out wrong, "not really with it";
- a nosebleed that "has gone on for over an hour" is going on, and heavy, not gone;
- a fit told by what was seen that "stopped after a minute" happened; it is not over;
- "the nurse thought Dad was confused but he's not", "I thought I'd coughed up blood but the GP
  said it was from my nose": disputed, then denied;
- "would I cough first?": the symptom said as the verb of a question about what may come is
  asked about; "if I so much as touch her arm" says how little it takes, not a supposition;
- a symptom asked about, then denied in a later statement, is asked about, not reported;
- a time when it was not there yet says it is new ("a lump that wasn't there at Easter"); a
  treatment that "has stopped it" says it is over; "temperature-wise" is no temperature;
- "without realising" is the symptom, not a denial of what follows; "her thigh's bent the
  wrong way" is a broken leg;
- from validation conversations 14: a wound bleeding heavily is an emergency; urine gone pink
  or red, with clots heavy; "having a sea sure" is a seizure; "a bit better" is still there,
  and an arm weak "for ten minutes" that is better now is still a warning; a corrected
  reading followed by a comma is a temperature; "the old chemo helpline" is no treatment now;
  the learned net's reading of a message belongs to that message's symptoms only;
- "week after chemo" is counted from the treatment (current), like "a week after chemo";
- fingertips or feet in the plural are both hands or both feet: tingling in them during
  treatment is the drugs' side effect (urgent), but "my legs are weak" stays an emergency.

Sentences written for these tests, not taken from the set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_checker.triage import assess
from symptom_checker.vocabulary import READS_AS_EMERGENCY
from symptom_nlu.extract import get_extractor
from symptom_nlu.features import attach_features


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I coughed into a hanky a minute ago and it was bright red", {"coughing_blood": {None}}),
        ("he's been coughing up claret since tea time", {"coughing_blood": {None}}),
        ("total blindness in my left eye since I woke", {"vision_change": {None}}),
        ("his hand keeps twitching and won't stop", {"seizure": {None}}),
        ("her skin has gone a mustard colour", {"jaundice": {None}}),
        ("she bruises at the slightest knock now", {"bleeding_bruising": {None}}),
        ("bruises come up whenever anyone touches him", {"bleeding_bruising": {None}}),
        ("I haven't been able to lie flat for a week", {"breathless_lying_flat": {None}}),
        ("she hasn't had her bowels open for five days", {"constipation": {None}}),
        ("I'm up every hour through the night to wee", {"frequent_urination": {None}}),
        ("he's weeing like mad", {"frequent_urination": {None}}),
        ("he's drinking far more than usual", {"excessive_thirst": {None}}),
        # ... but not the words that will not come when telling the children, nor a question
        ("I can't get the words out when I try to tell the kids", {}),
        ("why can't people with fluid on the lung lie flat?", {}),
        ("he can't get his words out", {"confusion": {None}}),
        ("she keeps using the wrong words", {"confusion": {None}}),
        ("he's not quite with it today", {"confusion": {None}}),
        # a bleed that has gone on is going on
        ("my nosebleed has gone on for over an hour", {"bleeding_bruising": {None}}),
        ("I had a cough but it's gone now", {"cough": {"past"}}),
        # a fit seen, stopped after a minute, happened
        ("my husband was jerking on the floor, it stopped after two minutes and he's confused",
         {"seizure": {None}, "confusion": {None}}),
        ("I had a nosebleed last week, it stopped after ten minutes",
         {"bleeding_bruising": {"past"}}),
        # disputed, then denied: the writer's patient, the writer's own belief
        ("the carer reckons Mum is confused but she's not",
         {"confusion": {"hypothetical", "negated"}}),
        ("my sister is confused but she's not sure why", {"confusion": {None}}),
        ("I thought I had coughed up blood but the nurse said it was from my gums",
         {"coughing_blood": {"hypothetical", "negated"}}),
        ("I was coughing up blood and the doctor said it was from my chest",
         {"coughing_blood": {None}}),
        # not there before is new; a treatment that stopped it is over
        ("there's a lump in my armpit that wasn't there at Easter", {"armpit_lump": {None}}),
        ("I had a lump in 2019 that wasn't there after the op", {"breast_lump": {"past"}}),
        ("I had a cough and the antibiotics have cleared it", {"cough": {"past"}}),
        ("I was sick this morning, the tablets have stopped it", {"vomiting": {None}}),
        ("I have a headache, the paracetamol hasn't stopped it", {"headache": {None}}),
        # a temperature named as a subject
        ("I'm fine now temperature-wise but my back aches", {"back_pain": {None}}),
        ("leaking wee without knowing, and my back hurts",
         {"bladder_bowel_control_loss": {None}, "back_pain": {None}}),
        # from validation conversations 14: a seizure as voice-to-text hears it, urine gone
        # pink, a weak arm only a bit better, weak for minutes and better now
        ("my wife is having a sea sure on the sofa", {"seizure": {None}}),
        ("we had a picnic on the sea shore", {}),
        ("his wee has been a bit pinkish since Sunday", {"bleeding_bruising": {None}}),
        ("my left hand went weak and numb, it's a bit better now", {"limb_weakness": {None}}),
        ("my right arm went weak for five minutes, it's fine now", {"limb_weakness": {None}}),
        ("my cough is better now", {"cough": {"past"}}),
        # asked about, then denied
        ("Can the tablets make you breathless? I'm not breathless at the moment",
         {"shortness_of_breath": {"hypothetical", "negated"}}),
        ("Would I cough first or go yellow? I've none of that yet.",
         {"cough": {"hypothetical", "negated"}, "jaundice": {"hypothetical", "negated"}}),
        ("I have a cough. Will I cough up blood?",
         {"cough": {None}, "coughing_blood": {"hypothetical"}}),
        # how little it takes to bruise, not a supposition
        ("bruises pop up if I so much as touch her arm", {"bleeding_bruising": {None}}),
        ("if you knock my arm does it bruise?", {}),
        ("Is it normal to feel breathless after a walk? I'm not breathless at the moment.",
         {"shortness_of_breath": {"hypothetical", "negated"}}),
        # ... but not a report denied in part, a denial before the question, nor one asked
        ("My back aches. No back pain when I lie down though.",
         {"back_pain": {None, "negated"}}),
        ("No headache yesterday. Is a headache like this normal?",
         {"headache": {None, "negated"}}),
        ("Is it normal to be breathless? Why am I not breathless at night?",
         {"shortness_of_breath": {None, "negated"}}),
        ("Is a cough like this normal? I don't have a temperature.",
         {"cough": {None}, "fever": {"negated"}}),
    ],
)  # fmt: skip
def test_what_is_read(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text, level",
    [
        ("I coughed into a tissue a minute ago and it was bright red", "emergency"),
        ("total blindness in my right eye since this morning", "emergency"),
        ("my nosebleed has gone on for over an hour", "emergency"),
        ("I had a nosebleed for an hour last year", "soon"),
        ("the carer reckons Mum is confused but she's not", "soon"),
        ("I thought I had coughed up blood but the nurse said it was from my gums", "soon"),
        # not knowing is the symptom, not a denial of what follows
        ("wetting myself without realising since lunch, my back aches and both legs are weak",
         "emergency"),
        # a thigh bent out of shape, said with "'s"
        ("he fell and his thigh's bent the wrong way", "emergency"),
        # a wound or an open tumour bleeding heavily; clots in red urine
        ("the wound on my chest is bleeding heavily and soaking through the dressing",
         "emergency"),
        ("his wee has gone bright red with clots in it", "emergency"),
        # a corrected reading with a comma after it
        ("on chemo. sorry typo, it's 38.3, I misread it", "emergency"),
        # an old helpline card is no treatment now
        ("my temperature is 38.4, should I ring the old chemo helpline number?", "urgent"),
        # counted from the treatment without its count
        ("week after chemo and my temp is 38.3", "emergency"),
        ("I had chemo in 2018, the week after that I was fine", "soon"),
        # both hands or both feet on treatment: the drugs; one leg, or legs: at once
        ("on paclitaxel and my fingertips are numb", "urgent"),
        ("on chemo and my feet are tingly and numb", "urgent"),
        ("on chemo and my legs are weak", "emergency"),
        ("on chemo and my right foot has gone numb", "emergency"),
        ("on chemo, my feet are numb and I can't walk", "emergency"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


def test_the_nets_reading_belongs_to_the_symptoms_of_the_message_it_read():
    # Validation conversations 14 (read): a temperature told first, read as serious by the
    # net, had made "just a bit of a cough" two messages later an emergency.
    knowledge = read_knowledge()
    fever_read = {"fever": [READS_AS_EMERGENCY]}
    assert assess(["fever", "cough"], [], knowledge, features=fever_read).urgency != "emergency"
    cough_read = {"cough": [READS_AS_EMERGENCY]}
    assert assess(["fever", "cough"], [], knowledge, features=cough_read).urgency == "emergency"


def test_the_nets_reading_of_a_message_belongs_to_all_its_symptoms():
    entities = [
        {"entity": "symptom", "value": "fever", "start": 0, "end": 5, "sentence": 0},
        {"entity": "symptom", "value": "cough", "start": 30, "end": 35, "sentence": 1},
        {"entity": "feature", "value": READS_AS_EMERGENCY, "start": 0, "end": 35, "sentence": 0},
    ]
    assert attach_features(entities) == {
        "fever": [READS_AS_EMERGENCY],
        "cough": [READS_AS_EMERGENCY],
    }
