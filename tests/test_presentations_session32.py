"""Presentations, whose and whether (issues 18 and 12), session 32, found by hand (not from a
validation or blind set):

- someone else's view of the writer, then the writer's "I'm not": "my husband thinks I'm
  confused but I'm not" is no confusion (it had been a 999 emergency);
- a denial taken back with a word for how bad it was: "I don't have a headache now but I had a
  terrible one this morning" is a headache this morning; "no fits for years" is a denial of
  fits (the clothes blocker "fits for" had hidden them);
- a PICC line, port or central line whose site is red, sore, leaking or infected (an id beyond
  the contract's table, line_site_problem) is seen the same day, and at once with a
  temperature or feeling unwell; "the line at the chemist", "a red wine at the port" and "my
  line of work" are no line; "where the picc goes in" is a place, not a swelling that went;
- a PICC, Hickman or port-a-cath line is read as a current treatment (unless dated back), so a
  temperature beside one is an emergency and the treatment line is named;
- palms and soles gone red, sore or peeling (hand-foot syndrome, an id beyond the table,
  hand_foot_soreness) are seen the same day during treatment;
- a single symptom tied to no part of the body (a temperature, a sore line) is explained by its
  own note, not as "cancer in any part of the body".

Sentences written for these tests.
"""

from __future__ import annotations

import pytest
from support import entities, urgency
from support import read_roles as roles

from symptom_checker.loader import read_knowledge
from symptom_checker.triage import assess
from symptom_checker.wording import ANYWHERE, assessment_messages
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, expected",
    [
        # disputed, then denied
        ("my husband thinks I'm confused but I'm not",
         {"confusion": {"hypothetical", "negated"}}),
        ("my daughter says I'm forgetful, I'm not!",
         {"confusion": {"hypothetical", "negated"}}),
        ("my wife reckons I'm forgetful but I'm not really",
         {"confusion": {"hypothetical", "negated"}}),
        ("my wife says I had a fit last night but I didn't",
         {"seizure": {"hypothetical", "negated"}}),
        # ... but not agreed with, nor a denial of something else, nor without someone's view
        ("my husband thinks I'm confused and I am", {"confusion": {None}}),
        ("my husband thinks I'm confused but I'm not sure", {"confusion": {None}}),
        ("my husband says I'm confused", {"confusion": {None}}),
        ("I've got a lump but I'm not worried", {"breast_lump": {None}}),
        ("I have a cough and I'm not sleeping", {"cough": {None}}),
        # a denial taken back, with how bad it was
        ("I don't have a headache now but I had a terrible one this morning",
         {"headache": {None}}),
        ("I haven't had a nosebleed in ages but I had a really bad one yesterday",
         {"bleeding_bruising": {None}}),
        ("no fits for years but she had a bad one last night", {"seizure": {None}}),
        # ... and fits counted over a time are fits, not clothes that fit
        ("no fits for years", {"seizure": {"negated"}}),
        # ... not one long ago
        ("no headache today, I had a bad one last year", {"headache": {"negated"}}),
        # a sore line site, and what is no line
        ("the skin around my picc line is red and oozing", {"line_site_problem": {None}}),
        ("no redness around my port", {"line_site_problem": {"negated"}}),
        ("my picc line was red last month but it's fine now", {"line_site_problem": {"past"}}),
        ("I had a red wine at the port last night", {}),
        ("my line of work is hot and stressful", {}),
        # palms and soles, and what is neither
        ("the skin is peeling off my palms", {"hand_foot_soreness": {None}}),
        ("I'm the sole carer for my mum, palm oil is in everything", {}),
        # where a line goes in is a place, not a swelling that went
        ("my arm is swollen where the picc goes in", {"arm_swelling": {None}}),
    ],
)  # fmt: skip
def test_what_is_read(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text, level",
    [
        ("my husband thinks I'm confused but I'm not", "soon"),
        ("my husband thinks I'm confused", "emergency"),
        ("I don't have a headache now but I had a terrible one this morning", "soon"),
        # a sore or leaking line: the same day; with a temperature or unwell: at once
        ("the skin around my picc line is red and oozing", "urgent"),
        ("my port site is red, hot and there's pus", "urgent"),
        ("I think my line is infected", "urgent"),
        ("there's gunk coming out where the line goes in", "urgent"),
        ("my picc line is red and I have a temperature of 38.4", "emergency"),
        ("my port is red and sore and I feel shivery and awful", "emergency"),
        # palms and soles gone red, sore or peeling (hand-foot syndrome): the same day during
        # treatment, within two weeks otherwise
        ("my palms and soles are red and peeling on capecitabine", "urgent"),
        ("I think I've got hand foot syndrome from the xeloda", "urgent"),
        ("the soles of my feet are cracked and sore", "soon"),
        # a PICC or Hickman line is there for treatment: a temperature beside one is the
        # emergency of a temperature on treatment, unless the line is long gone
        ("I have a temperature of 38.5 and a picc line", "emergency"),
        ("my mum has a hickman line and a fever", "emergency"),
        ("I had a picc line last year and now I have a temperature of 38", "urgent"),
        # a swollen arm beside a line, named by where it goes in
        ("my arm is swollen where the picc goes in", "urgent"),
        # ... not beside a line somewhere else
        ("my arm is swollen, the line at the chemist was so long", "soon"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


def test_the_line_of_a_queue_is_no_central_line():
    found = {e["value"] for e in entities(get_extractor(), "the line at the chemist was long")}
    assert "central_line" not in found


@pytest.mark.parametrize(
    "symptom_id", ["fever", "line_site_problem", "diarrhoea", "hand_foot_soreness"]
)
def test_one_symptom_tied_to_no_place_is_explained_by_its_own_note(symptom_id):
    knowledge = read_knowledge()
    assessment = assess([symptom_id], [], knowledge)
    said = "\n".join(m.text for m in assessment_messages(assessment, "a day", "no") if m.text)
    symptom = knowledge.symptom(symptom_id)
    assert symptom is not None and symptom.general_note
    assert symptom.general_note in said
    assert ANYWHERE not in said


def test_a_symptom_that_can_come_with_spread_anywhere_says_so_in_its_note():
    knowledge = read_knowledge()
    assessment = assess(["fatigue"], [], knowledge)
    said = "\n".join(m.text for m in assessment_messages(assessment, "a month", "no") if m.text)
    assert "any part of the body" in said


def test_in_a_list_a_symptom_tied_to_no_place_gets_its_note_under_the_places():
    knowledge = read_knowledge()
    fever = knowledge.symptom("fever")
    assert fever is not None and fever.general_note

    with_a_site = assess(["bone_pain", "fever"], [], knowledge)
    said = "\n".join(m.text for m in assessment_messages(with_a_site, "a day", "no") if m.text)
    assert "• the bones" in said and fever.general_note in said
    assert ANYWHERE not in said

    # nothing to list: no introduction to a list of places
    no_site = assess(["fever", "feeling_unwell"], [], knowledge)
    said = "\n".join(m.text for m in assessment_messages(no_site, "a day", "no") if m.text)
    assert fever.general_note in said
    assert "linked to:" not in said and "•" not in said
