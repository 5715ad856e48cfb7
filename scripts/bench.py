#!/usr/bin/env python
"""Our assistant against a stock `rasa init` assistant on the same Rasa install.

    python scripts/bench.py            # what `make bench` runs (about 12 minutes)
    BENCH_QUICK=1 python scripts/bench.py   # a short run (about 3 minutes, no training)

Both assistants run side by side, each with Rasa's SQL tracker store on its own SQLite file
and the in-memory lock store, and are measured over the REST channel, interleaved block by
block (ours, stock, then stock, ours ...) so that noise from the rest of the machine falls on
both alike:

- per-turn latency of whole conversations (ours: symptoms, "anything else?", duration,
  history, the assessment and a disease question; stock: its own small talk), p50/p95/p99;
- throughput (answered turns per second) at 1, 10 and 50 concurrent conversations;
- time from start to the first answer, and the peak memory (RSS, children included) of each
  Rasa server and of our action server;
- training time (`rasa train --force` with an empty cache), unless BENCH_TRAIN=0.

It writes results/bench/bench.json, and the tables between the markers in docs/benchmark.md
with the plot docs/benchmark.png (a quick run writes them under results/bench/ instead).

The stock assistant lives in var/bench/stock/ (created with `rasa init --no-prompt`, which
trains it; its model is reused afterwards). A server already answering on a port is reused
(start-up time is then not measured). Settings, from the environment:

| variable | default | meaning |
| --- | --- | --- |
| RASA_PORT, ACTIONS_PORT | 5005, 5055 | our Rasa and action servers |
| STOCK_RASA_PORT | RASA_PORT + 100 | the stock Rasa server |
| BENCH_QUICK | 0 | 1: one round of 8-second blocks, no training, output under results/ |
| BENCH_ROUNDS | 3 | interleaved rounds over all concurrency levels |
| BENCH_SECONDS | 12 | length of one measurement block |
| BENCH_STARTS | 2 | starts of each assistant (stock, ours, ours, stock); quick: 1 |
| BENCH_LEVELS | 1,10,50 | concurrent conversations |
| BENCH_MAX_TURNS | 3000 | at most this many turns in one block |
| BENCH_TRAIN | 1 | 0: skip the training-time measurement |
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp

from runtime import launch

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_ROOT / "var" / "bench"
STOCK_DIR = BENCH_DIR / "stock"
RESULTS_DIR = PROJECT_ROOT / "results" / "bench"
DOC = PROJECT_ROOT / "docs" / "benchmark.md"
PLOT = PROJECT_ROOT / "docs" / "benchmark.png"
BEGIN_MARK = "<!-- bench:begin (written by scripts/bench.py) -->"
END_MARK = "<!-- bench:end -->"
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"

START_TIMEOUT_SECONDS = 420
REQUEST_TIMEOUT_SECONDS = 120
SAMPLE_INTERVAL_SECONDS = 0.2

OURS, STOCK = "ours", "stock"

# The targets of issue 7, as (ours / stock) ratios except where said.
TARGET_P95_RATIO = 1.5
TARGET_THROUGHPUT_RATIO_AT_10 = 0.8
TARGET_START_RATIO = 1.0
TARGET_EXTRA_RSS_MB = 300
TARGET_TRAIN_SECONDS = 180


# --------------------------------------------------------------------------------------
# Conversations
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One message, and words the answer must contain (lower case) for the turn to count."""

    text: str
    expect: str


OUR_CONVERSATION = (
    Turn("I found a lump under my arm and my hips ache", "anything else"),
    Turn("no, that's everything", "when did you first notice"),
    Turn("about a month", "diagnosed with breast cancer"),
    Turn("no", "see a doctor"),
    Turn("what is secondary breast cancer?", "stage 4"),
)

STOCK_CONVERSATION = (
    Turn("hello", "how are you"),
    Turn("I am sad", "did that help"),
    Turn("yes", "carry on"),
    Turn("are you a bot?", "i am a bot"),
    Turn("bye", "bye"),
)


def reply_text(reply: Any) -> str:
    """All the text of a REST reply, lower case ("" for anything that is not a reply)."""
    if not isinstance(reply, list):
        return ""
    return " ".join(str(m.get("text") or "") for m in reply if isinstance(m, dict)).lower()


