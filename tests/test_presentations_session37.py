"""Whose, whether, when and how a symptom presents (issues 12 and 18), session 37.

- A negation cue found by its words' normal forms keeps its tense: a word the cue writes in
  its normal form ("go away") matches every form, an inflected one ("gone", "going") only its
  own inflection. Before, "gone" and "go" and "going" all shared the norm "go", so "needs to
  go" ended the symptom before it, "don't remember going down" read as "went down", and "I get
  puffed and have to stop" read "stop" as the "stopped" of a breathlessness that is over. Two
  pseudo cues written in session 36 for the first two are gone: the matcher does it.
- Learnt from validation set 16 (read; blind in sessions 35 and 36): a muddle beside
  drowsiness is its own symptom; seeing things, talking to people who are not there, a year
  long gone, asking where she is or for a parent long dead, not knowing a relative (confusion);
  a change today after months of a slow one is sudden; twitching and staring, shaking all over
  with a bitten tongue (a fit); Spanish "tosiendo sangre"; a leg that looks wrong after a fall,
  "I think I've broken it"; dressings soaked through, bruising at a touch; a bladder that cannot
  empty; "not making a bit of sense"; a calf twice the size of the other; a breast lopsided or
  shrunk; blood or fluid inside the bra; "bringing everything back up"; "orange-peel";
  a chest pain under the left breastbone that an antacid "hasn't touched"; unwell "generally
  and quite suddenly", like the start of flu; a decision against chemo is no chemo.
- What is not a symptom: seizure medication, a racing heart that pounds (no chest pain),
  figures "giving me a headache", the cuff of a shirt, bounding up the stairs, blood brought up
  by a cough (not vomit).
- One function gives the urgency of one message to the evaluators and the tests.

Sentences written for these tests, not taken from the sets.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.components.normalizer import normalizer_of
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "word, inflection",
    [("go", ""), ("going", "ing"), ("gone", "past"), ("went", "past"), ("goes", "s"),
     ("cleared", "past"), ("stopping", "ing"), ("n't", ""), ("is", ""), ("had", ""),
     ("headaches", "s")],
)  # fmt: skip
def test_a_word_knows_how_it_is_inflected(word, inflection):
    assert normalizer_of(get_extractor().nlp).inflection(word) == inflection


@pytest.mark.parametrize(
    "text, expected",
    [
        # an inflected cue matches its own inflection only
        ("I get puffed on the stairs and have to stop", {"shortness_of_breath": {None}}),
        ("my headache stopped on Sunday", {"headache": {"past"}}),
        ("dad can't hold his wee and he's desperate to go all the time",
         {"bladder_bowel_control_loss": {None}}),
        ("she had a fit and doesn't remember going down", {"seizure": {None}}),
        # a cue in its normal form, or a past form for a past form, still matches
        ("the swelling in my ankle went down after a week", {"leg_swelling": {"past"}}),
        ("had a rash on my arm, it went away on its own", {}),
        ("the cough has gone now", {"cough": {"past"}}),
        # a misspelt cue word is taken as the word it is corrected to
        ("my headache has gonne now", {"headache": {"past"}}),
    ],
)  # fmt: skip
def test_a_cue_keeps_its_tense(text, expected):
    found = roles(text)
    for symptom_id, wanted in expected.items():
        assert found.get(symptom_id) == wanted, (text, found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my wife is really sleepy and muddled tonight",
         {"drowsiness": {None}, "confusion": {None}}),
        ("since teatime gran's been seeing things and talking to people who aren't there",
         {"confusion": {None}}),
        ("dad keeps asking where his mother is tonight", {"confusion": {None}}),
        ("since lunch my husband keeps asking for his mum, who died years ago",
         {"confusion": {None}}),
        ("dad doesn't recognise my mum today", {"confusion": {None}}),
        ("my partner was twitching and staring at the wall for a minute", {"seizure": {None}}),
        ("she was shaking all over and she bit her tongue", {"seizure": {None}}),
        ("mi madre está tosiendo sangre", {"coughing_blood": {None}}),
        ("fell on the patio and my leg looks wrong, I can't get up", {"fracture": {None}}),
        ("banged my elbow on the door and I think I've broken it", {"fracture": {None}}),
        ("the wound is bleeding and has soaked through three dressings",
         {"bleeding_bruising": {None}}),
        ("I haven't been able to pee since this morning even though I'm desperate",
         {"bladder_bowel_control_loss": {None}}),
        ("grandad's not making any sense today", {"confusion": {None}}),
        ("my right calf is almost twice the size of my left", {"leg_swelling": {None}}),
        ("my left boob has shrunk, it looks much smaller", {"breast_shape_change": {None}}),
        ("there's blood on the inside of my bra every morning", {"nipple_discharge": {None}}),
        ("bringing everything back up since lunch", {"vomiting": {None}}),
        ("the skin has an orange-peel look", {"orange_peel_skin": {None}}),
        ("a tight pain under my left breastbone", {"chest_pain": {None}}),
        ("the Rennie hasn't touched it, my chest is burning", {"chest_pain": {None}}),
        ("felt generally and quite suddenly unwell this afternoon", {"feeling_unwell": {None}}),
        ("I feel like it's the start of flu", {"feeling_unwell": {None}}),
        # a cue among the symptom's own words is its wording; one between the words of a
        # pairing (a place and a finding) still reaches it
        ("Bone metastases can cause pain and broken bones.",
         {"bone_pain": {"hypothetical"}, "fracture": {"hypothetical"}}),
        ("I had shingles across my chest in 2019 which was agony but that's long gone",
         {"chest_pain": {"past"}}),
        # feared missing, not had
        ("I'm scared I'd miss a lump in my armpit, how do I check?",
         {"armpit_lump": {"hypothetical"}}),
        # what is not a symptom
        ("my heart keeps racing, pounding for a few minutes, then it settles",
         {"fainting": {None}}),
        ("can chemo interact with my seizure medication?", {}),
        ("these spreadsheets are giving me a headache, when's my scan due?", {}),
        ("the cuff of my shirt is tight because my arm has swelled",
         {"arm_swelling": {None}}),
        ("I used to bound up the stairs, now I'm out of breath halfway up",
         {"shortness_of_breath": {None}}),
        ("I brought up blood when I coughed this morning", {"coughing_blood": {None}}),
    ],
)  # fmt: skip
def test_what_is_read(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text, level",
    [
        # a change today after a slow one is sudden: new confusion, an emergency
        ("mum's been a bit forgetful for a year but this morning she's completely different,"
         " she doesn't recognise my dad", "emergency"),
        ("mum's been a bit forgetful for a year", "urgent"),
        # chose not to have chemo: a fever without treatment is urgent
        ("I decided against chemo and now I have a temperature of 38.4", "urgent"),
        ("I'm on chemo and I have a temperature of 38.4", "emergency"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


def test_the_evaluators_and_the_tests_share_one_urgency_of_a_message():
    import support

    from scripts.evaluate_context import message_urgency, urgency_of_message

    assert support.urgency_of is urgency_of_message
    text = "I'm on chemo and I have a temperature of 38.4"
    from support import entities

    found = entities(get_extractor(), text)
    assert message_urgency({"text": text, "entities": found}) == "emergency"
    assert urgency_of_message(text, found) == urgency_of_message(text, found, read_knowledge())
