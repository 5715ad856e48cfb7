"""spaCy components of the symptom understanding layer.

A blank English pipeline, in order:

``lemmatizer`` (lookup mode)       loads the lemma table from spacy-lookups-data
``symptom_nlu_normalizer``         token.norm_ = lower-cased lemma, contractions spelled out,
                                   possessives unified, typos corrected to lexicon words
``symptom_nlu_clauses``            clause ids for finding-location pairing and for negation
``symptom_nlu_matcher``            lexicon terms + finding x location pairs => mentions
``symptom_nlu_negation``           NegEx-style scope: marks mentions negated
``symptom_nlu_durations``          "for three weeks", "since March" ...
``symptom_nlu_sides``              left / right next to a symptom

Results live on ``Doc._`` extensions (see ``register_extensions``); ``symptom_nlu.extract``
turns them into plain dataclasses.
"""

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.lookups import Table
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from symptom_nlu.lexicon import (
    FINDING,
    Lexicon,
    NegationCues,
    PairRule,
    expand_phrases,
    load_lexicon,
    load_negation,
)

# ---------------------------------------------------------------------------------------
# Extensions
# ---------------------------------------------------------------------------------------

_DOC_EXTENSIONS = (
    "symptom_mentions",  # list[Mention], final, sorted by start
    "symptom_word_spans",  # list[(start, end)]: every lexicon term / class word matched
    "symptom_class_spans",  # list[ClassSpan]
    "pair_clause",  # list[int]: clause id per token, for finding-location pairing
    "scope_clause",  # list[int]: clause id per token, for negation scope
    "negation_cues",  # list[Cue]
    "durations",  # list[(start, end)] token spans
    "sides",  # list[(start, end, "left" | "right")] token spans
)


_COORDINATORS = frozenset({"and", "or", ",", "but", "plus", "also", "while", ";"})


def _span_negated(span: Span) -> bool | None:
    for mention in span.doc._.symptom_mentions or ():
        if mention.start == span.start and mention.end == span.end:
            return mention.negated
    return None


def register_extensions() -> None:
    """Registers our Doc/Span extensions once per process."""
    for name in _DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("symptom_negated"):
        Span.set_extension("symptom_negated", getter=_span_negated)


# ---------------------------------------------------------------------------------------
# Shared data structures
# ---------------------------------------------------------------------------------------


@dataclass
class Mention:
    """One reading of a symptom in a Doc (token offsets, end exclusive)."""

    symptom_id: str
    start: int
    end: int
    anchor: tuple[int, int]  # the words whose negation decides (finding, or the term)
    core: frozenset[int]  # tokens that carry the meaning, for overlap resolution
    kind: str  # "term" | "pair" | "inherited" | "default"
    priority: int = 0
    finding: tuple[int, int] | None = None
    location: tuple[int, int] | None = None
    gap_negated: bool = False  # inherited across "but not": "breast but not armpit"
    negated: bool = False

    @property
    def score(self) -> tuple[int, int, int]:
        return (len(self.core), _KIND_RANK[self.kind], self.priority)


_KIND_RANK = {"pair": 3, "term": 2, "inherited": 2, "default": 1}


@dataclass(frozen=True)
class ClassSpan:
    start: int
    end: int
    findings: frozenset[str]
    locations: frozenset[str]


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    kind: str  # "pre" | "post" | "post_final" | "pseudo" | "canceller"


def _phrase_docs(
    nlp: Language, phrases: Iterable[str], normalise: Callable[[Doc], Doc] | None
) -> list[Doc]:
    docs: list[Doc] = []
    for phrase in phrases:
        doc = nlp.make_doc(phrase)
        if len(doc) == 0:
            continue
        docs.append(normalise(doc) if normalise else doc)
    return docs


class _SpanWindow:
    """Spans sorted by start, to fetch those starting near a token quickly."""

    def __init__(self, spans: list[ClassSpan], longest: int) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.longest = longest  # no span is longer than this many tokens

    def near(self, start: int, end: int, reach: int) -> list[ClassSpan]:
        lo = bisect.bisect_left(self.starts, start - reach - self.longest)
        hi = bisect.bisect_right(self.starts, end + reach)
        return self.spans[lo:hi]


def _normalizer_of(nlp: Language) -> "SymptomNormalizer":
    for _, component in nlp.pipeline:
        if isinstance(component, SymptomNormalizer):
            component.ensure_ready(nlp)
            return component
    raise ValueError("symptom_nlu_normalizer must come before this component")


# ---------------------------------------------------------------------------------------
# Normaliser
# ---------------------------------------------------------------------------------------

# Contractions after spaCy's tokenizer split them, and words that we want as one class.
_SPECIAL_NORMS = {
    "n't": "not",
    "nt": "not",
    "ca": "can",
    "wo": "will",
    "sha": "shall",
    "'m": "be",
    "m": "be",
    "'re": "be",
    "re": "be",
    "'ve": "have",
    "ve": "have",
    "'ll": "will",
    "'d": "would",
    "'s": "be",
    "does": "do",
    "doe": "do",
    "an": "a",
    "her": "my",
    "his": "my",
    "their": "my",
    "your": "my",
    "our": "my",
    "hers": "mine",
    "cannot": "can",
    "&": "and",
}

