"""How a symptom presents (issue 18), session 25: the under-triaged classes of the retired acute
sets (validation 1 to 9, read; not blind), each with one sourced rule or the words it lacked.

- A belly that has grown tight or big, so that clothes no longer fit, is urgent (fluid can
  build up: Cancer Research UK, "Fluid in the abdomen (ascites)"); a belly that is simply
  bloated stays "soon".
- Headaches that keep coming back or have lasted days to weeks, or that are worse on coughing,
  after breast cancer, are urgent (Breast Cancer Now, "Secondary breast cancer in the brain");
  without a history, or for an hour, they are not.
- Thirst and constipation together are signs of high calcium (urgent, an existing rule); the
  words "not passing motion" and "drinking loads" were not read.
- A fever without current treatment is urgent (the contract): "running 101" was not read, and
  "a temperature of 38.4, had my chemo finished a year ago" dated the temperature, not the
  chemo.
- A swollen arm that is red along its line or vein is red (the existing cellulitis or clot rule,
  urgent); bruises found and counted on chemotherapy are bruising (urgent).
- Breast cancer named with a year after a full stop ("... three weeks now. Breast cancer
  2019.") is a history; a night told as "of a night" is night pain; "the cancer got in the
  bone" is a history.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import entities, roles_by_id, urgency

from symptom_nlu.extract import get_extractor


def features_of(text: str) -> set[str]:
    return {str(e["value"]) for e in entities(get_extractor(), text) if e["entity"] == "feature"}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "my stomach has got bigger and bigger this month, none of my skirts fasten now",
            "urgent",
        ),
        ("Belly tight as a drum since the weekend", "urgent"),
        ("my tummy has swollen up so much I look six months pregnant", "urgent"),
        ("I feel a bit bloated after meals", "soon"),
        ("my tummy is swollen", "soon"),
    ],
)
def test_a_belly_grown_tight_or_big_is_seen_today(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "I had breast cancer in 2017 and I've had a headache most days since the summer",
            "urgent",
        ),
        ("headaches for two weeks now, they won't shift. I had a mastectomy in 2020", "urgent"),
        ("After my breast cancer I get a headache that's worse when I cough", "urgent"),
        ("I've had a headache most days for a fortnight", "soon"),
        ("I had breast cancer in 2017, I've had a headache since this morning", "soon"),
        ("My sister has breast cancer and I've had headaches for two weeks", "soon"),
    ],
)
def test_headaches_that_keep_coming_after_breast_cancer_are_seen_today(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we went to the coast last week and I've had a cough since",
        "since last week my ankle is sore",
        "I ran a marathon for charity",
    ],
)
def test_a_time_point_or_an_activity_is_no_persistence_and_no_swelling(text):
    assert not features_of(text) & {"persistent", "distended"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm not passing a motion for six days now and I'm so thirsty", "urgent"),
        ("constipated since Friday and drinking loads", "urgent"),
        ("drinking loads of water like the nurse said, and constipated", "soon"),
    ],
)
def test_thirst_and_constipation_in_new_words_are_signs_of_high_calcium(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I've been running 102 since yesterday, not on any treatment now",
        "shivery and a temperature of 38.6, had my radiotherapy finished two years ago",
    ],
)
def test_a_fever_without_current_treatment_is_urgent(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "urgent"
    assert roles_by_id(get_extractor(), text).get("fever") == {None}


def test_running_a_distance_is_no_fever():
    assert "fever" not in roles_by_id(get_extractor(), "I ran 10 miles yesterday and feel fine")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "My shin aches deep in the bone, worse at night. Two years clear now. "
            "Breast cancer 2022.",
            "urgent",
        ),
        ("my hip is sore of a night since the cancer got into the bones", "urgent"),
        ("my hip is sore of a night", "soon"),
    ],
)
def test_night_bone_pain_with_a_history_said_plainly_is_urgent(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the arm with my port line is puffy since last night and pink along the vein", "urgent"),
        ("I'm on paclitaxel and noticed some dark bruises on my shins this week", "urgent"),
        ("my arm is a bit puffy since the surgery", "soon"),
    ],
)
def test_a_red_line_on_a_swollen_arm_and_bruises_found_on_chemo_are_seen_today(
    knowledge, text, expected
):
    assert urgency(get_extractor(), knowledge, text) == expected


def test_a_carers_gloves_and_socks_on_chemo_is_urgent_not_an_emergency(knowledge):
    text = "my husband is on docetaxel, his hands and feet feel as if they are in gloves and socks"
    assert urgency(get_extractor(), knowledge, text) == "urgent"
