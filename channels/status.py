"""`python -m channels.status`: which channels are on, and what is missing for the others.

`make run` prints this before the Rasa server starts. It exits with status 1 when a
platform variable is set but unusable, so that a typo stops the start with a clear message
instead of a traceback a minute later.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

from channels.settings import (
    OPTIONAL,
    REQUIRED,
    SETTINGS_READERS,
    ChannelSettingsError,
    TwilioSettings,
    max_turns,
    missing_variables,
)

CHANNEL_CLASSES = {
    "rest": "channels.rest.GuardedRestInput",
    "socketio": "channels.socketio.WebChatSocketIOInput",
    "telegram": "channels.telegram.TelegramInput",
    "slack": "channels.slack.SlackInput",
    "facebook": "channels.facebook.FacebookInput",
    "twilio": "channels.twilio.TwilioInput",
}

# Why a platform's secret is required, printed when only the secret is missing.
WHY_REQUIRED = {
    "telegram": (
        " Telegram signs no update: without the secret token anyone who finds the webhook URL"
        " could write as any chat. Choose one (1-256 of A-Z a-z 0-9 _ -) and run"
        " `make telegram-webhook`."
    ),
}


def configured_classes(credentials_file: Path) -> set[str]:
    with open(credentials_file, encoding="utf-8") as handle:
        return set((yaml.safe_load(handle) or {}).keys())


def status_lines(
    environ: Mapping[str, str], configured: set[str], base_url: str
) -> tuple[list[str], list[str], bool]:
    """(one line per channel, warnings, whether every set variable is usable)."""
    lines: list[str] = []
    warnings: list[str] = []
    usable = True
    for name, class_path in CHANNEL_CLASSES.items():
        webhook = f"{base_url}/webhooks/{name}/webhook"
        if class_path not in configured:
            lines.append(f"  {name:<9} off  (not in credentials.yml)")
            continue
        if name == "rest":
            lines.append(f"  {name:<9} on   {webhook}")
            continue
        if name == "socketio":
            lines.append(f"  {name:<9} on   the web chat page")
            continue
        missing = missing_variables(name, environ)
        if missing:
            lines.append(f"  {name:<9} off  (set {', '.join(missing)})")
            present = [v for v in REQUIRED[name] + OPTIONAL[name] if environ.get(v, "").strip()]
            if present:
                warnings.append(
                    f"{name} stays off: {', '.join(present)} set but {', '.join(missing)} not."
                    + WHY_REQUIRED.get(name, "")
                )
            continue
        try:
            settings = SETTINGS_READERS[name](environ)
        except ChannelSettingsError as error:
            lines.append(f"  {name:<9} ERROR {error}")
            usable = False
            continue
        lines.append(f"  {name:<9} on   {webhook}")
        if isinstance(settings, TwilioSettings) and settings.webhook_url is None:
            warnings.append(
                "twilio has no TWILIO_WEBHOOK_URL: signatures are checked against the URL "
                "this server sees, which behind a proxy differs from the one Twilio signed."
            )
    try:
        max_turns(environ)
    except ChannelSettingsError as error:
        lines.append(f"  ERROR {error}")
        usable = False
    return lines, warnings, usable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credentials", default="credentials.yml", type=Path)
    args = parser.parse_args(argv)
    port = os.environ.get("RASA_PORT", "5005")
    lines, warnings, usable = status_lines(
        os.environ, configured_classes(args.credentials), f"http://127.0.0.1:{port}"
    )
    print("Channels:")
    print("\n".join(lines))
    for warning in warnings:
        print(f"  warning: {warning}")
    return 0 if usable else 1


if __name__ == "__main__":
    sys.exit(main())
