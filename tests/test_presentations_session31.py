"""Presentations, whose and when (issues 18 and 12), session 31, found by hand (not from a
validation or blind set):

- words hammered out one at a time ("CANT. BREATHE.") or with spaces typed twice are read as
  the sentence they make, and every mention keeps the offsets of what was typed;
- an arm or hand that *feels* heavy is lymphoedema's heaviness (a swollen arm), one that *went*
  heavy is weakness; legs that feel heavy stay weakness (the cord);
- a swollen arm beside a PICC line or a port is seen the same day (a clot on the line);
- "I've had back pain for weeks, if it has spread ...": the writer's own report before a
  supposition stays theirs; "if it is in my liver would I have pain?" supposes;
- "I had the cough and the back ache in the spring" dates both; "I have a cough and the back
  ache is better now" leaves the cough;
- "... but now it's back" brings a symptom that had gone back; "the nurse asked if I had
  headaches, I said no" denies, "I said yes" or "I do get them" has it;
- a headache worse on straining on the toilet is no constipation.
- diarrhoea (an id beyond the contract's table) is urgent during treatment, and a message that
  names it is a report even when the intent model reads a question about treatment.

Sentences written for these tests.
"""

from __future__ import annotations

import pytest
from support import entities, urgency
from support import read_roles as roles
from test_symptom_nlu_component import message

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor
from symptom_nlu.rasa_component import SymptomEntityExtractor
from symptom_nlu.reading import reading_text


@pytest.mark.parametrize(
    "text, reading",
    [
        ("CANT. BREATHE.", "CANT BREATHE."),
        ("help. cant. get. breath!", "help cant get breath!"),
        ("my  chest   hurts", "my chest hurts"),
        # an answer keeps its full stop, on either side of it
        ("No. Fever.", "No. Fever."),
        ("Headache. Yes.", "Headache. Yes."),
        # a sentence and a word is no staccato run
        ("I'm fine. Cough.", "I'm fine. Cough."),
        ("line one\n\nline two", "line one\n\nline two"),
    ],
)
def test_the_text_as_it_is_read(text, reading):
    assert reading_text(text)[0] == reading


def test_every_character_read_points_back_at_what_was_typed():
    text = "ok.  CANT. GET.   BREATH. lump  here"
    reading, offsets = reading_text(text)
    assert reading == "ok. CANT GET BREATH. lump here"
    assert len(offsets) == len(reading) + 1 and offsets[-1] == len(text)
    assert all(text[offsets[i]] == c for i, c in enumerate(reading) if c != " ")
    assert offsets == sorted(set(offsets))


@pytest.mark.parametrize(
    "text, symptom, typed",
    [
        ("CANT. BREATHE.", "shortness_of_breath", "CANT. BREATHE"),
        ("I cant  get  my  breath", "shortness_of_breath", "cant  get  my  breath"),
        ("ok. my  head   is pounding", "headache", "head   is pounding"),
    ],
)
def test_a_mention_is_reported_at_the_words_typed(text, symptom, typed):
    found = [m for m in get_extractor().extract(text).symptoms if m.symptom_id == symptom]
    assert [m.text for m in found] == [typed]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_a_feature_is_reported_at_the_words_typed():
    text = "HELP.  CANT. BREATHE."
    severe = [e for e in entities(get_extractor(), text) if e.get("value") == "severe"]
    assert [text[e["start"] : e["end"]] for e in severe] == ["CANT. BREATHE"]


