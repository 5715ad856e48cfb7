"""The public face of the understanding layer: text in, symptoms / durations / sides out.

>>> get_extractor().extract("No headache, but a lump under my left arm for 3 weeks")
Extraction(symptoms=(SymptomMention(symptom_id='headache', ..., role='negated'),
                     SymptomMention(symptom_id='armpit_lump', ..., role=None)), ...)
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from symptom_checker.vocabulary import NEGATED_ROLE
from symptom_nlu.lexicon import load_lexicon
from symptom_nlu.reading import reading_text, user_span

if TYPE_CHECKING:  # spaCy is imported when the pipeline is built, not on import
    from spacy.language import Language
    from spacy.tokens import Doc

# Longer messages are cut: nobody describes symptoms in a novel, and it bounds the work.
MAX_TEXT_CHARS = 20_000
# A word whose final g is said as an apostrophe ("jerkin'", "bleedin' from the gums") is read
# as the word; the replacement keeps the text's length, so every offset stays the user's.
_DROPPED_G = re.compile(r"(?<=\w\win)['’](?![\w'’])", re.IGNORECASE)


@dataclass(frozen=True)
class SymptomMention:
    """A symptom said in the text; start/end are character offsets into that text."""

    symptom_id: str
    start: int
    end: int
    text: str
    role: str | None = None  # None: present; negated, past, other_person, hypothetical
    # present as a carer's report about a relative ("my sister had a fit"): the person cared
    # for, unless the conversation has shown the writer is the patient (actions/common.py)
    relative: bool = False

    @property
    def negated(self) -> bool:
        """They say they do not have it (the role ``negated``)."""
        return self.role == NEGATED_ROLE

    @property
    def present(self) -> bool:
        """The person's own symptom, now: no role at all."""
        return self.role is None


@dataclass(frozen=True)
class Extraction:
    symptoms: tuple[SymptomMention, ...]
    durations: tuple[tuple[int, int, str], ...]  # (start, end, text)
    sides: tuple[tuple[int, int, str], ...]  # (start, end, "left" | "right")


@dataclass(frozen=True)
class Analysis:
    """An Extraction plus the processed Doc, to ask about other spans of the same text."""

    extraction: Extraction
    doc: Doc
    nlp: Language


class SymptomExtractor:
    """Runs the symptom_nlu spaCy pipeline; build it once with get_extractor()."""

    def __init__(self, nlp: Language | None = None, resources: str = "") -> None:
        if nlp is None:
            from symptom_nlu.pipeline import build_pipeline

            nlp = build_pipeline(resources)
        self.nlp = nlp
        self.symptom_ids: frozenset[str] = load_lexicon(resources or None).symptom_ids
        self._lock = threading.Lock()

    def analyse(self, text: str) -> Analysis:
        text = (text or "")[:MAX_TEXT_CHARS]
        reading, offsets = reading_text(_DROPPED_G.sub("g", text))
        with self._lock:  # spaCy components keep per-call caches; keep calls serial
            doc = self.nlp(reading)
        return Analysis(extraction=self._extraction(doc, text, offsets), doc=doc, nlp=self.nlp)

    def extract(self, text: str) -> Extraction:
        return self.analyse(text).extraction

    @staticmethod
    def _extraction(doc: Doc, text: str, offsets: list[int]) -> Extraction:
        def where(start: int, end: int) -> tuple[int, int]:
            """Token span -> character offsets into the user's own text."""
            span = doc[start:end]
            return user_span(offsets, span.start_char, span.end_char)

        symptoms = []
        for mention in doc._.symptom_mentions or []:
            begin, finish = where(mention.start, mention.end)
            symptoms.append(
                SymptomMention(
                    symptom_id=mention.symptom_id,
                    start=begin,
                    end=finish,
                    text=text[begin:finish],
                    role=mention.role,
                    relative=mention.relative,
                )
            )
        durations = []
        for start, end in doc._.durations or []:
            begin, finish = where(start, end)
            durations.append((begin, finish, text[begin:finish]))
        sides = []
        for start, end, value in doc._.sides or []:
            begin, finish = where(start, end)
            sides.append((begin, finish, value))
        return Extraction(tuple(symptoms), tuple(durations), tuple(sides))


_EXTRACTOR: SymptomExtractor | None = None
_EXTRACTOR_LOCK = threading.Lock()


def get_extractor() -> SymptomExtractor:
    """The process-wide extractor, built on first use (about a second)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        with _EXTRACTOR_LOCK:
            if _EXTRACTOR is None:
                _EXTRACTOR = SymptomExtractor()
    return _EXTRACTOR


__all__ = [
    "Analysis",
    "Extraction",
    "SymptomExtractor",
    "SymptomMention",
    "get_extractor",
]
