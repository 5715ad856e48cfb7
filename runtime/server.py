"""The Rasa server, closed where Rasa 3.6 leaves it open. `install()` (runtime/__main__.py)
puts each change in place before Rasa builds its server:

- The HTTP API token comes from RASA_AUTH_TOKEN, never from the command line (where every
  local user can read it in the process list), must have at least 32 characters, and is
  compared in constant time (Rasa compares it with `==`).
- The endpoints that replace, unload or retrain the model (`PUT /model`, `DELETE /model`,
  `POST /model/train`, `POST /model/test/...`) answer 403 unless the operator sets
  RASA_ALLOW_MODEL_REPLACE=1: loading a model archive runs code from it.
- Sanic reads at most RASA_REQUEST_MAX_BYTES of a request (96 kB; Sanic's own default is
  100 MB), refusing a bigger Content-Length with 413 before reading the body, and gives a
  client RASA_REQUEST_TIMEOUT seconds (15) to send its request.
- The tracker store fails loudly (runtime.stores.LoudTrackerStore instead of Rasa's
  FailSafeTrackerStore): the person is told the conversation cannot go on safely, and
  `GET /health/storage` says whether the conversation database works (200) or not (503).
"""

from __future__ import annotations

import hmac
import inspect
import logging
import os
import secrets
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

API_TOKEN_VARIABLE = "RASA_AUTH_TOKEN"
API_TOKEN_MIN_CHARS = 32
MODEL_REPLACE_VARIABLE = "RASA_ALLOW_MODEL_REPLACE"
# (method, path) of the endpoints that change which model answers, or build one.
MODEL_ROUTES = frozenset(
    {
        ("PUT", "/model"),
        ("DELETE", "/model"),
        ("POST", "/model/train"),
        ("POST", "/model/test/stories"),
        ("POST", "/model/test/intents"),
    }
)
# About the REST guard's 64 kB of text, with room for the JSON around it.
DEFAULT_REQUEST_MAX_BYTES = 96 * 1024
DEFAULT_REQUEST_TIMEOUT_SECONDS = 15
STORAGE_HEALTH_PATH = "/health/storage"


class ServerSettingsError(ValueError):
    """A setting of the Rasa server that cannot be used; the message says what to do."""


def api_token(environ: Mapping[str, str] | None = None) -> str:
    """RASA_AUTH_TOKEN, checked: set, and at least API_TOKEN_MIN_CHARS long."""
    environ = os.environ if environ is None else environ
    token = environ.get(API_TOKEN_VARIABLE, "").strip()
    if not token:
        raise ServerSettingsError(
            f"Rasa's HTTP API is on (--enable-api) but {API_TOKEN_VARIABLE} is not set. Set "
            "it to a random secret of 32 or more characters (openssl rand -hex 32)."
        )
    if len(token) < API_TOKEN_MIN_CHARS:
        raise ServerSettingsError(
            f"{API_TOKEN_VARIABLE} has {len(token)} characters; it must have at least "
            f"{API_TOKEN_MIN_CHARS}, because it gives full access to every conversation. "
            "Make one with: openssl rand -hex 32"
        )
    return token


def check_command_line(argv: list[str], environ: Mapping[str, str] | None = None) -> None:
    """Refuse a token on the command line, and an API without a good token, before Rasa
    spends a minute loading its model."""
    if any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv):
        raise ServerSettingsError(
            "Do not pass --auth-token: every user of this machine can read a command line. "
            f"Put the token in the environment variable {API_TOKEN_VARIABLE} instead."
        )
    if "--enable-api" in argv:
        api_token(environ)


