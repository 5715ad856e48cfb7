"""Issue 12, session 6: whose, when and whether in people's own ways of writing.

One table per mechanism or rule family added to symptom_nlu/components/context.py and
resources/en/context.yml in this round. Sentences written for these tests, never copied from
a validation or blind set. A present symptom has no role (CONTRACT.md). Every family has its
safety side too: a relative's or an old symptom is set aside, the writer's own current one
never is.
"""

from __future__ import annotations

import pytest
from support import role, roles_by_id

from symptom_nlu.extract import SymptomExtractor

PRESENT = None


# -- whose: the carer's relative, the "my" of "my mother" --------------------------------


def test_the_my_of_my_mother_is_not_the_writer_speaking_of_themselves(
    extractor: SymptomExtractor,
) -> None:
    # a carer writing for her: every symptom of hers is present, none set aside as "hers"
    text = "My mother has lost control of her bladder since this morning and her legs are weak"
    assert roles_by_id(extractor, text) == {
        "bladder_bowel_control_loss": {PRESENT},
        "limb_weakness": {PRESENT},
    }


RELATIVES_HISTORY = [
    ("my cousin had a fit at a party last year", "seizure"),
    ("my auntie had a lump in her breast years ago", "breast_lump"),
    ("my grandad was coughing up blood in 2015", "coughing_blood"),
]


