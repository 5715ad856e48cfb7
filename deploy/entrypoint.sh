#!/usr/bin/env bash
# The container's entry point: one image, one role per container (docs/deploy.md).
#
#   rasa     the Rasa server: REST, socket.io and the messaging channels
#   actions  the action server
#   web      the chat page (web/serve.py)
#   kb       load data/knowledge/ into DATABASE_URL, then exit (`make kb`)
#   purge    delete conversations and records older than RETENTION_DAYS, then exit (`make purge`)
#
# Anything else is run as a command. Settings come from the environment, with the names and
# defaults of `make run` (README.md, "Settings"); HOST defaults to 127.0.0.1 here too, so a
# container that must be reachable says HOST=0.0.0.0 itself.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077

role=${1:-rasa}
[ $# -gt 0 ] && shift

case "$role" in
  rasa)
    # endpoints.yml and credentials.yml as `make run` uses them, with the action server's
    # address (ACTION_SERVER_URL) and the site's origin (PUBLIC_URL) filled in.
    config_dir=$(mktemp -d)
    python deploy/render_config.py "$config_dir"
    # The token is read from RASA_AUTH_TOKEN by runtime/server.py, never from the command
    # line (32+ characters, or the server refuses to start).
    api_args=()
    if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
      api_args=(--enable-api)
      echo "Rasa HTTP API: on (token from RASA_AUTH_TOKEN required)"
    else
      echo "Rasa HTTP API: off (set RASA_AUTH_TOKEN to enable /model/parse and /conversations)"
    fi
    cors_args=()
    if [ -n "${PUBLIC_URL:-}" ]; then
      read -r -a origins <<< "${PUBLIC_URL//,/ }"
      cors_args=(--cors "${origins[@]%/}")
    fi
    exec python -m runtime run -m models -i "${HOST:-127.0.0.1}" -p "${RASA_PORT:-5005}" \
      --credentials "$config_dir/credentials.yml" --endpoints "$config_dir/endpoints.yml" \
      "${cors_args[@]}" "${api_args[@]}" "$@"
    ;;
  actions)
    # Only callers with ACTIONS_SHARED_SECRET run actions (runtime/action_auth.py).
    SANIC_HOST=${ACTIONS_HOST:-${HOST:-127.0.0.1}} exec python -m runtime.action_auth \
      --actions actions -p "${ACTIONS_PORT:-5055}" --quiet "$@"
    ;;
  web)
    exec python web/serve.py "$@"
    ;;
  kb | purge)
    exec make --no-print-directory "$role" "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
