"""Whose symptom, when and whether (issue 19, session 18): the readings that mutation testing
of ``symptom_nlu/components/context.py`` (``scope_of``, ``find_cues``, ``anaphoric_denials``)
found no test for.

How far a cue reaches: a cue that opens a later sentence reaches that sentence; a time said
after the symptom reaches back to the message's or the sentence's first word, but not past the
nearest word that says now; a named condition ("asthma") dates only its own words. Which cues
count: a phrase that only looks like a cue ("walked my dog", "since last year", "my mum and
I") voids the cues inside it, not those after it. A denial that points back ("I don't have
that", "mine looks normal") points at the symptom named last, not at one the writer has.

Sentences written for these tests, not copied from a validation or blind set.
"""

from __future__ import annotations

import pytest
from support import mentions

from symptom_nlu.extract import get_extractor


def found(text: str) -> set[tuple[str, str | None]]:
    """Every (symptom, role) the component reads in the message; a present one has no role."""
    return mentions(get_extractor(), text)


def readings(text: str) -> set[tuple[str, str | None, bool]]:
    """Every (symptom, role, whether a relative's) the component reads in the message."""
    return {(m.symptom_id, m.role, m.relative) for m in get_extractor().extract(text).symptoms}


# -- a cue that opens a later sentence -----------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # "Previously" is the history word of the second sentence only
        (
            "I have a cough. Previously headaches every day.",
            {("cough", None), ("headache", "past")},
        ),
        # "Suppose" supposes over its own sentence, after one that reports
        ("I am on chemo. Suppose I get a fever tonight.", {("fever", "hypothetical")}),
    ],
)
def test_a_cue_that_opens_a_later_sentence_reaches_over_that_sentence(text, expected):
    assert found(text) == expected


# -- a time said after the symptom ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # the symptom is the message's first word
        ("Headaches years ago.", {("headache", "past")}),
        ("Seizures years ago, none since.", {("seizure", "past")}),
        # ... or its sentence's first word
        ("I am fine now. Headaches years ago.", {("headache", "past")}),
        ("I have a cough. Migraines years ago.", {("cough", None), ("headache", "past")}),
    ],
)
def test_a_time_said_after_the_symptom_dates_it_from_the_first_word(text, expected):
    assert found(text) == expected


# -- a named condition -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I have a terrible headache and asthma",
        "Bad headache and copd",
    ],
)
def test_a_named_condition_is_past_but_not_the_symptom_told_before_it(text):
    """The condition's breathlessness is history; the headache before it, in the same
    clause, is now."""
    assert found(text) == {("headache", None), ("shortness_of_breath", "past")}


# -- a word that says now ends a time said after the symptom -----------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # "this week" is the nearest word of now before "was just a cold": today's headache
        # is not over
        (
            "Today I have a headache and this week the cough was just a cold",
            {("headache", None), ("cough", "past")},
        ),
        # ... and one after it does not stop it from reaching back to the cough
        (
            "I have a headache today, the cough was just a cold, and I feel sick this week",
            {("headache", None), ("cough", "past"), ("vomiting", None)},
        ),
    ],
)
def test_a_cold_that_is_over_reaches_back_only_to_the_nearest_word_of_now(text, expected):
    assert found(text) == expected


# -- a phrase that only looks like a cue -----------------------------------------------------


def test_i_inside_my_mum_and_i_still_ends_the_sisters_scope():
    """ "my mum and I" is no one else's cue, but its "I" is still the writer coming back: the
    headaches are the writer's, the cough the sister's."""
    assert found("My sister has a cough and my mum and I have headaches") == {
        ("cough", "other_person"),
        ("headache", None),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I had a clot and since last year headaches",
        "I had a clot years ago and since last year I get headaches",
    ],
)
def test_since_inside_since_last_year_still_ends_a_time_long_ago(text):
    assert found(text) == {("headache", None)}


def test_a_pet_phrase_before_a_relative_leaves_the_relatives_cue():
    """ "walked my dog" voids the cues inside it, not "my mum" after it: the cough is the
    mother's, told by her carer."""
    assert readings("I walked my dog and my mum has a cough") == {("cough", None, True)}


def test_the_writer_coming_back_after_a_support_group_friend_ends_the_friends_scope():
    """The "my" of "my support group" is not the writer coming back, but the "I" after it is."""
    assert found("A friend from my support group has a cough, but I have a headache") == {
        ("cough", "other_person"),
        ("headache", None),
    }


# -- a denial that points back -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # "that" is the father's cough, not the writer's own headache
        (
            "My dad has a cough. I have a headache but I don't have that.",
            {("cough", "other_person"), ("cough", "negated"), ("headache", None)},
        ),
        # "none of those" after a question about the writer's own headache, which names no
        # list to deny
        ("Could my headache be spread? I've got none of those.", {("headache", None)}),
    ],
)
def test_a_denial_does_not_point_at_a_symptom_the_writer_reports(text, expected):
    assert found(text) == expected


def test_i_dont_have_that_points_only_at_the_symptom_named_last():
    text = "My friend has a cough. My neighbour went yellow last spring. I don't have that."
    assert found(text) == {
        ("cough", "other_person"),
        ("jaundice", "other_person"),
        ("jaundice", "negated"),
    }
