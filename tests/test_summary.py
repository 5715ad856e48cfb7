"""The summary for the doctor: links that only work for their holder, pages and PDFs that carry
what the person told the assistant (symptom_checker.summary, actions/summary.py, web/serve.py)."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import ThreadingHTTPServer
from typing import Any

import pypdf
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, insert
from sqlalchemy.engine import Engine

import symptom_checker.summary as summary_module
from actions.assessment import SUMMARY_BUTTON, with_summary_button
from actions.summary import NO_ASSESSMENT_YET, ActionRequestSummary
from symptom_checker.conversations import EVENTS
from symptom_checker.knowledge import Knowledge
from symptom_checker.loader import read_knowledge
from symptom_checker.retention import purge
from symptom_checker.summary import (
    TOKEN_BYTES,
    SummaryTokens,
    delete_expired_tokens,
    latest_assessment_event_id,
    load_summary,
    render_html,
    render_text,
    summary_from_events,
)
from symptom_checker.summary_pdf import render_pdf
from symptom_checker.wording import OutgoingMessage

KEY = b"test-summary-key"
ASSESSMENT = {
    "type": "assessment",
    "urgency": "soon",
    "sites": ["lymph_nodes", "bone"],
    "symptoms": ["armpit_lump", "bone_pain"],
    "negated": ["headache"],
    "red_flags": [],
}


def conversation(assessment: dict[str, Any] = ASSESSMENT) -> list[dict[str, Any]]:
    """A stored conversation's events as Rasa keeps them, ending with an assessment."""
    return [
        {"event": "user", "timestamp": 1.0, "text": "I found a lump under my left arm"},
        {"event": "slot", "timestamp": 1.1, "name": "symptoms", "value": assessment["symptoms"]},
        {"event": "slot", "timestamp": 1.2, "name": "side", "value": "left"},
        {"event": "slot", "timestamp": 1.3, "name": "symptom_duration", "value": "three weeks"},
        {"event": "slot", "timestamp": 1.4, "name": "breast_cancer_history", "value": "yes"},
        {
            "event": "bot",
            "timestamp": 1764633600.0,
            "text": None,
            "data": {"custom": assessment, "buttons": None},
        },
        {"event": "bot", "timestamp": 1764633600.1, "text": "Please see a doctor soon."},
    ]


@pytest.fixture(scope="module")
def files_knowledge() -> Knowledge:
    return read_knowledge()


@pytest.fixture
def database(tmp_path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'summary.db'}", future=True)
    EVENTS.metadata.create_all(engine)
    return engine


def store(engine: Engine, sender_id: str, events: list[dict[str, Any]]) -> list[int]:
    ids = []
    with engine.begin() as connection:
        for event in events:
            result = connection.execute(
                insert(EVENTS).values(
                    sender_id=sender_id,
                    type_name=event["event"],
                    timestamp=event["timestamp"],
                    data=json.dumps(event),
                )
            )
            ids.append(int(result.inserted_primary_key[0]))
    return ids


def assessment_id(engine: Engine, sender_id: str) -> int:
    found = latest_assessment_event_id(engine, sender_id)
    assert found is not None
    return found


# --- tokens -----------------------------------------------------------------------------


def test_a_token_carries_at_least_128_random_bits(database: Engine):
    tokens = SummaryTokens(database, KEY)
    issued = {tokens.issue("ann", 1) for _ in range(20)}
    assert TOKEN_BYTES * 8 >= 128
    assert len(issued) == 20
    assert all(len(token) >= 22 for token in issued)


def test_a_wrong_or_expired_token_finds_nothing(database: Engine):
    tokens = SummaryTokens(database, KEY, days=7)
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    token = tokens.issue("ann", 5, now=now)
    assert tokens.find(token, now=now + timedelta(days=6)) is not None
    assert tokens.find(token, now=now + timedelta(days=7, seconds=1)) is None
    assert tokens.find(token[:-1] + ("A" if token[-1] != "A" else "B"), now=now) is None
    assert tokens.find("", now=now) is None


def test_the_table_keeps_no_token_in_the_clear(database: Engine):
    token = SummaryTokens(database, KEY).issue("ann", 5)
    with database.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM summary_tokens").all()
    assert rows and all(token not in str(row) and "ann" not in str(row) for row in rows)