@pytest.mark.parametrize("text, symptom_id", RELATIVES_HISTORY)
def test_a_relatives_old_symptom_is_someone_elses_not_the_carers_report(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "other_person"


CARER_NOW = [
    ("my mum had a fit last night", "seizure"),
    ("my husband has been coughing up blood since this morning", "coughing_blood"),
    ("my dad's legs went weak an hour ago", "limb_weakness"),
]


@pytest.mark.parametrize("text, symptom_id", CARER_NOW)
def test_a_carers_report_of_a_recent_red_flag_stays_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


RELATIVE_SPELLINGS = [
    ("me mam gets migraines and I've had a cough for weeks", "headache", "cough"),
    ("my sisters eyes went yellow, now my own chest hurts", "jaundice", "chest_pain"),
    ("hubby has had a cough all week and I've got a headache today", "cough", "headache"),
    ("my bf had swollen glands in his neck, and my hips ache", "neck_lump", "bone_pain"),
]


@pytest.mark.parametrize("text, theirs, mine", RELATIVE_SPELLINGS)
def test_relatives_named_in_texting_and_dialect_are_other_people(
    extractor: SymptomExtractor, text: str, theirs: str, mine: str
) -> None:
    assert role(extractor, text, theirs) == "other_person"
    assert role(extractor, text, mine) is PRESENT


def test_a_group_around_the_writer_is_other_people(extractor: SymptomExtractor) -> None:
    text = "everyone at work has had a cough this month but I have a headache since Monday"
    assert role(extractor, text, "cough") == "other_person"
    assert role(extractor, text, "headache") is PRESENT


# -- when: over now, long-standing, unchanged --------------------------------------------

OVER_NOW = [
    ("I had a swollen gland under my arm after the flu, it went down in a week", "armpit_lump"),
    ("I was sick after my first chemo but that settled, now I'm fine", "vomiting"),
    ("had a dry cough in the autumn, all good now", "cough"),
    ("I had a nasty headache on Saturday, I'm over it now", "headache"),
]


@pytest.mark.parametrize("text, symptom_id", OVER_NOW)
def test_a_symptom_said_to_be_over_in_everyday_words_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


def test_the_skin_over_a_lump_is_a_place_not_a_recovery(extractor: SymptomExtractor) -> None:
    text = "I found a lump in my breast and the skin over it is puckered"
    assert role(extractor, text, "breast_lump") is PRESENT
    assert role(extractor, text, "skin_dimpling") is PRESENT


UNCHANGED = [
    ("I get my usual migraines once a month, nothing new", "headache"),
    (
        "bit of stress incontinence since my second baby, same as always",
        "bladder_bowel_control_loss",
    ),
]


@pytest.mark.parametrize("text, symptom_id", UNCHANGED)
def test_a_long_standing_symptom_said_to_be_unchanged_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


def test_a_usual_symptom_that_is_new_or_worse_stays_present(extractor: SymptomExtractor) -> None:
    assert role(extractor, "my usual headaches are much worse and new", "headache") is PRESENT


# -- whether: questions about anyone, and reports that only end in "?" -------------------

GENERAL_QUESTIONS = [
    ("Is weight loss a sign of liver secondaries?", {"weight_loss"}),
    ("what are the signs of spread to the brain? headaches? fits?", {"headache", "seizure"}),
    ("can bone pain and tiredness be symptoms of spread?", {"bone_pain", "fatigue"}),
]


@pytest.mark.parametrize("text, ids", GENERAL_QUESTIONS)
def test_a_question_about_the_disease_in_general_and_its_fragments_are_hypothetical(
    extractor: SymptomExtractor, text: str, ids: set[str]
) -> None:
    found = roles_by_id(extractor, text)
    assert ids <= set(found)
    assert all(found[i] == {"hypothetical"} for i in ids)


OWN_AFTER_ALL = [
    ("is chest pain serious? I have it now", "chest_pain"),
    ("is it normal to have a headache every morning?", "headache"),
    ("blood coming out of my nipple??", "nipple_discharge"),
    ("what should I do, my arm has gone weak?", "limb_weakness"),
]


@pytest.mark.parametrize("text, symptom_id", OWN_AFTER_ALL)
def test_a_question_that_is_the_writers_own_report_stays_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_the_cared_for_persons_old_symptom_beside_a_current_one_is_their_past(
    extractor: SymptomExtractor,
) -> None:
    text = "my husband had vertigo years ago, but this week he's staggering and falling over"
    assert "past" in roles_by_id(extractor, text)["unsteadiness"]
    assert PRESENT in roles_by_id(extractor, text)["unsteadiness"]


# -- whether: negation cues and the words that only look like them -----------------------

PASSED_BY = [
    ("everyone at home had the sickness bug but I dodged it", "vomiting"),
    ("my colleague had a fever last week but I escaped the fever", "fever"),
]


@pytest.mark.parametrize("text, symptom_id", PASSED_BY)
def test_a_bug_that_passed_the_writer_by_is_not_theirs(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert PRESENT not in roles_by_id(extractor, text).get(symptom_id, set())


NOT_A_NEGATION = [
    ("I'm out of breath by the time I reach the bus stop", "shortness_of_breath"),
    ("I get breathless on the stairs, which never used to happen", "shortness_of_breath"),
    ("zero balance lately, I keep wobbling into the door frame", "unsteadiness"),
]


@pytest.mark.parametrize("text, symptom_id", NOT_A_NEGATION)
def test_a_place_a_lack_or_a_new_change_is_not_a_negation(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_a_symptom_that_stopped_is_still_over(extractor: SymptomExtractor) -> None:
    assert role(extractor, "I had a cough but it stopped", "cough") == "past"


# -- how people say it: readings and everyday words (lexicon) ----------------------------

SAID_PLAINLY = [
    ("no temperature this morning but now 38.4 and I'm on chemo", "fever"),
    ("took my temperature and it's 39, not on treatment", "fever"),
    ("I keep nearly falling over in the kitchen", "unsteadiness"),
    ("her memory has been slipping for a few weeks", "confusion"),
    ("I get really puffed carrying the shopping in", "shortness_of_breath"),
    ("I just don't fancy my dinner these days", "loss_of_appetite"),
    ("I've hardly wanted to eat for a fortnight", "loss_of_appetite"),
    ("passing water very often, day and night", "frequent_urination"),
    ("dying for a drink all the time even after a pint of water", "excessive_thirst"),
]


@pytest.mark.parametrize("text, symptom_id", SAID_PLAINLY)
def test_everyday_wordings_and_a_bare_temperature_reading_are_symptoms(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert PRESENT in roles_by_id(extractor, text).get(symptom_id, set())


def test_the_writers_my_inside_a_relatives_story_does_not_make_her_symptoms_theirs(
    extractor: SymptomExtractor,
) -> None:
    # the carer's "my name" is not a report of their own: mum's confusion is the red flag
    text = "my mum is suddenly confused today and doesn't know my name, and her head hurts"
    assert role(extractor, text, "confusion") is PRESENT


def test_a_relative_named_with_a_word_before_is_still_a_relative(
    extractor: SymptomExtractor,
) -> None:
    text = "my little brother gets migraines, and I have a cough since Monday"
    assert role(extractor, text, "headache") == "other_person"
    assert role(extractor, text, "cough") is PRESENT


def test_a_lump_that_was_taken_out_is_past_and_one_that_came_back_is_not(
    extractor: SymptomExtractor,
) -> None:
    assert role(extractor, "the lump in my breast was removed", "breast_lump") == "past"
    assert role(extractor, "the lump they removed has come back", "breast_lump") is PRESENT


def test_what_the_body_might_do_next_asked_is_hypothetical(extractor: SymptomExtractor) -> None:
    text = "I have a lump in my neck. If it grows could my face swell up?"
    assert role(extractor, text, "face_neck_swelling") == "hypothetical"
    assert role(extractor, text, "neck_lump") is PRESENT


def test_gone_right_off_me_food_is_loss_of_appetite(extractor: SymptomExtractor) -> None:
    assert role(extractor, "I've gone right off me food", "loss_of_appetite") is PRESENT


NOT_UNWELL = [
    "period pains are awful this month",
    "the traffic was terrible and the weather is shocking",
]


@pytest.mark.parametrize("text", NOT_UNWELL)
def test_a_thing_judged_awful_is_not_the_person_feeling_unwell(
    extractor: SymptomExtractor, text: str
) -> None:
    assert "feeling_unwell" not in roles_by_id(extractor, text)


UNWELL = ["I feel awful, hot and shivery", "I'm terrible today, I've been so rough all week"]


@pytest.mark.parametrize("text", UNWELL)
def test_the_person_feeling_awful_is_unwell(extractor: SymptomExtractor, text: str) -> None:
    assert PRESENT in roles_by_id(extractor, text).get("feeling_unwell", set())


def test_nearly_went_over_is_a_fall_not_a_symptom_that_has_gone(
    extractor: SymptomExtractor,
) -> None:
    text = "my balance is shocking, I nearly went over twice on the stairs"
    assert role(extractor, text, "unsteadiness") is PRESENT
    assert role(extractor, "I had a headache but it went", "headache") == "past"


NAMED_CONDITIONS = [
    ("I've had asthma since I was a child, is the flu jab ok?", "shortness_of_breath"),
    ("I had a heart attack in 2015 and now my ribs ache", "chest_pain"),
    ("I was diagnosed with glaucoma ages ago", "vision_change"),
]


@pytest.mark.parametrize("text, symptom_id", NAMED_CONDITIONS)
def test_a_named_condition_is_a_past_mention_not_a_new_symptom(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


CONDITION_NOW = [
    ("I think I'm having a heart attack", "chest_pain"),
    ("I'm having an asthma attack and can't breathe", "shortness_of_breath"),
]


@pytest.mark.parametrize("text, symptom_id", CONDITION_NOW)
def test_a_condition_said_as_happening_now_stays_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert PRESENT in roles_by_id(extractor, text)[symptom_id]


def test_a_relatives_condition_beside_the_carers_report_is_not_counted(
    extractor: SymptomExtractor,
) -> None:
    text = "my grandad had dementia, but my dad has been confused since lunchtime"
    found = roles_by_id(extractor, text)["confusion"]
    assert PRESENT in found and len(found) == 2
