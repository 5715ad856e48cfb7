"""The transcript runner (scripts/converse.py) on its own: parsing, matching, reporting,
starting and stopping a stack. No Rasa server is needed; a tiny fake REST channel stands in."""

from __future__ import annotations

import importlib.util
import io
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "converse.py"
_spec = importlib.util.spec_from_file_location("converse", SCRIPT)
assert _spec and _spec.loader
converse = importlib.util.module_from_spec(_spec)
sys.modules["converse"] = converse
_spec.loader.exec_module(converse)

KNOWN = converse.KnownIds(
    sites=frozenset({"breast_chest_wall", "lymph_nodes", "bone", "brain", "lung", "liver"}),
    symptoms=frozenset({"seizure", "headache", "back_pain", "limb_weakness", "armpit_lump"}),
)

SEIZURE_ASSESSMENT = [
    {
        "custom": {
            "type": "assessment",
            "urgency": "emergency",
            "sites": ["brain"],
            "symptoms": ["seizure"],
            "negated": [],
            "red_flags": ["seizure"],
        }
    },
    {"text": "EMERGENCY: what you describe needs medical help now."},
    {"text": "Here is what I understood. You told me about a seizure or fit."},
    {
        "text": "Urgency: EMERGENCY. Call your local emergency number now.\n"
        "Please don't wait, so that you can see a doctor straight away."
    },
]


def reply(*messages: dict[str, Any]) -> Any:
    return converse.Reply(messages=tuple(messages))


def turn(**fields: Any) -> Any:
    fields.setdefault("user", "hello")
    return converse.parse_turn(fields, "test", KNOWN)


# --- Reading transcripts ------------------------------------------------------------------


def test_a_transcript_reads_turns_and_expectations():
    transcript = converse.parse_transcript(
        "title: Seizure\n"
        "turns:\n"
        "  - user: I had a fit\n"
        "    urgency: emergency\n"
        "    sites: [brain]\n"
        "    contains: [emergency number]\n"
        "  - user: thanks\n",
        Path("seizure.yml"),
        KNOWN,
    )
    assert transcript.title == "Seizure"
    first, second = transcript.turns
    assert first.user == "I had a fit"
    assert first.urgency == "emergency"
    assert first.sites == ("brain",)
    assert first.contains == ("emergency number",)
    assert first.expects_assessment
    assert second.user == "thanks" and not second.expects_assessment


def test_yes_and_no_are_words_not_booleans():
    transcript = converse.parse_transcript(
        "turns:\n  - user: no\n    assessment: no\n  - user: yes\n  - user: off\n",
        Path("t.yml"),
    )
    assert [t.user for t in transcript.turns] == ["no", "yes", "off"]
    assert transcript.turns[0].assessment is False


def test_a_single_phrase_need_not_be_a_list():
    assert turn(contains="lymph nodes").contains == ("lymph nodes",)


def test_a_misspelt_key_is_reported_with_a_suggestion():
    with pytest.raises(converse.TranscriptError, match='unknown key "contain".*"contains"'):
        converse.parse_transcript("turns:\n  - user: hi\n    contain: [x]\n", Path("t.yml"))


def test_an_unknown_site_id_is_reported_with_a_suggestion():
    with pytest.raises(converse.TranscriptError, match='"bones" is not a site id.*"bone"'):
        turn(sites=["bones"])


def test_an_unknown_urgency_is_reported():
    with pytest.raises(converse.TranscriptError, match="must be one of soon, urgent, emergency"):
        turn(urgency="critical")


def test_a_turn_without_user_text_is_reported():
    with pytest.raises(converse.TranscriptError, match="every turn needs `user:`"):
        converse.parse_transcript("turns:\n  - contains: [x]\n", Path("t.yml"))


def test_broken_yaml_is_reported_with_the_file_name():
    with pytest.raises(converse.TranscriptError, match="broken.yml: not valid YAML"):
        converse.parse_transcript('title: "a" b\nturns: []\n', Path("broken.yml"))


def test_the_shipped_transcripts_all_load_and_there_are_at_least_30():
    paths = converse.find_transcripts([])
    transcripts, errors = converse.load_all(paths, converse.KnownIds.from_knowledge())
    assert errors == []
    assert len(transcripts) >= 30


