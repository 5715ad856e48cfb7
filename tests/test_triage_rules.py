"""Triage's rules on a small made-up knowledge base, so that each rule is tested on its own
(the real knowledge base has a red-flag rule for every emergency symptom too, which hides a
broken symptom-level check; and no rule of urgency "soon", which hides a broken filter).
Found by `make mutate` (issue 19): each test here killed a mutant that survived the suite."""

from __future__ import annotations

from dataclasses import replace

from symptom_checker.knowledge import Knowledge, RedFlagRule, Site, Symptom
from symptom_checker.triage import assess, has_red_flag, merge_mentions, raised_by_features


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


def test_a_later_denial_that_takes_nothing_back_leaves_a_symptom_told_in_the_same_message():
    """A message that names a symptom and then denies more of it ("a cough, but no cough at
    night"), when a denial takes nothing back: the symptom first told in that very message
    stays present, as one told in an earlier message does."""
    present, negated = merge_mentions(
        ["headache"], [], [("cough", False), ("cough", True)], takes_back=False
    )

    assert (present, negated) == (["headache", "cough"], [])


# The follow-up form asks "does it present like this?" only when the answer would raise the
# urgency (symptom_checker/presentation.py): `raised_by_features` must weigh the same facts
# before and after the answer, so that what is already known is never counted as raised.
RAISING_RULES = [
    replace(
        make_rule("fever_on_treatment", {"fever"}, "emergency"),
        requires=frozenset({"on_treatment"}),
    ),
    replace(
        make_rule("headache_after_cancer", {"headache"}, "urgent"),
        requires=frozenset({"cancer_history"}),
    ),
    replace(
        make_rule("sudden_breathlessness", {"breathless"}, "emergency"),
        features_any=frozenset({"sudden_onset"}),
    ),
    replace(
        make_rule("night_headache_after_cancer", {"headache"}, "emergency"),
        features_any=frozenset({"night_pain"}),
        requires=frozenset({"cancer_history"}),
    ),
    replace(
        make_rule("swelling_by_a_line_on_treatment", {"arm_swelling"}, "emergency"),
        features_any=frozenset({"central_line"}),
        requires=frozenset({"on_treatment"}),
    ),
    # Forgetfulness that came on slowly is urgent, not an emergency (red_flags.yml).
    replace(
        make_rule("gradual_forgetfulness", {"confusion"}, "urgent"),
        features_any=frozenset({"gradual_onset"}),
        features_none=frozenset({"sudden_onset"}),
        overrides=frozenset({"confusion"}),
    ),
]
RAISING = made_up_knowledge(
    [make_symptom(s, "soon") for s in ("fever", "headache", "breathless", "arm_swelling")]
    + [make_symptom("confusion", "emergency")],
    RAISING_RULES,
)


def test_a_feature_raises_nothing_that_is_already_raised_by_what_is_known():
    """Already an emergency through treatment, or urgent through a history of breast cancer,
    or through a feature told before: a further feature that changes nothing raises
    nothing, so the form does not ask about it."""
    cases = [
        (["fever"], {}, {"on_treatment": "yes"}),
        (["headache"], {}, {"cancer_history": "yes"}),
        (["breathless"], {"breathless": ["sudden_onset"]}, {}),
    ]
    for present, told, facts in cases:
        assert assess(present, [], RAISING, features=told, **facts).urgency != "soon", present
        added = {present[0]: ["severe"]}
        raised = raised_by_features(present, [], RAISING, added, features=told, **facts)
        assert raised is None, (present, told, facts)
    # The same added feature on top of nothing known does not raise either: the facts above,
    # not the feature, set the level.
    assert raised_by_features(["fever"], [], RAISING, {"fever": ["severe"]}) is None


def test_a_feature_raises_the_level_with_the_treatment_or_history_already_told():
    """A swollen arm beside a line is an emergency on treatment, a headache at night one
    after breast cancer: the feature raises the level when the person's facts are known,
    and not when they are not."""
    cases = [
        (["arm_swelling"], {"arm_swelling": ["central_line"]}, {"on_treatment": "yes"}),
        (["headache"], {"headache": ["night_pain"]}, {"cancer_history": "yes"}),
    ]
    for present, added, facts in cases:
        assert raised_by_features(present, [], RAISING, added, **facts) == "emergency", facts
        assert raised_by_features(present, [], RAISING, added) is None, present


def test_a_feature_is_weighed_together_with_the_features_told_before():
    """Forgetfulness told as having come on slowly is urgent, not an emergency. A further
    feature that changes nothing raises nothing: the slow onset told before still counts.
    A sudden onset told after it does raise it to an emergency."""
    told = {"confusion": ["gradual_onset"]}

    assert assess(["confusion"], [], RAISING, features=told).urgency == "urgent"
    for added, raised in (("severe", None), ("sudden_onset", "emergency")):
        assert (
            raised_by_features(["confusion"], [], RAISING, {"confusion": [added]}, features=told)
            == raised
        ), added
