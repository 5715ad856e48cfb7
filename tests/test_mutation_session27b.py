"""A denial taken back (issue 19, session 27, second run): the readings that mutation testing
of the lines changed on main after the ``s27-mutate`` run (``negation.py``'s "reaffirm" cues)
found no test for.

- A denial taken back later in its sentence makes its symptom now even when the denial was
  dated ("years ago"): the date belonged to the denial, not to the symptom had today.
- Only what the taken-back denial named is read again: a symptom told before it keeps its own
  reading, present or past.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

from support import read_roles as roles


def test_a_dated_denial_taken_back_is_a_symptom_now():
    # "years ago" dates the denial; "but I've just had one" makes the headache now, not past
    text = "I didn't have headaches after my radiotherapy years ago but I've just had one"
    assert roles(text) == {"headache": {None}}


def test_a_symptom_told_before_a_denial_taken_back_stays_present():
    # only what the taken-back denial named is read again; the cough told before it was
    # never denied and stays present
    text = "I've had a cough all week, and I haven't had a fit for years but I had one today"
    assert roles(text) == {"cough": {None}, "seizure": {None}}


def test_a_past_symptom_told_before_a_denial_taken_back_stays_past():
    # the taken-back denial makes only its own fit now; the cough of last year stays past
    text = (
        "Last year I had a cough for months, and I haven't had a fit since I was at school "
        "but I had one an hour ago"
    )
    assert roles(text) == {"cough": {"past"}, "seizure": {None}}
