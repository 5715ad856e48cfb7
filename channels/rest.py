"""Rasa's REST channel with its input checked before Rasa sees it.

Same name ("rest"), same URL (/webhooks/rest/webhook), same answer for a normal message:
Rasa's own handler still does the work. In front of it, a request middleware answers:

- 413 when the body is larger than MAX_BODY_BYTES (a symptom description is a few hundred
  bytes; the NLU would cut a long message to 2,000 characters anyway);
- 400, with a JSON error, when the body is not UTF-8 JSON text (binary data, broken JSON),
  is not an object, or its fields are wrong: `sender` must be a non-empty string of at most
  MAX_SENDER_CHARS characters without control characters (PostgreSQL cannot store NUL) and
  not in a messaging platform's form ("telegram:..."), so that nobody writes into a
  platform user's conversation over REST; `message` must be a string without NUL or other
  control characters (tabs and line breaks are fine) and without lone surrogates;
  `metadata`, if given, an object;
- for an empty or blank message, a polite reply in the usual REST shape
  (`[{"recipient_id": ..., "text": ...}]`) without touching the conversation.

Rasa's own channel answers a missing sender by filing the message under "default" (one
conversation for everybody), and broken JSON with Sanic's HTML error page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import EMPTY_MESSAGE_REPLY, PLATFORMS, OnNewMessage, refuse

MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SENDER_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_request(body: bytes) -> tuple[dict[str, Any] | None, HTTPResponse | None]:
    """(the parsed request, None) when it may go to Rasa, else (None, the answer to give)."""
    if len(body) > MAX_BODY_BYTES:
        return None, refuse(413, f"the request is larger than {MAX_BODY_BYTES} bytes")
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None, refuse(400, "the body is not UTF-8 text")
    except ValueError:
        return None, refuse(400, "the body is not valid JSON")
    if not isinstance(payload, dict):
        return None, refuse(400, 'the body must be a JSON object: {"sender": ..., "message": ...}')

    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        return None, refuse(400, "'sender' must be a non-empty string")
    if len(sender) > MAX_SENDER_CHARS:
        return None, refuse(400, f"'sender' must be at most {MAX_SENDER_CHARS} characters")
    if _SENDER_CONTROL.search(sender):
        return None, refuse(400, "'sender' must not contain control characters")
    if _has_lone_surrogate(sender):
        return None, refuse(400, "'sender' is not valid Unicode text")
    if any(sender.startswith(f"{platform}:") for platform in PLATFORMS):
        return None, refuse(400, "'sender' must not name a messaging platform")

    message = payload.get("message")
    if not isinstance(message, str):
        return None, refuse(400, "'message' must be a string")
    if _CONTROL.search(message):
        return None, refuse(400, "'message' must not contain control characters")
    if _has_lone_surrogate(message):
        return None, refuse(400, "'message' is not valid Unicode text")
    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return None, refuse(400, "'metadata' must be an object")
    input_channel = payload.get("input_channel")
    if input_channel is not None and not isinstance(input_channel, str):
        return None, refuse(400, "'input_channel' must be a string")

    if not message.strip():
        reply = [{"recipient_id": sender, "text": EMPTY_MESSAGE_REPLY}]
        return None, response.json(reply)
    return payload, None


class GuardedRestInput(RestInput):
    """credentials.yml: `channels.rest.GuardedRestInput:` in place of `rest:`."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        # Blueprint middleware runs only for this blueprint's routes, before Rasa's handler.
        @webhook.middleware("request")
        async def check(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            payload, refusal = check_request(request.body or b"")
            if refusal is not None:
                return refusal
            request.parsed_json = payload  # Rasa's handler reads this, not the raw body
            return None

        return webhook
