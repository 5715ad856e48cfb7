"""The Rasa server closed where Rasa 3.6 leaves it open (runtime/server.py), each test written
as the attack: a short API token, a token on the command line, a guessed token, a model
replaced through the API, a huge body, and a conversation database that fails mid-way."""

from __future__ import annotations

import asyncio
import hmac
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from sanic import Sanic
from sanic.response import text

from runtime import server
from runtime.stores import (
    ConversationNotStored,
    EnvSQLTrackerStore,
    LoudTrackerStore,
    StorageHealth,
    storage_failed_reply,
)
from symptom_checker.services import load_services

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOOD_TOKEN = "k" * 40


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    server.install()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_rasa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m runtime run ...` as the launcher (runtime/launch.py) starts it; 120 s at most."""
    return subprocess.run(
        [sys.executable, "-m", "runtime", "run", "-p", str(free_port()), *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


@asynccontextmanager
async def serving(app: Sanic) -> AsyncIterator[str]:
    """The app on a free loopback port; yields its base URL."""
    Sanic.test_mode = True
    app.config.MOTD = False
    port = free_port()
    started = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await started.startup()
    await started.before_start()
    await started.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await started.before_stop()
        started.close()
        await started.wait_closed()
        await started.after_stop()


def rasa_app(enable_api: bool = True) -> Sanic:
    """Rasa's own app, built the way `rasa run` builds it (with our changes installed)."""
    import rasa.core.run

    app = rasa.core.run.configure_app(None, None, None, enable_api, port=5005)
    # Sanic needs a unique name per app in one process.
    app.name = f"rasa_{uuid.uuid4().hex}"
    return app


# --- the API token ----------------------------------------------------------------------


def test_a_short_api_token_is_refused_at_start_with_a_clear_message():
    started = time.monotonic()
    result = start_rasa({"RASA_AUTH_TOKEN": "guessable-token"}, "--enable-api")
    assert result.returncode == 1
    assert "RASA_AUTH_TOKEN has 15 characters; it must have at least 32" in result.stderr
    assert time.monotonic() - started < 90  # refused at once, before Rasa is imported


def test_the_api_without_any_token_is_refused():
    with pytest.raises(server.ServerSettingsError, match="RASA_AUTH_TOKEN is not set"):
        server.check_command_line(["run", "--enable-api"], {})
    with pytest.raises(server.ServerSettingsError, match="at least 32"):
        server.api_token({"RASA_AUTH_TOKEN": "x" * 31})
    assert server.api_token({"RASA_AUTH_TOKEN": "x" * 32}) == "x" * 32


def test_a_token_on_the_command_line_is_refused_because_everyone_can_read_it():
    result = start_rasa({}, "--enable-api", "--auth-token", GOOD_TOKEN)
    assert result.returncode == 1
    assert "Do not pass --auth-token" in result.stderr
    assert GOOD_TOKEN not in result.stderr


def test_the_api_takes_its_token_from_the_environment_compared_in_constant_time(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("RASA_AUTH_TOKEN", GOOD_TOKEN)
    compared: list[bytes] = []
    real_compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append(a)
        return real_compare(a, b)

    monkeypatch.setattr(server.hmac, "compare_digest", spy)

    async def attempts() -> dict[str, int]:
        async with serving(rasa_app()) as url, aiohttp.ClientSession() as session:
            statuses = {}
            for name, token in {
                "right": GOOD_TOKEN,
                "wrong": "x" * 40,
                "prefix": GOOD_TOKEN[:20],
                "none": None,
            }.items():
                params = {"token": token} if token is not None else {}
                async with session.get(f"{url}/status", params=params) as answer:
                    statuses[name] = answer.status
            return statuses

    statuses = asyncio.run(attempts())
    assert statuses["wrong"] == statuses["prefix"] == statuses["none"] == 401
    assert statuses["right"] != 401
    assert GOOD_TOKEN.encode() in compared and b"x" * 40 in compared


@pytest.mark.parametrize(
    "method, path",
    [("PUT", "/model"), ("PUT", "/model/"), ("DELETE", "/model"), ("POST", "/model/train")],
)
def test_replacing_the_model_through_the_api_is_off_even_with_the_token(
    monkeypatch: pytest.MonkeyPatch, method: str, path: str
):
    monkeypatch.setenv("RASA_AUTH_TOKEN", GOOD_TOKEN)
    monkeypatch.delenv("RASA_ALLOW_MODEL_REPLACE", raising=False)

    async def attempt() -> tuple[int, str]:
        attack = {"model_file": "/tmp/attacker-model.tar.gz"}
        async with serving(rasa_app()) as url, aiohttp.ClientSession() as session, session.request(
            method, f"{url}{path}", params={"token": GOOD_TOKEN}, json=attack
        ) as answer:
            return answer.status, await answer.text()

    status, body = asyncio.run(attempt())
    assert status == 403
    assert "RASA_ALLOW_MODEL_REPLACE=1" in body


def test_an_operator_can_allow_replacing_the_model(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RASA_AUTH_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("RASA_ALLOW_MODEL_REPLACE", "1")

    async def attempt() -> int:
        token = {"token": GOOD_TOKEN}
        async with serving(rasa_app()) as url, aiohttp.ClientSession() as session, session.put(
            f"{url}/model", params=token
        ) as answer:
            return answer.status

    assert asyncio.run(attempt()) not in (401, 403)


# --- request size and time --------------------------------------------------------------


def test_a_one_megabyte_body_is_refused_before_it_is_read():
    app = rasa_app(enable_api=False)
    app.add_route(lambda _: text("read"), "/webhooks/rest/webhook", methods=["POST"])

    async def attempt() -> bytes:
        async with serving(app) as url:
            port = int(url.rsplit(":", 1)[1])
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            # The headers announce 1 MB; only 1 kB is sent. A server that wants the whole
            # body waits; one that checks the length answers at once.
            writer.write(
                b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n" + b"x" * 1024
            )
            await writer.drain()
            try:
                return await asyncio.wait_for(reader.read(1000), timeout=5)
            finally:
                writer.close()

    answer = asyncio.run(attempt())
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"request body too large" in answer


def test_a_client_that_sends_its_request_slowly_is_cut_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RASA_REQUEST_TIMEOUT", "2")
    app = rasa_app(enable_api=False)

    async def attempt() -> tuple[bytes, float]:
        async with serving(app) as url:
            port = int(url.rsplit(":", 1)[1])
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n")  # and no more
            await writer.drain()
            started = time.monotonic()
            try:
                answer = await asyncio.wait_for(reader.read(200), timeout=20)
            finally:
                writer.close()
            return answer, time.monotonic() - started

    answer, waited = asyncio.run(attempt())
    assert answer.startswith(b"HTTP/1.1 408") and waited < 10


def test_request_limits_are_near_the_rest_guard_and_configurable():
    assert server.request_limits({}) == (96 * 1024, 15)
    assert server.request_limits(
        {"RASA_REQUEST_MAX_BYTES": "70000", "RASA_REQUEST_TIMEOUT": "5"}
    ) == (70000, 5)
    with pytest.raises(server.ServerSettingsError, match="RASA_REQUEST_TIMEOUT"):
        server.request_limits({"RASA_REQUEST_TIMEOUT": "never"})
    app = rasa_app(enable_api=False)
    assert app.config.REQUEST_MAX_SIZE == 96 * 1024 and app.config.REQUEST_TIMEOUT == 15


# --- a failing conversation database ----------------------------------------------------


class BrokenStore(InMemoryTrackerStore):
    """A tracker store whose database has gone away (until `repaired`)."""

    broken = True

    async def retrieve(self, sender_id: str) -> Any:
        if self.broken:
            raise ConnectionError("server closed the connection unexpectedly")
        return await super().retrieve(sender_id)

    async def save(self, tracker: Any) -> None:
        if self.broken:
            raise ConnectionError("server closed the connection unexpectedly")
        await super().save(tracker)


def test_a_failing_database_is_an_error_not_a_silent_memory_fallback(rasa_domain, caplog):
    health = StorageHealth()
    store = LoudTrackerStore(BrokenStore(rasa_domain), health)
    tracker = store.init_tracker("ann")

    with pytest.raises(ConversationNotStored):
        asyncio.run(store.save(tracker))
    with pytest.raises(ConversationNotStored):
        asyncio.run(store.retrieve("ann"))
    assert health.report()["status"] == "failing" and health.failures == 2
    assert "The conversation store failed (save" in caplog.text

    store.inner.broken = False
    asyncio.run(store.save(tracker))
    assert health.ok and asyncio.run(store.retrieve("ann")) is not None


def test_rasa_builds_the_loud_store_instead_of_its_fail_safe_one(rasa_domain):
    from rasa.core.agent import Agent

    store = Agent._create_tracker_store(BrokenStore(rasa_domain), rasa_domain)
    assert isinstance(store, LoudTrackerStore)


def test_the_person_is_told_the_conversation_cannot_go_on_safely():
    from rasa.core.agent import Agent

    class Lock:
        async def __aenter__(self) -> None:
            return None

        async def __aexit__(self, *_: Any) -> None:
            return None

    async def fail(_: Any) -> None:
        raise ConversationNotStored("the conversation store failed to save")

    agent = SimpleNamespace(
        is_ready=lambda: True,
        lock_store=SimpleNamespace(lock=lambda _: Lock()),
        processor=SimpleNamespace(handle_message=fail),
    )
    output = CollectingOutputChannel()
    message = UserMessage("I had a seizure", output, "ann")
    assert asyncio.run(Agent.handle_message(agent, message)) is None
    [reply] = output.messages
    assert reply["text"] == storage_failed_reply()
    assert reply["text"].startswith("I can't save this conversation right now")
    assert load_services().call_emergency in reply["text"]
    assert reply["text"].endswith("please see a doctor.")


def test_the_storage_health_endpoint_reports_the_database_and_its_recovery(
    rasa_domain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    database = tmp_path / "conversations.db"
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{database}")
    health = StorageHealth()
    store = LoudTrackerStore(EnvSQLTrackerStore(rasa_domain), health)
    app = rasa_app(enable_api=False)
    app.ctx.agent = SimpleNamespace(tracker_store=store)

    async def check() -> tuple[int, dict[str, Any]]:
        async with serving(app) as url, aiohttp.ClientSession() as session, session.get(
            f"{url}/health/storage"
        ) as answer:
            return answer.status, await answer.json()

    assert asyncio.run(check()) == (
        200,
        {"status": "ok", "failing_since": None, "last_error": None, "failures_in_a_row": 0},
    )
    working_engine = store.inner.engine
    from sqlalchemy import create_engine

    store.inner.engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    status, report = asyncio.run(check())
    assert status == 503 and report["status"] == "failing"
    assert report["last_error"].startswith("probe: OperationalError")

    store.inner.engine = working_engine
    assert asyncio.run(check())[0] == 200


# --- files ------------------------------------------------------------------------------


def test_a_world_readable_sqlite_database_is_made_readable_by_its_owner_only(tmp_path: Path):
    from symptom_checker.database import make_engine

    database = tmp_path / "assistant.db"
    database.touch(mode=0o644)
    database.chmod(0o644)  # as an earlier run without a umask left it
    make_engine(f"sqlite:///{database}").dispose()
    assert database.stat().st_mode & 0o777 == 0o600


def test_the_launchers_keep_new_files_private_and_the_token_off_the_command_line():
    # The servers: runtime/launch.py (tests/test_launch.py); the entry point's jobs here.
    entrypoint = (PROJECT_ROOT / "deploy/entrypoint.sh").read_text()
    assert "\numask 077\n" in entrypoint
    for launcher in ("deploy/entrypoint.sh", "runtime/launch.py"):
        assert "--auth-token" not in (PROJECT_ROOT / launcher).read_text(), launcher
