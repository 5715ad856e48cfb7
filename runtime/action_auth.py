"""A shared secret between the Rasa server and the action server.

rasa-sdk's action server runs any action for anyone who can reach it: a forged tracker can
write assessment records or erase a person's data. So the Rasa server sends the secret in
the `X-Actions-Secret` header of every call (`install_rasa_side`, added to the
`action_endpoint` of whatever endpoints file is read), and the action server started by
`python -m runtime.action_auth` (started by runtime/launch.py: `make run`, the container)
answers 401, running nothing, to any request without it. Only `GET /health` is open.

The secret is ACTIONS_SHARED_SECRET; when unset, both read `var/actions-secret.key`, made on
first use with a random value and readable by its owner only (one machine: `make run`).
Servers on different hosts must all be given the same ACTIONS_SHARED_SECRET.

    python -m runtime.action_auth --actions actions -p 5055   # rasa-sdk's own arguments
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from symptom_checker.local_keys import local_key

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Actions-Secret"
SECRET_VARIABLE = "ACTIONS_SHARED_SECRET"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_FILE = PROJECT_ROOT / "var" / "actions-secret.key"
OPEN_PATHS = frozenset({"/health"})


class ActionSecretError(RuntimeError):
    """The shared secret cannot be read or made; the message says what to do."""


def shared_secret(
    environ: Mapping[str, str] | None = None, secret_file: Path = DEFAULT_SECRET_FILE
) -> str:
    """ACTIONS_SHARED_SECRET, else the secret in `secret_file`, made there (0600) if absent.

    The Rasa server and the action server start together and read the same file, so on one
    machine they agree without any setting; several machines set the variable.
    """
    return local_key(
        SECRET_VARIABLE, secret_file, "the actions shared secret", ActionSecretError, environ
    )


def secret_matches(expected: str, provided: str | None) -> bool:
    return provided is not None and hmac.compare_digest(provided.encode(), expected.encode())


def require_secret(app: Sanic, secret: str) -> Sanic:
    """Every request but GET /health must carry the shared secret, else 401 and no action."""

    async def check_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        if not secret_matches(secret, request.headers.get(SECRET_HEADER)):
            logger.warning(
                "Refused a %s %s without the shared secret.", request.method, request.path
            )
            return response.json({"error": f"missing or wrong {SECRET_HEADER}"}, status=401)
        return None

    app.register_middleware(check_secret, "request")
    return app


def install_rasa_side() -> None:
    """The Rasa server sends the secret on every call to the action server (idempotent)."""
    from rasa.core.utils import AvailableEndpoints

    if getattr(AvailableEndpoints, "_rasa_read_endpoints", None) is not None:
        return
    rasa_read_endpoints = AvailableEndpoints.read_endpoints

    def read_endpoints(cls: Any, endpoint_file: str) -> AvailableEndpoints:
        endpoints = rasa_read_endpoints(endpoint_file)
        if endpoints.action is not None:
            endpoints.action.headers = {
                **(endpoints.action.headers or {}),
                SECRET_HEADER: shared_secret(),
            }
        return endpoints

    AvailableEndpoints._rasa_read_endpoints = rasa_read_endpoints
    AvailableEndpoints.read_endpoints = classmethod(read_endpoints)


def keep_tensorflow_out() -> None:
    """The action server reads symptoms with spaCy (two short fragments read together,
    actions/common.py), and spaCy's thinc imports TensorFlow whenever it is installed: Rasa
    needs it, the action server does not. Without it the action server's symptom pipeline
    costs about 400 MB and several seconds less. Call before anything imports spaCy."""
    # A None entry makes `import tensorflow` raise ImportError, which thinc expects.
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]


def build_symptom_pipeline() -> None:
    from symptom_nlu.extract import get_extractor

    get_extractor()


def warm_up_when_started(app: Sanic, build: Any = build_symptom_pipeline) -> Sanic:
    """Build the symptom pipeline in a thread once the server is up, not on the first pair of
    fragments: built then, that person's reply waited for it (half a minute on a busy machine,
    longer than Rasa waits for an action). Actions that do not need it answer meanwhile."""

    async def start_building(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
        build_in_background(build)

    app.register_listener(start_building, "after_server_start")
    return app


def build_in_background(build: Any) -> threading.Thread:
    """A daemon thread: a server told to stop mid-build stops at once (an executor thread
    kept it alive until the build was done, longer than a supervisor waits)."""
    thread = threading.Thread(
        target=_build_quietly, args=(build,), name="symptom-pipeline", daemon=True
    )
    thread.start()
    return thread


def _build_quietly(build: Any) -> None:
    try:
        build()
    except Exception:  # the first fragment pair will build it (or fail) and say why
        logger.exception("Could not build the symptom pipeline ahead of time.")


def main() -> None:
    """rasa-sdk's action server (same arguments), with the secret required."""
    keep_tensorflow_out()
    import rasa_sdk.endpoint
    from rasa_sdk.__main__ import main as rasa_sdk_main

    os.umask(0o077)
    secret = shared_secret()
    sdk_create_app = rasa_sdk.endpoint.create_app

    def create_app(*args: Any, **kwargs: Any) -> Sanic:
        return warm_up_when_started(require_secret(sdk_create_app(*args, **kwargs), secret))

    rasa_sdk.endpoint.create_app = create_app
    rasa_sdk_main()


if __name__ == "__main__":
    main()