def _positive(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ServerSettingsError(f"{name} must be a whole number of 1 or more, got {value!r}.")
    return int(value)


def request_limits(environ: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(largest request body in bytes, seconds a client has to send its request)."""
    environ = os.environ if environ is None else environ
    return (
        _positive(environ, "RASA_REQUEST_MAX_BYTES", DEFAULT_REQUEST_MAX_BYTES),
        _positive(environ, "RASA_REQUEST_TIMEOUT", DEFAULT_REQUEST_TIMEOUT_SECONDS),
    )


def model_replace_allowed(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get(MODEL_REPLACE_VARIABLE, "").strip() == "1"


def constant_time_requires_auth(app: Sanic, token: str | None = None) -> Callable:
    """rasa.server.requires_auth with the token compared in constant time. JWT, when Rasa is
    configured for it, is still checked by Rasa's own decorator."""
    import rasa.server

    rasa_requires_auth = getattr(rasa.server, "_rasa_requires_auth", rasa.server.requires_auth)
    expected = token.encode() if token else None

    def decorator(handler: Callable) -> Callable:
        if expected is None:  # Rasa's own behaviour (runtime never starts the API so)
            return rasa_requires_auth(app, None)(handler)
        # Rasa's decorator with a token nobody has: JWT when configured, else 401.
        without_token = rasa_requires_auth(app, secrets.token_hex(32))(handler)

        @wraps(handler)
        async def decorated(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            provided = request.args.get("token")
            if provided is not None and hmac.compare_digest(provided.encode(), expected):
                result = handler(request, *args, **kwargs)
                return await result if inspect.isawaitable(result) else result
            return await without_token(request, *args, **kwargs)

        return decorated

    return decorator


def harden(app: Sanic, environ: Mapping[str, str] | None = None) -> Sanic:
    """Request limits, the model endpoints closed, and the storage health endpoint."""
    environ = os.environ if environ is None else environ
    max_bytes, timeout = request_limits(environ)
    app.config.REQUEST_MAX_SIZE = max_bytes
    app.config.REQUEST_TIMEOUT = timeout

    async def too_large(request: Request, _: Exception) -> HTTPResponse:
        # The REST channel's own refusals have this shape; clients read one format.
        return response.json(
            {"error": f"request body too large (at most {max_bytes} bytes)"}, status=413
        )

    app.error_handler.add(PayloadTooLarge, too_large)
    allow_model_replace = model_replace_allowed(environ)

    async def model_routes_closed(request: Request) -> HTTPResponse | None:
        # The route Sanic matched (so "/model/" or an encoded path cannot slip past).
        route = getattr(request, "route", None)
        path = "/" + route.path.strip("/") if route is not None else request.path.rstrip("/")
        if not allow_model_replace and (request.method, path) in MODEL_ROUTES:
            return response.json(
                {
                    "error": f"{request.method} {path} is off: it replaces what the assistant "
                    f"runs. An operator can allow it with {MODEL_REPLACE_VARIABLE}=1."
                },
                status=403,
            )
        return None

    app.register_middleware(model_routes_closed, "request")

    from runtime.stores import LoudTrackerStore

    async def storage_health(request: Request) -> HTTPResponse:
        agent = getattr(request.app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        if not isinstance(store, LoudTrackerStore):
            return response.json({"status": "starting"}, status=503)
        health = await store.check()
        return response.json(health.report(), status=200 if health.ok else 503)

    app.add_route(storage_health, STORAGE_HEALTH_PATH, methods=["GET"])
    return app


def install() -> None:
    """Put every change above in place (idempotent). Call it before Rasa builds its app."""
    import rasa.core.run
    import rasa.server
    from rasa.core.agent import Agent

    from runtime.stores import ConversationNotStored, LoudTrackerStore, storage_failed_reply

    if getattr(rasa.core.run, "_rasa_configure_app", None) is not None:
        return
    rasa.server._rasa_requires_auth = rasa.server.requires_auth
    rasa.server.requires_auth = constant_time_requires_auth

    rasa_configure_app = rasa.core.run.configure_app
    signature = inspect.signature(rasa_configure_app)

    @wraps(rasa_configure_app)
    def configure_app(*args: Any, **kwargs: Any) -> Sanic:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        if bound.arguments["enable_api"]:
            bound.arguments["auth_token"] = api_token()
        return harden(rasa_configure_app(*bound.args, **bound.kwargs))

    rasa.core.run._rasa_configure_app = rasa_configure_app
    rasa.core.run.configure_app = configure_app

    def create_tracker_store(store: Any, domain: Any) -> LoudTrackerStore:
        from rasa.core.tracker_store import InMemoryTrackerStore

        if store is not None:
            store.domain = domain
            return LoudTrackerStore(store)
        return LoudTrackerStore(InMemoryTrackerStore(domain))

    Agent._create_tracker_store = staticmethod(create_tracker_store)

    rasa_handle_message = Agent.handle_message

    @wraps(rasa_handle_message)
    async def handle_message(self: Agent, message: Any) -> Any:
        try:
            return await rasa_handle_message(self, message)
        except ConversationNotStored:
            # Logged by the store; the person must not think they are being looked after.
            await message.output_channel.send_text_message(
                message.sender_id, storage_failed_reply()
            )
            return None

    Agent.handle_message = handle_message
