"""Slack: direct messages to the app, checked with the signing secret, answered with blocks.

Rasa 3.6's `slack` channel checks the signature but answers a bad one with 400, handles
retries only for one reason, posts with the legacy `as_user`, forwards our assessment
summary to `chat.postMessage` as if it were API arguments, and cannot be pointed at another
API URL. This one keeps its approach (answer at once, handle in the background) and:

- refuses a missing signature with 401 and a wrong or stale one (over five minutes, a
  replay) with 403, before reading the body;
- answers `url_verification` (Slack's check when you save the Request URL);
- handles each `event_id` once, so Slack's retries (X-Slack-Retry-Num) are not answered
  twice, and each button click once;
- answers direct messages only (symptoms are not for a channel), never the bot's own;
- sends buttons as a section block and an actions block; a click shows the chosen answer
  under the question and removes the buttons.

Environment: SLACK_TOKEN (xoxb-...), SLACK_SIGNING_SECRET, SLACK_API_URL.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from channels.common import (
    Delivery,
    OnNewMessage,
    PlatformInput,
    busy,
    clean_text,
    conversation_id,
    is_assessment_summary,
    log_delivery_failure,
    platform_user,
    refuse,
    split_text,
)
from channels.settings import SlackSettings
from channels.signatures import slack_signature_valid

logger = logging.getLogger(__name__)

# A section block's text may hold 3,000 characters.
MAX_BLOCK_CHARS = 3000
MAX_BUTTONS = 5


def slack_escape(text: str) -> str:
    """Slack reads &, < and > as markup; these three must be escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_unescape(text: str) -> str:
    """A user's text as they typed it: mentions dropped, links shown as their label."""
    text = re.sub(r"<@[A-Z0-9]+(\|[^>]*)?>", " ", text)
    text = re.sub(r"<(?:https?://|mailto:)[^|>]*\|([^>]*)>", r"\1", text)
    text = re.sub(r"<((?:https?://|mailto:)[^>]*)>", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def button_blocks(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(text)}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"answer_{number}",
                    "text": {"type": "plain_text", "text": str(button.get("title"))[:75]},
                    "value": str(button.get("payload") or button.get("title"))[:2000],
                }
                for number, button in enumerate(buttons[:MAX_BUTTONS], start=1)
            ],
        },
    ]


