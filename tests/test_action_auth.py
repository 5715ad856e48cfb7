"""The action server runs actions only for the Rasa server (runtime/action_auth.py): the
attack is a direct call to /webhook, as anything on the network could make it."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from runtime import action_auth

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-actions-shared-secret-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_action_server(port: int) -> subprocess.Popen:
    """`python -m runtime.action_auth`, as the launcher (runtime/launch.py) starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "runtime.action_auth", "--actions", "actions", "-p", str(port)],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "ACTIONS_SHARED_SECRET": SECRET,
            "SANIC_HOST": "127.0.0.1",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def action_server() -> Iterator[str]:
    """`python -m runtime.action_auth`, as the launcher (runtime/launch.py) starts it."""
    port = free_port()
    process = start_action_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def action_call(action: str) -> dict:
    return {
        "next_action": action,
        "sender_id": "victim",
        "version": "3.6.2",
        "tracker": {"sender_id": "victim", "slots": {}, "events": [], "latest_message": {}},
        "domain": {},
    }


def test_an_action_call_without_the_secret_is_refused_and_runs_nothing(action_server):
    forged = requests.post(
        f"{action_server}/webhook", json=action_call("action_delete_my_data"), timeout=10
    )
    guessed = requests.post(
        f"{action_server}/webhook",
        json=action_call("action_delete_my_data"),
        headers={action_auth.SECRET_HEADER: "guessed"},
        timeout=10,
    )
    listing = requests.get(f"{action_server}/actions", timeout=10)
    assert forged.status_code == guessed.status_code == listing.status_code == 401
    assert "events" not in forged.text


def test_the_rasa_servers_call_with_the_secret_reaches_the_actions(action_server):
    answer = requests.post(
        f"{action_server}/webhook",
        json=action_call("action_that_does_not_exist"),
        headers={action_auth.SECRET_HEADER: SECRET},
        timeout=10,
    )
    assert answer.status_code == 404  # past the secret: the executor looked for the action
    assert requests.get(f"{action_server}/health", timeout=10).status_code == 200


def test_rasa_sends_the_secret_with_every_action_call(monkeypatch: pytest.MonkeyPatch):
    from rasa.core.utils import AvailableEndpoints

    monkeypatch.setenv("ACTIONS_SHARED_SECRET", SECRET)
    monkeypatch.setenv("ACTIONS_PORT", "5055")
    action_auth.install_rasa_side()
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    assert endpoints.action.headers[action_auth.SECRET_HEADER] == SECRET


def test_without_a_configured_secret_one_is_made_once_readable_by_its_owner_only(
    tmp_path: Path,
):
    secret_file = tmp_path / "var" / "actions-secret.key"
    first = action_auth.shared_secret({}, secret_file)
    again = action_auth.shared_secret({}, secret_file)
    assert first == again and len(first) == 64
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert action_auth.shared_secret({"ACTIONS_SHARED_SECRET": "given"}, secret_file) == "given"


def test_the_action_servers_symptom_pipeline_reads_symptoms_without_loading_tensorflow():
    # spaCy's thinc imports TensorFlow whenever it is installed; the action server keeps it
    # out (about 400 MB and seconds saved) and its symptom pipeline still reads symptoms.
    script = (
        "import sys\n"
        "from runtime import action_auth\n"
        "action_auth.keep_tensorflow_out()\n"
        "action_auth.build_symptom_pipeline()\n"
        "from symptom_nlu.extract import get_extractor\n"
        "found = [m.symptom_id for m in get_extractor().extract('back hurts bad').symptoms]\n"
        "print(found, sys.modules.get('tensorflow') is not None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["['back_pain']", "False"]


def test_the_symptom_pipeline_is_built_in_a_daemon_thread_and_a_failure_only_logs(
    caplog: pytest.LogCaptureFixture,
):
    import threading

    threads: list[threading.Thread] = []

    def build() -> None:
        threads.append(threading.current_thread())

    def broken() -> None:
        raise OSError("resources missing")

    action_auth.build_in_background(build).join(10)
    action_auth.build_in_background(broken).join(10)
    assert threads and threads[0] is not threading.main_thread() and threads[0].daemon
    assert "Could not build the symptom pipeline" in caplog.text


def test_an_action_server_told_to_stop_while_it_builds_the_pipeline_stops_at_once():
    # The pipeline takes half a minute to build; a server stopped meanwhile (a deploy, the
    # test harness) must not wait for it. It did, in an executor thread, and CI's teardown
    # gave up after 20 s.
    port = free_port()
    process = start_action_server(port)
    try:
        for _ in range(240):
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        time.sleep(1)  # the build has started
        stopped_at = time.monotonic()
        process.terminate()
        process.wait(timeout=15)
        assert time.monotonic() - stopped_at < 15
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
