"""Session 40's mutation check (issue 19; docs/mutation.md): the breaks of ``guards.py`` and of
the lines of ``negation.py`` and ``context.py`` changed since da85eae that no earlier test
noticed.

The guard families' loader is read with a resources folder of the test's own: the shipped
``guards.yml`` states every default the loader would otherwise supply, so only another file
shows what the loader does with a family that leaves something out.

Sentences written for these tests, not taken from a validation or blind set.
"""

from __future__ import annotations

import pytest
import spacy
from support import assistant_roles as roles

from symptom_nlu.components.guards import SymptomGuards, load_guard_families
from symptom_nlu.extract import get_extractor
from symptom_nlu.lexicon import LexiconError

# -- negation.py: the lines changed since da85eae ---------------------------------------------


def test_a_belly_that_looks_months_gone_is_still_swollen():
    # "six months gone" is a pseudo phrase matched on the words as written: "gone" is not over
    assert roles("my belly is so swollen I look six months gone") == {"abdominal_swelling": {None}}


def test_a_headache_that_has_not_really_settled_is_still_there():
    # "have not really settle" matches "has not really settled": a cue word written in its
    # normal form matches every inflection, so "settled" is not the headache ending
    assert roles("my headache has not really settled") == {"headache": {None}}


# -- context.py: the lines changed since da85eae ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the writer's "I've had" three words before the symptom, after a greeting
        "Hi, I've had really bad back pain for 3 weeks, if it has spread to my bones what then?",
        # a curly apostrophe, as phones type it
        "I\u2019ve had back pain for 3 weeks, if it has spread to my bones what then?",
        # no comma between the symptom and the supposition
        "I've had back pain if it has spread to my bones what happens now?",
    ],
)
def test_back_pain_the_writer_says_they_have_stays_theirs_before_a_supposition(text):
    assert roles(text) == {"back_pain": {None}}


# -- guards.py ----------------------------------------------------------------------------------


def test_arthritis_in_one_clause_does_not_explain_a_bone_ache_in_the_next():
    assert roles("I have arthritis, but this is a deep ache in my thigh bone") == {
        "bone_pain": {None}
    }


def test_a_sore_thigh_after_spin_class_is_explained_though_arthritis_was_named_first():
    assert "bone_pain" not in roles(
        "I have arthritis in my hands, and my thighs are killing me after spin class"
    )


def test_the_gym_long_before_a_bone_ache_in_the_same_sentence_explains_nothing():
    text = (
        "After the gym on Monday I felt great and went out for a long walk with the dog and my "
        "sister, but since last night I've had a deep ache in my thigh bone"
    )
    assert roles(text) == {"bone_pain": {None}}


def test_asking_whether_aches_after_spin_class_are_normal_still_explains_them():
    assert "bone_pain" not in roles(
        "Why are my thighs killing me after spin class, is that normal?"
    )


def test_a_headache_asked_about_is_not_taken_for_a_nuisance():
    assert "headache" in roles(
        "Is it normal that it's become a massive headache every morning since chemo?"
    )


# -- the loaders and the component's setup -----------------------------------------------------


def families(tmp_path, text: str):
    (tmp_path / "guards.yml").write_text("version: 1\n" + text, encoding="utf-8")
    return load_guard_families(str(tmp_path))


ONE_FAMILY = "families:\n  - name: x\n    explains: [headache]\n    cues: [a form]\n"


def test_a_resources_folder_of_its_own_gives_its_own_guard_families(tmp_path):
    found = families(tmp_path, ONE_FAMILY)
    assert [(family.name, cues) for family, cues in found] == [("x", ["a form"])]


def test_a_family_without_its_own_reach_takes_the_files_reach(tmp_path):
    ((family, _),) = families(tmp_path, "max_distance: 5\n" + ONE_FAMILY)
    assert family.max_distance == 5


