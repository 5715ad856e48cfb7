"""The entities of one message, as the assistant reads it: one builder for the Rasa component
and the tests.

The Rasa component (symptom_nlu/rasa_component.py) decides *whether* a message's symptoms
and person facts count (a disease question, a data request); this module decides *what*
they are: a symptom entity per lexicon mention with its role (or the relative's group),
durations and sides, treatment and history with the carer rule, and the learned emergency
net's flag. The tests call the same builder, so what they assert is what the assistant reads
(until session 38 the tests built their own, without the carer rule and the net).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from symptom_checker.vocabulary import (
    DURATION_ENTITY,
    FEATURE_ENTITY,
    HYPOTHETICAL_ROLE,
    READS_AS_EMERGENCY,
    RELATIVE_GROUP,
    SIDE_ENTITY,
    SYMPTOM_ENTITY,
)
from symptom_nlu.emergency_model import EmergencyModel, emergency_model, raises
from symptom_nlu.extract import Extraction
from symptom_nlu.features import introduces_a_carer, person_entities
from symptom_nlu.role_model import person_words

# Rasa's entity keys (rasa.shared.nlu.constants), spelt here so that the tests and scripts
# can build entities without importing Rasa.
TYPE, START, END, VALUE, ROLE, GROUP = "entity", "start", "end", "value", "role", "group"
EXTRACTOR, CONFIDENCE = "extractor", "confidence_entity"

# "my" and "mine" are a carer's words too ("my mum"); the others say the writer speaks of
# themselves.
POSSESSIVES = frozenset({"my", "mine"})


def entity(kind: str, start: int, end: int, value: str, extractor: str) -> dict[str, Any]:
    """One entity as Rasa writes it, from a rule (confidence 1)."""
    return {
        TYPE: kind,
        START: start,
        END: end,
        VALUE: value,
        EXTRACTOR: extractor,
        CONFIDENCE: 1.0,
    }


def message_entities(
    text: str,
    extraction: Extraction,
    extractor: str,
    others: Iterable[dict[str, Any]] = (),
    *,
    symptoms: bool = True,
    in_general: bool = False,
    about_the_person: bool = True,
    net: EmergencyModel | Literal["shipped"] | None = "shipped",
) -> list[dict[str, Any]]:
    """The message's entities, sorted by where they start.

    ``others`` are entities another extractor found: kept, except symptoms (the lexicon is
    the one source of those); a duration or side they already hold is not added twice.
    ``symptoms=False`` leaves the symptoms out (a data request); ``in_general`` marks every
    symptom without a role as asked about (a disease question, "can it cause fits?");
    ``about_the_person=False`` leaves out treatment, history and the net's flag (a disease
    question or small talk says nothing about the person). ``net`` is the emergency net
    that reads the message ("shipped": the shipped one; None: none, as in the net's own
    cross-validation).
    """
    result = [e for e in others if e.get(TYPE) != SYMPTOM_ENTITY]
    if symptoms:
        for mention in extraction.symptoms:
            found = entity(
                SYMPTOM_ENTITY, mention.start, mention.end, mention.symptom_id, extractor
            )
            role = mention.role or (HYPOTHETICAL_ROLE if in_general else None)
            if role:
                found[ROLE] = role
            elif mention.relative:
                found[GROUP] = RELATIVE_GROUP
            result.append(found)
    for kind, spans in ((DURATION_ENTITY, extraction.durations), (SIDE_ENTITY, extraction.sides)):
        for start, end, value in spans:
            if not _overlaps_type(result, kind, start, end):
                result.append(entity(kind, start, end, value, extractor))
    if about_the_person:
        present = [e for e in result if e.get(TYPE) == SYMPTOM_ENTITY and not e.get(ROLE)]
        # A carer's report: every symptom it tells now is the relative's, the writer never
        # speaks of themselves ("my mum had radiotherapy ..., tonight she's hot"), or says
        # they write for the patient ("this is her daughter typing ... she told me not to fuss").
        # Nor does a symptom said with no subject of its own, or of the relative: the writer
        # is a patient beside the relative only in a clause of their own.
        carer = bool(present) and (
            all(e.get(GROUP) == RELATIVE_GROUP for e in present)
            or not speaks_of_themselves(text)
            or introduces_a_carer(text)
            or _only_the_relative_is_ill(text, present)
        )
        result += person_entities(text, extractor, about_a_relative=carer)
        # The learned emergency net (issues 12 and 18, symptom_nlu.emergency_model).
        model = emergency_model() if net == "shipped" else net
        if model is not None and raises(text, result, model):
            result.append(entity(FEATURE_ENTITY, 0, len(text), READS_AS_EMERGENCY, extractor))
    return sorted(result, key=lambda e: (e.get(START) or 0))


def speaks_of_themselves(text: str) -> bool:
    """Whether the writer speaks of themselves: a first-person word of context.yml other than
    "my" and "mine"."""
    return _says_one_of(text, person_words()[0] - POSSESSIVES)


def speaks_of_another(text: str) -> bool:
    """Whether the text speaks of a third person: a third-person word of context.yml ("I
    took her temperature")."""
    return _says_one_of(text, person_words()[1])


def _says_one_of(text: str, words: frozenset[str]) -> bool:
    return any(word in words for word in re.findall(r"[\w'’]+", text.lower()))


def _only_the_relative_is_ill(text: str, present: list[dict[str, Any]]) -> bool:
    """Whether the writer, who speaks of themselves, tells no symptom in a clause of their own
    beside the relative's: "the ear thermometer says 37.9" and "I took her temperature and
    it's 38.9" are the relative's, "I've got a temperature" is the writer's."""
    clauses = {id(e): _clause_of(text, e[START], e[END]) for e in present}
    about_another = any(e.get(GROUP) == RELATIVE_GROUP for e in present) or any(
        speaks_of_another(clause) for clause in clauses.values()
    )
    return about_another and not any(
        speaks_of_themselves(clauses[id(e)]) and not speaks_of_another(clauses[id(e)])
        for e in present
        if e.get(GROUP) != RELATIVE_GROUP
    )


# Where a clause ends, for a symptom's own words: punctuation, "and", "but", "so", "then".
_CLAUSE_EDGE = re.compile(r"[.!?;,:\n]|\b(?:and|but|so|then)\b", re.IGNORECASE)


def _clause_of(text: str, start: int, end: int) -> str:
    """The clause a span is said in."""
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)]
    after = _CLAUSE_EDGE.search(text, end)
    return text[edges[-1] if edges else 0 : after.start() if after else len(text)]


def _overlaps_type(entities: list[dict[str, Any]], kind: str, start: int, end: int) -> bool:
    return any(
        e.get(TYPE) == kind
        and isinstance(e.get(START), int)
        and isinstance(e.get(END), int)
        and e[START] < end
        and start < e[END]
        for e in entities
    )
