"""What the platform channels share: conversation ids, text limits, polite replies, and the
base input channel (on or off by environment, signed webhooks, turns taken in the background).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import re
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, ClassVar

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.settings import SETTINGS_READERS, max_turns
from channels.store import MemoryStore, RedisStore, store_from_env
from symptom_checker.services import load_services
from symptom_checker.vocabulary import ASSESSMENT_TYPE, DOCTOR_SUMMARY_TYPE

logger = logging.getLogger(__name__)

PLATFORMS = ("telegram", "slack", "facebook", "twilio")
# A webhook body larger than this is refused before any parsing (real events are a few kB;
# the Rasa server reads none over RASA_REQUEST_MAX_BYTES, 96 kB, at all).
MAX_WEBHOOK_BYTES = 64 * 1024
# A user's text longer than this is cut (the NLU guard cuts again at 2,000 characters).
MAX_USER_TEXT_CHARS = 4000

NOT_TEXT_REPLY = (
    "I can only read typed messages. Please tell me in words what you have noticed, for "
    'example "a lump under my arm" or "my hips ache".'
)
EMPTY_MESSAGE_REPLY = (
    "Your message was empty. Tell me in words what you have noticed, for example "
    '"a lump under my arm" or "my hips ache".'
)
# Who to call comes from data/services (issue 13).
SORRY_REPLY = (
    "Sorry, something went wrong on my side and I could not answer that. Please send it "
    "again in a moment. If you think someone's life is in danger, "
    f"{load_services().call_emergency} now."
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def conversation_id(platform: str, platform_user: str) -> str:
    """The Rasa sender id: the platform's name, a colon, and its id of the person or chat.

    The prefix keeps platforms apart (a Telegram chat id and a Messenger id could be equal),
    and the REST channel refuses sender ids that start with one, so that nobody can write
    into a platform user's conversation over REST.
    """
    return f"{platform}:{platform_user}"


def platform_user(sender_id: str, platform: str) -> str:
    """The platform's own id back from a Rasa sender id."""
    return sender_id.removeprefix(f"{platform}:")


def clean_text(text: Any) -> str | None:
    """A user's text without control characters, trimmed and bounded; None if no text."""
    if not isinstance(text, str):
        return None
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text[:MAX_USER_TEXT_CHARS] if text else None


def split_text(text: str, limit: int) -> list[str]:
    """Paragraphs (split on blank lines, as Rasa's channels do), each within `limit` chars.

    A paragraph longer than the platform allows is cut at line breaks, else at spaces.
    """
    parts: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        paragraph = paragraph.strip()
        while len(paragraph) > limit:
            cut = paragraph.rfind("\n", 0, limit + 1)
            if cut <= 0:
                cut = paragraph.rfind(" ", 0, limit + 1)
            if cut <= 0:
                cut = limit
            parts.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip()
        if paragraph:
            parts.append(paragraph)
    return parts


# Machine-readable messages of ours: the assessment (symptom_checker.wording), sent before its
# texts, and the summary for the doctor (actions/summary.py), which Telegram sends as a PDF.
MACHINE_MESSAGE_TYPES = frozenset({ASSESSMENT_TYPE, DOCTOR_SUMMARY_TYPE})


def is_assessment_summary(json_message: Any) -> bool:
    """One of our machine-readable messages: chat platforms show the texts around it."""
    return isinstance(json_message, dict) and json_message.get("type") in MACHINE_MESSAGE_TYPES


def is_doctor_summary(json_message: Any) -> bool:
    return isinstance(json_message, dict) and json_message.get("type") == DOCTOR_SUMMARY_TYPE


def reply_only(text: str) -> OnNewMessage:
    """A turn that answers without involving Rasa, so nothing is added to the tracker."""

    async def reply(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, text)

    return reply


