"""Triage and wording on the real knowledge base: sites, urgency, red flags, "see a doctor"."""

from __future__ import annotations

import pytest
from contract import CONTRACT_SYMPTOM_IDS, EMERGENCY_RED_FLAGS

from symptom_checker.triage import assess, has_red_flag, merge_mentions
from symptom_checker.wording import assessment_messages

CONTRACT_IDS = CONTRACT_SYMPTOM_IDS
LEVEL_WORDS = ("emergency", "urgent", "soon")


def all_text(messages) -> str:
    return "\n".join(m.text for m in messages if m.text)


@pytest.mark.parametrize("symptom_id", CONTRACT_IDS)
def test_every_single_symptom_assessment_ends_with_see_a_doctor(knowledge, symptom_id):
    messages = assessment_messages(assess([symptom_id], [], knowledge))
    assert "see a doctor" in messages[-1].text.lower()


@pytest.mark.parametrize("symptom_id", CONTRACT_IDS)
def test_an_assessment_uses_only_its_own_urgency_word(knowledge, symptom_id):
    assessment = assess([symptom_id], [], knowledge)
    text = all_text(assessment_messages(assessment)).lower()
    assert assessment.urgency in text
    for other in LEVEL_WORDS:
        if other != assessment.urgency:
            assert other not in text, f"{symptom_id}: '{other}' in a {assessment.urgency} text"


@pytest.mark.parametrize("symptom_id", EMERGENCY_RED_FLAGS)
def test_each_red_flag_is_an_emergency(knowledge, symptom_id):
    assessment = assess([symptom_id], [], knowledge)
    assert assessment.urgency == "emergency"
    assert has_red_flag([symptom_id], [], knowledge)
    assert assessment_messages(assessment)[1].text.startswith("Please call")


@pytest.mark.parametrize("symptom_id", [s for s in CONTRACT_IDS if s not in EMERGENCY_RED_FLAGS])
def test_other_single_symptoms_are_not_an_emergency(knowledge, symptom_id):
    assert assess([symptom_id], [], knowledge).urgency in ("soon", "urgent")


@pytest.mark.parametrize(
    "combination",
    [["back_pain", "limb_weakness"], ["back_pain", "bladder_bowel_control_loss"]],
)
def test_spinal_cord_compression_combinations_escalate(knowledge, combination):
    assessment = assess(combination, [], knowledge)
    assert assessment.urgency == "emergency"
    assert any(set(rule.all_of) == set(combination) for rule in assessment.red_flags)


def inputs_that_match(rule) -> tuple[list[str], dict]:
    """The smallest description that meets every condition of `rule`."""
    present = sorted(rule.all_of) + sorted(rule.any_of)[: rule.at_least if rule.any_of else 0]
    facts = {fact: "yes" for fact in rule.requires}
    if rule.features_any:
        facts["features"] = {present[0]: [sorted(rule.features_any)[0]]}
    return present, facts


def test_every_red_flag_rule_in_the_knowledge_base_sets_its_urgency(knowledge):
    for rule in knowledge.red_flag_rules():
        present, facts = inputs_that_match(rule)
        assessment = assess(present, [], knowledge, **facts)
        assert assessment.urgency == rule.urgency, rule.id
        # A lowering rule down to "soon" (a normal temperature reading) flags nothing.
        assert (rule in assessment.red_flags) == (rule.urgency != "soon"), rule.id


def test_lump_under_arm_and_aching_hips_name_lymph_nodes_and_bones(knowledge):
    assessment = assess(["armpit_lump", "bone_pain"], [], knowledge)
    assert {p.site.id for p in assessment.possible_sites} == {"lymph_nodes", "bone"}
    text = all_text(assessment_messages(assessment)).lower()
    assert "lymph nodes" in text and "bones" in text
    assert assessment.urgency == "soon"


def test_negated_seizure_does_not_escalate(knowledge):
    assessment = assess(["headache"], ["seizure"], knowledge)
    assert assessment.urgency != "emergency"
    assert [s.id for s in assessment.present] == ["headache"]
    assert [s.id for s in assessment.negated] == ["seizure"]


def test_negated_symptoms_never_count_even_if_also_listed_as_present(knowledge):
    assessment = assess(["jaundice", "chest_pain"], ["chest_pain"], knowledge)
    assert assessment.urgency != "emergency"
    assert "lung" not in {p.site.id for p in assessment.possible_sites}


def test_an_assessment_never_states_a_diagnosis(knowledge):
    for symptom_id in CONTRACT_IDS:
        text = all_text(assessment_messages(assess([symptom_id], [], knowledge))).lower()
        for phrase in ("you have cancer", "you have metast", "you have secondary"):
            assert phrase not in text


def test_an_assessment_with_nothing_present_still_says_see_a_doctor(knowledge):
    messages = assessment_messages(assess([], ["jaundice"], knowledge))
    assert "see a doctor" in messages[-1].text.lower()


def test_general_symptoms_point_to_no_single_site(knowledge):
    assessment = assess(["weight_loss", "fatigue"], [], knowledge)
    assert assessment.possible_sites == ()
    assert {s.id for s in assessment.general} == {"weight_loss", "fatigue"}


def test_the_structured_summary_comes_first_and_lists_sites(knowledge):
    messages = assessment_messages(assess(["jaundice"], [], knowledge))
    assert messages[0].custom["type"] == "assessment"
    assert messages[0].custom["sites"] == ["liver"]
    assert messages[0].custom["urgency"] == "urgent"


def test_a_later_negation_corrects_an_earlier_symptom():
    present, negated = merge_mentions(["cough", "back_pain"], [], [("cough", True)])
    assert present == ["back_pain"] and negated == ["cough"]


def test_a_later_mention_undoes_an_earlier_negation():
    present, negated = merge_mentions([], ["seizure"], [("seizure", False)])
    assert present == ["seizure"] and negated == []


def test_within_one_message_present_wins_over_negated():
    present, negated = merge_mentions([], [], [("headache", True), ("headache", False)])
    assert present == ["headache"] and negated == []


def test_the_quick_red_flag_check_agrees_with_the_assessment(knowledge):
    cases = [([s], {}) for s in knowledge.symptom_ids()]
    cases += [inputs_that_match(rule) for rule in knowledge.red_flag_rules()]
    cases += [(["back_pain", "cough"], {}), (["headache", "fatigue"], {}), ([], {})]
    cases += [(["fever"], {"on_treatment": "no"}), (["confusion"], {"cancer_history": "yes"})]
    for present, facts in cases:
        expected = assess(present, [], knowledge, **facts).is_emergency
        assert has_red_flag(present, [], knowledge, **facts) == expected, (present, facts)
        # What the person does not have never counts.
        assert not has_red_flag(present, present, knowledge, **facts)