def answers(turn: Turn, reply: Any) -> bool:
    return turn.expect in reply_text(reply)


# --------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(ours: float | None, stock: float | None) -> float | None:
    if ours is None or stock is None or stock == 0:
        return None
    return ours / stock


@dataclass
class Block:
    """One measurement block: one system at one concurrency for a bounded time."""

    system: str
    concurrency: int
    round: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # answered turns only
    failed: int = 0  # a wrong answer, an error or a timeout (the conversation restarts)
    conversations: int = 0

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


@dataclass
class LevelSummary:
    concurrency: int
    turns: int
    failed: int
    turns_per_second: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None


def summarise(blocks: Iterable[Block], system: str, concurrency: int) -> LevelSummary:
    chosen = [b for b in blocks if b.system == system and b.concurrency == concurrency]
    latencies = [lat for b in chosen for lat in b.latencies]
    seconds = sum(b.seconds for b in chosen)

    def ms(q: float) -> float | None:
        value = percentile(latencies, q)
        return None if value is None else value * 1000

    return LevelSummary(
        concurrency=concurrency,
        turns=len(latencies),
        failed=sum(b.failed for b in chosen),
        turns_per_second=len(latencies) / seconds if seconds else 0.0,
        p50_ms=ms(50),
        p95_ms=ms(95),
        p99_ms=ms(99),
    )


# --------------------------------------------------------------------------------------
# Processes and memory
# --------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        found.extend(int(child) for child in text.split())
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants that are alive now."""
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        if current in tree:
            continue
        tree.append(current)
        queue.extend(_children(current))
    return tree


def _proc_kb(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def status_kb(pid: int, key: str) -> int:
    """A value in kB from /proc/<pid>/status (VmRSS, VmHWM); 0 when the process is gone."""
    return _proc_kb(f"/proc/{pid}/status", key)


def meminfo_kb(key: str) -> int:
    return _proc_kb("/proc/meminfo", key)


def tree_rss_mb(pid: int) -> float:
    return sum(status_kb(p, "VmRSS") for p in process_tree(pid)) / 1024


def listening_pid(port: int) -> int | None:
    """The process listening on 127.0.0.1/0.0.0.0:`port` (for a reused server), if visible."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{inode}]")
    if not inodes:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(entry.name)
        except OSError:
            continue
    return None


