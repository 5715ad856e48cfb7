"""How people told their symptoms in the fifth validation set (session 14), from the message to
what is understood and, where it decides, to the urgency: lexicon, pairing, context and feature
words together, without the intent model.

Sentences written for these tests, not copied from a validation or blind set. Each family has a
trap beside it that must stay what it was.
"""

from __future__ import annotations

import pytest
from support import roles_by_id, urgency

from symptom_nlu.extract import SymptomExtractor


def found(extractor: SymptomExtractor, text: str) -> dict[str, set[str | None]]:
    return roles_by_id(extractor, text)


def present(extractor: SymptomExtractor, text: str) -> set[str]:
    return {sid for sid, roles in found(extractor, text).items() if None in roles}


# -- "the left one": a breast only when nothing else is named ---------------------------------


@pytest.mark.parametrize(
    "text, not_there",
    [
        ("my ankle has puffed up since Sunday, the right one", "breast_shape_change"),
        ("a gland has come up under my arm, the left one, like a pea", "breast_lump"),
    ],
)
def test_the_left_one_after_another_body_part_is_not_a_breast(
    extractor: SymptomExtractor, text: str, not_there: str
) -> None:
    assert not_there not in found(extractor, text)


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("the right one is swollen and heavier than the other", "breast_shape_change"),
        ("I can feel a lump in the left one", "breast_lump"),
    ],
)
def test_the_left_one_alone_is_still_a_breast(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text)


# -- words that only look like another symptom -------------------------------------------------


def test_pants_are_underwear_not_panting(extractor: SymptomExtractor) -> None:
    seen = present(extractor, "twice today I weed in my pants before I could get to the loo")
    assert "shortness_of_breath" not in seen
    assert "bladder_bowel_control_loss" in seen


def test_a_sore_breast_is_no_open_sore_but_a_sore_on_it_is(extractor: SymptomExtractor) -> None:
    assert "skin_ulcer" not in found(extractor, "I've had a sore breast since the weekend")
    assert "skin_ulcer" in present(extractor, "there's a sore on my breast that keeps weeping")


def test_bumping_into_a_door_is_no_lump(extractor: SymptomExtractor) -> None:
    assert "breast_lump" not in found(extractor, "my balance is off, I bumped the door frame")
    assert "breast_lump" in present(extractor, "there is a small hard bump on my breast")


def test_stopping_a_food_or_fasting_is_no_loss_of_appetite(extractor: SymptomExtractor) -> None:
    assert "loss_of_appetite" not in found(extractor, "I stopped eating sugar in January")
    assert "loss_of_appetite" not in found(extractor, "they told me to stop eating before the op")
    assert "loss_of_appetite" in present(extractor, "Dad has more or less stopped eating")


# -- whether: a denial closed by "nothing like that" -----------------------------------------


def test_nothing_like_that_closes_a_denial(extractor: SymptomExtractor) -> None:
    roles = found(extractor, "no fever nothing like that, only the cough")
    assert roles.get("fever") == {"negated"}
    assert "cough" in present(extractor, "no fever nothing like that, only the cough")


def test_nothing_like_that_before_is_still_a_comparison(extractor: SymptomExtractor) -> None:
    assert "headache" in present(extractor, "a crushing headache, nothing like that before")


# -- when and whose --------------------------------------------------------------------------


def test_a_modal_before_its_subject_asks_without_a_question_mark(
    extractor: SymptomExtractor,
) -> None:
    text = "if it gets to my liver would my tummy swell up or would I turn yellow"
    assert "abdominal_swelling" not in present(extractor, text)
    assert "abdominal_swelling" in present(extractor, "my tummy has swollen up this week")


def test_dreading_finding_a_lump_asks_only_about_the_thing_dreaded(
    extractor: SymptomExtractor,
) -> None:
    assert "breast_lump" not in present(extractor, "checked myself, dreading finding a lump")
    assert "breast_lump" in present(
        extractor, "I was scared of finding a lump and I found one in my right breast"
    )


def test_the_cough_someone_had_all_winter_is_past_unless_it_is_back(
    extractor: SymptomExtractor,
) -> None:
    assert found(extractor, "the cough I had all winter turned out to be a virus") == {
        "cough": {"past"}
    }
    assert "cough" in present(extractor, "the cough I had all winter is back again")


def test_a_note_in_brackets_says_it_settled(extractor: SymptomExtractor) -> None:
    roles = found(extractor, "March - arm swollen (settled). April - sore hip, worse at night")
    assert roles.get("arm_swelling") == {"past"}
    assert "bone_pain" in present(
        extractor, "March - arm swollen (settled). April - sore hip, worse at night"
    )


def test_a_comparison_with_last_time_is_about_now(extractor: SymptomExtractor) -> None:
    assert "nipple_inversion" in present(extractor, "nipple more pulled in compared to last time")


def test_a_relatives_symptoms_are_theirs_when_the_writer_is_on_chemo(
    extractor: SymptomExtractor,
) -> None:
    text = "My daughter has a cough and a temperature. Can I hug her while I am in chemo?"
    roles = found(extractor, text)
    assert roles.get("cough") == {"other_person"}
    assert roles.get("fever") == {"other_person"}


