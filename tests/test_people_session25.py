"""Whose, when and whether (issue 12), session 25: four readings left open in session 24's
note (not blind: found by hand and by the mutation helper).

- "Why would my arm be so swollen?" asks the cause of what the writer has: the "would my" of a
  question about what might happen no longer makes it hypothetical after "why" or "how come".
- "What does it mean when your eyes go yellow? mine have": the writer answers their own
  question; the symptom is theirs.
- "Do I need to go to A&E if I've had a fit?": a perfect "if I've had" tells what happened, so
  the fit is the writer's and is an emergency; "what happens if I have a fit?" stays a question.
- "The nurse asked about a fever or a rash, none of those here": what someone asked about is
  asked, not had (it read the fever as present).

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import roles_by_id, urgency

from symptom_checker.vocabulary import HYPOTHETICAL_ROLE, NEGATED_ROLE
from symptom_nlu.extract import get_extractor


def present(text: str) -> set[str]:
    return {s for s, roles in roles_by_id(get_extractor(), text).items() if None in roles}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Why would my arm be so swollen?", "arm_swelling"),
        ("how come my ankles are so puffy?", "leg_swelling"),
        ("why would my bones ache this much after chemo", "bone_pain"),
    ],
)
def test_asking_why_the_writers_own_symptom_is_there_tells_it(text, symptom):
    assert symptom in present(text)


def test_asking_what_might_happen_stays_a_question():
    roles = roles_by_id(get_extractor(), "would my arm swell up after the surgery?")
    assert roles.get("arm_swelling") == {HYPOTHETICAL_ROLE}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("what does it mean when your eyes go yellow? mine have", "jaundice"),
        ("can chemo make your feet go numb? mine have, both of them", "limb_weakness"),
    ],
)
def test_a_writer_who_answers_their_own_question_has_the_symptom(text, symptom):
    assert symptom in present(text)


def test_a_writer_who_says_theirs_has_not_is_denying_it():
    roles = roles_by_id(
        get_extractor(), "what does it mean when your eyes go yellow? mine haven't"
    )
    assert None not in roles.get("jaundice", set())
    assert NEGATED_ROLE in roles["jaundice"]


@pytest.mark.parametrize(
    "text",
    [
        "Do I need to go to A&E if I've had a fit?",
        "should I call 999 if I've just had a seizure",
    ],
)
def test_asking_what_to_do_after_a_fit_that_happened_is_an_emergency(knowledge, text):
    assert "seizure" in present(text)
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize("text", ["what happens if I have a fit?", "if I get a fit what do I do"])
def test_a_fit_that_may_come_stays_a_question(text):
    assert "seizure" not in present(text)


def test_what_the_nurse_asked_about_is_not_had():
    text = "The nurse asked about a fever or a rash, none of those here."
    assert "fever" not in present(text)
    assert present("the GP asked about any lumps and I said I have one in my armpit") == {
        "armpit_lump"
    }
    assert "fever" in present("the nurse asked about a fever. I do have one, 38.5")


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("can the cancer cause headaches? they started a few days ago", "headache"),
        ("Can letrozole cause bone pain? Mine began about three weeks in", "bone_pain"),
    ],
)
def test_a_question_then_when_it_began_tells_the_symptom(text, symptom):
    assert symptom in present(text)


def test_a_question_then_when_the_treatment_began_does_not():
    assert "limb_weakness" not in present(
        "Can chemo make your feet go numb? Started chemo last week"
    )
