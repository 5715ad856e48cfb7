"""Whose symptom (issue 12), session 27, from the retired eleventh people set (validation set
11, read; not blind):

- a patient named in brackets without "the" ("Mum (patient)") names who is assessed, and a
  relative named after the patient ("... and my brother has a migraine") is someone else,
  while "she" and "he" after it stay the patient;
- "Mum" and "Dad" written as names, with a capital and no "my", are relatives: the writer
  cares for them, unless the writer also reports their own symptom;
- "That's her, not me" says whose the symptoms are.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

from support import read_roles as roles

from symptom_nlu.extract import get_extractor


def test_a_patient_named_without_the_is_the_one_assessed():
    text = "Dad (patient) is very drowsy today and my sister has a cold sore and a cough"
    assert roles(text) == {
        "drowsiness": {None},
        "cough": {"other_person"},
    }


def test_she_after_the_named_patient_is_still_the_patient():
    assert roles("My mum (the patient) lives with us and she has had a fever since lunch") == {
        "fever": {None}
    }


def test_a_relative_named_after_the_patient_is_someone_else():
    text = "Gran (she's the patient) is coughing up blood and my uncle has a headache"
    assert roles(text) == {"coughing_blood": {None}, "headache": {"other_person"}}


def test_mum_written_as_a_name_is_cared_for():
    mentions = get_extractor().extract("Mum has been very confused since this morning").symptoms
    assert [(m.symptom_id, m.role, m.relative) for m in mentions] == [("confusion", None, True)]


def test_dad_written_as_a_name_beside_the_writers_own_symptom_is_his():
    assert roles("Dad has a bad cough and I have found a lump in my armpit") == {
        "cough": {"other_person"},
        "armpit_lump": {None},
    }


def test_telling_mum_about_a_lump_leaves_the_lump_the_writers():
    assert roles("I told Mum I have a lump in my breast") == {"breast_lump": {None}}


def test_mum_in_lower_case_inside_a_word_of_the_writer_is_no_relative():
    assert roles("I'm a mum of two and I have a cough") == {"cough": {None}}


def test_thats_her_not_me_makes_the_relatives_symptom_hers():
    text = "My sister has a lump in her armpit. That's her, not me."
    assert roles(text) == {"armpit_lump": {"other_person"}}


def test_a_person_said_to_have_the_cancer_now_is_the_one_written_about():
    text = (
        "I'm phoning about my brother's wife, she's got secondary breast cancer and since "
        "lunchtime she's been very confused"
    )
    mentions = get_extractor().extract(text).symptoms
    assert [(m.symptom_id, m.role, m.relative) for m in mentions] == [("confusion", None, True)]


def test_without_the_cancer_said_a_relatives_wife_is_someone_else():
    text = "I'm phoning about my brother's wife, she's been very confused since lunchtime"
    assert roles(text) == {"confusion": {"other_person"}}


def test_a_writer_with_nothing_wrong_and_not_the_carer_leaves_the_cough_the_neighbours():
    text = (
        "There's nothing wrong with me, my neighbour is the one who's ill, she's got "
        "secondary breast cancer and coughs all night. I'm not her carer."
    )
    assert roles(text)["cough"] == {"other_person"}
