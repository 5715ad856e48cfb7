"""The one input guard every channel applies before Rasa sees a message.

REST (channels.rest), the web chat (channels.socketio) and the messaging platforms
(channels.common.PlatformInput.take_text_turn) all call `check_message`, which answers with
a `Verdict`:

- `error`: the request is malformed (a bad sender id, text that is not a string, metadata
  that is not a small JSON object); REST answers 400 with it, the others drop the message.
- `reply`: a polite answer to give without involving Rasa, so that nothing is stored (an
  empty message; a typed `/intent{...}` command that is not one of our buttons).
- otherwise `text` and `metadata` are what may reach Rasa: the text is cut to
  MAX_TEXT_CHARS characters before it reaches the tracker (the NLU reads only the first
  2,000 and tells the person their message was shortened, see symptom_nlu.guard), the
  metadata is at most MAX_METADATA_BYTES bytes of JSON nested at most MAX_METADATA_DEPTH deep.

Sender ids: a user-chosen id (REST) must be 1..MAX_SENDER_CHARS characters, without control
characters (NUL, terminal escapes, line breaks) or lone surrogates, and not in the form our
channels give their own conversations ("telegram:...", "web:..."), so that nobody writes
into another channel's conversation. Ids the server makes itself (platforms, the web chat)
are checked for length and control characters only.

Commands: Rasa reads a text of the form `/intent{"entity": "value"}` as that intent with
those entities, skipping understanding and every check. Only the exact payloads our buttons
and page send are let through (ALLOWED_COMMANDS: the bare `/intent` payloads of domain.yml's
buttons, of the actions' buttons, the topic questions `/ask_<topic>`, and the page's
`/restart` and `/delete_my_data`). A payload with entities is accepted only for
`report_symptom` / `inform_duration`, and only when each value is valid: a symptom id of the
knowledge base, a duration that the duration extractor reads as a duration from end to end.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from channels.common import EMPTY_MESSAGE_REPLY, PLATFORMS
from symptom_checker.vocabulary import DURATION_ENTITY, QUESTION_PREFIX, SYMPTOM_ENTITY
from symptom_nlu.guard import shorten

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"

MAX_SENDER_CHARS = 128
# What is stored of one message. Longer than the NLU's own limit (config.yml, 2,000), so that
# the NLU still sees a cut message and the person is told only the start was read.
MAX_TEXT_CHARS = 4000
MAX_METADATA_BYTES = 2048
MAX_METADATA_DEPTH = 4
# The web chat's conversations: "web:<random>", issued and signed by channels.socketio.
WEB_PREFIX = "web"
RESERVED_PREFIXES = (*PLATFORMS, WEB_PREFIX)

COMMAND_PREFIX = "/"
# Sent by the actions' buttons (actions/form.py "anything else?") and by the channels
# themselves: Telegram's /start becomes /greet and its menu has /help; the web page's
# "Start over" sends /restart, and its "delete what I said" /delete_my_data.
ACTION_AND_CHANNEL_COMMANDS = (
    "/done",
    "/affirm",
    "/greet",
    "/help",
    "/restart",
    "/delete_my_data",
    "/request_summary",  # "Summary for my doctor" under every assessment (actions/assessment.py)
    "/explain",  # "Why?" / "Tell me more" under every assessment (symptom_checker/wording.py)
)
# The disease-topic intents (QUESTION_PREFIX) are offered as buttons (actions/disease_info).
ENTITY_COMMAND_INTENTS = {"report_symptom": SYMPTOM_ENTITY, "inform_duration": DURATION_ENTITY}
MAX_DURATION_CHARS = 80

COMMAND_REPLY = (
    'I can\'t take commands typed with a "/". Please tell me in words what you have '
    'noticed, for example "a lump under my arm" or "my hips ache".'
)

_SENDER_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Tabs and line breaks are fine in a message; other control characters (NUL, ESC) are not.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COMMAND = re.compile(r"^/(?P<intent>[^{@\s]+)(?P<entities>\{.*\})?$", re.DOTALL)


@dataclass(frozen=True)
class Verdict:
    """What to do with one incoming message (see the module docstring)."""

    text: str | None = None
    metadata: dict[str, Any] | None = None
    error: str | None = None
    reply: str | None = None

    @property
    def accepted(self) -> bool:
        return self.error is None and self.reply is None


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def sender_problem(sender: Any, *, chosen_by_user: bool = True) -> str | None:
    """Why this sender id is refused, or None if it is fine."""
    if not isinstance(sender, str) or not sender.strip():
        return "'sender' must be a non-empty string"
    if len(sender) > MAX_SENDER_CHARS:
        return f"'sender' must be at most {MAX_SENDER_CHARS} characters"
    if _SENDER_CONTROL.search(sender):
        return "'sender' must not contain control characters"
    if _has_lone_surrogate(sender):
        return "'sender' is not valid Unicode text"
    if chosen_by_user and any(sender.startswith(f"{prefix}:") for prefix in RESERVED_PREFIXES):
        return "'sender' must not name a messaging platform or the web chat"
    return None


def text_problem(text: Any) -> str | None:
    """Why this message text is refused, or None if it is fine."""
    if not isinstance(text, str):
        return "'message' must be a string"
    if _TEXT_CONTROL.search(text):
        return "'message' must not contain control characters"
    if _has_lone_surrogate(text):
        return "'message' is not valid Unicode text"
    return None


def bounded_text(text: str) -> str:
    """The text as it may be stored: at most MAX_TEXT_CHARS characters, cut at a space."""
    return shorten(text, MAX_TEXT_CHARS)


def _depth(value: Any, limit: int) -> int:
    """How deeply `value` nests, counting no further than `limit` + 1 (no recursion bomb)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, level + 1) for child in children)
    return deepest


