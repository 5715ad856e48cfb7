"""Whose, when and whether (issue 12), session 24: a person asking about a symptom they point
at is telling it (not blind: found while probing questions by hand, noted in session 23).

- "Is this lump cancer?", "could this headache be from the tamoxifen?": the "this" that opens
  the question is the symptom's own word, so the symptom is the writer's, present.
- "Is a headache like this normal after chemo?", "could a pulled muscle cause chest pain this
  bad?", "is a cough like mine normal?": words right after the symptom point at the writer's
  own, so a red flag asked about this way is still a red flag.
- "Is a headache ..." at the start of a question is not "be a headache" (a nuisance): the
  headache was dropped altogether.
- "Should I worry that I can't feel my feet?" tells the numbness; "should I worry about
  headaches?" asks.
- Questions about what might happen, with nothing pointed at, stay asked about.
- From the retired acute sets (validation 1 to 9, read; these sentences are new): tingling
  told as a feeling of needles or of wearing gloves and socks, a memory like a sieve (a slow
  change, so urgent, not an emergency), breast cancer named with a year and no "I", and bone
  pain at night after breast cancer (urgent: Breast Cancer Now, NICE NG234).
- A headache that came on suddenly or is the worst the person has had is urgent (NHS,
  "Headaches"; the contract keeps it below an emergency on its own); one that has simply gone
  on for a week is not.

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import roles_by_id, urgency

from symptom_checker.vocabulary import HYPOTHETICAL_ROLE
from symptom_nlu.components.guards import load_guard_families
from symptom_nlu.extract import get_extractor
from symptom_nlu.lexicon import LexiconError


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Is this lump cancer?", "breast_lump"),
        ("Could this headache be from the tamoxifen?", "headache"),
        ("is this cough something to worry about?", "cough"),
        ("Are these headaches a sign it has spread?", "headache"),
        ("Is a headache like this normal after chemo?", "headache"),
        ("Could a pulled muscle cause chest pain this bad?", "chest_pain"),
        ("Can a headache this bad be from the cancer?", "headache"),
        ("Is a cough like mine normal after radiotherapy?", "cough"),
        ("can letrozole give you bone pain like this?", "bone_pain"),
        ("Is it normal to get headaches this often after radiotherapy?", "headache"),
        ("could the pain I've got in my ribs be the cancer?", "bone_pain"),
        ("Should I worry that I can't feel my feet?", "limb_weakness"),
        ("should i be concerned that my arm is swollen", "arm_swelling"),
    ],
)
def test_a_symptom_pointed_at_in_a_question_is_the_writers_own(text, symptom):
    assert roles_by_id(get_extractor(), text).get(symptom) == {None}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Could it give me headaches?", "headache"),
        ("If my eyes went yellow would that be the liver?", "jaundice"),
        ("Is a headache normal after chemo?", "headache"),
        ("could my face swell up with this drug?", "face_neck_swelling"),
        ("Can chemo cause a cough?", "cough"),
        ("Should I worry about headaches on this drug?", "headache"),
        ("Could it give me headaches, I've got a rash from it already", "headache"),
        (
            "if it spreads to my liver, will I get tummy pain like this?",
            "right_upper_abdominal_pain",
        ),
        ("if the cancer reached my bones would I get bone pain like this or worse?", "bone_pain"),
        ("what happens if it reaches the bones, would I get bone pain?", "bone_pain"),
    ],
)
def test_a_symptom_asked_about_with_nothing_pointed_at_stays_asked(text, symptom):
    assert roles_by_id(get_extractor(), text).get(symptom) == {HYPOTHETICAL_ROLE}


def test_a_red_flag_asked_about_in_the_writers_own_words_is_an_emergency(knowledge):
    extractor = get_extractor()
    said = "Could a pulled muscle cause chest pain this bad? It came on an hour ago"
    assert urgency(extractor, knowledge, said) == "emergency"
    assert urgency(extractor, knowledge, "Is chest pain common with secondaries?") != "emergency"


@pytest.mark.parametrize(
    "text, found",
    [
        ("Is a headache like this normal after chemo?", True),
        ("Is a headache with a stiff neck something to worry about?", True),
        ("sorting out the will has turned into a real headache", False),
        ("the parking at that hospital is a headache", False),
    ],
)
def test_a_headache_asked_about_is_no_nuisance_but_one_said_of_a_task_is(text, found):
    assert ("headache" in roles_by_id(get_extractor(), text)) is found


def test_a_guard_family_that_says_not_in_question_must_say_true_or_false(tmp_path):
    (tmp_path / "guards.yml").write_text(
        "version: 1\nfamilies:\n  - name: x\n    explains: [headache]\n"
        "    not_in_question: sometimes\n    cues: [a form]\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="not_in_question"):
        load_guard_families(str(tmp_path))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I have the worst headache I've ever had", "urgent"),
        ("Is a headache like this normal after chemo? It's the worst I've ever had", "urgent"),
        ("I've had a mild headache on and off for a week", "soon"),
    ],
)
def test_a_sudden_or_worst_ever_headache_is_seen_today(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a needles feeling in my fingers and toes since I started paclitaxel", "urgent"),
        ("my hands and feet feel like I'm wearing gloves and socks, I'm on docetaxel", "urgent"),
        ("my memory is like a sieve since the chemo", "urgent"),
        ("I'm suddenly confused and don't know where I am", "emergency"),
        ("Breast cancer 2018. My hip hurts at night and wakes me up", "urgent"),
        ("My sister had breast cancer 2018, my hip hurts at night", "soon"),
        ("my hip hurts when I walk", "soon"),
    ],
)
def test_presentations_from_the_retired_acute_sets(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text) == expected
