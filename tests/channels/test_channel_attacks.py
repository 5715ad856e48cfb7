"""Attacks on the platform webhooks, written as the attacker would try them: a forged Telegram
update when no secret token is configured, a delivery id claimed by a forger before the real
delivery arrives, and a flood of deliveries that would start unbounded background turns."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
import test_channel_facebook as facebook
import test_channel_slack as slack
import test_channel_telegram as telegram
import test_channel_twilio as twilio
from channel_harness import ScriptedRasa, fake_platforms, post, serving, webhook_server
from rasa.core.channels.channel import UserMessage

from channels.common import TurnSlots
from channels.settings import max_turns
from channels.status import status_lines
from channels.store import MemoryStore
from channels.telegram import TelegramInput

Delivery = tuple[bytes, dict[str, str]]


class RecordingStore(MemoryStore):
    """A delivery store that remembers which ids were claimed."""

    def __init__(self) -> None:
        super().__init__()
        self.claimed: list[str] = []

    async def first_delivery(self, key: str, ttl: int = 60) -> bool:
        self.claimed.append(key)
        return await super().first_delivery(key, ttl)


class SlowRasa(ScriptedRasa):
    """Rasa busy with every turn until `finish` is set; counts the turns running at once."""

    def __init__(self) -> None:
        super().__init__([{"text": "noted"}])
        self.finish = asyncio.Event()
        self.running = 0
        self.most_at_once = 0

    async def handle_message(self, message: UserMessage) -> None:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            await self.finish.wait()
            await super().handle_message(message)
        finally:
            self.running -= 1


def telegram_update(number: int, text: str = "my hips ache") -> Delivery:
    return telegram.update(number, text), telegram.signed()


def slack_event(number: int, text: str = "my hips ache") -> Delivery:
    body = slack.direct_message(f"Ev{number}", text)
    return body, slack.json_headers(body)


def facebook_event(number: int, text: str = "my hips ache") -> Delivery:
    body = facebook.webhook_body(facebook.event(f"m_{number}", text))
    return body, facebook.meta_headers(facebook.APP_SECRET, body)


def twilio_sms(number: int, text: str = "my hips ache") -> Delivery:
    return twilio.signed_post(twilio.sms(f"SM{number}", text))


PLATFORMS = pytest.mark.parametrize(
    "make_channel, delivery",
    [
        (telegram.telegram, telegram_update),
        (slack.slack, slack_event),
        (facebook.facebook, facebook_event),
        (twilio.twilio, twilio_sms),
    ],
    ids=["telegram", "slack", "facebook", "twilio"],
)


def forged(delivery: Delivery) -> Delivery:
    """The same body with a signature made without the platform's secret."""
    body, headers = delivery
    wrong = {
        "X-Telegram-Bot-Api-Secret-Token": "guessed",
        "X-Slack-Signature": "v0=" + "0" * 64,
        "X-Hub-Signature-256": "sha256=" + "0" * 64,
        "X-Twilio-Signature": "Z3Vlc3NlZA==",
    }
    return body, {name: wrong.get(name, value) for name, value in headers.items()}


