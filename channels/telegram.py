"""Telegram: a webhook that checks Telegram's secret token, and replies through the Bot API.

Rasa 3.6's `telegram` channel does not check `X-Telegram-Bot-Api-Secret-Token`, calls
`getMe` on every update, calls `setWebhook` (without a secret) at every start, and handles
each update inline. This one replaces its input side and keeps its output side (aiogram's
`Bot`), pointed at TELEGRAM_API_URL so that a local Bot API server, a proxy or a test fake
can stand in for api.telegram.org.

Environment: TELEGRAM_TOKEN and TELEGRAM_SECRET_TOKEN (both switch it on: Telegram signs no
update, so its secret token, checked on every update, is the only proof that an update comes
from Telegram; `make telegram-webhook` registers it), TELEGRAM_API_URL, TELEGRAM_BOT_NAME (lets
"/help@YourBot" work in a menu), TELEGRAM_WEBHOOK_URL (used by `make telegram-webhook`).

Only private chats are answered: symptoms are not for a group. Buttons become an inline
keyboard, one button per row; a tap is shown in the chat by adding the chosen answer to the
question (which also removes the keyboard, so an old question cannot be answered twice).
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import (
    Delivery,
    OnNewMessage,
    PlatformInput,
    busy,
    is_assessment_summary,
    is_doctor_summary,
    log_delivery_failure,
    platform_user,
    refuse,
    split_text,
)
from channels.settings import TelegramSettings
from channels.signatures import telegram_secret_valid

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_DATA_BYTES = 64
# Telegram's first message from a new user is "/start"; our intents take "/greet".
COMMAND_INTENTS = {"/start": "/greet"}


class TelegramBotOutput(TelegramOutput):
    """Rasa's Telegram output (aiogram's Bot) on a configurable API URL."""

    def __init__(self, token: str, api_url: str) -> None:
        Bot.__init__(self, token, server=TelegramAPIServer.from_base(api_url))

    async def _send(self, chat_id: str, text: str, **kwargs: Any) -> None:
        """Send one message; a failure is logged, so that Rasa still stores the turn."""
        try:
            await self.send_message(chat_id, text, **kwargs)
        except Exception as error:
            log_delivery_failure("Telegram", "a message", error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        chat_id = platform_user(recipient_id, "telegram")
        for part in split_text(text, MAX_MESSAGE_CHARS):
            await self._send(chat_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        chat_id = platform_user(recipient_id, "telegram")
        parts = split_text(text, MAX_MESSAGE_CHARS) or [" "]
        for part in parts[:-1]:
            await self._send(chat_id, part)
        await self._send(chat_id, parts[-1], reply_markup=inline_keyboard(buttons))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if is_doctor_summary(json_message):
            await self.send_summary_document(recipient_id, str(json_message.get("token") or ""))
            return
        if is_assessment_summary(json_message):
            return
        try:
            await super().send_custom_json(platform_user(recipient_id, "telegram"), json_message)
        except Exception as error:
            log_delivery_failure("Telegram", "a custom message", error)

    async def send_summary_document(self, recipient_id: str, token: str) -> None:
        """The summary for the doctor as a PDF document (sendDocument); text if that fails."""
        from symptom_checker.summary import render_text, summaries
        from symptom_checker.summary_pdf import render_pdf

        chat_id = platform_user(recipient_id, "telegram")
        summary = await asyncio.to_thread(summaries().load, token)
        if summary is None:
            await self._send(chat_id, "Sorry, I can't make the summary right now.")
            return
        document = InputFile(io.BytesIO(render_pdf(summary)), filename="symptom-summary.pdf")
        try:
            await self.send_document(chat_id, document)
        except Exception as error:
            log_delivery_failure("Telegram", "the summary document", error)
            for part in split_text(render_text(summary), MAX_MESSAGE_CHARS):
                await self._send(chat_id, part)

    async def close_session(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def inline_keyboard(buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup:
    """One button per row (long titles stay readable on a phone); the payload is sent back."""
    keyboard = InlineKeyboardMarkup()
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "")
        payload = str(button.get("payload") or title)
        if len(payload.encode()) > MAX_CALLBACK_DATA_BYTES:
            payload = title.encode()[:MAX_CALLBACK_DATA_BYTES].decode(errors="ignore")
        keyboard.row(InlineKeyboardButton(title, callback_data=payload))
    return keyboard


@dataclass(frozen=True)
class TelegramMessage:
    """What one update asks of us: a chat, its text (None: not text) and a button tap."""

    chat_id: int | str
    text: str | None
    callback_query: dict[str, Any] | None = None


def command_text(text: str, bot_name: str | None) -> str:
    """'/start@OurBot payload' -> '/greet'; other texts unchanged."""
    if not text.startswith("/"):
        return text
    command, _, rest = text.partition(" ")
    if bot_name and command.lower().endswith("@" + bot_name.lower()):
        command = command[: -len(bot_name) - 1]
    if command in COMMAND_INTENTS:
        return COMMAND_INTENTS[command]
    return f"{command} {rest}".strip()


def read_update(update: dict[str, Any], bot_name: str | None = None) -> TelegramMessage | None:
    """The message in an update, or None for updates we do not answer (edits, groups...)."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        message = callback.get("message")
        data = callback.get("data")
        if not isinstance(message, dict) or not isinstance(data, str):
            return None
        chat = message.get("chat") or {}
        if chat.get("type") != "private" or "id" not in chat:
            return None
        return TelegramMessage(chat["id"], data, callback_query=callback)

    message = update.get("message")
    if not isinstance(message, dict):
        return None  # edited messages, channel posts, membership changes...
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or "id" not in chat:
        return None
    text = message.get("text")
    if not isinstance(text, str):
        return TelegramMessage(chat["id"], None)  # a photo, sticker, voice note...
    return TelegramMessage(chat["id"], command_text(text, bot_name))


