"""Real processes for the scale-out tests: a fresh PostgreSQL database, Redis, an action server
and Rasa servers, started with the commands of the project's launcher (runtime/launch.py).

Nothing here runs at import time. `tests/live/scaleout.py` uses it; `make test-scale` runs that.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from runtime import launch

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = PROJECT_ROOT / ".venv" / "bin"
RESULTS = PROJECT_ROOT / "results" / "scaleout"

# A model load takes 1-1.5 minutes on two free cores, several at once take longer.
START_TIMEOUT_SECONDS = float(os.environ.get("SCALE_START_TIMEOUT", "600"))
STOP_TIMEOUT_SECONDS = 20


class SetupError(RuntimeError):
    """PostgreSQL, Redis or a server needed by the tests is not there; the message says which."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def base_environment() -> dict[str, str]:
    """What every process gets: this environment, made quiet and pointed at this project."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "TRACKER_DB_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        PYTHONPATH=str(PROJECT_ROOT),
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        HOST="127.0.0.1",
        # The action server's address, as runtime/launch.py gives it (rasa-sdk reads it).
        SANIC_HOST="127.0.0.1",
    )
    return env


def rasa_server_command(port: int, env: dict[str, str]) -> list[str]:
    """The Rasa server as the launcher starts it (runtime/launch.py), on `port`."""
    (rasa,) = launch.plan("rasa", {**env, "RASA_PORT": str(port)})
    return list(rasa.argv)


def action_server_command(port: int) -> list[str]:
    """The action server as the launcher starts it, on `port` (its address: SANIC_HOST from
    base_environment, loopback)."""
    (actions,) = launch.plan("actions", {**base_environment(), "ACTIONS_PORT": str(port)})
    return list(actions.argv)


def stack_command() -> list[str]:
    """`make run`'s launcher: every server, in the foreground."""
    return [str(BIN / "python"), "-m", "runtime", "all"]


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


@dataclass
class Service:
    """One server process: its command, environment, log file and health URL."""

    name: str
    command: list[str]
    env: dict[str, str]
    port: int
    health_path: str
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    cpu_seconds: float = 0.0  # of every run that has ended, for the time report

    @property
    def short_name(self) -> str:
        """The last word of the name: "A" for "Rasa server A"."""
        return self.name.split()[-1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Starts the process in the background; `wait_until_ready` waits for it."""
        self.starts += 1
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            stamp = time.strftime("%H:%M:%S")
            log.write(f"\n===== {stamp} start {self.starts}: {' '.join(self.command)}\n".encode())
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def answers(self) -> bool:
        try:
            return requests.get(self.url + self.health_path, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def wait_until_ready(self, timeout: float = START_TIMEOUT_SECONDS) -> float:
        """Seconds until the health URL answered; SetupError (with the log) if it never did."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.answers():
                return time.monotonic() - started
            if not self.running:
                raise SetupError(
                    f"{self.name} exited during start-up (exit status "
                    f"{self.process.returncode if self.process else '?'}).\n{self.log_tail()}"
                )
            time.sleep(0.5)
        raise SetupError(
            f"{self.name} did not answer at {self.url}{self.health_path} within "
            f"{timeout:.0f}s.\n{self.log_tail()}"
        )

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill."""
        if self.process is not None and self.process.poll() is None:
            self._count_cpu()
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self._count_cpu()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except ProcessLookupError:
            pass

    def _count_cpu(self) -> None:
        """Adds the CPU time the running process has used so far (Linux /proc)."""
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()  # type: ignore[union-attr]
        except OSError:
            return
        fields = stat.rsplit(")", 1)[1].split()
        self.cpu_seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"(no log at {self.log_path})"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last {lines} lines of {self.log_path}:\n{tail}"


def kill_all(services: Iterable[Service]) -> None:
    """The end of the tests: SIGKILL, as nothing in the servers is under test any more
    (a graceful stop of a Rasa server takes up to 15 seconds)."""
    for service in services:
        service.kill()


def wait_until_ready(services: Iterable[Service]) -> dict[str, float]:
    """Waits for several services (they load in parallel); seconds each took, by name."""
    return {service.name: service.wait_until_ready() for service in services}


# --------------------------------------------------------------------------------------
# PostgreSQL and Redis
# --------------------------------------------------------------------------------------


def create_database(server_url: str, name: str) -> str:
    """Creates database `name` on the PostgreSQL server of `server_url`; its URL."""
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.SQLAlchemyError as exc:
        raise SetupError(
            f"Cannot create a test database on PostgreSQL at {_shown(server_url)} "
            f"({type(exc).__name__}: {str(exc).splitlines()[0]}). The scale-out tests need a "
            "running PostgreSQL: start it, or point TEST_POSTGRES_URL at one."
        ) from exc
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _admin_engine(server_url: str) -> Engine:
    url = make_url(server_url).set(database="postgres")
    return sa.create_engine(
        url,
        future=True,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 10},
    )


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def check_redis(url: str) -> Any:
    """A client for `url` after a successful PING, else SetupError."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise SetupError(
            f"Cannot reach Redis at {url} ({type(exc).__name__}: {exc}). The scale-out tests "
            "need a running Redis: start it, or point TEST_REDIS_URL at one."
        ) from exc
    return client


