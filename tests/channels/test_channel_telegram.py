"""The Telegram webhook: secret token, updates in, Bot API calls out (to the fake)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

from channel_harness import ScriptedRasa, fake_platforms, get, post, serving, webhook_server

from channels.settings import TelegramSettings
from channels.store import MemoryStore
from channels.telegram import TelegramInput, command_text
from channels.telegram_webhook import register_webhook

TOKEN = "123456:TEST-token_for-tests"
SECRET = "a-test-secret_0123"
CHAT = 4242


def telegram(fake_url: str, secret: str = SECRET) -> TelegramInput:
    settings = TelegramSettings(
        token=TOKEN,
        api_url=f"{fake_url}/telegram",
        secret_token=secret,
        webhook_url=None,
        bot_name="symptom_bot",
    )
    return TelegramInput(settings, MemoryStore())


def update(update_id: int, text: str | None = None, chat_type: str = "private", **extra):
    message: dict[str, Any] = {
        "message_id": 100 + update_id,
        "date": 1_700_000_000,
        "from": {"id": CHAT, "is_bot": False, "first_name": "Ann"},
        "chat": {"id": CHAT, "first_name": "Ann", "type": chat_type},
        **extra,
    }
    if text is not None:
        message["text"] = text
    return json.dumps({"update_id": update_id, "message": message}).encode()


def signed(secret: str = SECRET) -> dict[str, str]:
    return {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}


def sent_texts(records: list[dict[str, Any]]) -> list[str]:
    return [r["params"]["text"] for r in records if r["method"] == "sendMessage"]


async def test_a_symptom_message_reaches_rasa_and_the_assessment_reaches_the_chat(
    assessment_replies,
):
    rasa = ScriptedRasa(assessment_replies)
    async with serving(telegram, rasa) as bot:
        status, _ = await post(
            bot.webhook,
            update(1, "I found a lump under my arm and my hips ache"),
            signed(),
        )
    assert status == 200
    assert rasa.texts == ["I found a lump under my arm and my hips ache"]
    assert rasa.messages[0].sender_id == f"telegram:{CHAT}"
    texts = sent_texts(bot.records)
    assert texts, "nothing was sent to the Bot API"
    assert all(
        r["token"] == TOKEN and str(r["params"]["chat_id"]) == str(CHAT) for r in bot.records
    )
    assert "lymph nodes" in "\n".join(texts)
    assert "Urgency: soon" in "\n".join(texts)
    assert "see a doctor" in texts[-1]
    # The machine-readable summary is for the web page, not for the chat.
    assert not any('"type": "assessment"' in text for text in texts)


async def test_buttons_become_an_inline_keyboard_with_one_button_per_row(question_with_buttons):
    rasa = ScriptedRasa([question_with_buttons])
    async with serving(telegram, rasa) as bot:
        await post(bot.webhook, update(2, "no"), signed())
    [question] = [r for r in bot.records if r["method"] == "sendMessage"]
    assert question["params"]["text"] == question_with_buttons["text"]
    assert question["params"]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Yes", "callback_data": "/affirm"}],
            [{"text": "No", "callback_data": "/deny"}],
            [{"text": "Not sure", "callback_data": "/dont_know"}],
        ]
    }


async def test_a_button_tap_sends_its_payload_and_shows_the_answer_in_the_chat():
    rasa = ScriptedRasa([{"text": "Thank you, I've noted that."}])
    keyboard = {"inline_keyboard": [[{"text": "Yes", "callback_data": "/affirm"}]]}
    tap = {
        "update_id": 3,
        "callback_query": {
            "id": "cb-77",
            "from": {"id": CHAT, "is_bot": False, "first_name": "Ann"},
            "chat_instance": "1",
            "data": "/affirm",
            "message": {
                "message_id": 55,
                "date": 1_700_000_000,
                "chat": {"id": CHAT, "type": "private"},
                "text": "Have you ever been diagnosed with breast cancer?",
                "reply_markup": keyboard,
            },
        },
    }
    async with serving(telegram, rasa) as bot:
        await post(bot.webhook, json.dumps(tap).encode(), signed())
    assert rasa.texts == ["/affirm"]
    methods = [r["method"] for r in bot.records]
    assert methods == ["answerCallbackQuery", "editMessageText", "sendMessage"]
    assert bot.records[0]["params"]["callback_query_id"] == "cb-77"
    edit = bot.records[1]["params"]
    assert edit["text"].endswith("» Yes") and "reply_markup" not in edit


async def test_a_wrong_or_missing_secret_token_is_refused_and_nothing_is_handled():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    async with serving(telegram, rasa) as bot:
        url = bot.webhook
        missing = await post(url, update(4, "I had a seizure"))
        wrong = await post(url, update(5, "I had a seizure"), signed("not-the-secret"))
    assert missing[0] == 401 and wrong[0] == 403
    assert rasa.messages == [] and bot.records == []


async def test_a_redelivered_update_is_answered_once():
    rasa = ScriptedRasa([{"text": "noted"}])
    async with serving(telegram, rasa) as bot:
        url = bot.webhook
        first = await post(url, update(6, "my back hurts"), signed())
        again = await post(url, update(6, "my back hurts"), signed())
    assert first[0] == again[0] == 200
    assert rasa.texts == ["my back hurts"]
    assert sent_texts(bot.records) == ["noted"]


async def test_an_emergency_reads_clearly(emergency_replies):
    rasa = ScriptedRasa(emergency_replies)
    async with serving(telegram, rasa) as bot:
        await post(bot.webhook, update(7, "I had a fit"), signed())
    texts = sent_texts(bot.records)
    assert texts[0].startswith("Please call your local emergency number")
    assert "911, 999 or 112" in texts[0]
    assert "see a doctor" in texts[-1]


async def test_a_photo_gets_a_polite_answer_and_is_not_handed_to_rasa():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    photo = [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}]
    async with serving(telegram, rasa) as bot:
        await post(bot.webhook, update(8, photo=photo), signed())
    assert rasa.messages == []
    [answer] = sent_texts(bot.records)
    assert "only read typed messages" in answer


async def test_group_chats_and_edits_are_not_answered():
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    edit = {"update_id": 10, "edited_message": json.loads(update(10, "x"))["message"]}
    async with serving(telegram, rasa) as bot:
        url = bot.webhook
        group = await post(url, update(9, "my hips ache", chat_type="group"), signed())
        edited = await post(url, json.dumps(edit).encode(), signed())
    assert group[0] == edited[0] == 200
    assert rasa.messages == [] and bot.records == []


async def test_a_body_that_is_not_an_update_is_a_bad_request():
    rasa = ScriptedRasa()
    async with serving(telegram, rasa) as bot:
        url = bot.webhook
        broken = await post(url, b"{not json", signed())
        no_id = await post(url, b'{"message": {}}', signed())
    assert broken[0] == no_id[0] == 400
    assert rasa.messages == []


async def test_a_disabled_telegram_channel_has_no_webhook():
    rasa = ScriptedRasa()
    async with webhook_server(TelegramInput(None), rasa) as server:
        webhook = await post(f"{server}/webhooks/telegram/webhook", update(12, "hello"))
        health = await get(f"{server}/webhooks/telegram/")
    assert webhook[0] == health[0] == 404
    assert rasa.messages == []


def test_start_and_commands_addressed_to_the_bot_become_intents():
    assert command_text("/start", "symptom_bot") == "/greet"
    assert command_text("/start@symptom_bot", "symptom_bot") == "/greet"
    assert command_text("/help@Symptom_Bot", "symptom_bot") == "/help"
    assert command_text("my hips ache", "symptom_bot") == "my hips ache"


async def test_make_telegram_webhook_registers_the_url_and_the_secret():
    settings = TelegramSettings(
        token=TOKEN,
        api_url="",
        secret_token=SECRET,
        webhook_url="https://bot.example.org/webhooks/telegram/webhook",
        bot_name=None,
    )
    async with fake_platforms() as (fake_url, records):
        settings = dataclasses.replace(settings, api_url=f"{fake_url}/telegram")
        info = await asyncio.to_thread(register_webhook, settings)
    set_webhook = records[0]
    assert set_webhook["method"] == "setWebhook" and set_webhook["token"] == TOKEN
    assert set_webhook["params"]["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert set_webhook["params"]["secret_token"] == SECRET
    assert set_webhook["params"]["allowed_updates"] == ["message", "callback_query"]
    assert info["url"] == "https://bot.example.org/webhooks/telegram/webhook"
