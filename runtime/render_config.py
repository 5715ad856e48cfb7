"""Rasa's endpoints and credentials for a deployment, written from the project's own files.

On one machine (`make run`) Rasa reads endpoints.yml and credentials.yml as they are. When
the servers run apart (containers), two values differ, and only these two are replaced
(`runtime.launch` writes the copies when either variable is set):

- the action server is another host: `ACTION_SERVER_URL` (e.g. http://lb:5055/webhook)
  replaces `action_endpoint.url`;
- the chat page is served from the site's public address, not 127.0.0.1: `PUBLIC_URL`
  (e.g. https://chat.example.org; several separated by commas) replaces the socket.io
  channel's `allowed_origins`.

Everything else (the tracker and lock stores, every messaging channel, other `${VAR}`
references, which Rasa substitutes at start as it does for `make run`) is copied unchanged,
so a deployment cannot drift from the project's settings.

usage: python -m runtime.render_config OUTPUT_DIR [--project-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent


def public_origins(public_url: str) -> list[str]:
    """The origins named by PUBLIC_URL: comma- or space-separated, without a trailing slash."""
    parts = public_url.replace(",", " ").split()
    return [part.rstrip("/") for part in parts]


def render_endpoints(endpoints: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """endpoints.yml with the action server's URL from ACTION_SERVER_URL, when set."""
    rendered = dict(endpoints)
    action_server_url = environ.get("ACTION_SERVER_URL", "").strip()
    if action_server_url:
        action_endpoint = dict(rendered.get("action_endpoint") or {})
        action_endpoint["url"] = action_server_url
        rendered["action_endpoint"] = action_endpoint
    return rendered


def render_credentials(credentials: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """credentials.yml with the socket.io channel's allowed origins from PUBLIC_URL, when set."""
    rendered = dict(credentials)
    origins = public_origins(environ.get("PUBLIC_URL", ""))
    if not origins:
        return rendered
    for channel, settings in credentials.items():
        if isinstance(settings, dict) and "allowed_origins" in settings:
            rendered[channel] = {**settings, "allowed_origins": origins}
    return rendered


def _read(path: Path) -> dict[str, Any]:
    # yaml.safe_load leaves "${VAR}" as text; Rasa substitutes it when it reads our copy.
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _write(path: Path, content: dict[str, Any]) -> None:
    header = f"# Written by runtime/render_config.py from {path.name} at start.\n"
    body = yaml.safe_dump(content, sort_keys=False, default_flow_style=False)
    path.write_text(header + body, encoding="utf-8")


def write_config(
    output_dir: Path, environ: Mapping[str, str], project_dir: Path = PROJECT_DIR
) -> tuple[Path, Path]:
    """Writes credentials.yml and endpoints.yml into `output_dir`; their paths, in that order."""
    output_dir.mkdir(parents=True, exist_ok=True)
    endpoints = render_endpoints(_read(project_dir / "endpoints.yml"), environ)
    credentials = render_credentials(_read(project_dir / "credentials.yml"), environ)
    _write(output_dir / "endpoints.yml", endpoints)
    _write(output_dir / "credentials.yml", credentials)
    return output_dir / "credentials.yml", output_dir / "endpoints.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("--project-dir", type=Path, default=PROJECT_DIR)
    args = parser.parse_args(argv)
    write_config(args.output_dir, os.environ, args.project_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
