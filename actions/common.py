"""What several actions share: reading a message's symptoms and sending domain messages."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from symptom_checker.vocabulary import (
    HYPOTHETICAL_ROLE,
    INTERRUPTING_INTENTS,
    NEGATED_ROLE,
    NON_CURRENT_ROLES,
    OTHER_PERSON_ROLE,
    RELATIVE_GROUP,
    SYMPTOM_ENTITY,
    is_question_intent,
)
from symptom_checker.wording import OutgoingMessage
from symptom_nlu.lexicon import load_word_lists, word_set


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def is_interruption(intent: str | None) -> bool:
    return intent is not None and (is_question_intent(intent) or intent in INTERRUPTING_INTENTS)


def latest_entities(tracker: Tracker, entity: str) -> list[dict[str, Any]]:
    return [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == entity]


def symptom_mentions(tracker: Tracker) -> list[tuple[str, bool]]:
    """(canonical id, is_negated) for every present or negated symptom in the latest message.

    Past, someone else's and hypothetical mentions are left out: they never count. A short
    message that names no symptom may complete the one before it (`fragment_mentions`).
    """
    entities = latest_entities(tracker, SYMPTOM_ENTITY)
    if not entities:
        return fragment_mentions(tracker)
    someone_else = someone_elses(tracker)
    return [
        (str(e["value"]), e.get("role") == NEGATED_ROLE)
        for e in entities
        if e.get("value") and e.get("role") not in NON_CURRENT_ROLES and e not in someone_else
    ]


def someone_elses(tracker: Tracker) -> list[dict[str, Any]]:
    """The latest message's mentions that only a carer's reading made present ("my sister had
    a fit"), once earlier messages have shown that the writer is the patient: they told of
    symptoms of their own. Then the relative is someone else, not the person cared for."""
    relative = [
        e
        for e in latest_entities(tracker, SYMPTOM_ENTITY)
        if e.get("group") == RELATIVE_GROUP and not e.get("role")
    ]
    if not relative or not _writer_told_of_their_own(tracker):
        return []
    return relative


def _writer_told_of_their_own(tracker: Tracker) -> bool:
    """Whether a user message before the latest named a present symptom that is clearly the
    writer's own: no role, not a relative's by a carer's reading, and said in a message that
    speaks of "I" or "my" and of nobody else ("she", "her", "my mum"...). A carer who goes
    on with "she says it's like pressure behind her eyes" never counts as the patient."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    return any(
        _speaks_only_of_self(str(event.get("text") or ""))
        and any(
            entity.get("entity") == SYMPTOM_ENTITY
            and not entity.get("role")
            and entity.get("group") != RELATIVE_GROUP
            for entity in (event.get("parse_data") or {}).get("entities") or []
        )
        for event in users
    )


