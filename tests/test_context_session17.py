"""Whose symptom, when and whether (issue 19, session 17): the readings that mutation testing
of ``symptom_nlu/components/context.py`` found no test for.

A time said first and set off by a comma ("Years ago, ...") is the time of the clause after
it only when its own clause is short; a "my" counts as the writer's claim only right before
the symptom; a word that cancels a history cue ("now", "different") counts only in the cue's
own clause or sentence, and not after a "no" or "nothing"; a polite "excuse me, I" does not
take away a writer's own treatment said elsewhere; a sentence is a question only by its own
question mark; a long-standing condition named ("I have diabetes and ...") is past, but not
the symptoms told after it (a bug this session found and fixed in context.yml).

Sentences written for these tests, not copied from a validation or blind set.
"""

from __future__ import annotations

import pytest

from symptom_nlu.extract import get_extractor


def readings(text: str) -> dict[str, tuple[str | None, bool]]:
    """Each symptom's role and whether it is a relative's, as the component reads it."""
    return {m.symptom_id: (m.role, m.relative) for m in get_extractor().extract(text).symptoms}


# -- the writer speaks as the patient --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Excuse me, I hope you can help. My son has a high temperature, I'm on chemo",
        "My son has a high temperature and I'm on chemo. Forgive me, I know you are busy",
    ],
)
def test_a_polite_excuse_me_elsewhere_does_not_undo_the_writers_own_treatment(text):
    """The writer on chemo is the patient, so the son's fever is someone else's; the polite
    "excuse me, I" only stops "me, I" inside it from counting."""
    assert readings(text) == {"fever": ("other_person", False)}


# -- a time said first: the clause after it ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Years ago on holiday, I had a clot in my leg",  # two words besides the time
        "Years ago on a holiday, I had a clot in my leg",  # three: the most
        # ... and a time that opens the message's second sentence
        "Lump. Years ago on a holiday, I had a clot in my leg",
    ],
)
def test_a_fronted_time_with_up_to_three_more_words_dates_the_clause_after_it(text):
    assert readings(text)["leg_swelling"] == ("past", False)


def test_a_fronted_time_is_counted_by_its_own_clause_not_the_messages_first():
    text = "I have a lump under my arm that will not go away. Years ago, I had a clot in my leg"
    assert readings(text) == {"armpit_lump": (None, False), "leg_swelling": ("past", False)}


@pytest.mark.parametrize(
    "text, symptom",
    [
        # five words besides the time: a clause of its own, not a time said first
        ("Years ago we moved to a farm, I have a cough", "cough"),
        ("Years ago we moved to a farm, I have a clot in my leg", "leg_swelling"),
    ],
)
def test_a_time_in_a_clause_of_its_own_does_not_date_the_next_clause(text, symptom):
    assert readings(text) == {symptom: (None, False)}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "I have asthma, and chest pain since this morning",
            {("shortness_of_breath", "past"), ("chest_pain", None)},
        ),
        ("I've got reflux, and I'm coughing up blood", {("coughing_blood", None)}),
        ("I have diabetes and I can't feel my legs", {("limb_weakness", None)}),
        ("I have fibromyalgia and I can't feel my legs", {("limb_weakness", None)}),
        ("I'm diabetic and I can't feel my legs", {("limb_weakness", None)}),
        # "epileptic" is the condition, told as past; last night's fit is now
        ("I am epileptic and had a fit last night", {("seizure", "past"), ("seizure", None)}),
        ("For a long time I've had eczema, it itches, my head aches", {("headache", None)}),
        # the condition itself stays past
        ("I've had migraines for years", {("headache", "past")}),
    ],
)
def test_a_long_standing_condition_is_past_but_not_the_symptoms_told_after_it(text, expected):
    """A red flag said after "I have diabetes and ..." was read as past, and a past mention
    never counts (the condition's cue reached on over the rest of its clause and the next)."""
    found = {(m.symptom_id, m.role) for m in get_extractor().extract(text).symptoms}
    assert found == expected


@pytest.mark.parametrize(
    "text, role",
    [
        # "haven't changed" says the same as "since I was a child": the headaches are known
        ("I've had headaches since I was a child and they haven't changed", "past"),
        ("I've had headaches since I was a child and they have changed", None),
    ],
)
def test_a_change_denied_with_nt_leaves_a_lifelong_symptom_known(text, role):
    assert readings(text) == {"headache": (role, False)}


def test_only_a_fronted_time_reaches_the_next_clause():
    """ "Unless I'm mistaken" is a short clause with no symptom, but not a time: the lump after
    it is reported, not supposed."""
    assert readings("Unless I'm mistaken, the lump is getting bigger") == {
        "breast_lump": (None, False)
    }


# -- "my" before a symptom in a question ---------------------------------------------------


@pytest.mark.parametrize(
    "text, symptom",
    [
        # "my" at the message's first word, right before the symptom
        ("My headaches every morning, is that always a sign of spread?", "headache"),
        # "my" right after the cue's last word
        ("is there a risk of my headaches getting worse?", "headache"),
    ],
)
def test_my_right_before_the_symptom_makes_a_question_about_the_writers_own(text, symptom):
    assert readings(text) == {symptom: (None, False)}


@pytest.mark.parametrize(
    "text, symptom",
    [
        # "my" three words back belongs to the treatment, not the headaches
        ("Is there a risk of my treatment causing headaches?", "headache"),
        # "my" earlier in a bare question, outside the symptom's words
        ("After my op, is a lump under the arm serious?", "armpit_lump"),
    ],
)
def test_a_my_that_is_not_the_symptoms_leaves_the_question_hypothetical(text, symptom):
    assert readings(text) == {symptom: ("hypothetical", False)}


