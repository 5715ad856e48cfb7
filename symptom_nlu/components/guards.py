"""``symptom_nlu_guards``: symptom-like words explained by an everyday cause are not symptoms.

"legs killing me after leg day", "bloated after Christmas dinner", "blurry when I take my
glasses off", "the numbness from the dentist's injection", "my cat has a lump": the words
match a symptom, but what the sentence says around them explains them as something the
contract does not count. Each guard family of ``resources/en/guards.yml`` names its cue
phrases, the symptom ids it explains, and how far it reaches (its clause or its sentence, at
most ``max_distance`` tokens from the mention). A mention a family explains is dropped, so it
is neither present nor given a role. A cause the sentence denies explains nothing: "a deep
boring ache, not muscular" keeps its bone pain (``cause_denials`` of negation.yml).

Families are data; ``tests/test_symptom_guards.py`` has a test per family.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc, Span

from symptom_nlu.components.types import (
    PhraseComponent,
    cause_denied,
    in_question,
    phrase_docs,
    register_extensions,
)
from symptom_nlu.lexicon import (
    LexiconError,
    expand_phrases,
    load_negation,
    load_word_lists,
    word_set,
)

SCOPES = ("clause", "sentence")


@dataclass(frozen=True)
class GuardFamily:
    name: str
    explains: frozenset[str]
    scope: str
    max_distance: int
    attr: str
    before_only: bool = False
    after_only: bool = False
    not_across: frozenset[str] = frozenset()
    not_in_question: bool = False


def load_guard_families(resources: str = "") -> tuple[tuple[GuardFamily, list[str]], ...]:
    """The families of ``guards.yml`` with their (unexpanded) cue phrases."""
    data = load_word_lists("guards.yml", resources or None)
    default_distance = int(data.get("max_distance", 12))
    out = []
    for spec in data.get("families") or []:
        name = str(spec.get("name") or "")
        scope = str(spec.get("scope", "sentence")).lower()
        attr = str(spec.get("attr", "NORM")).upper()
        explains = frozenset(str(s) for s in spec.get("explains") or ())
        cues = [str(c) for c in spec.get("cues") or ()]
        if not name or not explains or not cues:
            raise LexiconError(f"guard family {name!r}: needs a name, explains and cues")
        if scope not in SCOPES or attr not in ("LOWER", "NORM"):
            raise LexiconError(f"guard family {name!r}: scope {SCOPES}, attr LOWER or NORM")
        before_only = spec.get("before_only", False)
        after_only = spec.get("after_only", False)
        not_in_question = spec.get("not_in_question", False)
        if not all(isinstance(flag, bool) for flag in (before_only, after_only, not_in_question)):
            raise LexiconError(
                f"guard family {name!r}: before_only / after_only / not_in_question: true or false"
            )
        family = GuardFamily(
            name,
            explains,
            scope,
            int(spec.get("max_distance", default_distance)),
            attr,
            before_only,
            after_only,
            word_set(spec.get("not_across"), f"guard family {name} not_across"),
            not_in_question,
        )
        out.append((family, cues))
    return tuple(out)


class SymptomGuards(PhraseComponent):
    """Drops the mentions a guard family explains (see module doc)."""

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        self.families = load_guard_families(resources)
        self.negation = load_negation(resources or None)
        self._family_of: dict[int, GuardFamily] = {}
        self._ready = False

    def build(self, nlp: Language) -> None:
        norm = self.phrase_matchers(nlp)
        for i, (family, cues) in enumerate(self.families):
            key = nlp.vocab.strings.add(f"GUARD|{i}")
            self._family_of[key] = family
            phrases = expand_phrases(cues)
            if family.attr == "NORM":
                self.norm_matcher.add(f"GUARD|{i}", phrase_docs(nlp, phrases, norm))
            else:
                self.lower_matcher.add(f"GUARD|{i}", phrase_docs(nlp, phrases, None))
        self._ready = True

    def explained(self, doc: Doc) -> list[tuple[GuardFamily, int, int]]:
        """Every guard cue in the text: (family, start, end)."""
        return [
            (self._family_of[match_id], start, end)
            for matcher in (self.lower_matcher, self.norm_matcher)
            for match_id, start, end in matcher(doc)
        ]

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            raise RuntimeError("symptom_nlu_guards is not initialised: call nlp.initialize()")
        mentions = doc._.symptom_mentions or []
        if not mentions:
            return doc
        cues = [
            (family, start, end)
            for family, start, end in self.explained(doc)
            if not cause_denied(doc, start, end, self.negation)
        ]
        if not cues:
            return doc
        sentence, clause = doc._.sentence, doc._.scope_clause
        kept = []
        for mention in mentions:
            last = max(mention.start, mention.end - 1)
            guarded = False
            for family, start, end in cues:
                if mention.symptom_id not in family.explains:
                    continue
                unit = clause if family.scope == "clause" else sentence
                if unit[start] not in (unit[mention.start], unit[last]):
                    continue
                if family.before_only and start >= mention.start:
                    continue
                if family.after_only and start < mention.end:
                    continue  # "hot one minute and cold the next": the unit is the phrase's own
                distance = max(start - mention.end, mention.start - end, 0)
                between: Iterable[int] = range(min(end, mention.end), max(start, mention.start))
                if start >= mention.end:
                    # a cue after the mention: what its unit said before it counts too ("my
                    # skin has gone a bit yellow like the leaves" names the skin)
                    first = mention.start
                    while first > 0 and unit[first - 1] == unit[mention.start]:
                        first -= 1
                    between = chain(range(first, mention.start), between)
                if mention.start <= start < mention.end:
                    # a cue inside the mention's own words: "my eyes have gone the colour of
                    # custard" names the eyes before the custard
                    between = range(mention.start, start)
                if family.not_across and any(doc[i].lower_ in family.not_across for i in between):
                    continue  # "in the photo my eyes look yellow": the writer's own eyes
                if family.not_in_question and in_question(doc, start):
                    continue  # "is a headache like this normal?" asks about a real headache
                if distance <= family.max_distance:
                    guarded = True
                    break
            if not guarded:
                kept.append(mention)
        if len(kept) != len(mentions):
            doc._.symptom_mentions = kept
            doc.spans["symptoms"] = [Span(doc, m.start, m.end, label=m.symptom_id) for m in kept]
        return doc


@Language.factory("symptom_nlu_guards", default_config={"resources": ""})
def make_guards(nlp: Language, name: str, resources: str) -> SymptomGuards:
    register_extensions()
    return SymptomGuards(nlp, name, resources)