def chosen_answer(callback: dict[str, Any]) -> str | None:
    """The question's text with the title of the tapped button added under it."""
    message = callback.get("message") or {}
    question = message.get("text")
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    titles = [
        button.get("text")
        for row in rows
        for button in row
        if isinstance(button, dict) and button.get("callback_data") == callback.get("data")
    ]
    if not isinstance(question, str) or not titles:
        return None
    return f"{question}\n\n» {titles[0]}"


class TelegramInput(PlatformInput):
    """POST /webhooks/telegram/webhook."""

    platform = "telegram"
    settings: TelegramSettings | None

    def __init__(self, settings: TelegramSettings | None, store=None) -> None:
        super().__init__(settings, store)
        self._output: TelegramBotOutput | None = None

    def get_output_channel(self) -> TelegramBotOutput | None:
        if self.settings is None:
            return None
        if self._output is None:
            self._output = TelegramBotOutput(self.settings.token, self.settings.api_url)
        return self._output

    def add_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        settings = self.settings
        assert settings is not None and settings.secret_token

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            header = request.headers.get(SECRET_HEADER)
            if header is None:
                return refuse(401, f"missing {SECRET_HEADER}")
            if not telegram_secret_valid(settings.secret_token, header):
                return refuse(403, f"wrong {SECRET_HEADER}")
            try:
                update = json.loads(request.body)
            except ValueError:
                return refuse(400, "the body is not JSON")
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                return refuse(400, "not a Telegram update")
            incoming = read_update(update, settings.bot_name)
            if incoming is None:
                return response.json({"status": "ok"})  # nothing we answer: nothing to claim
            claim = await self.claim(f"{settings.bot_id}:{update['update_id']}")
            if claim is Delivery.BUSY:
                return busy()
            if claim is Delivery.REPEAT:
                return response.json({"status": "already handled"})
            self._handle(incoming, update["update_id"], on_new_message)
            return response.json({"status": "ok"})

    def _handle(
        self, incoming: TelegramMessage, update_id: int, on_new_message: OnNewMessage
    ) -> None:
        output = self.get_output_channel()
        assert output is not None
        self.take_text_turn(
            self._after_tap(output, incoming.callback_query, on_new_message),
            output,
            str(incoming.chat_id),
            incoming.text,
            message_id=str(update_id),
            not_text=incoming.text is None,
        )

    @staticmethod
    def _after_tap(
        output: TelegramBotOutput, callback: dict[str, Any] | None, on_new_message: OnNewMessage
    ) -> OnNewMessage:
        """Acknowledge a button tap and show the answer in the chat, then take the turn."""
        if callback is None:
            return on_new_message

        async def acknowledge_then_handle(message: UserMessage) -> None:
            try:
                await output.answer_callback_query(callback["id"])
                answer = chosen_answer(callback)
                if answer is not None:
                    question = callback["message"]
                    await output.edit_message_text(
                        answer, question["chat"]["id"], question["message_id"]
                    )
            except Exception:
                logger.exception("Could not acknowledge a Telegram button tap.")
            await on_new_message(message)

        return acknowledge_then_handle

    async def close(self) -> None:
        if self._output is not None:
            await self._output.close_session()
        await super().close()