class MemorySampler:
    """Samples the summed RSS of each watched process tree; keeps the peaks in MB."""

    def __init__(self) -> None:
        self._watched: dict[str, int] = {}
        self.peaks_mb: dict[str, float] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, role: str, pid: int) -> None:
        with self._lock:
            self._watched[role] = pid
        self.sample()

    def sample(self) -> None:
        with self._lock:
            watched = dict(self._watched)
        for role, pid in watched.items():
            # VmHWM is the kernel's own peak of the main process, between our samples too.
            rss = max(tree_rss_mb(pid), status_kb(pid, "VmHWM") / 1024)
            self.peaks_mb[role] = max(self.peaks_mb.get(role, 0.0), rss)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_INTERVAL_SECONDS):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Processes:
    """The servers this run started; all stopped (process groups) on exit or Ctrl-C."""

    def __init__(self) -> None:
        self.started: dict[str, subprocess.Popen] = {}

    def start(
        self, role: str, args: list[str], cwd: Path, env: dict[str, str]
    ) -> subprocess.Popen:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        log = open(RESULTS_DIR / f"{role}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started[role] = process
        return process

    def check_alive(self) -> None:
        for role, process in self.started.items():
            if process.poll() is not None:
                raise RuntimeError(
                    f"{role} exited with status {process.returncode}; "
                    f"see {RESULTS_DIR / (role + '.log')}"
                )

    def stop(self, prefix: str = "") -> None:
        """Stops the servers whose role starts with `prefix` (all by default)."""
        chosen = {r: p for r, p in self.started.items() if r.startswith(prefix)}
        for process in chosen.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for role, process in chosen.items():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            del self.started[role]


# --------------------------------------------------------------------------------------
# The two assistants
# --------------------------------------------------------------------------------------


@dataclass
class System:
    name: str
    project_dir: Path
    rasa_port: int
    conversation: tuple[Turn, ...]
    actions_port: int | None = None  # only ours has custom actions

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def model_dir(self) -> Path:
        return self.project_dir / "models"


def base_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # Both keep conversation locks in memory: a REDIS_URL would give ours Redis locks only.
    env.pop("REDIS_URL", None)
    env.update(
        {
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONPATH": str(PROJECT_ROOT),
        }
    )
    env.update(extra)
    return env


def sql_tracker_store(sqlite_file: Path) -> str:
    return f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {sqlite_file}\n"


def our_tracker_env(tracker_file: Path) -> dict[str, str]:
    """Our conversations in their own SQLite file: endpoints.yml's tracker store
    (runtime.stores.EnvSQLTrackerStore) reads TRACKER_DB_URL."""
    return {"TRACKER_DB_URL": f"sqlite:///{tracker_file}"}


def stock_endpoints(tracker_file: Path) -> Path:
    path = BENCH_DIR / "stock-endpoints.yml"
    path.write_text(sql_tracker_store(tracker_file))
    return path


def ensure_stock_project(log: Callable[[str], None]) -> None:
    """`rasa init --no-prompt` into var/bench/stock once; it trains the stock model too."""
    if any(STOCK_DIR.glob("models/*.tar.gz")):
        return
    log("Creating the stock assistant with `rasa init --no-prompt` (trains it, ~3 min) ...")
    if STOCK_DIR.exists():
        shutil.rmtree(STOCK_DIR)
    STOCK_DIR.mkdir(parents=True)
    with open(RESULTS_DIR / "stock-init.log", "w") as out:
        subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
            cwd=STOCK_DIR,
            env=base_env(RASA_CACHE_DIRECTORY=str(BENCH_DIR / "stock-cache")),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    if not any(STOCK_DIR.glob("models/*.tar.gz")):
        raise RuntimeError("rasa init trained no model; see results/bench/stock-init.log")


def stock_server_args(system: System, endpoints: Path, credentials: Path) -> list[str]:
    """The stock assistant: plain `rasa run`."""
    return [
        str(VENV_BIN / "rasa"),
        "run",
        "-m",
        str(system.model_dir),
        "-i",
        "127.0.0.1",
        "-p",
        str(system.rasa_port),
        "--credentials",
        str(credentials),
        "--endpoints",
        str(endpoints),
    ]


async def post(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, timeout: float
) -> Any:
    async with session.post(
        url,
        json={"sender": sender, "message": text},
        timeout=aiohttp.ClientTimeout(total=timeout),
    ) as response:
        response.raise_for_status()
        return await response.json()


async def answers_now(system: System, session: aiohttp.ClientSession) -> bool:
    first = system.conversation[0]
    try:
        reply = await post(
            session, system.webhook, f"bench-probe-{uuid.uuid4().hex}", first.text, 30
        )
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False
    return answers(first, reply)


async def wait_for_first_answer(system: System, processes: Processes, started_at: float) -> float:
    """Seconds from `started_at` until the first turn of a conversation gets its answer."""
    async with aiohttp.ClientSession() as session:
        while time.monotonic() - started_at < START_TIMEOUT_SECONDS:
            processes.check_alive()
            if await answers_now(system, session):
                return time.monotonic() - started_at
            await asyncio.sleep(0.25)
    raise RuntimeError(f"{system.name} gave no answer within {START_TIMEOUT_SECONDS}s")


async def start_system(
    system: System,
    processes: Processes,
    sampler: MemorySampler,
    log: Callable[[str], None],
) -> float | None:
    """Starts (or reuses) one assistant; the seconds to its first answer when started."""
    async with aiohttp.ClientSession() as session:
        if await answers_now(system, session):
            log(f"{system.name}: reusing the assistant already on port {system.rasa_port}")
            for role, port in ((f"{system.name}-rasa", system.rasa_port),
                               (f"{system.name}-actions", system.actions_port)):  # fmt: skip
                pid = listening_pid(port) if port else None
                if pid:
                    sampler.watch(role, pid)
            return None
    tracker_file = BENCH_DIR / f"{system.name}-tracker.db"
    tracker_file.unlink(missing_ok=True)
    log(f"{system.name}: starting ...")
    started_at = time.monotonic()
    if system.name == OURS:
        # Ours starts as `make run` starts it: the launcher's commands (runtime/launch.py).
        env = base_env(
            ACTIONS_PORT=str(system.actions_port),
            RASA_PORT=str(system.rasa_port),
            WEB_PORT=os.environ.get("WEB_PORT", "8080"),
            HOST="127.0.0.1",
            ACTIONS_HOST="127.0.0.1",
            **our_tracker_env(tracker_file),
        )
        for name in ("RASA_AUTH_TOKEN", "PUBLIC_URL", "ACTION_SERVER_URL"):
            env.pop(name, None)  # as on one machine: no HTTP API, the project's own files
        action_server, rasa_server = launch.plan("actions", env) + launch.plan("rasa", env)
        actions = processes.start(
            "ours-actions",
            list(action_server.argv),
            PROJECT_ROOT,
            launch.process_environment(action_server, env),
        )
        sampler.watch("ours-actions", actions.pid)
        rasa_args = list(rasa_server.argv)
        env = launch.process_environment(rasa_server, env)
    else:
        env = base_env(PYTHONPATH=str(STOCK_DIR))
        rasa_args = stock_server_args(
            system, stock_endpoints(tracker_file), STOCK_DIR / "credentials.yml"
        )
    rasa = processes.start(f"{system.name}-rasa", rasa_args, system.project_dir, env)
    sampler.watch(f"{system.name}-rasa", rasa.pid)
    seconds = await wait_for_first_answer(system, processes, started_at)
    log(f"{system.name}: first answer after {seconds:.1f} s")
    return seconds


# --------------------------------------------------------------------------------------
# Load
# --------------------------------------------------------------------------------------


async def run_block(
    system: System, concurrency: int, seconds: float, max_turns: int, round_no: int
) -> Block:
    """`concurrency` conversations at a time, back to back, for `seconds` (or max_turns)."""
    block = Block(system=system.name, concurrency=concurrency, round=round_no, seconds=0.0)
    started = time.monotonic()
    deadline = started + seconds
    turns = 0

    def more() -> bool:
        return time.monotonic() < deadline and turns < max_turns

    async def converse(session: aiohttp.ClientSession) -> None:
        nonlocal turns
        while more():
            sender = f"bench-{system.name}-{uuid.uuid4().hex}"
            block.conversations += 1
            for turn in system.conversation:
                if not more():
                    return
                turns += 1
                sent = time.perf_counter()
                try:
                    reply = await post(
                        session, system.webhook, sender, turn.text, REQUEST_TIMEOUT_SECONDS
                    )
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    reply = None
                elapsed = time.perf_counter() - sent
                if not answers(turn, reply):
                    block.failed += 1
                    break  # this conversation went off course: start a new one
                block.latencies.append(elapsed)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(converse(session) for _ in range(concurrency)))
    block.seconds = time.monotonic() - started
    return block


