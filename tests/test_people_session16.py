"""Whose symptom a carer tells (issues 12 and 19): a relative's, unless the writer speaks of
themselves between the relative and the symptom.

"I called 999 because my dad is coughing up blood": the writer's "I" comes before the
relative is named, so the blood is the father's. "My husband says I was shaking": the "I"
comes after the husband and before the symptom, so the shaking is the writer's.

Sentences written for these tests, not copied from a validation or blind set.
"""

from __future__ import annotations

import pytest
from support import roles_by_id

from symptom_nlu.extract import get_extractor


def relative_flags(text: str) -> dict[str, bool]:
    return {m.symptom_id: m.relative for m in get_extractor().extract(text).symptoms}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I called 999 because my dad is coughing up blood", "coughing_blood"),
        ("I'm worried, my mum has a bad cough", "cough"),
        ("I found my dad on the floor, he had a fit", "seizure"),
        ("my mum had a fit in front of me", "seizure"),
        ("my mum had a fit next to me", "seizure"),
        ("my sister had a fit, so I'm scared", "seizure"),
    ],
)
def test_a_writers_word_before_the_relative_or_after_the_symptom_leaves_it_the_relatives(
    text, symptom
):
    assert relative_flags(text) == {symptom: True}


@pytest.mark.parametrize(
    "text",
    ["my husband says I was shaking on the floor", "my husband says I had a fit last night"],
)
def test_the_writer_named_between_the_relative_and_the_symptom_is_the_one_who_has_it(text):
    assert relative_flags(text) == {"seizure": False}


@pytest.mark.parametrize(
    "text",
    [
        "my mum came to my support group and had a fit",
        "my mum sat with my church group and had a fit",
    ],
)
def test_the_my_of_the_writers_group_does_not_take_the_relatives_symptom(text):
    """ "my support group" names a place, not the writer coming back into the sentence (the
    FAMILY pseudo cue of context.yml that keeps the mother's scope going): the fit is hers."""
    assert relative_flags(text) == {"seizure": True}


# -- the writer's own symptom makes the relative someone else -----------------------------


@pytest.mark.parametrize(
    "text, relatives, own",
    [
        # the writer speaks of themselves earlier in the sentence, in another clause
        ("My mum has a cough. I'm worried because the headache is terrible", "cough", "headache"),
        ("my dad has had a fit. I'm scared and the headache won't stop", "seizure", "headache"),
        # ... or in the symptom's own clause, after it
        ("My mum has a cough. The headache is killing me", "cough", "headache"),
    ],
)
def test_a_writer_who_tells_their_own_symptom_is_the_patient_and_the_relative_someone_else(
    text, relatives, own
):
    assert roles_by_id(get_extractor(), text) == {relatives: {"other_person"}, own: {None}}
    assert relative_flags(text) == {relatives: False, own: False}


# -- what the learned fallback reads ------------------------------------------------------


class _ModelThatListens:
    """A stand-in for the learned fallback that keeps what it was given and answers
    "present"."""

    def __init__(self) -> None:
        self.heard: list[list[str]] = []

    def decide(self, features: list[str]) -> None:
        self.heard.append(features)
        return None


@pytest.mark.parametrize(
    "text, sentence, start, end",
    [
        # the sentence is the message's first: it is read from its first word to its full
        # stop, and the sentence after it is not read ...
        (
            "I have a headache at work. Long week",
            ["I", "have", "a", "headache", "at", "work", "."],
            3,
            4,
        ),
        # ... nor a sentence before it
        (
            "Long week. I have a headache at work",
            ["I", "have", "a", "headache", "at", "work"],
            3,
            4,
        ),
    ],
)
def test_the_learned_fallback_reads_the_whole_sentence_of_the_symptom_and_no_other(
    monkeypatch: pytest.MonkeyPatch, text: str, sentence: list[str], start: int, end: int
) -> None:
    from symptom_nlu.role_model import mention_features

    model = _ModelThatListens()
    context = get_extractor().nlp.get_pipe("symptom_nlu_context")
    monkeypatch.setattr(context, "role_model", model)
    get_extractor().extract(text)
    assert model.heard == [mention_features(sentence, start, end)]


# -- a denial that points back ------------------------------------------------------------


def test_mine_said_of_a_relatives_symptom_is_a_denial_found_at_its_own_words() -> None:
    """ "mine's fine" denies the symptom named before; the denial is found at its words."""
    text = "my brother's arm swelled up but mine's fine, thank god"
    found = [(m.symptom_id, m.role, m.text) for m in get_extractor().extract(text).symptoms]
    assert found[-1][1:] == ("negated", "mine's fine")
    assert found[0][:2] == (found[-1][0], "other_person")


def test_a_word_of_now_that_opens_the_message_makes_a_relatives_history_a_carers_report() -> None:
    """ "my nan had cancer in her spine and was wetting herself" is her history; said after
    "Now", at the message's first word, it is what the carer sees now."""
    history = "my nan had cancer in her spine and was wetting herself"
    assert roles_by_id(get_extractor(), history) == {
        "bladder_bowel_control_loss": {"other_person"}
    }
    now = "Now my nan had cancer in her spine and was wetting herself"
    assert roles_by_id(get_extractor(), now) == {"bladder_bowel_control_loss": {None}}
    assert relative_flags(now) == {"bladder_bowel_control_loss": True}
