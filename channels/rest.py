"""Rasa's REST channel with its input checked before Rasa sees it.

Same name ("rest"), same URL (/webhooks/rest/webhook), same answer for a normal message:
Rasa's own handler still does the work. In front of it, a request middleware answers:

- 413 when the body is larger than MAX_BODY_BYTES (a symptom description is a few hundred
  bytes);
- 400, with a JSON error, when the body is not UTF-8 JSON text (binary data, broken JSON,
  JSON nested too deeply to parse), is not an object, or its fields break the input guard's
  rules (channels.guard): `sender` a user-chosen id (non-empty, at most 128 characters, no
  control characters, not "telegram:..." or "web:...", so that nobody writes into a
  platform user's or a web visitor's conversation over REST), `message` a string without
  NUL or other control characters, `metadata` a small JSON object;
- for an empty message, or a typed `/intent{...}` that is not one of our buttons, a polite
  reply in the usual REST shape (`[{"recipient_id": ..., "text": ...}]`) without touching
  the conversation.

A message longer than channels.guard.MAX_TEXT_CHARS is shortened before Rasa stores it.
Rasa's own channel answers a missing sender by filing the message under "default" (one
conversation for everybody), and broken JSON with Sanic's HTML error page.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import OnNewMessage, refuse
from channels.guard import MAX_SENDER_CHARS, check_message  # noqa: F401  (re-exported)

MAX_BODY_BYTES = 64 * 1024


def check_request(body: bytes) -> tuple[dict[str, Any] | None, HTTPResponse | None]:
    """(the request as Rasa may see it, None), else (None, the answer to give)."""
    if len(body) > MAX_BODY_BYTES:
        return None, refuse(413, f"the request is larger than {MAX_BODY_BYTES} bytes")
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None, refuse(400, "the body is not UTF-8 text")
    except RecursionError:
        return None, refuse(400, "the body is nested too deeply")
    except ValueError:
        return None, refuse(400, "the body is not valid JSON")
    if not isinstance(payload, dict):
        return None, refuse(400, 'the body must be a JSON object: {"sender": ..., "message": ...}')

    sender = payload.get("sender")
    verdict = check_message(sender, payload.get("message"), payload.get("metadata"))
    if verdict.error is not None:
        return None, refuse(400, verdict.error)
    input_channel = payload.get("input_channel")
    if input_channel is not None and not isinstance(input_channel, str):
        return None, refuse(400, "'input_channel' must be a string")
    if verdict.reply is not None:
        return None, response.json([{"recipient_id": sender, "text": verdict.reply}])
    payload["message"] = verdict.text
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
            # Rasa's handler reads this, not the raw body (Sanic declares it None until parsed).
            request.parsed_json = payload  # type: ignore[assignment]
            return None

        return webhook
