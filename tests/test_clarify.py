"""Which disease topics the assistant offers with "Do you mean ...?" (symptom_nlu.clarify)."""

from __future__ import annotations

from symptom_nlu.clarify import (
    CLOSE_MARGIN,
    MAX_TOPICS,
    MIN_CONFIDENCE,
    topic_ids,
    topics_to_offer,
)


def ranking(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_two_close_topics_are_both_offered_best_first():
    offered = topics_to_offer(
        "ask_how_it_spreads",
        ranking(("ask_how_it_spreads", 0.51), ("ask_dormant_cells", 0.46), ("greet", 0.01)),
    )
    assert offered == ["ask_how_it_spreads", "ask_dormant_cells"]


def test_a_topic_with_a_clear_lead_is_simply_answered():
    lead = CLOSE_MARGIN + 0.05
    offered = topics_to_offer(
        "ask_recurrence",
        ranking(("ask_recurrence", 0.5), ("ask_dormant_cells", 0.5 - lead)),
    )
    assert offered == []


def test_a_close_reading_that_is_not_a_topic_is_no_rival():
    offered = topics_to_offer(
        "ask_treatment",
        ranking(
            ("ask_treatment", 0.48), ("inform_cancer_history", 0.46), ("ask_recurrence", 0.01)
        ),
    )
    assert offered == []


def test_a_pressed_topic_button_is_answered_not_asked_again():
    # "/ask_dormant_cells" comes with a ranking of itself alone.
    assert topics_to_offer("ask_dormant_cells", ranking(("ask_dormant_cells", 1.0))) == []


def test_a_fallback_whose_best_readings_are_topics_offers_them():
    offered = topics_to_offer(
        "nlu_fallback",
        ranking(
            ("nlu_fallback", 0.3),
            ("ask_how_it_spreads", 0.5),
            ("ask_where_it_spreads", 0.44),
            ("ask_diagnosis_tests", 0.01),
        ),
    )
    assert offered == ["ask_how_it_spreads", "ask_where_it_spreads"]


def test_a_fallback_offers_one_topic_when_the_next_reading_is_something_else():
    offered = topics_to_offer(
        "nlu_fallback",
        ranking(
            ("nlu_fallback", 0.3),
            ("ask_treatment", 0.48),
            ("inform_cancer_history", 0.46),
            ("ask_recurrence", 0.4),
        ),
    )
    assert offered == ["ask_treatment"]


def test_nonsense_with_thinly_spread_topic_readings_is_not_asked_about():
    thin = MIN_CONFIDENCE - 0.05
    offered = topics_to_offer(
        "nlu_fallback",
        ranking(("nlu_fallback", 0.3), ("ask_treatment", thin), ("ask_symptoms_of_spread", thin)),
    )
    assert offered == []


def test_a_fallback_led_by_small_talk_is_not_asked_about():
    offered = topics_to_offer(
        "nlu_fallback",
        ranking(("nlu_fallback", 0.3), ("goodbye", 0.47), ("thank", 0.42)),
    )
    assert offered == []


def test_symptom_reports_and_small_talk_are_never_asked_about():
    close_topics = ranking(("ask_where_it_spreads", 0.45), ("ask_how_it_spreads", 0.44))
    assert topics_to_offer("report_symptom", close_topics) == []
    assert topics_to_offer("greet", close_topics) == []
    assert topics_to_offer(None, close_topics) == []


def test_never_more_than_a_few_topics():
    many = ranking(*[(f"ask_topic_{n}", 0.2 - n * 0.001) for n in range(8)])
    assert len(topics_to_offer("ask_topic_0", many)) == MAX_TOPICS
    high = ranking(("nlu_fallback", 0.3), *[(f"ask_topic_{n}", 0.35) for n in range(8)])
    assert len(topics_to_offer("nlu_fallback", high)) == MAX_TOPICS


def test_the_ranking_order_is_read_from_the_confidences():
    offered = topics_to_offer(
        "ask_where_it_spreads",
        ranking(("ask_how_it_spreads", 0.40), ("ask_where_it_spreads", 0.45)),
    )
    assert offered == ["ask_where_it_spreads", "ask_how_it_spreads"]


def test_no_ranking_means_nothing_to_offer():
    assert topics_to_offer("nlu_fallback", None) == []
    assert topics_to_offer("ask_treatment", []) == []


def test_topic_ids_are_intent_names_without_the_prefix():
    assert topic_ids(["ask_dormant_cells", "ask_recurrence"]) == ["dormant_cells", "recurrence"]
