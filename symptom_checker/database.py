"""Where the knowledge base lives, and a checked connection to it.

`DATABASE_URL` chooses the database (PostgreSQL works the same as the default SQLite file):
the knowledge base and the assessment records live there, and so do the conversations unless
`TRACKER_DB_URL` names another database for them. Nothing connects at import time: callers
ask for an engine with `make_engine()`.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import StaticPool

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_FILE = PROJECT_ROOT / "var" / "assistant.db"

# Seconds to wait for a database server before giving up (PostgreSQL drivers).
CONNECT_TIMEOUT_SECONDS = 10

_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^/:@]*:)[^/@]*@")


class DatabaseUnavailable(Exception):
    """The database cannot be reached or used; the message says what to check."""


def default_database_url() -> str:
    """`DATABASE_URL` from the environment, else the SQLite file `var/assistant.db`."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_FILE}"


def tracker_database_variable() -> str:
    """The variable that names the conversation database: `TRACKER_DB_URL` when set."""
    return "TRACKER_DB_URL" if os.environ.get("TRACKER_DB_URL", "").strip() else "DATABASE_URL"


def tracker_database_url() -> str:
    """Where Rasa keeps conversations: `TRACKER_DB_URL`, else `default_database_url()`."""
    return os.environ.get("TRACKER_DB_URL", "").strip() or default_database_url()


def masked_url(url: str | URL) -> str:
    """The URL with any password replaced by ***, safe to print or log: the one masking
    helper for database and Redis URLs ("redis://:secret@host" -> "redis://:***@host")."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", url)


def make_engine(url: str | None = None, variable: str = "DATABASE_URL") -> Engine:
    """An engine for `url` (default: `default_database_url()`), after one successful connect.

    Raises DatabaseUnavailable with a readable message when the URL is malformed, its driver
    is missing, or the server cannot be reached; the message names `variable`, the setting
    the URL came from.
    """
    raw_url = _with_standard_scheme(url if url is not None else default_database_url())
    shown = masked_url(raw_url)
    try:
        parsed = make_url(raw_url)
    except Exception as exc:  # any parse failure means the same to the person starting us
        reason = _reason(exc, raw_url, replacement=shown)
        raise DatabaseUnavailable(
            f"The database URL {shown!r} is not valid ({reason}). "
            f"Check {variable}; it should look like "
            "'postgresql://user:password@host:5432/dbname' or 'sqlite:///path/to/file.db'."
        ) from exc
    shown = masked_url(parsed)
    hidden = [str(parsed.password)] if parsed.password else []

    try:
        engine = create_engine(parsed, **_engine_options(parsed))
    except Exception as exc:  # unknown dialect, missing driver, bad option
        raise DatabaseUnavailable(
            f"Cannot use the database URL {shown!r}: {_reason(exc, *hidden)}. "
            f"Check the start of {variable} (the database type, such as 'postgresql' or "
            "'sqlite') and that its Python driver is installed (for PostgreSQL: "
            "psycopg2-binary)."
        ) from exc

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # refused, unknown host, wrong password, missing folder...
        engine.dispose()
        if parsed.get_backend_name() == "sqlite":
            advice = "Check that the folder of the database file exists and can be written."
        else:
            advice = (
                "Check that the database server is running and reachable from here, and that "
                f"the user name, password and database name in {variable} are right."
            )
        raise DatabaseUnavailable(
            f"Cannot connect to the database at {shown!r}: {_reason(exc, *hidden)}. {advice}"
        ) from exc
    _readable_by_owner_only(parsed)
    return engine


def _readable_by_owner_only(url: URL) -> None:
    """A SQLite file holds health data: 0600, even if an earlier run made it world-readable
    (issue 16). Other databases keep their own access control."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return
    if database.startswith("file:"):
        return
    # Not ours to change (another user's file): the database's own permissions stand.
    with contextlib.suppress(OSError):
        os.chmod(database, 0o600)


def _with_standard_scheme(url: str) -> str:
    """`postgres://...` (as many hosting services write it) is SQLAlchemy's `postgresql://`."""
    return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url


def _engine_options(url: URL) -> dict[str, Any]:
    options: dict[str, Any] = {"future": True}
    backend = url.get_backend_name()
    if backend == "sqlite":
        # The action server answers from several threads; each uses its own session.
        options["connect_args"] = {"check_same_thread": False}
        if url.database in (None, "", ":memory:"):
            # One shared connection, or every session would see its own empty database.
            options["poolclass"] = StaticPool
    else:
        # Long-running servers: replace connections the server has dropped.
        options["pool_pre_ping"] = True
        waits_forever = url.get_driver_name() in ("psycopg2", "psycopg")
        if waits_forever and "connect_timeout" not in url.query:
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return options


def _reason(exc: BaseException, *secrets: str, replacement: str = "***") -> str:
    """The first line of the underlying error, with any secret (the password) masked."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    first = lines[0] if lines else ""
    for secret in secrets:
        if secret:
            first = first.replace(secret, replacement)
    name = type(original).__name__
    return f"{name}: {first}" if first else name
