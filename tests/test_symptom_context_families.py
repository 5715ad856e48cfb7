"""Issue 12, the rule families that generalise: one table per family of context.yml.

Sentences written for these tests (never copied from a validation or blind set). A present
symptom has no role (CONTRACT.md, "Whose, when and whether").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support import present, role

from symptom_nlu.extract import SymptomExtractor
from symptom_nlu.role_model import load_role_model, mention_features

PRESENT = None


# -- HYPOTHETICAL: conditions, questions about anyone, quoted lists ----------------------

HYPOTHETICAL = [
    ("do I ring the hospital if I start vomiting?", "vomiting"),
    ("in case I get a headache on holiday, what do I take?", "headache"),
    ("does radiotherapy make you lose your appetite?", "loss_of_appetite"),
    ("why would someone get a swollen arm after surgery?", "arm_swelling"),
    ("how can I tell if a lump in the breast is cancer?", "breast_lump"),
    ("could you explain why secondaries make people breathless?", "shortness_of_breath"),
    ("the booklet says look out for jaundice and itching", "jaundice"),
    ("the nurse gave me a list of things to ring about, like my legs going numb", "limb_weakness"),
    ("should we be watching out for her getting drowsy?", "drowsiness"),
    ("why do some patients get fractures?", "fracture"),
]


@pytest.mark.parametrize("text, symptom_id", HYPOTHETICAL)
def test_a_condition_or_a_question_about_anyone_is_hypothetical(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


OWN_STILL = [
    ("it hurts if I move my arm, and my shoulder bone aches", "bone_pain"),
    ("if I'm honest I've had a headache for a week", "headache"),
    ("what does it mean if my armpit is swollen?", "armpit_lump"),
]


@pytest.mark.parametrize("text, symptom_id", OWN_STILL)
def test_a_condition_on_ones_own_symptom_keeps_it_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_people_in_a_statement_are_other_people(extractor: SymptomExtractor) -> None:
    text = "lots of women get fractures with bone secondaries"
    assert role(extractor, text, "fracture") == "other_person"


# -- HISTORICAL: old times, used to, long-standing --------------------------------------

PAST = [
    ("I cracked a rib in 2009 and now my hip aches", "fracture"),
    ("back in the eighties I had jaundice", "jaundice"),
    ("I had a fever in July, all better now", "fever"),
    ("I used to get headaches at school", "headache"),
    ("when I was 12 I had a seizure", "seizure"),
    ("before five years I broke my arm", "fracture"),
    ("I've always been a bit breathless with my asthma", "shortness_of_breath"),
    ("that's the backache I'm used to", "back_pain"),
    ("had a cough for years until I stopped smoking", "cough"),
]


@pytest.mark.parametrize("text, symptom_id", PAST)
def test_an_old_time_or_a_long_standing_complaint_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


STILL_NOW = [
    ("I've had a cough since 2019 and it is worse", "cough"),
    ("my headache has been worse than usual this week", "headache"),
    ("I had a seizure an hour ago", "seizure"),
]


@pytest.mark.parametrize("text, symptom_id", STILL_NOW)
def test_a_symptom_going_on_now_stays_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


# -- RESOLVED: over now, also when it was recent -----------------------------------------


def test_over_now_is_past_even_after_a_recent_time(extractor: SymptomExtractor) -> None:
    text = "I had diarrhoea and vomiting last week, over it now, but I'm shattered"
    assert role(extractor, text, "vomiting") == "past"
    assert role(extractor, text, "fatigue") is PRESENT


def test_over_now_reaches_back_over_the_whole_sentence(extractor: SymptomExtractor) -> None:
    text = "I had a fever with a chest infection in the spring, that has all cleared up"
    assert role(extractor, text, "fever") == "past"


# -- FAMILY: whose symptom ---------------------------------------------------------------


def test_the_writer_speaking_as_the_patient_sets_a_relatives_symptoms_aside(
    extractor: SymptomExtractor,
) -> None:
    text = "My son was sick all night with a bug. I'm the one with cancer and I feel fine."
    assert role(extractor, text, "vomiting") == "other_person"


def test_a_carer_writing_for_the_person_still_reports_present(
    extractor: SymptomExtractor,
) -> None:
    assert role(extractor, "my son has been sick all night", "vomiting") is PRESENT


def test_she_after_a_friend_is_the_friend(extractor: SymptomExtractor) -> None:
    text = "My friend's cancer went to her brain and she kept having seizures."
    assert role(extractor, text, "seizure") == "other_person"


def test_own_symptom_later_in_the_sentence_is_the_writers(extractor: SymptomExtractor) -> None:
    text = "My brother gets nosebleeds but I'm the one who is coughing up blood now."
    assert role(extractor, text, "coughing_blood") is PRESENT


def test_a_relatives_last_weeks_are_theirs(extractor: SymptomExtractor) -> None:
    text = "my grandad was very confused near the end"
    assert role(extractor, text, "confusion") == "other_person"


# -- Words that only look like symptoms --------------------------------------------------

LOOK_ALIKES = [
    "such a headache sorting out the car insurance",
    "I lost weight on purpose for the wedding",
    "the graze on my knee is yellow and crusty",
    "we were shocked when the letter came",
    "back from my sister's hen do in Spain",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_an_idiom_or_look_alike_is_no_symptom(extractor: SymptomExtractor, text: str) -> None:
    assert present(extractor, text) == set()


def test_the_real_symptom_next_to_a_look_alike_is_kept(extractor: SymptomExtractor) -> None:
    assert present(extractor, "what a headache this form is, and I've gone yellow") == {"jaundice"}


# -- The learned fallback -----------------------------------------------------------------


def test_the_learned_fallback_is_trained_and_confident_only_where_clear() -> None:
    model = load_role_model()
    assert model is not None and 0.5 < model.threshold < 1.0
    words = "can it give me seizures ?".split()
    assert model.decide(mention_features(words, 4, 5)) == "hypothetical"
    words = "I have had seizures since yesterday".split()
    assert model.decide(mention_features(words, 3, 4)) is None


def test_the_learned_fallback_only_speaks_where_no_rule_decides(
    extractor: SymptomExtractor,
) -> None:
    context = extractor.nlp.get_pipe("symptom_nlu_context")
    assert context.role_model is not None
    # a rule decides: the relative's symptom stays other_person whatever the model says
    assert role(extractor, "my aunt went yellow when it reached her liver", "jaundice") == (
        "other_person"
    )
    # no rule and a plain report: present
    assert role(extractor, "I have a headache every morning", "headache") is PRESENT


SAFE_FROM_THE_FALLBACK = [
    ("on chemo, tonight i've had rigors and cant get warm", "fever"),
    ("my mum's leg gave way with a crack and it's bent at a funny angle", "fracture"),
]


@pytest.mark.parametrize("text, symptom_id", SAFE_FROM_THE_FALLBACK)
def test_the_learned_fallback_never_sets_aside_a_symptom_said_as_now_or_for_a_carer(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


class _ModelThatAlwaysSays:
    """A stand-in for the learned fallback: it answers one role for every mention it is
    asked about, so what the context component does with its answer can be seen (the real
    model changes no role on the training sentences: the rules decide them all)."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    def decide(self, features: object) -> str:
        return self.answer


