"""The one way to start the assistant's servers: `python -m runtime rasa|actions|web|all`.

    python -m runtime all        # `make run`: the three servers in the foreground (Ctrl-C)
    python -m runtime rasa       # one server in this process (the container's roles)
    python -m runtime actions
    python -m runtime web
    python -m runtime all --print   # what would run, one JSON line per process; nothing starts
    python -m runtime all --log results/stack.log -- npm test   # a command against them

`make run`, the container's entry point (deploy/entrypoint.sh), the live and scale-out tests,
the transcript runner and `make bench` all start the servers through `plan()`, so they run
the same commands with the same options:

- the action server is rasa-sdk's own entry point behind the shared secret
  (`python -m runtime.action_auth`), which starts in a third of the time of `rasa run actions`;
- the Rasa server is Rasa's CLI with this project's fixes in place (`python -m runtime run`:
  the action-result validator built once, the API token from RASA_AUTH_TOKEN only, request
  limits, the loud tracker store);
- the chat page is web/serve.py.

Settings are read from the environment once (`Settings.from_environ`), with the names and
defaults of README.md's "Settings": RASA_PORT (5005), ACTIONS_PORT (5055), WEB_PORT (8080),
HOST (127.0.0.1), ACTIONS_HOST (127.0.0.1, whatever HOST says), RASA_AUTH_TOKEN (Rasa's HTTP
API on when set; the token itself stays in the environment), and for servers that run apart
PUBLIC_URL (the site's origins) and ACTION_SERVER_URL (runtime/render_config.py writes a copy
of credentials.yml and endpoints.yml with them). Nothing here imports Rasa.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TextIO

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ROLES = ("rasa", "actions", "web", "all")
LOOPBACK = "127.0.0.1"
# What every process of the assistant gets unless the environment says otherwise (the Makefile
# and the Dockerfile set the same): our packages importable, quieter logs, no telemetry.
DEFAULT_ENVIRONMENT = {
    "PYTHONPATH": str(PROJECT_ROOT),
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "RASA_TELEMETRY_ENABLED": "false",
}
STOP_SECONDS = 20


class LaunchError(RuntimeError):
    """A server cannot be started, or stopped during start-up; the message says which."""


@dataclass(frozen=True)
class Settings:
    """What the launcher reads from the environment, once."""

    rasa_port: int = 5005
    actions_port: int = 5055
    web_port: int = 8080
    host: str = LOOPBACK
    actions_host: str = LOOPBACK
    api_enabled: bool = False
    public_origins: tuple[str, ...] = ()
    action_server_url: str = ""
    python: str = field(default=sys.executable)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        from runtime.render_config import public_origins

        environ = os.environ if environ is None else environ
        return cls(
            rasa_port=_port(environ, "RASA_PORT", cls.rasa_port),
            actions_port=_port(environ, "ACTIONS_PORT", cls.actions_port),
            web_port=_port(environ, "WEB_PORT", cls.web_port),
            host=environ.get("HOST", "").strip() or LOOPBACK,
            # The action server only ever needs to be reached by the Rasa server.
            actions_host=environ.get("ACTIONS_HOST", "").strip() or LOOPBACK,
            api_enabled=bool(environ.get("RASA_AUTH_TOKEN", "").strip()),
            public_origins=tuple(public_origins(environ.get("PUBLIC_URL", ""))),
            action_server_url=environ.get("ACTION_SERVER_URL", "").strip(),
        )

    @property
    def writes_config(self) -> bool:
        """Whether Rasa needs a copy of credentials.yml and endpoints.yml with the site's
        origins or the action server's address filled in (servers that run apart)."""
        return bool(self.public_origins or self.action_server_url)

    @property
    def cors_origins(self) -> tuple[str, ...]:
        if self.public_origins:
            return self.public_origins
        return (f"http://127.0.0.1:{self.web_port}", f"http://localhost:{self.web_port}")