# --- Reading the assistant's answer ------------------------------------------------------


def test_the_assessment_is_the_custom_payload_and_the_texts_after_it():
    answer = reply({"text": "Before we start"}, *SEIZURE_ASSESSMENT)
    (assessment,) = answer.assessments
    assert assessment.urgency == "emergency"
    assert assessment.ids("sites") == ("brain",)
    assert len(assessment.texts) == 3
    assert "Before we start" not in assessment.texts


def test_phrases_ignore_case_spacing_and_curly_quotes():
    assert converse.contains_phrase("You\u2019re  WELCOME.\nBye", "you're welcome")
    assert not converse.contains_phrase("welcome", "you're welcome")


# --- Checking a turn --------------------------------------------------------------------


def test_a_matching_answer_has_no_failures():
    expected = turn(
        urgency="emergency", sites=["brain"], symptoms=["seizure"], negated=[],
        contains=["emergency number"], contains_any=["call", "ring"], not_contains=["urgent"],
    )  # fmt: skip
    assert converse.check_turn(expected, reply(*SEIZURE_ASSESSMENT)) == []


def test_a_missing_phrase_shows_the_closest_passage():
    (failure,) = converse.check_turn(
        turn(contains=["emergency numbers"]), reply(*SEIZURE_ASSESSMENT)
    )
    assert failure.expectation == 'contains "emergency numbers"'
    assert '- expected: "emergency numbers"' in failure.diff
    assert failure.diff[1].startswith("+ closest:") and "emergency number" in failure.diff[1]


def test_contains_any_fails_only_when_none_is_there():
    answer = reply({"text": "Sorry, I can't help with that."})
    assert converse.check_turn(turn(contains_any=["cannot help", "can't help"]), answer) == []
    (failure,) = converse.check_turn(turn(contains_any=["cannot help", "unable"]), answer)
    assert "none of them" in failure.diff[-1]


def test_a_forbidden_phrase_is_shown_where_it_was_found():
    answer = reply({"text": "So far I've noted a cough. Have you noticed anything else?"})
    (failure,) = converse.check_turn(turn(not_contains=["anything else"]), answer)
    assert failure.expectation == 'does not contain "anything else"'
    assert "noticed anything else" in failure.diff[-1]


def test_an_answer_longer_than_max_words_is_a_failure_with_its_count():
    answer = reply({"text": "one two three"}, {"text": "four five"})
    assert converse.check_turn(turn(max_words=5), answer) == []
    (failure,) = converse.check_turn(turn(max_words=4), answer)
    assert failure.expectation == "at most 4 words" and "5 words" in failure.diff[-1]


def test_leads_with_looks_only_at_the_first_thirty_words_of_the_first_message():
    late = " ".join(["word"] * 30) + " call the emergency number"
    assert (
        converse.check_turn(turn(leads_with=["call"]), reply({"text": "Please call now."})) == []
    )
    (failure,) = converse.check_turn(turn(leads_with=["call"]), reply({"text": late}))
    assert failure.expectation == '"call" within the first 30 words'
    second = reply({"text": "Hello."}, {"text": "Call now."})
    assert converse.check_turn(turn(leads_with=["call"]), second)


def test_max_words_must_be_a_whole_number():
    with pytest.raises(converse.TranscriptError, match="max_words"):
        turn(max_words="short")


def test_a_wrong_urgency_is_a_failure_showing_both():
    (failure,) = converse.check_turn(turn(urgency="urgent"), reply(*SEIZURE_ASSESSMENT))
    assert failure.diff == ("- expected: urgency urgent", "+ got:      urgency emergency")


def test_sites_must_match_exactly_and_the_difference_is_listed():
    (failure,) = converse.check_turn(turn(sites=["bone", "lung"]), reply(*SEIZURE_ASSESSMENT))
    text = "\n".join(failure.diff)
    assert "- expected: sites [bone, lung]" in text
    assert "+ got:      sites [brain]" in text
    assert "missing:  bone, lung" in text
    assert "not expected: brain" in text


def test_site_order_does_not_matter():
    payload = {"type": "assessment", "urgency": "soon", "sites": ["bone", "brain"]}
    answer = reply({"custom": payload}, {"text": "Please see a doctor."})
    assert converse.check_turn(turn(sites=["brain", "bone"]), answer) == []