class SlackOutput(OutputChannel):
    """Posts to one conversation (the direct-message channel the person wrote in)."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(self, client: AsyncWebClient, channel: str | None = None) -> None:
        self.client = client
        self.channel = channel

    async def _post(self, recipient_id: str, **kwargs: Any) -> None:
        """Post one message; a failure is logged, so that Rasa still stores the turn."""
        channel = self.channel or platform_user(recipient_id, "slack")
        try:
            await self.client.chat_postMessage(channel=channel, **kwargs)
        except Exception as error:
            log_delivery_failure("Slack", "a message", error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MAX_BLOCK_CHARS):
            await self._post(recipient_id, text=slack_escape(part))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = split_text(text, MAX_BLOCK_CHARS) or [" "]
        for part in parts[:-1]:
            await self._post(recipient_id, text=slack_escape(part))
        await self._post(
            recipient_id, text=slack_escape(parts[-1]), blocks=button_blocks(parts[-1], buttons)
        )

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        block = {"type": "image", "image_url": image, "alt_text": "image"}
        await self._post(recipient_id, text=image, blocks=[block])

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if is_assessment_summary(json_message):
            return
        await self._post(recipient_id, **json_message)


class SlackInput(PlatformInput):
    """POST /webhooks/slack/webhook: the Events API and the Interactivity Request URL."""

    platform = "slack"
    settings: SlackSettings | None

    def __init__(self, settings: SlackSettings | None, store=None) -> None:
        super().__init__(settings, store)
        self._client: AsyncWebClient | None = None

    @property
    def client(self) -> AsyncWebClient:
        assert self.settings is not None
        if self._client is None:
            self._client = AsyncWebClient(self.settings.token, base_url=self.settings.api_url)
        return self._client

    def get_output_channel(self, channel: str | None = None) -> SlackOutput | None:
        return SlackOutput(self.client, channel) if self.settings is not None else None

    def add_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        settings = self.settings
        assert settings is not None

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            timestamp = request.headers.get("X-Slack-Request-Timestamp")
            signature = request.headers.get("X-Slack-Signature")
            if not timestamp or not signature:
                return refuse(401, "missing X-Slack-Signature or X-Slack-Request-Timestamp")
            if not slack_signature_valid(
                settings.signing_secret, timestamp, signature, request.body
            ):
                return refuse(403, "wrong or expired Slack signature")

            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/x-www-form-urlencoded":
                    form = urllib.parse.parse_qs(request.body.decode())
                    payload = json.loads(form.get("payload", [""])[0])
                    if not isinstance(payload, dict):
                        raise ValueError("payload is not an object")
                    return await self._interaction(payload, on_new_message)
                body = json.loads(request.body)
            except ValueError:
                return refuse(400, "not a Slack event or interaction")
            if not isinstance(body, dict):
                return refuse(400, "not a Slack event")
            if body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge")})
            if body.get("type") == "event_callback":
                return await self._event(body, on_new_message)
            return response.text("")

    async def _event(self, body: dict[str, Any], on_new_message: OnNewMessage) -> HTTPResponse:
        event = body.get("event")
        event_id = body.get("event_id")
        if not isinstance(event, dict) or not isinstance(event_id, str):
            return refuse(400, "an event_callback needs event and event_id")
        if not _is_direct_message_from_a_person(event):
            return response.text("")
        claim = await self.claim(event_id)
        if claim is Delivery.BUSY:
            return busy()
        if claim is Delivery.REPEAT:
            return response.text("")
        output = self.get_output_channel(event["channel"])
        self.take_text_turn(
            on_new_message,
            output,
            event["user"],
            slack_unescape(event.get("text") or ""),
            message_id=event_id,
            not_text=event.get("subtype") == "file_share",
        )
        return response.text("")

    async def _interaction(
        self, payload: dict[str, Any], on_new_message: OnNewMessage
    ) -> HTTPResponse:
        if payload.get("type") != "block_actions":
            return response.text("")
        user = (payload.get("user") or {}).get("id")
        channel = (payload.get("channel") or {}).get("id")
        actions = payload.get("actions") or []
        action = actions[0] if actions and isinstance(actions[0], dict) else {}
        value = action.get("value")
        if not user or not channel or not isinstance(value, str):
            return response.text("")
        claim = await self.claim(f"action:{user}:{action.get('action_ts')}")
        if claim is Delivery.BUSY:
            return busy()
        if claim is Delivery.REPEAT:
            return response.text("")
        output = self.get_output_channel(channel)
        assert output is not None
        sender_id = conversation_id("slack", user)
        message = UserMessage(
            clean_text(value) or value, output, sender_id, input_channel=self.name()
        )
        self.take_turn(self._after_click(payload, action, on_new_message), message)
        return response.text("")

    def _after_click(
        self, payload: dict[str, Any], action: dict[str, Any], on_new_message: OnNewMessage
    ) -> OnNewMessage:
        """Show the chosen answer under the question (removing its buttons), then answer."""

        async def show_choice_then_handle(message: UserMessage) -> None:
            question = payload.get("message") or {}
            title = (action.get("text") or {}).get("text") or action.get("value")
            try:
                if question.get("ts") and isinstance(question.get("text"), str):
                    text = f"{question['text']}\n» {slack_escape(str(title))}"
                    await self.client.chat_update(
                        channel=payload["channel"]["id"],
                        ts=question["ts"],
                        text=text,
                        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
                    )
            except Exception:
                logger.exception("Could not show the chosen answer in Slack.")
            await on_new_message(message)

        return show_choice_then_handle


def _is_direct_message_from_a_person(event: dict[str, Any]) -> bool:
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and isinstance(event.get("user"), str)
        and isinstance(event.get("channel"), str)
        and not event.get("bot_id")
        and event.get("subtype") in (None, "file_share")
    )