# --------------------------------------------------------------------------------------
# Training time
# --------------------------------------------------------------------------------------


def training_seconds(system: System, log: Callable[[str], None]) -> float:
    """Wall time of `rasa train --force` into a scratch folder, with an empty Rasa cache."""
    scratch = Path(tempfile.mkdtemp(prefix=f"train-{system.name}-", dir=BENCH_DIR))
    try:
        log(f"{system.name}: training (rasa train --force, empty cache) ...")
        started = time.monotonic()
        with open(RESULTS_DIR / f"{system.name}-train.log", "w") as out:
            subprocess.run(
                [
                    str(VENV_BIN / "rasa"),
                    "train",
                    "--force",
                    "--num-threads",
                    "2",
                    "--out",
                    str(scratch / "models"),
                ],  # fmt: skip
                cwd=system.project_dir,
                env=base_env(
                    RASA_CACHE_DIRECTORY=str(scratch / "cache"),
                    PYTHONPATH=str(system.project_dir),
                ),
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
            )
        seconds = time.monotonic() - started
        log(f"{system.name}: trained in {seconds:.0f} s")
        return seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --------------------------------------------------------------------------------------
# Settings, report
# --------------------------------------------------------------------------------------


@dataclass
class Settings:
    quick: bool
    rounds: int
    seconds: float
    levels: tuple[int, ...]
    max_turns: int
    train: bool
    starts: int
    rasa_port: int
    actions_port: int
    stock_port: int

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Settings:
        quick = env.get("BENCH_QUICK", "0") not in ("", "0")
        rasa_port = int(env.get("RASA_PORT", "5005"))
        return cls(
            quick=quick,
            rounds=int(env.get("BENCH_ROUNDS", "1" if quick else "3")),
            seconds=float(env.get("BENCH_SECONDS", "8" if quick else "12")),
            levels=tuple(int(v) for v in env.get("BENCH_LEVELS", "1,10,50").split(",")),
            max_turns=int(env.get("BENCH_MAX_TURNS", "3000")),
            train=env.get("BENCH_TRAIN", "0" if quick else "1") not in ("", "0"),
            starts=max(1, int(env.get("BENCH_STARTS", "1" if quick else "2"))),
            rasa_port=rasa_port,
            actions_port=int(env.get("ACTIONS_PORT", "5055")),
            stock_port=int(env.get("STOCK_RASA_PORT", str(rasa_port + 100))),
        )


