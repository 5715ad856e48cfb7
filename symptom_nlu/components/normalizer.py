"""``symptom_nlu_normalizer``: token.norm_ = lower-cased lemma, typos corrected.

Contractions are spelled out and possessives unified (``resources/en/normalizer.yml``), the
lemma comes from spaCy's lookup table (spacy-lookups-data), and a word that is neither
English nor in the lexicon is corrected to the nearest lexicon word ("brest" -> "breast").
Every later component matches lexicon phrases on this norm.
"""

import functools
import re
from collections.abc import Callable, Iterable
from typing import cast

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.lookups import Table
from spacy.pipeline import Lemmatizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from symptom_nlu.components.types import register_extensions
from symptom_nlu.lexicon import (
    Lexicon,
    NegationCues,
    expand_phrases,
    load_lexicon,
    load_negation,
    load_word_lists,
)

_LOOKUP_TABLE = "lemma_lookup"
# Verbs whose forms carry tense in cue phrases written out form by form ("is gone", "was gone")
AUXILIARIES = frozenset({"be", "have", "do"})


@functools.lru_cache(maxsize=4)
def common_english_words(min_logprob: float) -> frozenset[str]:
    """Words frequent enough in English to be spelt on purpose (spacy-lookups-data).

    The lemma table only lists inflected words and their lemmas, so "either", "chess" or
    "symmetrical" would otherwise be "corrected" into "neither", "chest", "asymmetrical".
    Real misspellings ("brest", "swolen", "siezure") sit well below -16.
    """
    try:
        from spacy.util import load_language_data, registry

        path = registry.lookups.get("en")["lexeme_prob"]
        probs: dict[str, float] = dict(load_language_data(path))
    except Exception:  # no lookups data: fall back to the lemma table alone
        return frozenset()
    return frozenset(w for w, p in probs.items() if p >= min_logprob and w.isalpha())


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance; returns limit + 1 as soon as it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
                and previous_previous
            ):
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[len(b)]


