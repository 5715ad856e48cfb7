"""`make test` on a fresh machine (scripts/with_test_servers.sh): without TEST_POSTGRES_URL and
TEST_REDIS_URL it starts a throwaway PostgreSQL and Redis for the tests and stops them after;
with them set (CI) it uses them as they are."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "with_test_servers.sh"
VARIABLES = ("TEST_POSTGRES_URL", "TEST_REDIS_URL")

# What a test sees: both servers answer, and their addresses.
PROBE = """
import os, redis, sqlalchemy as sa
engine = sa.create_engine(os.environ["TEST_POSTGRES_URL"])
with engine.connect() as connection:
    assert connection.execute(sa.text("select 1")).scalar() == 1
engine.dispose()
assert redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).ping()
print("postgres", os.environ["TEST_POSTGRES_URL"])
print("redis", os.environ["TEST_REDIS_URL"])
"""


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_without_the_variables_the_tests_get_their_own_postgresql_and_redis_for_the_run():
    env = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    result = run(env)
    assert result.returncode == 0, result.stderr + result.stdout
    urls = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    postgres, redis_url = make_url(urls["postgres"]), make_url(urls["redis"])
    assert postgres.host == redis_url.host == "127.0.0.1"
    assert "Stopped the throwaway PostgreSQL." in result.stdout
    assert "Stopped the throwaway Redis." in result.stdout
    assert not answers(postgres.port) and not answers(redis_url.port)


def test_with_the_variables_set_the_tests_use_those_servers(postgres_url, redis_url):
    result = run({**os.environ, "TEST_POSTGRES_URL": postgres_url, "TEST_REDIS_URL": redis_url})
    assert result.returncode == 0, result.stderr
    assert f"postgres {postgres_url}" in result.stdout
    assert f"redis {redis_url}" in result.stdout
    assert "throwaway" not in result.stdout


@pytest.mark.parametrize("status", [0, 3])
def test_the_commands_exit_status_is_kept(status):
    result = subprocess.run(
        [str(SCRIPT), sys.executable, "-c", f"raise SystemExit({status})"],
        cwd=ROOT,
        env={**os.environ, "TEST_POSTGRES_URL": "postgresql://x/y", "TEST_REDIS_URL": "redis://x"},
        timeout=60,
    )
    assert result.returncode == status
