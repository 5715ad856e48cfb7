"""How a symptom presents, cancer treatment and breast-cancer history, found in a message.

    >>> [(m.entity, m.value, m.role) for m in find_person_mentions(
    ...     "I'm on chemo and my back hurts at night")]
    [('treatment', 'chemotherapy', None), ('feature', 'night_pain', None)]

Three entities of the contract (docs/contract.md; names in symptom_checker/vocabulary.py):
- `feature`: how a symptom presents, one of a closed list (FEATURES in
  symptom_checker/triage.py, which the red-flag rules read);
- `treatment`: cancer treatment now or in the last six weeks; role `past` when finished long
  ago, `negated` when they say they are not on it;
- `cancer_history`: `breast_cancer` when the person says they have (had) breast cancer; role
  `negated` ("never had cancer") or `other_person` (a relative's).

The words are data (resources/en/features.yml); this module only reads them with regular
expressions, so it needs no spaCy and costs little on every message. `attach_features`
then says which symptom each feature describes, and `treatment_answer` what the treatment
mentions mean for the triage ("yes", "no" or unknown).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from symptom_checker.vocabulary import (
    CANCER_HISTORY_ENTITY,
    FEATURE_ENTITY,
    NEGATED_ROLE,
    OTHER_PERSON_ROLE,
    PAST_ROLE,
    READS_AS_EMERGENCY,
    TREATMENT_ENTITY,
)
from symptom_nlu.lexicon import flattened
from symptom_nlu.reading import reading_text, user_span

FEATURES_FILE = Path(__file__).resolve().parent / "resources" / "en" / "features.yml"

FEATURE = FEATURE_ENTITY
TREATMENT = TREATMENT_ENTITY
CANCER_HISTORY = CANCER_HISTORY_ENTITY
BREAST_CANCER = "breast_cancer"
PAST = PAST_ROLE
NEGATED = NEGATED_ROLE
OTHER_PERSON = OTHER_PERSON_ROLE
# Features that belong to no symptom of their message (attach_features).
ANY_SYMPTOM = "*"

# The treatments that make a temperature an emergency (the contract: chemotherapy, targeted
# therapy, immunotherapy or radiotherapy in the last six weeks, or steroids). Hormone
# therapy such as tamoxifen and past surgery do not; an unnamed "treatment" does, to be safe.
QUALIFYING_TREATMENTS = frozenset(
    {"chemotherapy", "radiotherapy", "immunotherapy", "targeted_therapy", "steroids", "treatment"}
)

# Where a clause ends: the context of a mention is looked for inside its clause only.
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]|,|\bbut\b|\bhowever\b|\balthough\b|\bthough\b")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# The words right before a treatment that make it current ("on chemo", "since my chemo").
_CURRENT_BEFORE = re.compile(
    r"\b(?:on|having|getting|receiving|during|since|mid|between|started|start of|post|"
    r"still on|currently)\s+(?:my |the |a |some |\w+ )?"
    # the later treatments of a list: "on letrozole and palbociclib" (session 9)
    r"(?:[\w-]+(?: \([\w -]+\))?,? (?:and|plus|with|&) (?:my |the |some )?)?$"
)
# ... unless said of a time gone by: "the same rules as when I was on chemo?" (validation acute
# set 17, read; session 41)
_WAS_ON_BEFORE = re.compile(
    r"\b(?:when|while|back when|as when) (?:i|she|he|we|they|you) (?:was|were) "
    r"(?:on|having|getting|receiving|doing|going through) (?:my |the |her |his |a |some )?$"
)
# A relative's treatment the writer shares: "my friend is on tamoxifen and so am I".
_ME_TOO = re.compile(
    r"\W*(?:and |as )?(?:so am i|so do i|me too|as am i|i am too|i'm on it too)\b"
)
# "after my treatment": finished, but when is unknown, so the question is asked.
_AFTER_BEFORE = re.compile(r"\bafter (?:my |the |all |her |his )?(?:\w+ ){0,2}$")
# "... and since last night I've felt hot": a new statement joined by "and" whose time is the
# symptom's, not the treatment's (session 17)
_AND_NEW_STATEMENT = re.compile(
    r"\band (?=(?:since|now|today|tonight|yesterday|this|last night"
    r"|i\b|i'|i’|she\b|she'|he\b|he'|they\b|they'|we\b|we'))"
)
# "had chemo" with no time: whether it is current is unknown, so the question is asked.
_UNDATED_BEFORE = re.compile(r"\b(?:had|have had|'ve had|went through|did)\s+(?:my |some |\w+ )?$")
NEGATION_WINDOW_WORDS = 4


@dataclass(frozen=True)
class PersonMention:
    """A feature, treatment or history said in the text; start/end are character offsets."""

    entity: str
    value: str
    start: int
    end: int
    text: str
    role: str | None = None

    def as_entity(self, extractor: str) -> dict[str, Any]:
        """The Rasa entity dict of this mention."""
        entity: dict[str, Any] = {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "extractor": extractor,
            "confidence_entity": 1.0,
        }
        if self.role:
            entity["role"] = self.role
        return entity


@dataclass(frozen=True)
class _Resources:
    negation: re.Pattern[str]
    negation_pseudo: re.Pattern[str]
    negation_after: re.Pattern[str]
    features: tuple[tuple[str, re.Pattern[str]], ...]
    treatments: tuple[tuple[str, re.Pattern[str]], ...]
    context: Mapping[str, re.Pattern[str]]
    history: re.Pattern[str]
    history_by_treatment: re.Pattern[str]
    history_negated: re.Pattern[str]
    history_other: re.Pattern[str]
    history_hypothetical: re.Pattern[str]


# An apostrophe inside a character class ("[\w']") would be widened into a broken class.
_APOSTROPHE_IN_CLASS = re.compile(r"\[[^\]]*'")


def _alternatives(patterns: Iterable[str]) -> str:
    """One alternation of `patterns`, each "'" widened to also match "’"."""
    patterns = list(patterns)
    for pattern in patterns:
        if _APOSTROPHE_IN_CLASS.search(pattern):
            raise ValueError(f"write (?:'\\w+)? rather than an apostrophe in [...]: {pattern}")
    return "|".join(f"(?:{p.replace(chr(39), '[' + chr(39) + '’]')})" for p in patterns)


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive; "'" also matches "’"."""
    return re.compile(rf"(?<![\w])(?:{_alternatives(patterns)})(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _feature_data(path: Path = FEATURES_FILE) -> dict[str, Any]:
    """features.yml, parsed once per process (every reader below takes its part)."""
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = flattened(yaml.safe_load(handle))
    return data


@functools.lru_cache(maxsize=4)
def load_resources(path: Path = FEATURES_FILE) -> _Resources:
    data = _feature_data(path)
    context = data["treatment_context"]
    history = data["cancer_history"]
    treatment_words = _alternatives(
        pattern for kind in history["treatment_kinds"] for pattern in data["treatments"][kind]
    )
    return _Resources(
        negation=_words(data["negation_cues"]),
        negation_pseudo=_words(data["negation_pseudo"]),
        negation_after=re.compile(
            rf"^\W*(?:{_alternatives(data['negation_after_cues'])})(?![\w])", re.IGNORECASE
        ),
        features=tuple((value, _words(patterns)) for value, patterns in data["features"].items()),
        treatments=tuple(
            (value, _words(patterns)) for value, patterns in data["treatments"].items()
        ),
        context={kind: _words(patterns) for kind, patterns in context.items()},
        history=_words(history["patterns"]),
        history_by_treatment=_words(
            pattern.replace("{treatment}", treatment_words)
            for pattern in history["treatment_patterns"]
        ),
        history_negated=_words(history["negated"]),
        history_other=_words(history["other_person"]),
        history_hypothetical=_words(history["hypothetical"]),
    )


def feature_values(path: Path = FEATURES_FILE) -> tuple[str, ...]:
    return tuple(value for value, _ in load_resources(path).features)


# --- Finding mentions ------------------------------------------------------------------------


def find_person_mentions(
    text: str, path: Path = FEATURES_FILE, about_a_relative: bool = False
) -> list[PersonMention]:
    """Every feature, treatment and cancer-history mention in `text`, in text order.

    Negated features and treatments that have not started or are someone else's are left
    out; the others carry their role. `about_a_relative`: the message is a carer's report
    about the relative they look after (every symptom it tells is the relative's), so a
    relative's treatment ("my sister had her immunotherapy last week") is the patient's.
    """
    resources = load_resources(path)
    reading, offsets = reading_text(text)
    lowered = reading.lower()
    mentions: list[PersonMention] = []
    for value, pattern in resources.features:
        for match in pattern.finditer(lowered):
            if not _negated_before(lowered, match.start(), resources) and not _negated_after(
                lowered, match.end(), resources
            ):
                mentions.append(_mention(FEATURE, value, match, reading))
    taken: list[tuple[int, int]] = []
    for value, pattern in resources.treatments:
        for match in pattern.finditer(lowered):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue  # "targeted therapy" is not also an unnamed "treatment"
            role = _treatment_role(
                lowered, match.start(), match.end(), resources, about_a_relative
            )
            if role is not False:
                taken.append((match.start(), match.end()))
                mentions.append(_mention(TREATMENT, value, match, reading, role))
    mentions = _lists_share_their_date(mentions, lowered)
    for match in resources.history.finditer(lowered):
        if not _hypothetical(lowered, match.start(), match.end(), resources):
            role = _history_role(lowered, match.start(), match.end(), resources)
            mentions.append(_mention(CANCER_HISTORY, BREAST_CANCER, match, reading, role))
    for match in resources.history_by_treatment.finditer(lowered):
        if not _hypothetical(lowered, match.start(), match.end(), resources):
            role = _history_role(lowered, match.start(), match.end(), resources)
            if role == OTHER_PERSON and any(
                m.entity == TREATMENT
                and m.role is None
                and m.start < match.end()
                and match.start() < m.end
                for m in mentions
            ):
                role = None  # a carer's "Mum had radiotherapy last week": the patient's
            if role != NEGATED:  # "I've never had chemo" says nothing about a history
                mentions.append(_mention(CANCER_HISTORY, BREAST_CANCER, match, reading, role))
    kept = []
    for mention in _without_nested_duplicates(mentions):
        start, end = user_span(offsets, mention.start, mention.end)
        kept.append(dataclasses.replace(mention, start=start, end=end, text=text[start:end]))
    return sorted(kept, key=lambda m: (m.start, m.end))


def person_entities(
    text: str, extractor: str, about_a_relative: bool = False
) -> list[dict[str, Any]]:
    """The Rasa entities of `find_person_mentions(text)`."""
    found = find_person_mentions(text, about_a_relative=about_a_relative)
    return [mention.as_entity(extractor) for mention in found]


def _mention(
    entity: str, value: str, match: re.Match[str], text: str, role: str | None = None
) -> PersonMention:
    return PersonMention(
        entity, value, match.start(), match.end(), text[match.start() : match.end()], role
    )


def _without_nested_duplicates(mentions: list[PersonMention]) -> list[PersonMention]:
    """One mention per entity and value where patterns overlap ("my cancer team")."""
    kept: list[PersonMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if any(
            k.entity == mention.entity
            and k.value == mention.value
            and k.start < mention.end
            and mention.start < k.end
            for k in kept
        ):
            continue
        kept.append(mention)
    return kept


def _clause_start(text: str, position: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _clause_end(text: str, position: int) -> int:
    found = _CLAUSE_BREAK.search(text, position)
    return found.start() if found else len(text)


def _sentence_end(text: str, position: int) -> int:
    found = _SENTENCE_BREAK.search(text, position)
    return found.start() if found else len(text)


def _negated_before(text: str, start: int, resources: _Resources) -> bool:
    before = resources.negation_pseudo.sub(" ", text[_clause_start(text, start) : start])
    words = _WORD.findall(before)[-NEGATION_WINDOW_WORDS:]
    return bool(words) and resources.negation.search(" ".join(words)) is not None


def _negated_after(text: str, end: int, resources: _Resources) -> bool:
    """Whether the words right after a feature say it is no problem ("sitting down I'm
    fine"), in its clause."""
    return resources.negation_after.search(text[end : _clause_end(text, end)]) is not None


def _treatment_role(
    text: str, start: int, end: int, resources: _Resources, about_a_relative: bool = False
) -> str | None | Literal[False]:
    """None (current), "past", "negated", or False (leave out: not started, someone else's,
    or undated). `about_a_relative`: a relative's treatment is the patient's."""
    clause = text[_clause_start(text, start) : _clause_end(text, end)]
    before = text[_clause_start(text, start) : start]
    context = resources.context
    joined = _AND_NEW_STATEMENT.search(text, end, _clause_end(text, end))
    if joined:
        own = text[_clause_start(text, start) : joined.start()]
        if context["past"].search(own):
            # "finished my last chemo back in March and since last night I've felt hot": the
            # date said with the treatment is its time; the time after "and" is the symptom's
            clause = own
    if _negated_before(text, start, resources) or context["negated"].search(before):
        return NEGATED
    if context["future"].search(clause):
        return False
    after = text[end : _clause_end(text, end)]
    if (
        context["other_person"].search(before)
        and not about_a_relative
        and not _ME_TOO.match(after)
    ):
        return False
    after_cue = _AFTER_BEFORE.search(before)
    if (
        after_cue
        and not context["recent"].search(after)
        and not _counted_from(before, after_cue.start(), context["counted"])
        and not context["ongoing"].search(text[start : _sentence_end(text, end)])
    ):
        # "after my treatment" (but "after my chemo yesterday", "three days after my
        # chemo" and "after cycle 2" are current)
        return False
    if context["recent"].search(clause):
        return None
    if _dated_back(text, end, context["dated_after"]):
        return PAST  # "during my radiotherapy, but that was two years ago"
    if _WAS_ON_BEFORE.search(before):
        return PAST
    if _CURRENT_BEFORE.search(before):
        return None
    if context["past"].search(clause) or context["finished"].search(clause):
        return PAST
    if _UNDATED_BEFORE.search(before):
        return False
    return None


# Only separators between two treatments of one list: "chemo and rads", "surgery, chemo, radio"
_LIST_GAP = re.compile(
    r"^[\s,;/&+]*(?:(?:and|or|plus|then|with)\b[\s,]*)?(?:(?:the|my|her|his|some)\s+)?$"
)


def _lists_share_their_date(mentions: list[PersonMention], text: str) -> list[PersonMention]:
    """Treatments said in one list share the date said of it: "Finished all my treatment,
    chemo and rads, two years ago" dates the chemo and the rads too (closing note of
    session 37). Only a past date is shared; a list holds nothing else between its items."""
    treatments = sorted((m for m in mentions if m.entity == TREATMENT), key=lambda m: m.start)
    groups: list[list[PersonMention]] = []
    for mention in treatments:
        if groups and _LIST_GAP.match(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    past = {
        id(m)
        for group in groups
        if any(m.role == PAST for m in group)
        for m in group
        if m.role is None
    }
    return [dataclasses.replace(m, role=PAST) if id(m) in past else m for m in mentions]


def _dated_back(text: str, end: int, dated: re.Pattern[str]) -> bool:
    """Whether what follows a treatment dates it months or years back: later in its sentence
    ("chemo, it was eight months ago") or at the start of the next clause, even past a full
    stop ("I had radiotherapy. That was in 2019.")."""
    if dated.search(text[end : _sentence_end(text, end)]):
        return True
    return dated.match(text[_clause_end(text, end) :].lstrip(" ,;:.-")) is not None


def _counted_from(before: str, after_at: int, counted: re.Pattern[str]) -> bool:
    """Whether a short time counted from the treatment ends at its "after" ("three days
    after my chemo"), rather than anywhere earlier in the clause."""
    return any(m.end() > after_at for m in counted.finditer(before))


def _hypothetical(text: str, start: int, end: int, resources: _Resources) -> bool:
    """A worry or a maybe ("I might have breast cancer"), in the mention or the four words
    of its clause before it."""
    before = _WORD.findall(text[_clause_start(text, start) : start])[-NEGATION_WINDOW_WORDS:]
    said = " ".join([*before, text[start:end]])
    return resources.history_hypothetical.search(said) is not None


def _history_role(text: str, start: int, end: int, resources: _Resources) -> str | None:
    before = text[_clause_start(text, start) : end]
    if resources.history_other.search(before):
        return OTHER_PERSON
    if resources.history_negated.search(text[_clause_start(text, start) : start + 12]):
        return NEGATED
    return None


# --- What the mentions mean -----------------------------------------------------------------


def attach_features(entities: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Feature values per symptom id, for one message's entities.

    A feature belongs to the nearest symptom the person has in the same sentence; when its
    sentence names none, to every symptom of the message (it is unclear which); when the
    message names no symptom, to ANY_SYMPTOM (the caller decides: usually every symptom so
    far). The learned net's reading is of the whole message: it belongs to every symptom of
    the message, and to no symptom told later.
    """
    text_end = max((int(e.get("end") or 0) for e in entities), default=0)
    symptoms = [
        e
        for e in entities
        if e.get("entity") == "symptom" and not e.get("role") and e.get("value")
    ]
    attached: dict[str, list[str]] = {}
    for feature in (e for e in entities if e.get("entity") == FEATURE and not e.get("role")):
        value = str(feature["value"])
        if value == READS_AS_EMERGENCY:
            targets = list(dict.fromkeys(str(s["value"]) for s in symptoms))
        else:
            targets = _nearest_symptoms(feature, symptoms, text_end)
        for target in targets or [ANY_SYMPTOM]:
            found = attached.setdefault(target, [])
            if value not in found:
                found.append(value)
    return attached


def _nearest_symptoms(
    feature: Mapping[str, Any], symptoms: Sequence[Mapping[str, Any]], text_end: int
) -> list[str]:
    if not symptoms:
        return []
    sentence = feature.get("sentence")
    same = [s for s in symptoms if sentence is None or s.get("sentence") == sentence]
    if not same:
        return list(dict.fromkeys(str(s["value"]) for s in symptoms))
    start, end = int(feature.get("start") or 0), int(feature.get("end") or 0)

    def gap(symptom: Mapping[str, Any]) -> int:
        s_start, s_end = int(symptom.get("start") or 0), int(symptom.get("end") or 0)
        return max(s_start - end, start - s_end, 0)

    nearest = min(gap(s) for s in same)
    return list(dict.fromkeys(str(s["value"]) for s in same if gap(s) == nearest))


def message_features(text: str, entities: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Feature values per symptom id for one message as the assistant reads it: each feature
    goes to the nearest symptom of its own sentence (attach_features over mark_sentences)."""
    return attach_features(mark_sentences(text, entities))


def mark_sentences(text: str, entities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of `entities` with the index of the sentence each starts in (for attaching)."""
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    marked = []
    for entity in entities:
        start = int(entity.get("start") or 0)
        marked.append({**entity, "sentence": sum(1 for b in breaks if b <= start)})
    return marked


def treatment_answer(entities: Iterable[Mapping[str, Any]]) -> str | None:
    """ "yes" when a qualifying treatment is current, "no" when they say they are not on
    treatment (or finished long ago), None when the message does not say."""
    current = set()
    finished = set()
    for entity in entities:
        if entity.get("entity") != TREATMENT:
            continue
        value, role = entity.get("value"), entity.get("role")
        if value not in QUALIFYING_TREATMENTS:
            continue
        if role in (NEGATED, PAST):
            finished.add(value)
        elif not role:
            current.add(value)
    if current:
        return "yes"
    if finished:
        return "no"
    return None


def treatment_in_a_question(text: str, path: Path = FEATURES_FILE) -> str | None:
    """ "yes" when a message read as a question about the disease still says the person is on
    a qualifying treatment ("is it normal to feel tired on Enhertu?"), else None.

    The understanding layer leaves out the person's words of a question (a question about
    chemotherapy is not a report of it); only a treatment said with a word that makes it
    current ("on", "during", "since my") and no maybe in its clause ("if I were on chemo")
    is taken here.
    """
    resources = load_resources(path)
    lowered = text.lower()
    for mention in find_person_mentions(text, path):
        current = mention.entity == TREATMENT and not mention.role
        if not current or mention.value not in QUALIFYING_TREATMENTS:
            continue
        before = lowered[_clause_start(lowered, mention.start) : mention.start]
        if not _CURRENT_BEFORE.search(before):
            continue
        clause = lowered[_clause_start(lowered, mention.start) : _clause_end(lowered, mention.end)]
        if resources.history_hypothetical.search(clause):
            continue
        return "yes"
    return None


# --- The safety net ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _safety_net_patterns(path: Path = FEATURES_FILE) -> tuple[re.Pattern[str], ...]:
    words = _feature_data(path)["safety_net"]
    return tuple(
        _words(words[key])
        for key in (
            "body_words",
            "problem_words",
            "illness_words",
            "person_cues",
            "bodily_alone_words",
            "denied_problems",
        )
    )


def describes_a_body_problem(text: str, path: Path = FEATURES_FILE) -> bool:
    """Whether `text` seems to be about the person's own bodily problem ("my toe is black",
    "something's wrong with my ear"), whatever the symptom lexicon made of it."""
    body, problem, illness, person, bodily, denied = _safety_net_patterns(path)
    lowered = denied.sub(" ", text.lower())  # "no trouble with my legs" tells no problem
    if bodily.search(lowered):
        return True  # "hurts bad", "bleeding everywhere": the person dropped the "I"
    if not person.search(lowered):
        return False
    return bool(illness.search(lowered) or (body.search(lowered) and problem.search(lowered)))


@functools.lru_cache(maxsize=4)
def _all_is_well_patterns(path: Path = FEATURES_FILE) -> tuple[re.Pattern[str], ...]:
    words = _feature_data(path)["all_is_well"]
    opener = re.compile(rf"^\s*(?:{_alternatives(words['denial_openers'])})\b", re.IGNORECASE)
    return _words(words["well_words"]), _words(words["about_words"]), opener


def says_all_is_well(text: str, path: Path = FEATURES_FILE) -> bool:
    """Whether `text` says something is well ("I walk fine", "her legs seem ok", "no, I didn't
    hit my head") and tells no bodily problem: an answer to take kindly, not "not understood"."""
    if describes_a_body_problem(text, path):
        return False
    well, about, opener = _all_is_well_patterns(path)
    lowered = text.lower()
    return bool(opener.search(lowered) or (well.search(lowered) and about.search(lowered)))


@functools.lru_cache(maxsize=4)
def _carer_pattern(path: Path = FEATURES_FILE) -> re.Pattern[str]:
    return _words(_feature_data(path)["carer_introductions"])


def introduces_a_carer(text: str, path: Path = FEATURES_FILE) -> bool:
    """Whether the writer says they write for the person whose symptoms they tell ("this is
    her daughter typing", "writing on behalf of my dad")."""
    return bool(_carer_pattern(path).search(text.lower()))


@functools.lru_cache(maxsize=4)
def _take_back_pattern(path: Path = FEATURES_FILE) -> re.Pattern[str]:
    return _words(_feature_data(path)["take_back"])


def takes_back(text: str, path: Path = FEATURES_FILE) -> bool:
    """Whether a message takes back what was told before ("sorry, I got that wrong", "it's
    gone now"), so that its denials may undo symptoms told present in earlier messages."""
    return bool(_take_back_pattern(path).search(text))


def names_a_body_problem(text: str, entities: Iterable[Mapping[str, Any]] = ()) -> bool:
    """Whether a message is about the person's own body: its words say so, or it tells how
    something presents ("my thermometer says 38.6" carries the feature high_temperature)."""
    if any(e.get("entity") == FEATURE and not e.get("role") for e in entities):
        return True
    return describes_a_body_problem(text)


def needs_safety_net(intent: str | None, entities: Iterable[Mapping[str, Any]], text: str) -> bool:
    """Whether a message that names no symptom should go to the fallback's safety advice.

    Only readings that would otherwise answer it with "not understood" or "out of scope"
    are turned: a disease question about the body ("can it spread to my bones?") stays one.
    """
    if intent not in SAFETY_NET_INTENTS:
        return False
    if any(e.get("entity") == "symptom" for e in entities):
        return False  # "no chest pain and no cough" is a report too, handled as one
    # Words only: "it's much worse at night" tells how the symptoms so far present, a report
    # the questions take up, not a complaint to route here.
    return describes_a_body_problem(text)


SAFETY_NET_INTENTS = frozenset(
    {"nlu_fallback", "out_of_scope", "report_symptom", "inform_duration", "greet", "thank"}
)
