"""Signatures as each platform documents them: the right one passes, anything else fails."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from channels.signatures import (
    meta_signature,
    meta_signature_valid,
    slack_signature,
    slack_signature_valid,
    telegram_secret_valid,
    twilio_signature,
    twilio_signature_valid,
)

BODY = b'{"type":"event_callback","event":{"text":"my hips ache"}}'


def test_telegram_secret_must_match_exactly():
    assert telegram_secret_valid("s3cret", "s3cret")
    assert not telegram_secret_valid("s3cret", "s3cret ")
    assert not telegram_secret_valid("s3cret", "")
    assert not telegram_secret_valid("s3cret", None)


def test_slack_signature_follows_slacks_recipe():
    # Slack's documented recipe: "v0:" + timestamp + ":" + body, HMAC-SHA256, hex.
    expected = hmac.new(b"secret", b"v0:1531420618:" + BODY, hashlib.sha256).hexdigest()
    assert slack_signature("secret", "1531420618", BODY) == f"v0={expected}"


def test_slack_signature_is_checked_with_its_timestamp():
    now = time.time()
    timestamp = str(int(now))
    signature = slack_signature("secret", timestamp, BODY)
    assert slack_signature_valid("secret", timestamp, signature, BODY, now=now)
    assert not slack_signature_valid("other", timestamp, signature, BODY, now=now)
    assert not slack_signature_valid("secret", timestamp, signature, BODY + b" ", now=now)
    assert not slack_signature_valid("secret", str(int(now) + 1), signature, BODY, now=now)
    assert not slack_signature_valid("secret", timestamp, None, BODY, now=now)
    assert not slack_signature_valid("secret", "soon", signature, BODY, now=now)


def test_slack_refuses_a_replay_older_than_five_minutes():
    now = time.time()
    old = str(int(now) - 301)
    assert not slack_signature_valid(
        "secret", old, slack_signature("secret", old, BODY), BODY, now=now
    )


def test_meta_signature_is_sha256_of_the_raw_body():
    expected = hmac.new(b"app-secret", BODY, hashlib.sha256).hexdigest()
    assert meta_signature("app-secret", BODY) == f"sha256={expected}"
    assert meta_signature_valid("app-secret", f"sha256={expected}", BODY)
    assert not meta_signature_valid("app-secret", f"sha256={expected}", BODY[:-1])
    sha1 = hmac.new(b"app-secret", BODY, hashlib.sha1).hexdigest()
    assert not meta_signature_valid("app-secret", f"sha1={sha1}", BODY)
    assert not meta_signature_valid("app-secret", None, BODY)


def test_twilio_signature_follows_twilios_recipe():
    url = "https://bot.example.org/webhooks/twilio/webhook?x=1"
    fields = [("To", "+15550001111"), ("Body", "my hips ache"), ("From", "+447700900123")]
    data = url + "Body" + "my hips ache" + "From" + "+447700900123" + "To" + "+15550001111"
    expected = base64.b64encode(hmac.new(b"token", data.encode(), hashlib.sha1).digest())
    assert twilio_signature("token", url, fields) == expected.decode()
    assert twilio_signature_valid("token", url, fields, expected.decode())
    assert not twilio_signature_valid("other", url, fields, expected.decode())
    assert not twilio_signature_valid("token", url + "&y=2", fields, expected.decode())
    assert not twilio_signature_valid("token", url, fields[:2], expected.decode())
    assert not twilio_signature_valid("token", url, fields, "not base64!")
    assert not twilio_signature_valid("token", url, fields, None)


def test_twilio_accepts_the_url_with_its_default_port_as_twilio_may_sign_it():
    fields = [("Body", "hi")]
    with_port = "https://bot.example.org:443/sms"
    signature = twilio_signature("token", with_port, fields)
    assert twilio_signature_valid("token", "https://bot.example.org/sms", fields, signature)
