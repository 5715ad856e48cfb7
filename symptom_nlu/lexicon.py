"""Loading the symptom lexicon and the negation cues from their YAML data files.

The files live in ``symptom_nlu/resources/<lang>/`` and are documented at their top. This
module only reads and checks them; turning phrases into spaCy patterns is done in
the components (``symptom_nlu.components``) so that phrases are tokenised exactly like user text.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from symptom_nlu.plain_yaml import load_plain_yaml

RESOURCES_DIR = Path(__file__).parent / "resources"
DEFAULT_LANGUAGE = "en"

FINDING = "finding"
LOCATION = "location"

_GROUP = re.compile(r"\(([^()]*)\)")
_MAX_VARIANTS = 20_000  # a phrase that would expand to more is an error


class LexiconError(ValueError):
    """The lexicon or negation file does not follow its documented schema."""


def expand_phrase(phrase: str) -> list[str]:
    """Expands the ``(a|b c|)`` alternatives of a lexicon phrase into plain phrases.

    An empty alternative makes the group optional. Hyphenated words also come back
    written apart and written together ("light-headed", "light headed", "lightheaded").
    """
    depth = 0
    for char in phrase:
        depth = max(0, depth + {"(": 1, ")": -1}.get(char, 0))
        if depth > 1:
            # "(up|into (my|her) head)" would expand to broken phrases that match nothing
            raise LexiconError(f"'{phrase[:60]}...': a group cannot hold another group")
    parts = _GROUP.split(phrase)
    # split() alternates literal text and group contents: even = literal, odd = group
    choices = [[part] if i % 2 == 0 else part.split("|") for i, part in enumerate(parts)]
    if math.prod(len(c) for c in choices) > _MAX_VARIANTS:
        raise LexiconError(f"'{phrase[:60]}...' expands to over {_MAX_VARIANTS} phrases: split it")
    variants: list[str] = []
    for combo in itertools.product(*choices):
        text = " ".join("".join(combo).split())
        if not text:
            continue
        variants.append(text)
        if re.search(r"\w-\w", text):
            variants.append(re.sub(r"(?<=\w)-(?=\w)", " ", text))
            variants.append(re.sub(r"(?<=\w)-(?=\w)", "", text))
    return list(dict.fromkeys(variants))


def expand_phrases(phrases: Iterable[str]) -> list[str]:
    """Expands every phrase of a list, keeping first-seen order and dropping duplicates."""
    out: list[str] = []
    for phrase in phrases:
        out.extend(expand_phrase(str(phrase)))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class WordClass:
    """A finding class (LUMP, PAIN ...) or a body-location class (ARMPIT, BACK ...)."""

    name: str
    kind: str
    terms: tuple[str, ...]
    exact: tuple[str, ...] = ()
    default: str | None = None
    # a place word that only points ("the left one") is not this place when a word of these
    # classes is in its clause ("my leg is swollen, the left one")
    unless_near: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairRule:
    """A finding class and a location class in one clause mean ``symptom``."""

    finding: str
    location: str
    symptom: str
    max_gap: int
    unless_near: tuple[str, ...] = ()


@dataclass(frozen=True)
class Blocker:
    """A phrase inside which listed classes/symptoms (or everything) are not symptoms.

    ``first_word``: it also blocks a mention that only begins inside it ("called in sick"
    blocks "sick twice today"), so the phrase need not repeat the mention's tail."""

    phrase: str
    only: frozenset[str] = frozenset()
    exact: bool = False
    first_word: bool = False


@dataclass(frozen=True)
class SymptomEntry:
    symptom_id: str
    terms: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    priority: int = 0


@dataclass(frozen=True)
class Lexicon:
    symptoms: dict[str, SymptomEntry]
    classes: dict[str, WordClass]
    pairs: tuple[PairRule, ...]
    blockers: tuple[Blocker, ...]
    known_words: frozenset[str]
    lemma_exceptions: dict[str, str] = field(default_factory=dict)
    misspellings: dict[str, str] = field(default_factory=dict)
    max_gap: int = 6
    default_gap: int = 4
    inherit_gap: int = 5
    # a body function said to be fine denies its symptom: "my waterworks are fine"
    denied_as_fine: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def symptom_ids(self) -> frozenset[str]:
        """Every symptom id the lexicon can find: its symptoms, pair rules and class defaults.

        The knowledge base's ids are the one list: the action server checks at load that
        these are exactly those (actions.config.knowledge).
        """
        defaults = {c.default for c in self.classes.values() if c.default}
        return frozenset(self.symptoms) | frozenset(rule.symptom for rule in self.pairs) | defaults

    def priority(self, symptom_id: str) -> int:
        entry = self.symptoms.get(symptom_id)
        return entry.priority if entry else 0

    def all_phrases(self) -> list[str]:
        """Every expanded phrase in the lexicon (for the typo-correction vocabulary)."""
        phrases: list[str] = []
        for entry in self.symptoms.values():
            phrases += expand_phrases(entry.terms) + expand_phrases(entry.exact)
        for word_class in self.classes.values():
            phrases += expand_phrases(word_class.terms) + expand_phrases(word_class.exact)
        return phrases