_LOOKUP_TABLE = "lemma_lookup"


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
        probs = load_language_data(path)
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
        self._lemmas: Table | None = None
        self._known: frozenset[str] = frozenset()
        self._lexicon_words: frozenset[str] = frozenset()
        self.corrector: TypoCorrector | None = None
        self._norm_cache: dict[str, str] = {}

    # spaCy calls this from nlp.initialize(), after the lemmatizer has loaded its tables
    def initialize(
        self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None
    ) -> None:
        self._lemmas = None
        self._norm_cache = {}
        if nlp is not None:
            self._keep_misspellings_whole(nlp)
        self.ensure_ready(nlp)

    def _keep_misspellings_whole(self, nlp: Language) -> None:
        """English tokenizer exceptions split "hed" into "he" + "d" (he'd): keep ours whole."""
        for word in self.lexicon.misspellings:
            for form in {word, word.capitalize(), word.upper()}:
                if len(nlp.tokenizer(form)) > 1:
                    nlp.tokenizer.add_special_case(form, [{ORTH: form}])

    def ensure_ready(self, nlp: Language | None) -> None:
        if self._lemmas is not None:
            return
        table = None
        if nlp is not None and "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
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
        for phrase in self.lexicon.all_phrases() + self._negation_phrases():
            for token in tokenizer(phrase):
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
            cached = _SPECIAL_NORMS.get(word) or self.lexicon.lemma_exceptions.get(word)
            if cached is None:
                lemma = self.lemma(word)
                cached = _SPECIAL_NORMS.get(lemma, lemma).lower()
            if len(self._norm_cache) < 200_000:
                self._norm_cache[lower] = cached
        return cached

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


# ---------------------------------------------------------------------------------------
# Clauses
# ---------------------------------------------------------------------------------------


def _first_words(nlp: Language, phrases: Iterable[str]) -> frozenset[str]:
    words = set()
    for phrase in phrases:
        doc = nlp.make_doc(phrase)
        if len(doc):
            words.add(doc[0].lower_.replace("’", "'"))
    return frozenset(words)


class ClauseSegmenter:
    """Clause ids per token: one set for finding-location pairing, one for negation scope.

    Both break at sentence ends and clause breaks ("but", "however", ";"), and at "and"/","
    followed by a personal subject or possessive ("no headache and I have a lump"). Negation
    scope also ends at terminators ("yes", "still") and at other clause openers ("it").
    """

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        cues = load_negation(resources or None)
        self.sentence_ends = cues.sentence_ends
        self.coordinators = cues.coordinators
        self.personal = _first_words(nlp, cues.personal_openers)
        self.other = _first_words(nlp, cues.other_openers)
        self.breaks = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.breaks.add("BREAK", _phrase_docs(nlp, expand_phrases(cues.clause_breaks), None))
        self.breaks.add("TERM", _phrase_docs(nlp, expand_phrases(cues.terminators), None))
        self._break_id = nlp.vocab.strings["BREAK"]

    def is_sentence_end(self, token) -> bool:  # type: ignore[no-untyped-def]
        if token.is_space:
            return "\n" in token.text
        return token.lower_ in self.sentence_ends or (
            token.is_punct and set(token.text) <= set(".!?…;")
        )

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        both_before = [False] * (n + 1)  # a clause starts at this token, for both ids
        scope_before = [False] * (n + 1)  # ... for the negation id only
        for match_id, start, _ in self.breaks(doc):
            if match_id == self._break_id:
                both_before[start] = True
            else:
                scope_before[start] = True
        for i, token in enumerate(doc):
            if self.is_sentence_end(token):
                both_before[i + 1] = True
            lower = token.lower_
            if lower in self.coordinators and i + 1 < n:
                following = doc[i + 1].lower_.replace("’", "'")
                if following in self.personal:
                    both_before[i] = True
                elif following in self.other:
                    scope_before[i] = True
        pair_ids, scope_ids = [], []
        pair_id = scope_id = 0
        for i in range(n):
            if i and both_before[i]:
                pair_id += 1
                scope_id += 1
            elif i and scope_before[i]:
                scope_id += 1
            pair_ids.append(pair_id)
            scope_ids.append(scope_id)
        doc._.pair_clause = pair_ids
        doc._.scope_clause = scope_ids
        return doc


@Language.factory("symptom_nlu_clauses", default_config={"resources": ""})
def make_clauses(nlp: Language, name: str, resources: str) -> ClauseSegmenter:
    register_extensions()
    return ClauseSegmenter(nlp, name, resources)


# ---------------------------------------------------------------------------------------
# Symptom matcher
# ---------------------------------------------------------------------------------------


