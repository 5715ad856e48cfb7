"""The benchmark tool (scripts/bench.py) on its own: statistics, the load generator against a
tiny fake REST channel, memory sampling and the report. Nothing here is timed: `make bench`
measures, these tests only check that what it measures is counted and written correctly."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"
_spec = importlib.util.spec_from_file_location("bench", SCRIPT)
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench"] = bench
_spec.loader.exec_module(bench)

CONVERSATION = (bench.Turn("hello", "how are you"), bench.Turn("bye", "bye"))
ANSWERS = {"hello": "Hey! How are you?", "bye": "Bye"}


class FakeRestChannel(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel; a message it does not know gets an empty list."""

    messages: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeRestChannel.messages.append(body)
        text = ANSWERS.get(body["message"])
        reply = [{"recipient_id": body["sender"], "text": text}] if text else []
        payload = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_rasa() -> Iterator[int]:
    FakeRestChannel.messages = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRestChannel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def system_on(port: int, conversation=CONVERSATION) -> bench.System:
    return bench.System("stock", Path("."), port, conversation)


# --- statistics --------------------------------------------------------------------------


def test_percentiles_interpolate_between_ranks():
    values = [0.1, 0.2, 0.3, 0.4, 0.5]
    assert bench.percentile(values, 50) == pytest.approx(0.3)
    assert bench.percentile(values, 95) == pytest.approx(0.48)
    assert bench.percentile([], 50) is None


def test_a_ratio_needs_both_values():
    assert bench.ratio(3.0, 2.0) == pytest.approx(1.5)
    assert bench.ratio(None, 2.0) is None
    assert bench.ratio(1.0, 0.0) is None


def test_a_level_summary_pools_the_blocks_of_one_system_and_level():
    blocks = [
        bench.Block("ours", 10, 1, 2.0, latencies=[0.1, 0.2], failed=1),
        bench.Block("ours", 10, 2, 2.0, latencies=[0.3, 0.4]),
        bench.Block("ours", 1, 1, 2.0, latencies=[9.0]),
        bench.Block("stock", 10, 1, 2.0, latencies=[5.0]),
    ]
    summary = bench.summarise(blocks, "ours", 10)
    assert summary.turns == 4
    assert summary.failed == 1
    assert summary.turns_per_second == pytest.approx(1.0)
    assert summary.p50_ms == pytest.approx(250)


# --- the load generator --------------------------------------------------------------------


def test_each_conversation_gets_its_own_sender_and_all_its_turns(fake_rasa):
    block = asyncio.run(bench.run_block(system_on(fake_rasa), 3, 30, 12, 1))
    assert len(block.latencies) == 12
    assert block.failed == 0
    senders = {}
    for message in FakeRestChannel.messages:
        senders.setdefault(message["sender"], []).append(message["message"])
    # Each conversation has its own sender and its turns in order; when the turn budget runs
    # out, conversations in flight may stop after their first turn.
    assert len(senders) == block.conversations
    assert sum(len(turns) for turns in senders.values()) == 12
    assert all(turns in (["hello"], ["hello", "bye"]) for turns in senders.values())
    assert sum(turns == ["hello", "bye"] for turns in senders.values()) >= 4


def test_a_wrong_answer_is_a_failed_turn_and_starts_a_new_conversation(fake_rasa):
    derailing = (bench.Turn("hello", "how are you"), bench.Turn("what?", "anything"))
    block = asyncio.run(bench.run_block(system_on(fake_rasa, derailing), 1, 30, 6, 1))
    assert len(block.latencies) == 3  # every "hello"
    assert block.failed == 3  # every "what?"
    assert block.conversations == 3


def test_an_assistant_that_is_not_there_fails_every_turn():
    with socket_closed_port() as port:
        block = asyncio.run(bench.run_block(system_on(port), 2, 30, 4, 1))
    assert block.latencies == []
    assert block.failed == 4