def test_the_relative_named_as_the_patient_is_the_one_assessed(
    extractor: SymptomExtractor,
) -> None:
    text = (
        "Uncle Jim's knee is healing, Auntie Pat is off her food after her chemo, "
        "and my dad (the patient) has a swollen face and neck since lunch"
    )
    assert "face_neck_swelling" in present(extractor, text)
    assert found(extractor, text).get("loss_of_appetite") == {"other_person"}


def test_a_quoted_question_is_asked_not_told(extractor: SymptomExtractor) -> None:
    text = "> Are you still getting the chest pain?\nNo, it went after a day."
    assert "chest_pain" not in present(extractor, text)
    # a quoted message that says something is left to the other rules
    assert "fatigue" in present(extractor, "> Mum: so tired today, can't move\nshe sent that")


# -- a place pointed back to -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        (
            "she has been coughing since May, it won't clear, and today there's blood in it",
            "coughing_blood",
        ),
        ("my armpit has ached for days and now there is a lump in it", "armpit_lump"),
        (
            "I was throwing up all night and this morning there was blood in it",
            "bleeding_bruising",
        ),
    ],
)
def test_a_finding_in_it_takes_the_place_named_before_it(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text)


def test_in_it_with_no_place_before_it_adds_nothing(extractor: SymptomExtractor) -> None:
    assert "coughing_blood" not in found(extractor, "I cut my finger and there was blood on it")


# -- presentations told as they look ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("his arm is massive and bent since he slipped", "fracture"),
        ("R leg shortened and externally rotated after a fall", "fracture"),
        ("she can't move the leg and it looks a funny shape", "fracture"),
        ("my nipple keeps sinking into the breast", "nipple_inversion"),
        ("I cant breathe lying flat anymore", "breathless_lying_flat"),
        ("as soon as my head hits the pillow I'm fighting for breath", "breathless_lying_flat"),
        ("there's blood coming from my gums and it won't stop", "bleeding_bruising"),
        ("big purple marks all over my legs", "bleeding_bruising"),
        ("she stopped eating and says everything tastes of metal", "loss_of_appetite"),
        ("he is always asking for a drink", "excessive_thirst"),
        ("I get up to pee about 5 times every night", "frequent_urination"),
        ("the stool is not coming, five days", "constipation"),
        ("the skin looks like skin of orange", "orange_peel_skin"),
        ("my father does not recognise his son today", "confusion"),
        ("the weight is descending every month", "weight_loss"),
        ("the left eye sees two images", "vision_change"),
        ("the urine is not controlled since morning", "bladder_bowel_control_loss"),
        ("after the fit he cannot be woken", "drowsiness"),
        ("she was jerking her arms and legs on the kitchen floor", "seizure"),
        ("her eyes were rolled back and she didn't answer", "seizure"),
        ("there was froth on his mouth and his tongue is bitten", "seizure"),
        ("grandad nods off in the middle of a sentence since Sunday", "drowsiness"),
        ("we can't wake him properly this morning", "drowsiness"),
        ("I couldn't get my legs to carry me to the bathroom", "limb_weakness"),
        ("I get a bit puffed walking to the shops now", "shortness_of_breath"),
        ("she put her keys in the freezer twice this week", "confusion"),
        ("on chemo and I feel like total garbage", "feeling_unwell"),
    ],
)
def test_these_words_name_a_present_symptom(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert symptom_id in present(extractor, text)


def test_a_breast_that_looks_a_funny_shape_is_a_shape_change_not_a_break(
    extractor: SymptomExtractor,
) -> None:
    roles = found(extractor, "my breast looks a funny shape lately")
    assert "breast_shape_change" in roles and "fracture" not in roles


def test_where_is_dad_is_no_one_elses_dad(extractor: SymptomExtractor) -> None:
    # "'s" of "where's" is "is": mum's confusion is not someone else's relative's
    text = "mum keeps asking where's dad and she didn't know what day it was this morning"
    assert found(extractor, text).get("confusion") == {None}


def test_rolling_ones_eyes_is_no_fit(extractor: SymptomExtractor) -> None:
    assert "seizure" not in found(extractor, "my teenager rolled her eyes at me again")


# -- and the urgency they decide -------------------------------------------------------------

EMERGENCIES = [
    # a band of pain from the spine round to the front, after breast cancer
    "a pain goes from the middle of my back round to my ribs like a tight belt, I had breast "
    "cancer in 2015",
    # a suspected broken hip told as a nurse writes it, or as a crack and no weight
    "fall today, L leg shortened and externally rotated, unable to weight bear",
    "I heard a crack in my hip getting out of the car and I'm not able to put any weight on it",
    # bleeding that will not stop on chemotherapy, told by the tissues it takes
    "on chemo, my gums have been bleeding since lunch, I've gone through a box of tissues",
    # blood brought up from the stomach
    "I was sick and it looked like coffee grounds",
    "my vomit has fresh blood in it",
    # half the field of sight gone at once
    "suddenly I can't see anything on the left side, it started 20 minutes ago",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_an_emergency_in_these_words_is_an_emergency(
    extractor: SymptomExtractor, knowledge, text: str
) -> None:
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # a sprain, not a broken leg
        "my ankle is swollen and twisted from netball",
        # coffee with nausea is not blood
        "I had a coffee this morning and felt sick after",
        # bleeding gums on brushing, not heavy
        "my gums bleed a bit when I brush",
    ],
)
def test_the_everyday_look_alikes_are_not_emergencies(
    extractor: SymptomExtractor, knowledge, text: str
) -> None:
    assert urgency(extractor, knowledge, text) != "emergency"


