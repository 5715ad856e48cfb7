"""Triage's rules on a small made-up knowledge base, so that each rule is tested on its own
(the real knowledge base has a red-flag rule for every emergency symptom too, which hides a
broken symptom-level check; and no rule of urgency "soon", which hides a broken filter).
Found by `make mutate` (issue 19): each test here killed a mutant that survived the suite."""

from __future__ import annotations

from dataclasses import replace

from symptom_checker.knowledge import Knowledge, RedFlagRule, Site, Symptom
from symptom_checker.triage import assess, has_red_flag, merge_mentions


def make_symptom(symptom_id: str, urgency: str) -> Symptom:
    return Symptom(
        id=symptom_id,
        label=symptom_id.replace("_", " "),
        urgency=urgency,
        urgency_reason="made up for the test",
        links=(),
        general=True,
        general_note=None,
        source_ids=(),
    )


def make_rule(rule_id: str, all_of: set[str], urgency: str) -> RedFlagRule:
    return RedFlagRule(
        id=rule_id,
        all_of=frozenset(all_of),
        urgency=urgency,
        title=rule_id,
        advice="made up for the test",
        source_id="test",
    )


def made_up_knowledge(
    symptoms: list[Symptom], rules: list[RedFlagRule], sites: list[Site] | None = None
) -> Knowledge:
    return Knowledge(symptoms=symptoms, red_flags=rules, sites=sites or [])


def test_an_emergency_symptom_is_a_red_flag_without_any_rule():
    knowledge = made_up_knowledge([make_symptom("fit", "emergency")], rules=[])

    assert has_red_flag(["fit"], [], knowledge)
    assert assess(["fit"], [], knowledge).is_emergency


def test_an_emergency_rule_is_a_red_flag_though_no_symptom_is_one_alone():
    knowledge = made_up_knowledge(
        [make_symptom("back_ache", "soon"), make_symptom("weak_legs", "urgent")],
        rules=[make_rule("cord_compression", {"back_ache", "weak_legs"}, "emergency")],
    )

    assert has_red_flag(["back_ache", "weak_legs"], [], knowledge)
    assert not has_red_flag(["back_ache"], [], knowledge)
    assert not has_red_flag(["back_ache", "weak_legs"], ["weak_legs"], knowledge)


def test_an_urgent_rule_is_not_a_red_flag():
    knowledge = made_up_knowledge(
        [make_symptom("a", "soon"), make_symptom("b", "soon")],
        rules=[make_rule("a_and_b", {"a", "b"}, "urgent")],
    )

    assert not has_red_flag(["a", "b"], [], knowledge)
    assessment = assess(["a", "b"], [], knowledge)
    assert assessment.urgency == "urgent"
    assert [rule.id for rule in assessment.red_flags] == ["a_and_b"]


def test_a_rule_of_urgency_soon_is_never_reported_as_a_red_flag():
    knowledge = made_up_knowledge(
        [make_symptom("a", "soon"), make_symptom("b", "soon")],
        rules=[make_rule("a_and_b", {"a", "b"}, "soon")],
    )

    assessment = assess(["a", "b"], [], knowledge)

    assert assessment.urgency == "soon"
    assert assessment.red_flags == ()


def test_within_one_message_a_present_mention_wins_over_a_negated_one_in_either_order():
    for mentions in ([("cough", False), ("cough", True)], [("cough", True), ("cough", False)]):
        present, negated = merge_mentions([], [], mentions)

        assert (present, negated) == (["cough"], []), mentions


def test_a_later_negation_still_takes_back_an_earlier_message():
    present, negated = merge_mentions(["cough", "fatigue"], [], [("cough", True)])

    assert (present, negated) == (["fatigue"], ["cough"])


def test_the_quick_red_flag_check_weighs_the_persons_history_treatment_and_features():
    """`has_red_flag` stops the questions: it must weigh everything `assess` weighs, so an
    emergency that needs a history of breast cancer, current treatment or a feature is
    caught by both, and by neither without it."""
    rules = [
        replace(
            make_rule("headache_after_cancer", {"headache"}, "emergency"),
            requires=frozenset({"cancer_history"}),
        ),
        replace(
            make_rule("fever_on_treatment", {"fever"}, "emergency"),
            requires=frozenset({"on_treatment"}),
        ),
        replace(
            make_rule("sudden_breathlessness", {"breathless"}, "emergency"),
            features_any=frozenset({"sudden_onset"}),
        ),
    ]
    knowledge = made_up_knowledge(
        [make_symptom(s, "soon") for s in ("headache", "fever", "breathless")], rules
    )
    cases = [
        (["headache"], {"cancer_history": "yes"}, True),
        (["headache"], {"cancer_history": "no"}, False),
        (["fever"], {"on_treatment": "yes"}, True),
        (["fever"], {"on_treatment": "no"}, False),
        (["breathless"], {"features": {"breathless": ["sudden_onset"]}}, True),
        (["breathless"], {"features": {"breathless": ["gradual_onset"]}}, False),
    ]
    for present, facts, emergency in cases:
        assert has_red_flag(present, [], knowledge, **facts) is emergency, (present, facts)
        assert assess(present, [], knowledge, **facts).is_emergency is emergency, (present, facts)


def test_two_lowering_rules_each_lower_their_own_symptom():
    """Slowly-come forgetfulness and tingling on both sides during chemotherapy are both
    urgent, not emergencies (red_flags.yml's `overrides`): said together, each rule lowers its
    own symptom, and the higher urgency of neither comes back."""
    rules = [
        replace(
            make_rule("gradual_forgetfulness", {"confusion"}, "urgent"),
            features_any=frozenset({"gradual_onset"}),
            overrides=frozenset({"confusion"}),
        ),
        replace(
            make_rule("tingling_both_sides", {"tingling"}, "urgent"),
            features_any=frozenset({"both_sides"}),
            overrides=frozenset({"tingling"}),
        ),
    ]
    knowledge = made_up_knowledge(
        [make_symptom("confusion", "emergency"), make_symptom("tingling", "emergency")], rules
    )
    features = {"confusion": ["gradual_onset"], "tingling": ["both_sides"]}

    for present in (
        ["confusion"],
        ["tingling"],
        ["confusion", "tingling"],
        ["tingling", "confusion"],
    ):
        assessment = assess(present, [], knowledge, features=features)
        assert assessment.urgency == "urgent", present
        assert not has_red_flag(present, [], knowledge, features=features), present
    assert assess(["confusion", "tingling"], [], knowledge).is_emergency


def test_a_later_denial_that_takes_nothing_back_leaves_a_symptom_told_present():
    # "no bleeding anywhere else" after bruises: more of it denied, not the bruises taken back
    present, negated = merge_mentions(
        ["bleeding_bruising"], [], [("bleeding_bruising", True), ("cough", True)], takes_back=False
    )

    assert (present, negated) == (["bleeding_bruising"], ["cough"])


def test_a_later_denial_that_takes_nothing_back_still_denies_what_was_never_told():
    present, negated = merge_mentions(["headache"], [], [("seizure", True)], takes_back=False)

    assert (present, negated) == (["headache"], ["seizure"])
