"""The summary for the doctor against the real, running assistant (inside `make test-live`).

Over REST: an assessment, then "can I get a summary for my GP?" gives a link on the web page's
port; the page and its PDF carry what was said; another conversation's link does not open
this one; after "delete my data" the link is gone. On Telegram: the PDF arrives at the fake
Bot API as a document.
"""

from __future__ import annotations

import io
import os
import re
import time
import uuid

import pypdf
import requests
from test_channels_live import TelegramUser, recorded

RASA_URL = f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
WEB_PORT = os.environ.get("WEB_PORT", "8080")
LINK = re.compile(rf"http://127\.0\.0\.1:{WEB_PORT}/summary/([A-Za-z0-9_-]{{22,}})")


def say(sender: str, text: str) -> list[dict]:
    answer = requests.post(
        f"{RASA_URL}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=90,
    )
    answer.raise_for_status()
    return answer.json()


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def assessed(sender: str) -> str:
    """Walks a lump-in-the-left-armpit conversation to its assessment; returns its text."""
    replies = say(sender, "I found a lump under my left arm and my hips ache")
    for answer in ("no, that's everything", "about three weeks", "no"):
        if "see a doctor" in texts(replies):
            break
        replies = say(sender, answer)
    text = texts(replies)
    assert "see a doctor" in text, text
    buttons = [b.get("title") for reply in replies for b in reply.get("buttons") or []]
    assert "Summary for my doctor" in buttons
    return text


def summary_token(sender: str, request: str = "can I get a summary for my GP?") -> str:
    replies = say(sender, request)
    match = LINK.search(texts(replies))
    assert match, texts(replies)
    return match.group(1)


def page(token: str, suffix: str = "") -> requests.Response:
    return requests.get(f"http://127.0.0.1:{WEB_PORT}/summary/{token}{suffix}", timeout=30)


def test_a_rest_conversation_gets_a_printable_summary_and_a_pdf():
    sender = f"summary-{uuid.uuid4().hex[:10]}"
    assessed(sender)
    token = summary_token(sender)

    html = page(token)
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    body = html.text
    assert "armpit" in body and "Side mentioned: left" in body
    assert "three weeks" in body
    assert "lymph nodes" in body and "bones" in body.lower()
    assert "not a diagnosis" in body and "Sources" in body

    pdf = page(token, ".pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "armpit" in text and "see a doctor" in text


def test_a_wrong_token_and_a_deleted_conversation_get_404():
    assert page("A" * 32).status_code == 404
    sender = f"summary-{uuid.uuid4().hex[:10]}"
    assessed(sender)
    token = summary_token(sender, "print this")
    assert page(token).status_code == 200
    say(sender, "delete my data")
    say(sender, "yes")
    assert page(token).status_code == 404
    assert page(token, ".pdf").status_code == 404


def test_before_any_assessment_there_is_no_link():
    replies = say(f"summary-{uuid.uuid4().hex[:10]}", "can I get a summary for my GP?")
    assert not LINK.search(texts(replies))


def test_telegram_receives_the_summary_as_a_pdf_document():
    person = TelegramUser()
    assert person.say("I found a lump under my arm and my hips ache").status_code == 200
    question = person.wait_for_question("anything else")
    person.press(question, "That's everything")
    since = person.wait_for_question("when did you first notice", after=1)
    seen = len(person.received())
    person.press(since, "A few weeks")
    history = person.wait_for_question("diagnosed with breast cancer", after=seen)
    seen = len(person.received())
    person.press(history, "No")
    person.wait_for(lambda m: "see a doctor" in m["text"], seen, "assessment")
    last = person.settled()[-1]  # the assessment's last message offers the summary
    assert ("Summary for my doctor", "/request_summary") in last["buttons"]
    person.press(last, "Summary for my doctor")
    documents: list[dict] = []
    for _ in range(120):
        documents = [
            r
            for r in recorded("telegram")
            if r["method"] == "sendDocument" and str(r["params"]["chat_id"]) == str(person.chat_id)
        ]
        if documents:
            break
        time.sleep(0.5)
    assert documents, "no document reached the Bot API"
    document = documents[0]["params"]["document"]
    assert document["starts_with"] == "%PDF-" and document["filename"].endswith(".pdf")
