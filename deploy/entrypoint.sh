#!/usr/bin/env bash
# The container's entry point: one image, one role per container (docs/deploy.md).
#
#   rasa     the Rasa server: REST, socket.io and the messaging channels
#   actions  the action server
#   web      the chat page (web/serve.py)
#   kb       load data/knowledge/ into DATABASE_URL, then exit (`make kb`)
#   purge    delete conversations and records older than RETENTION_DAYS, then exit (`make purge`)
#
# Anything else is run as a command. The three servers start through the project's one
# launcher, `python -m runtime <role>` (runtime/launch.py), exactly as `make run` starts them:
# the same commands, options and settings, read from the environment with the names and
# defaults of `make run` (README.md, "Settings"). HOST and ACTIONS_HOST default to 127.0.0.1
# here too, so a container that must be reachable says HOST=0.0.0.0 (ACTIONS_HOST) itself;
# PUBLIC_URL and ACTION_SERVER_URL fill in the site's origins and the action servers' address.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077

role=${1:-rasa}
[ $# -gt 0 ] && shift

case "$role" in
  rasa | actions | web)
    exec python -m runtime "$role" "$@"
    ;;
  kb | purge)
    exec make --no-print-directory "$role" "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
