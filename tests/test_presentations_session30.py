"""Presentations, whose and when (issues 18 and 12), session 30, from the retired twelfth acute
set and thirteenth people set (validation set 13, read; not blind):

- a limb that "won't lift" or feels like someone else's, shaking then stiff, collapsing and
  shaking, things put in odd places or the year not known, going vague or dazed: the red flags
  of brain or cord, in the words people use;
- bleeding "like a tap" or through a pad every half hour is heavy bleeding; black sticky poo
  is bleeding;
- a breath with a rasp in it, or like snoring, beside a swollen face is the airway emergency;
- "running 38" is a temperature; radiotherapy told by its sessions, or "the radio" when it was
  had, is treatment, while a radio turned on is not; treatment ten weeks ago is over;
- a calf measured bigger, a calf "on the left" hot and swollen; a wrist that "went pop", a crack
  felt in the side of the ribs; stopping twice to get one's breath; pain keeping someone up;
- drinking as if water were going out of fashion, or straight from the tap; "so thirsty";
  "sair" ribs; "weightloss";
- "my mum has a bad headache, she had breast cancer": the carer's mother's history, so her
  headache now (it had been read as the mother's, someone else's);
- "what if it gets to my brain and I have a fit?" asks (the "and I have" goes on with the
  condition inside a question); said as a statement it is the writer's own;
- a back "fine", a weight that "hasn't budged", the breast itself "fine", "eyes fine",
  "nothing broken" deny their symptom;
- an arm that will not lift above the shoulder after surgery, tumour markers and a tumour
  board, the parking that "gives me a headache" are not symptoms.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import entities, urgency
from support import read_roles as roles

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, level",
    [
        ("his left arm won't lift since this afternoon", "emergency"),
        ("my hand feels like it belongs to someone else since lunch", "emergency"),
        ("she shook and went stiff on the sofa for a minute", "emergency"),
        ("my wife just collapsed in the hall and shook for two minutes", "emergency"),
        ("he can't tell me what year it is since this afternoon", "emergency"),
        ("she put the kettle in the fridge this morning and doesn't know me", "emergency"),
        ("bleeding like a tap from down below", "emergency"),
        ("soaking through a pad every half hour since lunch", "emergency"),
        ("her breathing has a rasp to it and her face is swollen", "emergency"),
        ("face and neck puffy and she sounds like she's snoring while awake", "emergency"),
        ("fever of 38.4, I finished 10 sessions to my chest two weeks ago", "emergency"),
        ("temp 38.3, had my radio sessions last month", "emergency"),
        ("temp 38.5 tonight, last radiotherapy was ten weeks ago", "urgent"),
        ("temp 38.5 tonight, heard about this on my radio", "urgent"),
        ("running 38 since last night", "urgent"),
        ("my left calf is 3cm bigger than the right", "urgent"),
        ("my calf on the right is hot swollen and hurts to walk", "urgent"),
        ("my wrist went pop opening a tin and now it's swollen", "urgent"),
        ("i felt something crack on the right side of my ribs when i coughed", "urgent"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


@pytest.mark.parametrize(
    "text, expected",
    [
        ("i have to stop twice now to get my breath", {"shortness_of_breath": {None}}),
        ("can't do the stairs without stopping now", {"shortness_of_breath": {None}}),
        ("constant sick feeling all day", {"vomiting": {None}}),
        ("been sick about 7 times today", {"vomiting": {None}}),
        ("drinking water like it's going out of fashion", {"excessive_thirst": {None}}),
        ("dad drinks straight from the tap all day", {"excessive_thirst": {None}}),
        ("i'm so thirsty all the time", {"excessive_thirst": {None}}),
        ("my ribs are sair since last week", {"bone_pain": {None}}),
        ("weightloss and tiredness", {"weight_loss": {None}, "fatigue": {None}}),
        ("he's going a bit vague since yesterday", {"confusion": {None}}),
        ("she's gone hot and shivery", {"fever": {None}}),
        # a question that goes on with "and I have" still asks
        ("what if it gets to my brain and i have a fit in the bath?",
         {"seizure": {"hypothetical"}}),
        ("what if it spreads and i get pain in my bones?", {"bone_pain": {"hypothetical"}}),
        ("I had chemo on monday and I have a fever", {"fever": {None}}),
        # "she had breast cancer" after a carer's report is the cared-for person's history
        ("my mum has a bad headache, she had breast cancer", {"headache": {None}}),
        ("my dad is confused today, he had breast cancer in 2018", {"confusion": {None}}),
        # ... and beside the writer's own symptom, or of someone who died, a relative's
        ("I have a cough. my sister had breast cancer and she had a cough too",
         {"cough": {None, "other_person"}}),
        ("my aunt had breast cancer and she went yellow before she died",
         {"jaundice": {"other_person"}}),
        # a part said to be fine denies its symptom
        ("my hips ache at night. nothing broken far as i know. back is fine.",
         {"bone_pain": {None}, "fracture": {"negated"}, "back_pain": {"negated"}}),
        ("tired for weeks but weight hasn't budged",
         {"fatigue": {None}, "weight_loss": {"negated"}}),
        ("lump under my arm, the breast itself feels fine",
         {"armpit_lump": {None}, "breast_lump": {"negated"}}),
        ("headaches for a week, not being sick, eyes fine",
         {"headache": {None}, "vomiting": {"negated"}, "vision_change": {"negated"}}),
    ],
)  # fmt: skip
def test_what_is_read(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my arm won't lift above my shoulder since the op",
        "the pain is dull and vague",
        "it's gone hot outside today",
        "my tumour markers went up a bit",
        "what is a tumour board",
        "i had the radio on in the car",
        "i fell in the kitchen and was shaking like a leaf",
        "the parking at the hospital gives me a headache every week",
        "the football results gie me a sair heid every Saturday",
    ],
)
def test_the_look_alikes_are_not_read(text):
    assert not {k: v for k, v in roles(text).items() if None in v}


def test_a_pain_keeping_someone_up_is_a_pain_at_night():
    found = entities(get_extractor(), "the ache in my back is keeping me up")
    assert {(e["entity"], e.get("value")) for e in found} >= {
        ("symptom", "back_pain"),
        ("feature", "night_pain"),
    }