@pytest.mark.parametrize(
    "text, level",
    [
        ("CANT. BREATHE.", "emergency"),
        ("help. can't. breathe. properly", "emergency"),
        ("I  can't  breathe", "emergency"),
        # heaviness that came on is weakness; heaviness felt is a swollen arm
        ("my arm suddenly went heavy", "emergency"),
        ("my legs feel heavy since this morning", "emergency"),
        ("my arm feels heavy", "soon"),
        ("my arm feels heavy by teatime and my watch strap is tight", "soon"),
        # a swollen arm beside a line or a port
        ("the arm with my picc line in has swollen up", "urgent"),
        ("my hand is puffy on the same side as my port", "urgent"),
        ("my arm is swollen since the nodes came out", "soon"),
        # diarrhoea (an id beyond the contract's table): urgent during treatment
        ("I have diarrhoea 7 times today and I'm on immunotherapy", "urgent"),
        ("my poo has been really watery since my chemo tablets started", "urgent"),
        ("loose stools all week, not on any treatment", "soon"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level


@pytest.mark.parametrize(
    "text, expected",
    [
        # the writer's own report, then a supposition about spread
        ("I've had back pain for 3 weeks, if it has spread to my bones what then?",
         {"back_pain": {None}}),
        ("I get headaches every morning, if it is in my brain what would they do?",
         {"headache": {None}}),
        # ... and a supposition asked about
        ("if it is in my liver would I have pain there?",
         {"right_upper_abdominal_pain": {"hypothetical"}}),
        ("would I have pain if it was in my liver?",
         {"right_upper_abdominal_pain": {"hypothetical"}}),
        # ... but not the words of a question, nor across a full stop, nor after the cue
        ("when I get headaches, if it has spread what should I do?",
         {"headache": {"hypothetical"}}),
        ("I have a question. Headaches, if it has spread will they get worse?",
         {"headache": {"hypothetical"}}),
        ("suppose I have a fit while driving, what happens?",
         {"seizure": {"hypothetical"}}),
        # a list dated as a whole
        ("i had the cough and the back ache in the spring",
         {"cough": {"past"}, "back_pain": {"past"}}),
        # a clause that names its own symptom keeps its better-now to itself
        ("I have a cough and the back ache is better now",
         {"cough": {None}, "back_pain": {"past"}}),
        ("I have a cough and the headache was last year",
         {"cough": {None}, "headache": {"past"}}),
        # ... not a clause that names its symptom only after the cue
        ("I had a bad cough, but it cleared up before the headache started",
         {"cough": {"past"}, "headache": {None}}),
        # ... and only symptoms listed with list words between them share a date
        ("I've got a cough but the back ache in the spring",
         {"cough": {None}, "back_pain": {"past"}}),
        # ... or a cue that speaks of several
        ("the tiredness and the sickness both went after chemo",
         {"fatigue": {"past"}, "vomiting": {"past"}}),
        # ... and a relative's story keeps the relative's symptoms
        ("my aunt's belly swelled up and she went yellow before she died",
         {"abdominal_swelling": {"other_person"}, "jaundice": {"other_person"}}),
        # ... while a clause without one tells of the symptom before it
        ("I had a cough, it's all better now", {"cough": {"past"}}),
        # a symptom that went, and "now it's back"
        ("my cough cleared up in march but now it's back",
         {"cough": {"past", None}}),
        # a question someone asked, and the writer's answer to it
        ("the nurse asked if I had any headaches, I said no",
         {"headache": {"hypothetical", "negated"}}),
        ("the nurse asked about headaches and blurred vision, I said no to both",
         {"headache": {"hypothetical", "negated"},
          "vision_change": {"hypothetical", "negated"}}),
        ("the GP asked about bone pain and I said yes",
         {"bone_pain": {"hypothetical", None}}),
        ("can chemo cause headaches? I do get them",
         {"headache": {"hypothetical", None}}),
        # ... and straining named as what makes a headache worse is no constipation
        ("my headache is worse when I cough or strain on the toilet",
         {"headache": {None}}),
    ],
)  # fmt: skip
def test_what_is_read(text, expected):
    assert roles(text) == expected


def test_diarrhoea_said_beside_a_treatment_is_a_report_not_a_question_about_treatment():
    config = SymptomEntityExtractor.get_default_config()
    component = SymptomEntityExtractor(config, extractor=get_extractor())
    text = "I have diarrhoea 7 times today and I'm on immunotherapy"
    (processed,) = component.process([message(text, intent="ask_treatment")])
    found = {(e["value"], e.get("role")) for e in processed.get("entities")}
    assert ("diarrhoea", None) in found
    assert processed.get("intent")["name"] == "report_symptom"


def test_diarrhoea_denied_is_not_counted():
    assert roles("no diarrhoea or sickness") == {
        "diarrhoea": {"negated"},
        "vomiting": {"negated"},
    }
