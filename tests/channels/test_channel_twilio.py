"""The Twilio webhook: X-Twilio-Signature over the public URL, SMS and WhatsApp out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from typing import Any

from channel_harness import ScriptedRasa, post, serving

from channels.settings import TwilioSettings
from channels.store import MemoryStore
from channels.twilio import TwilioInput

SID = "AC" + "0" * 32
AUTH_TOKEN = "twilio-test-auth-token"
NUMBER = "+15550001111"
PUBLIC_URL = "https://bot.example.org/webhooks/twilio/webhook"
PERSON = "+447700900123"


def twilio(fake_url: str) -> TwilioInput:
    settings = TwilioSettings(
        account_sid=SID,
        auth_token=AUTH_TOKEN,
        number=NUMBER,
        webhook_url=PUBLIC_URL,
        api_url=f"{fake_url}/twilio",
    )
    return TwilioInput(settings, MemoryStore())


def sign(fields: dict[str, str], url: str = PUBLIC_URL, token: str = AUTH_TOKEN) -> str:
    """Twilio's documented algorithm, written out: URL + each name and value, sorted."""
    data = url + "".join(name + fields[name] for name in sorted(fields))
    return base64.b64encode(
        hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    ).decode()


def sms(message_sid: str, body: str, sender: str = PERSON, **extra: str) -> dict[str, str]:
    return {
        "ToCountry": "US",
        "SmsMessageSid": message_sid,
        "NumMedia": "0",
        "SmsSid": message_sid,
        "SmsStatus": "received",
        "Body": body,
        "To": NUMBER,
        "NumSegments": "1",
        "MessageSid": message_sid,
        "AccountSid": SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
        **extra,
    }


def signed_post(fields: dict[str, str], signature: str | None = "sign") -> tuple[bytes, dict]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = sign(fields) if signature == "sign" else signature
    return urllib.parse.urlencode(fields).encode(), headers


def bodies(records: list[dict[str, Any]]) -> list[str]:
    return [r["params"]["Body"] for r in records]


async def test_an_sms_is_answered_by_sms(assessment_replies):
    rasa = ScriptedRasa(assessment_replies)
    async with serving(twilio, rasa) as bot:
        url = bot.webhook
        status, twiml = await post(url, *signed_post(sms("SM001", "my hips ache")))
    assert status == 200 and "<Response>" in twiml
    assert rasa.texts == ["my hips ache"]
    assert rasa.messages[0].sender_id == f"twilio:{PERSON}"
    assert all(r["params"]["To"] == PERSON and r["params"]["From"] == NUMBER for r in bot.records)
    assert all(
        r["path"] == f"/twilio/2010-04-01/Accounts/{SID}/Messages.json" for r in bot.records
    )
    assert all(r["basic_user"] == SID for r in bot.records)
    texts = bodies(bot.records)
    assert "Urgency: soon" in "\n".join(texts) and "lymph nodes" in "\n".join(texts)
    assert "see a doctor" in texts[-1]
    assert all(len(text) <= 1600 for text in texts)


async def test_buttons_become_numbered_options_and_a_number_chooses_one(question_with_buttons):
    rasa = ScriptedRasa([question_with_buttons])
    async with serving(twilio, rasa) as bot:
        url = bot.webhook
        await post(url, *signed_post(sms("SM002", "about a month")))
        await bot.channel.wait_for_turns()  # the person reads the question, then answers
        await post(url, *signed_post(sms("SM003", "2")))
    question = bodies(bot.records)[0]
    assert question.startswith(question_with_buttons["text"])
    assert question.endswith("Reply with a number:\n1. Yes\n2. No\n3. Not sure")
    assert rasa.texts == ["about a month", "/deny"]


async def test_a_number_after_a_message_without_options_is_just_text():
    rasa = ScriptedRasa([{"text": "noted"}])
    async with serving(twilio, rasa) as bot:
        url = bot.webhook
        await post(url, *signed_post(sms("SM004", "my back hurts")))
        await bot.channel.wait_for_turns()
        await post(url, *signed_post(sms("SM005", "2")))
    assert rasa.texts == ["my back hurts", "2"]


async def test_whatsapp_is_answered_from_the_whatsapp_number():
    rasa = ScriptedRasa([{"text": "noted"}])
    async with serving(twilio, rasa) as bot:
        fields = sms("SM006", "my hips ache", sender=f"whatsapp:{PERSON}")
        await post(bot.webhook, *signed_post(fields))
    [reply] = bot.records
    assert reply["params"]["To"] == f"whatsapp:{PERSON}"
    assert reply["params"]["From"] == f"whatsapp:{NUMBER}"


async def test_forged_and_unsigned_messages_are_refused():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    fields = sms("SM007", "I had a seizure")
    async with serving(twilio, rasa) as bot:
        url = bot.webhook
        unsigned = await post(url, *signed_post(fields, signature=None))
        forged = await post(url, *signed_post(fields, signature=sign(fields, token="guess")))
        # Signed for another URL, e.g. replayed from somebody else's webhook.
        elsewhere = sign(fields, url="https://other.example.org/sms")
        moved = await post(url, *signed_post(fields, signature=elsewhere))
        tampered_fields = {**fields, "Body": "something else"}
        body, headers = signed_post(fields)
        tampered = await post(url, urllib.parse.urlencode(tampered_fields).encode(), headers)
    assert unsigned[0] == 401
    assert forged[0] == moved[0] == tampered[0] == 403
    assert body and rasa.messages == [] and bot.records == []


async def test_a_retried_message_is_answered_once():
    rasa = ScriptedRasa([{"text": "noted"}])
    async with serving(twilio, rasa) as bot:
        url = bot.webhook
        await post(url, *signed_post(sms("SM008", "my back hurts")))
        await post(url, *signed_post(sms("SM008", "my back hurts")))
    assert rasa.texts == ["my back hurts"]
    assert bodies(bot.records) == ["noted"]


async def test_a_picture_without_words_gets_a_polite_answer():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    fields = sms("SM009", "", NumMedia="1", MediaUrl0="https://example.org/x.jpg")
    async with serving(twilio, rasa) as bot:
        await post(bot.webhook, *signed_post(fields))
    assert rasa.messages == []
    assert "only read typed messages" in bodies(bot.records)[0]


async def test_a_reply_longer_than_an_sms_allows_arrives_in_several_messages():
    # One paragraph of about 5,000 characters: more than three times Twilio's 1,600.
    paragraph = " ".join(["Bone pain that wakes you at night needs a check."] * 100)
    rasa = ScriptedRasa([{"text": paragraph}])
    async with serving(twilio, rasa) as bot:
        await post(bot.webhook, *signed_post(sms("SM009", "my hips ache")))
    texts = bodies(bot.records)
    assert len(texts) >= 4
    assert all(len(text) <= 1600 for text in texts)
    assert " ".join(texts).split() == paragraph.split()
