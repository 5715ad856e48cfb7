"""Whose symptom, and the writer's own pointed at (issue 19, session 26): the readings that
mutation testing of ``symptom_nlu/components/context.py`` (``categories``, and the lines of
``__init__``, ``_said_as_own`` and ``_pointed_at`` written after session 24) found no test for.

- A list of what to watch for covers the whole message, but a relative told of after it still
  has their own symptom: the cues after a message-wide cue are read too.
- The "my" of "my husband" names the husband, not the writer speaking of themselves: a symptom
  in another clause with no cue of its own does not make the carer's report the writer's.
- "your" of a reply gives way to a cue of what may happen, but another relative's cue over the
  same symptom still makes it someone else's.
- The phrases that point at the writer's own symptom ("like this", "this bad") and the words
  of what may come that undo them ("if", "will") are read from the resources folder the
  pipeline is built from, and a word list that is no list is refused with its name.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

from typing import Any

import pytest
from support import mentions
from test_context_session24 import context_component, context_folder

from symptom_checker.vocabulary import HYPOTHETICAL_ROLE
from symptom_nlu.extract import get_extractor
from symptom_nlu.lexicon import LexiconError


def found(text: str) -> set[tuple[str, str | None]]:
    """Every (symptom, role) the component reads in the message; a present one has no role."""
    return mentions(get_extractor(), text)


def test_a_relative_told_of_after_a_list_of_what_to_watch_for_has_their_own_symptom() -> None:
    # the list is only asked about; the neighbour's fever is someone else's, not a sign to
    # watch for
    assert found("What to watch for: a new lump, bone pain. My neighbour had a fever.") == {
        ("breast_lump", "hypothetical"),
        ("bone_pain", "hypothetical"),
        ("fever", "other_person"),
    }


def test_the_my_of_a_relative_is_not_the_writer_speaking_of_themselves() -> None:
    # a carer's report: the husband's cough and the fever are the patient's, present; the
    # "my" of "my husband" does not make the writer the one with a symptom of their own
    assert found("My husband has a cough and since last night there has been a fever.") == {
        ("cough", None),
        ("fever", None),
    }


def test_a_cough_passed_to_someone_else_stays_theirs_when_a_reply_says_your() -> None:
    # "your" of a reply gives way to what may happen, but the dog named as well keeps the
    # cough someone else's, not a possibility of the writer's
    assert found("If my dog gets your cough he will need the vet.") == {("cough", "other_person")}


def test_a_symptom_pointed_at_one_word_on_is_the_writers_own() -> None:
    # "like this" one word after the symptom still points at the writer's own headache
    assert found("Is a headache always like this after chemo?") == {("headache", None)}


def test_a_word_of_what_may_come_said_before_the_question_does_not_undo_the_pointing() -> None:
    # "might" belongs to the nurse's words in the sentence before; the question itself points
    # at the writer's own headache
    assert found("The nurse said it might settle. Is a headache like this normal?") == {
        ("headache", None)
    }


def test_like_this_after_a_question_of_what_may_come_still_compares() -> None:
    # "will I get ... like this?" asks about the future: the pain is not the writer's now
    assert found("Will I get bone pain like this on the new tablets?") == {
        ("bone_pain", HYPOTHETICAL_ROLE)
    }


def test_the_phrases_that_point_at_the_writers_own_are_read_from_the_resources_folder_given(
    tmp_path,
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["own_after"].append("the way it is now")
        data["own_after_unless"].append("perchance")

    component = context_component(context_folder(tmp_path, change))
    assert ("the", "way", "it", "is", "now") in component.own_after
    assert ("like", "this") in component.own_after
    assert "perchance" in component.own_after_unless
    assert "will" in component.own_after_unless


def test_a_list_of_words_that_undo_a_pointed_at_symptom_must_be_a_list(tmp_path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["own_after_unless"] = {"if": "will"}  # a mapping where a list of words belongs

    folder = context_folder(tmp_path, change)
    with pytest.raises(LexiconError, match="^own_after_unless: expected a list of phrases$"):
        context_component(folder)
