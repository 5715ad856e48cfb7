#!/usr/bin/env bash
# Runs a command with TEST_POSTGRES_URL and TEST_REDIS_URL set, for the PostgreSQL- and
# Redis-backed tests (`make test-python`, `make test-scale`, `make safety`):
#
#   scripts/with_test_servers.sh COMMAND [ARG...]
#
# A variable the environment sets is used as it is (CI, .ci/run, points them at its own
# servers). For one that is not set, a throwaway server is started here on a free loopback
# port, in a temporary directory, and stopped (its files deleted) when COMMAND ends, also on
# Ctrl-C: PostgreSQL from Debian's packages (initdb and pg_ctl, run as the `postgres` user when
# this is root, since PostgreSQL refuses to run as root), Redis with `redis-server --save ''`.
# When they are missing and this is root, they are installed with apt-get, as the Makefile
# does for Chromium; otherwise this fails, saying what to install. The tests never skip.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
if [ -n "${TEST_POSTGRES_URL:-}" ] && [ -n "${TEST_REDIS_URL:-}" ]; then
  exec "$@"
fi

need_postgres=$([ -z "${TEST_POSTGRES_URL:-}" ] && echo 1 || true)
need_redis=$([ -z "${TEST_REDIS_URL:-}" ] && echo 1 || true)

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)"
}

missing=()
[ -n "$need_postgres" ] && [ -z "$(pg_bin)" ] && missing+=(postgresql)
[ -n "$need_redis" ] && ! command -v redis-server >/dev/null 2>&1 && missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} for the tests' throwaway servers (apt-get) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "The PostgreSQL- and Redis-backed tests need servers, and ${missing[*]} is not" \
      "installed. Either install it (Debian/Ubuntu: sudo apt-get install ${missing[*]})," \
      "and the tests start a throwaway one themselves, or point TEST_POSTGRES_URL" \
      "(e.g. postgresql://postgres@127.0.0.1:5432/test, trust authentication) and" \
      "TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0) at servers the tests may write to." >&2
    exit 1
  fi
fi

free_port() {
  local python=${PYTHON:-.venv/bin/python}
  [ -x "$python" ] || python=python3
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

work=$(mktemp -d -t test-servers.XXXXXX)
as_postgres=()
postgres_started=""
redis_pid=""
stop_servers() {
  trap - EXIT INT TERM
  if [ -n "$postgres_started" ]; then
    "${as_postgres[@]}" "$(pg_bin)/pg_ctl" -D "$work/postgres" -m immediate -w stop >/dev/null 2>&1 || true
    echo "Stopped the throwaway PostgreSQL."
  fi
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
    echo "Stopped the throwaway Redis."
  fi
  rm -rf "$work"
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "$need_postgres" ]; then
  bin=$(pg_bin)
  port=$(free_port)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    as_postgres=(runuser -u postgres --)
    chown postgres "$work"
  fi
  "${as_postgres[@]}" "$bin/initdb" -D "$work/postgres" -U postgres --auth=trust -E UTF8 \
    --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$work/postgres" -l "$work/postgres.log" -w -t 60 \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || { cat "$work/postgres.log" >&2; exit 1; }
  postgres_started=1
  "${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres test
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/test"
  echo "Started a throwaway PostgreSQL: TEST_POSTGRES_URL=$TEST_POSTGRES_URL"
fi

if [ -n "$need_redis" ]; then
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log"
  for _ in $(seq 100); do
    [ -s "$work/redis.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  redis_pid=$(cat "$work/redis.pid" 2>/dev/null || true)
  [ -n "$redis_pid" ] || { echo "Redis did not start:" >&2; cat "$work/redis.log" >&2; exit 1; }
  export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
  echo "Started a throwaway Redis: TEST_REDIS_URL=$TEST_REDIS_URL"
fi

status=0
"$@" || status=$?
exit "$status"