def metadata_problem(metadata: Any) -> str | None:
    """Why this metadata is refused, or None if it is fine (absent metadata is fine)."""
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        return "'metadata' must be an object"
    if _depth(metadata, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH:
        return f"'metadata' must not nest more than {MAX_METADATA_DEPTH} levels deep"
    try:
        encoded = json.dumps(metadata, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return "'metadata' must be plain JSON"
    if len(encoded) > MAX_METADATA_BYTES:
        return f"'metadata' must be at most {MAX_METADATA_BYTES} bytes of JSON"
    return None


# --- commands -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _domain() -> dict[str, Any]:
    with DOMAIN_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _intent_names(domain: dict[str, Any]) -> list[str]:
    names = []
    for intent in domain.get("intents") or []:
        names.append(next(iter(intent)) if isinstance(intent, dict) else str(intent))
    return names


@lru_cache(maxsize=1)
def allowed_commands() -> frozenset[str]:
    """Every `/intent` text our buttons and channels send, read from domain.yml once."""
    domain = _domain()
    payloads = set(ACTION_AND_CHANNEL_COMMANDS)
    for variations in (domain.get("responses") or {}).values():
        for variation in variations or []:
            for button in (variation or {}).get("buttons") or []:
                payload = str(button.get("payload", "")).strip()
                if payload.startswith(COMMAND_PREFIX):
                    payloads.add(payload)
    payloads.update(
        f"/{intent}" for intent in _intent_names(domain) if intent.startswith(QUESTION_PREFIX)
    )
    return frozenset(payloads)


@lru_cache(maxsize=1)
def symptom_ids() -> frozenset[str]:
    from symptom_checker.loader import read_knowledge

    return frozenset(read_knowledge().symptom_ids())


@lru_cache(maxsize=1)
def _duration_finder() -> Any:
    import spacy

    import symptom_nlu.pipeline  # noqa: F401  (registers the symptom_nlu_durations factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("symptom_nlu_durations")
    return nlp


def is_duration(text: str) -> bool:
    """True when the duration extractor reads the whole text as one duration."""
    if not text.strip() or len(text) > MAX_DURATION_CHARS:
        return False
    doc = _duration_finder()(text.strip())
    words = [token for token in doc if not token.is_punct]
    if not words:
        return False
    return any(start <= words[0].i and end > words[-1].i for start, end in (doc._.durations or []))


def _valid_entity_value(entity: str, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if entity == SYMPTOM_ENTITY:
        return value in symptom_ids()
    if entity == DURATION_ENTITY:
        return is_duration(value)
    return False


def command_problem(text: str) -> str | None:
    """Why a typed `/intent...` text is refused; None for ordinary text or our own payloads."""
    stripped = text.strip()
    if not stripped.startswith(COMMAND_PREFIX):
        return None
    if stripped in allowed_commands():
        return None
    match = _COMMAND.match(stripped)
    if match is None or match.group("entities") is None:
        return "not one of the assistant's buttons"
    intent = match.group("intent")
    entity = ENTITY_COMMAND_INTENTS.get(intent)
    if entity is None:
        return "not one of the assistant's buttons"
    try:
        entities = json.loads(match.group("entities"))
    except (ValueError, RecursionError):
        return "its entities are not valid JSON"
    if not isinstance(entities, dict) or set(entities) != {entity}:
        return f"only a '{entity}' may be given with /{intent}"
    if not _valid_entity_value(entity, entities[entity]):
        return f"the {entity} given with /{intent} is not valid"
    return None


# --- all of it together -----------------------------------------------------------------------


def check_message(
    sender: Any, text: Any, metadata: Any = None, *, sender_chosen_by_user: bool = True
) -> Verdict:
    """The guard's verdict on one message (see the module docstring)."""
    for problem in (
        sender_problem(sender, chosen_by_user=sender_chosen_by_user),
        text_problem(text),
        metadata_problem(metadata),
    ):
        if problem is not None:
            return Verdict(error=problem)
    if not text.strip():
        return Verdict(reply=EMPTY_MESSAGE_REPLY)
    if command_problem(text) is not None:
        return Verdict(reply=COMMAND_REPLY)
    return Verdict(text=bounded_text(text), metadata=metadata)
