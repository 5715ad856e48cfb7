"""What every assessment message looks like, whatever its words: sentences in sentence case,
a list only under its introduction and an introduction only over a list, one sentence for one
symptom, and an explanation that always ends with what to do. Found by `make mutate` after the
issue-13 rewrite of symptom_checker/wording.py: each test here killed mutants that survived
the suite (docs/mutation.md)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from symptom_checker.triage import assess
from symptom_checker.wording import (
    ANYWHERE,
    EXPLAIN_PAYLOAD,
    EXPLANATION_ENDINGS,
    assessment_messages,
    explanation_messages,
    symptom_question_answer,
)
from tests.test_triage_rules import make_rule, make_symptom
from tests.test_wording_structure import (
    ARMPIT_LUMP,
    COUGH,
    FITS,
    KNOWLEDGE,
    SiteKnowledge,
    bullets,
)

# The made-up knowledge of test_wording_structure, with a red flag titled as real ones are.
TITLED = SiteKnowledge(
    KNOWLEDGE.symptoms(["hip_ache", "rib_ache", "tired", "fit", "a", "b"]),
    rules=[replace(make_rule("a_with_b", {"a", "b"}, "urgent"), title="A with b")],
)

# Made-up assessments at every level, with and without sites, general symptoms and red flags.
CASES = {
    "one site": (["hip_ache"], []),
    "two symptoms, one site": (["hip_ache", "rib_ache"], ["tired"]),
    "a site and a general symptom": (["hip_ache", "tired"], []),
    "general only": (["tired"], []),
    "urgent combination": (["a", "b"], []),
    "emergency": (["fit", "hip_ache"], []),
    "nothing present": ([], ["hip_ache"]),
}
# Sentence starts: the start of a text or of a line, or after a full stop, "!" or "?". (The
# pushed list's lines are not sentences: "• the bone (because of ...)".)
SENTENCE_START = re.compile(r"(?:^(?!• )|(?<=[.!?] ))(\S+)", re.MULTILINE)
# A word in capitals ("ABOUT"); short acronyms such as GP or NHS are fine.
SHOUTING = re.compile(r"\b[A-Z]{4,}\b")


def texts_of(messages) -> list[str]:
    return [message.text for message in messages if message.text]


def every_text(present: list[str], negated: list[str]) -> list[str]:
    assessment = assess(present, negated, TITLED)
    pushed = assessment_messages(assessment, "a week", "yes", on_treatment="yes")
    return texts_of(pushed) + texts_of(explanation_messages(assessment))


@pytest.mark.parametrize("case", CASES)
def test_every_sentence_begins_with_a_capital_and_none_shouts(case):
    for text in every_text(*CASES[case]):
        starts = SENTENCE_START.findall(text)
        assert starts, text
        for word in starts:
            assert re.match(r"[A-Z0-9][a-z0-9'’:,.]", word) or len(word) == 1, (word, text)
        assert not SHOUTING.search(text), text


@pytest.mark.parametrize("case", CASES)
def test_a_list_is_introduced_and_an_introduction_has_its_list(case):
    for text in every_text(*CASES[case]):
        lines = text.splitlines()
        for line, following in zip(lines, lines[1:] + [""], strict=True):
            if line.endswith(":"):
                assert following.startswith("• "), text
            if following.startswith("• "):
                assert line.endswith(":") or line.startswith("• "), text


def pushed_bullets(present: list[str]) -> list[str]:
    said = "\n".join(texts_of(assessment_messages(assess(present, [], KNOWLEDGE))))
    return [line for line in said.splitlines() if line.startswith("• ")]


def test_one_symptom_is_linked_in_one_sentence_several_in_a_list():
    """One symptom: one sentence names its places. Two or more: a line for each place, with
    the symptoms that point to it."""
    assert pushed_bullets(["hip_ache"]) == []
    assert pushed_bullets(["tired"]) == []
    two = pushed_bullets(["hip_ache", "tired"])
    assert len(two) == 2
    assert "the bone" in two[0] and "aching hips" in two[0]
    assert ANYWHERE in two[1] and "tired" in two[1]


def test_a_symptom_that_points_to_no_site_is_still_linked_to_spread_anywhere():
    for present in (["tired"], ["tired", "a"]):
        said = "\n".join(texts_of(assessment_messages(assess(present, [], KNOWLEDGE))))
        assert ANYWHERE in said, present


def test_nothing_present_links_nothing():
    said = "\n".join(texts_of(assessment_messages(assess([], ["hip_ache"], KNOWLEDGE))))

    assert ANYWHERE not in said
    assert "the bone" not in said


def test_an_unknown_single_timing_is_not_shown_in_any_case():
    assessment = assess(["hip_ache"], [], KNOWLEDGE)
    for unknown in ("not sure", "Not sure", "DON'T KNOW"):
        said = " ".join(texts_of(assessment_messages(assessment, unknown)))
        assert unknown.lower() not in said.lower(), unknown
        assert said == " ".join(texts_of(assessment_messages(assessment, None)))


@pytest.mark.parametrize("urgency", ["soon", "urgent", "emergency"])
def test_the_explanation_always_ends_with_what_to_do_at_its_level(urgency):
    """With reasons to give or none, the last message of "Why?" / "Tell me more" is the
    level's own "see a doctor", never an empty message."""
    knowledge = SiteKnowledge(
        [make_symptom("x", urgency), make_symptom("y", urgency)],
        rules=[make_rule("x_with_y", {"x", "y"}, urgency)],
    )
    for assessment in (assess(["x", "y"], [], knowledge), assess([], ["x"], knowledge)):
        if not assessment.present:
            assessment = replace(assessment, urgency=urgency)
        messages = explanation_messages(assessment)
        said = texts_of(messages)

        assert len(said) == len(messages)
        assert said[-1].endswith(EXPLANATION_ENDINGS[urgency]), said
        assert "doctor" in said[-1]
        assert "None" not in " ".join(said)