def test_a_family_without_any_reach_reaches_twelve_words(tmp_path):
    ((family, _),) = families(tmp_path, ONE_FAMILY)
    assert family.max_distance == 12


def test_a_family_that_leaves_out_scope_and_attr_reaches_its_sentence_by_normal_form(tmp_path):
    ((family, _),) = families(tmp_path, ONE_FAMILY)
    assert (family.scope, family.attr) == ("sentence", "NORM")


@pytest.mark.parametrize(
    "family",
    [
        "  - explains: [headache]\n    cues: [a form]\n",
        "  - name: x\n    explains: [headache]\n",
        "  - name: x\n    cues: [a form]\n",
    ],
)
def test_a_guard_family_needs_a_name_what_it_explains_and_cues(tmp_path, family):
    with pytest.raises(LexiconError, match="needs a name, explains and cues"):
        families(tmp_path, "families:\n" + family)


def test_a_guard_family_with_an_unknown_scope_is_refused(tmp_path):
    with pytest.raises(LexiconError, match="scope"):
        families(tmp_path, ONE_FAMILY + "    scope: paragraph\n")


def test_a_guard_familys_not_across_must_be_a_list_of_words(tmp_path):
    with pytest.raises(LexiconError, match="not_across"):
        families(tmp_path, ONE_FAMILY + "    not_across: {in: photo}\n")


def test_the_guards_refuse_to_read_before_they_are_built():
    nlp = spacy.blank("en")
    guards = SymptomGuards(nlp, "symptom_nlu_guards", "")
    with pytest.raises(RuntimeError, match="^symptom_nlu_guards is not initialised"):
        guards(nlp.make_doc("my thighs ache after the gym"))


def test_a_guarded_word_leaves_the_symptom_spans_too():
    doc = (
        get_extractor()
        .analyse("my thighs are killing me after spin class and I have a headache")
        .doc
    )
    spans = [(s.start, s.end, s.label_) for s in doc.spans["symptoms"]]
    assert spans == [(m.start, m.end, m.symptom_id) for m in doc._.symptom_mentions]
    assert [label for _, _, label in spans] == ["headache"]


def negation_kinds(text: str) -> dict[str, str | None]:
    """What ``NegationScope.negation_kinds`` says of each symptom of ``text`` (None: not
    denied)."""
    nlp = get_extractor().nlp
    doc = nlp(text)
    mentions = doc._.symptom_mentions
    kinds = nlp.get_pipe("symptom_nlu_negation").negation_kinds(
        doc, [m.anchor for m in mentions], [(m.start, m.end) for m in mentions]
    )
    return {m.symptom_id: kind for m, kind in zip(mentions, kinds, strict=True)}


def test_negation_kinds_reads_a_denial_taken_back_as_not_denied():
    assert negation_kinds("I haven't had a fit in years but I had one this morning") == {
        "seizure": None
    }


def test_negation_kinds_keeps_every_item_of_a_denied_list_denied():
    kinds = negation_kinds(
        "I have not had any really bad pounding headaches, blurred vision, fits or confusion"
    )
    assert set(kinds) == {"headache", "vision_change", "seizure", "confusion"}
    assert None not in kinds.values()


def test_the_guards_read_their_families_and_cause_denials_from_their_own_folder(tmp_path):
    (tmp_path / "guards.yml").write_text("version: 1\n" + ONE_FAMILY, encoding="utf-8")
    (tmp_path / "negation.yml").write_text(
        "version: 1\ncause_denials: [hardly]\n", encoding="utf-8"
    )
    guards = SymptomGuards(spacy.blank("en"), "symptom_nlu_guards", str(tmp_path))
    assert [family.name for family, _ in guards.families] == ["x"]
    assert guards.negation.cause_denials == {"hardly"}


def test_the_guard_families_are_read_from_the_shipped_file_by_default():
    names = [family.name for family, _ in load_guard_families()]
    assert "exertion" in names and "hay_fever" in names