def test_two_servers_on_one_database_serve_each_others_links(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first = SummaryTokens(create_engine(url, future=True), KEY)
    second = SummaryTokens(create_engine(url, future=True), KEY)
    assert second.find(first.issue("ann", 3)) is not None


def test_links_work_across_servers_on_postgresql(postgres_url: str):
    first = SummaryTokens(create_engine(postgres_url, future=True), KEY)
    second = SummaryTokens(create_engine(postgres_url, future=True), KEY)
    token = first.issue("pg-summary-person", 3)
    try:
        assert second.find(token) is not None
    finally:
        second.delete_for_sender("pg-summary-person")
    assert first.find(token) is None


def test_purge_deletes_expired_links(database: Engine):
    tokens = SummaryTokens(database, KEY, days=1)
    old = tokens.issue("ann", 1, now=datetime.now(timezone.utc) - timedelta(days=2))
    fresh = tokens.issue("ann", 1)
    result = purge(database, database, days=30)
    assert result.summary_links == 1
    assert tokens.find(old) is None and tokens.find(fresh) is not None
    assert delete_expired_tokens(database) == 0


# --- the summary from the stored conversation ------------------------------------------


def test_the_summary_holds_what_the_person_told(files_knowledge: Knowledge):
    summary = summary_from_events(conversation(), files_knowledge)
    assert summary is not None
    text = render_text(summary)
    assert "A lump or swollen gland in the armpit (since: three weeks)" in text
    assert "Side mentioned: left." in text
    assert "Said they do not have" in text and "Headaches" in text
    assert "Has had breast cancer before." in text
    assert "The lymph nodes" in text and "The bones" in text
    assert "Soon: see a doctor within the next two weeks." in text
    assert "Sources:" in text and "Macmillan" in text
    assert "not a diagnosis" in text
    assert "I found a lump" not in text  # nothing typed beyond what the assessment holds


def test_a_conversation_without_an_assessment_has_no_summary(files_knowledge):
    assert summary_from_events(conversation()[:5], files_knowledge) is None


def test_the_page_is_accessible_html_that_escapes_what_it_shows(files_knowledge):
    events = conversation()
    events[3]["value"] = "<script>alert(1)</script>"
    summary = summary_from_events(events, files_knowledge)
    assert summary is not None
    page = render_html(summary, pdf_href="/summary/x.pdf")
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    assert "<h1>" in page and page.count("<h2>") >= 5
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="/summary/x.pdf"' in page


@pytest.mark.parametrize("page_format", ["A4", "Letter"])
def test_the_pdf_parses_and_carries_the_summary(files_knowledge, page_format: str):
    summary = summary_from_events(conversation(), files_knowledge)
    assert summary is not None
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(summary, page_format)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "armpit" in text and "three weeks" in text
    assert "lymph nodes" in text and "Soon: see a doctor" in text
    assert "not a diagnosis" in text


def test_a_link_reaches_only_its_own_conversation(database: Engine, files_knowledge):
    store(database, "ann", conversation())
    store(database, "bob", conversation({**ASSESSMENT, "symptoms": ["seizure"]}))
    tokens = SummaryTokens(database, KEY)
    # A token made for Ann that names Bob's assessment (a forged or reused reference).
    forged = tokens.issue("ann", assessment_id(database, "bob"))
    assert load_summary(forged, tokens, database, files_knowledge) is None
    own = tokens.issue("ann", assessment_id(database, "ann"))
    summary = load_summary(own, tokens, database, files_knowledge)
    assert summary is not None and "armpit" in render_text(summary)


def test_a_link_stops_working_once_the_conversation_is_deleted(database, files_knowledge):
    store(database, "ann", conversation())
    tokens = SummaryTokens(database, KEY)
    token = tokens.issue("ann", assessment_id(database, "ann"))
    with database.begin() as connection:
        connection.execute(EVENTS.delete().where(EVENTS.c.sender_id == "ann"))
    assert load_summary(token, tokens, database, files_knowledge) is None


# --- the action ---------------------------------------------------------------------------


def tracker(channel: str, sender_id: str = "ann") -> Tracker:
    return Tracker(
        sender_id=sender_id,
        slots={},
        latest_message={"text": "summary for my doctor", "intent": {"name": "request_summary"}},
        events=[{"event": "user", "text": "summary for my doctor", "input_channel": channel}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def action_databases(database: Engine, monkeypatch) -> SummaryTokens:
    import actions.summary

    tokens = SummaryTokens(database, KEY)
    monkeypatch.setattr(actions.summary, "summary_tokens", lambda: tokens)
    monkeypatch.setattr(actions.summary, "conversation_database", lambda: database)
    monkeypatch.setenv("WEB_PORT", "8123")
    monkeypatch.delenv("SUMMARY_BASE_URL", raising=False)
    return tokens


def run(action_tracker: Tracker) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRequestSummary().run(dispatcher, action_tracker, {}))
    return dispatcher


def test_before_an_assessment_the_person_is_asked_for_their_symptoms(action_databases):
    dispatcher = run(tracker("rest"))
    assert [m["text"] for m in dispatcher.messages] == [NO_ASSESSMENT_YET]


def test_on_the_web_the_reply_links_the_page_on_the_web_port(action_databases, database):
    store(database, "ann", conversation())
    (message,) = run(tracker("socketio")).messages
    assert "http://127.0.0.1:8123/summary/" in message["text"]
    token = message["custom"]["url"].rsplit("/", 1)[1]
    assert action_databases.find(token) is not None
    assert message["custom"]["pdf_url"].endswith(f"{token}.pdf")


def test_on_telegram_the_reply_asks_the_channel_for_a_document(action_databases, database):
    store(database, "telegram:42", conversation())
    messages = run(tracker("telegram", "telegram:42")).messages
    custom = [m["custom"] for m in messages if m.get("custom")]
    assert custom and custom[0]["type"] == "doctor_summary"
    assert action_databases.find(custom[0]["token"]) is not None
    assert not any("http" in (m.get("text") or "") for m in messages)


def test_on_sms_the_reply_is_the_summary_as_text(action_databases, database, monkeypatch):
    import actions.summary

    monkeypatch.setattr(actions.summary, "knowledge", read_knowledge)
    store(database, "twilio:+15550001", conversation())
    texts = [m["text"] for m in run(tracker("twilio", "twilio:+15550001")).messages]
    assert len(texts) == 1 and "armpit" in texts[0] and "not a diagnosis" in texts[0]


def test_every_assessment_offers_the_summary_on_its_last_message():
    messages = [OutgoingMessage(text="one"), OutgoingMessage(text="see a doctor")]
    last = with_summary_button(messages)[-1]
    assert last.text == "see a doctor" and SUMMARY_BUTTON in last.buttons


def test_delete_my_data_removes_the_persons_links(action_databases, monkeypatch):
    import actions.privacy

    monkeypatch.setattr(actions.privacy, "summary_tokens", lambda: action_databases)
    token = action_databases.issue("test-person", 1)
    dispatcher = CollectingDispatcher()
    asyncio.run(
        actions.privacy.ActionDeleteMyData().run(dispatcher, tracker("rest", "test-person"), {})
    )
    assert action_databases.find(token) is None


# --- the page server ----------------------------------------------------------------------


@pytest.fixture
def page_server(database: Engine, files_knowledge, monkeypatch) -> Iterator[str]:
    import web.serve

    service = summary_module.Summaries.__new__(summary_module.Summaries)
    service.tokens = SummaryTokens(database, KEY)
    service.conversations = database
    service.knowledge = files_knowledge
    monkeypatch.setattr(summary_module, "_SUMMARIES", service)
    server = ThreadingHTTPServer(("127.0.0.1", 0), web.serve.build_handler(5005, None, "'none'"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type"), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read()


def test_the_page_server_serves_the_page_and_the_pdf(page_server: str, database: Engine):
    store(database, "ann", conversation())
    token = summary_module.summaries().tokens.issue("ann", assessment_id(database, "ann"))
    status, kind, body = fetch(f"{page_server}/summary/{token}")
    assert status == 200 and kind.startswith("text/html")
    assert b"armpit" in body and b"not a diagnosis" in body
    status, kind, body = fetch(f"{page_server}/summary/{token}.pdf")
    assert status == 200 and kind == "application/pdf" and body.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "path",
    ["/summary/" + "A" * 32, "/summary/" + "A" * 32 + ".pdf", "/summary/short", "/summary/../x"],
)
def test_the_page_server_refuses_unknown_links(page_server: str, path: str):
    status, _, _ = fetch(page_server + path)
    assert status == 404