@dataclass
class Results:
    date: str
    command: str
    machine: dict[str, str]
    settings: dict[str, Any]
    start_seconds: dict[str, float | None] = field(default_factory=dict)  # mean of the runs
    start_runs: dict[str, list[float]] = field(default_factory=dict)
    train_seconds: dict[str, float | None] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    levels: dict[str, list[LevelSummary]] = field(default_factory=dict)
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def level(self, system: str, concurrency: int) -> LevelSummary | None:
        for summary in self.levels.get(system, []):
            if summary.concurrency == concurrency:
                return summary
        return None


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = meminfo_kb("MemTotal") / 1024 / 1024
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    import rasa

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{memory_gb:.0f} GB",
        "load average at start": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "python": platform.python_version(),
        "rasa": rasa.__version__,
        "commit": commit,
    }


def fmt(value: float | None, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def _row(
    measure: str,
    ours: float | None,
    stock: float | None,
    unit: str,
    digits: int = 0,
    target: str = "",
    met: Callable[[float, float], bool] | None = None,
) -> tuple[str, str, str, str, str, str]:
    """One line of the summary: values, their ratio, and whether the target is met."""
    met_text = ""
    if met is not None:
        known = ours is not None and stock is not None
        met_text = verdict(met(ours, stock) if known else None)  # type: ignore[arg-type]
    return (
        measure,
        fmt(ours, digits, unit),
        fmt(stock, digits, unit),
        fmt_ratio(ratio(ours, stock)),
        target,
        met_text,
    )


def headline_rows(results: Results) -> list[tuple[str, str, str, str, str, str]]:
    """(measure, ours, stock, ours/stock, target, met) for the summary table."""
    rows = []
    ours1, stock1 = results.level(OURS, 1), results.level(STOCK, 1)
    for q in (50, 95, 99):
        rows.append(
            _row(
                f"per-turn latency p{q}, 1 conversation",
                getattr(ours1, f"p{q}_ms", None),
                getattr(stock1, f"p{q}_ms", None),
                " ms",
                target=f"at most {TARGET_P95_RATIO}" if q == 95 else "",
                met=(lambda o, s: o <= TARGET_P95_RATIO * s) if q == 95 else None,
            )
        )
    for level in results.settings["levels"]:
        ours_level, stock_level = results.level(OURS, level), results.level(STOCK, level)
        rows.append(
            _row(
                f"throughput, {level} concurrent conversations",
                ours_level.turns_per_second if ours_level else None,
                stock_level.turns_per_second if stock_level else None,
                " turns/s",
                digits=1,
                target=f"at least {TARGET_THROUGHPUT_RATIO_AT_10}" if level == 10 else "",
                met=(lambda o, s: o >= TARGET_THROUGHPUT_RATIO_AT_10 * s) if level == 10 else None,
            )
        )
    rows.append(
        _row(
            "start to first answer",
            results.start_seconds.get(OURS),
            results.start_seconds.get(STOCK),
            " s",
            digits=1,
            target=f"at most {TARGET_START_RATIO}",
            met=lambda o, s: o <= TARGET_START_RATIO * s,
        )
    )
    rows.append(
        _row(
            "peak RSS, Rasa server",
            results.peak_rss_mb.get("ours-rasa"),
            results.peak_rss_mb.get("stock-rasa"),
            " MB",
            target=f"at most stock + {TARGET_EXTRA_RSS_MB} MB",
            met=lambda o, s: o <= s + TARGET_EXTRA_RSS_MB,
        )
    )
    actions = results.peak_rss_mb.get("ours-actions")
    rows.append(("peak RSS, action server", fmt(actions, 0, " MB"), "none", "", "", ""))
    ours_train = results.train_seconds.get(OURS)
    rows.append(
        _row(
            "training time",
            ours_train,
            results.train_seconds.get(STOCK),
            " s",
            target=f"ours at most {TARGET_TRAIN_SECONDS} s",
        )
    )
    if ours_train is not None:
        rows[-1] = rows[-1][:5] + (verdict(ours_train <= TARGET_TRAIN_SECONDS),)
    return rows


def render_markdown(results: Results, plot_name: str) -> str:
    lines = [
        BEGIN_MARK,
        "",
        f"Measured {results.date} with `{results.command}` "
        f"({results.settings['rounds']} interleaved rounds of "
        f"{results.settings['seconds']:.0f}-second blocks per system and level).",
        "",
        "| machine | |",
        "| --- | --- |",
    ]
    lines += [f"| {key} | {value} |" for key, value in results.machine.items()]
    lines += [
        "",
        "| measure | ours | stock `rasa init` | ours / stock | target | met |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in headline_rows(results)]
    if results.start_runs:
        runs = "; ".join(
            f"{name} " + ", ".join(f"{seconds:.1f} s" for seconds in runs)
            for name, runs in sorted(results.start_runs.items())
        )
        lines += ["", f"Start to first answer is the mean of the starts: {runs}."]
    lines += [
        "",
        "Per concurrency level (latency of answered turns; *failed* counts wrong answers, "
        "errors and timeouts):",
        "",
        "| conversations | system | turns | failed | turns/s | p50 | p95 | p99 |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for level in results.settings["levels"]:
        for system in (OURS, STOCK):
            s = results.level(system, level)
            if s is None:
                continue
            lines.append(
                f"| {level} | {system} | {s.turns} | {s.failed} | {s.turns_per_second:.1f} "
                f"| {fmt(s.p50_ms, 0, ' ms')} | {fmt(s.p95_ms, 0, ' ms')} "
                f"| {fmt(s.p99_ms, 0, ' ms')} |"
            )
    lines += ["", f"![Latency and throughput against concurrency]({plot_name})", "", END_MARK]
    return "\n".join(lines)


DOC_TEMPLATE = """# Benchmark: ours against a stock `rasa init` assistant

Run it with `make bench` (see `scripts/bench.py` for the settings).

{generated}
"""


def write_doc(path: Path, generated: str) -> None:
    """Replaces the generated part of `path`, keeping everything written around it."""
    if path.exists() and BEGIN_MARK in (text := path.read_text()) and END_MARK in text:
        head, rest = text.split(BEGIN_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        path.write_text(head + generated + tail)
    else:
        path.write_text(DOC_TEMPLATE.format(generated=generated))


def write_plot(results: Results, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = list(results.settings["levels"])
    fig, (latency_ax, throughput_ax) = plt.subplots(1, 2, figsize=(10, 4))
    styles = {OURS: ("tab:blue", "ours"), STOCK: ("tab:orange", "stock rasa init")}
    for system, (colour, label) in styles.items():
        summaries = [results.level(system, level) for level in levels]
        xs = [lv for lv, s in zip(levels, summaries, strict=True) if s and s.p50_ms]
        chosen = [s for s in summaries if s and s.p50_ms]
        latency_ax.plot(xs, [s.p50_ms for s in chosen], "o-", color=colour,
                        label=f"{label} p50")  # fmt: skip
        latency_ax.plot(xs, [s.p95_ms for s in chosen], "s--", color=colour,
                        label=f"{label} p95")  # fmt: skip
        throughput_ax.plot(xs, [s.turns_per_second for s in chosen], "o-", color=colour,
                           label=label)  # fmt: skip
    for ax in (latency_ax, throughput_ax):
        ax.set_xscale("log")
        ax.set_xticks(levels)
        ax.set_xticklabels([str(v) for v in levels])
        ax.set_xlabel("concurrent conversations")
        ax.grid(True, alpha=0.3)
        ax.legend()
    latency_ax.set_yscale("log")
    latency_ax.set_ylabel("per-turn latency (ms)")
    latency_ax.set_title("Latency")
    throughput_ax.set_ylabel("answered turns per second")
    throughput_ax.set_ylim(bottom=0)
    throughput_ax.set_title("Throughput")
    fig.suptitle(f"REST, {results.machine['cores']} cores, {results.date}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


async def measure(
    settings: Settings, systems: list[System], results: Results, sampler: MemorySampler
) -> None:
    # Warm-up: one whole conversation each, not counted.
    for system in systems:
        await run_block(system, 1, 0.001, len(system.conversation), 0)
    blocks: list[Block] = []
    for round_no in range(1, settings.rounds + 1):
        for index, level in enumerate(settings.levels):
            # Alternate who goes first, so that neither always follows the heavier run.
            order = systems if (round_no + index) % 2 else list(reversed(systems))
            for system in order:
                block = await run_block(
                    system, level, settings.seconds, settings.max_turns, round_no
                )
                sampler.sample()
                blocks.append(block)
                log(
                    f"round {round_no} {system.name:5} x{level:<3} "
                    f"{len(block.latencies):5} turns {block.turns_per_second:6.1f}/s "
                    f"p50 {fmt((percentile(block.latencies, 50) or 0) * 1000)} ms "
                    f"failed {block.failed}"
                )
    for system in systems:
        results.levels[system.name] = [
            summarise(blocks, system.name, level) for level in settings.levels
        ]
    results.blocks = [
        {k: v for k, v in asdict(b).items() if k != "latencies"} | {"turns": len(b.latencies)}
        for b in blocks
    ]


def main() -> int:
    settings = Settings.from_env(dict(os.environ))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    command = "BENCH_QUICK=1 make bench" if settings.quick else "make bench"
    results = Results(
        date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        command=command,
        machine=machine(),
        settings=asdict(settings),
    )
    ours = System(OURS, PROJECT_ROOT, settings.rasa_port, OUR_CONVERSATION,
                  actions_port=settings.actions_port)  # fmt: skip
    stock = System(STOCK, STOCK_DIR, settings.stock_port, STOCK_CONVERSATION)
    ensure_stock_project(log)

    if settings.train:
        for system in (ours, stock):
            results.train_seconds[system.name] = training_seconds(system, log)

    processes = Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with MemorySampler() as sampler:
            # Starts in the order stock, ours, ours, stock ... so that a slow spell of the
            # machine does not fall on one of them only; the last two started stay up.
            for start in range(settings.starts):
                order = (stock, ours) if start % 2 == 0 else (ours, stock)
                for system in order:
                    seconds = asyncio.run(start_system(system, processes, sampler, log))
                    if seconds is not None:
                        results.start_runs.setdefault(system.name, []).append(seconds)
                    if start < settings.starts - 1:
                        processes.stop(system.name)
            for name, runs in results.start_runs.items():
                results.start_seconds[name] = sum(runs) / len(runs)
            asyncio.run(measure(settings, [ours, stock], results, sampler))
            processes.check_alive()
            sampler.sample()
        results.machine["load average at end"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
        results.peak_rss_mb = {k: round(v, 1) for k, v in sampler.peaks_mb.items()}
    finally:
        processes.stop()

    out_dir = RESULTS_DIR if settings.quick else DOC.parent
    doc = out_dir / DOC.name
    plot = out_dir / PLOT.name
    (RESULTS_DIR / "bench.json").write_text(json.dumps(asdict(results), indent=2))
    write_plot(results, plot)
    write_doc(doc, render_markdown(results, plot.name))
    log(f"wrote {doc.relative_to(PROJECT_ROOT)} and {plot.relative_to(PROJECT_ROOT)}")
    for row in headline_rows(results):
        print("  " + " | ".join(cell for cell in row if cell))
    failed = sum(s.failed for summaries in results.levels.values() for s in summaries)
    if failed:
        log(f"{failed} turns failed (see the table); the numbers may not be comparable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
