"""``symptom_nlu_context``: whose symptom, when and whether: a role for every mention.

ConText (Harkema et al. 2009) in the rule format of medspaCy's ConText: cue phrases of a
category (FAMILY, HISTORICAL, HYPOTHETICAL, and RESOLVED: over now) open a scope forwards,
backwards or both, cut by the clause or sentence, a maximum reach and terminate cues; pseudo
phrases void the cues they overlap. The rules are ``resources/en/context.yml``; the
coordinators and clause openers that tell where a fronted time opens a clause are
``negation.yml``'s, read from there so that they have one source. Negation (the
NEGATED_EXISTENCE category) is ``symptom_nlu_negation``'s, which runs first. Where no rule
decides, a confident learned model may (``symptom_nlu.role_model``).

Each mention gets ``role``: None (present), ``other_person``, ``hypothetical``, ``negated``
or ``past``, in that order of precedence.

A denial that points back at a symptom named before it ("my sister's face blew up ...
mine's normal", "Seek help if you notice chest pain ... I have none of them") adds a
negated mention of that symptom at the denial's words (``anaphoric_denials`` of
context.yml), so what the person says they do not have is heard even when they do not
repeat its name.
"""

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from symptom_checker.vocabulary import HYPOTHETICAL_ROLE
from symptom_checker.vocabulary import NEGATED_ROLE as NEGATED
from symptom_checker.vocabulary import OTHER_PERSON_ROLE as OTHER_PERSON
from symptom_checker.vocabulary import PAST_ROLE as PAST
from symptom_nlu.components.clauses import first_words
from symptom_nlu.components.negation import set_kind
from symptom_nlu.components.types import (
    Mention,
    PhraseComponent,
    in_question,
    phrase_docs,
    register_extensions,
)
from symptom_nlu.lexicon import (
    LexiconError,
    expand_phrase,
    expand_phrases,
    flattened,
    load_negation,
    load_word_lists,
    word_set,
)
from symptom_nlu.role_model import RoleModel, load_role_model, mention_features

FAMILY = "FAMILY"
HISTORICAL = "HISTORICAL"
HYPOTHETICAL = "HYPOTHETICAL"
# Over now ("cleared up", "healed", "over it now"): a past mention, whose scope reaches back
# over a recent time ("a bug last week, over it now") that would end a HISTORICAL scope.
RESOLVED = "RESOLVED"
CATEGORIES = (FAMILY, HISTORICAL, HYPOTHETICAL, RESOLVED)
DIRECTIONS = ("forward", "backward", "bidirectional", "terminate", "pseudo")
SCOPES = ("clause", "sentence", "document")

_NESTED = re.compile(r"\([^)]*\(")
PROGRESSIVE_WORDS = frozenset({"is", "'s", "are", "still"})  # "is coughing", "still bleeding"
LEARNED_REACH = 15  # tokens of the sentence the learned fallback reads either side
ROLE_OF = {
    FAMILY: OTHER_PERSON,
    HISTORICAL: PAST,
    HYPOTHETICAL: HYPOTHETICAL_ROLE,
    RESOLVED: PAST,
}


@dataclass(frozen=True, eq=False)  # compared by identity: a pattern holds dicts
class ContextRule:
    """One rule of context.yml (medspaCy's ConTextRule fields that we use)."""

    literal: str
    category: str
    direction: str
    attr: str = "LOWER"
    pattern: tuple | None = None
    max_scope: int | None = None
    scope: str = "clause"
    only_in_question: bool = False
    not_in_question: bool = False
    ignore_own_markers: bool = False
    unless_words: frozenset[str] = frozenset()
    carer_exception: bool = False
    cancelled_by: frozenset[str] = frozenset()
    terminates: frozenset[str] = frozenset()
    backward_only: bool = False  # a terminate cue that ends only the scopes running back to it
    terminate_too: bool = False
    names_the_patient: bool = False
    yields_to: frozenset[str] = frozenset()
    symptoms: frozenset[str] = frozenset()  # if any, the only symptoms the cue reaches
    except_symptoms: frozenset[str] = frozenset()  # symptoms the cue never reaches
    opens_questions: bool = False  # its question is general, the short ones after it too

    def reaches(self, mention: Mention) -> bool:
        """Whether the cue may say something of this mention: a rule about one symptom's own
        return to normal ("temp is normal now") leaves the others alone."""
        return (
            not self.symptoms or mention.symptom_id in self.symptoms
        ) and mention.symptom_id not in self.except_symptoms


@dataclass(frozen=True)
class AnaphoricDenial:
    """One rule of ``anaphoric_denials`` (context.yml): a denial of symptoms named before."""

    literal: str
    points_to: str  # "last": the symptom named last; "all": every one named before
    roles: frozenset[str]  # the roles a symptom pointed to may have
    asked: bool = False  # also the writer's own symptom in a question ("should I worry
    # about my nipple going in? mine hasn't"): asked about, then denied
    contrasts: bool = False  # the writer sets themselves against a relative named before
    # ("my brother's arm swelled up, mine looks normal"): the relative's is theirs
    gives: str = NEGATED  # or "present": "my husband has back pain too but mine is worse"
    next_words: frozenset[str] = frozenset()  # if any, one must follow it ("worse")
    ends: bool = False  # it must end its clause: punctuation, the end or a next word next
    disputes: frozenset[str] = frozenset()  # also the writer's own symptom that someone else
    # is said to see, one of these words just before it ("my husband thinks I'm confused,
    # but I'm not"): disputed, then denied

    def followed_as_it_needs(self, doc: Doc, end: int) -> bool:
        """Whether what follows the denial's words (ending at token ``end``) lets it stand."""
        if self.ends:  # not "but I'm not worried", "I'm not sure"
            return end >= len(doc) or doc[end].is_punct or doc[end].lower_ in self.next_words
        # not "mine is a different problem", "mine is the leg"
        return not self.next_words or bool(
            {t.lower_ for t in doc[end : end + 2]} & self.next_words
        )


@dataclass(frozen=True)
class ContextCue:
    start: int
    end: int
    rule: ContextRule


