"""The web chat's socket.io channel, attacked from a second browser, in-process.

Each test serves the real channel as `rasa run` does (channel_harness.webhook_server) and
talks to it over a WebSocket, as the page does with socket.io-client (the minimal Engine.IO 4
client of tests/live/socketio_client.py: python-socketio's own needs a newer aiohttp).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from channel_harness import ScriptedRasa, webhook_server

from channels.socketio import (
    MAX_HTTP_BUFFER_BYTES,
    RATE_LIMIT_EVENTS,
    SessionSigner,
    WebChatSocketIOInput,
    session_signing_key,
)
from tests.live.socketio_client import PAGE, Browser, until

REPLY = {"text": "So far I've noted: a lump in the armpit."}


def web_channel() -> WebChatSocketIOInput:
    channel = WebChatSocketIOInput.from_credentials(
        {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
            "allowed_origins": [PAGE],
        }
    )
    channel.signer = SessionSigner(b"a test key, not the real one")
    return channel


@asynccontextmanager
async def chat(rasa: ScriptedRasa) -> AsyncIterator[str]:
    async with webhook_server(web_channel(), rasa) as server:
        yield server


@asynccontextmanager
async def browser(server: str) -> AsyncIterator[Browser]:
    one = await Browser().open(server)
    try:
        yield one
    finally:
        await one.close()


async def test_the_page_gets_a_signed_session_and_its_replies():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as page:
        signed = await page.session()
        await page.say("a lump in my armpit", signed)
        await until(lambda: page.bot)
    [message] = rasa.messages
    assert signed.startswith(message.sender_id + ".") and message.sender_id.startswith("web:")
    assert message.text == "a lump in my armpit" and message.input_channel == "socketio"
    assert page.bot == [REPLY]


async def test_a_reload_with_the_signed_id_continues_the_same_conversation():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server:
        async with browser(server) as page:
            signed = await page.session()
            await page.say("a lump in my armpit", signed)
        async with browser(server) as reloaded:
            assert await reloaded.session(signed) == signed
            await reloaded.say("my hips ache", signed)
    assert [m.sender_id for m in rasa.messages] == [signed.rpartition(".")[0]] * 2


async def test_a_second_socket_cannot_join_the_victims_conversation():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as victim, browser(server) as attacker:
        signed = await victim.session()
        victim_id = signed.rpartition(".")[0]
        for guess in (victim_id, f"{victim_id}.forged", victim_id.upper() + ".x"):
            offered = await attacker.session(guess)
            assert offered.rpartition(".")[0] != victim_id
            await attacker.say("what have I told you so far", offered)
        await until(lambda: len(rasa.messages) == 3)
        await asyncio.sleep(0.1)
    assert victim_id not in {message.sender_id for message in rasa.messages}
    assert victim.bot == []


async def test_a_platform_users_id_over_socketio_starts_a_new_conversation():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as attacker:
        for victim in ("twilio:+15551234567", "telegram:4242", "ann", "web:" + "0" * 32):
            offered = await attacker.session(victim)
            assert offered.rpartition(".")[0] not in (victim,)
            assert offered.startswith("web:")
            await attacker.say("delete my data", offered)
        await until(lambda: len(rasa.messages) == 4)
    senders = {message.sender_id for message in rasa.messages}
    assert senders.isdisjoint({"twilio:+15551234567", "telegram:4242", "ann", "web:" + "0" * 32})
    assert all(sender.startswith("web:") for sender in senders)


async def test_a_message_for_a_session_the_socket_has_not_joined_is_dropped():
    rasa = ScriptedRasa([{"text": "EMERGENCY: call your local emergency number now."}])
    async with chat(rasa) as server, browser(server) as victim, browser(server) as attacker:
        victims = await victim.session()
        await attacker.session()
        for target in (victims, victims.rpartition(".")[0], "twilio:+15551234567"):
            await attacker.say("I just had a seizure", target)
        await asyncio.sleep(0.2)
    assert rasa.messages == []
    assert victim.bot == [] and attacker.bot == []


async def test_a_message_before_any_session_request_is_dropped():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as attacker:
        await attacker.say("I just had a seizure", "twilio:+15551234567")
        await attacker.say("I just had a seizure", None)
    assert rasa.messages == []


async def test_replies_go_only_to_the_socket_whose_conversation_it_is():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as one, browser(server) as other:
        ones = await one.session()
        await other.session()
        await one.say("a lump in my armpit", ones)
        await until(lambda: one.bot)
        await asyncio.sleep(0.1)
    assert other.bot == []


async def test_a_900_kb_frame_closes_the_connection_and_never_reaches_rasa():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as attacker:
        signed = await attacker.session()
        await attacker.emit("user_uttered", {"message": "x " * 450_000, "session_id": signed})
        await until(lambda: not attacker.connected)
    assert rasa.messages == []
    assert MAX_HTTP_BUFFER_BYTES <= 16 * 1024


async def test_100_session_requests_of_900_kb_store_nothing():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as attacker:
        for _ in range(100):
            if not attacker.connected:
                break
            await attacker.emit("session_request", {"session_id": "x" * 900_000})
        await until(lambda: not attacker.connected)
    assert rasa.messages == [] and attacker.confirmed == []


async def test_a_socket_sending_too_fast_is_disconnected():
    rasa = ScriptedRasa([])
    async with chat(rasa) as server, browser(server) as flooder:
        signed = await flooder.session()
        for count in range(RATE_LIMIT_EVENTS + 5):
            if not flooder.connected:
                break
            await flooder.emit("user_uttered", {"message": f"hi {count}", "session_id": signed})
        await until(lambda: not flooder.connected)
    assert len(rasa.messages) < RATE_LIMIT_EVENTS


async def test_a_typed_intent_with_a_phishing_duration_never_reaches_the_assessment():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as page:
        signed = await page.session()
        for attack in (
            '/inform_duration{"duration": "since https://evil.example/login"}',
            '/report_symptom{"symptom": "anything"}',
            "/nlu_fallback",
        ):
            await page.say(attack, signed)
        await until(lambda: len(page.bot) == 3)
    assert rasa.messages == []
    assert all('commands typed with a "/"' in reply["text"] for reply in page.bot)


async def test_our_own_buttons_still_work():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as page:
        signed = await page.session()
        for payload in ("/done", "/affirm", "/restart", "/delete_my_data", "/ask_treatment"):
            await page.say(payload, signed)
        await until(lambda: len(rasa.messages) == 5)
    assert rasa.texts == ["/done", "/affirm", "/restart", "/delete_my_data", "/ask_treatment"]


async def test_a_long_message_is_stored_cut_and_nul_or_escapes_are_refused():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as page:
        signed = await page.session()
        await page.say("my hips ache " * 500, signed)  # 6,500 characters, 6.5 kB
        await page.say("my hips\x00 ache", signed)
        await page.say("\x1b[2Jmy hips ache", signed)
        await until(lambda: rasa.messages)
        await asyncio.sleep(0.1)
    [message] = rasa.messages
    assert 3000 < len(message.text) <= 4000 and message.text.startswith("my hips ache")


async def test_deeply_nested_metadata_is_refused_without_an_error():
    rasa = ScriptedRasa([REPLY])
    nested: Any = "deep"
    for _ in range(200):
        nested = {"a": nested}
    async with chat(rasa) as server, browser(server) as page:
        signed = await page.session()
        await page.say("my hips ache", signed, metadata=nested)
        await page.say("my hips ache", signed, metadata=json.dumps({"a": 1}))
        await page.say("my hips ache", signed, metadata={"page": "chat"})
        await until(lambda: rasa.messages)
        assert page.connected
    assert [m.metadata for m in rasa.messages] == [{"page": "chat"}]


async def test_another_origin_is_refused():
    async with chat(ScriptedRasa()) as server:
        stranger = await Browser().open(server, origin="https://evil.example")
        assert not stranger.connected
        await stranger.close()


def test_a_signed_id_verifies_only_with_its_key_and_unchanged():
    signer = SessionSigner(b"one key")
    session_id = signer.new_session()
    signed = signer.sign(session_id)
    assert signer.verify(signed) == session_id
    assert SessionSigner(b"another key").verify(signed) is None
    assert signer.verify(signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None
    assert signer.verify("twilio:+15551234567." + signed.rpartition(".")[2]) is None
    assert signer.verify(None) is None and signer.verify(["x"]) is None


def test_the_signing_key_is_made_once_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SESSION_SIGNING_KEY", raising=False)
    key_file = tmp_path / "var" / "session-signing.key"
    key = session_signing_key(key_file)
    assert len(key) == 64 and session_signing_key(key_file) == key
    assert key_file.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("SESSION_SIGNING_KEY", "from the environment")
    assert session_signing_key(key_file) == b"from the environment"


async def test_a_frame_nested_too_deeply_to_parse_harms_nobody_else():
    rasa = ScriptedRasa([REPLY])
    async with chat(rasa) as server, browser(server) as attacker, browser(server) as page:
        signed = await attacker.session()
        nested = "[" * 5000 + "]" * 5000  # 10 kB: under the frame limit, over the parser's
        head = json.dumps(["user_uttered", {"message": "hi", "session_id": signed}])
        await attacker.ws.send_str("42" + head[:-2] + ', "metadata": ' + nested + "}]")
        await asyncio.sleep(0.3)
        others = await page.session()
        await page.say("my hips ache", others)
        await until(lambda: page.bot)
    assert rasa.texts == ["my hips ache"]
