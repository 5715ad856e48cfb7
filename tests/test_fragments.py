"""A symptom said in two short messages ("back", then "hurts bad") counts (issue 18): people
texting in a hurry split one symptom over two messages, and an emergency built over several
messages must not be lost for it. Only two short fragments in a row are read together."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from support import make_tracker

from actions.common import fragment_mentions, symptom_mentions
from actions.slots import ValidateSlotMappings


def two_messages(first: str, second: str, first_entities=(), slots=None) -> Tracker:
    tracker = make_tracker(second, intent="nlu_fallback", slots=slots)
    earlier = {"text": first, "intent": {"name": "nlu_fallback"}, "entities": list(first_entities)}
    tracker.events = [{"event": "user", "text": first, "parse_data": earlier}, *tracker.events]
    return tracker


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    "first, second, symptom",
    [
        ("back", "hurts bad", "back_pain"),
        ("my chest", "feels tight", "chest_pain"),
        ("head", "pounding all day", "headache"),
    ],
)
def test_two_fragments_name_their_symptom_together(first, second, symptom):
    assert (symptom, False) in symptom_mentions(two_messages(first, second))


def test_the_fragments_fill_the_symptoms_slot(dispatcher, domain):
    tracker = two_messages("back", "hurts bad", slots={"symptoms": None})
    events = asyncio.run(ValidateSlotMappings().run(dispatcher, tracker, domain))
    assert "back_pain" in slot_events(events)["symptoms"]


@pytest.mark.parametrize(
    "first, second",
    [
        # Small talk and answers are no symptom, read together or not.
        ("hi", "thanks"),
        ("no", "that's everything"),
        # A question is not a report.
        ("back", "is that bad?"),
        # Only short fragments: a longer first message said what it meant.
        ("I wanted to ask about my back", "hurts bad"),
    ],
)
def test_other_pairs_of_messages_are_not_read_together(first, second):
    assert fragment_mentions(two_messages(first, second)) == []


def test_a_symptom_already_named_is_not_read_again():
    tracker = two_messages("back pain", "hurts bad", first_entities=[{"entity": "symptom"}])
    assert fragment_mentions(tracker) == []


def test_the_second_fragment_not_understood_alone_starts_the_questions_about_the_pair(
    dispatcher, domain
):
    # "hurts bad" alone is not understood (nlu_fallback): the fallback reads it with "back"
    # and starts the questions, instead of "Sorry, I didn't understand".
    from rasa_sdk.events import FollowupAction

    from actions.disease_info import ActionClarifyQuestion

    tracker = two_messages("back", "hurts bad", slots={"symptoms": None})
    events = asyncio.run(ActionClarifyQuestion().run(dispatcher, tracker, domain))
    assert events == [FollowupAction("symptom_form")]
    assert dispatcher.messages == []


# A message with no symptom of its own may finish one the message before it began (session
# 14): "she's been coughing", then "red blood in the tissue". Only what neither names alone is
# new; the earlier symptom is not counted twice.


def test_blood_told_after_a_cough_is_coughing_up_blood():
    tracker = two_messages(
        "she's been coughing for a few days",
        "this morning there was red blood in the tissue",
        first_entities=[{"entity": "symptom", "value": "cough"}],
    )
    assert fragment_mentions(tracker) == [("coughing_blood", False)]


@pytest.mark.parametrize(
    "first, second",
    [
        # what only dates or places the symptom already named adds nothing
        ("I have had a cough", "since Monday, on and off"),
        # a question is not a report
        ("I have had a cough", "could there be blood in it?"),
        # a long second message said what it meant on its own
        (
            "I have had a cough",
            "and I also wanted to say that my sister was here at the weekend with the kids "
            "and there was blood in the tissue",
        ),
    ],
)
def test_a_message_that_adds_no_new_symptom_to_the_one_before_adds_nothing(first, second):
    tracker = two_messages(first, second, first_entities=[{"entity": "symptom", "value": "cough"}])
    assert fragment_mentions(tracker) == []
