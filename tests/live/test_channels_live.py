"""The messaging channels against the real, running assistant and the fake platform APIs.

Run by `make test-channels` (or inside `make test-live`), which starts
tests/live/fake_platforms.py and the stack with the variables of tests/live/channels.env.
A plain `pytest` run does not collect this folder (tests/conftest.py), because it needs
the stack.

Each platform gets a real-shaped, correctly signed delivery, as the platform would send it;
the test then reads, from the fake API, what the bot sent back, presses the buttons in the
platform's own form, and goes on until the assessment. Forged deliveries must be refused
and leave no trace in the conversation store; a delivery sent twice must be answered once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import time
import urllib.parse
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

RASA_URL = f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
FAKE_URL = os.environ.get("FAKE_PLATFORMS_URL", "http://127.0.0.1:5090")
ENV = os.environ
TIMEOUT_SECONDS = 90
FIRST_SYMPTOMS = "I found a lump under my arm and my hips ache"

Message = dict[str, Any]  # {"text": str, "buttons": [(title, payload or None)], "raw": record}


def recorded(platform: str) -> list[dict[str, Any]]:
    answer = requests.get(f"{FAKE_URL}/recorded", params={"platform": platform}, timeout=10)
    answer.raise_for_status()
    return answer.json()["requests"]


def user_texts(sender_id: str) -> list[str]:
    """What the conversation store holds for this person: their messages, in order.

    The id goes into the path as it is: Sanic does not unquote path parameters, so
    "telegram%3A42" would name another (empty) conversation than "telegram:42".
    """
    answer = requests.get(
        f"{RASA_URL}/conversations/{urllib.parse.quote(sender_id, safe=':+')}/tracker",
        params={"token": ENV["RASA_AUTH_TOKEN"]},
        timeout=30,
    )
    answer.raise_for_status()
    return [event.get("text") for event in answer.json()["events"] if event["event"] == "user"]


class PlatformUser:
    """One person on one platform: sends deliveries, reads what the bot sent them."""

    platform: str
    sender_id: str

    def __init__(self) -> None:
        self.webhook = f"{RASA_URL}/webhooks/{self.platform}/webhook"

    def deliver(self, body: bytes, headers: dict[str, str]) -> requests.Response:
        return requests.post(self.webhook, data=body, headers=headers, timeout=30)

    def say(self, text: str) -> requests.Response:
        raise NotImplementedError

    def press(self, message: Message, title: str) -> requests.Response:
        raise NotImplementedError

    def received(self) -> list[Message]:
        raise NotImplementedError

    def wait_for(
        self, found: Callable[[Message], bool], after: int = 0, what: str = "a reply"
    ) -> Message:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            for message in self.received()[after:]:
                if found(message):
                    return message
            time.sleep(0.25)
        texts = "\n---\n".join(m["text"] for m in self.received())
        raise AssertionError(
            f"{self.platform}: no {what} within {TIMEOUT_SECONDS}s; got:\n{texts}"
        )

    def wait_for_question(self, words: str, after: int = 0) -> Message:
        return self.wait_for(
            lambda m: words.lower() in m["text"].lower() and bool(m["buttons"]),
            after,
            f"question with buttons containing {words!r}",
        )

    def settled(self, quiet_seconds: float = 2.0) -> list[Message]:
        """What was sent once nothing new has arrived for a while."""
        count = -1
        while True:
            messages = self.received()
            if len(messages) == count:
                return messages
            count = len(messages)
            time.sleep(quiet_seconds)


class TelegramUser(PlatformUser):
    platform = "telegram"

    def __init__(self) -> None:
        super().__init__()
        self.chat_id = random.randint(10**9, 2 * 10**9)
        self.sender_id = f"telegram:{self.chat_id}"
        self.next_update_id = random.randint(10**8, 9 * 10**8)
        self.last_update: bytes = b""

    def headers(self, secret: str | None = None) -> dict[str, str]:
        secret = ENV["TELEGRAM_SECRET_TOKEN"] if secret is None else secret
        return {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}

    def _update(self, **content: Any) -> bytes:
        self.next_update_id += 1
        self.last_update = json.dumps({"update_id": self.next_update_id, **content}).encode()
        return self.last_update

    def message_update(self, text: str) -> bytes:
        person = {"id": self.chat_id, "is_bot": False, "first_name": "Ann", "language_code": "en"}
        return self._update(
            message={
                "message_id": self.next_update_id % 100_000,
                "from": person,
                "chat": {"id": self.chat_id, "first_name": "Ann", "type": "private"},
                "date": int(time.time()),
                "text": text,
            }
        )

    def say(self, text: str) -> requests.Response:
        return self.deliver(self.message_update(text), self.headers())

    def press(self, message: Message, title: str) -> requests.Response:
        [payload] = [p for t, p in message["buttons"] if t == title]
        question = message["raw"]["params"]
        callback = {
            "id": uuid.uuid4().hex,
            "from": {"id": self.chat_id, "is_bot": False, "first_name": "Ann"},
            "chat_instance": "42",
            "data": payload,
            "message": {
                "message_id": message["raw"]["n"],
                "from": {"id": 123456, "is_bot": True, "first_name": "Bot"},
                "chat": {"id": self.chat_id, "type": "private"},
                "date": int(time.time()),
                "text": question["text"],
                "reply_markup": question["reply_markup"],
            },
        }
        return self.deliver(self._update(callback_query=callback), self.headers())

    def received(self) -> list[Message]:
        messages = []
        for record in recorded("telegram"):
            params = record["params"]
            if record["method"] != "sendMessage" or str(params["chat_id"]) != str(self.chat_id):
                continue
            rows = (params.get("reply_markup") or {}).get("inline_keyboard") or []
            buttons = [(b["text"], b["callback_data"]) for row in rows for b in row]
            messages.append({"text": params["text"], "buttons": buttons, "raw": record})
        return messages


def slack_signed(body: bytes, secret: str | None = None) -> dict[str, str]:
    secret = ENV["SLACK_SIGNING_SECRET"] if secret is None else secret
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }


class SlackUser(PlatformUser):
    platform = "slack"

    def __init__(self) -> None:
        super().__init__()
        self.user = "U" + uuid.uuid4().hex[:10].upper()
        self.channel = "D" + uuid.uuid4().hex[:10].upper()
        self.sender_id = f"slack:{self.user}"
        self.last_event: bytes = b""

    def event(self, text: str) -> bytes:
        body = {
            "token": "unused-legacy-token",
            "team_id": "T0TEST",
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:10].upper(),
            "event_time": int(time.time()),
            "authorizations": [{"user_id": "U0BOT", "is_bot": True}],
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": self.channel,
                "user": self.user,
                "text": text,
                "ts": f"{time.time():.6f}",
                "event_ts": f"{time.time():.6f}",
            },
        }
        self.last_event = json.dumps(body).encode()
        return self.last_event

    def say(self, text: str) -> requests.Response:
        body = self.event(text)
        return self.deliver(body, {**slack_signed(body), "Content-Type": "application/json"})

    def press(self, message: Message, title: str) -> requests.Response:
        [payload] = [p for t, p in message["buttons"] if t == title]
        interaction = {
            "type": "block_actions",
            "user": {"id": self.user, "username": "ann"},
            "channel": {"id": self.channel, "name": "directmessage"},
            "message": {"ts": f"{message['raw']['n']}.000001", "text": message["text"]},
            "actions": [
                {
                    "type": "button",
                    "action_id": "answer",
                    "text": {"type": "plain_text", "text": title},
                    "value": payload,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        body = urllib.parse.urlencode({"payload": json.dumps(interaction)}).encode()
        headers = {**slack_signed(body), "Content-Type": "application/x-www-form-urlencoded"}
        return self.deliver(body, headers)

    def received(self) -> list[Message]:
        messages = []
        for record in recorded("slack"):
            params = record["params"]
            if record["method"] != "chat.postMessage" or params.get("channel") != self.channel:
                continue
            buttons = [
                (element["text"]["text"], element["value"])
                for block in params.get("blocks") or []
                if block["type"] == "actions"
                for element in block["elements"]
            ]
            messages.append({"text": params["text"], "buttons": buttons, "raw": record})
        return messages


def meta_signed(body: bytes, secret: str | None = None) -> dict[str, str]:
    secret = ENV["FACEBOOK_APP_SECRET"] if secret is None else secret
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


class MessengerUser(PlatformUser):
    platform = "facebook"

    def __init__(self) -> None:
        super().__init__()
        self.psid = str(random.randint(10**15, 10**16 - 1))
        self.sender_id = f"facebook:{self.psid}"
        self.last_event: bytes = b""

    def event(self, text: str, **message: Any) -> bytes:
        messaging = {
            "sender": {"id": self.psid},
            "recipient": {"id": "PAGE0TEST"},
            "timestamp": int(time.time() * 1000),
            "message": {"mid": "m_" + uuid.uuid4().hex, "text": text, **message},
        }
        entry = {"id": "PAGE0TEST", "time": int(time.time() * 1000), "messaging": [messaging]}
        self.last_event = json.dumps({"object": "page", "entry": [entry]}).encode()
        return self.last_event

    def say(self, text: str) -> requests.Response:
        body = self.event(text)
        return self.deliver(body, meta_signed(body))

    def press(self, message: Message, title: str) -> requests.Response:
        [payload] = [p for t, p in message["buttons"] if t == title]
        body = self.event(title, quick_reply={"payload": payload})
        return self.deliver(body, meta_signed(body))

    def received(self) -> list[Message]:
        messages = []
        for record in recorded("facebook"):
            params = record["params"]
            if params["recipient"]["id"] != self.psid or "text" not in params["message"]:
                continue
            quick = params["message"].get("quick_replies") or []
            buttons = [(q["title"], q["payload"]) for q in quick]
            messages.append({"text": params["message"]["text"], "buttons": buttons, "raw": record})
        return messages


def twilio_signed(fields: dict[str, str], token: str | None = None) -> dict[str, str]:
    """Twilio's documented recipe: the URL, then each field's name and value, sorted."""
    token = ENV["TWILIO_AUTH_TOKEN"] if token is None else token
    data = ENV["TWILIO_WEBHOOK_URL"] + "".join(k + fields[k] for k in sorted(fields))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return {
        "X-Twilio-Signature": base64.b64encode(digest).decode(),
        "Content-Type": "application/x-www-form-urlencoded",
    }


class TwilioUser(PlatformUser):
    platform = "twilio"

    def __init__(self, whatsapp: bool = False) -> None:
        super().__init__()
        phone = f"+1555{random.randint(10**6, 10**7 - 1)}"
        self.phone = f"whatsapp:{phone}" if whatsapp else phone
        self.sender_id = f"twilio:{self.phone}"
        self.last_fields: dict[str, str] = {}

    def fields(self, text: str) -> dict[str, str]:
        sid = "SM" + uuid.uuid4().hex
        number = ENV["TWILIO_NUMBER"]
        self.last_fields = {
            "ToCountry": "US",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": text,
            "To": f"whatsapp:{number}" if self.phone.startswith("whatsapp:") else number,
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": ENV["TWILIO_ACCOUNT_SID"],
            "From": self.phone,
            "ApiVersion": "2010-04-01",
        }
        return self.last_fields

    def say(self, text: str) -> requests.Response:
        fields = self.fields(text)
        return self.deliver(urllib.parse.urlencode(fields).encode(), twilio_signed(fields))

    def press(self, message: Message, title: str) -> requests.Response:
        [number] = [n for n, (t, _) in enumerate(message["buttons"], start=1) if t == title]
        return self.say(str(number))

    def received(self) -> list[Message]:
        messages = []
        for record in recorded("twilio"):
            params = record["params"]
            if params["To"] != self.phone:
                continue
            text, _, options = params["Body"].partition("Reply with a number:")
            buttons = [
                (line.split(". ", 1)[1], None) for line in options.strip().splitlines() if line
            ]
            messages.append({"text": params["Body"], "buttons": buttons, "raw": record})
        return messages


PLATFORMS = [TelegramUser, SlackUser, MessengerUser, TwilioUser]


@pytest.fixture(scope="module", autouse=True)
def stack_is_up() -> None:
    """Fail at once, with the reason, when the stack or the fake is not running."""
    for url in (f"{RASA_URL}/webhooks/rest/", f"{FAKE_URL}/health"):
        try:
            requests.get(url, timeout=5).raise_for_status()
        except requests.RequestException as error:
            pytest.fail(f"{url} does not answer ({error}); run `make test-channels`.")
    for platform in ("telegram", "slack", "facebook", "twilio"):
        answer = requests.get(f"{RASA_URL}/webhooks/{platform}/", timeout=5)
        assert answer.status_code == 200, f"the {platform} channel is not on"


@pytest.mark.parametrize("make_user", PLATFORMS, ids=lambda u: u.platform)
def test_a_conversation_ends_with_a_complete_assessment(make_user: type[PlatformUser]):
    person = make_user()
    assert person.say(FIRST_SYMPTOMS).status_code == 200
    anything_else = person.wait_for_question("anything else")
    assert [title for title, _ in anything_else["buttons"]] == [
        "That's everything",
        "Something else",
    ]

    seen = len(person.received())
    assert person.press(anything_else, "That's everything").status_code == 200
    since_when = person.wait_for_question("when did you first notice", after=seen)
    assert [title for title, _ in since_when["buttons"]] == [
        "A few days",
        "A few weeks",
        "Months or longer",
        "Not sure",
    ]

    seen = len(person.received())
    assert person.press(since_when, "A few weeks").status_code == 200
    history = person.wait_for_question("diagnosed with breast cancer", after=seen)

    seen = len(person.received())
    assert person.press(history, "No").status_code == 200
    person.wait_for(lambda m: "see a doctor" in m["text"], seen, "assessment")
    assessment = [m["text"] for m in person.settled()[seen:]]
    everything = "\n".join(assessment)
    assert "Urgency: soon" in everything
    assert "lymph nodes" in everything and "bones" in everything
    assert "see a doctor" in assessment[-1]
    assert not any('"type"' in text for text in assessment), "the JSON summary leaked"
    assert user_texts(person.sender_id)[0] == FIRST_SYMPTOMS


def test_an_emergency_on_whatsapp_is_escalated_at_once():
    person = TwilioUser(whatsapp=True)
    assert person.say("I had a seizure an hour ago").status_code == 200
    person.wait_for(lambda m: "see a doctor" in m["text"], 0, "emergency assessment")
    texts = [m["text"] for m in person.settled()]
    assert texts[0].startswith("Please call your local emergency number")
    assert "911, 999 or 112" in texts[0]
    assert "see a doctor" in texts[-1]
    assert all(r["raw"]["params"]["From"].startswith("whatsapp:") for r in person.received())


def forged(person: PlatformUser) -> list[requests.Response]:
    """An unsigned and a wrongly signed copy of a red-flag message for this person."""
    text = "I had a seizure"
    if isinstance(person, TelegramUser):
        body = person.message_update(text)
        return [
            person.deliver(body, {"Content-Type": "application/json"}),
            person.deliver(body, person.headers(secret="guessed-secret")),
        ]
    if isinstance(person, SlackUser):
        body = person.event(text)
        return [
            person.deliver(body, {"Content-Type": "application/json"}),
            person.deliver(
                body, {**slack_signed(body, secret="guessed"), "Content-Type": "application/json"}
            ),
        ]
    if isinstance(person, MessengerUser):
        body = person.event(text)
        return [
            person.deliver(body, {"Content-Type": "application/json"}),
            person.deliver(body, meta_signed(body, secret="guessed")),
        ]
    assert isinstance(person, TwilioUser)
    fields = person.fields(text)
    body = urllib.parse.urlencode(fields).encode()
    unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
    return [
        person.deliver(body, unsigned),
        person.deliver(body, twilio_signed(fields, token="guessed")),
    ]


@pytest.mark.parametrize("make_user", PLATFORMS, ids=lambda u: u.platform)
def test_forged_deliveries_are_refused_and_leave_no_trace(make_user: type[PlatformUser]):
    person = make_user()
    unsigned, wrong = forged(person)
    assert unsigned.status_code == 401
    assert wrong.status_code == 403
    assert person.settled(quiet_seconds=1.5) == []
    assert user_texts(person.sender_id) == []


def redeliver(person: PlatformUser) -> requests.Response:
    """The platform's retry: the same delivery, with the same id, once more."""
    if isinstance(person, TelegramUser):
        return person.deliver(person.last_update, person.headers())
    if isinstance(person, SlackUser):
        headers = {**slack_signed(person.last_event), "Content-Type": "application/json"}
        return person.deliver(person.last_event, {**headers, "X-Slack-Retry-Num": "1"})
    if isinstance(person, MessengerUser):
        return person.deliver(person.last_event, meta_signed(person.last_event))
    assert isinstance(person, TwilioUser)
    fields = person.last_fields
    return person.deliver(urllib.parse.urlencode(fields).encode(), twilio_signed(fields))


