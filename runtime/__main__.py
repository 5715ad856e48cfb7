"""Rasa's command line with this project's fixes to Rasa 3.6 in place.

    python -m runtime run -m models --endpoints endpoints.yml ...   # as `rasa run ...`

scripts/run_stack.sh starts the Rasa server this way. The fixes change no behaviour:
`runtime.action_results` builds the validator for the action server's answers once instead of
on every call.
"""

from __future__ import annotations

import sys


def main() -> None:
    from rasa.__main__ import main as rasa_main

    from runtime import action_results

    action_results.install()
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
