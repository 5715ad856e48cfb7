"""credentials.yml and the environment: which channels Rasa builds, and what `make run` says."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.run import create_http_input_channels

from channels.settings import ChannelSettingsError, telegram_settings, twilio_settings
from channels.status import configured_classes, status_lines

CREDENTIALS = Path(__file__).resolve().parents[2] / "credentials.yml"
PLATFORM_VARIABLES = {
    "TELEGRAM_TOKEN": "123456:TEST-token",
    "TELEGRAM_SECRET_TOKEN": "secret_1",
    "SLACK_TOKEN": "xoxb-test",
    "SLACK_SIGNING_SECRET": "slack-secret",
    "FACEBOOK_VERIFY_TOKEN": "verify",
    "FACEBOOK_APP_SECRET": "app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "page-token",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "twilio-token",
    "TWILIO_NUMBER": "+15550001111",
    "TWILIO_WEBHOOK_URL": "https://bot.example.org/webhooks/twilio/webhook",
}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [*PLATFORM_VARIABLES, "REDIS_URL"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WEB_PORT", "8080")
    return monkeypatch


def built_channels() -> dict[str, bool]:
    channels = create_http_input_channels(None, str(CREDENTIALS))
    return {c.name(): getattr(c, "enabled", True) for c in channels}


def test_with_no_platform_variables_rasa_starts_with_rest_and_socketio_only(clean_environment):
    assert built_channels() == {
        "rest": True,
        "socketio": True,
        "telegram": False,
        "slack": False,
        "facebook": False,
        "twilio": False,
    }


def test_every_platform_is_on_when_its_variables_are_set(clean_environment):
    for name, value in PLATFORM_VARIABLES.items():
        clean_environment.setenv(name, value)
    assert all(built_channels().values())


def test_a_platform_stays_off_until_all_its_variables_are_set(clean_environment):
    clean_environment.setenv("SLACK_TOKEN", "xoxb-test")
    assert built_channels()["slack"] is False
    lines, warnings, usable = status_lines(
        {"SLACK_TOKEN": "xoxb-test"}, configured_classes(CREDENTIALS), "http://127.0.0.1:5005"
    )
    assert usable
    assert any(
        "slack" in line and "off" in line and "SLACK_SIGNING_SECRET" in line for line in lines
    )
    assert any("slack stays off" in warning for warning in warnings)


def test_status_names_the_webhook_of_each_channel_that_is_on():
    lines, warnings, usable = status_lines(
        {"TELEGRAM_TOKEN": "123456:TEST-token", "TELEGRAM_SECRET_TOKEN": "secret_1"},
        configured_classes(CREDENTIALS),
        "http://127.0.0.1:5005",
    )
    assert usable and warnings == []
    assert "  telegram  on   http://127.0.0.1:5005/webhooks/telegram/webhook" in lines
    assert "  rest      on   http://127.0.0.1:5005/webhooks/rest/webhook" in lines


def test_telegram_without_its_secret_token_stays_off_and_make_run_says_why(clean_environment):
    clean_environment.setenv("TELEGRAM_TOKEN", "123456:TEST-token")
    assert built_channels()["telegram"] is False
    lines, warnings, usable = status_lines(
        {"TELEGRAM_TOKEN": "123456:TEST-token"},
        configured_classes(CREDENTIALS),
        "http://127.0.0.1:5005",
    )
    assert usable
    assert "  telegram  off  (set TELEGRAM_SECRET_TOKEN)" in lines
    [warning] = warnings
    assert "telegram stays off" in warning and "signs no update" in warning


def test_a_malformed_value_is_an_error_not_a_silent_off():
    with pytest.raises(ChannelSettingsError, match="TELEGRAM_TOKEN"):
        telegram_settings({"TELEGRAM_TOKEN": "not-a-token", "TELEGRAM_SECRET_TOKEN": "s"})
    with pytest.raises(ChannelSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        telegram_settings({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_SECRET_TOKEN": "has spaces"})
    with pytest.raises(ChannelSettingsError, match="TWILIO_API_URL"):
        twilio_settings(
            {
                "TWILIO_ACCOUNT_SID": "AC1",
                "TWILIO_AUTH_TOKEN": "t",
                "TWILIO_NUMBER": "+1",
                "TWILIO_API_URL": "api.twilio.com",
            }
        )
    lines, _, usable = status_lines(
        {"TELEGRAM_TOKEN": "not-a-token", "TELEGRAM_SECRET_TOKEN": "secret_1"},
        configured_classes(CREDENTIALS),
        "http://x",
    )
    assert not usable and any("ERROR" in line for line in lines)


def test_the_defaults_are_the_real_apis():
    telegram = telegram_settings({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_SECRET_TOKEN": "s"})
    assert telegram is not None and telegram.api_url == "https://api.telegram.org"
    assert telegram.bot_id == "1"
