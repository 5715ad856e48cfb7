"""Where a negation cue's scope ends, and what may void or extend it (negation.py's scopes).

Each case here was a surviving mutant of ``NegationScope.scopes`` (docs/mutation.md): a scope
that leaks into the next sentence, a comparison just past the scope that voids the cue, a
voided cue that silences the cues after it, a final cue followed by a word such as
"completely". The later ones were survivors of ``NegationScope.find_cues``, which keeps or
drops each cue: a comparison or a denial that comes after a pseudo phrase, a comparison that is
part of the symptom's own words.
"""

from __future__ import annotations

import pytest
from support import mentions, role

from symptom_nlu.extract import SymptomExtractor


def test_a_denial_does_not_reach_the_first_word_of_the_next_sentence(
    extractor: SymptomExtractor,
) -> None:
    # the scope of "No" ends with its sentence, whatever the sentence's length
    assert mentions(extractor, "No headaches today. Coughing a lot") == {
        ("headache", "negated"),
        ("cough", None),
    }


def test_a_comparison_in_the_next_clause_does_not_void_a_denial(
    extractor: SymptomExtractor,
) -> None:
    # "this bad" compares the cough, two words after the denial's scope has ended
    assert mentions(extractor, "No fever, just this bad cough") == {
        ("fever", "negated"),
        ("cough", None),
    }


def test_a_voided_cue_does_not_silence_the_cues_after_it(extractor: SymptomExtractor) -> None:
    assert mentions(extractor, "I've never had a headache like this, and no fever") == {
        ("headache", None),
        ("fever", "negated"),
    }


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("the cough has gone completely", "cough"),
        ("my headache has settled completely", "headache"),
        ("the back pain is gone thankfully", "back_pain"),
    ],
)
def test_a_final_cue_followed_by_an_allowed_word_still_ends_the_symptom(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    assert mentions(extractor, text) == {(symptom, "past")}


@pytest.mark.parametrize(
    "text, role",
    [
        # "gone" is over...
        ("the headache is gone", "past"),
        ("the cough is gone for good", "past"),
        # ...but "going" is going on, although both read "go" once normalised
        ("a cough that's been going for six weeks", None),
        ("my cough has been going on for weeks", None),
    ],
)
def test_gone_is_over_and_going_on_is_not(
    extractor: SymptomExtractor, text: str, role: str | None
) -> None:
    assert {r for _, r in mentions(extractor, text)} == {role}


def test_scots_nae_denies_and_jist_ends_the_denial(extractor: SymptomExtractor) -> None:
    # session 8: "nae" is "no" (normalizer.yml); "jist" ("just") ends its scope
    assert mentions(extractor, "nae fever, nae headaches, jist tired out") == {
        ("fever", "negated"),
        ("headache", "negated"),
        ("fatigue", None),
    }


def test_failing_to_read_is_the_sight_problem_not_its_denial(
    extractor: SymptomExtractor,
) -> None:
    # session 8: an inability to read or see is the symptom (negation.yml pseudo)
    assert ("vision_change", None) in mentions(
        extractor, "I can't read the menu, the words go double"
    )


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I haven't had headaches or anything like that", "headache"),
        ("no fever or anything like that", "fever"),
    ],
)
def test_or_anything_like_that_closes_a_denial_rather_than_cancelling_it(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    # the "or" inside the pseudo cue "or anything like that" is not a scope canceller
    assert mentions(extractor, text) == {(symptom, "negated")}


def test_a_comparison_after_or_anything_like_that_still_voids_its_own_denial(
    extractor: SymptomExtractor,
) -> None:
    # only a comparison inside the pseudo cue is dropped, not one later in the message
    assert mentions(
        extractor, "No fever or anything like that. I've never had a headache like this"
    ) == {("fever", "negated"), ("headache", None)}


def test_a_comparison_that_is_part_of_the_symptom_still_voids_the_denial(
    extractor: SymptomExtractor,
) -> None:
    # "so much" is both the comparison and the words of "peeing so much"
    assert mentions(extractor, "I've never been peeing so much") == {("frequent_urination", None)}


def test_a_denial_after_a_pseudo_phrase_still_denies(extractor: SymptomExtractor) -> None:
    # "not sure" is no denial, but it does not silence the "no" that comes after it
    assert mentions(extractor, "Not sure what is wrong, but no fever") == {("fever", "negated")}


def test_a_long_list_keeps_its_denial_past_the_cues_reach(extractor: SymptomExtractor) -> None:
    # "blurred vision", "fits" and "confusion" lie past the reach of "not": the list carries it
    assert mentions(
        extractor,
        "I have not had any really bad pounding headaches, blurred vision, fits or confusion",
    ) == {
        ("headache", "negated"),
        ("vision_change", "negated"),
        ("seizure", "negated"),
        ("confusion", "negated"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Headaches, blurred vision, fits or confusion? No",
        "Really bad headaches, blurred vision, fits or confusion? Not at all",
    ],
)
def test_a_denial_after_a_long_list_reaches_back_to_its_first_item(
    extractor: SymptomExtractor, text: str
) -> None:
    # the answer after the question mark reaches back only seven words, to "blurred vision";
    # the list carries it back to the headaches at its start
    assert mentions(extractor, text) == {
        ("headache", "negated"),
        ("vision_change", "negated"),
        ("seizure", "negated"),
        ("confusion", "negated"),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I had a bad headache last week. It has gone now.", {("headache", "past")}),
        # "they" after a list: the list carries "went away" back to its first item
        (
            "I had a cough and a headache. They went away",
            {("cough", "past"), ("headache", "past")},
        ),
    ],
)
def test_it_has_gone_points_back_to_the_symptom_named_before_it(
    extractor: SymptomExtractor, text: str, expected: set[tuple[str, str | None]]
) -> None:
    assert mentions(extractor, text) == expected


