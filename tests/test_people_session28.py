"""Whose, when and whether (issue 12), session 28, from the retired twelfth people set
(validation set 12, read; not blind):

- a sister or carer writing "She's got the shakes ... she had her chemo last wednesday" reports
  the patient's symptoms now: a treatment given on a weekday is current, not a relative's
  history;
- "X is a symptom of Y, right?" asks, it does not tell;
- "I worry I'll get drowsy" fears what has not come;
- "he's back to himself now" says the confusion is over.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

from support import read_roles as roles


def test_a_carer_telling_of_this_weeks_chemo_reports_the_symptoms_now():
    assert roles("She's got a temp of 38.4 and the shivers, she had her chemo on Tuesday") == {
        "fever": {None}
    }


def test_a_relatives_old_treatment_is_still_their_history():
    assert roles("my aunt was sick for weeks on her chemo in 2012") == {
        "vomiting": {"other_person"}
    }


def test_a_statement_asked_back_is_a_question():
    assert roles("Drowsiness is one of the signs of high calcium, isn't it?") == {
        "drowsiness": {"hypothetical"}
    }


def test_a_statement_of_ones_own_symptom_is_not_a_question():
    assert roles("my cough is a symptom of my cold") == {"cough": {None}}


def test_a_fear_of_what_has_not_come_is_hypothetical():
    assert roles("I'm scared I'll get a fever on the new tablets") == {"fever": {"hypothetical"}}


def test_back_to_oneself_ends_an_old_confusion_but_not_this_mornings():
    assert roles("I was muddled in hospital in May but I'm back to myself now") == {
        "confusion": {"past"}
    }
    assert roles("I was confused this morning but I'm back to myself now") == {"confusion": {None}}
