#!/usr/bin/env python
"""Play conversation transcripts against the running assistant and report what differed.

A transcript (tests/conversations/*.yml, format in tests/conversations/README.md) is what a
person says, turn by turn, and what the assistant's answer to each turn must (or must not)
contain, including the urgency and sites of an assessment. Each transcript is played over
Rasa's REST channel with a fresh sender id, so conversations never share state.

    python scripts/converse.py [FILE_OR_DIR ...] [--url http://127.0.0.1:5005] [--json PATH]

With no FILE_OR_DIR every transcript under tests/conversations/ is played. When nothing
answers at --url, the stack is started as `make run` starts it, `python -m runtime all`
(ports from RASA_PORT, ACTIONS_PORT and WEB_PORT), and stopped again at the end, also on Ctrl-C.

With --json PATH a machine-readable report is written there too (`make test-live` writes
results/converse.json, which `make safety` reads): the commit, and per transcript file whether
it passed; a transcript that could not be played is listed with `"passed": false`.

Exit status: 0 all transcripts passed, 1 some expectation failed, 2 a transcript or the
command line is wrong, 3 the assistant could not be reached or started.

Standard library, PyYAML, requests, and the knowledge base's ids and urgency levels
(symptom_checker.knowledge and .loader, so run it from the project root or with PYTHONPATH).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import requests
import yaml

from symptom_checker.knowledge import URGENCY_LEVELS
from symptom_checker.loader import read_knowledge
from symptom_checker.vocabulary import ASSESSMENT_TYPE
from symptom_nlu.plain_yaml import load_plain_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRANSCRIPTS = PROJECT_ROOT / "tests" / "conversations"
# The launcher of `make run` (runtime/launch.py), with the project's venv.
STACK_COMMAND = [str(PROJECT_ROOT / ".venv" / "bin" / "python"), "-m", "runtime", "all"]
DEFAULT_STACK_LOG = PROJECT_ROOT / "results" / "converse" / "stack.log"

# The contract: the last message of every assessment contains these words.
SEE_A_DOCTOR = "see a doctor"

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NO_ASSISTANT = 0, 1, 2, 3


# --------------------------------------------------------------------------------------
# Transcripts
# --------------------------------------------------------------------------------------


class TranscriptError(ValueError):
    """A transcript file that cannot be played as written; the message says how to fix it."""


@dataclass(frozen=True)
class Turn:
    """One thing the person says, and what the answer to it must look like."""

    user: str
    contains: tuple[str, ...] = ()
    contains_any: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    # None: not checked. True/False: an assessment must / must not come in this answer.
    assessment: bool | None = None
    urgency: str | None = None
    sites: tuple[str, ...] | None = None
    symptoms: tuple[str, ...] | None = None
    negated: tuple[str, ...] | None = None
    # issue 13: the whole answer has at most this many words; these phrases come within the
    # first LEAD_WORDS words of its first text (what to do now, said first).
    max_words: int | None = None
    leads_with: tuple[str, ...] = ()

    @property
    def expects_assessment(self) -> bool:
        return self.assessment is True or any(
            value is not None for value in (self.urgency, self.sites, self.symptoms, self.negated)
        )


@dataclass(frozen=True)
class Transcript:
    path: Path
    title: str
    turns: tuple[Turn, ...]
    about: str = ""


TRANSCRIPT_KEYS = {"title", "about", "turns"}
TURN_KEYS = {
    "user",
    "contains",
    "contains_any",
    "not_contains",
    "assessment",
    "urgency",
    "sites",
    "symptoms",
    "negated",
    "max_words",
    "leads_with",
}
LEAD_WORDS = 30
TRUE_WORDS = {"true", "yes", "y", "on"}
FALSE_WORDS = {"false", "no", "n", "off"}


@dataclass(frozen=True)
class KnownIds:
    """Ids a transcript may name; empty sets mean "not checked"."""

    sites: frozenset[str] = frozenset()
    symptoms: frozenset[str] = frozenset()

    @classmethod
    def from_knowledge(cls, knowledge_dir: Path | None = None) -> KnownIds:
        """The ids of the knowledge base (data/knowledge, unless `knowledge_dir`)."""
        knowledge = read_knowledge(knowledge_dir)
        return cls(
            sites=frozenset(site.id for site in knowledge.sites()),
            symptoms=frozenset(knowledge.symptom_ids()),
        )


def _closest_word(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(choices), n=1)
    return f' (did you mean "{match[0]}"?)' if match else ""


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    phrases = []
    for item in items:
        if isinstance(item, dict | list) or item is None or str(item).strip() == "":
            raise TranscriptError(f"{where}: each entry must be a phrase (plain text)")
        phrases.append(str(item))
    return tuple(phrases)


def _ids(value: Any, where: str, known: frozenset[str], kind: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    ids = []
    for item in items:
        if isinstance(item, dict | list) or item is None:
            raise TranscriptError(f"{where}: write a list of {kind} ids, like [bone, liver]")
        ident = str(item).strip()
        if known and ident not in known:
            raise TranscriptError(
                f'{where}: "{ident}" is not a {kind} id{_closest_word(ident, known)}; '
                f"known ids: {', '.join(sorted(known))}"
            )
        ids.append(ident)
    return tuple(ids)


def _boolean(value: Any, where: str) -> bool:
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise TranscriptError(f"{where}: write yes or no")


def parse_turn(raw: Any, where: str, known: KnownIds | None = None) -> Turn:
    known = known or KnownIds()
    if isinstance(raw, str):
        raw = {"user": raw}
    if not isinstance(raw, dict):
        raise TranscriptError(f"{where}: a turn starts with `- user: what the person says`")
    unknown = set(raw) - TURN_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise TranscriptError(
            f'{where}: unknown key "{key}"{_closest_word(key, TURN_KEYS)}; '
            f"a turn may have: {', '.join(sorted(TURN_KEYS))}"
        )
    user = raw.get("user")
    if user is None or isinstance(user, dict | list) or str(user).strip() == "":
        raise TranscriptError(f"{where}: every turn needs `user:` with what the person says")
    urgency = raw.get("urgency")
    if urgency is not None:
        urgency = str(urgency).strip().lower()
        if urgency not in URGENCY_LEVELS:
            raise TranscriptError(
                f'{where}: urgency "{urgency}" must be one of {", ".join(URGENCY_LEVELS)}'
            )

    def optional_ids(key: str, known_ids: frozenset[str], kind: str) -> tuple[str, ...] | None:
        if key not in raw:
            return None
        return _ids(raw[key], f"{where}, {key}", known_ids, kind)

    assessment = raw.get("assessment")
    max_words = raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        raise TranscriptError(f"{where}: max_words must be a whole number, like 120")
    return Turn(
        user=str(user),
        contains=_phrases(raw.get("contains"), f"{where}, contains"),
        contains_any=_phrases(raw.get("contains_any"), f"{where}, contains_any"),
        not_contains=_phrases(raw.get("not_contains"), f"{where}, not_contains"),
        assessment=None if assessment is None else _boolean(assessment, f"{where}, assessment"),
        urgency=urgency,
        sites=optional_ids("sites", known.sites, "site"),
        symptoms=optional_ids("symptoms", known.symptoms, "symptom"),
        negated=optional_ids("negated", known.symptoms, "symptom"),
        max_words=max_words,
        leads_with=_phrases(raw.get("leads_with"), f"{where}, leads_with"),
    )


def parse_transcript(text: str, path: Path, known: KnownIds | None = None) -> Transcript:
    try:
        data = load_plain_yaml(text)  # `user: no` is the word "no", not False
    except yaml.YAMLError as error:
        raise TranscriptError(f"{path}: not valid YAML: {error}") from None
    if isinstance(data, list):  # a bare list of turns is a transcript too
        data = {"turns": data}
    if not isinstance(data, dict):
        raise TranscriptError(f"{path}: expected `title:` and `turns:` at the top")
    unknown = set(data) - TRANSCRIPT_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise TranscriptError(
            f'{path}: unknown top-level key "{key}"{_closest_word(key, TRANSCRIPT_KEYS)}; '
            f"use {', '.join(sorted(TRANSCRIPT_KEYS))}"
        )
    raw_turns = data.get("turns")
    if not isinstance(raw_turns, list) or not raw_turns:
        raise TranscriptError(f"{path}: `turns:` must be a list with at least one turn")
    turns = tuple(
        parse_turn(raw, f"{path}, turn {number}", known)
        for number, raw in enumerate(raw_turns, start=1)
    )
    title = str(data.get("title") or path.stem.replace("_", " "))
    return Transcript(path=path, title=title, turns=turns, about=str(data.get("about") or ""))


def load_transcript(path: Path, known: KnownIds | None = None) -> Transcript:
    return parse_transcript(path.read_text(encoding="utf-8"), path, known)


def find_transcripts(targets: Sequence[str]) -> list[Path]:
    """The transcript files named, or found under the folders named, in a stable order."""
    paths: list[Path] = []
    for target in targets or [str(DEFAULT_TRANSCRIPTS)]:
        path = Path(target)
        if not path.exists() and not path.is_absolute() and (PROJECT_ROOT / path).exists():
            path = PROJECT_ROOT / path
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml"))
        elif path.is_file():
            paths.append(path)
        else:
            raise TranscriptError(f"{target}: no such file or folder")
    return list(dict.fromkeys(paths))


# --------------------------------------------------------------------------------------
# The assistant's answer to one turn
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """The structured summary of an assessment and the texts that follow it."""

    payload: dict[str, Any]
    texts: tuple[str, ...]

    @property
    def urgency(self) -> str | None:
        value = self.payload.get("urgency")
        return None if value is None else str(value)

    def ids(self, key: str) -> tuple[str, ...]:
        return tuple(str(item) for item in self.payload.get(key) or [])


@dataclass(frozen=True)
class Reply:
    """Everything the assistant sent back for one user message (REST channel messages)."""

    messages: tuple[dict[str, Any], ...] = ()
    error: str | None = None

    @property
    def texts(self) -> list[str]:
        return [str(m["text"]) for m in self.messages if m.get("text")]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def assessments(self) -> list[Assessment]:
        found: list[Assessment] = []
        current: dict[str, Any] | None = None
        texts: list[str] = []
        for message in self.messages:
            custom = message.get("custom")
            if isinstance(custom, dict) and custom.get("type") == ASSESSMENT_TYPE:
                if current is not None:
                    found.append(Assessment(current, tuple(texts)))
                current, texts = custom, []
            elif current is not None and message.get("text"):
                texts.append(str(message["text"]))
        if current is not None:
            found.append(Assessment(current, tuple(texts)))
        return found


def normalise(text: str) -> str:
    """Lower case, one space between words, straight quotes: how phrases are compared."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def contains_phrase(text: str, phrase: str) -> bool:
    return normalise(phrase) in normalise(text)


