"""Issue 12, session 11: whose, when and whether, the rule families added this round.

The sentences were written for these tests, not copied from a validation or blind set. A
present symptom has no role (CONTRACT.md); each family keeps its safety side: the writer's own
current symptom stays present.
"""

from __future__ import annotations

import pytest
from support import role

from symptom_nlu.extract import SymptomExtractor

PRESENT = None

# -- whose: someone addressed in a reply or a forum post ------------------------------------

ADDRESSED = [
    ("@Bev your back pain sounds grim, hope the physio helps", "back_pain"),
    ("replying to Jo: your swollen arm sounds sore, ask for a sleeve", "arm_swelling"),
    ("so sorry ur headaches are back hun, sending love", "headache"),
]


@pytest.mark.parametrize("text, symptom_id", ADDRESSED)
def test_a_symptom_of_someone_addressed_is_theirs(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "other_person"


WRITERS_OWN_BESIDE_YOUR = [
    ("thanks for your reply. I have a hard lump in my left breast", "breast_lump"),
    ("your site says to ask: my ankles are swollen and my back pain is worse", "back_pain"),
]


@pytest.mark.parametrize("text, symptom_id", WRITERS_OWN_BESIDE_YOUR)
def test_the_writers_own_symptom_after_your_stays_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


LEAFLET_OR_QUESTION = [
    ("tell your doctor if your arm swells", "arm_swelling"),
    ("can it make your face and neck swell up?", "face_neck_swelling"),
]


@pytest.mark.parametrize("text, symptom_id", LEAFLET_OR_QUESTION)
def test_your_in_a_leaflet_or_a_question_is_hypothetical(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


# -- whether: a question about what may come, asked with a word between ----------------------

ASKED_ABOUT = [
    ("I have the gene too, will I also become yellow?", "jaundice"),
    ("would it put me off my food as well?", "loss_of_appetite"),
    ("will the chemo make me throw up?", "vomiting"),
    ("my patient is asking me if cancer in the liver will make yellow skin", "jaundice"),
]


@pytest.mark.parametrize("text, symptom_id", ASKED_ABOUT)
def test_a_question_about_what_may_come_is_hypothetical(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


OWN_DESPITE_THE_QUESTION = [
    ("my husband keeps asking me if I'm ok. I have a hard lump in my breast", "breast_lump"),
    ("my legs are so swollen, would it stop if I rest them?", "leg_swelling"),
]


@pytest.mark.parametrize("text, symptom_id", OWN_DESPITE_THE_QUESTION)
def test_the_writers_own_symptom_beside_a_question_stays_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


def test_your_body_in_a_pasted_leaflet_stays_hypothetical(extractor: SymptomExtractor) -> None:
    text = (
        "Copied from the leaflet: 'Call the team if you notice pain in your bones that does "
        "not go away or yellowing of your skin.' Does it apply to me?"
    )
    assert role(extractor, text, "bone_pain") == "hypothetical"
    assert role(extractor, text, "jaundice") == "hypothetical"


def test_your_in_a_quoted_leaflet_gives_way_to_the_leaflet(extractor: SymptomExtractor) -> None:
    text = 'The leaflet says "ring your nurse if you start to go off your food". I am fine.'
    assert role(extractor, text, "loss_of_appetite") == "hypothetical"


# -- when: before an operation, and how a body has always been -------------------------------

OVER_BEFORE_AN_OPERATION = [
    ("I had a lump in my armpit before the surgery but they took it out", "armpit_lump"),
    ("my nipple was pulled in before my mastectomy", "nipple_inversion"),
    ("I've had dimply skin on my breast since I was a teenager", "skin_dimpling"),
    ("my left breast has a crease, it's just how I'm made", "skin_dimpling"),
]


@pytest.mark.parametrize("text, symptom_id", OVER_BEFORE_AN_OPERATION)
def test_before_an_operation_or_since_youth_is_past(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "past"


STILL_GOING = [
    ("the lump in my armpit was there before the surgery and it is still there", "armpit_lump"),
    ("my arm has been swollen since before my operation", "arm_swelling"),
    ("my back pain started before my chemo and is worse now", "back_pain"),
]


@pytest.mark.parametrize("text, symptom_id", STILL_GOING)
def test_a_symptom_from_before_an_operation_that_goes_on_is_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


CHANGED_SINCE_ALWAYS = [
    ("my back has hurt all my life but now it's different", "back_pain"),
    ("my back has hurt since I was a kid but it is worse now", "back_pain"),
    ("I've had asthma all my life and now I'm coughing up blood", "coughing_blood"),
]


@pytest.mark.parametrize("text, symptom_id", CHANGED_SINCE_ALWAYS)
def test_a_lifelong_symptom_that_has_changed_is_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT


# -- whether: "is X a sign of ...", asked without a question mark ---------------------------

ASKED_AS_A_SIGN = [
    ("anyway is fatigue a sign of mets or is that just the chemo", "fatigue"),
    ("is headaches a common symptom of brain mets", "headache"),
]


@pytest.mark.parametrize("text, symptom_id", ASKED_AS_A_SIGN)
def test_is_it_a_sign_of_asks_about_the_symptom(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) == "hypothetical"


OWN_SIGN = [
    ("is this lump in my breast a sign of cancer", "breast_lump"),
    ("is the pain in my hip a sign of spread", "bone_pain"),
    ("is her confusion a sign of brain mets", "confusion"),
]


@pytest.mark.parametrize("text, symptom_id", OWN_SIGN)
def test_asking_whether_ones_own_symptom_is_a_sign_keeps_it_present(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert role(extractor, text, symptom_id) is PRESENT