def test_a_red_flag_without_advice_of_its_own_is_explained_as_needing_a_doctor():
    for advice in ("", "Call the emergency number now."):
        rule = replace(make_rule("fit_with_fall", {"a", "b"}, "emergency"), advice=advice)
        knowledge = SiteKnowledge([make_symptom("a", "soon"), make_symptom("b", "soon")], [rule])

        explained = "\n".join(texts_of(explanation_messages(assess(["a", "b"], [], knowledge))))
        title, _, said = bullets(explained)[0].partition(": ")
        assert title == "• fit_with_fall"
        assert re.fullmatch(r"[A-Z][a-z][^A-Z]*\bdoctor\b[^A-Z]*\.", said), said


def test_every_red_flag_of_the_headline_is_named_whole_after_what_to_do():
    """Two urgent red flags: the headline still says the urgency and what to do first, then
    names both flags in full, the second in lower case as it is mid-sentence."""
    knowledge = SiteKnowledge(
        [make_symptom(symptom_id, "soon") for symptom_id in ("a", "b", "c")],
        rules=[
            replace(make_rule("a_with_b", {"a", "b"}, "urgent"), title="Aching with burning"),
            replace(make_rule("b_with_c", {"b", "c"}, "urgent"), title="Burning with cramps"),
        ],
    )
    alone = texts_of(assessment_messages(assess(["a"], [], knowledge)))
    headline = texts_of(assessment_messages(assess(["a", "b", "c"], [], knowledge)))[0]

    assert headline.startswith("Urgency: urgent.")
    assert "Aching with burning" in headline
    assert "burning with cramps" in headline
    assert "Burning with cramps" not in headline
    assert alone[0].startswith("Urgency: soon.")


@pytest.mark.parametrize("present", [["hip_ache"], ["a", "b"], ["fit"], []])
def test_every_assessment_ends_with_the_explain_button(present):
    """ "Why?" / "Tell me more" is under the last message at every level, nothing present
    included: the explanations are offered, never pushed."""
    messages = assessment_messages(assess(present, ["tired"], TITLED))

    assert [button["payload"] for button in messages[-1].buttons] == [EXPLAIN_PAYLOAD]
    assert all(not message.buttons for message in messages[:-1])


# Answers to a question about symptoms (actions/disease_info.py), from made-up symptoms: one,
# several, a red flag, one tied to no place, a place the reasons do not name.
ASKED = {
    symptom.id: symptom
    for symptom in KNOWLEDGE.symptoms(["hip_ache", "rib_ache"])
    + [ARMPIT_LUMP, COUGH, FITS]
    + [replace(make_symptom("weary", "soon"), general_note="Weariness has many causes.")]
}
QUESTIONS = {
    "one symptom": (["hip_ache"], ["the bone"]),
    "two symptoms": (["hip_ache", "rib_ache"], ["the bone"]),
    "a red flag": (["fits"], ["the brain"]),
    "no place": (["weary"], []),
    "a place not in the reasons": (["cough", "armpit_lump"], ["the lungs", "the lymph nodes"]),
}
# A capital inside a word ("sXX", "XXany"): junk, not sentence case.
CAPITAL_INSIDE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]")


def answer_to(case: str) -> str:
    symptom_ids, site_names = QUESTIONS[case]
    return symptom_question_answer([ASKED[i] for i in symptom_ids], site_names)


@pytest.mark.parametrize("case", QUESTIONS)
def test_an_answer_to_a_symptom_question_is_sentences_in_sentence_case_one_space_apart(case):
    """Every sentence begins with a capital, no word shouts or has a capital inside it, and
    the sentences are separated by one space."""
    answer = answer_to(case)

    for word in SENTENCE_START.findall(answer):
        assert re.match(r"[A-Z0-9][a-z0-9'’:,.]", word) or len(word) == 1, (word, answer)
    assert not SHOUTING.search(answer), answer
    assert not CAPITAL_INSIDE.search(answer), answer
    assert not re.search(r"[.:][^ \n]", answer.rstrip(".")), answer
    assert "  " not in answer and "\n" not in answer, answer


def test_a_question_about_one_symptom_is_answered_in_the_singular_about_several_in_the_plural():
    """One symptom is "it" and "this", never "these"; two or more are "these"."""
    plural = re.compile(r"\bthese\b", re.IGNORECASE)

    for case in ("one symptom", "a red flag", "no place"):
        assert not plural.search(answer_to(case)), case
    for case in ("two symptoms", "a place not in the reasons"):
        assert plural.search(answer_to(case)), case