async def test_a_forged_telegram_update_finds_no_webhook_when_no_secret_token_is_set(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("TELEGRAM_TOKEN", telegram.TOKEN)
    monkeypatch.delenv("TELEGRAM_SECRET_TOKEN", raising=False)
    channel = TelegramInput.from_credentials(None)
    rasa = ScriptedRasa([{"text": "should never be sent"}])
    forged_update = telegram.update(41, "I had a seizure")
    async with webhook_server(channel, rasa) as server:
        status, _ = await post(
            f"{server}/webhooks/telegram/webhook",
            forged_update,
            {"Content-Type": "application/json"},
        )
    assert status == 404
    assert rasa.messages == []


async def test_an_unsigned_update_with_the_next_id_does_not_make_the_real_one_a_repeat(
    monkeypatch: pytest.MonkeyPatch,
):
    # Without a secret token configured the channel is off: the forger claims nothing.
    monkeypatch.setenv("TELEGRAM_TOKEN", telegram.TOKEN)
    monkeypatch.delenv("TELEGRAM_SECRET_TOKEN", raising=False)
    unsigned = TelegramInput.from_credentials(None)
    unsigned.store = RecordingStore()
    rasa = ScriptedRasa([{"text": "noted"}])
    async with webhook_server(unsigned, rasa) as server:
        await post(
            f"{server}/webhooks/telegram/webhook",
            telegram.update(42, "hello"),
            {"Content-Type": "application/json"},
        )
    assert unsigned.store.claimed == [] and rasa.texts == []

    # With it, the forger's update is refused, and Telegram's own update 43 is answered.
    store = RecordingStore()

    def signed_channel(fake_url: str) -> TelegramInput:
        channel = telegram.telegram(fake_url)
        channel.store = store
        return channel

    async with serving(signed_channel, rasa) as bot:
        attack = await post(bot.webhook, telegram.update(43, "hello"))
        real = await post(bot.webhook, telegram.update(43, "I had a seizure"), telegram.signed())
    assert attack[0] == 401 and real[0] == 200
    assert rasa.texts == ["I had a seizure"]
    assert store.claimed == ["telegram:123456:43"]


@PLATFORMS
async def test_a_delivery_with_a_forged_signature_claims_no_delivery_id(
    make_channel: Callable[[str], Any], delivery: Callable[[int], Delivery]
):
    store = RecordingStore()
    rasa = ScriptedRasa([{"text": "noted"}])

    def channel_with_store(fake_url: str):
        channel = make_channel(fake_url)
        channel.store = store
        return channel

    async with serving(channel_with_store, rasa) as bot:
        attack = await post(bot.webhook, *forged(delivery(7, "hello")))
        real = await post(bot.webhook, *delivery(7, "I had a seizure"))
    assert attack[0] == 403 and real[0] == 200
    assert rasa.texts == ["I had a seizure"]
    assert len(store.claimed) == 1


@PLATFORMS
async def test_a_flood_of_deliveries_runs_a_bounded_number_of_turns_and_the_rest_come_again(
    make_channel: Callable[[str], Any], delivery: Callable[[int], Delivery]
):
    rasa = SlowRasa()

    def bounded(fake_url: str):
        channel = make_channel(fake_url)
        channel.turn_slots = TurnSlots(2)
        return channel

    async with serving(bounded, rasa) as bot, aiohttp.ClientSession() as session:

        async def deliver(number: int) -> int:
            body, headers = delivery(number, f"message {number}")
            async with session.post(bot.webhook, data=body, headers=headers) as answer:
                return answer.status

        flood = await asyncio.gather(*(deliver(n) for n in range(10)))
        await asyncio.sleep(0.1)
        running_during_flood = rasa.running
        rasa.finish.set()
        await bot.channel.wait_for_turns()
        # The platform delivers the refused ones again; none was claimed, so all are taken.
        retried = []
        for number in [n for n, status in enumerate(flood) if status == 503]:
            retried.append(await deliver(number))
            await bot.channel.wait_for_turns()

    assert sorted(flood) == [200, 200] + [503] * 8
    assert running_during_flood == 2 and rasa.most_at_once <= 2
    assert retried == [200] * 8
    assert sorted(rasa.texts) == sorted(f"message {n}" for n in range(10))
    assert bot.channel.turn_slots.in_use == 0


async def test_a_busy_answer_tells_the_platform_to_come_back():
    rasa = SlowRasa()

    def one_slot(fake_url: str) -> TelegramInput:
        channel = telegram.telegram(fake_url)
        channel.turn_slots = TurnSlots(1)
        return channel

    async with fake_platforms() as (fake_url, _):
        channel = one_slot(fake_url)
        async with webhook_server(channel, rasa) as server:
            url = f"{server}/webhooks/telegram/webhook"
            async with aiohttp.ClientSession() as session:
                first = await session.post(url, data=telegram.update(1), headers=telegram.signed())
                second = await session.post(
                    url, data=telegram.update(2), headers=telegram.signed()
                )
                assert first.status == 200 and second.status == 503
                assert second.headers["Retry-After"] == "5"
                assert "again later" in json.loads(await second.text())["error"]
            rasa.finish.set()


def test_the_turn_bound_is_configurable_and_a_typo_is_an_error():
    assert max_turns({}) == 32
    assert max_turns({"PLATFORM_MAX_TURNS": "4"}) == 4
    with pytest.raises(ValueError, match="PLATFORM_MAX_TURNS"):
        max_turns({"PLATFORM_MAX_TURNS": "0"})
    with pytest.raises(ValueError, match="PLATFORM_MAX_TURNS"):
        max_turns({"PLATFORM_MAX_TURNS": "lots"})
    lines, _, usable = status_lines({"PLATFORM_MAX_TURNS": "lots"}, set(), "http://x")
    assert not usable and any("PLATFORM_MAX_TURNS" in line for line in lines)


async def test_a_claimed_delivery_that_never_becomes_a_turn_gives_its_slot_back():
    # E.g. a message the input guard refuses: claimed (so not answered twice), no turn.
    rasa = ScriptedRasa([{"text": "noted"}])

    def refusing(fake_url: str) -> TelegramInput:
        channel = telegram.telegram(fake_url)
        channel.turn_slots = TurnSlots(1)
        channel.take_text_turn = lambda *args, **kwargs: None
        return channel

    async with serving(refusing, rasa) as bot:
        statuses = [
            (await post(bot.webhook, telegram.update(n), telegram.signed()))[0] for n in range(5)
        ]
        assert bot.channel.turn_slots.in_use == 0
    assert statuses == [200] * 5 and rasa.messages == []
