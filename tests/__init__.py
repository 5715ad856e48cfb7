"""The test suite is a package, so that `tests.contract` and `tests.nlu` are ours: textstat 0.7
installs a top-level `tests` package into site-packages, which would otherwise win the import.
As a package, pytest no longer puts this folder on sys.path itself, so we do (conftest and the
channel tests import `support` and `channel_harness` by their plain names)."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
