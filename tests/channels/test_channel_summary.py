"""The summary for the doctor on the messaging platforms: a PDF document on Telegram."""

from __future__ import annotations

from typing import Any

import pytest
from channel_harness import ScriptedRasa, post, serving
from test_channel_telegram import CHAT, signed, telegram, update

import symptom_checker.summary as summary_module
from symptom_checker.loader import read_knowledge
from symptom_checker.summary import DoctorSummary, summary_from_events

TOKEN = "T" * 32


@pytest.fixture
def one_summary(monkeypatch) -> DoctorSummary:
    events: list[dict[str, Any]] = [
        {"event": "slot", "name": "symptom_duration", "value": "three weeks"},
        {
            "event": "bot",
            "timestamp": 1764633600.0,
            "data": {
                "custom": {
                    "type": "assessment",
                    "urgency": "soon",
                    "sites": ["lymph_nodes"],
                    "symptoms": ["armpit_lump"],
                    "negated": [],
                    "red_flags": [],
                }
            },
        },
    ]
    summary = summary_from_events(events, read_knowledge())
    assert summary is not None

    class OneSummary:
        def load(self, token: str) -> DoctorSummary | None:
            return summary if token == TOKEN else None

    monkeypatch.setattr(summary_module, "summaries", OneSummary)
    return summary


async def test_telegram_sends_the_summary_as_a_pdf_document(one_summary):
    rasa = ScriptedRasa(
        [
            {"text": "Here is a summary to show your doctor, as a PDF."},
            {"custom": {"type": "doctor_summary", "token": TOKEN}},
        ]
    )
    async with serving(telegram, rasa) as bot:
        status, _ = await post(bot.webhook, update(7, "summary for my doctor"), signed())
    assert status == 200
    [document] = [r for r in bot.records if r["method"] == "sendDocument"]
    assert str(document["params"]["chat_id"]) == str(CHAT)
    sent = document["params"]["document"]
    assert sent["starts_with"] == "%PDF-" and sent["filename"].endswith(".pdf")
    assert sent["size"] > 1000
    texts = [r["params"]["text"] for r in bot.records if r["method"] == "sendMessage"]
    assert not any("doctor_summary" in text for text in texts), "the machine message leaked"


async def test_an_unknown_summary_token_is_answered_in_words_not_a_document(one_summary):
    rasa = ScriptedRasa([{"custom": {"type": "doctor_summary", "token": "U" * 32}}])
    async with serving(telegram, rasa) as bot:
        await post(bot.webhook, update(8, "summary for my doctor"), signed())
    assert not [r for r in bot.records if r["method"] == "sendDocument"]
    texts = [r["params"]["text"] for r in bot.records if r["method"] == "sendMessage"]
    assert texts == ["Sorry, I can't make the summary right now."]
