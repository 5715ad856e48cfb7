"""The assistant's launcher, and Rasa's command line with this project's fixes to Rasa 3.6.

    python -m runtime all | rasa | actions | web [...]   # start servers (runtime/launch.py)
    python -m runtime run -m models --endpoints endpoints.yml ...   # as `rasa run ...`
    python -m runtime shell ...                                     # as `rasa shell ...`

The launcher (`make run`, the container's entry point, the tests, `make bench`) starts the
Rasa server as `python -m runtime run ...`. `runtime.action_results` builds the
validator for the action server's answers once instead of on every call (no change in
behaviour). `runtime.server` closes what Rasa leaves open: the API token is read from
RASA_AUTH_TOKEN (never from the command line) and must have 32+ characters, the model can
only be replaced when RASA_ALLOW_MODEL_REPLACE=1, requests are bounded in size and time,
and a failing conversation database is reported instead of silently replaced by memory.
`runtime.action_auth` makes Rasa send the action server's shared secret.

Files this process creates (the SQLite database, keys) are readable by its user only.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from runtime.launch import ROLES

    if sys.argv[1:2] and sys.argv[1] in ROLES:
        from runtime.launch import main as launch

        sys.exit(launch(sys.argv[1:]))

    from runtime.server import ServerSettingsError, check_command_line

    os.umask(0o077)
    try:
        check_command_line(sys.argv[1:])
    except ServerSettingsError as error:
        print(f"Cannot start the Rasa server: {error}", file=sys.stderr)
        sys.exit(1)

    from rasa.__main__ import main as rasa_main

    from runtime import action_auth, action_results, server

    action_results.install()
    action_auth.install_rasa_side()
    server.install()
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