class SymptomMatcher:
    """Finds symptom mentions: lexicon terms, and finding x location pairs in one clause."""

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        self.resources = resources
        self.lexicon: Lexicon = load_lexicon(resources or None)
        self.fillers = load_negation(resources or None).coordination_fillers
        self._ready = False
        self._longest = 1  # tokens in the longest phrase, set by build()
        self._vocab = nlp.vocab
        self._rules: dict[tuple[str, str], list[PairRule]] = {}
        for rule in self.lexicon.pairs:
            self._rules.setdefault((rule.finding, rule.location), []).append(rule)
        self._finding_classes = frozenset(
            c.name for c in self.lexicon.classes.values() if c.kind == FINDING
        )
        self._rules_by_finding: dict[str, set[str]] = {}
        for finding, location in self._rules:
            self._rules_by_finding.setdefault(finding, set()).add(location)

    def initialize(
        self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None
    ) -> None:
        if nlp is not None:
            self.build(nlp)

    def build(self, nlp: Language) -> None:
        normalizer = _normalizer_of(nlp)

        def norm(doc: Doc) -> Doc:
            return normalizer.normalise(doc, correct_typos=False)

        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.blockers: dict[str, frozenset[str]] = {}

        def add(matcher: PhraseMatcher, key: str, phrases: list[str], normalise: bool) -> None:
            docs = _phrase_docs(nlp, expand_phrases(phrases), norm if normalise else None)
            self._longest = max([self._longest] + [len(d) for d in docs])
            matcher.add(key, docs)

        for symptom_id, entry in self.lexicon.symptoms.items():
            add(self.norm_matcher, f"T|{symptom_id}", list(entry.terms), True)
            add(self.lower_matcher, f"T|{symptom_id}", list(entry.exact), False)
        for class_name, word_class in self.lexicon.classes.items():
            add(self.norm_matcher, f"C|{class_name}", list(word_class.terms), True)
            add(self.lower_matcher, f"C|{class_name}", list(word_class.exact), False)
        for i, blocker in enumerate(self.lexicon.blockers):
            self.blockers[f"B|{i}"] = blocker.only
            if blocker.exact:
                add(self.lower_matcher, f"B|{i}", [blocker.phrase], False)
            else:
                add(self.norm_matcher, f"B|{i}", [blocker.phrase], True)
        self._ready = True

    # -- matching ----------------------------------------------------------------------

    def _raw_matches(self, doc: Doc) -> Iterator[tuple[str, int, int]]:
        strings = self._vocab.strings
        for matcher in (self.norm_matcher, self.lower_matcher):
            for match_id, start, end in matcher(doc):
                yield strings[match_id], start, end

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            raise RuntimeError("symptom_nlu_matcher is not initialised: call nlp.initialize()")
        terms: list[tuple[int, int, str]] = []
        classes: list[tuple[int, int, str]] = []
        blocks: list[tuple[int, int, frozenset[str]]] = []
        for key, start, end in self._raw_matches(doc):
            kind, _, value = key.partition("|")
            if kind == "T":
                terms.append((start, end, value))
            elif kind == "C":
                classes.append((start, end, value))
            else:
                blocks.append((start, end, self.blockers[key]))

        blocks_by_start: dict[int, list[tuple[int, frozenset[str]]]] = {}
        for block_start, block_end, only in blocks:
            blocks_by_start.setdefault(block_start, []).append((block_end, only))

        def blocked(start: int, end: int, label: str) -> bool:
            return any(
                end <= block_end and (not only or label in only)
                for block_start in range(max(0, start - self._longest), start + 1)
                for block_end, only in blocks_by_start.get(block_start, ())
            )

        terms = sorted({t for t in terms if not blocked(*t)})
        classes = [c for c in set(classes) if not blocked(*c)]
        class_spans = self._class_spans(classes)
        doc._.symptom_class_spans = class_spans
        doc._.symptom_word_spans = [(s, e) for s, e, _ in terms] + [
            (c.start, c.end) for c in class_spans
        ]
        mentions = self._term_mentions(terms) + self._pair_mentions(doc, class_spans, terms)
        mentions = self._resolve_overlaps(mentions)
        doc._.symptom_mentions = mentions
        doc.spans["symptoms"] = [Span(doc, m.start, m.end, label=m.symptom_id) for m in mentions]
        return doc

    def _class_spans(self, classes: list[tuple[int, int, str]]) -> list[ClassSpan]:
        # A class word inside a longer class word is not read on its own:
        # "swollen gland" is a LUMP, not SWELL; "under my arm" is ARMPIT, not ARM.
        by_start: dict[int, list[int]] = {}
        for start, end, _ in classes:
            by_start.setdefault(start, []).append(end)

        def inside_longer(start: int, end: int) -> bool:
            return any(
                other_end >= end and (other_end - other_start) > (end - start)
                for other_start in range(max(0, start - self._longest), start + 1)
                for other_end in by_start.get(other_start, ())
            )

        kept = [(s, e, c) for s, e, c in classes if not inside_longer(s, e)]
        grouped: dict[tuple[int, int], set[str]] = {}
        for s, e, c in kept:
            grouped.setdefault((s, e), set()).add(c)
        findings = self._finding_classes
        return sorted(
            (
                ClassSpan(s, e, frozenset(names & findings), frozenset(names - findings))
                for (s, e), names in grouped.items()
            ),
            key=lambda c: (c.start, c.end),
        )

    def _term_mentions(self, terms: list[tuple[int, int, str]]) -> list[Mention]:
        return [
            Mention(
                symptom_id=symptom_id,
                start=start,
                end=end,
                anchor=(start, end),
                core=frozenset(range(start, end)),
                kind="term",
                priority=self.lexicon.priority(symptom_id),
            )
            for start, end, symptom_id in terms
        ]

    def _pair_mentions(
        self, doc: Doc, spans: list[ClassSpan], terms: list[tuple[int, int, str]]
    ) -> list[Mention]:
        clause = doc._.pair_clause
        findings = [s for s in spans if s.findings]
        locations = [s for s in spans if s.locations]
        window = _SpanWindow(locations, self._longest)
        reach = max((rule.max_gap for rule in self.lexicon.pairs), default=0)
        self._clause_classes = self._classes_per_clause(doc, spans)
        mentions: list[Mention] = []
        claimed: set[tuple[int, int]] = set()
        pairs_made: list[tuple[Mention, ClassSpan, ClassSpan, str]] = []
        paired_classes: set[tuple[int, str]] = set()

        def same_clause(a: int, b: int) -> bool:
            return clause[a] == clause[b]

        def gap(f: ClassSpan, loc: ClassSpan) -> int:
            return loc.start - f.end if loc.start >= f.end else f.start - loc.end

        def crosses_coordination(f: ClassSpan, loc: ClassSpan) -> int:
            # "nipple pointing inwards and the skin ...": a place across "and" / "," belongs
            # to the next statement, so a place on this side of it is preferred.
            lo, hi = (f.end, loc.start) if loc.start >= f.end else (loc.end, f.start)
            return int(any(doc[i].lower_ in _COORDINATORS for i in range(lo, hi)))

        for finding in findings:
            for finding_class in sorted(finding.findings):
                valid_locations = self._rules_by_finding.get(finding_class, set())
                best: tuple[tuple[int, int], ClassSpan] | None = None
                for loc in window.near(finding.start, finding.end, reach):
                    if loc.start < finding.end and finding.start < loc.end:
                        continue  # overlapping words cannot be both finding and place
                    if not same_clause(finding.start, loc.start):
                        continue
                    distance = gap(finding, loc)
                    applicable = [
                        rule
                        for name in loc.locations & valid_locations
                        for rule in self._rules[(finding_class, name)]
                        if distance <= rule.max_gap
                        and not self._suppressed(doc, spans, rule, finding, loc)
                    ]
                    if not applicable:
                        continue
                    rank = (
                        crosses_coordination(finding, loc),
                        distance,
                        0 if loc.start >= finding.end else 1,
                    )
                    if best is None or rank < best[0]:
                        best = (rank, loc)
                if best is None:
                    continue
                loc = best[1]
                distance = best[0][1]
                for location_class in sorted(loc.locations & valid_locations):
                    for rule in self._rules[(finding_class, location_class)]:
                        if distance > rule.max_gap or self._suppressed(
                            doc, spans, rule, finding, loc
                        ):
                            continue
                        mention = Mention(
                            symptom_id=rule.symptom,
                            start=min(finding.start, loc.start),
                            end=max(finding.end, loc.end),
                            anchor=(finding.start, finding.end),
                            core=frozenset(range(finding.start, finding.end))
                            | frozenset(range(loc.start, loc.end)),
                            kind="pair",
                            priority=self.lexicon.priority(rule.symptom),
                            finding=(finding.start, finding.end),
                            location=(loc.start, loc.end),
                        )
                        mentions.append(mention)
                        pairs_made.append((mention, finding, loc, finding_class))
                        claimed.add((loc.start, loc.end))
                        paired_classes.add((finding.start, finding_class))

        mentions += self._inherited(doc, spans, window, pairs_made, claimed)
        mentions += self._defaults(doc, findings, window, claimed, paired_classes, terms)
        return mentions

    @staticmethod
    def _classes_per_clause(doc: Doc, spans: list[ClassSpan]) -> dict[int, Counter]:
        clause = doc._.pair_clause
        counts: dict[int, Counter] = {}
        for span in spans:
            counts.setdefault(clause[span.start], Counter()).update(span.findings | span.locations)
        return counts

    def _suppressed(
        self, doc: Doc, spans: list[ClassSpan], rule: PairRule, finding: ClassSpan, loc: ClassSpan
    ) -> bool:
        """A rule's unless_near class is in the clause ("the lump in my breast is bigger")."""
        if not rule.unless_near:
            return False
        present = self._clause_classes.get(doc._.pair_clause[finding.start], Counter())
        for name in rule.unless_near:
            own = int(name in finding.findings | finding.locations) + int(
                name in loc.findings | loc.locations
            )
            if present[name] > own:
                return True
        return False

    def _inherited(
        self,
        doc: Doc,
        spans: list[ClassSpan],
        window: _SpanWindow,
        pairs_made: list[tuple[Mention, ClassSpan, ClassSpan, str]],
        claimed: set[tuple[int, int]],
    ) -> list[Mention]:
        """Coordinated places share a finding: "lumps in my breast and armpit"."""
        out: list[Mention] = []
        finding_starts = {s.start for s in spans if s.findings}
        for source, finding, first_loc, finding_class in pairs_made:
            valid = self._rules_by_finding.get(finding_class, set())
            frontier = [(first_loc, False)]
            seen = {(first_loc.start, first_loc.end)}
            while frontier:
                loc, negated_so_far = frontier.pop()
                for other in window.near(loc.start, loc.end, self.lexicon.inherit_gap):
                    key = (other.start, other.end)
                    if key in seen or (other.start < finding.end and finding.start < other.end):
                        continue
                    between = self._coordination_gap(doc, loc, other)
                    if between is None:
                        continue
                    if key in claimed and key != (first_loc.start, first_loc.end):
                        continue  # that place has its own finding
                    if self._starts_new_predicate(doc, other, finding_starts):
                        continue
                    seen.add(key)
                    negated = negated_so_far or any(
                        doc[i].norm_ in ("not", "no", "nor", "never") for i in between
                    )
                    frontier.append((other, negated))
                    for location_class in sorted(other.locations & valid):
                        for rule in self._rules[(finding_class, location_class)]:
                            out.append(
                                Mention(
                                    symptom_id=rule.symptom,
                                    start=other.start,
                                    end=other.end,
                                    anchor=source.anchor,
                                    core=frozenset(range(other.start, other.end)),
                                    kind="inherited",
                                    priority=self.lexicon.priority(rule.symptom),
                                    finding=source.finding,
                                    location=(other.start, other.end),
                                    gap_negated=negated,
                                )
                            )
        return out

    def _coordination_gap(self, doc: Doc, a: ClassSpan, b: ClassSpan) -> range | None:
        """The tokens between two places when they are only list glue ("and", "or my")."""
        if b.start >= a.end:
            between = range(a.end, b.start)
        elif a.start >= b.end:
            between = range(b.end, a.start)
        else:
            return None
        if not between or len(between) > self.lexicon.inherit_gap:
            return None
        words = [doc[i].lower_ for i in between]
        norms = [doc[i].norm_ for i in between]
        if not all(
            w in self.fillers or n in self.fillers for w, n in zip(words, norms, strict=True)
        ):
            return None
        if not any(w in (",", "and", "or", "&", "/", "nor", "plus", "but") for w in words):
            return None
        if "but" in words and not ({"not", "no"} & set(norms)):
            return None
        if any(doc[i].is_punct and doc[i].text in ".!?;" for i in between):
            return None  # a sentence end between them breaks the list
        return between

    @staticmethod
    def _starts_new_predicate(doc: Doc, loc: ClassSpan, finding_starts: set[int]) -> bool:
        """ "... and my breast hurts": the place is the subject of its own statement."""
        for offset in range(0, 3):
            i = loc.end + offset
            if i >= len(doc):
                return False
            if i in finding_starts:
                return True
            if doc[i].norm_ in _PREDICATE_NORMS:
                return True
            if doc[i].is_punct or doc[i].lower_ in ("and", "or"):
                return False
        return False

    def _defaults(
        self,
        doc: Doc,
        findings: list[ClassSpan],
        window: _SpanWindow,
        claimed: set[tuple[int, int]],
        paired_classes: set[tuple[int, str]],
        terms: list[tuple[int, int, str]],
    ) -> list[Mention]:
        """A finding alone in its clause may stand for its usual symptom ("a lump")."""
        clause = doc._.pair_clause
        term_tokens = {i for s, e, _ in terms for i in range(s, e)}
        out = []
        for finding in findings:
            for finding_class in sorted(finding.findings):
                default = self.lexicon.classes[finding_class].default
                if not default or (finding.start, finding_class) in paired_classes:
                    continue
                free_place_near = False
                for loc in window.near(finding.start, finding.end, self.lexicon.default_gap):
                    if (loc.start, loc.end) in claimed or term_tokens & set(
                        range(loc.start, loc.end)
                    ):
                        continue
                    if loc.start < finding.end and finding.start < loc.end:
                        continue
                    if clause[loc.start] != clause[finding.start]:
                        continue
                    distance = (
                        loc.start - finding.end
                        if loc.start >= finding.end
                        else finding.start - loc.end
                    )
                    if distance <= self.lexicon.default_gap:
                        free_place_near = True
                        break
                if free_place_near:
                    continue
                later = self._place_named_by_it(doc, finding, finding_class, window, claimed)
                if later is not None:
                    out.append(later)
                    continue
                out.append(
                    Mention(
                        symptom_id=default,
                        start=finding.start,
                        end=finding.end,
                        anchor=(finding.start, finding.end),
                        core=frozenset(range(finding.start, finding.end)),
                        kind="default",
                        priority=self.lexicon.priority(default),
                        finding=(finding.start, finding.end),
                    )
                )
        return out

    def _place_named_by_it(
        self,
        doc: Doc,
        finding: ClassSpan,
        finding_class: str,
        window: _SpanWindow,
        claimed: set[tuple[int, int]],
    ) -> Mention | None:
        """ "I have a lump. It's in my armpit.": the next clause places the finding."""
        clause = doc._.pair_clause
        i = finding.end
        while i < len(doc) and clause[i] == clause[finding.start]:
            i += 1  # the start of the next clause
        while i < len(doc) and (doc[i].is_punct or doc[i].lower_ in ("and", "but", "so")):
            i += 1
        if i >= len(doc) or doc[i].lower_ not in ("it", "its", "this", "that", "they"):
            return None
        valid = self._rules_by_finding.get(finding_class, set())
        for loc in window.near(i, i + 6, 0):
            if loc.start <= i or loc.start > i + 6 or (loc.start, loc.end) in claimed:
                continue
            if not all(doc[k].norm_ in _PLACE_FILLERS for k in range(i + 1, loc.start)):
                continue
            for name in sorted(loc.locations & valid):
                rule = self._rules[(finding_class, name)][0]
                return Mention(
                    symptom_id=rule.symptom,
                    start=finding.start,
                    end=finding.end,
                    anchor=(finding.start, finding.end),
                    core=frozenset(range(finding.start, finding.end))
                    | frozenset(range(loc.start, loc.end)),
                    kind="pair",
                    priority=self.lexicon.priority(rule.symptom),
                    finding=(finding.start, finding.end),
                    location=(loc.start, loc.end),
                )
        return None

    @staticmethod
    def _conflict(a: Mention, b: Mention) -> bool:
        if a.symptom_id == b.symptom_id:
            return bool(a.core & b.core)
        if a.kind == "term" and b.kind == "term":
            return bool(a.core & b.core)
        if a.kind == "term" or b.kind == "term":
            # a wording competes with a reading of the same finding ("feel weak" / "weak
            # legs"), or with a place it lies inside ("coughing" in "coughing up" + blood);
            # sharing a place word only ("bigger than the other one" + "hard lump") is fine
            term, other = (a, b) if a.kind == "term" else (b, a)
            words = set(range(term.start, term.end))
            finding = set(range(*other.finding)) if other.finding else set()
            place = set(range(*other.location)) if other.location else set()
            return bool(words & finding) or words <= place
        # two findings about one place are two symptoms ("arm swollen and numb"); one
        # finding read two ways about one place is one
        same_finding = a.finding is not None and a.finding == b.finding
        if a.kind == "default" or b.kind == "default":
            return same_finding
        return same_finding and a.location == b.location
        if a.kind in ("pair", "inherited", "default") and b.kind in (
            "pair",
            "inherited",
            "default",
        ):
            # two findings about one place are two symptoms ("arm swollen and numb"); one
            # finding read two ways about one place is one
            same_finding = a.finding is not None and a.finding == b.finding
            same_place = a.location == b.location
            if a.kind == "default" or b.kind == "default":
                return same_finding
            return same_finding and same_place
        return bool(a.core & b.core)

    def _resolve_overlaps(self, mentions: list[Mention]) -> list[Mention]:
        ordered = sorted(mentions, key=lambda m: (m.score, -m.start), reverse=True)
        kept: list[Mention] = []
        by_token: dict[int, list[Mention]] = {}
        for mention in ordered:
            nearby = {id(o): o for i in mention.core for o in by_token.get(i, ())}
            if any(self._conflict(mention, other) for other in nearby.values()):
                continue
            kept.append(mention)
            for i in mention.core:
                by_token.setdefault(i, []).append(mention)
        return sorted(kept, key=lambda m: (m.start, m.end, m.symptom_id))


