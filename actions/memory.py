"""What the person has told us, remembered from whichever message said it.

- Breast-cancer history ("I had breast cancer in 2019", "since my mastectomy", "my
  oncologist says...") from the `cancer_history` entity when the NLU gives one, else from a
  few first-person phrasings read here, so the question is skipped once we know.
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
from symptom_checker.vocabulary import CANCER_HISTORY_ENTITY, NEGATED_ROLE, OTHER_PERSON_ROLE

MAX_DURATION_CHARS = 80

_TREATMENT_WORDS = (
    r"breast cancer|cancer|a (?:double )?mastectomy|mastectomy|a lumpectomy|lumpectomy|"
    r"chemo(?:therapy)?|radiotherapy|radiation|tamoxifen|letrozole|anastrozole|exemestane|"
    r"herceptin|surgery for (?:my )?breast cancer|breast surgery"
)
# "I had breast cancer", "I was diagnosed with breast cancer", "I've had chemo", "I'm on tamoxifen"
_FIRST_PERSON = re.compile(
    r"\b(?:i|i've|ive|i'd|i'm|im)\b(?:\s+[\w']+){0,4}?\s+(?:diagnosed with\s+|treated for\s+)?"
    rf"(?P<term>{_TREATMENT_WORDS})\b",
    re.IGNORECASE,
)
# "my mastectomy", "my oncologist", "my chemo", "my breast cancer", "my cancer"
_MY_TREATMENT = re.compile(
    r"\bmy\s+(?P<term>(?:breast\s+)?cancer|mastectomy|lumpectomy|oncologist|oncology\s+team|"
    r"breast\s+surgeon|breast\s+care\s+(?:nurse|team)|chemo(?:therapy)?|radiotherapy|"
    r"tamoxifen|letrozole|anastrozole|herceptin|breast\s+surgery)\b",
    re.IGNORECASE,
)
# "mastectomy in 2019", "breast cancer back in 2018"
_TREATMENT_YEAR = re.compile(
    r"\b(?P<term>breast cancer|mastectomy|lumpectomy|chemo(?:therapy)?|radiotherapy)\s+"
    r"(?:back\s+)?in\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)
# "had chemo", "finished radiotherapy", "was diagnosed in 2019": no "I" needed
_TREATED = re.compile(
    r"\b(?:had|having|did|finished|started|on|after|was\s+diagnosed)\s+(?:[\w']+\s+){0,2}?"
    r"(?P<term>chemo(?:therapy)?|radiotherapy|a\s+(?:double\s+)?mastectomy|a\s+lumpectomy|"
    r"tamoxifen|letrozole|anastrozole|exemestane|herceptin|in\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?:mum|mom|mother|sister|aunt|auntie|gran|granny|grandma|grandmother|nan|nana|dad|"
    r"father|brother|wife|husband|daughter|son|friend|cousin|niece|neighbour|neighbor|she|he|"
    r"her|his|they)\b",
    re.IGNORECASE,
)
_NEVER = re.compile(
    r"\b(?:never\s+(?:had|been\s+diagnosed\s+with)|haven't\s+had|have\s+not\s+had|"
    r"no\s+(?:history\s+of|previous)|not\s+had)\s+(?:any\s+)?(?:breast\s+)?(?P<term>cancer)\b",
    re.IGNORECASE,
)
# Words that make a first-person match someone else's, or only a worry.
_NOT_MINE = re.compile(
    r"\b(?:mum|mom|mother|sister|aunt|auntie|gran|granny|grandma|grandmother|nan|nana|dad|"
    r"father|brother|wife|husband|daughter|son|friend|cousin|niece|neighbour|neighbor|"
    r"might|may|could|scared|afraid|worried|worry|think|whether|if|fear|terrified)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HistoryMention:
    answer: str  # "yes" or "no"
    start: int
    end: int


def history_mentions(tracker: Tracker) -> list[HistoryMention]:
    """The breast-cancer history the latest message gives, with where it says so."""
    mentions = []
    for entity in latest_entities(tracker, CANCER_HISTORY_ENTITY):
        role = entity.get("role")
        if role == OTHER_PERSON_ROLE:
            continue
        answer = "no" if role == NEGATED_ROLE else "yes"
        mentions.append(HistoryMention(answer, int(entity.get("start", 0)), entity.get("end", 0)))
    if mentions:
        return mentions
    return history_mentions_in_text(tracker.latest_message.get("text") or "")


def history_mentions_in_text(text: str) -> list[HistoryMention]:
    mentions = []
    for match in _NEVER.finditer(text):
        mentions.append(HistoryMention("no", match.start(), match.end()))
    if mentions:
        return mentions
    for pattern in (_FIRST_PERSON, _MY_TREATMENT, _TREATMENT_YEAR, _TREATED):
        for match in pattern.finditer(text):
            if pattern is _FIRST_PERSON and _NOT_MINE.search(match.group(0)):
                continue
            if pattern is _TREATED and not _said_of_oneself(text, match.start()):
                continue
            mentions.append(HistoryMention("yes", match.start("term"), match.end("term")))
    return mentions


def _said_of_oneself(text: str, start: int) -> bool:
    """No one else is named in the clause before `start` ("my mum had chemo" is hers)."""
    clause = re.split(r"[.,;!?]|\band\b|\bbut\b", text[:start])[-1]
    return not _RELATIVE.search(clause)


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