@dataclass(frozen=True)
class NegationCues:
    pre: tuple[str, ...]
    post: tuple[str, ...]
    post_final: tuple[str, ...]
    post_final_followers: frozenset[str]
    pseudo: tuple[str, ...]
    scope_cancellers: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    terminators: tuple[str, ...]
    sentence_ends: frozenset[str]
    coordinators: frozenset[str]
    personal_openers: frozenset[str]
    other_openers: frozenset[str]
    denial_openers: frozenset[str]
    coordination_fillers: frozenset[str]
    cause_denials: frozenset[str]
    cause_denial_fillers: frozenset[str]
    cause_question_fillers: frozenset[str]
    max_scope_tokens: int = 7
    resolution: tuple[str, ...] = ()
    pseudo_exact: tuple[str, ...] = ()  # matched on the words as written, not their NORM
    answer_punctuation: frozenset[str] = frozenset()
    negating_first_words: frozenset[str] = frozenset()
    anaphors: frozenset[str] = frozenset()
    post_subjects: frozenset[str] = frozenset()
    reaffirmations: tuple[str, ...] = ()
    reaffirm_reach: int = 15
    extra: dict[str, Any] = field(default_factory=dict)


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise LexiconError(f"{where}: expected a list of phrases")
    return [str(v) for v in value]


def _read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        try:
            data = load_plain_yaml(handle)
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def resource_path(filename: str, resources: str | Path | None = None) -> Path:
    """The path of a resource file: ``resources`` may be a directory or a language code."""
    if resources is None or str(resources) == "":
        base = RESOURCES_DIR / DEFAULT_LANGUAGE
    else:
        base = Path(resources)
        if not base.is_dir():
            base = RESOURCES_DIR / str(resources)
    return base / filename


@functools.lru_cache(maxsize=8)
def load_lexicon(resources: str | None = None) -> Lexicon:
    """Reads and checks ``lexicon.yml`` (cached per process)."""
    path = resource_path("lexicon.yml", resources)
    data = _read_yaml(path)
    settings = data.get("settings") or {}

    classes: dict[str, WordClass] = {}
    for name, spec in (data.get("classes") or {}).items():
        spec = spec or {}
        kind = spec.get("kind")
        if kind not in (FINDING, LOCATION):
            raise LexiconError(f"class {name}: kind must be '{FINDING}' or '{LOCATION}'")
        classes[name] = WordClass(
            name=name,
            kind=kind,
            terms=tuple(_as_list(spec.get("terms"), f"class {name}")),
            exact=tuple(_as_list(spec.get("exact"), f"class {name}")),
            default=spec.get("default"),
            unless_near=tuple(_as_list(spec.get("unless_near"), f"class {name}")),
        )
    for word_class in classes.values():
        for name in word_class.unless_near:
            if name not in classes:
                raise LexiconError(
                    f"class {word_class.name}: unless_near names unknown class {name}"
                )

    symptoms: dict[str, SymptomEntry] = {}
    for symptom_id, spec in (data.get("symptoms") or {}).items():
        spec = spec or {}
        symptoms[symptom_id] = SymptomEntry(
            symptom_id=symptom_id,
            terms=tuple(_as_list(spec.get("terms"), f"symptom {symptom_id}")),
            exact=tuple(_as_list(spec.get("exact"), f"symptom {symptom_id}")),
            priority=int(spec.get("priority", 0)),
        )

    default_max_gap = int(settings.get("max_gap", 6))
    pairs: list[PairRule] = []
    for i, spec in enumerate(data.get("pairs") or []):
        findings = _as_list(spec.get("finding"), f"pair {i}")
        locations = _as_list(spec.get("location"), f"pair {i}")
        symptom = spec.get("symptom")
        if not findings or not locations or not symptom:
            raise LexiconError(f"pair {i}: needs finding, location and symptom")
        unless = tuple(_as_list(spec.get("unless_near"), f"pair {i}"))
        for name in unless:
            if name not in classes:
                raise LexiconError(f"pair {i}: unless_near names unknown class {name}")
        for finding, location in itertools.product(findings, locations):
            if classes.get(finding, WordClass("", "", ())).kind != FINDING:
                raise LexiconError(f"pair {i}: {finding} is not a finding class")
            if classes.get(location, WordClass("", "", ())).kind != LOCATION:
                raise LexiconError(f"pair {i}: {location} is not a location class")
            pairs.append(
                PairRule(
                    finding=finding,
                    location=location,
                    symptom=str(symptom),
                    max_gap=int(spec.get("max_gap", default_max_gap)),
                    unless_near=unless,
                )
            )

    blockers: list[Blocker] = []
    for i, spec in enumerate(data.get("not_symptoms") or []):
        if isinstance(spec, str):
            blockers.append(Blocker(phrase=spec))
        elif isinstance(spec, dict) and "phrase" in spec:
            blockers.append(
                Blocker(
                    phrase=str(spec["phrase"]),
                    only=frozenset(_as_list(spec.get("only"), f"not_symptoms {i}")),
                    exact=bool(spec.get("exact", False)),
                    first_word=bool(spec.get("first_word", False)),
                )
            )
        else:
            raise LexiconError(f"not_symptoms {i}: expected a phrase or {{phrase, only}}")

    lexicon = Lexicon(
        symptoms=symptoms,
        classes=classes,
        pairs=tuple(pairs),
        blockers=tuple(blockers),
        known_words=frozenset(w.lower() for w in _as_list(data.get("known_words"), "known")),
        lemma_exceptions={
            str(k).lower(): str(v).lower() for k, v in (data.get("lemma_exceptions") or {}).items()
        },
        misspellings={
            str(k).lower(): str(v).lower() for k, v in (data.get("misspellings") or {}).items()
        },
        max_gap=default_max_gap,
        default_gap=int(settings.get("default_gap", 4)),
        inherit_gap=int(settings.get("inherit_gap", 5)),
        denied_as_fine={
            str(symptom_id): tuple(_as_list(phrases, f"denied_as_fine {symptom_id}"))
            for symptom_id, phrases in (data.get("denied_as_fine") or {}).items()
        },
    )
    _check_ids(lexicon)
    return lexicon


