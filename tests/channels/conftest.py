"""Channel tests are coroutines run in a fresh event loop each (no pytest plugin needed),
with a realistic assessment to send: what the assistant says for an armpit lump and aching
hips, and its follow-up question with buttons, read from domain.yml."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from channel_harness import bot_messages

from symptom_checker.triage import assess
from symptom_checker.wording import assessment_messages


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture(scope="session")
def assessment_replies(knowledge) -> list[dict[str, Any]]:
    """The bot messages of a real assessment: a summary for rich channels, then texts."""
    return bot_messages(assessment_messages(assess(["armpit_lump", "bone_pain"], [], knowledge)))


@pytest.fixture(scope="session")
def emergency_replies(knowledge) -> list[dict[str, Any]]:
    return bot_messages(assessment_messages(assess(["seizure"], [], knowledge)))


@pytest.fixture(scope="session")
def question_with_buttons(domain) -> dict[str, Any]:
    """utter_ask_breast_cancer_history as Rasa sends it: text and Yes/No/Not sure buttons."""
    response = domain["responses"]["utter_ask_breast_cancer_history"][0]
    return {"text": response["text"], "buttons": response["buttons"]}