@pytest.mark.parametrize("make_user", PLATFORMS, ids=lambda u: u.platform)
def test_a_delivery_sent_twice_is_answered_once(make_user: type[PlatformUser]):
    person = make_user()
    assert person.say("my back hurts").status_code == 200
    assert redeliver(person).status_code == 200
    person.wait_for_question("anything else")
    messages = person.settled()
    assert sum("not a doctor" in m["text"] for m in messages) == 1
    assert sum("anything else" in m["text"].lower() for m in messages) == 1
    assert user_texts(person.sender_id) == ["my back hurts"]


def rest(body: bytes) -> requests.Response:
    return requests.post(
        f"{RASA_URL}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )


# Each bad request names its own person, so "nothing was stored" is checked for that person,
# not for another one's empty conversation.
@pytest.mark.parametrize(
    "sender, body, status",
    [
        ("live-rest-json", b'{"sender": "live-rest-json", "message": "my hips', 400),
        (
            "live-rest-binary",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"
            + b'{"sender": "live-rest-binary", "message": "my hips ache"}',
            400,
        ),
        (
            "live\x00rest",
            json.dumps({"sender": "live\x00rest", "message": "my hips ache"}).encode(),
            400,
        ),
        (
            "live-rest-big",
            json.dumps({"sender": "live-rest-big", "message": "ache " * 20_000}).encode(),
            413,
        ),
    ],
    ids=["malformed JSON", "binary", "NUL in sender", "100 kB"],
)
def test_bad_rest_requests_get_a_clear_error_and_store_nothing(
    sender: str, body: bytes, status: int
):
    answer = rest(body)
    assert answer.status_code == status
    assert answer.json()["error"]
    # The sender the request names has no conversation (a NUL cannot even be looked up: its
    # conversation id without the NUL must stay empty as well).
    assert user_texts(sender.replace("\x00", "")) == []


def test_an_empty_rest_message_gets_a_polite_answer_and_is_not_stored():
    sender = f"live-rest-{uuid.uuid4().hex[:8]}"
    answer = rest(json.dumps({"sender": sender, "message": "   "}).encode())
    assert answer.status_code == 200
    [reply] = answer.json()
    assert reply["recipient_id"] == sender and "Tell me in words" in reply["text"]
    assert user_texts(sender) == []