def _check_ids(lexicon: Lexicon) -> None:
    # Whether the symptom ids are the knowledge base's is checked where both are loaded
    # (actions.config.knowledge); here only the names the not_symptoms entries use.
    names = set(lexicon.classes) | lexicon.symptom_ids
    for blocker in lexicon.blockers:
        if blocker.only - names:
            raise LexiconError(f"not_symptoms '{blocker.phrase}': unknown {blocker.only - names}")
    for symptom_id in lexicon.denied_as_fine:
        if symptom_id not in lexicon.symptom_ids:
            raise LexiconError(f"denied_as_fine: unknown symptom id {symptom_id}")


@functools.lru_cache(maxsize=8)
def load_negation(resources: str | None = None) -> NegationCues:
    """Reads and checks ``negation.yml`` (cached per process)."""
    path = resource_path("negation.yml", resources)
    data = _read_yaml(path)
    openers = data.get("clause_openers") or {}

    def words(key: str, source: dict[str, Any] = data) -> frozenset[str]:
        return frozenset(w.lower() for w in _as_list(source.get(key), key))

    return NegationCues(
        pre=tuple(_as_list(data.get("pre"), "pre")),
        post=tuple(_as_list(data.get("post"), "post")),
        post_final=tuple(_as_list(data.get("post_final"), "post_final")),
        post_final_followers=words("post_final_followers"),
        pseudo=tuple(_as_list(data.get("pseudo"), "pseudo")),
        scope_cancellers=tuple(_as_list(data.get("scope_cancellers"), "scope_cancellers")),
        clause_breaks=tuple(_as_list(data.get("clause_breaks"), "clause_breaks")),
        terminators=tuple(_as_list(data.get("terminators"), "terminators")),
        sentence_ends=words("sentence_ends"),
        coordinators=words("coordinators"),
        personal_openers=words("personal", openers),
        other_openers=words("other", openers),
        denial_openers=words("denial", openers),
        coordination_fillers=words("coordination_fillers"),
        cause_denials=words("cause_denials"),
        cause_denial_fillers=words("cause_denial_fillers"),
        cause_question_fillers=words("cause_question_fillers"),
        max_scope_tokens=int(data.get("max_scope_tokens", NegationCues.max_scope_tokens)),
        resolution=tuple(_as_list(data.get("resolution"), "resolution")),
        pseudo_exact=tuple(_as_list(data.get("pseudo_exact"), "pseudo_exact")),
        answer_punctuation=words("answer_punctuation"),
        negating_first_words=words("negating_first_words"),
        anaphors=words("anaphors"),
        post_subjects=words("post_subjects"),
        reaffirmations=tuple(_as_list(data.get("reaffirmations"), "reaffirmations")),
        reaffirm_reach=int(data.get("reaffirm_reach", NegationCues.reaffirm_reach)),
    )


@functools.lru_cache(maxsize=32)
def load_word_lists(filename: str, resources: str | None = None) -> dict[str, Any]:
    """A component's English word lists (``normalizer.yml``, ``durations.yml`` ...), as read.

    Callers copy what they need into frozensets; the returned mapping is shared (cached).
    """
    return _read_yaml(resource_path(filename, resources))


def flattened(value: Any) -> Any:
    """YAML data with every list's nested lists spliced in, so that a list written once can be
    shared by an anchor: ``[*recent_event, *event_over]``, ``[*line_names, 'central line']``."""
    if isinstance(value, dict):
        return {key: flattened(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        flat: list[Any] = []
        for item in value:
            item = flattened(item)
            flat.extend(item if isinstance(item, list) else [item])
        return flat
    return value


def word_set(values: Any, where: str) -> frozenset[str]:
    """A YAML list of words as a lower-cased frozenset."""
    return frozenset(w.lower() for w in _as_list(values, where))