def _deletes(word: str, depth: int) -> set[str]:
    """All strings reachable from word by deleting up to depth characters."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class TypoCorrector:
    """Nearest lexicon word by Damerau-Levenshtein distance (symmetric-delete lookup)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= 3 and w.isalpha())
        self._index: dict[str, set[str]] = {}
        for word in self.vocabulary:
            for variant in _deletes(word, 2):
                self._index.setdefault(variant, set()).add(word)
        self._cache: dict[str, str | None] = {}

    @staticmethod
    def max_distance(word: str) -> int:
        if len(word) < 5:
            return 0
        return 1 if len(word) <= 7 else 2

    def correct(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        limit = self.max_distance(word)
        best: tuple[int, int, int, str] | None = None
        if limit:
            candidates: set[str] = set()
            for variant in _deletes(word, limit):
                candidates |= self._index.get(variant, set())
            for candidate in candidates:
                distance = damerau_levenshtein(word, candidate, limit)
                if distance > limit:
                    continue
                rank = (
                    distance,
                    0 if candidate[0] == word[0] else 1,
                    abs(len(candidate) - len(word)),
                    candidate,
                )
                if best is None or rank < best:
                    best = rank
        result = best[3] if best else None
        if len(self._cache) < 50_000:
            self._cache[word] = result
        return result


class SymptomNormalizer:
    """Sets ``token.norm_`` to a lower-cased lookup lemma, typo-corrected (see module doc)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        resources: str,
        correct_typos: bool,
        common_word_logprob: float,
    ) -> None:
        self.name = name
        self.resources = resources
        self.correct_typos = correct_typos
        self.common_word_logprob = common_word_logprob
        self.lexicon: Lexicon = load_lexicon(resources or None)
        self.negation: NegationCues = load_negation(resources or None)
        words = load_word_lists("normalizer.yml", resources or None)
        self.special_norms: dict[str, str] = {
            str(k).lower(): str(v).lower() for k, v in (words.get("special_norms") or {}).items()
        }
        self._lemmas: Table | None = None
        self._known: frozenset[str] = frozenset()
        self._lexicon_words: frozenset[str] = frozenset()
        self.corrector: TypoCorrector | None = None
        self._norm_cache: dict[str, str] = {}
        self.reading_norms: tuple[tuple[re.Pattern[str], str], ...] = tuple(
            (re.compile(str(spec["pattern"]), re.IGNORECASE), str(spec["norm"]).lower())
            for spec in words.get("reading_norms") or ()
        )

    # spaCy calls this from nlp.initialize(), after the lemmatizer has loaded its tables
    def initialize(
        self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None
    ) -> None:
        self._lemmas = None
        self._norm_cache = {}
        if nlp is not None:
            self._keep_misspellings_whole(nlp)
            self._split_shouted_contractions(nlp)
        self.ensure_ready(nlp)

    def _keep_misspellings_whole(self, nlp: Language) -> None:
        """English tokenizer exceptions split "hed" into "he" + "d" (he'd): keep ours whole."""
        tokenizer = cast(Tokenizer, nlp.tokenizer)
        for word in self.lexicon.misspellings:
            for form in {word, word.capitalize(), word.upper()}:
                if len(tokenizer(form)) > 1:
                    tokenizer.add_special_case(form, [{ORTH: form}])

    @staticmethod
    def _split_shouted_contractions(nlp: Language) -> None:
        """spaCy splits "don't" and "Don't" but not "DON'T": split capitals the same way."""
        tokenizer = cast(Tokenizer, nlp.tokenizer)
        rules = dict(tokenizer.rules or {})
        for form, pieces in rules.items():
            upper = form.upper()
            if form != form.lower() or upper == form or upper in rules:
                continue
            if not any(mark in form for mark in ("'", "’")):
                continue
            orths = [str(piece[ORTH]).upper() for piece in pieces]
            if "".join(orths) == upper:
                tokenizer.add_special_case(upper, [{ORTH: orth} for orth in orths])

    def ensure_ready(self, nlp: Language | None) -> None:
        if self._lemmas is not None:
            return
        table = None
        if nlp is not None and "lemmatizer" in nlp.pipe_names:
            lookups = cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups
            if lookups.has_table(_LOOKUP_TABLE):
                table = lookups.get_table(_LOOKUP_TABLE)
        if table is None:  # used without a lemmatizer: read spacy-lookups-data directly
            from spacy.lookups import load_lookups

            table = load_lookups("en", [_LOOKUP_TABLE]).get_table(_LOOKUP_TABLE)
        # a spaCy Table hashes its keys: membership and get() take strings
        self._lemmas = table
        self._known = (
            frozenset(str(v) for v in table.values())
            | self.lexicon.known_words
            | (common_english_words(self.common_word_logprob) if self.correct_typos else set())
        )
        tokenizer = nlp.tokenizer if nlp is not None else spacy.blank("en").tokenizer
        surface: set[str] = set()
        # each distinct whitespace-separated piece once: spaCy tokenises pieces on their own
        phrases = self.lexicon.all_phrases() + self._negation_phrases()
        for piece in dict.fromkeys(piece for phrase in phrases for piece in phrase.split()):
            for token in tokenizer(piece):
                lower = token.lower_.replace("’", "'")
                if lower.isalpha():
                    surface.add(lower)
                    surface.add(self.norm_word(lower))
        self._lexicon_words = frozenset(surface)
        self.corrector = TypoCorrector(surface)

    def _negation_phrases(self) -> list[str]:
        cues = self.negation
        return expand_phrases(
            list(cues.pre) + list(cues.post) + list(cues.post_final) + list(cues.pseudo)
        )

    def lemma(self, lower: str) -> str:
        assert self._lemmas is not None
        return str(self._lemmas.get(lower, lower))

    def norm_word(self, lower: str) -> str:
        cached = self._norm_cache.get(lower)
        if cached is None:
            word = lower.replace("’", "'")
            word = self.lexicon.misspellings.get(word, word)
            cached = self.special_norms.get(word) or self.lexicon.lemma_exceptions.get(word)
            if cached is None and word[:1].isdigit():
                cached = next((n for p, n in self.reading_norms if p.fullmatch(word)), None)
            if cached is None:
                lemma = self.lemma(word)
                cached = self.special_norms.get(lemma, lemma).lower()
            if len(self._norm_cache) < 200_000:
                self._norm_cache[lower] = cached
        return cached

    def inflection(self, lower: str) -> str:
        """How a word is inflected from its normal form: "ing" (going), "s" (goes, headaches),
        "past" (went, gone, cleared), or "" for a word that is its own normal form, a spelling
        variant ("n't", "im") or a form of be, have or do, whose tense cue phrases spell out."""
        word = lower.replace("’", "'")
        if word in self.special_norms or word in self.lexicon.misspellings:
            return ""
        norm = self.norm_word(word)
        if norm == word or norm in AUXILIARIES:
            return ""
        if word.endswith("ing"):
            return "ing"
        return "s" if word.endswith("s") else "past"

    def is_known(self, lower: str) -> bool:
        assert self._lemmas is not None
        return lower in self._lemmas or lower in self._known or lower in self._lexicon_words

    def normalise(self, doc: Doc, correct_typos: bool = False) -> Doc:
        for token in doc:
            if token.is_space:
                continue
            lower = token.lower_.replace("’", "'")
            norm = self.norm_word(lower)
            if (
                correct_typos
                and self.corrector is not None
                and len(lower) >= 5
                and lower.isalpha()
                and not self.is_known(lower)
            ):
                corrected = self.corrector.correct(lower)
                if corrected is not None:
                    norm = self.norm_word(corrected)
            token.norm_ = norm
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if self._lemmas is None:
            self.ensure_ready(None)
        return self.normalise(doc, correct_typos=self.correct_typos)


@Language.factory(
    "symptom_nlu_normalizer",
    default_config={"resources": "", "correct_typos": True, "common_word_logprob": -16.0},
)
def make_normalizer(
    nlp: Language, name: str, resources: str, correct_typos: bool, common_word_logprob: float
) -> SymptomNormalizer:
    register_extensions()
    return SymptomNormalizer(nlp, name, resources, correct_typos, common_word_logprob)


def normalizer_of(nlp: Language) -> "SymptomNormalizer":
    """The pipeline's normaliser, ready, for components that normalise their phrases."""
    for _, component in nlp.pipeline:
        if isinstance(component, SymptomNormalizer):
            component.ensure_ready(nlp)
            return component
    raise ValueError("symptom_nlu_normalizer must come before this component")
