"""The server half of the web chat: Rasa 3.6's socket.io channel, with three fixes.

Rasa 3.6.21's `socketio` channel, as pinned here (python-socketio 5.x), has three problems
for a web page:

1. With `session_persistence: true` it calls `sio.enter_room(...)` without `await`; since
   python-socketio 5.10 that is a coroutine, so the socket never joins the conversation's
   room and no reply reaches the page (RasaHQ/rasa#13027).
2. A custom message (`json_message`) is emitted as `sio.emit(event, **json_message)`, so
   `{"type": "assessment", ...}` raises TypeError and the rest of the turn is lost.
3. It switches off Engine.IO's origin check (`cors_allowed_origins=[]`), and browsers do not
   apply CORS to WebSockets, so any web site could talk to the assistant.

Credentials (credentials.yml), the same keys as `socketio` plus `allowed_origins`:

    web.socketio_channel.WebChatSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      allowed_origins:
        - http://127.0.0.1:${WEB_PORT}
        - http://localhost:${WEB_PORT}

A connection whose Origin header is not listed is refused (one without an Origin header,
which is not a browser, is let through, as Engine.IO does). CORS headers for the polling
transport still come from `rasa run --cors` with the same origins.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.shared.utils.io
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

logger = logging.getLogger(__name__)


class WebChatSocketIOOutput(SocketIOOutput):
    """Sends a custom message as the event's payload, e.g. {"type": "assessment", ...}."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, json_message)


class WebChatSocketIOInput(SocketIOInput):
    """Rasa's socket.io input channel with awaited rooms, custom JSON and an origin check."""

    allowed_origins: list[str]

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = dict(credentials or {})
        allowed_origins = credentials.pop("allowed_origins", None) or []
        if isinstance(allowed_origins, str):
            allowed_origins = [allowed_origins]
        channel = super().from_credentials(credentials)
        channel.allowed_origins = [str(origin).rstrip("/") for origin in allowed_origins]
        return channel

    def get_output_channel(self) -> WebChatSocketIOOutput | None:
        """The output channel for messages outside a conversation turn (e.g. reminders)."""
        if self.sio is None:
            return super().get_output_channel()
        return WebChatSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        namespace = self.namespace or "/"
        allowed_origins = getattr(self, "allowed_origins", [])
        rasa_connect = sio.handlers[namespace]["connect"]

        # Re-registering an event replaces Rasa's handler for it.
        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if allowed_origins and origin is not None and origin not in allowed_origins:
                logger.warning("Refused a socket.io connection from origin %s.", origin)
                return False
            return await rasa_connect(sid, environ, auth)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: dict) -> None:
            output_channel = WebChatSocketIOOutput(sio, self.bot_message_evt)
            if self.session_persistence:
                if not data.get("session_id"):
                    rasa.shared.utils.io.raise_warning(
                        "A message without a valid session_id was received and ignored. "
                        "Send a `session_request` socket.io event first."
                    )
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid

            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            message = UserMessage(
                data.get("message", ""),
                output_channel,
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            await on_new_message(message)

        return blueprint
