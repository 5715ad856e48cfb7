"""The web chat's socket.io channel: a conversation the server owns, and bounded input.

Rasa 3.6.21's `socketio` channel takes the conversation id from the client: a second
browser that sent `session_request {"session_id": "twilio:+15551234567"}` continued that
person's conversation, and `user_uttered` was accepted for any session id. It also does not
await `enter_room` with python-socketio 5 (RasaHQ/rasa#13027), breaks on custom payloads,
accepts any origin and any frame size. This channel replaces it:

- Sessions are issued by the server. `session_request` without a valid signed id gets a new
  conversation `web:<32 hex digits>`; `session_confirm` sends `<id>.<signature>` (an HMAC of
  the id with SESSION_SIGNING_KEY). A page that reloads within its tab sends the signed id
  back (sessionStorage keeps it) and continues; any other id (a platform user's, a REST
  user's, someone else's unsigned web id) starts a new conversation instead. The socket's
  session is kept with `sio.save_session`.
- One room per socket: a socket is in its own conversation's room only (it leaves the old
  one when it asks for another), and `user_uttered` is taken only for that conversation; a
  message naming another session is dropped. Replies go to that room.
- Every message passes the input guard (channels.guard): text type and length (stored cut
  to 4,000 characters), metadata size, typed `/intent{...}` commands.
- Engine.IO refuses frames larger than MAX_HTTP_BUFFER_BYTES (16 kB) by closing the
  connection, and a socket that sends more than RATE_LIMIT_EVENTS events in
  RATE_WINDOW_SECONDS is disconnected.
- A connection whose Origin header is not in `allowed_origins` is refused (one without an
  Origin header, which is not a browser, is let through, as Engine.IO does).
- A custom message is emitted as the event's payload ({"type": "assessment", ...}).

The signing key is SESSION_SIGNING_KEY, else var/session-signing.key, generated on first use
and readable by its owner only (the pattern of symptom_checker.records' sender-hash key).
Several Rasa servers behind one address need the same key (set the variable).

Credentials (credentials.yml):

    channels.socketio.WebChatSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      allowed_origins:
        - http://127.0.0.1:${WEB_PORT}
        - http://localhost:${WEB_PORT}

CORS headers for the polling transport come from `rasa run --cors` with the same origins.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
from pathlib import Path
from typing import Any

import rasa.core.channels.channel
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.common import OnNewMessage
from channels.guard import WEB_PREFIX, check_message
from symptom_checker.local_keys import local_key

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KEY_FILE = PROJECT_ROOT / "var" / "session-signing.key"
# A message is at most 4,000 characters (channels.guard); 16 kB holds that in any script.
MAX_HTTP_BUFFER_BYTES = 16 * 1024
# The WebSocket frame that carries it (Sanic's own limit; the rest of the app has no sockets).
MAX_FRAME_BYTES = 2 * MAX_HTTP_BUFFER_BYTES
# Events (messages and session requests) one socket may send in the window; a person
# typing, or clicking buttons, sends a few a minute.
RATE_LIMIT_EVENTS = 20
RATE_WINDOW_SECONDS = 10.0

# The WSGI-style environ key of the Origin header.
ORIGIN_HEADER = "HTTP_ORIGIN"
_SESSION_ID = re.compile(rf"^{WEB_PREFIX}:[0-9a-f]{{32}}$")


class SessionKeyError(Exception):
    """The session-signing key cannot be read or created; the message says what to check."""


def session_signing_key(key_file: Path = DEFAULT_KEY_FILE) -> bytes:
    """`SESSION_SIGNING_KEY`, else the key in `key_file`, generated there on first use."""
    key = local_key("SESSION_SIGNING_KEY", key_file, "the session-signing key", SessionKeyError)
    return key.encode("utf-8")


class SessionSigner:
    """Issues web conversation ids and signs them, so that only issued ids are accepted."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("The session-signing key must not be empty.")
        self._key = key

    def new_session(self) -> str:
        return f"{WEB_PREFIX}:{secrets.token_hex(16)}"

    def _signature(self, session_id: str) -> str:
        digest = hmac.new(self._key, session_id.encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def sign(self, session_id: str) -> str:
        """The id as the page keeps it: `<id>.<signature>`."""
        return f"{session_id}.{self._signature(session_id)}"

    def verify(self, signed: Any) -> str | None:
        """The conversation id of a signed id this server issued, else None."""
        if not isinstance(signed, str) or len(signed) > 128:
            return None
        session_id, _, signature = signed.rpartition(".")
        if not _SESSION_ID.match(session_id):
            return None
        if not hmac.compare_digest(signature, self._signature(session_id)):
            return None
        return session_id


class BoundedSocketBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, and Sanic told to close WebSockets sending larger frames
    (its default reads up to 1 MB before Engine.IO's own check sees the frame)."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        app.config.WEBSOCKET_MAX_SIZE = min(app.config.WEBSOCKET_MAX_SIZE, MAX_FRAME_BYTES)
        super().register(app, options)


class WebChatSocketIOOutput(SocketIOOutput):
    """Sends a custom message as the event's payload, e.g. {"type": "assessment", ...}."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, json_message)


class WebChatSocketIOInput(SocketIOInput):
    """The web chat's channel: server-issued sessions, one room per socket, bounded input."""

    allowed_origins: list[str]
    signer: SessionSigner | None = None

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = dict(credentials or {})
        allowed_origins = credentials.pop("allowed_origins", None) or []
        if isinstance(allowed_origins, str):
            allowed_origins = [allowed_origins]
        # Sessions are always the server's (see the module docstring).
        credentials.pop("session_persistence", None)
        channel = super().from_credentials(credentials)
        channel.allowed_origins = [str(origin).rstrip("/") for origin in allowed_origins]
        return channel

    def get_output_channel(self) -> WebChatSocketIOOutput | None:
        """The output channel for messages outside a conversation turn (e.g. reminders)."""
        if self.sio is None:
            return super().get_output_channel()
        return WebChatSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        sio = AsyncServer(
            async_mode="sanic",
            # The origin check is ours (connect below): Engine.IO's would add CORS headers
            # that `rasa run --cors` adds too.
            cors_allowed_origins=[],
            max_http_buffer_size=MAX_HTTP_BUFFER_BYTES,
        )
        self.sio = sio
        if self.signer is None:
            self.signer = SessionSigner(session_signing_key())
        signer = self.signer
        namespace = self.namespace or "/"
        allowed_origins = getattr(self, "allowed_origins", [])
        webhook = BoundedSocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            origin = environ.get(ORIGIN_HEADER)
            if allowed_origins and origin is not None and origin not in allowed_origins:
                logger.warning("Refused a socket.io connection from origin %s.", origin)
                return False
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                if not token or not rasa.core.channels.channel.decode_bearer_token(
                    token, self.jwt_key, self.jwt_algorithm
                ):
                    return False
            await sio.save_session(sid, {"session_id": None, "events": []}, namespace=namespace)
            return True

        async def within_rate(sid: str) -> bool:
            """Counts this event; a socket over the limit is disconnected."""
            session = await sio.get_session(sid, namespace=namespace)
            now = time.monotonic()
            events = [at for at in session.get("events", []) if now - at < RATE_WINDOW_SECONDS]
            events.append(now)
            session["events"] = events
            await sio.save_session(sid, session, namespace=namespace)
            if len(events) > RATE_LIMIT_EVENTS:
                logger.warning("Disconnected a socket.io client sending too fast (%s).", sid)
                await sio.disconnect(sid, namespace=namespace)
                return False
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            if not await within_rate(sid):
                return
            offered = data.get("session_id") if isinstance(data, dict) else None
            session_id = signer.verify(offered)
            if session_id is None:
                if offered:
                    logger.info("A socket.io client offered a session id not issued here.")
                session_id = signer.new_session()
            session = await sio.get_session(sid, namespace=namespace)
            previous = session.get("session_id")
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            await sio.enter_room(sid, session_id, namespace=namespace)
            session["session_id"] = session_id
            await sio.save_session(sid, session, namespace=namespace)
            await sio.emit(
                "session_confirm", signer.sign(session_id), room=sid, namespace=namespace
            )

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not await within_rate(sid):
                return
            session = await sio.get_session(sid, namespace=namespace)
            session_id = session.get("session_id")
            if session_id is None or not isinstance(data, dict):
                logger.info("Ignored a socket.io message before a session_request.")
                return
            claimed = data.get("session_id")
            if claimed is not None and signer.verify(claimed) != session_id:
                logger.warning("Ignored a socket.io message for a session it has not joined.")
                return
            verdict = check_message(
                session_id,
                data.get("message"),
                data.get(self.metadata_key),
                sender_chosen_by_user=False,
            )
            output_channel = WebChatSocketIOOutput(sio, self.bot_message_evt)
            if verdict.error is not None:
                logger.info("Refused a socket.io message: %s.", verdict.error)
                return
            if verdict.reply is not None:
                await output_channel.send_text_message(session_id, verdict.reply)
                return
            message = UserMessage(
                verdict.text,
                output_channel,
                session_id,
                input_channel=self.name(),
                metadata=verdict.metadata,
            )
            await on_new_message(message)

        return webhook