def load_context_rules(resources: str = "") -> tuple[tuple[ContextRule, ...], int, frozenset]:
    """The rules of ``context.yml``, its default max_scope and its own-marker words."""
    data = load_word_lists("context.yml", resources or None)
    default_scope = int(data.get("max_scope", 10))
    rules = []
    for i, spec in enumerate(data.get("rules") or []):
        where = f"context rule {i} ({spec.get('literal')!r})"
        category = str(spec.get("category", ""))
        direction = str(spec.get("direction", "")).lower()
        scope = str(spec.get("scope", "clause")).lower()
        attr = str(spec.get("attr", "LOWER")).upper()
        if category not in CATEGORIES:
            raise LexiconError(f"{where}: category must be one of {CATEGORIES}")
        if direction not in DIRECTIONS:
            raise LexiconError(f"{where}: direction must be one of {DIRECTIONS}")
        if scope not in SCOPES or attr not in ("LOWER", "NORM"):
            raise LexiconError(f"{where}: scope must be one of {SCOPES}, attr LOWER or NORM")
        if not spec.get("literal"):
            raise LexiconError(f"{where}: needs a literal")
        if _NESTED.search(str(spec["literal"])):
            raise LexiconError(f"{where}: groups cannot nest: write two groups or two rules")
        pattern = spec.get("pattern")
        rules.append(
            ContextRule(
                literal=str(spec["literal"]),
                category=category,
                direction=direction,
                attr=attr,
                pattern=tuple(pattern) if pattern else None,
                max_scope=spec.get("max_scope"),
                scope=scope,
                only_in_question=bool(spec.get("only_in_question", False)),
                not_in_question=bool(spec.get("not_in_question", False)),
                ignore_own_markers=bool(spec.get("ignore_own_markers", False)),
                unless_words=frozenset(str(w).lower() for w in spec.get("unless_words") or ()),
                carer_exception=bool(spec.get("carer_exception", False)),
                cancelled_by=frozenset(_flat_words(spec.get("cancelled_by"))),
                terminates=frozenset(spec.get("terminates") or CATEGORIES),
                backward_only=bool(spec.get("backward_only", False)),
                terminate_too=bool(spec.get("terminate_too", False)),
                names_the_patient=bool(spec.get("names_the_patient", False)),
                yields_to=frozenset(spec.get("yields_to") or ()),
                symptoms=frozenset(str(sid) for sid in spec.get("symptoms") or ()),
                except_symptoms=frozenset(str(sid) for sid in spec.get("except_symptoms") or ()),
                opens_questions=bool(spec.get("opens_questions", False)),
            )
        )
    markers = frozenset(str(w).lower() for w in data.get("own_markers") or ())
    return tuple(rules), default_scope, markers


def _flat_words(value: Any) -> list[str]:
    """A word list whose items may be lists (YAML anchors of shared lists), flattened and
    lower-cased: ``[*recent_event, *event_over]``."""
    return [str(word).lower() for word in flattened([value]) if word is not None]


def load_anaphoric_denials(resources: str = "") -> tuple[AnaphoricDenial, ...]:
    """``anaphoric_denials`` of context.yml."""
    data = load_word_lists("context.yml", resources or None)
    rules = []
    for i, spec in enumerate(data.get("anaphoric_denials") or []):
        where = f"anaphoric denial {i} ({spec.get('literal')!r})"
        points_to = str(spec.get("points_to", "last"))
        gives = str(spec.get("gives", NEGATED))
        roles = frozenset(str(r) for r in spec.get("roles") or (HYPOTHETICAL_ROLE, OTHER_PERSON))
        if not spec.get("literal") or points_to not in ("last", "all"):
            raise LexiconError(f"{where}: needs a literal, and points_to last or all")
        if not roles <= {HYPOTHETICAL_ROLE, OTHER_PERSON, PAST}:
            raise LexiconError(f"{where}: roles must be hypothetical, other_person or past")
        if gives not in (NEGATED, "present"):
            raise LexiconError(f"{where}: gives must be negated or present")
        rules.append(
            AnaphoricDenial(
                literal=str(spec["literal"]),
                points_to=points_to,
                roles=roles,
                asked=bool(spec.get("asked", False)),
                contrasts=bool(spec.get("contrasts", False)),
                gives=gives,
                next_words=frozenset(str(w).lower() for w in spec.get("next_words") or ()),
                disputes=frozenset(_flat_words(spec.get("disputes"))),
                ends=bool(spec.get("ends", False)),
            )
        )
    return tuple(rules)


def load_patient_phrases(resources: str = "", key: str = "writer_is_patient") -> tuple[str, ...]:
    """``writer_is_patient`` of context.yml: phrases in which the writer speaks as the patient
    (or, with ``key="writer_is_patient_unless"``, the phrases inside which one does not count)."""
    data = load_word_lists("context.yml", resources or None)
    return tuple(str(p) for p in data.get(key) or ())


def _word_tuples(nlp: Language, phrases: Iterable[object] | None) -> frozenset[tuple[str, ...]]:
    """Each phrase ("(a|b)" alternatives expanded) as its lower-case words, to match word for
    word."""
    return frozenset(
        tuple(t.lower_ for t in nlp.make_doc(phrase))
        for phrase in expand_phrases(str(p) for p in phrases or ())
    )


