"""Whose symptom, pointed at and pointed back to (issue 19, session 27): the readings that
mutation testing of ``symptom_nlu/components/context.py`` (the open mutants of sessions 18 and
26: ``_pointed_at``, ``scope_of``, ``anaphoric_denials``) found no test for.

- "like this" points at the writer's own symptom after a temperature read out in numbers, at
  the very end of a message with no full stop, and right before "always ... a bad sign"; and
  after a rule's words that end on the symptom itself.
- A time long ago after "but" dates only its own clause: the symptom told before stays now.
- "so have I" gives the writer the symptom whether a denial comes before it or after it; a
  denial of "none of those" leaves the symptom the writer said they have, and denies each
  other one once.
- A symptom the writer reports and then asks about is still theirs when a denial follows; one
  asked about only, then denied ("mine are fine so far"), is denied.
- "mine has gone, even ..." is no symptom of the writer's.
- The context rules and their default reach are read from the resources folder given (ten
  words when it names none), and a rule that is wrong is refused with its number and words.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

from typing import Any

import pytest
from support import mentions
from test_context_session24 import context_folder

from symptom_checker.vocabulary import HYPOTHETICAL_ROLE, NEGATED_ROLE, OTHER_PERSON_ROLE
from symptom_nlu.components.context import (
    CATEGORIES,
    DIRECTIONS,
    SCOPES,
    ContextScope,
    load_context_rules,
)
from symptom_nlu.extract import get_extractor
from symptom_nlu.lexicon import LexiconError


def found(text: str) -> set[tuple[str, str | None]]:
    """Every (symptom, role) the component reads in the message; a present one has no role."""
    return mentions(get_extractor(), text)


def test_like_this_after_a_temperature_read_out_in_numbers_is_the_writers_own() -> None:
    # the fever ends on "38.5", no word: "like this" right after it still points at the
    # writer's own temperature
    assert found("Is a temperature of 38.5 like this dangerous?") == {("fever", None)}


@pytest.mark.parametrize(
    "text",
    ["I'm scared of getting headaches like this", "Tamoxifen gives you headaches like this"],
)
def test_like_this_at_the_very_end_of_a_message_points_at_the_writers_own(text: str) -> None:
    # no full stop after "like this": the phrase ends the message and still counts
    assert found(text) == {("headache", None)}


def test_like_this_right_before_always_a_bad_sign_points_at_the_writers_own() -> None:
    # "always a bad sign" asks about the headache; "like this", which ends where that cue
    # begins, says it is the writer's own
    assert found("Is a headache like this always a bad sign?") == {("headache", None)}


def test_like_this_right_after_a_rule_that_ends_on_the_symptom_points_at_the_writers_own(
    tmp_path,
) -> None:
    # a resources folder with a rule whose words end on the symptom ("scared of headaches"):
    # "like this" right after it starts where the rule's words end, so it points at the
    # writer's own headache; without it the rule makes the headache a worry about the future
    def change(data: dict[str, Any]) -> None:
        rule = {"literal": "scared of headaches", "category": "HYPOTHETICAL"}
        data["rules"].append(dict(rule, direction="forward"))

    nlp = get_extractor().nlp
    component = ContextScope(
        nlp, "symptom_nlu_context", context_folder(tmp_path, change), learned_fallback=False
    )
    component.initialize(nlp=nlp)

    def read(text: str) -> set[tuple[str, str | None]]:
        doc = nlp.make_doc(text)
        for name, step in nlp.pipeline:
            doc = (component if name == "symptom_nlu_context" else step)(doc)
        return {(m.symptom_id, m.role) for m in doc._.symptom_mentions}

    assert read("Scared of headaches like this") == {("headache", None)}
    assert read("Scared of headaches") == {("headache", HYPOTHETICAL_ROLE)}


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("I have a headache but years ago I had a clot.", "headache"),
        ("I have chest pain but years ago I had a clot.", "chest_pain"),
    ],
)
def test_a_time_long_ago_after_but_leaves_the_symptom_told_before_it_present(
    text: str, symptom: str
) -> None:
    # "years ago" dates the clot in its own clause, not the chest pain the writer has now
    assert found(text) == {(symptom, None)}


def test_so_have_i_still_gives_the_writer_the_symptom_when_a_denial_follows() -> None:
    text = "My friend has a cough and so have I. My sister gets headaches but I don't have that."
    assert found(text) == {
        ("cough", OTHER_PERSON_ROLE),
        ("cough", None),
        ("headache", OTHER_PERSON_ROLE),
        ("headache", NEGATED_ROLE),
    }


def test_so_have_i_still_gives_the_writer_the_symptom_after_a_denial() -> None:
    text = "My sister gets headaches but I don't have that. My friend has a cough and so have I."
    assert found(text) == {
        ("cough", OTHER_PERSON_ROLE),
        ("cough", None),
        ("headache", OTHER_PERSON_ROLE),
        ("headache", NEGATED_ROLE),
    }


def test_none_of_those_denies_the_others_but_not_the_symptom_the_writer_has() -> None:
    # the mother's cough and headache; the writer has the cough too, so "none of those"
    # denies only the headache
    text = "My mum had a cough and a headache. I have a cough too. None of those here."
    assert found(text) == {
        ("cough", OTHER_PERSON_ROLE),
        ("cough", None),
        ("headache", OTHER_PERSON_ROLE),
        ("headache", NEGATED_ROLE),
    }


def test_a_symptom_denied_twice_is_denied_once() -> None:
    symptoms = (
        get_extractor()
        .extract("My mum had bad headaches. I don't have that. None of those here, thankfully.")
        .symptoms
    )
    assert [(m.symptom_id, m.role) for m in symptoms] == [
        ("headache", OTHER_PERSON_ROLE),
        ("headache", NEGATED_ROLE),
    ]


def test_a_symptom_reported_and_then_asked_about_stays_the_writers() -> None:
    # "I haven't had that before" says the headache is new, not that there is none
    text = (
        "I've had a headache for a week. Could my headache be from the tablets? "
        "I haven't had that before."
    )
    assert found(text) == {("headache", None)}


def test_a_symptom_only_asked_about_and_then_said_to_be_fine_is_denied() -> None:
    assert found("Will my fingers go numb on chemo? Mine are fine so far.") == {
        ("limb_weakness", HYPOTHETICAL_ROLE),
        ("limb_weakness", NEGATED_ROLE),
    }


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("My friend has a cough but mine has gone, even the tickle.", "cough"),
        ("My friend gets headaches but mine have gone, even this week.", "headache"),
    ],
)
def test_mine_has_gone_is_no_symptom_of_the_writers(text: str, symptom: str) -> None:
    # "even" is a word of "mine is even worse", but two words after "mine has" are looked at,
    # not three: the writer's has gone
    assert found(text) == {(symptom, OTHER_PERSON_ROLE)}


def test_the_context_rules_and_their_reach_are_read_from_the_resources_folder_given(
    tmp_path,
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["max_scope"] = 7
        data["rules"].append(
            {"literal": "once upon a time", "category": "HISTORICAL", "direction": "forward"}
        )

    rules, default_scope, _ = load_context_rules(context_folder(tmp_path, change))
    assert default_scope == 7
    assert rules[-1].literal == "once upon a time"


def test_a_folder_that_names_no_default_reach_reaches_ten_words(tmp_path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["max_scope"]

    _, default_scope, _ = load_context_rules(context_folder(tmp_path, change))
    assert default_scope == 10


TIME = {"literal": "once upon a time", "category": "HISTORICAL", "direction": "forward"}


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (dict(TIME, category="LONG_AGO"), f"category must be one of {CATEGORIES}"),
        (dict(TIME, direction="sideways"), f"direction must be one of {DIRECTIONS}"),
        (dict(TIME, scope="paragraph"), f"scope must be one of {SCOPES}, attr LOWER or NORM"),
        (dict(TIME, attr="ORTH"), f"scope must be one of {SCOPES}, attr LOWER or NORM"),
        ({"category": "HISTORICAL", "direction": "forward"}, "needs a literal"),
        (
            dict(TIME, literal="((once|twice) upon|when) a time"),
            "groups cannot nest: write two groups or two rules",
        ),
    ],
)
def test_a_context_rule_that_is_wrong_is_refused_with_its_number_and_words(
    tmp_path, rule: dict[str, str], problem: str
) -> None:
    where: dict[str, int] = {}

    def change(data: dict[str, Any]) -> None:
        where["number"] = len(data["rules"])
        data["rules"].append(rule)

    folder = context_folder(tmp_path, change)
    with pytest.raises(LexiconError) as refused:
        load_context_rules(folder)
    assert (
        str(refused.value)
        == f"context rule {where['number']} ({rule.get('literal')!r}): {problem}"
    )
