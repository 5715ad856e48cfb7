"""When (issue 12), session 28: a date told of an older illness dates that illness only.

- A time that opens a clause after "and", "but" or a comma, with its subject after it ("I have
  chest pain and years ago I had a clot"), dates the clause it opens, not the present one
  before it; a time said last in a clause still dates what comes before it ("I broke my wrist,
  years ago"), and a long-standing time still covers what has gone on since ("I get migraines
  and have done since I was a teenager").
- A history clause with no subject after a comma ("..., had breast cancer in 2019") is its own
  clause: its year does not reach back over the writer's present tense.
- A relative's illness told after the writer's own symptom ("I have back pain and my mum had a
  clot last year") does not take the writer's symptom with it: the writer's "I" speaks for the
  whole clause before.

Found by hand in session 27 (the first was a fresh message to a running assistant). Sentences
written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, now, then",
    [
        ("I have chest pain and years ago I had a clot", "chest_pain", None),
        ("I have chest pain, years ago I had a clot", "chest_pain", None),
        ("I've got a cough and in 2019, I had pneumonia", "cough", None),
        ("I have a headache and back in 2016 I had a fit", "headache", "seizure"),
        ("My ribs ache and a few years ago I broke my wrist", "bone_pain", "fracture"),
    ],
)
def test_a_time_that_opens_the_next_clause_dates_that_clause_only(text, now, then):
    found = roles(text)
    assert found[now] == {None}
    if then:
        assert found[then] == {"past"}


def test_a_history_clause_after_a_comma_does_not_date_the_present_one():
    text = (
        "I have a dull ache in my hip at night for three weeks, had breast cancer in 2019, "
        "not on treatment"
    )
    assert roles(text) == {"bone_pain": {None}}
    # night pain in a bone after breast cancer is urgent; read as past it was "no symptom"
    assert urgency(get_extractor(), read_knowledge(), text) == "urgent"


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        # a long-standing time covers what has gone on since
        ("I get migraines and have done since I was a teenager", "headache"),
        # a time said last still dates what comes before it
        ("I broke my wrist, years ago", "fracture"),
        ("I had a fit years ago", "seizure"),
        # no present tense: the whole is history
        ("I have had a lump and had it removed in 2019", "breast_lump"),
        # a time said first dates the clause after it
        ("Years ago, I had a clot in my leg", "leg_swelling"),
    ],
)
def test_the_dates_that_still_reach_their_symptom(text, symptom_id):
    assert roles(text)[symptom_id] == {"past"}


def test_the_writer_first_then_an_older_time_keeps_both_right():
    assert roles("I had a fit years ago and I have a headache") == {
        "seizure": {"past"},
        "headache": {None},
    }


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("I have back pain and my mum had a clot last year", "back_pain"),
        ("my back aches and my mum had a clot last year", "back_pain"),
        ("I have a cough and my sister had a stroke", "cough"),
    ],
)
def test_a_relatives_illness_told_after_the_writers_symptom_leaves_it_the_writers(
    text, symptom_id
):
    assert roles(text)[symptom_id] == {None}


def test_a_relatives_illness_still_covers_what_the_sentence_says_of_them():
    assert roles("my nan had cancer in her spine and was wetting herself") == {
        "bladder_bowel_control_loss": {"other_person"}
    }
