"""The Slack webhook: signing secret, events and button clicks in, Web API calls out."""

from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any

from channel_harness import ScriptedRasa, post, serving, slack_headers

from channels.settings import SlackSettings
from channels.slack import SlackInput, slack_unescape
from channels.store import MemoryStore

SECRET = "slack-test-signing-secret"
TOKEN = "xoxb-test-token"


def slack(fake_url: str) -> SlackInput:
    settings = SlackSettings(token=TOKEN, signing_secret=SECRET, api_url=f"{fake_url}/slack/api/")
    return SlackInput(settings, MemoryStore())


def direct_message(event_id: str, text: str, **event: Any) -> bytes:
    body = {
        "token": "legacy-verification-token",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": "D0001",
            "user": "U0001",
            "text": text,
            "ts": "1700000000.000100",
            **event,
        },
    }
    return json.dumps(body).encode()


def json_headers(body: bytes, secret: str = SECRET, **kwargs) -> dict[str, str]:
    return {**slack_headers(secret, body, **kwargs), "Content-Type": "application/json"}


def posted(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["params"] for r in records if r["method"] == "chat.postMessage"]


async def test_a_direct_message_is_answered_in_the_same_conversation(assessment_replies):
    rasa = ScriptedRasa(assessment_replies)
    body = direct_message("Ev001", "I found a lump under my arm and my hips ache")
    async with serving(slack, rasa) as bot:
        status, _ = await post(bot.webhook, body, json_headers(body))
    assert status == 200
    assert rasa.texts == ["I found a lump under my arm and my hips ache"]
    assert rasa.messages[0].sender_id == "slack:U0001"
    messages = posted(bot.records)
    assert all(m["channel"] == "D0001" for m in messages)
    assert all(r["authorization"] == f"Bearer {TOKEN}" for r in bot.records)
    texts = [m["text"] for m in messages]
    assert "Urgency: soon" in "\n".join(texts) and "lymph nodes" in "\n".join(texts)
    assert "see a doctor" in texts[-1]
    assert not any("urgency" in m and "text" not in m for m in messages)


async def test_buttons_become_an_actions_block(question_with_buttons):
    rasa = ScriptedRasa([question_with_buttons])
    body = direct_message("Ev002", "about a month")
    async with serving(slack, rasa) as bot:
        await post(bot.webhook, body, json_headers(body))
    [question] = posted(bot.records)
    section, actions = question["blocks"]
    assert section["text"]["text"] == question_with_buttons["text"]
    assert actions["type"] == "actions"
    assert [(e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("Yes", "/affirm"),
        ("No", "/deny"),
        ("Not sure", "/dont_know"),
    ]


async def test_a_button_click_sends_its_value_and_shows_the_choice():
    rasa = ScriptedRasa([{"text": "noted"}])
    payload = {
        "type": "block_actions",
        "user": {"id": "U0001"},
        "channel": {"id": "D0001", "name": "directmessage"},
        "message": {"ts": "1700000000.000200", "text": "Have you had breast cancer?"},
        "actions": [
            {
                "type": "button",
                "action_id": "answer_2",
                "text": {"type": "plain_text", "text": "No"},
                "value": "/deny",
                "action_ts": "1700000001.000300",
            }
        ],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    headers = {
        **slack_headers(SECRET, body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    async with serving(slack, rasa) as bot:
        url = bot.webhook
        first = await post(url, body, headers)
        again = await post(url, body, headers)
    assert first[0] == again[0] == 200
    assert rasa.texts == ["/deny"]
    assert rasa.messages[0].sender_id == "slack:U0001"
    update, reply = bot.records
    assert update["method"] == "chat.update" and update["params"]["text"].endswith("» No")
    assert reply["params"]["text"] == "noted"


async def test_forged_unsigned_and_replayed_requests_are_refused():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    body = direct_message("Ev003", "I had a seizure")
    async with serving(slack, rasa) as bot:
        url = bot.webhook
        unsigned = await post(url, body, {"Content-Type": "application/json"})
        forged = await post(url, body, json_headers(body, secret="guessed"))
        stale = await post(url, body, json_headers(body, timestamp=int(time.time()) - 600))
        tampered_body = direct_message("Ev003", "something else")
        tampered = await post(url, tampered_body, json_headers(body))
    assert unsigned[0] == 401
    assert forged[0] == stale[0] == tampered[0] == 403
    assert rasa.messages == [] and bot.records == []


async def test_a_retried_event_is_answered_once():
    rasa = ScriptedRasa([{"text": "noted"}])
    body = direct_message("Ev004", "my back hurts")
    async with serving(slack, rasa) as bot:
        url = bot.webhook
        await post(url, body, json_headers(body))
        retry = {**json_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "x"}
        status, _ = await post(url, body, retry)
    assert status == 200
    assert rasa.texts == ["my back hurts"]
    assert [m["text"] for m in posted(bot.records)] == ["noted"]


async def test_url_verification_echoes_the_challenge():
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"}).encode()
    async with serving(slack, ScriptedRasa()) as bot:
        status, text = await post(bot.webhook, body, json_headers(body))
    assert status == 200 and json.loads(text) == {"challenge": "abc123"}


async def test_the_bots_own_messages_and_channel_messages_are_not_answered():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    own = direct_message("Ev005", "noted", bot_id="B0001")
    channel = direct_message("Ev006", "my hips ache", channel_type="channel", channel="C0001")
    async with serving(slack, rasa) as bot:
        url = bot.webhook
        await post(url, own, json_headers(own))
        await post(url, channel, json_headers(channel))
    assert rasa.messages == [] and bot.records == []


def test_slack_markup_in_a_users_text_is_undone():
    text = "<@U0BOT> it hurts &amp; see <https://example.org|this page> &lt;3"
    assert slack_unescape(text).strip() == "it hurts & see this page <3"
