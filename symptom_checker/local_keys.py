"""A secret from the environment, else one generated once into a file only its owner can read.

The sender-hash key of the records, the web chat's session-signing key and the action
server's shared secret all work this way on one machine; several servers set the variable.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path


class LocalKeyError(Exception):
    """The key cannot be read or created; the message says what to check."""


def local_key(
    variable: str,
    key_file: Path,
    what: str,
    error: type[Exception] = LocalKeyError,
    environ: Mapping[str, str] | None = None,
) -> str:
    """`variable` from the environment, else the key in `key_file`, made there (0600) if absent.

    `what` names the key in messages ("the sender-hash key"); `error` is the exception raised.
    """
    configured = (os.environ if environ is None else environ).get(variable, "").strip()
    if configured:
        return configured
    try:
        return _read(key_file, what, error)
    except FileNotFoundError:
        pass
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place, so that two processes starting together (the
        # Rasa server and the action server, or several workers) agree on one key and neither
        # ever reads a half-written file.
        draft = key_file.with_name(f".{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            draft.unlink()
        return _read(key_file, what, error)
    except OSError as exc:
        raise error(
            f"Cannot create {what} file {key_file} ({exc.strerror}). "
            f"Set {variable}, or make the folder writable."
        ) from exc


def _read(key_file: Path, what: str, error: type[Exception]) -> str:
    key = key_file.read_text(encoding="ascii").strip()
    if not key:
        raise error(f"The {what} file {key_file} is empty; delete it.")
    return key
