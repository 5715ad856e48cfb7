"""Which disease topics the assistant offers with "Do you mean ...?" (actions.clarify)."""

from __future__ import annotations

import pytest

from actions.clarify import topic_ids, topics_to_offer

# The boundaries are written here as numbers, not read from the module: a test that computes
# them from CLOSE_MARGIN passes whatever CLOSE_MARGIN becomes. The numbers are the ones
# actions/clarify.py gives its reasons for: topics closer than 0.1 are asked about, a
# lead of 0.14 to 0.18 was a right answer; after a fallback a topic needs 0.25 (real
# questions had 0.27 to 0.51, an out-of-scope message 0.20 to 0.22); at most 3 buttons.


def ranking(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_two_close_topics_are_both_offered_best_first():
    offered = topics_to_offer(
        "ask_how_it_spreads",
        ranking(("ask_how_it_spreads", 0.51), ("ask_dormant_cells", 0.46), ("greet", 0.01)),
    )
    assert offered == ["ask_how_it_spreads", "ask_dormant_cells"]


def test_a_topic_with_a_clear_lead_is_simply_answered():
    lead = 0.15
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
    thin = 0.2
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
    assert len(topics_to_offer("ask_topic_0", many)) == 3
    high = ranking(("nlu_fallback", 0.3), *[(f"ask_topic_{n}", 0.35) for n in range(8)])
    assert len(topics_to_offer("nlu_fallback", high)) == 3


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


@pytest.mark.parametrize(
    "lead, asked",
    [(0.02, True), (0.06, True), (0.09, True), (0.11, False), (0.14, False), (0.18, False)],
)
def test_a_topic_is_asked_about_only_when_a_rival_is_within_a_tenth(lead, asked):
    offered = topics_to_offer(
        "ask_recurrence", ranking(("ask_recurrence", 0.5), ("ask_dormant_cells", 0.5 - lead))
    )
    assert offered == (["ask_recurrence", "ask_dormant_cells"] if asked else [])


@pytest.mark.parametrize(
    "support, asked",
    [(0.2, False), (0.22, False), (0.24, False), (0.26, True), (0.27, True), (0.51, True)],
)
def test_after_a_fallback_a_topic_needs_a_quarter_of_the_confidence(support, asked):
    offered = topics_to_offer(
        "nlu_fallback", ranking(("nlu_fallback", 0.3), ("ask_treatment", support))
    )
    assert offered == (["ask_treatment"] if asked else [])


# --- through the actions, with the classifier's output stubbed -----------------------------


def _said(action, intent: str, pairs: list[tuple[str, float]], domain) -> list[dict]:
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher
    from support import make_tracker

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("does it come back?", intent=intent, ranking=pairs)
    asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages


def _asks_do_you_mean(messages: list[dict], domain) -> bool:
    return any(
        m.get("buttons")
        and "Do you mean" in str(domain["responses"][m["response"]][0].get("text"))
        for m in messages
        if m.get("response") in domain["responses"]
    )


@pytest.mark.parametrize("lead, asked", [(0.05, True), (0.09, True), (0.15, False)])
def test_a_question_between_two_close_topics_gets_do_you_mean(domain, lead, asked):
    from actions.disease_info import ActionAnswerDiseaseQuestion

    messages = _said(
        ActionAnswerDiseaseQuestion(),
        "ask_recurrence",
        [("ask_recurrence", 0.5), ("ask_dormant_cells", 0.5 - lead), ("greet", 0.01)],
        domain,
    )

    assert _asks_do_you_mean(messages, domain) is asked
    if asked:
        [message] = messages
        payloads = [button["payload"] for button in message["buttons"]]
        assert payloads == ["/ask_recurrence", "/ask_dormant_cells"]
    else:
        assert messages and not any(m.get("buttons") for m in messages)


@pytest.mark.parametrize("support, asked", [(0.21, False), (0.3, True), (0.45, True)])
def test_an_unclear_message_is_asked_about_only_with_enough_support(domain, support, asked):
    from actions.disease_info import ActionClarifyQuestion

    messages = _said(
        ActionClarifyQuestion(),
        "nlu_fallback",
        [("nlu_fallback", 0.3), ("ask_recurrence", support), ("greet", 0.05)],
        domain,
    )

    assert bool(messages) and all(m.get("buttons") for m in messages) is asked
    assert [m.get("response") for m in messages] == (
        ["utter_is_it_this_topic"] if asked else ["utter_default"]
    )
