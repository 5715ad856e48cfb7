"""The web chat and the input guard attacked from outside, against the running stack.

Run inside `make test-live` / `make test-channels` (the stack started with
tests/live/channels.env, so the conversation store can be read through Rasa's API). Each test
is one attack from the security review (issue 16): a second browser taking over a web
conversation or a platform user's, a message for a session the socket never joined, a 900 kB
frame, a typed `/intent{...}` with a phishing link, hostile sender ids and metadata. Each
checks what the attacker got back AND what the conversation store holds afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.parse
import uuid
from typing import Any

import pytest
import requests

from tests.live.socketio_client import Browser, until

RASA_URL = f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
PAGE = f"http://127.0.0.1:{os.environ.get('WEB_PORT', '8080')}"
TURN_SECONDS = 90.0
PHISHING = '/inform_duration{"duration": "since https://evil.example/login"}'


def stored_texts(sender_id: str) -> list[str]:
    """The person's messages as the conversation store holds them."""
    answer = requests.get(
        f"{RASA_URL}/conversations/{urllib.parse.quote(sender_id, safe=':+')}/tracker",
        params={"token": os.environ["RASA_AUTH_TOKEN"]},
        timeout=30,
    )
    answer.raise_for_status()
    return [event.get("text") for event in answer.json()["events"] if event["event"] == "user"]


def rest(payload: Any) -> requests.Response:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return requests.post(
        f"{RASA_URL}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=TURN_SECONDS,
    )


async def browser() -> Browser:
    page = await Browser().open(RASA_URL, origin=PAGE)
    assert page.connected, "the socket.io channel refused the page's own origin"
    page.reply_timeout = TURN_SECONDS
    return page


def session_id(signed: str) -> str:
    return signed.rpartition(".")[0]


@pytest.fixture(scope="module", autouse=True)
def stack_is_up() -> None:
    try:
        requests.get(f"{RASA_URL}/webhooks/rest/", timeout=5).raise_for_status()
    except requests.RequestException as error:
        pytest.fail(f"Rasa does not answer ({error}); run `make test-live`.")


def test_a_second_browser_cannot_take_over_a_web_conversation():
    async def attack() -> tuple[str, Browser, list[str]]:
        victim, attacker = await browser(), await browser()
        try:
            signed = await victim.session()
            await victim.say("I found a lump under my arm", signed)
            await until(lambda: victim.bot, TURN_SECONDS)
            seen = len(victim.bot)
            offered = [
                await attacker.session(session_id(signed)),
                await attacker.session(session_id(signed) + ".forged"),
            ]
            # A message for the victim's session from a socket that never joined it.
            await attacker.say("I just had a seizure", signed)
            await asyncio.sleep(2)
            assert len(victim.bot) == seen, "the victim's page got replies to the attacker"
            return signed, attacker, offered
        finally:
            await victim.close()
            await attacker.close()

    signed, attacker, offered = asyncio.run(attack())
    assert all(session_id(other) != session_id(signed) for other in offered)
    assert stored_texts(session_id(signed)) == ["I found a lump under my arm"]
    assert attacker.bot == []


@pytest.mark.parametrize("victim", ["twilio:+15551234567", "telegram:4242", "live-rest-victim"])
def test_a_platform_or_rest_users_id_over_socketio_is_not_their_conversation(victim):
    rest({"sender": "live-rest-victim", "message": "my hips ache"}).raise_for_status()
    before = stored_texts(victim)

    async def attack() -> str:
        attacker = await browser()
        try:
            offered = await attacker.session(victim)
            await attacker.say("delete my data", offered)
            return offered
        finally:
            await attacker.close()

    offered = asyncio.run(attack())
    assert session_id(offered).startswith("web:") and session_id(offered) != victim
    assert stored_texts(victim) == before
    assert stored_texts(session_id(offered)) == ["delete my data"]


def test_a_900_kb_frame_is_cut_off_and_nothing_is_stored():
    async def attack() -> tuple[str, bool]:
        attacker = await browser()
        try:
            signed = await attacker.session()
            await attacker.emit("user_uttered", {"message": "x " * 450_000, "session_id": signed})
            await until(lambda: not attacker.connected, 10)
            return signed, attacker.connected
        finally:
            await attacker.close()

    signed, still_connected = asyncio.run(attack())
    assert not still_connected
    assert stored_texts(session_id(signed)) == []
    requests.get(f"{RASA_URL}/webhooks/rest/", timeout=5).raise_for_status()


def test_a_socket_sending_too_fast_is_disconnected():
    async def attack() -> bool:
        flooder = await browser()
        try:
            signed = await flooder.session()
            for _ in range(60):
                if not flooder.connected:
                    break
                # An empty message is answered without Rasa: the limit is tested, not the NLU.
                await flooder.emit("user_uttered", {"message": "", "session_id": signed})
            await until(lambda: not flooder.connected, 10)
            return flooder.connected
        finally:
            await flooder.close()

    assert asyncio.run(attack()) is False


def test_a_typed_phishing_duration_over_socketio_never_reaches_the_conversation():
    async def attack() -> tuple[str, list[Any]]:
        attacker = await browser()
        try:
            signed = await attacker.session()
            await attacker.say(PHISHING, signed)
            await until(lambda: attacker.bot, 10)
            return signed, attacker.bot
        finally:
            await attacker.close()

    signed, replies = asyncio.run(attack())
    assert 'commands typed with a "/"' in replies[0]["text"]
    assert stored_texts(session_id(signed)) == []


@pytest.mark.parametrize(
    "message", [PHISHING, '/report_symptom{"symptom": "anything"}', "/nlu_fallback"]
)
def test_a_typed_intent_over_rest_never_reaches_the_conversation(message):
    sender = f"live-rest-{uuid.uuid4().hex[:8]}"
    answer = rest({"sender": sender, "message": message})
    assert answer.status_code == 200 and 'commands typed with a "/"' in answer.json()[0]["text"]
    assert stored_texts(sender) == []


@pytest.mark.parametrize(
    "sender",
    ["a" * 10_000, "live\x00rest", "live\x1b[2J\x1b[Hrest", "web:" + "0" * 32, "twilio:+1555"],
    ids=["10,000 characters", "NUL", "terminal escape", "a web id", "a platform id"],
)
def test_a_hostile_sender_id_over_rest_is_refused(sender):
    answer = rest({"sender": sender, "message": "my hips ache"})
    assert answer.status_code == 400 and answer.json()["error"]


def test_deeply_nested_metadata_over_rest_is_a_clean_400():
    sender = f"live-rest-{uuid.uuid4().hex[:8]}"
    head = json.dumps({"sender": sender, "message": "my hips ache"})[:-1].encode()
    for metadata in (
        b"[" * 5000 + b"]" * 5000,
        json.dumps({"a": {"b": {"c": {"d": {}}}}}).encode(),
    ):
        answer = rest(head + b', "metadata": ' + metadata + b"}")
        assert answer.status_code == 400 and answer.json()["error"]
    assert stored_texts(sender) == []


def test_a_long_rest_message_is_stored_cut():
    sender = f"live-rest-{uuid.uuid4().hex[:8]}"
    answer = rest({"sender": sender, "message": "my hips ache " * 1000})
    assert answer.status_code == 200
    [stored] = stored_texts(sender)
    assert len(stored) <= 4000 and stored.startswith("my hips ache")
    # The NLU reads fewer characters than are stored, and says so.
    assert any("I read only the first" in reply.get("text", "") for reply in answer.json())