@functools.lru_cache(maxsize=1)
def _person_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that say the writer (first) and anyone else (others): context.yml's
    first_person, and its third_person with its relatives."""
    words = load_word_lists("context.yml")
    first = word_set(words.get("first_person"), "context first_person")
    others = word_set(words.get("third_person"), "context third_person") | word_set(
        words.get("relatives"), "context relatives"
    )
    return first, others


def _speaks_only_of_self(text: str) -> bool:
    first, others = _person_words()
    words = set(re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower().replace("’", "'")))
    return bool(words & first) and not words & others


# --- A symptom said in two fragments --------------------------------------------------------
# People texting in a hurry split one symptom over two messages: "back", then "hurts bad".
# Neither names a symptom alone; read together they do. Only two short messages in a row,
# neither a question and neither with any symptom of its own, are read together.
FRAGMENT_FIRST_MAX_WORDS = 4
FRAGMENT_SECOND_MAX_WORDS = 6


# A message that names no symptom may also finish one the message before it began: "she's
# been coughing for days", then "red blood in the tissue this morning" (session 14). Read
# together, only what neither message names alone is new.
CONTINUATION_MAX_WORDS = 15


def fragment_mentions(tracker: Tracker) -> list[tuple[str, bool]]:
    """The present or negated symptoms that the latest message and the one before it name
    only together ("back" + "hurts bad" = back pain; "she's been coughing" + "blood in the
    tissue" = coughing up blood); empty unless the latest is short and names none itself."""
    continued = _continuation(tracker)
    if continued:
        return continued
    texts = _last_two_user_messages(tracker)
    if texts is None:
        return []
    first, second = texts
    if not _is_fragment(first, FRAGMENT_FIRST_MAX_WORDS):
        return []
    if not _is_fragment(second, FRAGMENT_SECOND_MAX_WORDS):
        return []
    return list(_read_together(f"{first.strip()} {second.strip()}"))


def _continuation(tracker: Tracker) -> list[tuple[str, bool]]:
    """What the latest message (no symptom of its own) adds to the symptom-bearing message
    before it, read as one: only ids that the earlier message alone does not name."""
    users = _last_two_user_events(tracker)
    if users is None:
        return []
    earlier, latest = (str(e.get("text") or "") for e in users)
    earlier_parse = users[0].get("parse_data") or {}
    if not any(e.get("entity") == SYMPTOM_ENTITY for e in earlier_parse.get("entities") or []):
        return []
    if not _is_fragment(latest, CONTINUATION_MAX_WORDS):
        return []
    before = {symptom_id for symptom_id, _ in _read_together(earlier.strip())}
    return [
        (symptom_id, negated)
        for symptom_id, negated in _read_together(f"{earlier.strip()} {latest.strip()}")
        if symptom_id not in before
    ]


def _last_two_user_events(tracker: Tracker) -> list[dict[str, Any]] | None:
    """The previous and the latest user events, or None before the second message."""
    users = [e for e in tracker.events if e.get("event") == "user"][-2:]
    return users if len(users) == 2 else None


def _last_two_user_messages(tracker: Tracker) -> tuple[str, str] | None:
    """The texts of the previous and the latest user message, when neither named a symptom
    (in any role)."""
    users = _last_two_user_events(tracker)
    if users is None:
        return None
    texts = []
    for event in users:
        parse = event.get("parse_data") or {}
        if any(e.get("entity") == SYMPTOM_ENTITY for e in parse.get("entities") or []):
            return None
        texts.append(str(event.get("text") or ""))
    return texts[0], texts[1]


def _is_fragment(text: str, max_words: int) -> bool:
    words = text.split()
    return 0 < len(words) <= max_words and "?" not in text


@functools.lru_cache(maxsize=256)
def _read_together(text: str) -> tuple[tuple[str, bool], ...]:
    # Imported here: only this needs the spaCy pipeline in the action server, which builds it
    # when it starts (runtime/action_auth.py), not on the first pair of fragments.
    from symptom_nlu.extract import get_extractor

    return tuple(
        (mention.symptom_id, mention.role == NEGATED_ROLE)
        for mention in get_extractor().extract(text).symptoms
        if mention.role not in NON_CURRENT_ROLES
    )


def non_current_mentions(tracker: Tracker) -> list[tuple[str, str]]:
    """(canonical id, role) for every past, someone else's or hypothetical mention."""
    said = [
        (str(e["value"]), str(e["role"]))
        for e in latest_entities(tracker, SYMPTOM_ENTITY)
        if e.get("value") and e.get("role") in NON_CURRENT_ROLES
    ]
    return said + [(str(e["value"]), OTHER_PERSON_ROLE) for e in someone_elses(tracker)]


# A message that asks rather than tells: "can it cause fits?", "does it make you go yellow".
_QUESTION_START = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:can|could|does|do|did|will|would|is|are|might|may|should|"
    r"what|how|why|which|when)\b",
    re.IGNORECASE,
)


# A yes or a no said in words at the start of an answer ("yes, 5 years ago", "nope."), read
# as such whatever intent the classifier gave the rest of it (its margins between affirm,
# inform_cancer_history and inform_duration move from one training machine to the next).
PLAIN_YES = re.compile(r"^\s*(?:yes|yeah|yep|yup|aye|it is|it does|i am)\b", re.IGNORECASE)
PLAIN_NO = re.compile(
    r"^\s*(?:no|nope|nah|never)\b(?!\s*(?:idea|clue|one\s+knows|i'?m\s+not\s+sure))",
    re.IGNORECASE,
)


def plain_answer(text: str) -> str | None:
    """ "yes" / "no" when the text starts by saying so in words, else None."""
    if PLAIN_YES.match(text):
        return "yes"
    if PLAIN_NO.match(text):
        return "no"
    return None


def reads_as_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(_QUESTION_START.search(text))


def asked_about_symptoms(tracker: Tracker) -> list[str]:
    """The symptoms a question asks about ("can it cause fits?"): its hypothetical mentions,
    when it names no symptom the person has."""
    if names_a_present_symptom(tracker):
        return []
    if not reads_as_question(tracker.latest_message.get("text") or ""):
        return []
    asked = [s for s, role in non_current_mentions(tracker) if role == HYPOTHETICAL_ROLE]
    return list(dict.fromkeys(asked))


def names_a_present_symptom(tracker: Tracker) -> bool:
    return any(not negated for _, negated in symptom_mentions(tracker))


def first_entity_text(tracker: Tracker, entity: str) -> str | None:
    for e in latest_entities(tracker, entity):
        value = e.get("value")
        if value:
            return str(value)
    return None


def slot_list(tracker: Tracker, slot: str) -> list[str]:
    return list(tracker.get_slot(slot) or [])


def send(dispatcher: CollectingDispatcher, messages: Iterable[OutgoingMessage]) -> None:
    for message in messages:
        kwargs: dict[str, Any] = {}
        if message.text:
            kwargs["text"] = message.text
        if message.custom:
            kwargs["json_message"] = message.custom
        if message.buttons:
            kwargs["buttons"] = list(message.buttons)
        dispatcher.utter_message(**kwargs)
