"""The action server's logs hold no health data: not what people wrote, not who they are.

Logs are kept and shipped with far less care than the databases that `make purge` and
"delete my data" clean (hazard H-18 in safety/hazard_log.yml). Each test runs actions through
rasa-sdk's ActionExecutor, as the action server does, with every logger at DEBUG, and checks
that no log line carries the person's words, their sender id or their symptoms.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from rasa_sdk.executor import ActionExecutor
from support import make_tracker, symptom

import actions.assessment
import actions.privacy

WORDS = "this morning I coughed up blood and my left arm went numb"
PERSON = "sender-7d1c0f3a9b2e"
SYMPTOMS = ["coughing_blood", "limb_weakness"]


@pytest.fixture(scope="module")
def executor() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def call(
    executor: ActionExecutor, action: str, domain: dict[str, Any], **tracker: Any
) -> dict[str, Any]:
    state = make_tracker(**tracker).current_state()
    state["sender_id"] = PERSON
    payload = {"next_action": action, "sender_id": PERSON, "tracker": state, "domain": domain}
    response = asyncio.run(executor.run(payload))
    assert response is not None
    return response


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        f"{record.name}: {record.getMessage()} {record.exc_text or ''}"
        for record in caplog.records
    )


def assert_no_health_data(caplog: pytest.LogCaptureFixture) -> None:
    text = logged(caplog)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for secret in (WORDS, "coughed up blood", "went numb", PERSON, *SYMPTOMS):
        assert secret not in text, f"{secret!r} reached the logs:\n{text}"


def test_a_red_flag_report_and_its_assessment_leave_no_health_data_in_the_logs(
    executor, domain, caplog
):
    with caplog.at_level(logging.DEBUG):
        call(
            executor,
            "validate_symptom_form",
            domain,
            text=WORDS,
            entities=[symptom(s) for s in SYMPTOMS],
            requested_slot="anything_else",
            active_loop="symptom_form",
        )
        call(executor, "action_assess_symptoms", domain, text=WORDS, slots={"symptoms": SYMPTOMS})
    assert_no_health_data(caplog)


def test_a_failing_record_write_logs_the_failure_but_no_health_data(
    executor, domain, caplog, monkeypatch
):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database is down")

    monkeypatch.setattr(actions.assessment, "assessment_records", broken)
    with caplog.at_level(logging.DEBUG):
        call(executor, "action_assess_symptoms", domain, text=WORDS, slots={"symptoms": SYMPTOMS})
    assert "could not be recorded" in logged(caplog)
    assert_no_health_data(caplog)


def test_a_failing_erasure_logs_the_failure_but_no_health_data(
    executor, domain, caplog, monkeypatch
):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database is down")

    monkeypatch.setattr(actions.privacy, "assessment_records", broken)
    with caplog.at_level(logging.DEBUG):
        call(
            executor,
            "action_delete_my_data",
            domain,
            text=f"yes, delete everything about {WORDS}",
            intent="affirm",
            slots={"symptoms": SYMPTOMS},
        )
    assert "Could not delete" in logged(caplog)
    assert_no_health_data(caplog)