@pytest.fixture
def fallback_that_always_says(
    extractor: SymptomExtractor, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], None]:
    """Put a stand-in that answers one role in place of the context component's learned model."""

    def install(answer: str) -> None:
        context = extractor.nlp.get_pipe("symptom_nlu_context")
        monkeypatch.setattr(context, "role_model", _ModelThatAlwaysSays(answer))

    return install


def test_the_learned_fallback_is_not_heard_in_a_sentence_that_says_now(
    extractor: SymptomExtractor, fallback_that_always_says: Callable[[str], None]
) -> None:
    fallback_that_always_says("past")
    # no rule decides, so the fallback's answer stands ("I" ends only a relative's scope) ...
    assert role(extractor, "I have a headache", "headache") == "past"
    # ... but never where the sentence says now ("tonight", a HISTORICAL terminate cue)
    assert role(extractor, "Tonight I have a headache.", "headache") is PRESENT


def test_the_learned_fallbacks_hypothetical_needs_a_word_that_asks_in_the_same_sentence(
    extractor: SymptomExtractor, fallback_that_always_says: Callable[[str], None]
) -> None:
    fallback_that_always_says("hypothetical")
    assert role(extractor, "a headache, what a pain", "headache") == "hypothetical"
    # without a word that asks or supposes it is a report; one in another sentence is not its
    assert role(extractor, "I have a headache", "headache") is PRESENT
    assert role(extractor, "What a day. I have a headache", "headache") is PRESENT
