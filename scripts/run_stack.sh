#!/usr/bin/env bash
# Starts the action server, the Rasa server and the web chat page in the foreground.
# Ctrl-C (or SIGTERM) stops all three. Called by `make run`; ports come from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
# Files made from here on (var/assistant.db, var/*.key, logs) are readable by this user only.
umask 077

RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
WEB_PORT=${WEB_PORT:-8080}
HOST=${HOST:-127.0.0.1}
# The action server only ever needs to be reached by the Rasa server: loopback by default,
# whatever HOST says.
ACTIONS_HOST=${ACTIONS_HOST:-127.0.0.1}
BIN=.venv/bin
export ACTIONS_PORT WEB_PORT RASA_PORT PYTHONPATH="${PYTHONPATH:-$PWD}"

pids=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

wait_for() {  # wait_for NAME URL SECONDS PID
  local name=$1 url=$2 seconds=$3 pid=$4
  for _ in $(seq "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then echo "$name is up: $url"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name exited during start-up" >&2; return 1; fi
    sleep 1
  done
  echo "$name did not answer at $url within ${seconds}s" >&2
  return 1
}

# The action server binds to ACTIONS_HOST and runs an action only for a caller with the shared
# secret (ACTIONS_SHARED_SECRET, else var/actions-secret.key), which our Rasa server sends
# (runtime/action_auth.py). rasa_sdk's own entry point, wrapped: it starts in a third of the
# time of `rasa run actions`, which imports all of Rasa first.
SANIC_HOST=$ACTIONS_HOST $BIN/python -m runtime.action_auth --actions actions -p "$ACTIONS_PORT" --quiet &
pids+=($!)
actions_pid=$!

# The token stays in the environment: on the command line every local user could read it.
# runtime/server.py refuses one shorter than 32 characters.
api_args=()
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  api_args=(--enable-api)
  echo "Rasa HTTP API: on (token from RASA_AUTH_TOKEN required)"
else
  echo "Rasa HTTP API: off (set RASA_AUTH_TOKEN to enable /model/parse and /conversations)"
fi
$BIN/python -m channels.status  # which messaging channels the environment switches on
# Rasa's CLI with our fixes to Rasa 3.6 (runtime/__main__.py); otherwise `rasa run`.
$BIN/python -m runtime run -m models -i "$HOST" -p "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml \
  --cors "http://127.0.0.1:$WEB_PORT" "http://localhost:$WEB_PORT" \
  "${api_args[@]}" &
pids+=($!)
# Both start at once: the action server is up long before Rasa has loaded its model.
wait_for "Action server" "http://127.0.0.1:$ACTIONS_PORT/health" 120 "$actions_pid"
wait_for "Rasa server" "http://127.0.0.1:$RASA_PORT/" 600 "${pids[-1]}"

if [ -f web/serve.py ]; then
  $BIN/python web/serve.py &
  pids+=($!)
  wait_for "Web chat page" "http://127.0.0.1:$WEB_PORT/" 30 "${pids[-1]}"
fi

echo "Ready. REST: http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook  Web: http://127.0.0.1:$WEB_PORT/"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
echo "A component stopped; shutting down the rest." >&2
exit 1
