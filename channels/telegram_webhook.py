"""Tell Telegram where the bot's webhook is: `make telegram-webhook`
(`python -m channels.telegram_webhook [--delete] [--drop-pending-updates]`).

Calls the Bot API's setWebhook with TELEGRAM_WEBHOOK_URL (the public HTTPS address of
/webhooks/telegram/webhook) and TELEGRAM_SECRET_TOKEN (Telegram then sends it in the
X-Telegram-Bot-Api-Secret-Token header of every update, and our channel refuses updates
without it), then prints what Telegram reports with getWebhookInfo. `--delete` removes the
webhook again. Uses TELEGRAM_API_URL when set. Never prints the token.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from typing import Any

from channels.settings import ChannelSettingsError, TelegramSettings, telegram_settings

WEBHOOK_PATH = "/webhooks/telegram/webhook"
ALLOWED_UPDATES = ["message", "callback_query"]


class BotApiError(RuntimeError):
    pass


def call(settings: TelegramSettings, method: str, params: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{settings.api_url}/bot{settings.token}/{method}",
        data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            reply = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        reply = json.loads(error.read() or b"{}")
    except urllib.error.URLError as error:
        raise BotApiError(f"could not reach {settings.api_url}: {error.reason}") from None
    if not reply.get("ok"):
        raise BotApiError(f"{method}: {reply.get('description', 'failed')}")
    return reply["result"]


def register_webhook(settings: TelegramSettings, drop_pending_updates: bool = False) -> Any:
    """setWebhook with the URL and the secret, then getWebhookInfo."""
    params: dict[str, Any] = {
        "url": settings.webhook_url,
        "allowed_updates": ALLOWED_UPDATES,
        "secret_token": settings.secret_token,
    }
    if drop_pending_updates:
        params["drop_pending_updates"] = True
    call(settings, "setWebhook", params)
    return call(settings, "getWebhookInfo", {})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Register the Telegram webhook.")
    parser.add_argument("--delete", action="store_true", help="remove the webhook")
    parser.add_argument(
        "--drop-pending-updates", action="store_true", help="forget updates sent meanwhile"
    )
    args = parser.parse_args(argv)
    try:
        settings = telegram_settings()
    except ChannelSettingsError as error:
        print(error, file=sys.stderr)
        return 1
    if settings is None:
        print(
            "Set TELEGRAM_TOKEN (from @BotFather) and TELEGRAM_SECRET_TOKEN (your own random "
            "value, e.g. openssl rand -hex 32) first.",
            file=sys.stderr,
        )
        return 1
    try:
        if args.delete:
            call(settings, "deleteWebhook", {"drop_pending_updates": args.drop_pending_updates})
            print("Webhook removed.")
            return 0
        if not settings.webhook_url:
            print(
                f"Set TELEGRAM_WEBHOOK_URL to the public HTTPS URL of {WEBHOOK_PATH}.",
                file=sys.stderr,
            )
            return 1
        if not settings.webhook_url.startswith("https://"):
            print("Note: Telegram's cloud only delivers to https:// URLs.", file=sys.stderr)
        if not settings.webhook_url.rstrip("/").endswith(WEBHOOK_PATH):
            print(f"Note: the webhook URL usually ends with {WEBHOOK_PATH}.", file=sys.stderr)
        info = register_webhook(settings, args.drop_pending_updates)
    except BotApiError as error:
        print(f"Telegram refused: {error}", file=sys.stderr)
        return 1
    print(f"Webhook set: {info.get('url')}")
    print("Secret token: set")
    print(f"Updates waiting: {info.get('pending_update_count', 0)}")
    if info.get("last_error_message"):
        print(f"Telegram's last delivery error: {info['last_error_message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