def closest_passage(phrase: str, text: str, min_ratio: float = 0.6) -> str | None:
    """The words of `text` that look most like `phrase`, to show next to a missing phrase."""
    wanted = normalise(phrase).split()
    words = " ".join(text.split()).split()
    if not wanted or not words:
        return None
    best, best_ratio = None, 0.0
    target = " ".join(wanted)
    for size in {max(1, len(wanted) - 1), len(wanted), len(wanted) + 1}:
        for start in range(0, max(1, len(words) - size + 1)):
            window = " ".join(words[start : start + size]).strip(".,;:!?\"'()")
            ratio = difflib.SequenceMatcher(None, target, normalise(window)).ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best if best_ratio >= min_ratio else None


def excerpt_around(phrase: str, text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    index = normalise(flat).find(normalise(phrase))
    if index < 0:
        return ""
    start, end = max(0, index - width), min(len(flat), index + len(phrase) + width)
    return ("..." if start else "") + flat[start:end] + ("..." if end < len(flat) else "")


# --------------------------------------------------------------------------------------
# Checking a reply against a turn's expectations
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold: what was expected, and lines showing the difference."""

    expectation: str
    diff: tuple[str, ...] = ()


def _diff(expected: str, got: str, got_label: str = "got") -> tuple[str, str]:
    """A two-line diff: `-` what the transcript expected, `+` what came instead."""
    return f"- expected: {expected}", f"+ {got_label + ':':<9} {got}"


def _same_ids(label: str, expected: Sequence[str], actual: Sequence[str]) -> Failure | None:
    if set(expected) == set(actual):
        return None
    missing = [i for i in expected if i not in actual]
    extra = [i for i in actual if i not in expected]
    diff = list(_diff(f"{label} [{', '.join(expected)}]", f"{label} [{', '.join(actual)}]"))
    if missing:
        diff.append(f"  missing:  {', '.join(missing)}")
    if extra:
        diff.append(f"  not expected: {', '.join(extra)}")
    return Failure(f"{label}: [{', '.join(expected)}]", tuple(diff))


def check_turn(turn: Turn, reply: Reply) -> list[Failure]:
    """Every expectation of `turn` that `reply` does not meet (empty list: the turn passed)."""
    if reply.error:
        return [Failure("an answer from the assistant", _diff("an answer", reply.error))]
    failures: list[Failure] = []
    if not reply.messages:
        failures.append(Failure("an answer from the assistant", _diff("an answer", "nothing")))
    text = reply.text

    for phrase in turn.contains:
        if not contains_phrase(text, phrase):
            near = closest_passage(phrase, text)
            diff = (
                _diff(f'"{phrase}"', f'"{near}"', "closest")
                if near
                else _diff(f'"{phrase}"', "nothing like it")
            )
            failures.append(Failure(f'contains "{phrase}"', diff))
    if turn.contains_any and not any(contains_phrase(text, p) for p in turn.contains_any):
        wanted = " | ".join(f'"{p}"' for p in turn.contains_any)
        failures.append(
            Failure(f"contains one of {wanted}", _diff(f"one of {wanted}", "none of them"))
        )
    for phrase in turn.not_contains:
        if contains_phrase(text, phrase):
            failures.append(
                Failure(
                    f'does not contain "{phrase}"',
                    _diff(f'no "{phrase}"', f'"{excerpt_around(phrase, text)}"'),
                )
            )

    count = len(text.split())
    if turn.max_words is not None and count > turn.max_words:
        failures.append(
            Failure(
                f"at most {turn.max_words} words",
                _diff(f"at most {turn.max_words} words", f"{count} words"),
            )
        )
    lead = " ".join(reply.texts[0].split()[:LEAD_WORDS]) if reply.texts else ""
    for phrase in turn.leads_with:
        if not contains_phrase(lead, phrase):
            failures.append(
                Failure(
                    f'"{phrase}" within the first {LEAD_WORDS} words',
                    _diff(f'"{phrase}" in the first {LEAD_WORDS} words', f'"{lead}"'),
                )
            )

    assessments = reply.assessments
    if turn.assessment is False and assessments:
        summary = ", ".join(f"urgency {a.urgency}" for a in assessments)
        failures.append(
            Failure("no assessment", _diff("no assessment", f"an assessment ({summary})"))
        )
    if turn.expects_assessment and not assessments:
        failures.append(
            Failure(
                "an assessment",
                _diff("an assessment (urgency, sites, then text)", "no assessment"),
            )
        )
    if assessments and turn.expects_assessment:
        final = assessments[-1]
        if turn.urgency is not None and final.urgency != turn.urgency:
            failures.append(
                Failure(
                    f"urgency: {turn.urgency}",
                    _diff(f"urgency {turn.urgency}", f"urgency {final.urgency}"),
                )
            )
        for key, expected in (
            ("sites", turn.sites),
            ("symptoms", turn.symptoms),
            ("negated", turn.negated),
        ):
            if expected is not None:
                failure = _same_ids(key, expected, final.ids(key))
                if failure:
                    failures.append(failure)

    # Always, whatever the transcript says: every assessment ends with "see a doctor".
    for assessment in assessments:
        last = assessment.texts[-1] if assessment.texts else ""
        if not contains_phrase(last, SEE_A_DOCTOR):
            failures.append(
                Failure(
                    f'(automatic) the last message of the assessment contains "{SEE_A_DOCTOR}"',
                    _diff(
                        f'"{SEE_A_DOCTOR}" in the last message',
                        f'"{" ".join(last.split())}"' if last else "no text after the assessment",
                    ),
                )
            )
    return failures


def describe_expectations(turn: Turn) -> list[str]:
    parts: list[str] = []
    parts += [f'contains "{p}"' for p in turn.contains]
    if turn.contains_any:
        parts.append("contains one of " + " | ".join(f'"{p}"' for p in turn.contains_any))
    parts += [f'does not contain "{p}"' for p in turn.not_contains]
    if turn.assessment is False:
        parts.append("no assessment")
    elif turn.expects_assessment:
        parts.append("an assessment")
    if turn.urgency:
        parts.append(f"urgency {turn.urgency}")
    for key in ("sites", "symptoms", "negated"):
        value = getattr(turn, key)
        if value is not None:
            parts.append(f"{key} [{', '.join(value)}]")
    return parts or ["(anything)"]


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


@dataclass
class TurnResult:
    number: int
    turn: Turn
    reply: Reply
    failures: list[Failure]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class TranscriptResult:
    transcript: Transcript
    sender: str
    turns: list[TurnResult] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(t.passed for t in self.turns)

    @property
    def failed_turns(self) -> list[int]:
        return [t.number for t in self.turns if not t.passed]


class Style:
    """ANSI colours when writing to a terminal (and NO_COLOR is not set)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def good(self, text: str) -> str:
        return self._wrap("32", text)

    def bad(self, text: str) -> str:
        return self._wrap("31;1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def bold(self, text: str) -> str:
        return self._wrap("1", text)


def _wrapped(text: str, first: str, rest: str, width: int = 100) -> list[str]:
    lines: list[str] = []
    for index, paragraph in enumerate(text.splitlines() or [""]):
        prefix = first if index == 0 else rest
        lines += textwrap.wrap(
            paragraph, width=width, initial_indent=prefix, subsequent_indent=rest + "  "
        ) or [prefix.rstrip()]
    return lines


def format_reply(reply: Reply, indent: str) -> list[str]:
    if reply.error:
        return [f"{indent}(no answer: {reply.error})"]
    if not reply.messages:
        return [f"{indent}(nothing)"]
    lines: list[str] = []
    for message in reply.messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == ASSESSMENT_TYPE:
            fields = " ".join(
                f"{key}=[{', '.join(map(str, custom.get(key) or []))}]"
                for key in ("sites", "symptoms", "negated")
            )
            lines.append(f"{indent}[assessment] urgency={custom.get('urgency')} {fields}")
        elif custom is not None:
            lines.append(f"{indent}[custom] {custom}")
        if message.get("text"):
            lines += _wrapped(str(message["text"]), indent + "| ", indent + "| ")
        if message.get("buttons"):
            titles = " | ".join(str(b.get("title", "")) for b in message["buttons"])
            lines.append(f"{indent}[buttons: {titles}]")
        if message.get("image"):
            lines.append(f"{indent}[image: {message['image']}]")
    return lines


def format_result(result: TranscriptResult, style: Style, verbose: bool = True) -> str:
    transcript = result.transcript
    status = style.good("PASSED") if result.passed else style.bad("FAILED")
    head = f"{status}  {display_path(transcript.path)}: {transcript.title}"
    if not verbose and result.passed:
        return head
    lines = [style.bold(f"=== {display_path(transcript.path)}: {transcript.title}")]
    lines.append(style.dim(f"    sender id {result.sender}"))
    for turn_result in result.turns:
        turn = turn_result.turn
        mark = style.good("ok") if turn_result.passed else style.bad("FAIL")
        lines.append(f"  turn {turn_result.number}: {mark}")
        lines += _wrapped(turn.user, "    user:      ", "               ")
        expected = "; ".join(describe_expectations(turn))
        lines += _wrapped(expected, "    expected:  ", "               ")
        lines += ["    assistant:"] + format_reply(turn_result.reply, "      ")
        for failure in turn_result.failures:
            lines.append(style.bad(f"    x {failure.expectation}"))
            lines += [f"        {line}" for line in failure.diff]
    if result.error:
        lines.append(style.bad(f"  stopped: {result.error}"))
    lines.append(head)
    return "\n".join(lines)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        try:
            return str(path.resolve().relative_to(PROJECT_ROOT))
        except ValueError:
            return str(path)


def format_summary(results: Sequence[TranscriptResult], style: Style) -> str:
    failed = [r for r in results if not r.passed]
    line = f"{len(results)} transcripts: {len(results) - len(failed)} passed, {len(failed)} failed"
    lines = [style.bold(line) if not failed else style.bad(line)]
    for result in failed:
        where = (
            f"turn {', '.join(map(str, result.failed_turns))}"
            if result.failed_turns
            else (result.error or "")
        )
        lines.append(f"  FAILED {display_path(result.transcript.path)} ({where})")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Talking to the assistant
# --------------------------------------------------------------------------------------


class RestClient:
    """Rasa's REST channel: POST a message, get every message the assistant sends back."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    @property
    def webhook(self) -> str:
        return f"{self.base_url}/webhooks/rest/webhook"

    def answers(self) -> bool:
        """True when the REST channel is up (Rasa has loaded its model by then)."""
        try:
            response = requests.get(f"{self.base_url}/webhooks/rest/", timeout=5)
            return response.status_code == 200 and response.json().get("status") == "ok"
        except (requests.RequestException, ValueError, AttributeError):
            return False

    def send(self, sender: str, text: str) -> Reply:
        try:
            response = requests.post(
                self.webhook, json={"sender": sender, "message": text}, timeout=self.timeout
            )
        except requests.RequestException as error:
            return Reply(error=f"could not reach {self.webhook}: {error.__class__.__name__}")
        if response.status_code != 200:
            return Reply(error=f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            messages = response.json()
        except ValueError:
            return Reply(error=f"not JSON: {response.text[:200]}")
        if not isinstance(messages, list):
            return Reply(error=f"unexpected answer: {str(messages)[:200]}")
        return Reply(messages=tuple(m for m in messages if isinstance(m, dict)))


def new_sender_id() -> str:
    return f"converse-{uuid.uuid4().hex[:12]}"


def play(transcript: Transcript, client: RestClient) -> TranscriptResult:
    result = TranscriptResult(transcript=transcript, sender=new_sender_id())
    for number, turn in enumerate(transcript.turns, start=1):
        reply = client.send(result.sender, turn.user)
        result.turns.append(TurnResult(number, turn, reply, check_turn(turn, reply)))
        if reply.error and not client.answers():
            result.error = "the assistant stopped answering"
            break
    return result


# --------------------------------------------------------------------------------------
# Starting and stopping a stack of our own
# --------------------------------------------------------------------------------------


class StackError(RuntimeError):
    pass


def _port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def _is_local(host: str | None) -> bool:
    return host in ("127.0.0.1", "localhost", "::1", "0.0.0.0")


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        content = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join("    " + line for line in content[-lines:])


class Stack:
    """`python -m runtime all` in its own process group, stopped (the whole group) on exit."""

    def __init__(self, url: str, log_path: Path, start_timeout: float, out: TextIO) -> None:
        parsed = urllib.parse.urlsplit(url)
        if not _is_local(parsed.hostname):
            raise StackError(
                f"nothing answers at {url}, and that is not this machine, so I cannot start it"
            )
        self.rasa_port = parsed.port or 5005
        self.url = url
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.out = out
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["RASA_PORT"] = str(self.rasa_port)
        env.setdefault("ACTIONS_PORT", "5055")
        env.setdefault("WEB_PORT", "8080")
        env.setdefault("PYTHONPATH", str(PROJECT_ROOT))
        # As the Makefile sets them: quieter logs, no telemetry.
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
        env.setdefault("RASA_TELEMETRY_ENABLED", "false")
        return env

    def preflight(self, env: dict[str, str]) -> None:
        models = PROJECT_ROOT / "models"
        if not any(models.glob("*.tar.gz")):
            raise StackError(f"no trained model in {models}: run `make train` first")
        if not (PROJECT_ROOT / ".venv" / "bin" / "rasa").exists():
            raise StackError("no .venv with rasa in the project: run `make install` first")
        for name in ("RASA_PORT", "ACTIONS_PORT", "WEB_PORT"):
            port = int(env[name])
            if _port_in_use(port):
                raise StackError(
                    f"{name}={port} is already taken by another program; "
                    f"choose free ports, e.g. RASA_PORT=5105 ACTIONS_PORT=5155 WEB_PORT=8180"
                )

    def start(self) -> None:
        env = self.environment()
        self.preflight(env)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        print(
            f"No assistant answers at {self.url}: starting one (RASA_PORT={env['RASA_PORT']} "
            f"ACTIONS_PORT={env['ACTIONS_PORT']} WEB_PORT={env['WEB_PORT']}); "
            f"its log: {display_path(self.log_path)}",
            file=self.out,
            flush=True,
        )
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                STACK_COMMAND,
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so we can stop all of it
            )

    def wait_until_ready(self, client: RestClient) -> None:
        assert self.process is not None
        started = time.monotonic()
        next_note = 30.0
        while True:
            if client.answers():
                print(f"The assistant is up ({time.monotonic() - started:.0f} s).", file=self.out)
                return
            if self.process.poll() is not None:
                raise StackError(
                    f"the stack exited (status {self.process.returncode}) before it answered; "
                    f"last lines of {display_path(self.log_path)}:\n{_log_tail(self.log_path)}"
                )
            elapsed = time.monotonic() - started
            if elapsed > self.start_timeout:
                raise StackError(
                    f"the assistant did not answer at {client.webhook} within "
                    f"{self.start_timeout:.0f} s (raise it with --start-timeout or "
                    f"CONVERSE_START_TIMEOUT); last lines of {display_path(self.log_path)}:\n"
                    f"{_log_tail(self.log_path)}"
                )
            if elapsed >= next_note:
                print(f"  still starting... {elapsed:.0f} s", file=self.out, flush=True)
                next_note += 30.0
            time.sleep(2)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        pgid = process.pid  # start_new_session: the shell leads its own process group
        if process.poll() is not None and not live_group_members(pgid):
            return
        print("Stopping the assistant I started...", file=self.out, flush=True)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a 2nd Ctrl-C must not skip this
        try:
            for sig, grace in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)):
                try:
                    os.killpg(pgid, sig)
                except ProcessLookupError:
                    break
                deadline = time.monotonic() + grace
                while time.monotonic() < deadline:
                    if process.poll() is not None and not live_group_members(pgid):
                        return
                    time.sleep(0.2)
            process.poll()
        finally:
            signal.signal(signal.SIGINT, previous)


def live_group_members(pgid: int) -> list[int]:
    """Processes of group `pgid` that still run (zombies waiting to be reaped do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: ask the kernel whether anything is left in the group
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(entry.name))
    return members


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def default_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Play conversation transcripts (tests/conversations/*.yml) against the "
        "assistant over the REST channel and report what differed.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="FILE_OR_DIR",
        help="transcripts, or folders of them (default: tests/conversations/)",
    )
    parser.add_argument(
        "--url",
        default=default_url(),
        help="the Rasa server (default: http://127.0.0.1:$RASA_PORT, i.e. %(default)s)",
    )
    parser.add_argument(
        "--own-stack",
        action="store_true",
        help="always start a fresh stack (fails if something already answers at --url)",
    )
    parser.add_argument(
        "--no-start",
        action="store_true",
        help="never start a stack; fail when nothing answers at --url",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=float(os.environ.get("CONVERSE_START_TIMEOUT", "600")),
        help="seconds to wait for a stack this script starts (default: %(default)s)",
    )
    parser.add_argument(
        "--turn-timeout",
        type=float,
        default=60.0,
        help="seconds to wait for the answer to one message (default: %(default)s)",
    )
    parser.add_argument(
        "--stack-log",
        type=Path,
        default=DEFAULT_STACK_LOG,
        help="where the log of a started stack goes (default: results/converse/stack.log)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="one line per passing transcript; full report only for failing ones",
    )
    parser.add_argument("--no-color", action="store_true", help="plain text, no colours")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="PATH",
        help="also write per-transcript pass/fail as JSON here (make test-live: "
        "results/converse.json, read by make safety)",
    )
    return parser.parse_args(argv)


def load_all(paths: Iterable[Path], known: KnownIds) -> tuple[list[Transcript], list[str]]:
    transcripts, errors = [], []
    for path in paths:
        try:
            transcripts.append(load_transcript(path, known))
        except TranscriptError as error:
            errors.append(str(error))
    return transcripts, errors


def run(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    args = parse_args(argv)
    # The commit the transcripts are played at: taken now, before anything can move HEAD.
    commit = current_commit() if args.json is not None else None
    style = Style(enabled=not args.no_color and out.isatty() and "NO_COLOR" not in os.environ)
    try:
        paths = find_transcripts(args.paths)
    except TranscriptError as error:
        print(f"error: {error}", file=out)
        return _reported(args.json, commit, [], [], EXIT_BAD_INPUT, [str(error)])
    transcripts, errors = load_all(paths, KnownIds.from_knowledge())
    if errors or not transcripts:
        errors = errors or ["no transcripts found"]
        for problem in errors:
            print(f"error: {problem}", file=out)
        return _reported(args.json, commit, paths, [], EXIT_BAD_INPUT, errors)

    results: list[TranscriptResult] = []
    code = _play_all(args, transcripts, results, style, out)
    return _reported(args.json, commit, paths, results, code, [])


def _play_all(
    args: argparse.Namespace,
    transcripts: Sequence[Transcript],
    results: list[TranscriptResult],
    style: Style,
    out: TextIO,
) -> int:
    client = RestClient(args.url, timeout=args.turn_timeout)
    stack: Stack | None = None
    try:
        if client.answers():
            if args.own_stack:
                print(
                    f"error: --own-stack, but something already answers at {args.url}; "
                    "stop it or choose other ports (RASA_PORT, ACTIONS_PORT, WEB_PORT)",
                    file=out,
                )
                return EXIT_NO_ASSISTANT
            print(f"Using the assistant already running at {args.url}", file=out)
        elif args.no_start:
            print(f"error: nothing answers at {client.webhook} (and --no-start)", file=out)
            return EXIT_NO_ASSISTANT
        else:
            stack = Stack(args.url, args.stack_log, args.start_timeout, out)
            stack.start()
            stack.wait_until_ready(client)

        print(f"Playing {len(transcripts)} transcript(s) against {client.webhook}\n", file=out)
        for transcript in transcripts:
            result = play(transcript, client)
            results.append(result)
            report = format_result(result, style, verbose=not args.quiet)
            blank = "" if args.quiet and result.passed else "\n"
            print(report + blank, file=out, flush=True)
            if result.error:
                break
    except StackError as error:
        print(f"error: {error}", file=out)
        return EXIT_NO_ASSISTANT
    except KeyboardInterrupt:
        print("\nInterrupted.", file=out)
        if results:
            print(format_summary(results, style), file=out)
        return 130
    finally:
        if stack is not None:
            stack.stop()

    print(format_summary(results, style), file=out)
    if any(r.error for r in results):
        return EXIT_NO_ASSISTANT
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


# --------------------------------------------------------------------------------------
# The machine-readable report (--json), read by scripts/safety_case.py
# --------------------------------------------------------------------------------------


def project_path(path: Path) -> str:
    """`path` relative to the project root, with forward slashes (as the hazard log names it)."""
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def current_commit() -> str | None:
    """The commit checked out in the project, or None when git cannot tell."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None


def json_report(
    commit: str | None,
    paths: Sequence[Path],
    results: Sequence[TranscriptResult],
    exit_code: int,
    errors: Sequence[str] = (),
) -> dict[str, Any]:
    """Per transcript file: passed or not, and why; files never played count as not passed."""
    played = {result.transcript.path: result for result in results}
    transcripts = []
    for path in paths:
        result = played.get(path)
        entry: dict[str, Any] = {"file": project_path(path)}
        if result is None:
            entry.update(passed=False, played=False, failed_turns=[], error="not played")
        else:
            entry.update(
                title=result.transcript.title,
                passed=result.passed,
                played=True,
                failed_turns=result.failed_turns,
                error=result.error,
            )
        transcripts.append(entry)
    return {
        "commit": commit,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "exit_code": exit_code,
        "errors": list(errors),
        "transcripts": transcripts,
    }


def _reported(
    json_path: Path | None,
    commit: str | None,
    paths: Sequence[Path],
    results: Sequence[TranscriptResult],
    exit_code: int,
    errors: Sequence[str],
) -> int:
    if json_path is not None:
        report = json_report(commit, paths, results, exit_code, errors)
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return exit_code


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    # Turn SIGTERM into an exception so the `finally` above stops a stack we started.
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    sys.exit(run())


if __name__ == "__main__":
    main()
