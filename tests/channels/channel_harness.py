"""Serving one channel the way Rasa does, in the test's event loop, with the fake platforms.

`fake_platforms()` starts tests/live/fake_platforms.py's app on a free loopback port and
yields its base URL and the list of recorded requests. `webhook_server(channel, rasa)`
mounts the channel's blueprint under /webhooks/ with Rasa's own `register`, on a Sanic
server on a free port. `ScriptedRasa` stands in for the agent: it records every message
Rasa would have received and answers with fixed bot messages through the message's output
channel, as Rasa's processor does (`send_response` per bot message).
Sanic's start-up banner is switched off (`MOTD`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from rasa.core.channels.channel import InputChannel, UserMessage, register
from sanic import Sanic
from sanic.response import text

from symptom_checker.wording import OutgoingMessage
from tests.live.fake_platforms import RECORDS, make_app


def bot_messages(messages: list[OutgoingMessage]) -> list[dict[str, Any]]:
    """Our domain messages as Rasa hands them to an output channel."""
    result = []
    for message in messages:
        reply: dict[str, Any] = {}
        if message.text:
            reply["text"] = message.text
        if message.custom:
            reply["custom"] = message.custom
        if message.buttons:
            reply["buttons"] = [dict(button) for button in message.buttons]
        result.append(reply)
    return result


class ScriptedRasa:
    def __init__(self, replies: list[dict[str, Any]] | None = None) -> None:
        self.replies = replies or []
        self.messages: list[UserMessage] = []
        self.turns_completed = 0  # as far as Rasa got: it stores the turn after sending

    async def handle_message(self, message: UserMessage) -> None:
        """What `Agent.handle_message` is called with; Rasa's `register` calls it."""
        self.messages.append(message)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))
        self.turns_completed += 1

    @property
    def texts(self) -> list[str | None]:
        return [message.text for message in self.messages]


@asynccontextmanager
async def fake_platforms() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    app = make_app()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", app[RECORDS]
    finally:
        await runner.cleanup()


def free_port() -> int:
    """A port nothing listens on now. Sanic turns port 0 into its default 8000, so tests that
    run at the same time (or anything on 8000) would collide; ask the kernel instead."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def webhook_server(channel: InputChannel, rasa: ScriptedRasa) -> AsyncIterator[str]:
    """The channel under /webhooks/<name>/, as `rasa run` mounts it; yields the base URL."""
    Sanic.test_mode = True  # lets one process start several apps (Sanic's TouchUp)
    app = Sanic(f"channel_test_{uuid.uuid4().hex}")
    app.config.MOTD = False
    app.ctx.agent = rasa
    app.add_route(lambda _: text("Hello from Rasa"), "/")  # Rasa's server always has "/"
    register([channel], app, route="/webhooks/")
    server = await app.create_server(
        host="127.0.0.1", port=free_port(), return_asyncio_server=True, access_log=False
    )
    await server.startup()
    await server.before_start()
    await server.after_start()
    port = server.server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        wait = getattr(channel, "wait_for_turns", None)
        if wait is not None:
            await wait()
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


@dataclass
class Serving:
    """A channel served as Rasa serves it, talking to the fake platforms."""

    channel: InputChannel
    webhook: str  # the channel's webhook URL on our server
    records: list[dict[str, Any]]  # every request the fake platforms received


@asynccontextmanager
async def serving(
    make_channel: Callable[[str], InputChannel], rasa: ScriptedRasa
) -> AsyncIterator[Serving]:
    """`make_channel(fake_platforms_url)` served under /webhooks/, fakes running."""
    async with fake_platforms() as (fake_url, records):
        channel = make_channel(fake_url)
        async with webhook_server(channel, rasa) as server:
            yield Serving(channel, f"{server}/webhooks/{channel.name()}/webhook", records)


async def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.post(
        url, data=body, headers=headers or {}
    ) as answer:
        return answer.status, await answer.text()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        return answer.status, await answer.text()


# --- the REST channel --------------------------------------------------------------------------

JSON = {"Content-Type": "application/json"}


def rest_request(**fields: object) -> bytes:
    """A REST channel request body: {"sender": ..., "message": ...}."""
    return json.dumps(fields).encode()


async def send_rest(body: bytes, rasa: ScriptedRasa) -> tuple[int, object]:
    """POST `body` to the guarded REST channel in front of `rasa`: (status, JSON or text)."""
    from channels.rest import GuardedRestInput

    async with webhook_server(GuardedRestInput(), rasa) as server:
        status, text = await post(f"{server}/webhooks/rest/webhook", body, JSON)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def slack_headers(signing_secret: str, body: bytes, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:".encode() + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def meta_headers(app_secret: str, body: bytes) -> dict:
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}
