"""Whose symptom (issue 12), session 26, from the retired eleventh people set (validation set
11, read; not blind): a child named by their age ("my 8 year old", "our 3-year-old") is a
relative like "my son", so when the writer also speaks as the patient ("I'm on chemo") the
child's symptom is the child's, and when they do not, the writer is caring for the child.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles

from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("My 7 year old has been coughing all week. I'm on chemo, is that a risk?", "cough"),
        ("our 4-year-old has a temperature and I'm having radiotherapy at the moment", "fever"),
    ],
)
def test_a_childs_symptom_is_the_childs_when_the_writer_is_the_patient(text, symptom):
    assert roles(text) == {symptom: {"other_person"}}


def test_a_child_named_by_age_alone_is_cared_for_not_someone_else():
    mentions = get_extractor().extract("My 9 year old has a cough").symptoms
    assert [(m.symptom_id, m.role, m.relative) for m in mentions] == [("cough", None, True)]


def test_the_writers_own_age_is_no_relative():
    assert roles("I'm 52 year old and found a lump in my breast") == {"breast_lump": {None}}


@pytest.mark.parametrize(
    "text, expected",
    [
        # "sickness" is being sick, and "no sickness" denies it; "temp" is a temperature
        (
            "Day two after chemo, bit tired. No temp and no sickness.",
            {"fatigue": {None}, "fever": {"negated"}, "vomiting": {"negated"}},
        ),
        ("picked up a sickness bug from the grandkids", {"vomiting": {None}}),
        # a chest that is fine denies chest pain
        (
            "Not coughing, chest is fine, but my ankle has swollen up",
            {"cough": {"negated"}, "chest_pain": {"negated"}, "leg_swelling": {None}},
        ),
    ],
)
def test_sickness_temp_and_a_fine_chest_are_heard(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm off on sickness leave for my hip operation next month",
        "I had awful morning sickness when I was expecting",
        "I'm a temp at the council and just wondering about screening",
        "the anti-sickness tablets from the chemo nurse have bunged me up",
    ],
)
def test_sickness_leave_morning_sickness_and_a_temp_job_are_no_symptoms(text):
    assert "vomiting" not in roles(text) and "fever" not in roles(text)


@pytest.mark.parametrize(
    "text",
    [
        "I've been temping at an office since chemo finished and found a lump in my armpit",
        "Her face is big news at school since the play, and I found a lump in my armpit",
    ],
)
def test_temping_and_big_news_are_no_fever_or_swollen_face(text):
    assert roles(text) == {"armpit_lump": {None}}