# "It's just under my arm": words between "it" and the place it names.
_PLACE_FILLERS = frozenset(
    {"be", "'s", "in", "on", "under", "underneath", "near", "by", "just", "right", "above",
     "below", "behind", "around", "at", "my", "the", "a", "bit", "little", "more", "towards",
     "next", "to", "close", "left", "leave", "upper", "lower", "side", "of", "actually"}
)  # fmt: skip

# Words that start a statement about the place just named ("my breast hurts / is sore").
_PREDICATE_NORMS = frozenset(
    {
        "be", "am", "is", "are", "was", "were", "'s", "feel", "look", "seem", "have", "has",
        "had", "get", "go", "keep", "become", "turn", "hurt", "ache", "itch", "do", "will",
        "can", "would", "could", "appear", "start", "begin",
    }
)  # fmt: skip


@Language.factory("symptom_nlu_matcher", default_config={"resources": ""})
def make_matcher(nlp: Language, name: str, resources: str) -> SymptomMatcher:
    register_extensions()
    return SymptomMatcher(nlp, name, resources)


# ---------------------------------------------------------------------------------------
# Negation
# ---------------------------------------------------------------------------------------

_PUNCT_AFTER_INTERJECTION = frozenset({",", ".", "!", "?", ";", ":", "…"})
_NEGATING_FIRST_WORDS = frozenset({"no", "nothing"})
# "I had a cough but it's gone now": a post cue whose own clause holds only these words
# looks back to the symptom of the clause before.
_ANAPHORS = frozenset(
    {"it", "they", "that", "this", "these", "those", "both", "all", "be", "have", "'s",
     "now", "thankfully", "luckily", "though", "but", "and", ",", "which", "one"}
)  # fmt: skip