def refuse(status: int, reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def busy() -> HTTPResponse:
    """503: every platform delivers the update again later (none of it was claimed)."""
    return response.json(
        {"error": "busy, please deliver again later"}, status=503, headers={"Retry-After": "5"}
    )


class Delivery(enum.Enum):
    """What `PlatformInput.claim` found for a signed delivery."""

    NEW = "new"  # handle it: a turn slot is held for it
    REPEAT = "repeat"  # the platform's retry of one already taken
    BUSY = "busy"  # no turn slot free: answer 503, claim nothing


class TurnSlots:
    """How many background turns may run at once: one semaphore shared by every platform
    channel of the process, so that a flood of webhooks cannot start unbounded work."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the number of turns must be at least 1")
        self.limit = limit
        self.in_use = 0
        self._semaphore = asyncio.Semaphore(limit)

    async def try_take(self) -> bool:
        """Take a slot if one is free, without waiting."""
        if self._semaphore.locked():
            return False
        await self._semaphore.acquire()  # free, so this returns at once
        self.in_use += 1
        return True

    def release(self) -> None:
        if self.in_use > 0:
            self.in_use -= 1
            self._semaphore.release()


_process_slots: TurnSlots | None = None
# The turn slots `claim` reserved while handling the current request and no turn has taken
# yet; whatever is left when the response goes out is released (a message the input guard
# refuses, for example, never becomes a turn).
_reserved_slots: ContextVar[list[TurnSlots] | None] = ContextVar("reserved_slots", default=None)


def process_turn_slots() -> TurnSlots:
    """The one TurnSlots of this process, sized by PLATFORM_MAX_TURNS on first use."""
    global _process_slots
    if _process_slots is None:
        _process_slots = TurnSlots(max_turns())
    return _process_slots


# The platform client libraries log whole request bodies (the person's chat id and the bot's
# words) at DEBUG. However verbose the server's own log, theirs stops at INFO (hazard H-18).
CHATTY_CLIENT_LOGGERS = ("aiogram", "slack_sdk", "twilio", "aiohttp.client")


def quiet_client_loggers() -> None:
    for name in CHATTY_CLIENT_LOGGERS:
        client_logger = logging.getLogger(name)
        if client_logger.getEffectiveLevel() < logging.INFO:
            client_logger.setLevel(logging.INFO)


def log_delivery_failure(platform: str, what: str, error: BaseException) -> None:
    """A send that failed: which platform and what kind of error, never to whom or what."""
    logger.error("%s did not take %s (%s).", platform, what, type(error).__name__)


class PlatformInput(InputChannel):
    """An input channel that is on only when its environment variables are set.

    Off, its blueprint has no routes, so its webhook URL answers 404. On, every request is
    checked (size, then the platform's signature) before anything is parsed; only then is
    its delivery id claimed (`claim`), so that nobody can make a real update be dropped as a
    repeat by posting its id first. The conversation turn runs in the background so that
    the platform gets its 200 at once (Slack retries after three seconds, Twilio gives up
    after fifteen); at most `TurnSlots.limit` turns run at once, and beyond that a delivery
    is answered 503, unclaimed, so that the platform sends it again later.
    """

    platform: ClassVar[str]

    def __init__(
        self,
        settings: Any,
        store: MemoryStore | RedisStore | None = None,
        turn_slots: TurnSlots | None = None,
    ) -> None:
        quiet_client_loggers()
        self.settings = settings
        self.store = store if store is not None else (store_from_env() if settings else None)
        self.turn_slots = turn_slots if turn_slots is not None else process_turn_slots()
        self._turns: set[asyncio.Task] = set()

    @classmethod
    def name(cls) -> str:
        return cls.platform

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if credentials:
            logger.warning(
                "The %s channel reads its settings from the environment; the keys under it "
                "in credentials.yml (%s) are ignored.",
                cls.platform,
                ", ".join(sorted(credentials)),
            )
        return cls(SETTINGS_READERS[cls.platform]())

    @property
    def enabled(self) -> bool:
        return self.settings is not None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not self.enabled:
            return Blueprint(f"{self.platform}_off")
        webhook = Blueprint(f"{self.platform}_webhook", type(self).__module__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.middleware("request")
        async def bounded_body(request: Request) -> HTTPResponse | None:
            _reserved_slots.set([])  # Sanic serves a connection's requests in one task
            if len(request.body or b"") > MAX_WEBHOOK_BYTES:
                return refuse(413, "request body too large")
            return None

        @webhook.middleware("response")
        async def release_unused_slots(*_: Any) -> None:
            reserved = _reserved_slots.get()
            while reserved:
                reserved.pop().release()

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.close()

        self.add_routes(webhook, on_new_message)
        return webhook

    def add_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        raise NotImplementedError

    async def first_delivery(self, delivery_id: str) -> bool:
        """True the first time a delivery id is seen; a platform's retry gets False."""
        assert self.store is not None
        first = await self.store.first_delivery(f"{self.platform}:{delivery_id}")
        if not first:
            logger.info("Ignored a repeated %s delivery (%s).", self.platform, delivery_id)
        return first

    async def claim(self, delivery_id: str) -> Delivery:
        """Reserve a turn slot, then claim the delivery id. Call it only once the request's
        signature has been checked. NEW holds a slot, which the next `take_turn` releases
        when its turn ends; REPEAT and BUSY hold nothing, and BUSY claims nothing."""
        if not await self.turn_slots.try_take():
            logger.warning(
                "All %d turn slots are busy; asked %s to deliver %s again later.",
                self.turn_slots.limit,
                self.platform,
                delivery_id,
            )
            return Delivery.BUSY
        if not await self.first_delivery(delivery_id):
            self.turn_slots.release()
            return Delivery.REPEAT
        reserved = _reserved_slots.get()
        if reserved is None:  # not inside a webhook request (a test calling it directly)
            reserved = []
            _reserved_slots.set(reserved)
        reserved.append(self.turn_slots)
        return Delivery.NEW

    def take_turn(self, on_new_message: OnNewMessage, message: UserMessage) -> asyncio.Task:
        """Hand the message to Rasa in the background; if that fails, say sorry. The turn
        slot that `claim` reserved for it is released when it ends."""
        reserved = _reserved_slots.get() or []
        holds_slot = self.turn_slots in reserved
        if holds_slot:
            reserved.remove(self.turn_slots)

        async def turn() -> None:
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("A %s message could not be handled.", self.platform)
                try:
                    await message.output_channel.send_text_message(message.sender_id, SORRY_REPLY)
                except Exception:
                    logger.exception("Could not tell the %s user about it.", self.platform)
            finally:
                if holds_slot:
                    self.turn_slots.release()

        task = asyncio.get_running_loop().create_task(turn())
        # Keep a reference until it is done (asyncio holds tasks only weakly).
        self._turns.add(task)
        task.add_done_callback(self._turns.discard)
        return task

    def take_text_turn(
        self,
        on_new_message: OnNewMessage,
        output: OutputChannel,
        user: str,
        text: str | None,
        *,
        message_id: str | None = None,
        not_text: bool = False,
    ) -> None:
        """A platform user's text to Rasa in the background. A message with no usable text
        gets a short reply without Rasa, so nothing is stored: `not_text` says it held
        something else (a photo, a voice note), otherwise it was empty."""
        sender_id = conversation_id(self.platform, user)
        cleaned = clean_text(text)
        if cleaned is None:
            reply = NOT_TEXT_REPLY if not_text else EMPTY_MESSAGE_REPLY
            self.take_turn(reply_only(reply), UserMessage(None, output, sender_id))
            return
        # The input guard every channel shares (sender, length, typed /intent commands).
        from channels.guard import check_message

        verdict = check_message(sender_id, cleaned, sender_chosen_by_user=False)
        if verdict.error is not None:
            logger.warning("Refused a %s message: %s.", self.platform, verdict.error)
            return
        if verdict.reply is not None:
            self.take_turn(reply_only(verdict.reply), UserMessage(None, output, sender_id))
            return
        message = UserMessage(
            verdict.text, output, sender_id, input_channel=self.name(), message_id=message_id
        )
        self.take_turn(on_new_message, message)

    async def wait_for_turns(self) -> None:
        """Wait until every turn started so far has finished (tests use this)."""
        while self._turns:
            await asyncio.gather(*list(self._turns), return_exceptions=True)

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()
