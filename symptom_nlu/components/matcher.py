"""``symptom_nlu_matcher``: lexicon terms, and finding x place pairs in one clause.

A symptom is read from a lexicon term ("coughing up blood"), from a finding class next to a
location class in one clause (LUMP + ARMPIT = armpit_lump), from a place coordinated with a
paired one ("lumps in my breast and armpit"), or from a finding alone (its default). Overlaps
are settled by ``_resolve_overlaps``. The lexicon is ``resources/en/lexicon.yml``; the glue
words for pairing are ``resources/en/pairing.yml``.
"""

from collections import Counter
from collections.abc import Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from symptom_nlu.components.types import (
    ClassSpan,
    Mention,
    PhraseComponent,
    SpanWindow,
    cause_denied,
    phrase_docs,
    register_extensions,
)
from symptom_nlu.lexicon import (
    FINDING,
    Blocker,
    Lexicon,
    PairRule,
    expand_phrases,
    load_lexicon,
    load_negation,
    load_word_lists,
    word_set,
)


class SymptomMatcher(PhraseComponent):
    """Finds symptom mentions: lexicon terms, and finding x location pairs in one clause."""

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        self.resources = resources
        self.lexicon: Lexicon = load_lexicon(resources or None)
        self.negation = load_negation(resources or None)
        self.fillers = self.negation.coordination_fillers
        words = load_word_lists("pairing.yml", resources or None)
        self.coordinators = word_set(words.get("coordinators"), "pairing coordinators")
        self.place_fillers = word_set(words.get("place_fillers"), "pairing place_fillers")
        self.predicate_norms = word_set(words.get("predicate_norms"), "pairing predicate_norms")
        self.pointer_prepositions = word_set(
            words.get("pointer_prepositions"), "pairing pointer_prepositions"
        )
        self.pointer_words = word_set(words.get("pointer_words"), "pairing pointer_words")
        self.pointer_determiners = word_set(
            words.get("pointer_determiners"), "pairing pointer_determiners"
        )
        self.pointer_fillers = word_set(words.get("pointer_fillers"), "pairing pointer_fillers")
        self.pointer_reach = int(words.get("pointer_reach") or 0)
        self.finding_pointer_leads = word_set(
            words.get("finding_pointer_leads"), "pairing finding_pointer_leads"
        )
        self.finding_pointer_words = word_set(
            words.get("finding_pointer_words"), "pairing finding_pointer_words"
        )
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

    def build(self, nlp: Language) -> None:
        norm = self.phrase_matchers(nlp)
        self.blockers: dict[str, Blocker] = {}

        def add(matcher: PhraseMatcher, key: str, phrases: list[str], normalise: bool) -> None:
            docs = phrase_docs(nlp, expand_phrases(phrases), norm if normalise else None)
            self._longest = max([self._longest] + [len(d) for d in docs])
            matcher.add(key, docs)

        for symptom_id, entry in self.lexicon.symptoms.items():
            add(self.norm_matcher, f"T|{symptom_id}", list(entry.terms), True)
            add(self.lower_matcher, f"T|{symptom_id}", list(entry.exact), False)
        for class_name, word_class in self.lexicon.classes.items():
            add(self.norm_matcher, f"C|{class_name}", list(word_class.terms), True)
            add(self.lower_matcher, f"C|{class_name}", list(word_class.exact), False)
        for symptom_id, phrases in self.lexicon.denied_as_fine.items():
            add(self.norm_matcher, f"D|{symptom_id}", list(phrases), True)
        for i, blocker in enumerate(self.lexicon.blockers):
            self.blockers[f"B|{i}"] = blocker
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
        denials: list[tuple[int, int, str]] = []
        classes: list[tuple[int, int, str]] = []
        blocks: list[tuple[int, int, Blocker]] = []
        for key, start, end in self._raw_matches(doc):
            kind, _, value = key.partition("|")
            if kind == "T":
                terms.append((start, end, value))
            elif kind == "C":
                classes.append((start, end, value))
            elif kind == "D":
                denials.append((start, end, value))
            else:
                blocks.append((start, end, self.blockers[key]))

        blocks_by_start: dict[int, list[tuple[int, Blocker]]] = {}
        for block_start, block_end, blocker in blocks:
            blocks_by_start.setdefault(block_start, []).append((block_end, blocker))

        # A blocker holds the whole mention, or with `first_word` its first word only.
        def blocked(start: int, end: int, label: str) -> bool:
            return any(
                (end <= block_end or (blocker.first_word and start < block_end))
                and (not blocker.only or label in blocker.only)
                for block_start in range(max(0, start - self._longest), start + 1)
                for block_end, blocker in blocks_by_start.get(block_start, ())
            )

        terms = sorted({t for t in terms if not blocked(*t)})
        classes = [c for c in set(classes) if not blocked(*c)]
        class_spans = self._findings_said_again(doc, self._class_spans(classes))
        doc._.symptom_class_spans = class_spans
        doc._.symptom_word_spans = [(s, e) for s, e, _ in terms] + [
            (c.start, c.end) for c in class_spans
        ]
        mentions = self._term_mentions(terms) + self._pair_mentions(doc, class_spans, terms)
        mentions += self._term_mentions(sorted({d for d in denials if not blocked(*d)}), True)
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

    def _findings_said_again(self, doc: Doc, spans: list[ClassSpan]) -> list[ClassSpan]:
        """ "no lump in my breast but under my arm there is one": a pointer word ("one") after
        one of its lead words stands for the finding named last before it in its sentence, at
        most pointer_reach tokens back, and pairs with the places around it as that finding."""
        sentence = doc._.sentence
        said_again = []
        for i in range(1, len(doc)):
            if doc[i].lower_ not in self.finding_pointer_words:
                continue
            if doc[i - 1].lower_ not in self.finding_pointer_leads:
                continue
            if any(span.start <= i < span.end for span in spans):
                continue
            before = [
                span
                for span in spans
                if span.findings
                and span.end <= i
                and sentence[span.start] == sentence[i]
                and i - span.end <= self.pointer_reach
            ]
            if before:
                last = max(before, key=lambda span: span.end)
                said_again.append(ClassSpan(i, i + 1, last.findings, frozenset()))
        if not said_again:
            return spans
        return sorted(spans + said_again, key=lambda c: (c.start, c.end))

    def _term_mentions(
        self, terms: list[tuple[int, int, str]], denied: bool = False
    ) -> list[Mention]:
        """Lexicon terms; `denied` for a function said to be fine ("my waterworks are fine",
        lexicon.yml denied_as_fine), which the negation component keeps negated."""
        return [
            Mention(
                symptom_id=symptom_id,
                start=start,
                end=end,
                anchor=(start, end),
                core=frozenset(range(start, end)),
                kind="term",
                priority=self.lexicon.priority(symptom_id),
                gap_negated=denied,
            )
            for start, end, symptom_id in terms
        ]

    def _pair_mentions(
        self, doc: Doc, spans: list[ClassSpan], terms: list[tuple[int, int, str]]
    ) -> list[Mention]:
        clause = doc._.pair_clause
        findings = [s for s in spans if s.findings]
        locations = [s for s in spans if s.locations]
        window = SpanWindow(locations, self._longest)
        reach = max((rule.max_gap for rule in self.lexicon.pairs), default=0)
        # a class the sentence denies is not said ("a deep ache in my thigh bone, not
        # muscular" keeps its bone pain): decided once per class span
        self._denied = {s.start for s in spans if cause_denied(doc, s.start, s.end, self.negation)}
        self._clause_classes = self._classes_per_clause(doc, spans)
        mentions: list[Mention] = []
        claimed: set[tuple[int, int]] = set()
        pairs_made: list[tuple[Mention, ClassSpan, ClassSpan, str]] = []
        paired_classes: set[tuple[int, str]] = set()

        def same_clause(a: int, b: int) -> bool:
            return clause[a] == clause[b]

        def gap(f: ClassSpan, loc: ClassSpan) -> int:
            return loc.start - f.end if loc.start >= f.end else f.start - loc.end

        def denied_between(f: ClassSpan, loc: ClassSpan) -> bool:
            # "sore, no chest pain": a place after a denial is not the finding's before it,
            # unless the finding is denied too ("no blood, no cough")
            denials = self.negation.denial_openers
            return (
                loc.start >= f.end
                and any(
                    doc[i].lower_ in self.coordinators and doc[i + 1].lower_ in denials
                    for i in range(f.end, loc.start - 1)
                )
                and not any(doc[i].lower_ in denials for i in range(max(0, f.start - 3), f.start))
            )

        def crosses_coordination(f: ClassSpan, loc: ClassSpan) -> int:
            # "nipple pointing inwards and the skin ...": a place across "and" / "," belongs
            # to the next statement, so a place on this side of it is preferred.
            lo, hi = (f.end, loc.start) if loc.start >= f.end else (loc.end, f.start)
            return int(any(doc[i].lower_ in self.coordinators for i in range(lo, hi)))

        for finding in findings:
            for finding_class in sorted(finding.findings):
                valid_locations = self._rules_by_finding.get(finding_class, set())
                best: tuple[tuple[int, int, int], ClassSpan] | None = None
                for loc in window.near(finding.start, finding.end, reach):
                    if loc.start < finding.end and finding.start < loc.end:
                        continue  # overlapping words cannot be both finding and place
                    if not same_clause(finding.start, loc.start) or denied_between(finding, loc):
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
                across = bool(best[0][0])
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
                            across=across,
                        )
                        mentions.append(mention)
                        pairs_made.append((mention, finding, loc, finding_class))
                        claimed.add((loc.start, loc.end))
                        paired_classes.add((finding.start, finding_class))

        mentions += self._inherited(doc, spans, window, pairs_made, claimed)
        mentions += self._defaults(doc, findings, window, claimed, paired_classes, terms)
        return mentions

    def _classes_per_clause(self, doc: Doc, spans: list[ClassSpan]) -> dict[int, Counter]:
        """The classes said (not denied) in each clause, for unless_near."""
        clause = doc._.pair_clause
        counts: dict[int, Counter] = {}
        for span in spans:
            if span.start in self._denied:
                continue
            counts.setdefault(clause[span.start], Counter()).update(span.findings | span.locations)
        return counts

    def _suppressed(
        self, doc: Doc, spans: list[ClassSpan], rule: PairRule, finding: ClassSpan, loc: ClassSpan
    ) -> bool:
        """A rule's unless_near class is in the clause ("the lump in my breast is bigger")."""
        if self._place_ruled_out(doc, rule.location, loc):
            return True
        if not rule.unless_near:
            return False
        present = self._clause_classes.get(doc._.pair_clause[finding.start], Counter())
        for name in rule.unless_near:
            own = self._said(finding, name) + self._said(loc, name)
            if present[name] > own:
                return True
        return False

    def _place_ruled_out(self, doc: Doc, location_class: str, loc: ClassSpan) -> bool:
        """A place word that only points is another place when its class's unless_near class
        is in its clause: "my leg is swollen, the left one" is no breast."""
        unless = self.lexicon.classes[location_class].unless_near
        if not unless:
            return False
        present = self._clause_classes.get(doc._.pair_clause[loc.start], Counter())
        return any(present[name] > self._said(loc, name) for name in unless)

    def _said(self, span: ClassSpan, name: str) -> int:
        """1 if the span is of class ``name`` and counted in its clause (not denied)."""
        return int(name in span.findings | span.locations and span.start not in self._denied)

    def _inherited(
        self,
        doc: Doc,
        spans: list[ClassSpan],
        window: SpanWindow,
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
                        if self._place_ruled_out(doc, location_class, other):
                            continue
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

    def _starts_new_predicate(self, doc: Doc, loc: ClassSpan, finding_starts: set[int]) -> bool:
        """ "... and my breast hurts": the place is the subject of its own statement."""
        for offset in range(0, 3):
            i = loc.end + offset
            if i >= len(doc):
                return False
            if i in finding_starts:
                return True
            if doc[i].norm_ in self.predicate_norms:
                return True
            if doc[i].is_punct or doc[i].lower_ in ("and", "or"):
                return False
        return False

    def _defaults(
        self,
        doc: Doc,
        findings: list[ClassSpan],
        window: SpanWindow,
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
                if (finding.start, finding_class) in paired_classes:
                    continue
                earlier = self._place_pointed_back(doc, finding, finding_class, window)
                if earlier is not None:
                    out.append(earlier)
                    continue
                default = self.lexicon.classes[finding_class].default
                if not default:
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

    def _place_pointed_back(
        self, doc: Doc, finding: ClassSpan, finding_class: str, window: SpanWindow
    ) -> Mention | None:
        """ "I've been coughing for weeks, it's not shifting, and now there's blood in it":
        a finding followed by "in it" / "on it" / "in the tissue" points back to the place
        named last before it in its sentence. A finding whose own words end in the pointer
        ("can't put any weight on it") points back the same way."""
        if not (self._ends_in_pointer(doc, finding) or self._followed_by_pointer(doc, finding)):
            return None
        sentence = doc._.sentence
        valid = self._rules_by_finding.get(finding_class, set())
        before = [
            loc
            for loc in window.near(finding.start, finding.start, self.pointer_reach)
            if loc.end <= finding.start
            and sentence[loc.start] == sentence[finding.start]
            and finding.start - loc.end <= self.pointer_reach
        ]
        for loc in sorted(before, key=lambda s: s.end, reverse=True):
            names = sorted(loc.locations & valid)
            if not names:
                continue
            rule = self._rules[(finding_class, names[0])][0]
            return Mention(
                symptom_id=rule.symptom,
                start=finding.start,
                end=finding.end,
                anchor=(finding.start, finding.end),
                core=frozenset(range(finding.start, finding.end)),
                kind="pair",
                priority=self.lexicon.priority(rule.symptom),
                finding=(finding.start, finding.end),
                location=(loc.start, loc.end),
                across=True,
            )
        return None

    def _followed_by_pointer(self, doc: Doc, finding: ClassSpan) -> bool:
        """ "in it", "all over it", "in the tissue" right after the finding."""
        i = finding.end
        if i < len(doc) and doc[i].lower_ in self.pointer_fillers:
            i += 1
        if not (i < len(doc) and doc[i].lower_ in self.pointer_prepositions):
            return False
        i += 1
        if i < len(doc) and doc[i].lower_ in self.pointer_determiners:
            i += 1
        return i < len(doc) and doc[i].lower_ in self.pointer_words

    def _ends_in_pointer(self, doc: Doc, finding: ClassSpan) -> bool:
        """The finding's last two words are a preposition and "it": "... weight on it"."""
        return (
            finding.end - finding.start > 2
            and doc[finding.end - 1].lower_ in self.pointer_words
            and doc[finding.end - 2].lower_ in self.pointer_prepositions
        )

    def _place_named_by_it(
        self,
        doc: Doc,
        finding: ClassSpan,
        finding_class: str,
        window: SpanWindow,
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
            if not all(doc[k].norm_ in self.place_fillers for k in range(i + 1, loc.start)):
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
            # The place is a symptom of its own when a list separates it from the finding:
            # "a cough, no blood" is a cough, and blood coughed up said not to be there.
            return bool(words & finding) or (words <= place and not other.across)
        # two findings about one place are two symptoms ("arm swollen and numb"); one
        # finding read two ways about one place is one
        same_finding = a.finding is not None and a.finding == b.finding
        if a.kind == "default" or b.kind == "default":
            return same_finding
        return same_finding and a.location == b.location

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


@Language.factory("symptom_nlu_matcher", default_config={"resources": ""})
def make_matcher(nlp: Language, name: str, resources: str) -> SymptomMatcher:
    register_extensions()
    return SymptomMatcher(nlp, name, resources)
