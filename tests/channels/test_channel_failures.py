"""When a platform's API cannot be reached, the turn still completes (Rasa then stores it),
and when Redis is down, a delivery is handled rather than lost."""

from __future__ import annotations

import socket

import pytest
import test_channel_facebook as facebook
import test_channel_slack as slack
import test_channel_telegram as telegram
import test_channel_twilio as twilio
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