class NegationScope:
    """NegEx-style negation: cues, pseudo-cues, scope to the clause end (or start)."""

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        self.resources = resources
        self.cues: NegationCues = load_negation(resources or None)
        self._ready = False

    def initialize(
        self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None
    ) -> None:
        if nlp is not None:
            self.build(nlp)

    def build(self, nlp: Language) -> None:
        normalizer = _normalizer_of(nlp)

        def norm(doc: Doc) -> Doc:
            return normalizer.normalise(doc, correct_typos=False)

        self.vocab = nlp.vocab
        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        groups = {
            "pre": self.cues.pre,
            "post": self.cues.post,
            "post_final": self.cues.post_final,
            "pseudo": self.cues.pseudo,
            "canceller": self.cues.scope_cancellers,
        }
        for kind, phrases in groups.items():
            expanded = expand_phrases(phrases)
            self.norm_matcher.add(kind, _phrase_docs(nlp, expanded, norm))
            self.lower_matcher.add(kind, _phrase_docs(nlp, expanded, None))
        self.followers = self.cues.post_final_followers
        self.fillers = self.cues.coordination_fillers
        self.window = self.cues.max_scope_tokens
        self._ready = True

    # -- cues --------------------------------------------------------------------------

    def find_cues(self, doc: Doc) -> list[Cue]:
        strings = self.vocab.strings
        raw = {
            Cue(start, end, strings[match_id])
            for matcher in (self.norm_matcher, self.lower_matcher)
            for match_id, start, end in matcher(doc)
        }
        pseudo_words = {i for c in raw if c.kind == "pseudo" for i in range(c.start, c.end)}
        # words that carry a symptom: a cue among them is part of the wording
        symptom_words = {i for m in doc._.symptom_mentions or [] for i in m.core}
        kept = set()
        for cue in raw:
            if cue.kind in ("pseudo", "canceller"):
                kept.add(cue)
                continue
            if pseudo_words.intersection(range(cue.start, cue.end)):
                continue  # "not sure", "can't stop" ... do not negate
            if symptom_words.intersection(range(cue.start, cue.end)):
                continue  # "no appetite", "can't breathe": the cue is part of the symptom
            kept.add(cue)
        return sorted(kept, key=lambda c: (c.start, c.end, c.kind))

    def _is_clause_end(self, doc: Doc, i: int) -> bool:
        if i >= len(doc):
            return True
        token = doc[i]
        if token.is_punct or token.is_space:
            return True
        clause = doc._.scope_clause
        return clause[i] != clause[i - 1]

    def scopes(self, doc: Doc, cues: list[Cue]) -> list[tuple[int, int, str]]:
        """Token ranges [start, end) in which a symptom word is negated, with direction."""
        clause = doc._.scope_clause
        n = len(doc)
        canceller_starts = sorted(c.start for c in cues if c.kind == "canceller")
        out = []
        for cue in cues:
            if cue.kind == "pre":
                if cue.end >= n or doc[cue.end].text in _PUNCT_AFTER_INTERJECTION:
                    continue  # "No, ..." is an answer, not a negation of what follows
                home = clause[cue.end - 1]
                end = cue.end
                while end < n and end < cue.end + self.window and clause[end] == home:
                    end += 1
                first = bisect.bisect_left(canceller_starts, cue.end)
                if first < len(canceller_starts) and canceller_starts[first] < end + 2:
                    continue  # "never had a headache like this"
                out.append((cue.end, end, "pre"))
            elif cue.kind in ("post", "post_final"):
                if cue.kind == "post_final":
                    follower = doc[cue.end].lower_ if cue.end < n else ""
                    if not (self._is_clause_end(doc, cue.end) or follower in self.followers):
                        continue  # "gone yellow", "no headache" are not post negations
                home = clause[cue.start]
                start = cue.start
                while start > 0 and start > cue.start - self.window and clause[start - 1] == home:
                    start -= 1
                if start > 0 and all(doc[i].norm_ in _ANAPHORS for i in range(start, cue.start)):
                    # only "it" and the like before the cue: reach into the clause before
                    previous = clause[start - 1]
                    while start > 0 and clause[start - 1] == previous:
                        start -= 1
                    out.append((start, cue.start, "anaphoric"))
                    continue
                out.append((start, cue.start, "post"))
        return out

    def negated_flags(self, doc: Doc, anchors: list[tuple[int, int]]) -> list[bool]:
        """Whether each anchor (token span of a symptom's key words) is negated."""
        cues = doc._.negation_cues
        if cues is None:
            cues = self.find_cues(doc)
            doc._.negation_cues = cues
        scopes = self.scopes(doc, cues)
        covered: dict[int, str] = {}  # token -> direction of the first scope covering it
        for s, e, kind in scopes:
            if kind != "anaphoric":
                for i in range(s, e):
                    covered.setdefault(i, kind)
        # "no change in my breast": a pseudo phrase opened by "no" negates its own finding
        pseudo_no = {
            i
            for c in cues
            if c.kind == "pseudo" and doc[c.start].norm_ in _NEGATING_FIRST_WORDS
            for i in range(c.start, c.end)
        }
        flags: list[str | None] = []
        for start, end in anchors:
            direction = next((covered[i] for i in range(start, end) if i in covered), None)
            if direction is None and pseudo_no.intersection(range(start, end)):
                direction = "pre"
            flags.append(direction)
        order = sorted(range(len(anchors)), key=lambda i: anchors[i])
        starts = [anchors[i][0] for i in order]
        for s, e, kind in scopes:
            if kind == "anaphoric":  # "it" is the last symptom named before it
                lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
                inside = [order[k] for k in range(lo, hi) if anchors[order[k]][1] <= e]
                if inside:
                    last = max(inside, key=lambda i: anchors[i])
                    flags[last] = flags[last] or "post"
        self._extend_over_lists(doc, anchors, flags)
        return [flag is not None for flag in flags]

    def _extend_over_lists(
        self, doc: Doc, anchors: list[tuple[int, int]], flags: list[str | None]
    ) -> None:
        """ "no jaundice, swelling or pain": a list keeps the negation of its first item."""
        clause = doc._.scope_clause
        order = sorted(range(len(anchors)), key=lambda i: anchors[i])

        def glue(a_end: int, b_start: int) -> bool:
            if b_start < a_end:
                return True
            if b_start - a_end > 5 or clause[a_end - 1] != clause[b_start]:
                return False
            return all(
                doc[i].lower_ in self.fillers or doc[i].norm_ in self.fillers
                for i in range(a_end, b_start)
            )

        pairs = list(zip(order, order[1:], strict=False))
        for a, b in pairs:  # forwards: a pre cue's list runs on
            if flags[a] == "pre" and flags[b] is None and glue(anchors[a][1], anchors[b][0]):
                flags[b] = "pre"
        for a, b in reversed(pairs):  # backwards: a post cue's list runs back
            if flags[b] == "post" and flags[a] is None and glue(anchors[a][1], anchors[b][0]):
                flags[a] = "post"

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            raise RuntimeError("symptom_nlu_negation is not initialised: call nlp.initialize()")
        doc._.negation_cues = self.find_cues(doc)
        mentions = doc._.symptom_mentions or []
        flags = self.negated_flags(doc, [m.anchor for m in mentions])
        for mention, flag in zip(mentions, flags, strict=True):
            mention.negated = flag or mention.gap_negated
        return doc


