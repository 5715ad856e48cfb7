"""``symptom_nlu_negation``: NegEx-style scope (Chapman et al. 2001) marks mentions negated.

Cues, pseudo-cues, scope cancellers and the scope's reach are data in
``resources/en/negation.yml``; a cue's scope runs to its clause's end (pre cues) or start
(post cues), clauses coming from ``symptom_nlu_clauses``.
"""

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from symptom_nlu.components.normalizer import normalizer_of
from symptom_nlu.components.types import (
    Cue,
    Mention,
    PhraseComponent,
    phrase_docs,
    register_extensions,
)
from symptom_nlu.lexicon import (
    NegationCues,
    expand_phrases,
    load_negation,
    load_word_lists,
    word_set,
)

RESOLVED = "_resolved"
REAFFIRMED = "reaffirmed"  # a denial taken back later in its sentence


class NegationScope(PhraseComponent):
    """NegEx-style negation: cues, pseudo-cues, scope to the clause end (or start)."""

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        self.resources = resources
        self.cues: NegationCues = load_negation(resources or None)
        words = load_word_lists("negation.yml", resources or None)
        # "any fits? no I have headaches": "no" then the writer's own "I" answers the question
        self.answer_followers = word_set(words.get("answer_followers"), "answer_followers")
        self._ready = False

    def build(self, nlp: Language) -> None:
        norm = self.phrase_matchers(nlp)
        self.vocab = nlp.vocab
        groups = {
            "pre": self.cues.pre,
            "post": self.cues.post,
            "post_final": self.cues.post_final,
            "pseudo": self.cues.pseudo,
            "canceller": self.cues.scope_cancellers,
            "resolution": self.cues.resolution,
            "reaffirm": self.cues.reaffirmations,
        }
        self.normalizer = normalizer_of(nlp)
        # the inflections of each NORM phrase's words, by kind and normal forms
        self.inflections: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
        for kind, phrases in groups.items():
            expanded = expand_phrases(phrases)
            docs = phrase_docs(nlp, expanded, norm)
            self.norm_matcher.add(kind, docs)
            self.lower_matcher.add(kind, phrase_docs(nlp, expanded, None))
            for doc in docs:
                key = (kind, tuple(t.norm_ for t in doc))
                forms = tuple(self.normalizer.inflection(t.lower_) for t in doc)
                self.inflections.setdefault(key, set()).add(forms)
        # Pseudo phrases matched as written: on normal forms "been going" would also be "is
        # going" (a form of be matches all of them).
        exact = phrase_docs(nlp, expand_phrases(self.cues.pseudo_exact), None)
        if exact:
            self.lower_matcher.add("pseudo", exact)
        self.followers = self.cues.post_final_followers
        self.fillers = self.cues.coordination_fillers
        self.window = self.cues.max_scope_tokens
        self.reaffirm_reach = self.cues.reaffirm_reach
        self._ready = True

    # -- cues --------------------------------------------------------------------------

    def find_cues(self, doc: Doc) -> list[Cue]:
        strings = self.vocab.strings
        raw = {
            Cue(start, end, strings[match_id]) for match_id, start, end in self.lower_matcher(doc)
        }
        for match_id, start, end in self.norm_matcher(doc):
            cue = Cue(start, end, strings[match_id])
            if cue not in raw and self.same_inflection(doc, cue):
                raw.add(cue)
        mentions = doc._.symptom_mentions or []
        # a pseudo phrase whose last words open a symptom's wording running on past it is
        # that wording, not a pseudo phrase: "I haven't gone yellow" is no "won't go"; one that
        # holds the symptom's own word ("can't bend for the pain") stays a pseudo phrase
        pseudo_words = {
            i
            for c in raw
            if c.kind == "pseudo"
            and not any(c.start < m.start < c.end < m.anchor[1] for m in mentions)
            for i in range(c.start, c.end)
        }
        # words that carry a symptom: a cue among them is part of the wording
        symptom_words = {i for m in mentions for i in m.core}
        kept = set()
        for cue in raw:
            if cue.kind == "canceller" and pseudo_words.intersection(range(cue.start, cue.end)):
                continue  # "I haven't wet myself or anything like that" still negates
            if cue.kind in ("pseudo", "canceller", "resolution", "reaffirm"):
                kept.add(cue)
                continue
            if pseudo_words.intersection(range(cue.start, cue.end)):
                continue  # "not sure", "can't stop" ... do not negate
            if symptom_words.intersection(range(cue.start, cue.end)):
                continue  # "no appetite", "can't breathe": the cue is part of the symptom
            kept.add(cue)
        return sorted(kept, key=lambda c: (c.start, c.end, c.kind))

    def same_inflection(self, doc: Doc, cue: Cue) -> bool:
        """Whether a cue found by its normal forms is inflected as one of its phrases: a word
        written in its normal form, or in an -s form, matches every form ("go away": "went
        away", "going away"), an inflected one only its own inflection ("gone" is not the "go"
        of "needs to go", nor "going down", nor "goes with rest")."""
        words = doc[cue.start : cue.end]
        # a word whose typo was corrected ("gonne") is taken as the word it was corrected to
        written = tuple(
            self.normalizer.inflection(t.lower_)
            if self.normalizer.norm_word(t.lower_) == t.norm_
            else None
            for t in words
        )
        return any(
            all(
                found is None or wanted in ("", "s") or wanted == found
                for wanted, found in zip(forms, written, strict=True)
            )
            for forms in self.inflections.get((cue.kind, tuple(t.norm_ for t in words)), ())
        )

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
        over = {i for c in cues if c.kind == "resolution" for i in range(c.start, c.end)}
        sentence = doc._.sentence
        reaffirmed = [c.start for c in cues if c.kind == "reaffirm"]

        def resolved(cue: Cue) -> str:
            # a backward cue saying the symptom is over ("it's gone"): past, not negated
            return RESOLVED if over.intersection(range(cue.start, cue.end)) else ""

        out = []
        for cue in cues:
            if cue.kind == "pre":
                if cue.end >= n or doc[cue.end].text in self.cues.answer_punctuation:
                    continue  # "No, ..." is an answer, not a negation of what follows
                if (
                    cue.end - cue.start == 1
                    and doc[cue.start].lower_ in self.cues.negating_first_words
                    and doc[cue.end].lower_.replace("’", "'") in self.answer_followers
                ):
                    continue  # "no I have headaches": an answer, then the writer's report
                home = clause[cue.end - 1]
                end = cue.end
                while end < n and end < cue.end + self.window and clause[end] == home:
                    end += 1
                first = bisect.bisect_left(canceller_starts, cue.end)
                if first < len(canceller_starts) and canceller_starts[first] < end + 2:
                    continue  # "never had a headache like this"
                taken_back = any(
                    cue.end < r <= cue.end + self.reaffirm_reach
                    and sentence[r] == sentence[cue.start]
                    for r in reaffirmed
                )  # "I haven't had a fit in years but I had one this morning"
                out.append((cue.end, end, REAFFIRMED if taken_back else "pre"))
            elif cue.kind in ("post", "post_final"):
                if cue.kind == "post_final":
                    follower = doc[cue.end].lower_ if cue.end < n else ""
                    if not (self._is_clause_end(doc, cue.end) or follower in self.followers):
                        continue  # "gone yellow", "no headache" are not post negations
                home = clause[cue.start]
                start = cue.start
                while start > 0 and start > cue.start - self.window and clause[start - 1] == home:
                    start -= 1
                if (
                    start > 0
                    and doc[cue.start].lower_ not in self.cues.post_subjects
                    and all(doc[i].norm_ in self.cues.anaphors for i in range(start, cue.start))
                ):
                    # only "it" and the like before the cue: reach into the clause before
                    previous = clause[start - 1]
                    while start > 0 and clause[start - 1] == previous:
                        start -= 1
                    out.append((start, cue.start, "anaphoric" + resolved(cue)))
                    continue
                out.append((start, cue.start, "post" + resolved(cue)))
        return out

    def negation_kinds(
        self,
        doc: Doc,
        anchors: list[tuple[int, int]],
        spans: list[tuple[int, int]] | None = None,
    ) -> list[str | None]:
        """How each anchor is negated: "pre", "post", "post_resolved" (over) or None.

        ``spans`` are the mentions' whole words (default: the anchors), which decide whether
        two mentions are items of one list."""
        kinds = self._kinds(doc, anchors, spans)
        return [None if kind == REAFFIRMED else kind for kind in kinds]

    def _kinds(
        self,
        doc: Doc,
        anchors: list[tuple[int, int]],
        spans: list[tuple[int, int]] | None = None,
    ) -> list[str | None]:
        """As ``negation_kinds``, with REAFFIRMED for a denial taken back ("no fit in years
        but I had one this morning"): not negated, and not past either."""
        cues = doc._.negation_cues
        if cues is None:
            cues = self.find_cues(doc)
            doc._.negation_cues = cues
        scopes = self.scopes(doc, cues)
        covered: dict[int, str] = {}  # token -> direction of the first scope covering it
        for s, e, kind in scopes:
            if not kind.startswith("anaphoric") and kind != REAFFIRMED:
                for i in range(s, e):
                    covered.setdefault(i, kind)
        # "no change in my breast": a pseudo phrase opened by "no" negates its own finding,
        # unless a longer pseudo phrase holds it ("bruising for no reason" is unexplained
        # bruising; session 34)
        pseudos = [c for c in cues if c.kind == "pseudo"]
        pseudo_no = {
            i
            for c in pseudos
            if doc[c.start].norm_ in self.cues.negating_first_words
            and not any(o.start < c.start and c.end <= o.end for o in pseudos)
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
            if kind.startswith("anaphoric"):  # "it" is the last symptom named before it
                lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
                inside = [order[k] for k in range(lo, hi) if anchors[order[k]][1] <= e]
                if inside:
                    # of mentions sharing an anchor ("a lump in my breast and under my arm":
                    # one lump, two places), the later one, so that a list runs back over both
                    last = max(inside, key=lambda i: (anchors[i], i))
                    flags[last] = flags[last] or "post" + kind[len("anaphoric") :]
        for s, e, kind in scopes:
            if kind == REAFFIRMED:  # "one" stands for the last symptom the denial named:
                # "no fever or cough, but I had one this morning" takes back only the cough
                lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
                inside = [order[k] for k in range(lo, hi)]
                if inside:
                    last = max(inside, key=lambda i: (anchors[i], i))
                    for i in inside:
                        flags[i] = flags[i] or ("pre" if i != last else REAFFIRMED)
        self._extend_over_lists(doc, anchors, spans or anchors, flags)
        return flags

    def _extend_over_lists(
        self,
        doc: Doc,
        anchors: list[tuple[int, int]],
        spans: list[tuple[int, int]],
        flags: list[str | None],
    ) -> None:
        """ "no jaundice, swelling or pain": a list keeps the negation of its first item,
        however long the list ("I don't have headaches, blurry vision, weakness in my arms
        or legs, or fits"): items are glued from the end of one mention's words (not its
        anchor: "blurry" of "blurry vision") to the start of the next."""
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

        def end_of(i: int) -> int:
            return max(anchors[i][1], spans[i][1])

        def start_of(i: int) -> int:
            return min(anchors[i][0], spans[i][0])

        for a, b in pairs:  # forwards: a pre cue's list runs on
            if flags[a] == "pre" and flags[b] is None and glue(end_of(a), start_of(b)):
                flags[b] = "pre"
        for a, b in reversed(pairs):  # backwards: a post cue's list runs back
            backward = (flags[b] or "").startswith("post")
            if backward and flags[a] is None and glue(end_of(a), start_of(b)):
                flags[a] = flags[b]

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            raise RuntimeError("symptom_nlu_negation is not initialised: call nlp.initialize()")
        doc._.negation_cues = self.find_cues(doc)
        mentions = doc._.symptom_mentions or []
        kinds = self._kinds(
            doc, [m.anchor for m in mentions], [(m.start, m.end) for m in mentions]
        )
        for mention, kind in zip(mentions, kinds, strict=True):
            set_kind(mention, kind)
        return doc


def set_kind(mention: Mention, kind: str | None) -> None:
    """What a negation kind makes of a mention (None: not negated, as when a later layer
    finds the resolution does not end it): denied, ended, or a denial taken back."""
    mention.reaffirmed = kind == REAFFIRMED and not mention.gap_negated
    if mention.reaffirmed:
        kind = None
    mention.negated = kind is not None or mention.gap_negated
    mention.resolved = kind is not None and kind.endswith(RESOLVED)


@Language.factory("symptom_nlu_negation", default_config={"resources": ""})
def make_negation(nlp: Language, name: str, resources: str) -> NegationScope:
    register_extensions()
    return NegationScope(nlp, name, resources)