def test_negated_symptoms_are_checked_from_the_payload():
    (failure,) = converse.check_turn(turn(negated=["seizure"]), reply(*SEIZURE_ASSESSMENT))
    assert failure.expectation == "negated: [seizure]"


def test_an_expected_assessment_that_does_not_come_is_a_failure():
    failures = converse.check_turn(
        turn(urgency="soon"), reply({"text": "Have you noticed anything else?"})
    )
    assert [f.expectation for f in failures] == ["an assessment"]


def test_an_assessment_where_none_is_expected_is_a_failure():
    (failure,) = converse.check_turn(turn(assessment="no"), reply(*SEIZURE_ASSESSMENT))
    assert failure.expectation == "no assessment"
    assert "urgency emergency" in failure.diff[-1]


def test_every_assessment_must_end_with_see_a_doctor_even_unasked():
    answer = reply(*SEIZURE_ASSESSMENT[:-1], {"text": "Call the emergency number now."})
    (failure,) = converse.check_turn(turn(), answer)
    assert "see a doctor" in failure.expectation
    assert failure.expectation.startswith("(automatic)")
    assert "Call the emergency number now." in failure.diff[-1]


def test_an_assessment_with_no_text_after_it_fails_the_automatic_check():
    answer = reply({"text": "before"}, SEIZURE_ASSESSMENT[0])
    (failure,) = converse.check_turn(turn(), answer)
    assert "no text after the assessment" in failure.diff[-1]


def test_no_answer_at_all_is_a_failure():
    (failure,) = converse.check_turn(turn(), reply())
    assert failure.expectation == "an answer from the assistant"


def test_an_unreachable_assistant_is_a_failure():
    (failure,) = converse.check_turn(turn(), converse.Reply(error="connection refused"))
    assert "connection refused" in failure.diff[-1]


# --- The report -------------------------------------------------------------------------


def _result_with_a_wrong_expectation() -> Any:
    transcript = converse.parse_transcript(
        "title: A deliberately wrong expectation\n"
        "turns:\n"
        "  - user: my partner saw me have a fit\n"
        "    urgency: soon\n"
        "    sites: [bone]\n"
        "    contains: [two weeks]\n",
        Path("wrong.yml"),
        KNOWN,
    )
    result = converse.TranscriptResult(transcript=transcript, sender="converse-test")
    answer = reply(*SEIZURE_ASSESSMENT)
    failures = converse.check_turn(transcript.turns[0], answer)
    result.turns.append(converse.TurnResult(1, transcript.turns[0], answer, failures))
    return result


def test_the_report_of_a_wrong_expectation_shows_what_differed():
    result = _result_with_a_wrong_expectation()
    assert not result.passed
    report = converse.format_result(result, converse.Style(enabled=False))
    assert "user:      my partner saw me have a fit" in report
    assert 'expected:  contains "two weeks"; an assessment; urgency soon; sites [bone]' in report
    assert "[assessment] urgency=emergency sites=[brain] symptoms=[seizure]" in report
    assert "| EMERGENCY: what you describe needs medical help now." in report
    assert "- expected: urgency soon" in report
    assert "+ got:      urgency emergency" in report
    assert "- expected: sites [bone]" in report
    assert "+ got:      sites [brain]" in report
    assert report.rstrip().endswith("FAILED  wrong.yml: A deliberately wrong expectation")


def test_the_summary_names_failing_transcripts_and_turns():
    summary = converse.format_summary([_result_with_a_wrong_expectation()], converse.Style(False))
    assert "1 transcripts: 0 passed, 1 failed" in summary
    assert "FAILED wrong.yml (turn 1)" in summary


def test_quiet_report_of_a_passing_transcript_is_one_line():
    transcript = converse.parse_transcript("turns:\n  - user: hi\n", Path("hi.yml"))
    result = converse.TranscriptResult(transcript=transcript, sender="s")
    result.turns.append(converse.TurnResult(1, transcript.turns[0], reply({"text": "Hello"}), []))
    line = converse.format_result(result, converse.Style(False), verbose=False)
    assert line == "PASSED  hi.yml: hi"


