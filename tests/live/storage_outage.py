"""The conversation database fails mid-conversation, on real processes: a Rasa server whose
tracker store (TRACKER_DB_URL) reaches PostgreSQL through a TCP proxy that the test cuts.

Rasa's own fail-safe store would keep the conversation in memory without a word; ours
(runtime/stores.py) must tell the person it cannot go on safely and to see a doctor, log an
error, report it on GET /health/storage, and recover once the database is reachable again.

Run by `make test-scale` (with tests/live/scaleout.py). PostgreSQL (TEST_POSTGRES_URL) must be
reachable. Process logs: results/scaleout/outage-*.log.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import (  # noqa: E402 - the helper module sits next to this file
    BIN,
    PROJECT_ROOT,
    RESULTS,
    Service,
    SetupError,
    action_server_command,
    base_environment,
    create_database,
    drop_database,
    free_port,
    kill_all,
    rasa_server_command,
    wait_until_ready,
)

TEST_POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
CANNOT_SAVE = "I can't save this conversation right now, so I can't go on safely."


class TcpProxy:
    """Forwards a loopback port to PostgreSQL until `cut()`, which closes the port and every
    connection through it, as a network failure or a database crash would."""

    def __init__(self, target: tuple[str, int], port: int) -> None:
        self.target = target
        self.port = port
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


@dataclass
class Outage:
    rasa: Service
    proxy: TcpProxy

    def say(self, sender: str, text: str) -> list[str]:
        answer = requests.post(
            f"{self.rasa.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=90,
        )
        assert answer.status_code == 200, answer.text
        return [message.get("text") or "" for message in answer.json()]

    def storage_health(self) -> tuple[int, dict]:
        answer = requests.get(f"{self.rasa.url}/health/storage", timeout=30)
        return answer.status_code, answer.json()


@pytest.fixture(scope="module")
def outage() -> Iterator[Outage]:
    run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
    database_name = f"outage_{run_id}"
    try:
        database_url = create_database(TEST_POSTGRES_URL, database_name)
    except SetupError as missing:
        pytest.exit(f"The storage outage test cannot run: {missing}", returncode=1)
    direct = make_url(database_url)
    proxy = TcpProxy((direct.host or "127.0.0.1", direct.port or 5432), free_port())
    proxy.start()
    through_proxy = direct.set(host="127.0.0.1", port=proxy.port)
    services: list[Service] = []
    try:
        env = base_environment()
        actions_port, rasa_port = free_port(), free_port()
        env.update(
            ACTIONS_PORT=str(actions_port),
            RASA_PORT=str(rasa_port),
            WEB_PORT=str(free_port()),
            DATABASE_URL=database_url,  # the knowledge base and records: never cut
            TRACKER_DB_URL=through_proxy.render_as_string(hide_password=False),
            ACTIONS_SHARED_SECRET=secrets.token_hex(16),
        )
        loader = subprocess.run(
            [str(BIN / "python"), "-m", "symptom_checker.loader"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert loader.returncode == 0, loader.stderr[-2000:]
        RESULTS.mkdir(parents=True, exist_ok=True)
        actions = Service(
            "action server",
            action_server_command(actions_port),
            dict(env, SANIC_HOST="127.0.0.1"),
            actions_port,
            "/health",
            RESULTS / "outage-actions.log",
        )
        rasa = Service(
            "Rasa server",
            rasa_server_command(rasa_port, env),
            env,
            rasa_port,
            "/",
            RESULTS / "outage-rasa.log",
        )
        services = [actions, rasa]
        for service in services:
            service.start()
        wait_until_ready(services)
        yield Outage(rasa, proxy)
    finally:
        kill_all(services)
        proxy.cut()
        drop_database(TEST_POSTGRES_URL, database_name)


def test_a_database_cut_mid_conversation_is_said_plainly_logged_reported_and_recovered(
    outage: Outage,
) -> None:
    sender = f"outage-{secrets.token_hex(4)}"
    before = outage.say(sender, "I have a lump under my arm")
    assert before and not any(CANNOT_SAVE in text for text in before)
    assert outage.storage_health() == (
        200,
        {"status": "ok", "failing_since": None, "last_error": None, "failures_in_a_row": 0},
    )

    outage.proxy.cut()
    during = outage.say(sender, "and my hips ache")
    said = "\n".join(during)
    assert CANNOT_SAVE in said, f"the person was not told; they read: {during}"
    assert "see a doctor" in said
    status, report = outage.storage_health()
    assert status == 503 and report["status"] == "failing", report
    assert "The conversation store failed" in outage.rasa.log_path.read_text(errors="replace")

    outage.proxy.start()  # the database is back, on the same address
    status, report = outage.storage_health()
    assert status == 200 and report["status"] == "ok", report
    after = outage.say(sender, "my hips ache")
    assert after and not any(CANNOT_SAVE in text for text in after), after