# -- words that cancel a history cue -------------------------------------------------------


@pytest.mark.parametrize(
    "text, symptom",
    [
        # "now" opens the sentence, one word before the relative is named; another sentence
        # follows
        (
            "Now my nan had cancer in her spine and was wetting herself. Thank you.",
            "bladder_bowel_control_loss",
        ),
        # "now" opens it and "nothing" ends the message: "nothing" is no "not now"
        ("Now my mum had cancer in her spine and she eats nothing", "loss_of_appetite"),
    ],
)
def test_now_at_the_start_makes_a_relatives_history_a_carers_report(text, symptom):
    assert readings(text) == {symptom: (None, True)}


@pytest.mark.parametrize(
    "text",
    [
        # "strange" is the weather's, in the clause or sentence before the cue
        "The weather is strange, my usual headache today",
        "The weather is strange today. I have my usual headache",
    ],
)
def test_a_cancel_word_outside_the_cues_clause_leaves_the_usual_headache_known(text):
    assert readings(text) == {"headache": ("past", False)}


@pytest.mark.parametrize(
    "text",
    [
        # "nothing new" opens the message: the "new" is denied
        "Nothing new, I've had headaches since I was a child",
        # "not worse" ends it: the "worse" is denied
        "Since I was a child I've had headaches and they are not worse",
    ],
)
def test_a_denied_change_leaves_a_lifelong_symptom_known(text):
    assert readings(text) == {"headache": ("past", False)}


# -- a question by its own question mark ---------------------------------------------------


@pytest.mark.parametrize(
    "text, role",
    [
        ("What are the signs of liver spread? Jaundice?", "hypothetical"),
        # without its own "?" the fragment is said, not asked, even with spaces after it
        ("What are the signs of liver spread? Jaundice  ", None),
        # ... and a "?" at the message's second word is no question mark of the last sentence
        ("Hi? What are the signs of liver spread? Yellow skin  ", None),
    ],
)
def test_a_fragment_after_a_general_question_asks_only_with_its_own_question_mark(text, role):
    assert readings(text) == {"jaundice": (role, False)}


# -- "her" at the message's first word -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Her headache is worse than I thought. My mum also has a cough.",
        "Her head hurts more than I thought. My mum has a cough too",
    ],
)
def test_her_opening_the_message_is_no_report_of_the_writers_own(text):
    """ "Her headache" is not the writer's own report, though an "I" follows in its clause,
    so the mother is still the one cared for: her cough is a carer's report, not someone
    else's. (The headache itself is read as present and not marked as the relative's: no
    relative is named before it.)"""
    assert readings(text)["cough"] == (None, True)


# -- questions about anyone ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Is back pain common with bone mets?", "back_pain"),
        ("Is jaundice normal?", "jaundice"),
    ],
)
def test_a_question_opened_by_a_question_word_asks_about_anyone(text, symptom):
    """No cue asks here: the question word first, the "?" and no word of the writer's own
    make it a question about the disease, not a report."""
    assert readings(text) == {symptom: ("hypothetical", False)}


@pytest.mark.parametrize(
    "text, expected",
    [
        # commas and the question mark are not words of the short question that follows
        (
            "What are the signs of liver spread? Yellow skin, itching, tiredness, sickness?",
            # "sickness" is read as being sick since session 26
            {
                ("jaundice", "hypothetical"),
                ("fatigue", "hypothetical"),
                ("vomiting", "hypothetical"),
            },
        ),
        # six words: the longest short question that carries on the general one
        (
            "Is jaundice a sign of liver spread? Yellow skin and itching all over?",
            {("jaundice", "hypothetical")},
        ),
        # a one-word question after it
        ("Is jaundice a sign of liver spread? Why?", {("jaundice", "hypothetical")}),
    ],
)
def test_a_general_question_and_the_short_questions_after_it_ask_about_anyone(text, expected):
    found = {(m.symptom_id, m.role) for m in get_extractor().extract(text).symptoms}
    assert found == expected


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Are headaches like these normal after chemo?", "headache"),
        ("Is yellow skin like this normal?", "jaundice"),
    ],
)
def test_a_question_about_symptoms_like_these_asks_about_the_writers_own(text, symptom):
    """ "like these" points at what the writer has: not a question about anyone."""
    assert readings(text) == {symptom: (None, False)}


def test_the_context_component_refuses_to_read_before_it_is_initialised():
    import spacy

    import symptom_nlu.components.context  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("symptom_nlu_context", config={"learned_fallback": False})
    with pytest.raises(
        RuntimeError, match=r"^symptom_nlu_context is not initialised: call nlp\.initialize\(\)$"
    ):
        nlp("my mum has a headache")


# -- the learned fallback --------------------------------------------------------------------


class _ModelThatAlwaysSays:
    """A stand-in for the learned fallback that answers one role for every mention it is
    asked about (as in tests/test_symptom_context_families.py)."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    def decide(self, features: object) -> str:
        return self.answer


@pytest.mark.parametrize(
    "text, role",
    [
        # "my" at the message's first word, right before the symptom: the writer's own
        ("My headache is bad", None),
        # a "my" further back is another word's: the fallback is asked
        ("My day was long and a headache too", "past"),
        ("My GP said headaches are common", "past"),
    ],
)
def test_the_learned_fallback_is_not_asked_about_a_symptom_right_after_my(
    monkeypatch: pytest.MonkeyPatch, text: str, role: str | None
):
    context = get_extractor().nlp.get_pipe("symptom_nlu_context")
    monkeypatch.setattr(context, "role_model", _ModelThatAlwaysSays("past"))
    assert readings(text) == {"headache": (role, False)}
