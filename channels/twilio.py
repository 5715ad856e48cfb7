"""Twilio SMS and WhatsApp: webhook checked with X-Twilio-Signature, replies by the REST API.

Rasa 3.6's `twilio` channel checks no signature at all, and sends with the synchronous
twilio `Client`, which blocks the server's event loop for every message. This one:

- refuses a missing X-Twilio-Signature with 401 and a wrong one with 403, computed as
  Twilio does (base64 HMAC-SHA1 of the public URL followed by the sorted form fields, with
  the auth token) over TWILIO_WEBHOOK_URL, the URL exactly as configured in the Twilio
  console (behind a proxy the server cannot know it);
- handles each MessageSid once (Twilio retries when the webhook is slow or fails);
- answers with an empty TwiML response at once and sends the replies by aiohttp to
  TWILIO_API_URL/2010-04-01/Accounts/<sid>/Messages.json;
- turns buttons into numbered options ("Reply with a number: 1. Yes ...") and reads a reply
  "2" as the second option, while those options are the latest thing the bot said;
- answers WhatsApp senders ("whatsapp:+...") from the WhatsApp form of TWILIO_NUMBER.

Environment: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER, TWILIO_WEBHOOK_URL,
TWILIO_API_URL.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import (
    Delivery,
    OnNewMessage,
    PlatformInput,
    busy,
    clean_text,
    is_assessment_summary,
    platform_user,
    refuse,
    split_text,
)
from channels.settings import TwilioSettings
from channels.signatures import twilio_signature_valid
from channels.store import MemoryStore, RedisStore

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 1600
OPTIONS_TTL_SECONDS = 24 * 60 * 60
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
_NUMBER_REPLY = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def numbered_options(buttons: list[dict[str, Any]]) -> str:
    lines = ["Reply with a number:"]
    lines += [f"{number}. {button.get('title')}" for number, button in enumerate(buttons, 1)]
    return "\n".join(lines)


def options_key(phone: str) -> str:
    return f"twilio:options:{phone}"


class TwilioMessagesOutput(OutputChannel):
    """Sends each message with one POST to the Messages resource."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(
        self,
        settings: TwilioSettings,
        session: Callable[[], aiohttp.ClientSession],
        store: MemoryStore | RedisStore,
    ) -> None:
        self.settings = settings
        self._session = session
        self.store = store

    def _sender_for(self, to: str) -> str:
        number = self.settings.number
        if to.startswith("whatsapp:") and not number.startswith("whatsapp:"):
            return "whatsapp:" + number
        return number

    async def send(self, recipient_id: str, body: str) -> None:
        """Send one message; a failure is logged, so that Rasa still stores the turn."""
        to = platform_user(recipient_id, "twilio")
        settings = self.settings
        url = f"{settings.api_url}/2010-04-01/Accounts/{settings.account_sid}/Messages.json"
        try:
            async with self._session().post(
                url,
                data={"To": to, "From": self._sender_for(to), "Body": body},
                auth=aiohttp.BasicAuth(settings.account_sid, settings.auth_token),
            ) as answer:
                if answer.status >= 400:
                    # Its answer can echo the phone number and the message: the status only.
                    logger.error("Twilio refused a message (HTTP %s).", answer.status)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            logger.exception("Could not reach Twilio at %s.", settings.api_url)

    async def _offer(self, recipient_id: str, payloads: list[str]) -> None:
        key = options_key(platform_user(recipient_id, "twilio"))
        await self.store.remember(key, json.dumps(payloads), OPTIONS_TTL_SECONDS)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._offer(recipient_id, [])
        for part in split_text(text, MAX_BODY_CHARS):
            await self.send(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        options = numbered_options(buttons)
        parts = split_text(text, MAX_BODY_CHARS)
        if parts and len(parts[-1]) + 2 + len(options) <= MAX_BODY_CHARS:
            parts[-1] = f"{parts[-1]}\n\n{options}"
        else:
            parts.append(options)
        await self._offer(recipient_id, [str(b.get("payload") or b.get("title")) for b in buttons])
        for part in parts:
            await self.send(recipient_id, part)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, image)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if is_assessment_summary(json_message):
            return
        text = json_message.get("text") or json_message.get("body")
        if isinstance(text, str):
            await self.send_text_message(recipient_id, text)


class TwilioInput(PlatformInput):
    """POST /webhooks/twilio/webhook (a Messaging webhook, SMS or WhatsApp)."""

    platform = "twilio"
    settings: TwilioSettings | None

    def __init__(self, settings: TwilioSettings | None, store=None) -> None:
        super().__init__(settings, store)
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    def get_output_channel(self) -> TwilioMessagesOutput | None:
        if self.settings is None or self.store is None:
            return None
        return TwilioMessagesOutput(self.settings, self.session, self.store)

    def add_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        settings = self.settings
        assert settings is not None
        if settings.webhook_url is None:
            logger.warning(
                "Twilio: TWILIO_WEBHOOK_URL is not set; signatures are checked against the "
                "URL this server sees, which behind a proxy or tunnel is not the one Twilio "
                "signed. Set it to the webhook URL configured in the Twilio console."
            )

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Twilio-Signature")
            if not signature:
                return refuse(401, "missing X-Twilio-Signature")
            try:
                fields = urllib.parse.parse_qsl(
                    request.body.decode(), keep_blank_values=True, strict_parsing=False
                )
            except UnicodeDecodeError:
                return refuse(400, "the body is not a form")
            url = settings.webhook_url or request.url
            if not twilio_signature_valid(settings.auth_token, url, fields, signature):
                return refuse(403, "wrong X-Twilio-Signature")
            form = dict(fields)
            sender = form.get("From")
            message_sid = form.get("MessageSid") or form.get("SmsMessageSid")
            if not sender or not message_sid:
                return refuse(400, "a Twilio message needs From and MessageSid")
            claim = await self.claim(message_sid)
            if claim is Delivery.BUSY:
                return busy()
            if claim is Delivery.NEW:
                await self._handle(form, sender, message_sid, on_new_message)
            return response.text(EMPTY_TWIML, content_type="text/xml")

    async def _handle(
        self, form: dict[str, str], sender: str, message_sid: str, on_new_message: OnNewMessage
    ) -> None:
        output = self.get_output_channel()
        assert output is not None
        text = clean_text(form.get("Body"))
        if text is not None:
            text = await self._chosen_option(sender, text)
        self.take_text_turn(
            on_new_message,
            output,
            sender,
            text,
            message_id=message_sid,
            not_text=(form.get("NumMedia") or "0") not in ("", "0"),
        )

    async def _chosen_option(self, sender: str, text: str) -> str:
        """A reply "2" is the second option offered last, if the bot's latest message had
        options; anything else is the person's own words."""
        match = _NUMBER_REPLY.match(text)
        if match is None or self.store is None:
            return text
        try:
            offered = json.loads(await self.store.recall(options_key(sender)) or "[]")
        except ValueError:
            return text
        number = int(match.group(1))
        if isinstance(offered, list) and 1 <= number <= len(offered):
            return str(offered[number - 1])
        return text

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        await super().close()
