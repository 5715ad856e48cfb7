"""The text as the understanding layer reads it, with a map back to the user's own offsets.

A person typing in a hurry doubles spaces and hammers words out one at a time ("can't.
breathe."). Both the spaCy pipeline (symptoms) and the feature patterns (severity, treatment)
read the same cleaned text, and report every mention at the offsets of what was typed.

>>> reading_text("cant. get.  breath.")[0]
'cant get breath.'
"""

from __future__ import annotations

import re

# Spaces typed twice between words ("can't  get  my  breath") are read as one; a line break
# still ends a sentence.
_SPACES = re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)")
# Words hammered out one at a time ("cant. get. breath.", "HELP. CANT. BREATHE.") are read as
# one sentence: two or more one-word sentences in a row, the first at a sentence's start. A
# yes or a no is an answer, so a run never joins onto one ("No. Fever." keeps its "No.").
_STACCATO = re.compile(r"(?:\b[\w'’]{1,12}\.[ \t]+)+[\w'’]{1,12}\b(?=[.!?]|\s*$)")
_STACCATO_STOP = re.compile(r"\.[ \t]+")
_ANSWER_WORDS = frozenset({"no", "nope", "yes", "yeah", "yep", "ok", "okay"})


def reading_text(text: str) -> tuple[str, list[int]]:
    """The text as the pipeline reads it, and where each of its characters was in ``text``.

    Doubled spaces become one and a staccato run of one-word sentences becomes one sentence
    (see ``_SPACES`` and ``_STACCATO``); ``offsets[i]`` is the index in ``text`` of the
    reading's character ``i``, so every mention is reported at the user's own offsets.
    """
    cuts: list[tuple[int, int, str]] = [  # (start, end, replacement) in text
        (m.start(), m.end(), " ") for m in _SPACES.finditer(text)
    ]
    for run in _STACCATO.finditer(text):
        opening = run.start()
        while opening and text[opening - 1] in " \t":
            opening -= 1
        if opening and text[opening - 1] not in ".!?\n":
            continue  # "I'm fine. Cough." is a sentence and a word, not a staccato run
        words = [w.lower() for w in _STACCATO_STOP.split(run.group())]
        stops = _STACCATO_STOP.finditer(text, run.start(), run.end())
        for stop, before, after in zip(stops, words, words[1:], strict=False):
            if not {before, after} & _ANSWER_WORDS:  # the words either side of this stop
                cuts.append((stop.start(), stop.end(), " "))
    if not cuts:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    at = 0
    for start, end, replacement in sorted(cuts):
        if start < at:  # a doubled space inside a staccato stop: already cut
            continue
        pieces.append(text[at:start])
        offsets.extend(range(at, start))
        pieces.append(replacement)
        offsets.extend([start] * len(replacement))
        at = end
    pieces.append(text[at:])
    offsets.extend(range(at, len(text) + 1))
    return "".join(pieces), offsets


def user_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """The user's own offsets of the reading's characters ``start:end`` (``end`` > ``start``)."""
    return offsets[start], offsets[end - 1] + 1
