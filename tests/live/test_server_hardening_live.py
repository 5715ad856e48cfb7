"""The running stack of `make run` (runtime/launch.py), attacked from outside (issue 16):
the API token read from the process list, a guessed token, the model replaced through the
API, a 1 MB body, a call straight to the action server, and the storage health report.

Run by `make test-channels` and `make test-live` (tests/live/channels.env sets a 32+
character RASA_AUTH_TOKEN, so the API is on).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import requests

RASA_PORT = os.environ.get("RASA_PORT", "5005")
RASA_URL = f"http://127.0.0.1:{RASA_PORT}"
ACTIONS_URL = f"http://127.0.0.1:{os.environ.get('ACTIONS_PORT', '5055')}"
TOKEN = os.environ["RASA_AUTH_TOKEN"]


def command_lines() -> dict[int, list[str]]:
    """Every process's command line, as any local user can read it."""
    lines = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                raw = (entry / "cmdline").read_bytes()
            except OSError:
                continue  # it ended meanwhile
            lines[int(entry.name)] = raw.decode(errors="replace").split("\0")
    return lines


def test_the_api_token_is_in_no_command_line_of_the_running_rasa_server():
    everyone = command_lines()
    rasa_servers = [
        args
        for args in everyone.values()
        if "runtime" in args and "run" in args and "-p" in args
        if args[args.index("-p") + 1] == RASA_PORT
    ]
    assert rasa_servers, "the Rasa server of this stack was not found in the process list"
    assert not [args for args in everyone.values() if any(TOKEN in arg for arg in args)]
    assert all("--auth-token" not in args for args in rasa_servers)


def test_the_api_answers_the_token_only():
    right = requests.get(f"{RASA_URL}/status", params={"token": TOKEN}, timeout=30)
    guessed = requests.get(f"{RASA_URL}/status", params={"token": TOKEN[:-1]}, timeout=30)
    assert right.status_code == 200 and guessed.status_code == 401


def test_the_model_cannot_be_replaced_through_the_api_even_with_the_token():
    answer = requests.put(
        f"{RASA_URL}/model",
        params={"token": TOKEN},
        json={"model_file": "/tmp/attacker-model.tar.gz"},
        timeout=30,
    )
    assert answer.status_code == 403
    assert requests.get(f"{RASA_URL}/status", params={"token": TOKEN}, timeout=30).ok


def test_a_one_megabyte_body_is_refused_before_it_is_read():
    async def attempt() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", int(RASA_PORT))
        writer.write(
            b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n"
            + b'{"sender": "big", "message": "'
            + b"a" * 1024
        )
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(200), timeout=10)
        finally:
            writer.close()

    assert asyncio.run(attempt()).startswith(b"HTTP/1.1 413")


def test_the_action_server_runs_nothing_for_a_caller_without_the_secret():
    forged = {
        "next_action": "action_delete_my_data",
        "sender_id": "rest-victim",
        "version": "3.6.2",
        "tracker": {"sender_id": "rest-victim", "slots": {}, "events": [], "latest_message": {}},
        "domain": {},
    }
    answer = requests.post(f"{ACTIONS_URL}/webhook", json=forged, timeout=30)
    assert answer.status_code == 401
    assert requests.get(f"{ACTIONS_URL}/health", timeout=30).status_code == 200


def test_the_storage_health_endpoint_reports_a_working_database():
    answer = requests.get(f"{RASA_URL}/health/storage", timeout=30)
    assert answer.status_code == 200 and answer.json()["status"] == "ok"
