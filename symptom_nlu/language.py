"""Is a message written in English? A check by function words, with no language model.

The assistant understands English only (its lexicon, its intents). A message in another
language ("j'ai une boule dans le sein") would otherwise be read as English words and could get
a confident wrong answer; instead it should hear that the assistant reads English only. The
words and thresholds are data: symptom_nlu/resources/en/language.yml.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from symptom_nlu.lexicon import resource_path

LANGUAGE_FILE = "language.yml"
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageCheck:
    english: frozenset[str] = field(repr=False)
    others: Mapping[str, frozenset[str]] = field(repr=False)
    min_foreign_words: int
    max_other_script_share: float
    min_word_letters: int = 1

    def other_language(self, text: str) -> str | None:
        """The language `text` seems to be written in when it is not English ("fr", "de"...;
        "other script" for a message mostly in another alphabet), else None. Distinct words
        are counted: "la la la" is one word."""
        letters = [c for c in text if c.isalpha()]
        if letters:
            other = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
            if other / len(letters) > self.max_other_script_share:
                return "other script"
        words = {
            w.lower()
            for w in _WORD.findall(text.replace("’", "'"))
            if len(w) >= self.min_word_letters
        }
        english = sum(1 for w in words if w in self.english)
        best, language = 0, None
        for code, stop_words in self.others.items():
            count = sum(1 for w in words if w in stop_words)
            if count > best:
                best, language = count, code
        if best >= self.min_foreign_words and best > english:
            return language
        return None

    def is_english(self, text: str) -> bool:
        return self.other_language(text) is None


def _stop_words(code: str) -> frozenset[str]:
    module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    return frozenset(word.lower() for word in module.STOP_WORDS)


@functools.lru_cache(maxsize=4)
def load_language_check(resources: str | None = None) -> LanguageCheck:
    path: Path = resource_path(LANGUAGE_FILE, resources)
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    english = _stop_words("en")
    return LanguageCheck(
        english=english,
        # A word that is also an English function word ("a", "me", "on") is no sign of another
        # language.
        others={code: _stop_words(code) - english for code in data["compare_with"]},
        min_foreign_words=int(data["min_foreign_words"]),
        max_other_script_share=float(data["max_other_script_share"]),
        min_word_letters=int(data.get("min_word_letters", 1)),
    )