# --- The whole command against a fake REST channel ---------------------------------------


class _FakeRasa(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel: a seizure gets an emergency assessment."""

    senders: list[str] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _json(self, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._json({"status": "ok"})

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.senders.append(body["sender"])
        if "fit" in body["message"]:
            self._json(SEIZURE_ASSESSMENT)
        else:
            self._json([{"text": "Hello. I'm not a doctor."}])


@pytest.fixture
def fake_rasa() -> Iterator[str]:
    _FakeRasa.senders = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_passes_and_gives_each_transcript_its_own_sender(fake_rasa, tmp_path):
    good = "turns:\n  - user: hi\n    contains: [not a doctor]\n"
    _write(tmp_path, "a.yml", good)
    _write(tmp_path, "b.yml", good)
    out = io.StringIO()
    status = converse.run([str(tmp_path), "--url", fake_rasa, "--no-start"], out=out)
    assert status == converse.EXIT_OK, out.getvalue()
    assert "2 transcripts: 2 passed, 0 failed" in out.getvalue()
    assert len(set(_FakeRasa.senders)) == 2


def test_the_command_fails_on_a_deliberately_wrong_expectation(fake_rasa, tmp_path):
    path = _write(tmp_path, "wrong.yml", "turns:\n  - user: I had a fit\n    urgency: urgent\n")
    out = io.StringIO()
    status = converse.run([str(path), "--url", fake_rasa, "--no-start"], out=out)
    assert status == converse.EXIT_FAILED
    assert "- expected: urgency urgent" in out.getvalue()
    assert "+ got:      urgency emergency" in out.getvalue()


def test_one_failing_question_transcript_among_passing_ones_fails_the_run(fake_rasa, tmp_path):
    # No pass rate: a transcript without an assessment must pass as much as any other.
    for n in range(9):
        _write(tmp_path, f"ok{n}.yml", "turns:\n  - user: hi\n    contains: [not a doctor]\n")
    _write(
        tmp_path, "topic.yml", "turns:\n  - user: what is a micromet?\n    contains: [0.2 mm]\n"
    )
    out = io.StringIO()
    status = converse.run([str(tmp_path), "--url", fake_rasa, "--no-start", "-q"], out=out)
    assert status == converse.EXIT_FAILED
    assert "10 transcripts: 9 passed, 1 failed" in out.getvalue()
    assert "topic.yml (turn 1)" in out.getvalue()


def test_the_command_rejects_a_bad_transcript_before_playing(tmp_path):
    path = _write(tmp_path, "bad.yml", "turns:\n  - user: hi\n    urgncy: soon\n")
    out = io.StringIO()
    assert converse.run([str(path), "--no-start"], out=out) == converse.EXIT_BAD_INPUT
    assert 'did you mean "urgency"' in out.getvalue()


def test_the_command_says_so_when_nothing_answers_and_it_may_not_start(tmp_path):
    path = _write(tmp_path, "t.yml", "turns:\n  - user: hi\n")
    out = io.StringIO()
    status = converse.run([str(path), "--url", "http://127.0.0.1:9", "--no-start"], out=out)
    assert status == converse.EXIT_NO_ASSISTANT
    assert "nothing answers" in out.getvalue()


def test_the_json_report_gives_each_transcript_file_its_pass_or_fail(fake_rasa, tmp_path):
    _write(tmp_path, "good.yml", "turns:\n  - user: hi\n    contains: [not a doctor]\n")
    _write(tmp_path, "wrong.yml", "turns:\n  - user: I had a fit\n    urgency: urgent\n")
    report_path = tmp_path / "results" / "converse.json"
    args = [str(tmp_path), "--url", fake_rasa, "--no-start", "--json", str(report_path)]
    status = converse.run(args, out=io.StringIO())
    assert status == converse.EXIT_FAILED
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["exit_code"] == converse.EXIT_FAILED
    by_name = {Path(entry["file"]).name: entry for entry in report["transcripts"]}
    assert by_name["good.yml"]["passed"] is True
    assert by_name["wrong.yml"]["passed"] is False
    assert by_name["wrong.yml"]["failed_turns"] == [1]
    assert report["commit"] == converse.current_commit()


def test_the_json_report_names_shipped_transcripts_as_the_hazard_log_does():
    path = converse.PROJECT_ROOT / "tests" / "conversations" / "red_flag_seizure.yml"
    assert converse.project_path(path) == "tests/conversations/red_flag_seizure.yml"


def test_transcripts_not_played_because_nothing_answers_count_as_failed(tmp_path):
    _write(tmp_path, "t.yml", "turns:\n  - user: hi\n")
    report_path = tmp_path / "converse.json"
    args = [str(tmp_path), "--url", "http://127.0.0.1:9", "--no-start", "--json", str(report_path)]
    assert converse.run(args, out=io.StringIO()) == converse.EXIT_NO_ASSISTANT
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert [entry["passed"] for entry in report["transcripts"]] == [False]
    assert report["transcripts"][0]["error"] == "not played"


# --- Starting and stopping a stack of our own -------------------------------------------


def _group_alive(pgid: int) -> bool:
    return bool(converse.live_group_members(pgid))


class _ReadyAfterStart:
    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.webhook = "fake"

    def answers(self) -> bool:
        return self.stack.process is not None


@pytest.fixture
def fake_stack_script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(converse.Stack, "preflight", lambda self, env: None)
    script = tmp_path / "stack.sh"
    monkeypatch.setattr(converse, "STACK_COMMAND", ["bash", str(script)])
    return script


def test_a_started_stack_is_stopped_with_all_its_children(fake_stack_script, tmp_path):
    # Like the launcher: a process with children.
    fake_stack_script.write_text("sleep 300 &\nsleep 300 &\nwait\n")
    stack = converse.Stack("http://127.0.0.1:5999", tmp_path / "stack.log", 10, io.StringIO())
    stack.start()
    pgid = stack.process.pid
    stack.wait_until_ready(_ReadyAfterStart(stack))
    time.sleep(0.3)
    assert _group_alive(pgid)
    stack.stop()
    assert not _group_alive(pgid)


def test_a_stack_that_dies_while_starting_is_reported_with_its_log(fake_stack_script, tmp_path):
    fake_stack_script.write_text("echo 'Rasa server exited during start-up' >&2\nexit 1\n")
    stack = converse.Stack("http://127.0.0.1:5999", tmp_path / "stack.log", 10, io.StringIO())
    stack.start()

    class NeverReady:
        webhook = "fake"

        def answers(self) -> bool:
            return False

    with pytest.raises(converse.StackError, match="exited during start-up"):
        stack.wait_until_ready(NeverReady())
    stack.stop()


def test_a_stack_that_never_answers_times_out_with_a_clear_message(fake_stack_script, tmp_path):
    fake_stack_script.write_text("sleep 300\n")
    stack = converse.Stack("http://127.0.0.1:5999", tmp_path / "stack.log", 0, io.StringIO())
    stack.start()

    class NeverReady:
        webhook = "http://127.0.0.1:5999/webhooks/rest/webhook"

        def answers(self) -> bool:
            return False

    try:
        with pytest.raises(converse.StackError, match="did not answer .* within 0 s"):
            stack.wait_until_ready(NeverReady())
    finally:
        pgid = stack.process.pid
        stack.stop()
    assert not _group_alive(pgid)


def test_the_stack_is_started_on_the_port_of_the_url(monkeypatch):
    monkeypatch.setenv("RASA_PORT", "5005")
    stack = converse.Stack("http://127.0.0.1:5105", Path("log"), 10, io.StringIO())
    assert stack.environment()["RASA_PORT"] == "5105"


def test_a_stack_elsewhere_is_never_started():
    with pytest.raises(converse.StackError, match="not this machine"):
        converse.Stack("http://assistant.example.org:5005", Path("log"), 10, io.StringIO())


def test_sigterm_is_turned_into_an_interrupt_so_cleanup_runs():
    with pytest.raises(KeyboardInterrupt):
        converse._exit_on_sigterm(signal.SIGTERM, None)


def test_no_closest_passage_is_made_up_for_an_unrelated_phrase():
    assert converse.closest_passage("biopsy", "Sorry, I didn't quite understand, or say") is None
    assert converse.closest_passage("bones", "pain in a bone, such as the hips") == "bone"