def delete_redis_keys(client: Any, pattern: str) -> int:
    keys = list(client.scan_iter(match=pattern, count=500))
    return client.delete(*keys) if keys else 0


# --------------------------------------------------------------------------------------
# What Rasa stored: the events table of its SQL tracker store
# --------------------------------------------------------------------------------------

EVENTS = sa.table(
    "events",
    sa.column("id"),
    sa.column("sender_id"),
    sa.column("type_name"),
    sa.column("timestamp"),
    sa.column("intent_name"),
    sa.column("action_name"),
    sa.column("data"),
)


@dataclass(frozen=True)
class StoredEvent:
    id: int
    type_name: str
    timestamp: float
    name: str | None  # the intent of a user event, the action or slot name otherwise
    data: dict[str, Any]

    @property
    def skeleton(self) -> tuple[Any, ...]:
        """What the event says, without timestamps or model ids: comparable between runs."""
        if self.type_name == "user":
            return ("user", self.data.get("text"), self.name)
        if self.type_name == "bot":
            return ("bot", self.data.get("text"), _custom(self.data))
        if self.type_name == "slot":
            return ("slot", self.name, json.dumps(self.data.get("value"), sort_keys=True))
        return (self.type_name, self.name)


def _custom(data: dict[str, Any]) -> str | None:
    custom = (data.get("data") or {}).get("custom")
    return json.dumps(custom, sort_keys=True) if custom is not None else None


def stored_events(engine: Engine, sender: str) -> list[StoredEvent]:
    """Every event stored for `sender`, in the order Rasa reads them back (by id)."""
    query = (
        sa.select(
            EVENTS.c.id,
            EVENTS.c.type_name,
            EVENTS.c.timestamp,
            EVENTS.c.intent_name,
            EVENTS.c.action_name,
            EVENTS.c.data,
        )
        .where(EVENTS.c.sender_id == sender)
        .order_by(EVENTS.c.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        StoredEvent(
            id=row.id,
            type_name=row.type_name,
            timestamp=row.timestamp,
            name=row.intent_name or row.action_name,
            data=json.loads(row.data),
        )
        for row in rows
    ]


def senders_like(engine: Engine, pattern: str) -> set[str]:
    query = sa.select(EVENTS.c.sender_id).where(EVENTS.c.sender_id.like(pattern)).distinct()
    with engine.connect() as connection:
        return set(connection.execute(query).scalars())


@dataclass
class StoredTurn:
    """A user message as stored, and what the bot said after it until it listened again."""

    user_text: str
    bot_messages: list[tuple[str | None, str | None]] = field(default_factory=list)
    listened: bool = False


def stored_turns(events: Sequence[StoredEvent]) -> list[StoredTurn]:
    turns: list[StoredTurn] = []
    for event in events:
        if event.type_name == "user":
            turns.append(StoredTurn(user_text=str(event.data.get("text"))))
        elif turns and event.type_name == "bot":
            turns[-1].bot_messages.append((event.data.get("text"), _custom(event.data)))
        elif turns and event.type_name == "action" and event.name == "action_listen":
            turns[-1].listened = True
    return turns
