"""The Messenger webhook: subscription check, X-Hub-Signature-256, Send API calls out."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from channel_harness import ScriptedRasa, get, meta_headers, post, serving

from channels.facebook import FacebookInput
from channels.settings import FacebookSettings
from channels.store import MemoryStore

APP_SECRET = "fb-test-app-secret"
PAGE_TOKEN = "fb-test-page-token"
VERIFY = "fb-test-verify"
PSID = "6789012345678901"


def facebook(fake_url: str) -> FacebookInput:
    settings = FacebookSettings(
        verify_token=VERIFY,
        app_secret=APP_SECRET,
        page_access_token=PAGE_TOKEN,
        api_url=f"{fake_url}/facebook",
        api_version="v21.0",
    )
    return FacebookInput(settings, MemoryStore())


def event(mid: str, text: str | None = None, **message: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"mid": mid, **message}
    if text is not None:
        body["text"] = text
    return {
        "sender": {"id": PSID},
        "recipient": {"id": "PAGE01"},
        "timestamp": 1_700_000_000_000,
        "message": body,
    }


def webhook_body(*events: dict[str, Any]) -> bytes:
    entry = {"id": "PAGE01", "time": 1_700_000_000_000, "messaging": list(events)}
    return json.dumps({"object": "page", "entry": [entry]}).encode()


def sent(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["params"]["message"] for r in records]


async def test_a_message_is_answered_through_the_send_api(assessment_replies):
    rasa = ScriptedRasa(assessment_replies)
    body = webhook_body(event("m_1", "I found a lump under my arm and my hips ache"))
    async with serving(facebook, rasa) as bot:
        url = bot.webhook
        status, _ = await post(url, body, meta_headers(APP_SECRET, body))
    assert status == 200
    assert rasa.texts == ["I found a lump under my arm and my hips ache"]
    assert rasa.messages[0].sender_id == f"facebook:{PSID}"
    assert all(r["path"] == "/facebook/v21.0/me/messages" for r in bot.records)
    assert all(r["query"]["access_token"] == PAGE_TOKEN for r in bot.records)
    assert all(r["params"]["recipient"] == {"id": PSID} for r in bot.records)
    texts = [message["text"] for message in sent(bot.records)]
    assert "Urgency: soon" in "\n".join(texts) and "lymph nodes" in "\n".join(texts)
    assert "see a doctor" in texts[-1]
    assert all(len(text) <= 2000 for text in texts)


async def test_buttons_become_quick_replies(question_with_buttons):
    rasa = ScriptedRasa([question_with_buttons])
    body = webhook_body(event("m_2", "no"))
    async with serving(facebook, rasa) as bot:
        await post(bot.webhook, body, meta_headers(APP_SECRET, body))
    [question] = sent(bot.records)
    assert question["text"] == question_with_buttons["text"]
    assert question["quick_replies"] == [
        {"content_type": "text", "title": "Yes", "payload": "/affirm"},
        {"content_type": "text", "title": "No", "payload": "/deny"},
        {"content_type": "text", "title": "Not sure", "payload": "/dont_know"},
    ]


async def test_a_quick_reply_sends_its_payload_and_every_event_of_a_batch_counts():
    rasa = ScriptedRasa([{"text": "noted"}])
    body = webhook_body(
        event("m_3", "Yes", quick_reply={"payload": "/affirm"}),
        event("m_4", "my hips ache too"),
    )
    async with serving(facebook, rasa) as bot:
        await post(bot.webhook, body, meta_headers(APP_SECRET, body))
    assert sorted(rasa.texts) == ["/affirm", "my hips ache too"]
    assert len(bot.records) == 2


async def test_forged_and_unsigned_posts_are_refused():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    body = webhook_body(event("m_5", "I had a seizure"))
    sha1 = "sha1=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha1).hexdigest()
    async with serving(facebook, rasa) as bot:
        url = bot.webhook
        unsigned = await post(url, body, {"Content-Type": "application/json"})
        old_header_only = await post(url, body, {"X-Hub-Signature": sha1})
        forged = await post(url, body, meta_headers("guessed-secret", body))
    assert unsigned[0] == old_header_only[0] == 401
    assert forged[0] == 403
    assert rasa.messages == [] and bot.records == []


async def test_a_redelivered_message_is_answered_once_and_echoes_are_ignored():
    rasa = ScriptedRasa([{"text": "noted"}])
    body = webhook_body(event("m_6", "my back hurts"))
    echo = webhook_body(event("m_7", "noted", is_echo=True))
    async with serving(facebook, rasa) as bot:
        url = bot.webhook
        for payload in (body, body, echo):
            await post(url, payload, meta_headers(APP_SECRET, payload))
    assert rasa.texts == ["my back hurts"]
    assert [message["text"] for message in sent(bot.records)] == ["noted"]


async def test_an_image_gets_a_polite_answer_and_is_not_handed_to_rasa():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    attachments = [{"type": "image", "payload": {"url": "https://example.org/x.jpg"}}]
    body = webhook_body(event("m_8", attachments=attachments))
    async with serving(facebook, rasa) as bot:
        await post(bot.webhook, body, meta_headers(APP_SECRET, body))
    assert rasa.messages == []
    [answer] = sent(bot.records)
    assert "only read typed messages" in answer["text"]


async def test_the_subscription_check_needs_the_verify_token():
    async with serving(facebook, ScriptedRasa()) as bot:
        url = f"{bot.webhook}?hub.mode=subscribe&hub.challenge=31337"
        right = await get(f"{url}&hub.verify_token={VERIFY}")
        wrong = await get(f"{url}&hub.verify_token=guess")
    assert right == (200, "31337")
    assert wrong[0] == 403