def test_it_points_back_to_the_last_symptom_named_not_to_every_one(
    extractor: SymptomExtractor,
) -> None:
    # the nosebleed stopped; the headache named earlier in the same sentence did not
    assert mentions(
        extractor,
        "I woke up with a headache and later had a nosebleed. It stopped after ten minutes.",
    ) == {("headache", None), ("bleeding_bruising", "past")}


@pytest.mark.parametrize(
    "text",
    [
        "My headache is still bad. The noise next door, it has stopped now.",
        "I have a headache but the noise next door, it has stopped now",
    ],
)
def test_it_after_a_clause_without_a_symptom_does_not_reach_an_earlier_one(
    extractor: SymptomExtractor, text: str
) -> None:
    # "it" is the noise, which names no symptom: the headache before it goes on
    assert mentions(extractor, text) == {("headache", None)}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "No trouble with my breathing or chest pain",
            {("shortness_of_breath", "negated"), ("chest_pain", "negated")},
        ),
        (
            "Nothing wrong with my vision or headaches",
            {("vision_change", "negated"), ("headache", "negated")},
        ),
    ],
)
def test_a_list_after_no_trouble_with_keeps_its_denial(
    extractor: SymptomExtractor, text: str, expected: set[tuple[str, str | None]]
) -> None:
    # "no trouble with" denies the symptom inside it, and the list carries the denial on
    assert mentions(extractor, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("There is a lump, not painful, in my breast", {("breast_lump", None)}),
        ("I have a lump and no pain in my breast", {("breast_lump", None)}),
        ("I've found a lump which doesn't hurt in my armpit", {("armpit_lump", None)}),
    ],
)
def test_a_denial_between_a_lump_and_its_place_does_not_deny_the_lump(
    extractor: SymptomExtractor, text: str, expected: set[tuple[str, str | None]]
) -> None:
    # "not painful" lies inside the words of "lump ... in my breast", but only the lump
    # itself (the mention's anchor) decides whether the lump is denied
    assert mentions(extractor, text) == expected


def test_the_negation_component_refuses_to_read_before_it_is_initialised() -> None:
    import spacy

    import symptom_nlu.components.negation  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("symptom_nlu_negation")
    with pytest.raises(
        RuntimeError, match=r"symptom_nlu_negation is not initialised: call nlp\.initialize\(\)"
    ):
        nlp("no headache")


@pytest.mark.parametrize(
    "text",
    [
        "I had a lump in my breast and under my arm. They went away.",
        "I had a lump in my breast and under my arm. They have gone now.",
    ],
)
def test_they_have_gone_after_a_lump_in_two_places_is_both_places(
    extractor: SymptomExtractor, text: str
) -> None:
    # the two places share the lump's own words: "they" is the lump in both of them
    assert mentions(extractor, text) == {("breast_lump", "past"), ("armpit_lump", "past")}


def test_no_then_i_answers_the_question_and_the_rest_is_the_writers_own_report(
    extractor: SymptomExtractor,
) -> None:
    # "no" answers "any fits?"; "I have headaches" is a report, and the later "no" still denies
    assert mentions(extractor, "any fits? no I have headaches but no fever") == {
        ("seizure", "negated"),
        ("headache", None),
        ("fever", "negated"),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cough, it has stopped now", {("cough", "past")}),
        ("Headaches last week but they have stopped now", {("headache", "past")}),
    ],
)
def test_it_has_stopped_reaches_a_symptom_that_opens_the_message(
    extractor: SymptomExtractor, text: str, expected: set[tuple[str, str | None]]
) -> None:
    assert mentions(extractor, text) == expected


def test_it_has_stopped_does_not_silence_a_denial_after_it(extractor: SymptomExtractor) -> None:
    assert mentions(
        extractor, "I had a headache last week. It has stopped now. No fever though."
    ) == {("headache", "past"), ("fever", "negated")}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Headaches last week not anymore", "headache"),
        ("Fever yesterday - none today", "fever"),
    ],
)
def test_a_denial_after_the_symptom_reaches_back_to_the_messages_first_word(
    extractor: SymptomExtractor, text: str, symptom: str
) -> None:
    # denied or over, either way not something the writer has now
    assert role(extractor, text, symptom) in {"negated", "past"}
