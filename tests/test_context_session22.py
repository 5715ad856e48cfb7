"""Whose symptom (issue 19, session 22): the readings that mutation testing of
``symptom_nlu/components/context.py`` (``_not_the_named_patient``, ``load_patient_phrases``,
``build``) found no test for.

The relative a carer names as the patient ("my mum (who is the patient)", "my neighbour (the
patient)") is the one assessed: the relatives told of before are someone else. The phrases in
which the writer speaks as the patient come from the resources folder the pipeline is built
from. A named long-term condition ("epilepsy", "my usual migraines") is history however it
is spelt.

Sentences written for these tests, not copied from a validation or blind set.
"""

from __future__ import annotations

import pytest
from support import mentions

from symptom_nlu.components.context import load_patient_phrases
from symptom_nlu.extract import get_extractor


def found(text: str) -> set[tuple[str, str | None]]:
    """Every (symptom, role) the component reads in the message; a present one has no role."""
    return mentions(get_extractor(), text)


# -- the relative named as the patient -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the words that name the patient inside the brackets, after the "("
        "Grandad Joe has a bad cough, and my mum (who is the patient) has had a fever since "
        "last night",
        "Grandad Joe has a bad cough, and my mum (she is the patient) has had a fever since "
        "last night",
    ],
)
def test_a_relative_named_as_the_patient_in_words_inside_brackets_is_the_one_assessed(
    text: str,
) -> None:
    assert found(text) == {("cough", "other_person"), ("fever", None)}


@pytest.mark.parametrize(
    "text",
    [
        # a neighbour, or a relative told of through another ("my wife's mum"), named as the
        # patient: the grandfather's cough is his, not the patient's (fixed in session 22)
        "Grandad Joe has a bad cough, and my neighbour (the patient) has had a fever since "
        "last night",
        "Grandad Joe has a bad cough, and my wife's mum (the patient) has had a fever since "
        "last night",
    ],
)
def test_whoever_is_named_as_the_patient_the_relatives_told_of_before_are_someone_else(
    text: str,
) -> None:
    assert found(text) == {("cough", "other_person"), ("fever", None)}


# -- the phrases in which the writer speaks as the patient ---------------------------------


def test_the_writers_own_phrases_are_read_from_the_resources_folder_given(tmp_path) -> None:
    (tmp_path / "context.yml").write_text(
        'writer_is_patient:\n  - "as for me ,"\n  - "my own (chest|health)"\n'
        'writer_is_patient_unless:\n  - "excuse me ,"\n',
        encoding="utf-8",
    )
    folder = str(tmp_path)
    assert load_patient_phrases(folder) == ("as for me ,", "my own (chest|health)")
    assert load_patient_phrases(folder, "writer_is_patient_unless") == ("excuse me ,",)


# -- a named long-term condition, misspelt or in another form --------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # read on the words' normal forms: a spelling the normaliser corrects ...
        ("I have epilepsey and a headache", {("seizure", "past"), ("headache", None)}),
        ("my usual migranes are back", {("headache", "past")}),
        # ... and a word it gives another form ("known" -> "know"), in the rule as in the message
        ("my known migraines are back", {("headache", "past")}),
    ],
)
def test_a_long_term_condition_is_recognised_whatever_the_spelling(
    text: str, expected: set[tuple[str, str | None]]
) -> None:
    assert found(text) == expected
