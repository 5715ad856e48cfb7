"""A stand-in for the messaging platforms' APIs, on loopback, that records what the bot sends.

It implements the few calls our channels make (Telegram Bot API, Slack Web API, Messenger
Send API, Twilio Messages) with answers shaped like the real ones, and records every
request. Point the channels at it with TELEGRAM_API_URL=<base>/telegram,
SLACK_API_URL=<base>/slack/api/, FACEBOOK_API_URL=<base>/facebook,
TWILIO_API_URL=<base>/twilio (tests/live/channels.env does that).

    GET    /recorded?platform=telegram   what was sent, oldest first: {"requests": [...]}
    DELETE /recorded                     forget it all
    GET    /health                       "ok"

Run it: `.venv/bin/python tests/live/fake_platforms.py --port 5090`. The unit tests start
the same app in their own event loop (`make_app()`).
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import os
import time
import urllib.parse
from typing import Any

from aiohttp import web

RECORDS = web.AppKey("records", list)
WEBHOOK = web.AppKey("telegram_webhook", dict)
_counter = itertools.count(1)


def _maybe_json(value: Any) -> Any:
    """aiogram sends reply_markup as a JSON string inside a form: show it as data."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        params = {k: _maybe_json(v) for k, v in form.items() if isinstance(v, str)}
        for name, value in form.items():
            if isinstance(value, web.FileField):  # a document: what it is, not its bytes
                content = value.file.read()
                params[name] = {
                    "filename": value.filename,
                    "content_type": value.content_type,
                    "size": len(content),
                    "starts_with": content[:5].decode("latin-1"),
                }
        return params
    body = await request.read()
    if request.content_type == "application/json":
        return json.loads(body or b"{}")
    if request.content_type == "application/x-www-form-urlencoded":
        return {k: _maybe_json(v) for k, v in urllib.parse.parse_qsl(body.decode())}
    return {}


async def _record(request: web.Request, platform: str, method: str) -> dict[str, Any]:
    entry = {
        "n": next(_counter),
        "time": time.time(),
        "platform": platform,
        "method": method,
        "path": request.path,
        "query": dict(request.query),
        "authorization": request.headers.get("Authorization"),
        "params": await _params(request),
    }
    request.app[RECORDS].append(entry)
    return entry


def _telegram_message(params: dict[str, Any], message_id: int) -> dict[str, Any]:
    chat_id = params.get("chat_id")
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": int(chat_id) if str(chat_id).lstrip("-").isdigit() else chat_id},
        "text": params.get("text", ""),
    }


async def telegram(request: web.Request) -> web.Response:
    method = request.match_info["method"]
    entry = await _record(request, "telegram", method)
    entry["token"] = request.match_info["token"]
    params = entry["params"]
    if method in ("sendMessage", "editMessageText", "sendDocument"):
        message_id = int(params.get("message_id") or entry["n"])
        result: Any = _telegram_message(params, message_id)
        result["chat"]["type"] = "private"
    elif method in ("answerCallbackQuery", "deleteWebhook"):
        result = True
    elif method == "setWebhook":
        request.app[WEBHOOK].update(params)
        result = True
    elif method == "getWebhookInfo":
        webhook = request.app[WEBHOOK]
        result = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }
    elif method == "getMe":
        result = {"id": 1, "is_bot": True, "first_name": "Fake", "username": "fake_bot"}
    else:
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )
    return web.json_response({"ok": True, "result": result})


async def slack(request: web.Request) -> web.Response:
    method = request.match_info["method"]
    entry = await _record(request, "slack", method)
    if method not in ("chat.postMessage", "chat.update"):
        return web.json_response({"ok": False, "error": "unknown_method"})
    ts = entry["params"].get("ts") or f"{int(time.time())}.{entry['n']:06d}"
    return web.json_response({"ok": True, "channel": entry["params"].get("channel"), "ts": ts})


async def facebook(request: web.Request) -> web.Response:
    entry = await _record(request, "facebook", "messages")
    recipient = (entry["params"].get("recipient") or {}).get("id")
    return web.json_response({"recipient_id": recipient, "message_id": f"m_{entry['n']}"})


async def twilio(request: web.Request) -> web.Response:
    entry = await _record(request, "twilio", "Messages")
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Basic "):
        entry["basic_user"] = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
    return web.json_response(
        {"sid": f"SM{entry['n']:032d}", "status": "queued", **entry["params"]}, status=201
    )


async def recorded(request: web.Request) -> web.Response:
    platform = request.query.get("platform")
    records = [r for r in request.app[RECORDS] if platform in (None, r["platform"])]
    return web.json_response({"requests": records})


async def forget(request: web.Request) -> web.Response:
    request.app[RECORDS].clear()
    return web.json_response({"requests": []})


async def health(_: web.Request) -> web.Response:
    return web.Response(text="ok")


def make_app() -> web.Application:
    app = web.Application()
    app[RECORDS] = []
    app[WEBHOOK] = {}
    app.add_routes(
        [
            web.post("/telegram/bot{token}/{method}", telegram),
            web.post("/slack/api/{method}", slack),
            web.post("/facebook/{version}/me/messages", facebook),
            web.post("/twilio/2010-04-01/Accounts/{sid}/Messages.json", twilio),
            web.get("/recorded", recorded),
            web.delete("/recorded", forget),
            web.get("/health", health),
        ]
    )
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake messaging platform APIs on loopback.")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("FAKE_PLATFORMS_PORT", "5090"))
    )
    args = parser.parse_args()
    web.run_app(make_app(), host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
