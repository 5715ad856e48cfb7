"""Each assessment is recorded (ids only), "delete my data" erases it, long messages are noted.

The actions run with a CollectingDispatcher and a Tracker, as Rasa would run them; the
records go to the test session's SQLite database (tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from sqlalchemy import insert, select
from support import customs, make_tracker, symptom, texts

import actions.assessment
import actions.config
import actions.privacy
from actions.assessment import ActionAssessSymptoms
from actions.config import assessment_records
from actions.form import ValidateSymptomForm
from actions.privacy import ActionDeleteMyData
from actions.slots import ValidateSlotMappings
from symptom_checker.conversations import ERASED_SLOT, EVENTS
from symptom_checker.database import make_engine


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def tracker_of(person: str, channel: str | None = "rest", **kwargs):
    tracker = make_tracker(**kwargs)
    tracker.sender_id = person
    if channel:
        tracker.events[-1]["input_channel"] = channel
    return tracker


def new_person() -> str:
    return f"test-privacy-{uuid.uuid4().hex}"


def broken_database():
    raise RuntimeError("the database is down")


# --- every completed assessment is recorded -----------------------------------------------------


def test_an_assessment_is_recorded_with_ids_channel_and_urgency(dispatcher, domain):
    person = new_person()
    tracker = tracker_of(
        person,
        "socketio",
        text="no, that's everything",
        intent="deny",
        slots={"symptoms": ["seizure", "headache"], "negated_symptoms": ["cough"]},
    )
    run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    (record,) = assessment_records().for_sender(person)
    assert record.present_symptoms == ("seizure", "headache")
    assert record.negated_symptoms == ("cough",)
    assert "brain" in record.sites
    assert record.urgency == "emergency" == customs(dispatcher)[0]["urgency"]
    assert record.channel == "socketio"


def test_each_reassessment_is_a_record_of_its_own(dispatcher, domain):
    person = new_person()
    for present in (["cough"], ["cough", "coughing_blood"]):
        tracker = tracker_of(person, slots={"symptoms": present})
        run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    assert [r.urgency for r in assessment_records().for_sender(person)] == [
        "soon",
        "emergency",
    ]


def test_a_failing_record_write_still_sends_the_assessment(
    dispatcher, domain, monkeypatch, caplog
):
    monkeypatch.setattr(actions.assessment, "assessment_records", broken_database)
    tracker = tracker_of(new_person(), slots={"symptoms": ["jaundice"]})
    with caplog.at_level(logging.ERROR):
        events = run(ActionAssessSymptoms(), dispatcher, tracker, domain)
    assert "see a doctor" in texts(dispatcher)[-1].lower()
    assert {"event": "slot", "name": "urgency", "value": "urgent", "timestamp": None} in events
    assert "could not be recorded" in caplog.text


# --- "delete my data" ---------------------------------------------------------------------------


def test_delete_my_data_erases_the_persons_records_and_marks_the_conversation(dispatcher, domain):
    person, someone_else = new_person(), new_person()
    for sender in (person, someone_else):
        run(
            ActionAssessSymptoms(),
            dispatcher,
            tracker_of(sender, slots={"symptoms": ["cough"]}),
            domain,
        )
    dispatcher.messages.clear()

    tracker = tracker_of(person, text="yes", intent="affirm")
    events = run(ActionDeleteMyData(), dispatcher, tracker, domain)

    assert assessment_records().for_sender(person) == []
    assert len(assessment_records().for_sender(someone_else)) == 1
    assert events == [{"event": "slot", "name": ERASED_SLOT, "value": True, "timestamp": None}]
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_erased"]


def test_delete_my_data_with_no_records_still_erases_the_conversation(dispatcher, domain):
    events = run(ActionDeleteMyData(), dispatcher, tracker_of(new_person()), domain)
    assert events[0]["name"] == ERASED_SLOT and events[0]["value"] is True


def test_when_records_cannot_be_deleted_nothing_is_erased_and_the_person_is_told(
    dispatcher, domain, monkeypatch, caplog
):
    monkeypatch.setattr(actions.privacy, "assessment_records", broken_database)
    with caplog.at_level(logging.ERROR):
        events = run(ActionDeleteMyData(), dispatcher, tracker_of(new_person()), domain)
    assert events == []  # no marker: the conversation is kept, as the message says
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_not_erased"]
    assert "Could not delete" in caplog.text


@pytest.mark.parametrize(
    "requested", ["anything_else", "symptom_duration", "breast_cancer_history"]
)
def test_delete_my_data_in_the_middle_of_the_questions_answers_none_of_them(
    dispatcher, domain, requested
):
    # The form takes nothing from it, so Rasa lets the rule stop the form and ask first.
    tracker = make_tracker(
        "can you erase all of my data please",
        intent="delete_my_data",
        slots={"symptoms": ["cough"], "anything_else": requested != "anything_else"},
        requested_slot=requested,
        active_loop="symptom_form",
    )
    events = run(ValidateSymptomForm(), dispatcher, tracker, domain)
    assert [e for e in events if e.get("name") != "requested_slot"] == []
    assert dispatcher.messages == []


def test_the_confirmation_says_what_is_erased_and_offers_yes_and_no(domain):
    (confirmation,) = domain["responses"]["utter_confirm_delete_my_data"]
    assert "conversation" in confirmation["text"] and "record" in confirmation["text"]
    assert [b["payload"] for b in confirmation["buttons"]] == ["/affirm", "/deny"]
    (erased,) = domain["responses"]["utter_data_erased"]
    assert "deleted" in erased["text"] and "see a doctor" in erased["text"]


def test_the_erasure_marker_never_steers_the_dialogue(domain):
    slot = domain["slots"][ERASED_SLOT]
    assert slot["type"] == "bool" and slot["influence_conversation"] is False


# --- a message too long to read in full ---------------------------------------------------------


def test_a_shortened_message_gets_a_note_and_its_symptoms_still_count(dispatcher, domain):
    tracker = make_tracker(
        "my back hurts " * 200,
        entities=[
            symptom("back_pain"),
            {"entity": "message_shortened", "value": "2000", "start": 0, "end": 1999},
        ],
    )
    events = run(ValidateSlotMappings(), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_message_shortened"
    assert dispatcher.messages[0]["max_chars"] == "2,000"
    assert {
        "event": "slot",
        "name": "symptoms",
        "value": ["back_pain"],
        "timestamp": None,
    } in events


def test_a_normal_message_gets_no_note(dispatcher, domain):
    tracker = make_tracker("my back hurts", entities=[symptom("back_pain")])
    run(ValidateSlotMappings(), dispatcher, tracker, domain)
    assert dispatcher.messages == []


def test_the_note_names_the_limit_it_is_given(domain):
    (note,) = domain["responses"]["utter_message_shortened"]
    assert "{max_chars}" in note["text"] and "long message" in note["text"]


def test_the_privacy_answer_says_what_is_kept_and_how_to_delete_it(domain):
    (answer,) = domain["responses"]["utter_privacy"]
    text = " ".join(answer["text"].split())
    assert "never your own words" in text and "delete my data" in text


# --- "delete my data" says done only when it is done (issue 16) ---------------------------------


@pytest.fixture
def conversation_database_at(monkeypatch):
    """Points the tracker store's database (TRACKER_DB_URL) at `url` for the action."""

    def point(url: str) -> None:
        monkeypatch.setenv("TRACKER_DB_URL", url)
        actions.config.conversation_database.cache_clear()

    yield point
    actions.config.conversation_database.cache_clear()