class ContextScope(PhraseComponent):
    """Gives every symptom mention its role from the context rules (see module doc)."""

    def __init__(
        self, nlp: Language, name: str, resources: str, learned_fallback: bool = True
    ) -> None:
        self.name = name
        self.rules, self.default_scope, self.own_markers = load_context_rules(resources)
        # where no rule decides, a confident learned model may (symptom_nlu/role_model.py)
        self.role_model: RoleModel | None = (
            load_role_model(resources) if learned_fallback else None
        )
        words = load_word_lists("context.yml", resources or None)
        self.first_person = word_set(words.get("first_person"), "context first_person")
        self.patient_phrases = load_patient_phrases(resources)
        self.risk_phrases = load_patient_phrases(resources, "writer_asks_own_risk")
        self.now_phrases = load_patient_phrases(resources, "going_on_now")
        self.patient_blockers = load_patient_phrases(resources, "writer_is_patient_unless")
        self.third_person = word_set(words.get("third_person"), "context third_person")
        self.not_over_with = {
            str(symptom_id): frozenset(_flat_words(kept))
            for symptom_id, kept in (words.get("not_over_with") or {}).items()
        }
        questions = words.get("general_question") or {}
        self.question_openers = word_set(questions.get("openers"), "general_question openers")
        self.fragment_words = int(questions.get("fragment_words", 0))
        self.own_subjects = word_set(
            questions.get("not_after_opener"), "general_question not_after_opener"
        )
        self.question_words = word_set(words.get("question_words"), "context question_words")
        self.cancel_negators = word_set(words.get("cancel_negators"), "context cancel_negators")
        self.denials = load_anaphoric_denials(resources)
        fronted = words.get("fronted") or {}
        self.fronted_categories = frozenset(str(c) for c in fronted.get("categories") or ())
        self.fronted_words = int(fronted.get("max_other_words", 0))
        self.aside_words = int(fronted.get("max_aside_words", 0))
        self.fronted_lead_in = word_set(fronted.get("lead_in"), "fronted lead_in")
        clause_words = load_negation(resources or None)
        self.coordinators = frozenset(clause_words.coordinators)
        self.personal_openers = first_words(nlp, clause_words.personal_openers)
        self._ruled: list[bool] = []
        self._family_cover: set[int] = set()
        self._clause_words: dict[int, int] = {}  # per message: words in each clause
        self._clause_mentioned: set[int] = set()  # ... and the clauses that hold a symptom
        self._fronting: list[ContextCue] = []  # ... and the times that open a clause of their own
        self.own_after = _word_tuples(nlp, words.get("own_after"))
        self._own_after_lengths = sorted({len(phrase) for phrase in self.own_after})
        self.own_after_unless = word_set(words.get("own_after_unless"), "own_after_unless")
        self.own_before = _word_tuples(nlp, words.get("own_before"))
        self._own_before_lengths = sorted({len(phrase) for phrase in self.own_before})
        self.own_before_unless = word_set(words.get("own_before_unless"), "own_before_unless")
        self.own_before_reach = int(words.get("own_before_reach") or 0)
        self.list_words = word_set(words.get("list_words"), "context list_words")
        self.plural_words = word_set(words.get("plural_words"), "context plural_words")
        self.own_clause_categories = frozenset(
            str(c) for c in words.get("own_clause_categories") or ()
        )
        self._list_clause: list[int] = []  # per message: clauses with listed symptoms as one
        self._list_doc: Doc | None = None  # ... the message they are of
        self._clause_first: dict[int, int] = {}  # ... the first word of each of them
        self._clause_named: dict[int, int] = {}  # ... and where each first names a symptom
        self._ready = False

    def build(self, nlp: Language) -> None:
        norm = self.phrase_matchers(nlp)
        self.pattern_matcher = Matcher(nlp.vocab, validate=True)
        self.patient_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patient_matcher.add(
            "PATIENT", phrase_docs(nlp, expand_phrases(self.patient_phrases), None)
        )
        self.patient_matcher.add("RISK", phrase_docs(nlp, expand_phrases(self.risk_phrases), None))
        self.now_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.now_matcher.add("NOW", phrase_docs(nlp, expand_phrases(self.now_phrases), None))
        self.patient_blocker_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patient_blocker_matcher.add(
            "NOT_PATIENT", phrase_docs(nlp, expand_phrases(self.patient_blockers), None)
        )
        self.denial_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._denial_of: dict[int, AnaphoricDenial] = {}
        for i, denial in enumerate(self.denials):
            key = f"DENIAL|{i}"
            self._denial_of[nlp.vocab.strings.add(key)] = denial
            self.denial_matcher.add(key, phrase_docs(nlp, expand_phrase(denial.literal), None))
        self._rule_of: dict[int, ContextRule] = {}
        for i, rule in enumerate(self.rules):
            key = f"CTX|{i}"
            self._rule_of[nlp.vocab.strings.add(key)] = rule
            if rule.pattern is not None:
                self.pattern_matcher.add(key, [list(rule.pattern)])
                continue
            phrases = expand_phrase(rule.literal)
            if rule.attr == "NORM":
                self.norm_matcher.add(key, phrase_docs(nlp, phrases, norm))
            else:
                self.lower_matcher.add(key, phrase_docs(nlp, phrases, None))
        self._ready = True

    # -- cues --------------------------------------------------------------------------

    def find_cues(self, doc: Doc) -> list[ContextCue]:
        raw = {
            ContextCue(start, end, self._rule_of[match_id])
            for matcher in (self.lower_matcher, self.norm_matcher, self.pattern_matcher)
            for match_id, start, end in matcher(doc)
        }
        pseudo = {
            (i, c.rule.category)
            for c in raw
            if c.rule.direction == "pseudo" and not c.rule.terminate_too
            for i in range(c.start, c.end)
        }
        # A pseudo phrase that also voids terminate cues ("my support group") voids only the
        # other cues that start inside it: "someone in my support group" names someone else.
        pseudo_stops = {
            (i, c.rule.category)
            for c in raw
            if c.rule.direction == "pseudo" and c.rule.terminate_too
            for i in range(c.start, c.end)
        }
        words = {t.lower_.replace("’", "'") for t in doc}
        kept = []
        for cue in raw:
            rule = cue.rule
            if rule.direction == "pseudo":
                continue
            if rule.direction != "terminate" and (
                any((i, rule.category) in pseudo for i in range(cue.start, cue.end))
                or (cue.start, rule.category) in pseudo_stops
            ):
                continue  # "not sure if", "my husband says I ...", "picked up my cat"
            if rule.direction == "terminate" and any(
                (i, category) in pseudo_stops
                for i in range(cue.start, cue.end)
                for category in rule.terminates
            ):
                continue  # "a friend from my support group": not the writer coming back
            if rule.only_in_question and not in_question(doc, cue.start):
                continue
            if rule.not_in_question and in_question(doc, cue.start):
                continue  # "why do some people ...?" asks about anyone, not a known person
            if rule.unless_words and rule.unless_words & words:
                continue
            if rule.cancelled_by and self._cancelled(doc, cue):
                continue  # "my usual headaches feel different now"
            kept.append(cue)
        return sorted(kept, key=lambda c: (c.start, c.end, c.rule.literal))

    def _cancelled(self, doc: Doc, cue: ContextCue) -> bool:
        unit = self._unit(doc, cue.rule)
        home = unit[cue.start]
        i, j = cue.start, cue.end
        while i > 0 and unit[i - 1] == home:
            i -= 1
        while j < len(doc) and unit[j] == home:
            j += 1
        # "nothing new", "no worse": a negated cancel word says the opposite
        return any(
            doc[k].lower_ in cue.rule.cancelled_by
            and not (k > 0 and doc[k - 1].lower_ in self.cancel_negators)
            for k in range(i, j)
        )

    # -- scopes ------------------------------------------------------------------------

    def _unit(self, doc: Doc, rule: ContextRule) -> list[int]:
        if rule.scope == "document":
            return [0] * len(doc)
        if rule.scope == "sentence":
            return doc._.sentence
        return self._list_clause if self._list_doc is doc else doc._.scope_clause

    def stops_by_category(self, cues: list[ContextCue]) -> dict[str, tuple[list, list]]:
        """Sorted starts and ends of the terminate cues that end each category's scopes.

        A terminate cue inside another cue of the category is part of that cue's words ("my"
        in "my nan" does not end the scope of "runs in the family"). A ``backward_only`` cue
        ends only the scopes that run back to it from a cue after it (its starts are left out).
        """
        out = {}
        for category in CATEGORIES:
            own = [
                c for c in cues if c.rule.category == category and c.rule.direction != "terminate"
            ]
            covered = {i for c in own for i in range(c.start, c.end)}
            stops = [
                c
                for c in cues
                if c.rule.direction == "terminate"
                and category in c.rule.terminates
                and not covered.issuperset(range(c.start, c.end))
            ]
            out[category] = (
                sorted(c.start for c in stops if not c.rule.backward_only),
                sorted(c.end for c in stops),
            )
        return out

    def scope_of(
        self, doc: Doc, cue: ContextCue, stops: dict[str, tuple[list, list]]
    ) -> range | None:
        """Token range [start, end) the cue modifies (the cue's own words included)."""
        rule = cue.rule
        if rule.direction == "terminate":
            return None
        unit = self._unit(doc, rule)
        reach = rule.max_scope if rule.max_scope is not None else self.default_scope
        if rule.scope == "document":
            reach = len(doc)
        starts, ends = stops[rule.category]
        start, end = cue.start, cue.end
        if rule.direction in ("forward", "bidirectional"):
            home = unit[cue.end - 1]
            homes = {home}
            if rule.scope == "clause" and self._bare(doc, cue.start, cue):
                # "Years ago, I had a clot in my leg"; "Back in 2016, I remember, I had ..."
                home += 1
                while self._bare(doc, home):
                    homes.add(home)
                    home += 1
                homes.add(home)
            k = bisect.bisect_left(starts, cue.end)
            first_stop = starts[k] if k < len(starts) else len(doc)
            limit = min(len(doc), cue.end + reach, first_stop)
            while (
                end < limit
                and unit[end] in homes
                and (doc._.sentence[end] == doc._.sentence[cue.end - 1])
            ):
                end += 1
        if rule.direction in ("backward", "bidirectional"):
            home = unit[cue.start]
            k = bisect.bisect_right(ends, cue.start)
            last_stop = ends[k - 1] if k else 0
            # a stop in a clause before the cue's own ends the reach with that clause: "I have
            # back pain and my mum had a clot" (the writer's "I" speaks for the whole clause)
            clause = doc._.scope_clause
            if 0 < last_stop < cue.start and clause[last_stop - 1] != clause[cue.start]:
                while last_stop < cue.start and clause[last_stop] == clause[last_stop - 1]:
                    last_stop += 1
            limit = max(0, cue.start - reach, last_stop)
            named = self._clause_named.get(self._list_clause[cue.start])
            if (
                named is not None
                and named < cue.start
                and rule.category in self.own_clause_categories
                and doc[cue.start].lower_ not in self.plural_words
            ):
                # a clause that names its own symptom before the cue is what the cue tells of:
                # "I have a cough and the back ache is better now" (the cough is not better),
                # unless the cue speaks of several ("the cough and the ache both went")
                limit = max(limit, self._clause_first[self._list_clause[cue.start]])
            for time in self._fronting:
                # a time that opens a clause of its own ("I have chest pain and years ago I had
                # a clot"), and every cue of that clause, reach back no further than the time:
                # "my back aches and last year my mum had a clot"
                if time is cue or limit < time.start < cue.start:
                    limit = max(limit, time.start)
            while start > limit and unit[start - 1] == home:
                start -= 1
        return range(start, end)

    def _fronts_next_clause(self, doc: Doc, cue: ContextCue) -> bool:
        """Whether a time of a ``fronted`` category opens the clause after a coordinator, its
        subject after it ("... and years ago I had a clot", "..., in 2019 my mum had"): it dates
        that clause only, not the one before the coordinator."""
        if cue.rule.category not in self.fronted_categories:
            return False
        # the whole time, where cues of it nest ("in 2019" holds "2019")
        start, end = cue.start, cue.end
        for other in doc._.context_cues or ():
            if other.rule.category == cue.rule.category and other.start <= start < other.end:
                start, end = min(start, other.start), max(end, other.end)
        while start > 0 and doc[start - 1].lower_ in self.fronted_lead_in:
            start -= 1  # "and back in 2016 I had a fit"
        after = end + (end < len(doc) and doc[end].text == ",")
        return (
            start > 0
            and doc[start - 1].lower_ in self.coordinators
            and after < len(doc)
            and doc[after].lower_.replace("’", "'") in self.personal_openers
        )

    def _bare(self, doc: Doc, at: int, cue: ContextCue | None = None) -> bool:
        """Whether a clause holds no symptom and few words: the cue's own (at most
        ``fronted.max_other_words`` words besides the cue, which must be of a ``fronted``
        category), or clause id ``at``, an aside (at most ``max_aside_words``: "I remember").
        A time said first and set off ("Years ago, ...", "Back in 2016, I remember, ...")
        is the time of the clause that follows it too."""
        words, mentioned = self._clause_words, self._clause_mentioned
        if cue is None:
            return at in words and at not in mentioned and words[at] <= self.aside_words
        if cue.rule.category not in self.fronted_categories:
            return False
        home = doc._.scope_clause[cue.start]
        own = sum(1 for t in doc[cue.start : cue.end] if not (t.is_punct or t.is_space))
        return home not in mentioned and words.get(home, 0) - own <= self.fronted_words

    def _lists_as_one(
        self, doc: Doc, mentions: list[Mention], cues: list[ContextCue]
    ) -> list[int]:
        """The scope clauses, with symptoms listed one after another in one: "I had the cough
        and the back ache in the spring" dates both. Two symptoms join when only
        ``list_words`` lie between them ("and the", ", my") and nothing but context cues and
        punctuation follows the second in its clause ("... and the back ache is new" is a
        clause of its own)."""
        clause = list(doc._.scope_clause)
        cue_words = {i for c in cues for i in range(c.start, c.end)}
        ordered = sorted(mentions, key=lambda m: m.start)
        for first, second in zip(ordered, ordered[1:], strict=False):
            old, new = clause[second.start], clause[first.end - 1]
            if old == new or second.start <= first.end:
                continue
            between = doc[first.end : second.start]
            if not all(t.lower_ in self.list_words for t in between):
                continue
            rest = [t for t in doc[second.end :] if clause[t.i] == old]
            if all(t.is_punct or t.is_space or t.i in cue_words for t in rest):
                for i in range(first.end, len(doc)):
                    if clause[i] not in (old, new):
                        break
                    clause[i] = new
        return clause

    def categories(
        self, doc: Doc, mentions: list[Mention], not_ended: frozenset[str]
    ) -> list[set[str]]:
        """The context categories whose scope covers each mention; a resolution does not cover
        the symptoms in `not_ended` (not_over)."""
        self._list_doc = None  # finding the cues reads the plain clauses
        cues = self.find_cues(doc)
        doc._.context_cues = cues
        stops = self.stops_by_category(cues)
        clause = doc._.scope_clause
        self._clause_words = {}
        for token in doc:
            counted = self._clause_words.get(clause[token.i], 0)
            self._clause_words[clause[token.i]] = counted + (
                not (token.is_punct or token.is_space)
            )
        self._clause_mentioned = {clause[i] for m in mentions for i in range(m.start, m.end)}
        self._fronting = [c for c in cues if self._fronts_next_clause(doc, c)]
        self._list_clause = self._lists_as_one(doc, mentions, cues)
        self._list_doc = doc
        self._clause_first, self._clause_named = {}, {}
        for i in range(len(doc) - 1, -1, -1):
            self._clause_first[self._list_clause[i]] = i
        for mention in sorted(mentions, key=lambda m: -m.start):
            self._clause_named[self._list_clause[mention.start]] = mention.start
        document_wide: list[ContextCue] = []
        by_token: dict[int, list[ContextCue]] = {}
        for cue in cues:
            scope = self.scope_of(doc, cue, stops)
            if scope is None:
                continue
            if cue.rule.scope == "document":
                document_wide.append(cue)
                continue
            for i in scope:
                by_token.setdefault(i, []).append(cue)

        def covering(mention: Mention) -> list[ContextCue]:
            found = {
                id(c): c for i in range(mention.start, mention.end) for c in by_token.get(i, ())
            }
            return [
                c
                for c in (*document_wide, *found.values())
                if c.rule.reaches(mention)
                and not (c.rule.category == RESOLVED and mention.symptom_id in not_ended)
                # a cue among the symptom's own words, after its first, is part of the
                # wording: "talking to people who aren't there", "asking for his mother"
                and not (
                    mention.start < c.start
                    and all(i in mention.core for i in range(c.start, c.end))
                )
            ]

        covered = [covering(m) for m in mentions]
        # A relative named as the subject is the person being cared for, unless the writer
        # also reports a present symptom of their own (outside every context scope).
        # "my" of "my mother" names the relative, not the writer speaking of themselves
        relative_words = {
            i
            for c in cues
            if c.rule.category == FAMILY and c.rule.direction not in ("terminate", "pseudo")
            for i in range(c.start, c.end)
        }
        writer = self._writer_positions(doc, relative_words)
        others = self._not_the_named_patient(doc, cues, self.third_person)
        speaks_as = self._writer_speaks_as_patient(doc)
        own_symptom = "PATIENT" in speaks_as or any(
            not mention.negated
            and not cues_here
            and not self._said_of_someone(doc, mention)
            and self._said_by_writer(doc, mention, writer)
            for mention, cues_here in zip(mentions, covered, strict=True)
        )
        # A writer asking about their own risk ("should I get tested?", "is it genetic?")
        # tells the relatives' illness as family history, but not a symptom going on now: "my
        # mum is coughing up blood right now, is it genetic?" is a carer's report (session 35)
        general = self._general_questions(doc, cues)
        now_sentences = self._now_said(doc) if "RISK" in speaks_as else set()
        found = []
        for mention, cues_here in zip(mentions, covered, strict=True):
            own_report = own_symptom or (
                "RISK" in speaks_as and not self._going_on_now(doc, mention, now_sentences)
            )
            kept = [
                c
                for c in cues_here
                if not (c.rule.carer_exception and not own_report and id(c) not in others)
                and not (c.rule.category == HYPOTHETICAL and self._said_as_own(doc, mention, c))
            ]
            categories = {c.rule.category for c in kept}
            if mention.reaffirmed:  # "no fit in years but I had one this morning"
                categories -= {HISTORICAL, RESOLVED}
            if doc._.sentence[mention.start] in general:
                categories.add(HYPOTHETICAL)
            # a cue that gives way ("your" of a reply) does not count beside a cue of the
            # categories it yields to (a leaflet's "tell your nurse if ... go off your food")
            yielding = {c.rule.category for c in kept if c.rule.yields_to & categories}
            categories -= yielding - {
                c.rule.category for c in kept if not c.rule.yields_to & categories
            }
            found.append(categories)
        # A carer writes about the relative's symptoms now. When nothing in the message is
        # going on now, the relative's old symptoms ("my cousin had a fit at a wedding last
        # year") are their history told along the way: someone else's. With a current
        # symptom, the old ones are the cared-for person's past ("he had vertigo years ago,
        # this week he's staggering").
        if not any(
            not categories and not mention.negated
            for mention, categories in zip(mentions, found, strict=True)
        ):
            for mention, cues_here, categories in zip(mentions, covered, found, strict=True):
                carer = any(c.rule.carer_exception for c in cues_here if c.rule.category == FAMILY)
                if carer and (mention.resolved or categories & {HISTORICAL, RESOLVED}):
                    categories.add(FAMILY)
        # A mention a carer's cue reaches is the relative's, whatever the writer says of
        # themselves before the relative is named ("I called 999 because my dad is coughing
        # up blood", "I'm worried, my mum has a bad cough") or after the symptom ("my mum had
        # a fit in front of me"). A first-person word between the two ("my husband says I was
        # shaking") ends the relative's scope (the FAMILY terminate cue of context.yml), so
        # the symptom after it is not reached and stays the writer's (session 16, issue 19).
        self._family_cover = {
            id(m)
            for m, cues_here in zip(mentions, covered, strict=True)
            if any(c.rule.category == FAMILY and c.rule.carer_exception for c in cues_here)
        }
        # a mention some cue reached (even one set aside, as for a carer) was decided by the
        # rules: the learned fallback is not asked about it
        self._ruled = [
            bool(cues_here) or doc._.sentence[m.start] in general
            for m, cues_here in zip(mentions, covered, strict=True)
        ]
        return found

    @staticmethod
    def _not_the_named_patient(
        doc: Doc, cues: list[ContextCue], pronouns: frozenset[str] | set[str]
    ) -> set[int]:
        """The cues of relatives told of before the one named as the patient ("Auntie Pat is
        off her food, and my dad (the patient) has ..."): a ``names_the_patient`` cue in
        brackets names the relative just before it ("my daddy (he is the patient)"), whether a
        carer's cue or not ("my neighbour (the patient)", "my wife's mum (the patient)");
        "she" and "he" after it are the patient. Only the carer's cues among them are read."""
        relatives = [
            c for c in cues if c.rule.category == FAMILY and c.rule.direction != "terminate"
        ]
        named = [
            c
            for marker in cues
            if marker.rule.names_the_patient
            for c in relatives
            for bracket in (marker.start - 1, marker.start)
            if 0 <= bracket < len(doc) and doc[bracket].text == "(" and c.end == bracket
        ]
        if not named:
            return set()
        first = min(c.start for c in named)
        # after the patient is named, "she" and "he" are the patient, and another relative
        # named is someone else ("Mum (patient) can't wake and my brother has a migraine")
        last = max(marker.end for marker in cues if marker.rule.names_the_patient)
        return {
            id(c)
            for c in relatives
            if c.end <= first
            or (c.start >= last and doc[c.start].lower_.replace("’", "'") not in pronouns)
        }

    def _writer_speaks_as_patient(self, doc: Doc) -> set[str]:
        """How the writer speaks as the patient: "PATIENT" for a ``writer_is_patient`` phrase,
        "RISK" for a ``writer_asks_own_risk`` one, each not inside a
        ``writer_is_patient_unless`` phrase ("Me, I have a lump" speaks as the patient;
        "Excuse me, I am sorry to trouble you" does not)."""
        blocked = [(start, end) for _, start, end in self.patient_blocker_matcher(doc)]
        return {
            doc.vocab.strings[label]
            for label, start, end in self.patient_matcher(doc)
            if not any(b_start <= start and end <= b_end for b_start, b_end in blocked)
        }

    def _general_questions(self, doc: Doc, cues: list[ContextCue]) -> set[int]:
        """Sentences that ask about the disease in general, not about the writer.

        A question opened by a question word ("is weight loss a sign of liver spread?",
        "what are the signs of liver mets?") with no word of the writer's own ("this") nor
        a relative in it, in a message where the writer never speaks of themselves ("I",
        "my"), asks about anyone; so do the short questions that follow it in the same
        message ("yellow skin? pain under the ribs?").
        """
        sentence = doc._.sentence
        # "which symptoms mean I should ring 999?": the writer asks which symptoms, in
        # general, whatever "I" it says (an ``opens_questions`` rule)
        listing = {sentence[c.start] for c in cues if c.rule.opens_questions}
        if not self.question_openers or any(
            t.lower_.replace("’", "'") in self.first_person and sentence[t.i] not in listing
            for t in doc
        ):
            return set()  # "is chest pain serious? I have it now": the writer's own
        family = {sentence[c.start] for c in cues if c.rule.category == FAMILY}
        words: dict[int, list[str]] = {}
        first_token: dict[int, int] = {}
        for token in doc:
            if not (token.is_punct or token.is_space):
                words.setdefault(sentence[token.i], []).append(token.lower_.replace("’", "'"))
                first_token.setdefault(sentence[token.i], token.i)
        general: set[int] = set()
        last_general = False
        for home in sorted(words):
            first = first_token[home]
            said = set(words[home])
            asks = in_question(doc, first)
            own = bool(said & (self.first_person | self.own_markers)) or home in family
            opened = words[home][0] in self.question_openers and not (
                len(words[home]) > 1
                and (words[home][1] in self.own_subjects or _is_number(words[home][1]))
            )  # "is it normal to have a headache every morning?" asks about the writer, and
            # "is 38.3 a problem?" about a reading the writer took
            if asks and not own and opened:
                general.add(home)
                last_general = True
            elif asks and home in listing:
                last_general = True  # its own words may be the writer's; the next ask too
            elif asks and not own and last_general and len(words[home]) <= self.fragment_words:
                general.add(home)  # a short question that carries on the general one
            else:
                last_general = False
        return general

    def _writer_positions(
        self, doc: Doc, relative_words: set[int] | frozenset[int] = frozenset()
    ) -> tuple[set[int], dict[int, int]]:
        """Clauses in which the writer speaks of themselves, and where in each sentence
        they first do ("I have a lump", "my back", "I'm the one who's now coughing"); the
        "my" of a relative's cue ("my mother") is not the writer."""
        clause, sentence = doc._.scope_clause, doc._.sentence
        clauses: set[int] = set()
        first_in_sentence: dict[int, int] = {}
        for token in doc:
            if token.i in relative_words:
                continue
            if token.lower_.replace("’", "'") in self.first_person:
                clauses.add(clause[token.i])
                first_in_sentence.setdefault(sentence[token.i], token.i)
        return clauses, first_in_sentence

    def _said_of_someone(self, doc: Doc, mention: Mention) -> bool:
        """Whether the mention's own words, or the two before them, say "her" or "he":
        "her head hurts" is the relative's, whoever was named before it."""
        return any(
            doc[i].lower_.replace("’", "'") in self.third_person
            for i in range(max(0, mention.start - 2), mention.end)
        )

    @staticmethod
    def _said_by_writer(
        doc: Doc, mention: Mention, writer: tuple[set[int], dict[int, int]]
    ) -> bool:
        clauses, first_in_sentence = writer
        if doc._.scope_clause[mention.start] in clauses:
            return True
        first = first_in_sentence.get(doc._.sentence[mention.start])
        return first is not None and first < mention.start

    def _said_as_own(self, doc: Doc, mention: Mention, cue: ContextCue) -> bool:
        """ "could it be causing my back pain?": the symptom is the writer's own.

        An own marker right before the symptom always says so; in a bare question (a rule
        that counts only in questions: "is a lump under my arm serious?") so does one
        inside the symptom's words.
        """
        if mention.end <= cue.start and self._stated_before(doc, mention):
            return True
        if cue.rule.ignore_own_markers:
            return False
        # an own marker that is one of the cue's own words ("if my eyes went yellow") is the
        # condition's, not a claim; in a bare question, the cue's last word right before the
        # symptom is the symptom's own ("is this lump cancer?")
        determiner = cue.rule.only_in_question and cue.end == mention.start
        before = [
            doc[i].lower_
            for i in range(max(0, mention.start - 2), mention.start)
            if not cue.start <= i < cue.end or (determiner and i == cue.end - 1)
        ]
        if self.own_markers.intersection(before) or self._pointed_at(doc, mention, cue):
            return True
        if cue.rule.only_in_question:
            inside = {doc[i].lower_ for i in range(mention.start, mention.end)}
            return bool(self.own_markers & inside)
        return False

    def _stated_before(self, doc: Doc, mention: Mention) -> bool:
        """ "I've had back pain for weeks, if it has spread ...": the writer says they have the
        symptom (an ``own_before`` phrase a few words before it) before supposing something
        about it, so the supposition after it does not make it supposed; "would I have pain
        if ..." (an ``own_before_unless`` word right before the phrase) asks."""
        for gap in range(self.own_before_reach + 1):
            end = mention.start - gap
            if end < 0 or not all(doc[i].is_alpha for i in range(end, mention.start)):
                break  # the words between are words, never a comma or a full stop
            for length in self._own_before_lengths:
                start = end - length
                if (
                    start >= 0
                    and tuple(t.lower_.replace("’", "'") for t in doc[start:end])
                    in self.own_before
                    and not (start and doc[start - 1].lower_ in self.own_before_unless)
                ):
                    return True
        return False

    def _pointed_at(self, doc: Doc, mention: Mention, cue: ContextCue) -> bool:
        """ "is a headache like this normal?", "could a pulled muscle cause chest pain this
        bad?": words right after the symptom (or one word on) point at the writer's own; not
        after a cue of what may come ("if it spreads, will I get pain like this?")."""
        if any(doc[i].lower_ in self.own_after_unless for i in range(cue.start, cue.end)):
            return False
        for start in (mention.end, mention.end + 1):
            if start > mention.end and not (start <= len(doc) and doc[start - 1].is_alpha):
                break  # one word on, never a comma or a full stop: "headaches, I've got a rash"
            for length in self._own_after_lengths:
                end = start + length
                if (
                    end <= len(doc)
                    and not (cue.start < end and start < cue.end)
                    and tuple(t.lower_ for t in doc[start:end]) in self.own_after
                ):
                    return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            raise RuntimeError("symptom_nlu_context is not initialised: call nlp.initialize()")
        mentions = doc._.symptom_mentions or []
        not_ended = self.not_over(doc)
        for mention in mentions:
            if mention.resolved and mention.symptom_id in not_ended:
                set_kind(mention, None)  # negation.yml's "it's gone" does not end it
        found = self.categories(doc, mentions, not_ended)
        now = self._now_sentences(doc)
        for mention, categories, ruled in zip(mentions, found, self._ruled, strict=True):
            mention.role = role_of(mention, categories)
            if (
                mention.role is None
                and not ruled
                and self.role_model is not None
                and doc._.sentence[mention.start] not in now
            ):
                before = {doc[i].lower_ for i in range(max(0, mention.start - 2), mention.end)}
                # "my armpit", "the numbness in my legs": the writer's own, and so is a
                # reading they took ("is 38.3 a problem??")
                reading = all(_is_number(t.text) for t in doc[mention.start : mention.end])
                if not self.own_markers & before and not reading:
                    mention.role = self.learned_role(doc, mention)
                if mention.role == HYPOTHETICAL_ROLE and not self._asks_or_supposes(doc, mention):
                    mention.role = None  # "bloody stuff coming out my nipple??" is a report
            mention.relative = mention.role is None and id(mention) in self._family_cover
        self._asked_then_denied(doc, mentions)
        denied = self.anaphoric_denials(doc, mentions)
        if denied:
            doc._.symptom_mentions = sorted([*mentions, *denied], key=lambda m: m.start)
        return doc

    def not_over(self, doc: Doc) -> frozenset[str]:
        """The symptoms no resolution ends in this message, of negation.yml ("it's gone") or
        of a RESOLVED rule ("back to normal"), because it names what hides them
        (``not_over_with``: a fever gone "since I took paracetamol")."""
        words = {token.lower_ for token in doc}
        return frozenset(
            symptom_id for symptom_id, hides in self.not_over_with.items() if hides & words
        )

    @staticmethod
    def _asked_then_denied(doc: Doc, mentions: list[Mention]) -> None:
        """ "Is it normal to be breathless when you start exercising? I'm not breathless now":
        a symptom asked about, then denied in a later sentence that asks nothing, is asked
        about, not reported."""
        sentence = doc._.sentence
        denied_later = [
            (other.symptom_id, sentence[other.start])
            for other in mentions
            if other.role == NEGATED and not in_question(doc, other.start)
        ]
        for mention in mentions:
            if (
                mention.role is None
                and in_question(doc, mention.start)
                and any(
                    symptom_id == mention.symptom_id and at > sentence[mention.start]
                    for symptom_id, at in denied_later
                )
            ):
                mention.role = HYPOTHETICAL_ROLE

    def anaphoric_denials(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Mentions for the words that point back at symptoms named before them: negated
        for a denial ("mine's normal"), present for the writer's own ("but mine is worse").

        A symptom pointed to must have been named earlier in the message with one of the
        rule's roles (someone else's, asked about), or, for a denial that may answer a
        question, as the writer's own in a question, which then becomes asked about. A
        symptom the writer also has, or already denies, gets no second mention.
        """
        if not mentions or not self.denials:
            return []
        own = {m.symptom_id for m in mentions if m.role is None}
        negated = {m.symptom_id for m in mentions if m.role == NEGATED}
        added: list[Mention] = []
        matches = [(self._denial_of[i], start, end) for i, start, end in self.denial_matcher(doc)]
        denying = {i for d, s, e in matches if d.gives == NEGATED for i in range(s, e)}
        for denial, start, end in matches:
            if not denial.followed_as_it_needs(doc, end):
                continue
            if denial.gives != NEGATED and denying.intersection(range(start, end)):
                continue  # "but mine is fine"
            before = [m for m in mentions if m.end <= start]
            pointed = [
                m
                for m in before
                if m.role in denial.roles
                or (denial.asked and m.role is None and in_question(doc, m.start))
                or (denial.disputes and m.role is None and self._disputed(doc, m, denial.disputes))
            ]
            if denial.points_to == "last":
                pointed = pointed[-1:]
            if denial.contrasts:
                for mention in before:
                    if mention.role is None and self._set_aside_family(mention):
                        mention.role = OTHER_PERSON  # "my brother's arm swelled, mine's fine"
                        own.discard(mention.symptom_id)
                        if denial.points_to == "last":
                            pointed = [mention]
            if denial.gives != NEGATED:
                for mention in pointed:
                    if mention.symptom_id not in own:
                        own.add(mention.symptom_id)
                        added.append(self._anaphor(mention.symptom_id, start, end, None))
                continue
            for mention in pointed:
                if mention.role is None:
                    if sum(1 for m in mentions if m.symptom_id == mention.symptom_id) > 1:
                        continue  # said again elsewhere: the writer may well have it
                    mention.role = HYPOTHETICAL_ROLE
                    own.discard(mention.symptom_id)
                if mention.symptom_id in own | negated:
                    continue
                negated.add(mention.symptom_id)
                added.append(self._anaphor(mention.symptom_id, start, end, NEGATED))
        return added

    @staticmethod
    def _disputed(doc: Doc, mention: Mention, words: frozenset[str]) -> bool:
        """Whether one of `words` ("thinks", "says") is among the four words before the
        mention, in its sentence: someone else's view of the writer."""
        sentence = doc._.sentence
        return any(
            doc[i].lower_ in words and sentence[i] == sentence[mention.start]
            for i in range(max(0, mention.start - 4), mention.start)
        )

    @staticmethod
    def _anaphor(symptom_id: str, start: int, end: int, role: str | None) -> Mention:
        """A mention of a symptom at words that point back at it ("mine", "none of those")."""
        return Mention(
            symptom_id=symptom_id,
            start=start,
            end=end,
            anchor=(start, end),
            core=frozenset(range(start, end)),
            kind="inherited",
            negated=role == NEGATED,
            role=role,
        )

    def _set_aside_family(self, mention: Mention) -> bool:
        """Whether a relative's cue reached the mention but was set aside (a carer)."""
        return id(mention) in self._family_cover

    def _asks_or_supposes(self, doc: Doc, mention: Mention) -> bool:
        """Whether the mention's sentence has a word that asks or supposes ("could", "if",
        "what"): without one, a "?" alone makes no question of a report."""
        sentence = doc._.sentence
        home = sentence[mention.start]
        return any(
            t.lower_.replace("’", "'") in self.question_words for t in doc if sentence[t.i] == home
        )

    def _now_said(self, doc: Doc) -> set[int]:
        """The sentences with a word of context.yml's ``going_on_now`` ("right now", "today")."""
        return {doc._.sentence[start] for _, start, _ in self.now_matcher(doc)}

    @staticmethod
    def _going_on_now(doc: Doc, mention: Mention, now_sentences: set[int]) -> bool:
        """Whether a symptom is told as going on ("is coughing", "are still bleeding", "...
        right now", "... today": a sentence of `now_sentences`); "since her surgery in the
        nineties" is a long story, not this."""
        return doc._.sentence[mention.start] in now_sentences or (
            mention.start > 0
            and doc[mention.start - 1].lower_ in PROGRESSIVE_WORDS
            and doc[mention.start].lower_.endswith("ing")
        )

    @staticmethod
    def _now_sentences(doc: Doc) -> set[int]:
        """Sentences that say "now" (a HISTORICAL terminate cue: "tonight", "since", "still"):
        the learned fallback never makes a symptom said there past or someone else's."""
        sentence = doc._.sentence
        return {
            sentence[c.start]
            for c in doc._.context_cues or ()
            if c.rule.direction == "terminate" and HISTORICAL in c.rule.terminates
        }

    def learned_role(self, doc: Doc, mention: Mention) -> str | None:
        """The learned fallback's role for a mention no rule decided (None: present).

        It reads the mention's sentence, at most LEARNED_REACH tokens either side, so a
        long message costs no more per mention than a short one.
        """
        assert self.role_model is not None
        sentence = doc._.sentence
        home = sentence[mention.start]
        start, end = mention.start, mention.end
        low = max(0, mention.start - LEARNED_REACH)
        high = min(len(doc), mention.end + LEARNED_REACH)
        while start > low and sentence[start - 1] == home:
            start -= 1
        while end < high and sentence[end] == home:
            end += 1
        words = [t.text for t in doc[start:end]]
        features = mention_features(words, mention.start - start, mention.end - start)
        return self.role_model.decide(features)


def _is_number(word: str) -> bool:
    """A reading such as "38.3" or "101" (a decimal point or comma allowed)."""
    return bool(re.fullmatch(r"\d+(?:[.,]\d+)?", word))


def role_of(mention: Mention, categories: set[str]) -> str | None:
    """The one role of a mention: other_person > hypothetical > negated > past > present."""
    if FAMILY in categories:
        return OTHER_PERSON
    if HYPOTHETICAL in categories:
        return HYPOTHETICAL_ROLE
    if mention.negated and not mention.resolved:
        return NEGATED
    if mention.resolved or HISTORICAL in categories or RESOLVED in categories:
        return PAST
    return None


@Language.factory(
    "symptom_nlu_context", default_config={"resources": "", "learned_fallback": True}
)
def make_context(nlp: Language, name: str, resources: str, learned_fallback: bool) -> ContextScope:
    register_extensions()
    return ContextScope(nlp, name, resources, learned_fallback)