class socket_closed_port:  # noqa: N801 - used as a context manager
    """A loopback port that nothing listens on."""

    def __enter__(self) -> int:
        import socket

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        return self._socket.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self._socket.close()


# --- memory -------------------------------------------------------------------------------


def test_the_memory_sampler_reads_a_live_process_tree():
    with bench.MemorySampler() as sampler:
        sampler.watch("me", os.getpid())
    assert sampler.peaks_mb["me"] > 10
    assert os.getpid() in bench.process_tree(os.getpid())
    assert bench.status_kb(os.getpid(), "VmHWM") > 0


def test_a_process_that_is_gone_uses_no_memory():
    assert bench.status_kb(2**22 + 7, "VmRSS") == 0


# --- the report --------------------------------------------------------------------------


def results_with(ours_p95: float, stock_p95: float) -> bench.Results:
    results = bench.Results(
        date="2026-01-01 00:00 UTC",
        command="make bench",
        machine={"cores": "2"},
        settings={"levels": (1, 10), "rounds": 1, "seconds": 5.0},
        start_seconds={"ours": 40.0, "stock": 50.0},
        train_seconds={"ours": 200.0, "stock": 100.0},
        peak_rss_mb={"ours-rasa": 1200.0, "stock-rasa": 1100.0, "ours-actions": 120.0},
    )
    for system, p95, rate in (("ours", ours_p95, 20.0), ("stock", stock_p95, 10.0)):
        results.levels[system] = [
            bench.LevelSummary(level, 100, 0, rate, p95 / 2, p95, p95 * 1.1) for level in (1, 10)
        ]
    return results


def test_the_summary_gives_each_ratio_and_whether_its_target_is_met():
    rows = {row[0]: row for row in bench.headline_rows(results_with(140.0, 100.0))}
    p95 = rows["per-turn latency p95, 1 conversation"]
    assert p95[1:4] == ("140 ms", "100 ms", "1.40")
    assert p95[5] == "yes"
    assert rows["throughput, 10 concurrent conversations"][3:] == ("2.00", "at least 0.8", "yes")
    assert rows["start to first answer"][5] == "yes"
    assert rows["peak RSS, Rasa server"][5] == "yes"
    assert rows["training time"][5] == "**no**"  # 200 s is over 3 minutes

    too_slow = {row[0]: row for row in bench.headline_rows(results_with(160.0, 100.0))}
    assert too_slow["per-turn latency p95, 1 conversation"][5] == "**no**"


def test_the_report_keeps_what_was_written_around_the_tables(tmp_path):
    doc = tmp_path / "benchmark.md"
    doc.write_text(
        f"# Benchmark\n\nOur notes.\n\n{bench.BEGIN_MARK}\nold tables\n{bench.END_MARK}\n\n"
        "## What each change gave\n"
    )
    results = results_with(140.0, 100.0)
    results.start_runs = {"ours": [39.0, 41.0], "stock": [50.0, 50.0]}
    bench.write_doc(doc, bench.render_markdown(results, "benchmark.png"))
    text = doc.read_text()
    assert text.startswith("# Benchmark\n\nOur notes.")
    assert "the mean of the starts: ours 39.0 s, 41.0 s; stock 50.0 s, 50.0 s." in text
    assert text.endswith("## What each change gave\n")
    assert "old tables" not in text
    assert "| per-turn latency p95, 1 conversation | 140 ms | 100 ms | 1.40 |" in text
    assert "![Latency and throughput against concurrency](benchmark.png)" in text


def test_a_new_report_gets_a_title(tmp_path):
    doc = tmp_path / "benchmark.md"
    bench.write_doc(doc, bench.render_markdown(results_with(140.0, 100.0), "benchmark.png"))
    assert doc.read_text().startswith("# Benchmark")


def test_the_plot_is_a_png(tmp_path):
    bench.write_plot(results_with(140.0, 100.0), tmp_path / "plot.png")
    assert (tmp_path / "plot.png").read_bytes().startswith(b"\x89PNG")