def stored_conversation(url: str, *senders: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        EVENTS.create(connection, checkfirst=True)
        for sender in senders:
            connection.execute(insert(EVENTS).values(sender_id=sender, timestamp=1.0))
    engine.dispose()


def stored_senders(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        senders = list(connection.scalars(select(EVENTS.c.sender_id)))
    engine.dispose()
    return senders


def test_delete_my_data_deletes_the_stored_conversation_before_saying_done(
    dispatcher, domain, conversation_database_at, tmp_path
):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    person, someone_else = new_person(), new_person()
    stored_conversation(url, person, person, someone_else)
    conversation_database_at(url)

    events = run(ActionDeleteMyData(), dispatcher, tracker_of(person), domain)

    assert stored_senders(url) == [someone_else]
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_erased"]
    assert events[0]["name"] == ERASED_SLOT


def test_when_the_conversation_database_is_down_the_person_is_not_told_it_was_deleted(
    dispatcher, domain, conversation_database_at, tmp_path, caplog
):
    conversation_database_at(f"sqlite:///{tmp_path / 'no-such-folder' / 'conversations.db'}")
    with caplog.at_level(logging.ERROR):
        events = run(ActionDeleteMyData(), dispatcher, tracker_of(new_person()), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_not_erased"]
    assert events == []  # no marker: nothing claims the conversation is gone
    assert "Could not delete" in caplog.text


def test_a_failed_conversation_deletion_keeps_the_records_too_so_nothing_was_deleted(
    dispatcher, domain, monkeypatch
):
    person = new_person()
    run(
        ActionAssessSymptoms(),
        dispatcher,
        tracker_of(person, slots={"symptoms": ["cough"]}),
        domain,
    )
    dispatcher.messages.clear()

    def fail(connection, sender_id):
        raise RuntimeError("the events table is locked")

    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    actions.config.conversation_database.cache_clear()
    monkeypatch.setattr(actions.privacy, "erase_stored_conversation", fail)
    events = run(ActionDeleteMyData(), dispatcher, tracker_of(person), domain)

    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_not_erased"]
    assert len(assessment_records().for_sender(person)) == 1  # rolled back with it