def _port(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise LaunchError(f"{name} must be a port number (1-65535), got {value!r}.")
    return int(value)


def _health_host(host: str) -> str:
    """Where to ask whether a server listening on `host` is up."""
    return LOOPBACK if host in ("0.0.0.0", "::", "localhost") else host


@dataclass(frozen=True)
class Process:
    """One server: its role, its command line, the variables set for it on top of the
    launcher's environment, and the URL that answers once it is up."""

    role: str
    name: str
    argv: tuple[str, ...]
    env: Mapping[str, str]
    health_url: str
    start_seconds: int

    def describe(self) -> dict[str, object]:
        return {
            "role": self.role,
            "name": self.name,
            "argv": list(self.argv),
            "env": dict(self.env),
            "health_url": self.health_url,
        }


def action_server(settings: Settings, extra: Sequence[str] = ()) -> Process:
    """rasa-sdk's action server, answering only callers with the shared secret
    (runtime/action_auth.py); it reads SANIC_HOST for its address."""
    return Process(
        role="actions",
        name="Action server",
        argv=(
            settings.python,
            "-m",
            "runtime.action_auth",
            "--actions",
            "actions",
            "-p",
            str(settings.actions_port),
            "--quiet",
            *extra,
        ),
        env={"SANIC_HOST": settings.actions_host},
        health_url=f"http://{_health_host(settings.actions_host)}:{settings.actions_port}/health",
        start_seconds=120,
    )


def rasa_server(
    settings: Settings, credentials: Path, endpoints: Path, extra: Sequence[str] = ()
) -> Process:
    """Rasa's server through runtime/__main__.py. --enable-api only with RASA_AUTH_TOKEN set:
    the token stays in the environment (runtime/server.py refuses one on the command line)."""
    return Process(
        role="rasa",
        name="Rasa server",
        argv=(
            settings.python,
            "-m",
            "runtime",
            "run",
            "-m",
            "models",
            "-i",
            settings.host,
            "-p",
            str(settings.rasa_port),
            "--credentials",
            str(credentials),
            "--endpoints",
            str(endpoints),
            "--cors",
            *settings.cors_origins,
            *(("--enable-api",) if settings.api_enabled else ()),
            *extra,
        ),
        env={},
        health_url=f"http://{_health_host(settings.host)}:{settings.rasa_port}/",
        # Loading the model: about 20 s on a free machine, minutes when others load too.
        start_seconds=600,
    )


def web_server(settings: Settings, extra: Sequence[str] = ()) -> Process:
    """The chat page (web/serve.py reads WEB_HOST, WEB_PORT and RASA_PORT itself)."""
    return Process(
        role="web",
        name="Web chat page",
        argv=(settings.python, str(Path("web") / "serve.py"), *extra),
        env={},
        health_url=f"http://{LOOPBACK}:{settings.web_port}/",
        start_seconds=30,
    )


def config_files(settings: Settings, environ: Mapping[str, str]) -> tuple[Path, Path]:
    """(credentials, endpoints) for the Rasa server: the project's own files, or copies with
    PUBLIC_URL and ACTION_SERVER_URL filled in, written into a new private directory."""
    if not settings.writes_config:
        return Path("credentials.yml"), Path("endpoints.yml")
    from runtime.render_config import write_config

    directory = Path(tempfile.mkdtemp(prefix="rasa-config-"))
    return write_config(directory, environ)


def plan(
    role: str, environ: Mapping[str, str] | None = None, extra: Sequence[str] = ()
) -> list[Process]:
    """The processes `role` starts, in the order they start, as configured by `environ`."""
    environ = os.environ if environ is None else environ
    if role not in ROLES:
        raise LaunchError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if role == "all" and extra:
        raise LaunchError("`all` takes no extra arguments; start the servers one by one instead")
    settings = Settings.from_environ(environ)
    processes = []
    if role in ("actions", "all"):
        processes.append(action_server(settings, extra))
    if role in ("rasa", "all"):
        processes.append(rasa_server(settings, *config_files(settings, environ), extra))
    if role in ("web", "all"):
        processes.append(web_server(settings, extra))
    return processes


def stack_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """What every process of the stack (and a command run against it) gets: ours, the
    caller's, then the ports as the launcher resolved them, so that endpoints.yml's
    ${ACTIONS_PORT} and the page's Rasa address agree with the servers it starts even when
    the caller set no port at all."""
    settings = Settings.from_environ(environ)
    return {
        **DEFAULT_ENVIRONMENT,
        **environ,
        "RASA_PORT": str(settings.rasa_port),
        "ACTIONS_PORT": str(settings.actions_port),
        "WEB_PORT": str(settings.web_port),
    }


def process_environment(process: Process, environ: Mapping[str, str]) -> dict[str, str]:
    env = stack_environment(environ)
    env.update(process.env)
    return env


# --------------------------------------------------------------------------------------
# Starting
# --------------------------------------------------------------------------------------


def channels_ready(processes: Sequence[Process], environ: Mapping[str, str]) -> bool:
    """Says which messaging channels the environment switches on (before the Rasa server
    spends a minute loading); False when a platform's variables are set but unusable."""
    from channels import status

    rasa = [p for p in processes if p.role == "rasa"]
    if not rasa:
        return True
    credentials = rasa[0].argv[rasa[0].argv.index("--credentials") + 1]
    if Settings.from_environ(environ).api_enabled:
        print("Rasa HTTP API: on (token from RASA_AUTH_TOKEN required)")
    else:
        print("Rasa HTTP API: off (set RASA_AUTH_TOKEN to enable /model/parse and /conversations)")
    return status.main(["--credentials", credentials]) == 0


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


class Stack:
    """Several servers: started together, stopped together. Their output goes to this
    terminal, or to `log` when given."""

    def __init__(self, environ: Mapping[str, str], log: TextIO | None = None) -> None:
        self.environ = environ
        self.log = log
        self.running: list[tuple[Process, subprocess.Popen[bytes]]] = []

    def say(self, text: str) -> None:
        print(text, file=self.log or sys.stdout, flush=True)

    def start(self, process: Process) -> subprocess.Popen[bytes]:
        popen = subprocess.Popen(
            list(process.argv),
            cwd=PROJECT_ROOT,
            env=process_environment(process, self.environ),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log else None,
        )
        self.running.append((process, popen))
        return popen

    def wait_until_up(self, process: Process, popen: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + process.start_seconds
        while time.monotonic() < deadline:
            if answers(process.health_url):
                self.say(f"{process.name} is up: {process.health_url}")
                return
            if popen.poll() is not None:
                raise LaunchError(f"{process.name} exited during start-up")
            time.sleep(1)
        raise LaunchError(
            f"{process.name} did not answer at {process.health_url} "
            f"within {process.start_seconds}s"
        )

    def wait_for_one_to_stop(self) -> Process:
        while True:
            for process, popen in self.running:
                if popen.poll() is not None:
                    return process
            time.sleep(0.5)

    def stop(self) -> None:
        running, self.running = self.running, []
        for _, popen in running:
            if popen.poll() is None:
                popen.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for _, popen in running:
            try:
                popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait()


def ready_message(processes: Sequence[Process], settings: Settings) -> str:
    roles = {process.role for process in processes}
    where = []
    if "rasa" in roles:
        where.append(f"REST: http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook")
    if "web" in roles:
        where.append(f"Web: http://127.0.0.1:{settings.web_port}/")
    if roles == {"actions"}:
        where.append(f"Actions: http://127.0.0.1:{settings.actions_port}/webhook")
    return "  ".join(["Ready.", *where])


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def run_stack(
    processes: Sequence[Process],
    environ: Mapping[str, str],
    command: Sequence[str] = (),
    log_path: Path | None = None,
) -> int:
    """`make run`: start every process (the web page once the Rasa server answers), say
    "Ready", and stop all of them when one stops, on Ctrl-C or on SIGTERM.

    With a `command` (the Makefile's live tests): run it once the stack is ready, then stop
    the stack; the command's exit status, and the end of the stack's log when it failed."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    log = open(log_path, "w", encoding="utf-8") if log_path else None  # noqa: SIM115
    stack = Stack(environ, log)
    status = 1
    try:
        first = [p for p in processes if p.role != "web"]
        # Together: the action server is up long before Rasa has loaded its model.
        started = [(process, stack.start(process)) for process in first]
        for process, popen in started:
            stack.wait_until_up(process, popen)
        for process in processes:
            if process not in first:
                stack.wait_until_up(process, stack.start(process))
        stack.say(ready_message(processes, Settings.from_environ(environ)))
        if command:
            env = stack_environment(environ)
            status = subprocess.run(list(command), cwd=PROJECT_ROOT, env=env).returncode
            return status
        stack.say("Press Ctrl-C to stop.")
        stopped = stack.wait_for_one_to_stop()
        print(f"{stopped.name} stopped; shutting down the rest.", file=sys.stderr)
        return 1
    except LaunchError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip this
        stack.stop()
        if log is not None and log_path is not None:
            log.close()
            if status != 0:
                print(f"--- the end of {log_path}:", file=sys.stderr)
                lines = Path(log_path).read_text(encoding="utf-8", errors="replace")
                print("\n".join(lines.splitlines()[-60:]), file=sys.stderr)


def main(argv: Sequence[str]) -> int:
    """`python -m runtime ROLE [--print] [extra arguments for the server]`, or
    `python -m runtime ROLE [--log FILE] -- COMMAND ...` (run COMMAND against the servers)."""
    role, rest = argv[0], list(argv[1:])
    show_only = "--print" in rest[:1]
    extra = rest[1:] if show_only else rest
    log_path, command = None, []
    if extra[:1] == ["--log"] and len(extra) > 1:
        log_path, extra = Path(extra[1]).resolve(), extra[2:]
    if "--" in extra:
        command, extra = extra[extra.index("--") + 1 :], extra[: extra.index("--")]
    environ = dict(os.environ)
    os.chdir(PROJECT_ROOT)
    # Files made from here on (var/assistant.db, var/*.key) are readable by this user only.
    os.umask(0o077)
    try:
        processes = plan(role, environ, extra)
    except LaunchError as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 2
    if show_only:
        for process in processes:
            print(json.dumps(process.describe()))
        return 0
    if not channels_ready(processes, environ):
        return 1
    if len(processes) == 1 and not command:  # this process becomes the server (a container's)
        process = processes[0]
        sys.stdout.flush()
        os.execve(process.argv[0], list(process.argv), process_environment(process, environ))
    return run_stack(processes, environ, command, log_path)
