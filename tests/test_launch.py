"""One launcher (runtime/launch.py): `make run` and the container start the same servers with
the same options, because both ask `python -m runtime` what to run.

The comparison runs the real entry points with `--print` (the launcher says what it would
start, and starts nothing): `make run`'s command as `make -n run` shows it, and
deploy/entrypoint.sh with each of the container's server roles.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from runtime import launch

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
CONTAINER_ROLES = ("actions", "rasa", "web")
LAUNCHER_SETTINGS = ("HOST", "ACTIONS_HOST", "RASA_AUTH_TOKEN", "PUBLIC_URL", "ACTION_SERVER_URL")

ON_ONE_MACHINE = {"RASA_PORT": "5105", "ACTIONS_PORT": "5155", "WEB_PORT": "8180"}
IN_CONTAINERS = {
    **ON_ONE_MACHINE,
    "HOST": "0.0.0.0",
    "ACTIONS_HOST": "0.0.0.0",
    "RASA_AUTH_TOKEN": "a-long-random-token-of-more-than-32-characters",
    "PUBLIC_URL": "https://chat.example.org",
    "ACTION_SERVER_URL": "http://actions:5055/webhook",
}


def environment(settings: dict[str, str], tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in LAUNCHER_SETTINGS and not key.startswith(("MAKE", "MFLAGS"))
    }
    return {**env, **settings, "TMPDIR": str(tmp_path)}


def printed_plan(stdout: str) -> list[dict[str, Any]]:
    """The launcher's `--print` lines, with what may differ between two runs made equal: the
    interpreter by its real path, a written config file by its content."""
    processes = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    for process in processes:
        argv = process["argv"]
        argv[0] = os.path.realpath(argv[0])
        for option in ("--credentials", "--endpoints"):
            if option in argv:
                path = ROOT / argv[argv.index(option) + 1]
                argv[argv.index(option) + 1] = yaml.safe_load(path.read_text())
    return processes


def make_run_plan(env: dict[str, str]) -> list[dict[str, Any]]:
    """What `make run` starts: its launcher command (`make -n` shows it, runs nothing), asked
    to print instead of start."""
    shown = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    (command,) = [line for line in shown if line.strip().endswith("-m runtime all")]
    result = subprocess.run(
        ["bash", "-c", command + " --print"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return printed_plan(result.stdout)


def container_plan(env: dict[str, str], tmp_path: Path) -> list[dict[str, Any]]:
    """What the containers start, one role each, through the image's entry point (the image
    puts its venv first on PATH; the venv running these tests stands in for it)."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    (fake_bin / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (fake_bin / "python").chmod(0o755)
    env = {**env, "PATH": f"{fake_bin}:{env['PATH']}"}
    processes = []
    for role in CONTAINER_ROLES:
        result = subprocess.run(
            [str(ENTRYPOINT), role, "--print"], env=env, capture_output=True, text=True, check=True
        )
        processes += printed_plan(result.stdout)
    return processes


@pytest.mark.parametrize(
    "settings", [ON_ONE_MACHINE, IN_CONTAINERS], ids=["on one machine", "in containers"]
)
def test_make_run_and_the_container_start_the_same_processes_with_the_same_options(
    settings, tmp_path
):
    env = environment(settings, tmp_path)
    make_run = make_run_plan(env)
    containers = container_plan(env, tmp_path)
    assert [p["name"] for p in make_run] == ["Action server", "Rasa server", "Web chat page"]
    assert make_run == containers


def test_the_rasa_server_gets_the_speed_ups_and_the_hardening_wherever_it_runs(tmp_path):
    for settings in (ON_ONE_MACHINE, IN_CONTAINERS):
        (rasa,) = launch.plan("rasa", environment(settings, tmp_path))
        # runtime/__main__.py: the validator built once, the token from the environment only.
        assert rasa.argv[1:4] == ("-m", "runtime", "run")
        assert "--auth-token" not in rasa.argv
        (actions,) = launch.plan("actions", environment(settings, tmp_path))
        # rasa-sdk's own entry point behind the shared secret, not `rasa run actions`.
        assert actions.argv[1:3] == ("-m", "runtime.action_auth")


def test_on_one_machine_everything_listens_on_loopback_and_the_api_stays_off(tmp_path):
    actions, rasa, web = launch.plan("all", environment(ON_ONE_MACHINE, tmp_path))
    assert actions.env == {"SANIC_HOST": "127.0.0.1"}
    assert rasa.argv[rasa.argv.index("-i") + 1] == "127.0.0.1"
    assert "--enable-api" not in rasa.argv
    assert rasa.argv[rasa.argv.index("--credentials") + 1] == "credentials.yml"
    cors = rasa.argv.index("--cors")
    assert rasa.argv[cors + 1 : cors + 3] == ("http://127.0.0.1:8180", "http://localhost:8180")
    assert web.health_url == "http://127.0.0.1:8180/"


def test_started_by_hand_with_no_port_set_the_servers_still_find_each_other():
    # `python -m runtime all` in a bare shell: endpoints.yml says ${ACTIONS_PORT}, which Rasa
    # leaves as it is when the variable is unset, and every action then fails.
    bare = {"PATH": os.environ.get("PATH", "")}
    for process in launch.plan("all", bare):
        env = launch.process_environment(process, bare)
        assert (env["RASA_PORT"], env["ACTIONS_PORT"], env["WEB_PORT"]) == ("5005", "5055", "8080")
    custom = {**bare, **ON_ONE_MACHINE}
    (rasa,) = launch.plan("rasa", custom)
    assert launch.process_environment(rasa, custom)["ACTIONS_PORT"] == "5155"


def test_a_setting_that_is_not_a_port_stops_the_launcher_with_its_name(tmp_path):
    with pytest.raises(launch.LaunchError, match="RASA_PORT"):
        launch.plan("all", environment({"RASA_PORT": "50o5"}, tmp_path))
    with pytest.raises(launch.LaunchError, match="unknown role"):
        launch.plan("rasa-x", environment({}, tmp_path))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_command_runs_against_a_started_server_which_is_stopped_afterwards(tmp_path):
    port = free_port()
    probe = (
        "import os, urllib.request;"
        f"urllib.request.urlopen('http://127.0.0.1:{port}/health', timeout=5);"
        "print('umask', oct(os.umask(0)))"
    )
    result = subprocess.run(
        [sys.executable, "-m", "runtime", "actions", "--log", str(tmp_path / "actions.log")]
        + ["--", sys.executable, "-c", probe],
        cwd=ROOT,
        env={**environment({"ACTIONS_PORT": str(port)}, tmp_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The command saw the server up, and the launcher's umask: new files private.
    assert "umask 0o77" in result.stdout
    assert "Action server is up" in (tmp_path / "actions.log").read_text()
    with socket.socket() as after, pytest.raises(ConnectionRefusedError):
        after.connect(("127.0.0.1", port))


def test_the_command_decides_the_exit_status(tmp_path):
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "runtime", "actions", "--log", str(tmp_path / "actions.log")]
        + ["--", sys.executable, "-c", "raise SystemExit(3)"],
        cwd=ROOT,
        env={**environment({"ACTIONS_PORT": str(port)}, tmp_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3
    # A failed command shows the end of the servers' log, to see why.
    assert "Action server is up" in result.stderr