@Language.factory("symptom_nlu_negation", default_config={"resources": ""})
def make_negation(nlp: Language, name: str, resources: str) -> NegationScope:
    register_extensions()
    return NegationScope(nlp, name, resources)


# ---------------------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------------------

# Words that count: "a couple of", "two", "a few", "half a" ...
_COUNT_WORDS = [
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "few", "several", "couple", "of",
    "many", "some", "half", "dozen", "more",
]  # fmt: skip
_UNITS = [
    "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
    "day", "days", "night", "nights", "week", "weeks", "wk", "wks", "fortnight", "fortnights",
    "month", "months", "mth", "mths", "mo", "mos", "year", "years", "yr", "yrs", "weekend",
    "weekends",
]  # fmt: skip
_PLURAL_UNITS = ["days", "nights", "weeks", "months", "years", "hours", "ages", "weekends"]
# "about", "at least", "the best part of", "getting on for" ...
_HEDGE_WORDS = [
    "about", "around", "approximately", "approx", "roughly", "nearly", "almost", "over",
    "maybe", "like", "just", "only", "probably", "at", "least", "more", "less", "than",
    "under", "good", "little", "bit", "well", "perhaps", "best", "part", "getting", "on",
    "for", "the", "past", "last", "previous", "couple", "few", "~",
]  # fmt: skip
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
]  # fmt: skip
_DAYS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
]  # fmt: skip
_EVENTS = [
    "christmas", "xmas", "easter", "summer", "winter", "spring", "autumn", "fall",
    "weekend", "holiday", "holidays", "birthday", "new", "year", "yesterday", "then",
    "surgery", "operation", "op", "chemo", "chemotherapy", "radiotherapy", "radiation",
    "treatment", "diagnosis", "mastectomy", "lumpectomy", "halloween", "thanksgiving",
    "morning", "night", "evening", "lunchtime", "today", "bonfire", "start", "beginning",
    "end", "middle", "covid", "lockdown", "birth", "baby", "menopause", "friday",
]  # fmt: skip
_PERIOD_WORDS = [
    "week", "month", "year", "night", "weekend", "fortnight", "summer", "winter", "spring",
    "autumn", "christmas", "easter", "time", "morning", "evening",
]  # fmt: skip
_ABBREVIATED = r"^\d+(\.\d+)?(d|days?|wks?|weeks?|m|mths?|months?|mos?|y|yrs?|years?|hrs?|hours?)$"


