"""When a platform's API cannot be reached, the turn still completes (Rasa then stores it),
and when Redis is down, a delivery is handled rather than lost."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import unquote_plus

import pytest
import test_channel_facebook as facebook
import test_channel_slack as slack
import test_channel_telegram as telegram
import test_channel_twilio as twilio
from aiohttp import web
from channel_harness import ScriptedRasa, post, webhook_server

from channels.store import RedisStore


def closed_port_url() -> str:
    """A loopback URL where nothing listens (the platform's API is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def telegram_delivery() -> tuple[bytes, dict[str, str]]:
    return telegram.update(1, "my hips ache"), telegram.signed()


def slack_delivery() -> tuple[bytes, dict[str, str]]:
    body = slack.direct_message("Ev1", "my hips ache")
    return body, slack.json_headers(body)


def facebook_delivery() -> tuple[bytes, dict[str, str]]:
    body = facebook.webhook_body(facebook.event("m_1", "my hips ache"))
    return body, facebook.meta_headers(facebook.APP_SECRET, body)


def twilio_delivery() -> tuple[bytes, dict[str, str]]:
    return twilio.signed_post(twilio.sms("SM1", "my hips ache"))


@pytest.mark.parametrize(
    "make_channel, delivery",
    [
        (telegram.telegram, telegram_delivery),
        (slack.slack, slack_delivery),
        (facebook.facebook, facebook_delivery),
        (twilio.twilio, twilio_delivery),
    ],
    ids=["telegram", "slack", "facebook", "twilio"],
)
async def test_an_unreachable_platform_api_does_not_lose_the_turn(make_channel, delivery):
    rasa = ScriptedRasa([{"text": "Urgency: soon. Please see a doctor.", "buttons": []}])
    channel = make_channel(closed_port_url())
    async with webhook_server(channel, rasa) as server:
        body, headers = delivery()
        status, _ = await post(f"{server}/webhooks/{channel.name()}/webhook", body, headers)
    assert status == 200
    assert rasa.texts == ["my hips ache"]
    assert rasa.turns_completed == 1


async def test_with_redis_down_a_delivery_is_handled_rather_than_lost():
    store = RedisStore(f"redis://{closed_port_url().removeprefix('http://')}/0")
    try:
        assert await store.first_delivery("twilio:SM1") is True
        await store.remember("twilio:options:+1", '["/deny"]', ttl=60)
        assert await store.recall("twilio:options:+1") is None
    finally:
        await store.close()


@asynccontextmanager
async def echoing_api() -> AsyncIterator[str]:
    """A platform API that refuses every call with a 400 that echoes the request back, as
    real error answers can (the recipient's number, the text)."""

    async def refuse(request: web.Request) -> web.Response:
        echoed = f"{request.query_string} {await request.text()}"
        return web.Response(status=400, text=f"bad request: {unquote_plus(echoed)}")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", refuse)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def unreachable_api() -> AsyncIterator[str]:
    yield closed_port_url()


@pytest.mark.parametrize("api", [unreachable_api, echoing_api], ids=["down", "refusing"])
@pytest.mark.parametrize(
    "make_channel, delivery, person",
    [
        (telegram.telegram, telegram_delivery, str(telegram.CHAT)),
        (slack.slack, slack_delivery, "D0001"),
        (facebook.facebook, facebook_delivery, facebook.PSID),
        (twilio.twilio, twilio_delivery, twilio.PERSON),
    ],
    ids=["telegram", "slack", "facebook", "twilio"],
)
async def test_a_failed_delivery_logs_neither_who_it_was_for_nor_what_it_said(
    make_channel, delivery, person, api, caplog
):
    """H-18: a platform that is down or refuses must not get the person's platform id or
    the bot's words (which name their symptoms) written into the server's log."""
    caplog.set_level("DEBUG")
    rasa = ScriptedRasa(
        [{"text": "Urgency: emergency. You said you had a seizure.", "buttons": []}]
    )
    async with api() as api_url:
        channel = make_channel(api_url)
        async with webhook_server(channel, rasa) as server:
            body, headers = delivery()
            status, _ = await post(f"{server}/webhooks/{channel.name()}/webhook", body, headers)
    assert status == 200
    failures = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR", "CRITICAL")]
    assert failures, "the failure itself must still be logged"
    logged = caplog.text + "".join(str(getattr(r, "exc_text", "") or "") for r in caplog.records)
    assert person not in logged
    assert "seizure" not in logged
    assert "my hips ache" not in logged
