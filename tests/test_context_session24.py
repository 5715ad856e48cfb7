"""Denials that point back (issue 19, session 24): the readings that mutation testing of
``symptom_nlu/components/context.py`` (``load_anaphoric_denials``, ``ContextScope.__init__``)
found no test for.

The denials that point back at a symptom named before ("I don't have that", "mine's
normal", "so have I") are read from the resources folder the pipeline is built from; a rule
says what it leaves out in the defaults its loader gives, and a wrong rule is refused with
its number and its words, so whoever edits ``context.yml`` can find it.

Sentences written for these tests, not copied from a validation or blind set.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import pytest
import spacy
import yaml
from support import mentions

from symptom_nlu.components.context import (
    AnaphoricDenial,
    ContextScope,
    load_anaphoric_denials,
)
from symptom_nlu.extract import get_extractor
from symptom_nlu.lexicon import RESOURCES_DIR, LexiconError


def found(text: str) -> set[tuple[str, str | None]]:
    """Every (symptom, role) the component reads in the message; a present one has no role."""
    return mentions(get_extractor(), text)


# -- the rules as read from context.yml -----------------------------------------------------


def test_the_denials_are_read_from_the_resources_folder_given(tmp_path) -> None:
    (tmp_path / "context.yml").write_text(
        "anaphoric_denials:\n"
        '  - literal: "nothing like that here"\n'
        '  - literal: "but mine is"\n'
        "    points_to: all\n"
        "    roles: [hypothetical, other_person, past]\n"
        "    asked: true\n"
        "    contrasts: true\n"
        "    gives: present\n"
        "    next_words: [Worse, BAD]\n",
        encoding="utf-8",
    )
    assert load_anaphoric_denials(str(tmp_path)) == (
        # what a rule leaves out: the symptom named last, someone else's or asked about,
        # denied
        AnaphoricDenial(
            literal="nothing like that here",
            points_to="last",
            roles=frozenset({"hypothetical", "other_person"}),
        ),
        # every role a symptom pointed to may have, together; the words after it lower-cased
        AnaphoricDenial(
            literal="but mine is",
            points_to="all",
            roles=frozenset({"hypothetical", "other_person", "past"}),
            asked=True,
            contrasts=True,
            gives="present",
            next_words=frozenset({"worse", "bad"}),
        ),
    )


@pytest.mark.parametrize(
    "rule, says",
    [
        ("points_to: last", "needs a literal, and points_to last or all"),
        ('literal: "none of those"\n    points_to: first', "needs a literal, and points_to"),
        ('literal: "none of those"\n    roles: [negated]', "roles must be hypothetical"),
        ('literal: "none of those"\n    gives: absent', "gives must be negated or present"),
    ],
)
def test_a_wrong_denial_rule_is_refused_with_its_number_and_words(
    tmp_path, rule: str, says: str
) -> None:
    (tmp_path / "context.yml").write_text(
        f'anaphoric_denials:\n  - literal: "nothing like that here"\n  - {rule}\n',
        encoding="utf-8",
    )
    with pytest.raises(LexiconError) as refused:
        load_anaphoric_denials(str(tmp_path))
    literal = "'none of those'" if "literal" in rule else "None"
    assert str(refused.value).startswith(f"anaphoric denial 1 ({literal}): {says}")


# -- a denial that sets the writer apart, and one that does not -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My mum has had a bad cough since Monday. The leaflet lists fever and a rash, none of "
        "those so far.",
        "My dad is coughing a lot. Could he get a fever from it? None of those yet.",
    ],
)
def test_none_of_those_from_a_carer_leaves_the_relatives_symptom_theirs(text: str) -> None:
    # "none of those" denies what was asked about; it does not set the writer apart from the
    # relative they care for, as "mine's fine" does: the cough stays the patient's, present
    assert found(text) == {("cough", None), ("fever", "hypothetical"), ("fever", "negated")}


# -- the component made from a resources folder --------------------------------------------


def context_folder(tmp_path, change: Callable[[dict[str, Any]], None]) -> str:
    """A resources folder holding the shipped context.yml as ``change`` edits it, the shipped
    negation.yml (its coordinators and clause openers), and no role_model.json."""
    data = yaml.safe_load((RESOURCES_DIR / "en" / "context.yml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "context.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(RESOURCES_DIR / "en" / "negation.yml", tmp_path / "negation.yml")
    return str(tmp_path)


def context_component(resources: str, learned_fallback: bool = True) -> ContextScope:
    return ContextScope(spacy.blank("en"), "symptom_nlu_context", resources, learned_fallback)


def test_the_component_reads_every_list_from_the_resources_folder_given(tmp_path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["rules"].append(dict(data["rules"][0], literal="in a previous life"))
        for key in ("first_person", "third_person", "question_words", "cancel_negators"):
            data[key].append(f"{key}-word")
        data["general_question"]["openers"].append("pray tell")
        data["general_question"]["not_after_opener"].append("thou")
        data["writer_is_patient"].append("speaking for myself")
        data["writer_is_patient_unless"].append("speaking for myself only")
        data["anaphoric_denials"].append({"literal": "nothing like that here"})
        data["fronted"]["lead_in"].append("erstwhile")
        # left out, each of these counts no words
        del data["general_question"]["fragment_words"]
        del data["fronted"]["max_other_words"]
        del data["fronted"]["max_aside_words"]

    component = context_component(context_folder(tmp_path, change))
    assert component.rules[-1].literal == "in a previous life"
    assert "first_person-word" in component.first_person
    assert "third_person-word" in component.third_person
    assert "question_words-word" in component.question_words
    assert "cancel_negators-word" in component.cancel_negators
    assert "pray tell" in component.question_openers
    assert "thou" in component.own_subjects
    assert component.patient_phrases[-1] == "speaking for myself"
    assert component.patient_blockers[-1] == "speaking for myself only"
    assert component.denials[-1].literal == "nothing like that here"
    assert "erstwhile" in component.fronted_lead_in
    assert (component.fragment_words, component.fronted_words, component.aside_words) == (0, 0, 0)
    # no learned model in that folder: the rules decide alone
    assert component.role_model is None


def test_with_the_learned_fallback_turned_off_the_rules_decide_alone() -> None:
    assert context_component("").role_model is not None
    assert context_component("", learned_fallback=False).role_model is None


@pytest.mark.parametrize(
    "where, says",
    [
        (("first_person",), "context first_person"),
        (("third_person",), "context third_person"),
        (("question_words",), "context question_words"),
        (("cancel_negators",), "context cancel_negators"),
        (("general_question", "openers"), "general_question openers"),
        (("general_question", "not_after_opener"), "general_question not_after_opener"),
    ],
)
def test_a_word_list_that_is_no_list_is_refused_with_its_name(
    tmp_path, where: tuple[str, ...], says: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        *path, key = where
        for step in path:
            data = data[step]
        data[key] = {"I": "me"}  # a mapping where a list of words belongs

    folder = context_folder(tmp_path, change)
    with pytest.raises(LexiconError, match=f"^{says}: expected a list of phrases$"):
        context_component(folder)