def _word(values: list[str], op: str | None = None) -> dict:
    token: dict = {"LOWER": {"IN": values}}
    if op:
        token["OP"] = op
    return token


def duration_patterns() -> list[list[dict]]:
    """spaCy Matcher token patterns for how long something has been going on."""
    hedges = _word(_HEDGE_WORDS, "*")
    lead = _word(["for", "over", "in", "within", "since", "during"], "?")
    link = _word(["-", "to", "or", "and", "/"], "?")
    unit = _word(_UNITS)
    since = _word(["since"])
    since_targets = _MONTHS + _DAYS + _EVENTS
    return [
        # "for about three weeks", "2-3 months", "a couple of days", "the past 6 weeks"
        [lead, hedges, {"LIKE_NUM": True}, link, {"LIKE_NUM": True, "OP": "?"}, unit],
        [lead, hedges, _word(_COUNT_WORDS, "+"), link, {"LIKE_NUM": True, "OP": "?"}, unit],
        [lead, hedges, {"LOWER": {"REGEX": _ABBREVIATED}}],
        # "a week or two", "a month and a half"
        [hedges, _word(["a", "one"]), unit, _word(["or", "and"]), _word(["two", "so", "a"]),
         _word(["half"], "?")],
        # "since March", "since last week", "ever since my surgery", "since 2019"
        [since, _word(["last", "this", "the", "my", "her", "early", "late", "mid"], "?"),
         _word(since_targets + _PERIOD_WORDS)],
        [since, _word(["the"], "?"), _word(["start", "beginning", "end", "middle"]),
         _word(["of"]), _word(["the", "my", "last", "this"], "?"),
         _word(since_targets + _PERIOD_WORDS)],
        [since, {"SHAPE": "dddd"}],
        [since, _word(["i", "she", "he"]), _word(["was"], "?"),
         _word(["diagnosed", "started", "finished", "had", "stopped"])],
        # "yesterday", "recently", "for ages", "for a while", "a long time"
        [_word(["yesterday", "recently", "lately", "overnight", "today", "tonight", "ages",
                "forever"])],
        [_word(["for"]), _word(["ages", "years", "months", "weeks", "days", "donkey's",
                                "donkeys", "yonks", "ever"])],
        [_word(["for"]), _word(["a", "some", "quite", "little"]),
         _word(["while", "time", "bit"]), _word(["now"], "?")],
        [_word(["quite", "a", "some"]), _word(["a"], "?"), _word(["while"])],
        [_word(["a"], "?"), _word(["long", "little", "short"]), _word(["time", "while"])],
        # "last week", "this morning", "the other day", "the week before last"
        [_word(["last", "this", "past"]), _word(_PERIOD_WORDS + _DAYS)],
        [_word(["the"]), _word(["other"]), _word(["day", "week", "night"])],
        [_word(["the"], "?"), _word(["day", "week", "month", "year"]), _word(["before"]),
         _word(["last", "yesterday"])],
        [_word(["been"]), _word(_PLURAL_UNITS)],
        # ("on and off" says how often, not since when: it is not a duration)
        [_word(["in", "since", "from"]), _word(_MONTHS)],
        # "three weeks ago", "a month back"
        [{"LIKE_NUM": True}, unit, _word(["ago", "back", "now"])],
        [_word(_COUNT_WORDS, "+"), unit, _word(["ago", "back", "now"])],
    ]  # fmt: skip


