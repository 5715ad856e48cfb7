"""Which messaging platforms are on, and their settings, read from the environment.

Nothing is read at import time: each channel asks when Rasa builds it, and
`python -m channels.status` asks when `make run` starts. A platform is on when its required
variables are set (non-empty); otherwise its channel registers no route at all. A value
that is set but malformed (a Telegram token without a colon, a URL without a scheme) is an
error with a clear message, so that a typo does not quietly switch a platform off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

TELEGRAM_API_URL = "https://api.telegram.org"
SLACK_API_URL = "https://slack.com/api/"
FACEBOOK_API_URL = "https://graph.facebook.com"
# The Graph API version our Send API calls name; Meta keeps a version for about two years.
FACEBOOK_API_VERSION = "v21.0"
TWILIO_API_URL = "https://api.twilio.com"

# Variables that switch a platform on (all of them must be set) and the optional ones.
REQUIRED = {
    # Telegram signs nothing: its secret token is the only proof that an update is Telegram's.
    "telegram": ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN"),
    "slack": ("SLACK_TOKEN", "SLACK_SIGNING_SECRET"),
    "facebook": ("FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN"),
    "twilio": ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER"),
}
OPTIONAL = {
    "telegram": (
        "TELEGRAM_WEBHOOK_URL",
        "TELEGRAM_BOT_NAME",
        "TELEGRAM_API_URL",
    ),
    "slack": ("SLACK_API_URL",),
    "facebook": ("FACEBOOK_API_URL", "FACEBOOK_API_VERSION"),
    "twilio": ("TWILIO_WEBHOOK_URL", "TWILIO_API_URL"),
}

_TELEGRAM_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# Telegram's own rule for secret_token in setWebhook.
_TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


# At most this many platform turns run at once in one process (PLATFORM_MAX_TURNS): beyond
# it a webhook answers 503 and the platform delivers the update again later.
DEFAULT_MAX_TURNS = 32


class ChannelSettingsError(ValueError):
    """A platform variable is set but cannot work as given."""


def _value(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def _url(environ: Mapping[str, str], name: str, default: str | None) -> str | None:
    url = _value(environ, name) or default
    if url is not None and not re.match(r"^https?://[^/\s]+", url):
        raise ChannelSettingsError(f"{name} must be an http(s) URL, got {url!r}.")
    return url


def max_turns(environ: Mapping[str, str] | None = None) -> int:
    """PLATFORM_MAX_TURNS, else DEFAULT_MAX_TURNS; a value that is not a positive whole
    number is an error, so that a typo does not quietly remove the bound."""
    environ = os.environ if environ is None else environ
    value = str(environ.get("PLATFORM_MAX_TURNS", "")).strip()
    if not value:
        return DEFAULT_MAX_TURNS
    if not value.isdigit() or int(value) < 1:
        raise ChannelSettingsError(
            f"PLATFORM_MAX_TURNS must be a whole number of 1 or more, got {value!r}."
        )
    return int(value)


def missing_variables(platform: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """The required variables of a platform that are not set."""
    environ = os.environ if environ is None else environ
    return [name for name in REQUIRED[platform] if _value(environ, name) is None]


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    api_url: str
    secret_token: str
    webhook_url: str | None
    bot_name: str | None

    @property
    def bot_id(self) -> str:
        """The numeric part of the token: update ids are counted per bot."""
        return self.token.split(":", 1)[0]


@dataclass(frozen=True)
class SlackSettings:
    token: str
    signing_secret: str
    api_url: str


@dataclass(frozen=True)
class FacebookSettings:
    verify_token: str
    app_secret: str
    page_access_token: str
    api_url: str
    api_version: str


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    number: str
    webhook_url: str | None
    api_url: str


def telegram_settings(environ: Mapping[str, str] | None = None) -> TelegramSettings | None:
    environ = os.environ if environ is None else environ
    if missing_variables("telegram", environ):
        return None
    token = _value(environ, "TELEGRAM_TOKEN") or ""
    if not _TELEGRAM_TOKEN.match(token):
        raise ChannelSettingsError(
            "TELEGRAM_TOKEN does not look like a bot token from BotFather "
            "(digits, a colon, then letters, digits, '_' or '-')."
        )
    secret = _value(environ, "TELEGRAM_SECRET_TOKEN") or ""
    if not _TELEGRAM_SECRET.match(secret):
        raise ChannelSettingsError(
            "TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z, a-z, 0-9, '_' or '-' "
            "(Telegram's rule for secret_token)."
        )
    bot_name = _value(environ, "TELEGRAM_BOT_NAME")
    return TelegramSettings(
        token=token,
        api_url=(_url(environ, "TELEGRAM_API_URL", TELEGRAM_API_URL) or "").rstrip("/"),
        secret_token=secret,
        webhook_url=_url(environ, "TELEGRAM_WEBHOOK_URL", None),
        bot_name=bot_name.lstrip("@") if bot_name else None,
    )


def slack_settings(environ: Mapping[str, str] | None = None) -> SlackSettings | None:
    environ = os.environ if environ is None else environ
    if missing_variables("slack", environ):
        return None
    api_url = _url(environ, "SLACK_API_URL", SLACK_API_URL) or ""
    return SlackSettings(
        token=_value(environ, "SLACK_TOKEN") or "",
        signing_secret=_value(environ, "SLACK_SIGNING_SECRET") or "",
        # slack_sdk joins method names onto the base URL, which must end with a slash.
        api_url=api_url.rstrip("/") + "/",
    )


def facebook_settings(environ: Mapping[str, str] | None = None) -> FacebookSettings | None:
    environ = os.environ if environ is None else environ
    if missing_variables("facebook", environ):
        return None
    return FacebookSettings(
        verify_token=_value(environ, "FACEBOOK_VERIFY_TOKEN") or "",
        app_secret=_value(environ, "FACEBOOK_APP_SECRET") or "",
        page_access_token=_value(environ, "FACEBOOK_PAGE_ACCESS_TOKEN") or "",
        api_url=(_url(environ, "FACEBOOK_API_URL", FACEBOOK_API_URL) or "").rstrip("/"),
        api_version=_value(environ, "FACEBOOK_API_VERSION") or FACEBOOK_API_VERSION,
    )


def twilio_settings(environ: Mapping[str, str] | None = None) -> TwilioSettings | None:
    environ = os.environ if environ is None else environ
    if missing_variables("twilio", environ):
        return None
    return TwilioSettings(
        account_sid=_value(environ, "TWILIO_ACCOUNT_SID") or "",
        auth_token=_value(environ, "TWILIO_AUTH_TOKEN") or "",
        number=_value(environ, "TWILIO_NUMBER") or "",
        webhook_url=_url(environ, "TWILIO_WEBHOOK_URL", None),
        api_url=(_url(environ, "TWILIO_API_URL", TWILIO_API_URL) or "").rstrip("/"),
    )


SETTINGS_READERS = {
    "telegram": telegram_settings,
    "slack": slack_settings,
    "facebook": facebook_settings,
    "twilio": twilio_settings,
}
