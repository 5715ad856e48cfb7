"""The conversation scorer (scripts/evaluate_conversations.py): in time, late, missed, false."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from scripts.converse import Reply
from scripts.evaluate_conversations import (
    CLOSING_MESSAGES,
    Conversation,
    SetError,
    load_conversations,
    markdown,
    play,
    score,
)

LINE = "the 24-hour line"


def assessment(
    urgency: str, last_text: str = "Please see a doctor."
) -> tuple[dict[str, Any], ...]:
    return ({"custom": {"type": "assessment", "urgency": urgency}}, {"text": last_text})


class ScriptedAssistant:
    """Answers each message with the next scripted reply; records what it was sent."""

    def __init__(self, *replies: tuple[dict[str, Any], ...]) -> None:
        self.replies = list(replies)
        self.sent: list[str] = []

    def send(self, sender: str, text: str) -> Reply:
        self.sent.append(text)
        messages = self.replies.pop(0) if self.replies else ({"text": "Anything else?"},)
        return Reply(messages=messages)


def conversation(*messages: str, expect: str = "soon", by: int | None = None) -> Conversation:
    return Conversation(
        id="c", messages=messages, expect=expect, emergency_by=by, on_treatment=False
    )


def test_an_emergency_said_at_the_completing_message_is_in_time() -> None:
    assistant = ScriptedAssistant(({"text": "Anything else?"},), assessment("emergency"))
    outcome = play(
        conversation("on chemo", "hot and shivery", expect="emergency", by=2), assistant, LINE
    )  # type: ignore[arg-type]
    totals = score([outcome])
    assert outcome.first_emergency == 2
    assert (totals["emergencies_in_time"], totals["emergencies_late"]) == (1, 0)
    assert totals["multi_message_in_time"] == 1


def test_an_emergency_said_only_after_the_closing_questions_is_late() -> None:
    assistant = ScriptedAssistant(
        ({"text": "Anything else?"},), ({"text": "When?"},), assessment("emergency")
    )
    outcome = play(
        conversation("my back hurts and my legs give way", expect="emergency", by=1),
        assistant,
        LINE,
    )  # type: ignore[arg-type]
    assert assistant.sent[1:] == list(CLOSING_MESSAGES)
    totals = score([outcome])
    assert (totals["emergencies_in_time"], totals["emergencies_late"]) == (0, 1)
    assert totals["final_exact"] == 1


def test_an_emergency_never_said_is_missed_and_under_triaged() -> None:
    outcome = play(
        conversation("legs weak", expect="emergency", by=1),
        ScriptedAssistant(assessment("soon")),
        LINE,
    )  # type: ignore[arg-type]
    totals = score([outcome])
    assert (totals["emergencies_missed"], totals["under_triaged"]) == (1, 1)


def test_a_calm_conversation_called_an_emergency_is_a_false_emergency() -> None:
    outcome = play(
        conversation("my aunt had fits", expect="soon"),
        ScriptedAssistant(assessment("emergency")),
        LINE,
    )  # type: ignore[arg-type]
    totals = score([outcome])
    assert (totals["false_emergencies"], totals["over_triaged"]) == (1, 1)


def test_an_assessment_without_see_a_doctor_is_counted() -> None:
    outcome = play(
        conversation("a lump"), ScriptedAssistant(assessment("soon", "Book an appointment.")), LINE
    )  # type: ignore[arg-type]
    assert score([outcome])["assessments_without_see_a_doctor"] == 1


def test_the_treatment_line_is_heard_only_when_said() -> None:
    on_treatment = Conversation("c", ("on chemo, 38.5",), "emergency", 1, True)
    told = play(
        on_treatment,
        ScriptedAssistant(
            (
                {"custom": {"type": "assessment", "urgency": "emergency"}},
                {"text": f"Call {LINE} too. Then see a doctor."},
            )
        ),
        LINE,
    )  # type: ignore[arg-type]
    untold = play(on_treatment, ScriptedAssistant(assessment("emergency")), LINE)  # type: ignore[arg-type]
    totals = score([told, untold])
    assert totals["on_treatment_told_of_treatment_line"] == 1
    assert totals["on_treatment_urgent_or_emergency"] == 2
    assert "1/2" in markdown(totals, "x")


def test_closing_stops_after_a_few_turns_without_an_assessment() -> None:
    assistant = ScriptedAssistant()
    outcome = play(conversation("hello"), assistant, LINE)  # type: ignore[arg-type]
    assert outcome.final_urgency is None
    assert score([outcome])["no_assessment"] == 1
    assert 1 < len(assistant.sent) <= 1 + 6


def test_a_message_answered_only_with_not_understood_is_counted_and_safety_advice_is_not() -> (
    None
):
    not_understood = ({"text": "Sorry, I didn’t understand that, or I can't help with it."},)
    safety_net = (
        {
            "text": "I couldn't match that to a symptom I know. If it is serious, call "
            "your local emergency number now."
        },
    )
    outcome = play(
        conversation("my eyes went funny", "everything dark", "no"),
        ScriptedAssistant(not_understood, safety_net, assessment("soon")),
        LINE,
    )  # type: ignore[arg-type]
    totals = score([outcome])
    assert (totals["not_understood"], totals["messages"]) == (1, 3)
    assert "| the person's messages answered only \"I didn't understand\" | 1/3 |" in markdown(
        totals, "Set"
    )


def test_closing_turns_are_not_counted_as_the_persons_messages() -> None:
    not_understood = ({"text": "Sorry, I didn't understand that."},)
    outcome = play(
        conversation("hello"), ScriptedAssistant(*[not_understood] * 7), LINE
    )  # type: ignore[arg-type]
    assert (outcome.messages_sent, outcome.not_understood) == (1, 1)


@pytest.mark.parametrize(
    "body, problem",
    [
        ("conversations: []", "non-empty"),
        ("conversations:\n  - {id: a, messages: [hi], expect: critical}", "expect"),
        ("conversations:\n  - {id: a, messages: [hi], expect: emergency}", "emergency_by"),
        (
            "conversations:\n  - {id: a, messages: [hi], expect: emergency, emergency_by: 2}",
            "emergency_by",
        ),
        (
            "conversations:\n  - {id: a, messages: [hi], expect: soon, emergency_by: 1}",
            "only for emergencies",
        ),
        ("conversations:\n  - {id: a, messages: [''], expect: soon}", "messages"),
        (
            "conversations:\n  - {id: a, messages: [hi], expect: soon}\n"
            "  - {id: a, messages: [hi], expect: soon}",
            "twice",
        ),
        (
            "conversations:\n  - {id: a, messages: [hi], expect: soon, on_treatment: yes}",
            "on_treatment",
        ),
    ],
)
def test_a_malformed_set_is_refused(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "set.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SetError, match=problem):
        load_conversations(path)


def test_a_well_formed_set_loads(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        "conversations:\n"
        "  - {id: a, messages: [on chemo, feel hot], expect: emergency, emergency_by: 2,"
        " on_treatment: true}\n"
        "  - {id: b, messages: [a lump], expect: soon}\n",
        encoding="utf-8",
    )
    loaded = load_conversations(path)
    assert [c.id for c in loaded] == ["a", "b"]
    assert loaded[0].on_treatment and loaded[0].emergency_by == 2


class AlwaysSoon(ScriptedAssistant):
    webhook = "http://assistant/webhooks/rest/webhook"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def answers(self) -> bool:
        return True

    def send(self, sender: str, text: str) -> Reply:
        return Reply(messages=assessment("soon"))


def test_a_blind_run_reports_totals_and_fails_its_floors_without_naming_a_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scripts.evaluate_conversations as evaluate

    monkeypatch.setattr(evaluate, "RestClient", AlwaysSoon)
    data = tmp_path / "set.yml"
    data.write_text(
        "conversations:\n"
        "  - {id: secret-one, messages: [legs gave way], expect: emergency, emergency_by: 1}\n"
        "  - {id: secret-two, messages: [a lump], expect: soon}\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    out = io.StringIO()
    code = evaluate.run(
        [
            "--data",
            str(data),
            "--totals-only",
            "--json",
            str(report),
            "--max-emergencies-missed",
            "0",
        ],
        out=out,
    )
    assert code == evaluate.EXIT_FAILED
    assert "emergencies missed: 1 (at most 0)" in out.getvalue()
    written = report.read_text(encoding="utf-8")
    assert "secret" not in written and "secret" not in out.getvalue()
    assert json.loads(written)["totals"]["final_exact"] == 1


class NeverUnderstands(AlwaysSoon):
    def send(self, sender: str, text: str) -> Reply:
        return Reply(messages=({"text": "Sorry, I didn't understand that."},))


def test_a_run_fails_when_more_messages_than_allowed_get_only_not_understood(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scripts.evaluate_conversations as evaluate

    monkeypatch.setattr(evaluate, "RestClient", NeverUnderstands)
    data = tmp_path / "set.yml"
    data.write_text(
        "conversations:\n  - {id: a, messages: [my eyes went funny, all dark], expect: urgent}\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    arguments = ["--data", str(data), "--totals-only", "--max-not-understood"]
    assert evaluate.run([*arguments, "1"], out=out) == evaluate.EXIT_FAILED
    assert 'answered only "I didn\'t understand": 2 (at most 1)' in out.getvalue()
    assert evaluate.run([*arguments, "2"], out=io.StringIO()) == evaluate.EXIT_OK