class DurationFinder:
    """Finds how long something has been going on, with spaCy Matcher token patterns."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.matcher.add("DURATION", duration_patterns())

    def __call__(self, doc: Doc) -> Doc:
        spans = spacy.util.filter_spans(
            [
                doc[s:e]
                for _, s, e in self.matcher(doc)
                if not _is_filler_only(doc[s:e])
                and not (e < len(doc) and doc[e].lower_ in _NOT_A_DURATION_AFTER)
            ]
        )
        doc._.durations = [(span.start, span.end) for span in spans]
        return doc


# "six months pregnant", "a 3 month old": an age, not how long a symptom has lasted
_NOT_A_DURATION_AFTER = frozenset({"pregnant", "old", "younger", "older"})


def _is_filler_only(span: Span) -> bool:
    # "a", "some", "the" alone are not durations
    return all(t.lower_ in ("a", "an", "some", "the", "few", "this", "last") for t in span)


@Language.factory("symptom_nlu_durations", default_config={})
def make_durations(nlp: Language, name: str) -> DurationFinder:
    register_extensions()
    return DurationFinder(nlp, name)


# ---------------------------------------------------------------------------------------
# Side
# ---------------------------------------------------------------------------------------

_SIDE_WORDS = {"left": "left", "right": "right", "lt": "left", "rt": "right", "lhs": "left",
               "rhs": "right", "l": "left", "r": "right"}  # fmt: skip
_SIDE_BEFORE = frozenset({"my", "her", "his", "their", "your", "the", "on", "in", "at", "to",
                          "upper", "lower", "under", "below", "top", "both", "a"})  # fmt: skip
_SIDE_AFTER = frozenset({"side", "sided", "hand", "one", "-", "handed"})
_NOT_SIDE_AFTER = frozenset({"now", "away", "then", "there", "here", "after", "before",
                             "enough", "off", "on", "back", "?", "so", "to"})  # fmt: skip


class SideFinder:
    """Finds "left" / "right" said about a symptom ("lump in my left armpit")."""

    def __init__(self, nlp: Language, name: str, window: int) -> None:
        self.name = name
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.symptom_mentions or []
        place_starts = {c.start for c in doc._.symptom_class_spans or []}
        clause = doc._.pair_clause
        sides = []
        for token in doc:
            value = _SIDE_WORDS.get(token.lower_)
            if value is None:
                continue
            i = token.i
            if len(token.lower_) == 1 and not (
                i + 1 < len(doc) and doc[i + 1].lower_ in ("side", "-")
            ):
                continue  # "l"/"r" only as "l side"
            after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            before = doc[i - 1].lower_ if i > 0 else ""
            if after in _NOT_SIDE_AFTER and after not in _SIDE_AFTER:
                continue
            if before == "all" or (before == "'s" and after in ("", ".", "!")):
                continue  # "all right", "that's right"
            attached = i + 1 in place_starts or after in _SIDE_AFTER or before in _SIDE_BEFORE
            if not attached:
                continue
            near = any(
                clause[min(m.start, len(doc) - 1)] == clause[i]
                and (m.start - self.window <= i < m.end + self.window)
                for m in mentions
            )
            if near:
                sides.append((i, i + 1, value))
        doc._.sides = sides
        return doc


@Language.factory("symptom_nlu_sides", default_config={"window": 8})
def make_sides(nlp: Language, name: str, window: int) -> SideFinder:
    register_extensions()
    return SideFinder(nlp, name, window)


# ---------------------------------------------------------------------------------------
# The whole pipeline
# ---------------------------------------------------------------------------------------


def build_pipeline(resources: str = "", correct_typos: bool = True) -> Language:
    """A blank English pipeline with our components, initialised (takes ~1 s)."""
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe(
        "symptom_nlu_normalizer",
        config={"resources": resources, "correct_typos": correct_typos},
    )
    nlp.add_pipe("symptom_nlu_clauses", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_matcher", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_negation", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_durations")
    nlp.add_pipe("symptom_nlu_sides")
    nlp.initialize()
    return nlp


__all__ = [
    "ClassSpan",
    "Cue",
    "Mention",
    "NegationScope",
    "SymptomMatcher",
    "SymptomNormalizer",
    "TypoCorrector",
    "build_pipeline",
    "damerau_levenshtein",
    "register_extensions",
]
