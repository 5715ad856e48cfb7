"""What the person has told us, remembered from whichever message said it.

- Breast-cancer history ("I had breast cancer in 2019", "since my mastectomy", "my
  oncologist says...", "I've had chemo") from the NLU's `cancer_history` entity (its words
  are in symptom_nlu/resources/en/features.yml), so the question is skipped once we know.
- Each symptom's own "since when": a duration in a message belongs to the nearest symptom
  (by character offsets), and a duration nearer a history mention ("3 years ago" right after
  "breast cancer") dates the history, never a symptom.
- Which side ("left armpit"), and corrections ("I meant the left, not the right").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rasa_sdk import Tracker

from actions.common import latest_entities, latest_intent
from symptom_checker.vocabulary import CANCER_HISTORY_ENTITY, NEGATED_ROLE

MAX_DURATION_CHARS = 80


@dataclass(frozen=True)
class HistoryMention:
    answer: str  # "yes" or "no"
    start: int
    end: int


def history_mentions(tracker: Tracker) -> list[HistoryMention]:
    """The breast-cancer history the latest message gives, with where it says so: its
    `cancer_history` entities (symptom_nlu.features), "no" when negated; a relative's, or
    any other role, says nothing about the person."""
    mentions = []
    for entity in latest_entities(tracker, CANCER_HISTORY_ENTITY):
        role = entity.get("role")
        if role not in (None, NEGATED_ROLE):
            continue
        answer = "no" if role == NEGATED_ROLE else "yes"
        start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
        mentions.append(HistoryMention(answer, start, end))
    return mentions


def history_answer(tracker: Tracker) -> str | None:
    """ "yes" / "no" when the latest message tells us about breast-cancer history."""
    if latest_intent(tracker) == "inform_cancer_history":
        return "yes"
    answers = {mention.answer for mention in history_mentions(tracker)}
    if "yes" in answers:
        return "yes"
    return "no" if answers else None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def durations_by_symptom(tracker: Tracker) -> dict[str, str]:
    """Each present symptom of the latest message with the duration nearest to it.

    A duration nearer a history mention than to any symptom is the history's date.
    """
    symptoms = [
        (str(e["value"]), (int(e.get("start", 0)), int(e.get("end", 0))))
        for e in latest_entities(tracker, "symptom")
        if e.get("value") and not e.get("role")
    ]
    if not symptoms:
        return {}
    history = [(m.start, m.end) for m in history_mentions(tracker)]
    paired: dict[str, str] = {}
    durations = [e for e in latest_entities(tracker, "duration") if e.get("value")]
    for entity in durations:
        text = str(entity.get("value") or "").strip()
        if not text:
            continue
        span = (int(entity.get("start", 0)), int(entity.get("end", 0)))
        nearest_id, nearest_gap = min(
            ((symptom_id, _gap(span, where)) for symptom_id, where in symptoms),
            key=lambda pair: pair[1],
        )
        if any(_gap(span, where) < nearest_gap for where in history):
            continue  # "I had breast cancer 3 years ago": the history's date
        if _overlaps_history(span, history):
            continue  # "since my mastectomy" dates the surgery, not the symptom
        if len(durations) == 1:
            # One timing in the message: it dates every symptom the message names.
            for symptom_id, _ in symptoms:
                paired.setdefault(symptom_id, text[:MAX_DURATION_CHARS])
            continue
        nearest = [where for symptom_id, where in symptoms if symptom_id == nearest_id]
        # Symptoms read from the same words ("eyes went yellow" / "eyes went"), or as near
        # as the nearest, share its timing.
        for symptom_id, where in symptoms:
            same_words = any(_overlaps(where, other) for other in nearest)
            if same_words or _gap(span, where) == nearest_gap:
                paired.setdefault(symptom_id, text[:MAX_DURATION_CHARS])
    return paired


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlaps_history(span: tuple[int, int], history: Iterable[tuple[int, int]]) -> bool:
    return any(_overlaps(span, where) for where in history)


# --- side -----------------------------------------------------------------------------------

_BODY_PARTS = (
    r"armpit|under\s?arm|breast|boob|nipple|arm|hand|shoulder|neck|collarbone|collar\s+bone|"
    r"chest|rib|ribs|side|hip|leg|knee|foot|thigh|eye|back"
)
_SIDE = re.compile(
    r"(?P<not>\bnot\s+(?:the\s+|my\s+|on\s+the\s+)?)?\b(?P<side>left|right)\b"
    r"(?:[- ]hand(?:ed)?)?(?:\s+(?:side\s+)?(?:of\s+(?:my|the)\s+)?(?P<part>"
    + _BODY_PARTS
    + r"))?(?P<after>\s+(?:side|one)\b|\s*(?:[,.;!?]|$))?",
    re.IGNORECASE,
)
# "the left", "on my right", "not the left": a side said on its own, not "right, bye".
_SIDE_LEAD = re.compile(r"\b(?:the|my|on|not|left|right)\s*$", re.IGNORECASE)
_CORRECTION = re.compile(r"\b(?:meant|mean|sorry|actually|not\s+the|wrong|i\s+said)\b", re.I)


@dataclass(frozen=True)
class SideStatement:
    side: str  # "left" / "right"
    part: str | None  # "armpit", or None
    is_correction: bool

    @property
    def acknowledgement(self) -> str:
        where = f"the {self.side} {self.part}" if self.part else f"the {self.side} side"
        return f"Got it: {where}."


def side_statement(text: str) -> SideStatement | None:
    """The side the person means: "left" in "the left armpit, not the right"."""
    chosen = None
    denied = False
    for match in _SIDE.finditer(text or ""):
        alone = match.group("after") is not None and _SIDE_LEAD.search(text[: match.start("side")])
        if not match.group("part") and not alone:
            continue  # "right, I'm off now", "the right thing to do"
        if match.group("not"):
            denied = True
            continue
        if chosen is None:
            chosen = match
    if chosen is None:
        return None
    part = chosen.group("part")
    part = " ".join(part.lower().split()) if part else None
    return SideStatement(
        chosen.group("side").lower(), part, denied or bool(_CORRECTION.search(text))
    )
