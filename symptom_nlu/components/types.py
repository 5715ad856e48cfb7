"""What the symptom_nlu components share: Doc extensions, mention records, small helpers.

Results live on ``Doc._`` extensions (see ``register_extensions``); ``symptom_nlu.extract``
turns them into plain dataclasses.
"""

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from symptom_nlu.lexicon import NegationCues

_DOC_EXTENSIONS = (
    "symptom_mentions",  # list[Mention], final, sorted by start
    "symptom_word_spans",  # list[(start, end)]: every lexicon term / class word matched
    "symptom_class_spans",  # list[ClassSpan]
    "pair_clause",  # list[int]: clause id per token, for finding-location pairing
    "scope_clause",  # list[int]: clause id per token, for negation scope
    "sentence",  # list[int]: sentence id per token, for context scope
    "context_cues",  # list[ContextCue]
    "negation_cues",  # list[Cue]
    "durations",  # list[(start, end)] token spans
    "sides",  # list[(start, end, "left" | "right")] token spans
)


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
    across: bool = False  # a pair whose finding and place a list's "," / "and" separate
    negated: bool = False
    resolved: bool = False  # negated by a cue saying it is over ("it's gone"): past
    # denied, then said again as happening now ("no fit in years but I had one this
    # morning"): neither negated nor past
    reaffirmed: bool = False
    role: str | None = None  # None (present), negated, past, other_person, hypothetical
    # present only as a carer's report: a relative is the subject and the writer does not
    # speak of themselves in that sentence ("my sister had a fit"); the dialogue decides
    # whether the relative is the person cared for or someone else
    relative: bool = False

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
    kind: str  # "pre" | "post" | "post_final" | "pseudo" | "canceller" | "resolution"


def in_question(doc: Doc, i: int) -> bool:
    """Whether token i's sentence (``doc._.sentence``) ends with a question mark."""
    sentence = doc._.sentence
    k = i
    while k < len(doc) and sentence[k] == sentence[i]:
        k += 1
    last = k - 1
    while last > i and doc[last].is_space:
        last -= 1
    return "?" in doc[last].text


def cause_denied(doc: Doc, start: int, end: int, cues: NegationCues) -> bool:
    """Whether the everyday cause at tokens ``start:end`` is denied or only asked about.

    Denied: a word of ``cause_denials`` just before it, at most two ``cause_denial_fillers``
    between ("a deep ache, not muscular", "it's not like a muscle ache", "I didn't pull a
    muscle"). Asked about: a question mark just after it, at most two
    ``cause_question_fillers`` between ("is it muscular?", "arthritis maybe?", "could it be
    the gym or something?"): a cause the person wonders about explains nothing either."""
    i = start - 1
    while i >= max(start - 3, 0):
        word = doc[i].lower_
        if word in cues.cause_denials:
            return True
        if word not in cues.cause_denial_fillers:
            break
        i -= 1
    for j in range(end, min(end + 3, len(doc))):
        word = doc[j].lower_
        if word == "?":
            return True
        if word not in cues.cause_question_fillers:
            return False
    return False


def phrase_docs(
    nlp: Language, phrases: Iterable[str], normalise: Callable[[Doc], Doc] | None
) -> list[Doc]:
    """Phrases tokenised exactly like user text (and normalised, for NORM matching)."""
    docs: list[Doc] = []
    for phrase in phrases:
        doc = nlp.make_doc(phrase)
        if len(doc) == 0:
            continue
        docs.append(normalise(doc) if normalise else doc)
    return docs


class PhraseComponent:
    """The setup the phrase-matching components share (matcher, negation, context).

    spaCy calls `initialize(nlp=...)` once the pipeline exists; the component's `build(nlp)`
    then fills the LOWER and NORM matchers that `phrase_matchers(nlp)` makes, adding NORM
    phrases through the `norm` it returns (the pipeline's normaliser, without typo fixes), so
    that phrases are normalised exactly like user text.
    """

    lower_matcher: PhraseMatcher
    norm_matcher: PhraseMatcher

    def initialize(
        self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None
    ) -> None:
        if nlp is not None:
            self.build(nlp)

    def build(self, nlp: Language) -> None:
        raise NotImplementedError

    def phrase_matchers(self, nlp: Language) -> Callable[[Doc], Doc]:
        """New, empty LOWER and NORM matchers; returns the `norm` for NORM phrases."""
        from symptom_nlu.components.normalizer import normalizer_of  # it imports this module

        normalizer = normalizer_of(nlp)

        def norm(doc: Doc) -> Doc:
            return normalizer.normalise(doc, correct_typos=False)

        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        return norm


class SpanWindow:
    """Spans sorted by start, to fetch those starting near a token quickly."""

    def __init__(self, spans: list[ClassSpan], longest: int) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.longest = longest  # no span is longer than this many tokens

    def near(self, start: int, end: int, reach: int) -> list[ClassSpan]:
        lo = bisect.bisect_left(self.starts, start - reach - self.longest)
        hi = bisect.bisect_right(self.starts, end + reach)
        return self.spans[lo:hi]
