"""A platform channel reads its settings from the environment, never from credentials.yml."""

from __future__ import annotations

import logging

import pytest

from channels.telegram import TelegramInput


def test_keys_under_a_channel_in_credentials_are_ignored_with_a_warning_that_names_them(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    with caplog.at_level(logging.WARNING, logger="channels.common"):
        channel = TelegramInput.from_credentials({"webhook_url": "https://x", "access_token": "t"})
    assert not channel.enabled  # the token under credentials.yml was not read
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "channels.common"]
    assert "The telegram channel" in warning
    assert "(access_token, webhook_url) are ignored" in warning


def test_no_keys_under_a_channel_no_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    with caplog.at_level(logging.WARNING, logger="channels.common"):
        TelegramInput.from_credentials(None)
        TelegramInput.from_credentials({})
    assert [r for r in caplog.records if r.name == "channels.common"] == []
