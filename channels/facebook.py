"""Facebook Messenger: webhook checked with X-Hub-Signature-256, replies by the Send API.

Rasa 3.6's `facebook` channel checks only the old SHA-1 header (compared with `==`), answers
a bad signature with 200, handles only the first event of a batch, and sends through
fbmessenger's blocking `requests` calls to a fixed Graph API URL. This one replaces it:

- GET answers Meta's subscription check (hub.verify_token, hub.challenge), 403 otherwise;
- POST refuses a missing X-Hub-Signature-256 with 401 and a wrong one with 403 (HMAC-SHA256
  of the raw body with the app secret) before reading the body;
- every messaging event of a batch is handled, each message id (mid) once;
- replies go by aiohttp to FACEBOOK_API_URL/<version>/me/messages; buttons become
  quick_replies, which Messenger shows as tappable chips and sends back as their payload.

Environment: FACEBOOK_VERIFY_TOKEN (you choose it; Meta echoes it when you subscribe),
FACEBOOK_APP_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN, FACEBOOK_API_URL, FACEBOOK_API_VERSION.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
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
    is_assessment_summary,
    platform_user,
    refuse,
    split_text,
)
from channels.settings import FacebookSettings
from channels.signatures import meta_signature_valid

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2000
MAX_QUICK_REPLIES = 13
MAX_QUICK_REPLY_TITLE = 20


def quick_replies(buttons: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "content_type": "text",
            "title": str(button.get("title"))[:MAX_QUICK_REPLY_TITLE],
            "payload": str(button.get("payload") or button.get("title"))[:1000],
        }
        for button in buttons[:MAX_QUICK_REPLIES]
    ]


class MessengerOutput(OutputChannel):
    """Sends with the page access token through one shared aiohttp session."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(
        self, settings: FacebookSettings, session: Callable[[], aiohttp.ClientSession]
    ) -> None:
        self.settings = settings
        self._session = session

    async def send(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Send one message; a failure is logged, so that Rasa still stores the turn."""
        url = f"{self.settings.api_url}/{self.settings.api_version}/me/messages"
        body = {
            "recipient": {"id": platform_user(recipient_id, "facebook")},
            "messaging_type": "RESPONSE",
            "message": message,
        }
        try:
            async with self._session().post(
                url, params={"access_token": self.settings.page_access_token}, json=body
            ) as answer:
                if answer.status >= 400:
                    # Its answer can echo the recipient and the message: the status only.
                    logger.error("The Send API refused a message (HTTP %s).", answer.status)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            logger.exception("Could not reach the Send API at %s.", self.settings.api_url)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MAX_TEXT_CHARS):
            await self.send(recipient_id, {"text": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = split_text(text, MAX_TEXT_CHARS) or [" "]
        for part in parts[:-1]:
            await self.send(recipient_id, {"text": part})
        await self.send(recipient_id, {"text": parts[-1], "quick_replies": quick_replies(buttons)})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        attachment = {"type": "image", "payload": {"url": image, "is_reusable": True}}
        await self.send(recipient_id, {"attachment": attachment})

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if is_assessment_summary(json_message):
            return
        await self.send(recipient_id, json_message)


def messaging_events(payload: dict[str, Any]) -> list[dict[str, Any]]:
    if payload.get("object") != "page":
        return []
    return [
        event
        for entry in payload.get("entry") or []
        if isinstance(entry, dict)
        for event in entry.get("messaging") or []
        if isinstance(event, dict)
    ]


def read_event(event: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """(delivery id, sender's page-scoped id, text or None for an attachment), or None for
    events we do not answer (echoes of our own messages, deliveries, reads)."""
    sender = (event.get("sender") or {}).get("id")
    if not isinstance(sender, str) or not sender:
        return None
    message = event.get("message")
    if isinstance(message, dict):
        if message.get("is_echo") or not isinstance(message.get("mid"), str):
            return None
        quick_reply = message.get("quick_reply") or {}
        if isinstance(quick_reply.get("payload"), str):
            return message["mid"], sender, quick_reply["payload"]
        if isinstance(message.get("text"), str):
            return message["mid"], sender, message["text"]
        return message["mid"], sender, None
    postback = event.get("postback")
    if isinstance(postback, dict) and isinstance(postback.get("payload"), str):
        delivery = postback.get("mid") or f"{sender}:{event.get('timestamp')}"
        return str(delivery), sender, postback["payload"]
    return None


class FacebookInput(PlatformInput):
    """GET and POST /webhooks/facebook/webhook."""

    platform = "facebook"
    settings: FacebookSettings | None

    def __init__(self, settings: FacebookSettings | None, store=None) -> None:
        super().__init__(settings, store)
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    def get_output_channel(self) -> MessengerOutput | None:
        return MessengerOutput(self.settings, self.session) if self.settings else None

    def add_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        settings = self.settings
        assert settings is not None

        @webhook.route("/webhook", methods=["GET"])
        async def subscribe(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode(), settings.verify_token.encode()
            ):
                return response.text(request.args.get("hub.challenge") or "")
            return refuse(403, "wrong hub.verify_token")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature-256")
            if not signature:
                return refuse(401, "missing X-Hub-Signature-256")
            if not meta_signature_valid(settings.app_secret, signature, request.body):
                return refuse(403, "wrong X-Hub-Signature-256")
            try:
                payload = json.loads(request.body)
            except ValueError:
                return refuse(400, "the body is not JSON")
            if not isinstance(payload, dict):
                return refuse(400, "not a Messenger webhook event")
            for event in messaging_events(payload):
                read = read_event(event)
                if read is None:
                    continue
                claim = await self.claim(read[0])
                if claim is Delivery.BUSY:
                    # Meta sends the whole batch again: the events taken so far are repeats.
                    return busy()
                if claim is Delivery.NEW:
                    self._handle(*read, on_new_message)
            return response.text("EVENT_RECEIVED")

    def _handle(
        self, delivery_id: str, sender: str, text: str | None, on_new_message: OnNewMessage
    ) -> None:
        self.take_text_turn(
            on_new_message,
            self.get_output_channel(),
            sender,
            text,
            message_id=delivery_id,
            not_text=text is None,
        )

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        await super().close()