def test_a_place_class_that_points_must_name_classes_that_exist(tmp_path) -> None:
    from symptom_nlu.lexicon import LexiconError, load_lexicon

    (tmp_path / "lexicon.yml").write_text(
        "version: 1\n"
        "classes:\n"
        "  SIDE:\n"
        "    kind: location\n"
        "    unless_near: [NO_SUCH_CLASS]\n"
        "    terms: [left one]\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="unless_near names unknown class NO_SUCH_CLASS"):
        load_lexicon(str(tmp_path))


# -- look-alikes in messages with no symptom of their own ------------------------------------


@pytest.mark.parametrize(
    "text, not_present",
    [
        # a clinician's word for no fever
        ("seen in clinic, well, afebrile, obs normal", "fever"),
        # food that would put anyone off is about the food
        ("the canteen curry would put anyone off their food", "loss_of_appetite"),
        # what someone read or a post they answer
        ("I read something about seizures and brain mets and now I am scared", "seizure"),
        ("Replying to the post about swollen arms: mine was fine after surgery", "arm_swelling"),
        # a question about what causes a symptom in general
        ("is back pain ever from bone mets or usually just muscles", "back_pain"),
        # over once the treatment ended
        ("the sickness and the tiredness both went once I finished radiotherapy", "fatigue"),
    ],
)
def test_these_mentions_are_not_the_writers_present_symptom(
    extractor: SymptomExtractor, text: str, not_present: str
) -> None:
    assert not_present not in present(extractor, text)


def test_a_writer_with_nothing_like_that_themselves_tells_a_relatives_story(
    extractor: SymptomExtractor,
) -> None:
    text = "My aunt went yellow before they found it. I've got nothing like that myself."
    # hers, and the writer's own denial of it (session 18: "nothing like that" points back)
    assert found(extractor, text).get("jaundice") == {"other_person", "negated"}
    # without it, the writer may be caring for her: present
    assert "jaundice" in present(extractor, "My aunt has gone yellow since Friday")


def test_is_my_pain_ever_from_the_mets_stays_the_writers_own(
    extractor: SymptomExtractor,
) -> None:
    assert "bone_pain" in present(extractor, "is my rib pain ever from the mets?")


# -- a function said to be fine denies its symptom --------------------------------------------


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("back is sore but I'm walking fine and the waterworks are fine", "limb_weakness"),
        (
            "back is sore but I'm walking fine and the waterworks are fine",
            "bladder_bowel_control_loss",
        ),
        ("headaches in the mornings, balance is fine though", "unsteadiness"),
        ("coughing a lot, breathing is ok", "shortness_of_breath"),
        ("tired all the time but appetite is fine", "loss_of_appetite"),
        ("sore ribs, bowels regular", "constipation"),
    ],
)
def test_a_function_said_to_be_fine_is_a_denial_of_its_symptom(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert found(extractor, text).get(symptom_id) == {"negated"}


def test_said_fine_beside_the_symptom_itself_the_symptom_stays_present(
    extractor: SymptomExtractor,
) -> None:
    # within one message a present mention wins (symptom_checker.triage.merge_mentions)
    roles = found(extractor, "my breathing is fine sitting down but I get breathless on stairs")
    assert roles.get("shortness_of_breath") == {"negated", None}


def test_a_relatives_fine_breathing_is_theirs_to_deny(extractor: SymptomExtractor) -> None:
    roles = found(extractor, "I have a cough, my husband's breathing is fine")
    assert roles.get("shortness_of_breath") == {"other_person"}


def test_a_denial_must_name_a_symptom_the_lexicon_knows(tmp_path) -> None:
    from symptom_nlu.lexicon import LexiconError, load_lexicon

    (tmp_path / "lexicon.yml").write_text(
        "version: 1\ndenied_as_fine:\n  no_such_symptom: [balance is fine]\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="unknown symptom id no_such_symptom"):
        load_lexicon(str(tmp_path))


# -- what went away is what is named after "but the" (found by the mutation run) -------------


@pytest.mark.parametrize(
    "text, still_there",
    [
        ("the lump is still there but the pain went away", "breast_lump"),
        ("I still have the cough but my temperature has cleared up", "cough"),
    ],
)
def test_a_symptom_still_there_is_not_over_because_another_went_away(
    extractor: SymptomExtractor, text: str, still_there: str
) -> None:
    assert found(extractor, text).get(still_there) == {None}


def test_but_it_went_away_still_ends_the_symptom_before_it(extractor: SymptomExtractor) -> None:
    assert found(extractor, "I had a headache but it went away") == {"headache": {"past"}}
