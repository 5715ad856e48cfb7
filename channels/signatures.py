"""Checks that a webhook request really comes from the platform, as each platform defines it.

Every comparison is constant-time (`hmac.compare_digest`). Each function answers only
"valid or not"; the channels turn a missing header into 401 and a wrong one into 403, and
hand nothing on to Rasa in either case.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable

from multidict import MultiDict
from twilio.request_validator import RequestValidator

SLACK_MAX_AGE_SECONDS = 5 * 60


def telegram_secret_valid(expected: str, header: str | None) -> bool:
    """X-Telegram-Bot-Api-Secret-Token equals the secret_token given to setWebhook."""
    return header is not None and hmac.compare_digest(header.encode(), expected.encode())


def slack_signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` + HMAC-SHA256 over `v0:{timestamp}:{body}` (Slack's "verifying requests")."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def slack_signature_valid(
    signing_secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
) -> bool:
    """The signature matches and the timestamp is within five minutes (no replays)."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > SLACK_MAX_AGE_SECONDS:
        return False
    expected = slack_signature(signing_secret, timestamp, body)
    return hmac.compare_digest(expected.encode(), signature.encode())


def meta_signature(app_secret: str, body: bytes) -> str:
    """X-Hub-Signature-256: `sha256=` + HMAC-SHA256 of the raw body with the app secret."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def meta_signature_valid(app_secret: str, header: str | None, body: bytes) -> bool:
    if not header:
        return False
    return hmac.compare_digest(meta_signature(app_secret, body).encode(), header.encode())


def twilio_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """X-Twilio-Signature: base64 HMAC-SHA1 of the URL followed by the sorted POST fields."""
    return RequestValidator(auth_token).compute_signature(url, MultiDict(params))


def twilio_signature_valid(
    auth_token: str, url: str, params: Iterable[tuple[str, str]], header: str | None
) -> bool:
    """Twilio's own validator: it also tries the URL with and without an explicit port."""
    if not header:
        return False
    try:
        base64.b64decode(header, validate=True)
    except ValueError:
        return False
    return RequestValidator(auth_token).validate(url, MultiDict(params), header)
