"""Which disease topics to offer when a question could mean more than one of them.

DIET ranks every intent for a message. When the best readings of a question are two
disease topics (``ask_*`` intents) lying close together, answering the top one is a coin
toss; when the message fell back (``nlu_fallback``) but its best readings are still topics,
"I didn't understand" throws away what was understood. In both cases the assistant asks
"Do you mean ...?" with the candidate topics as buttons (actions/disease_info.py).

    topics_to_offer("ask_how_it_spreads", ranking)   # ["ask_how_it_spreads", "ask_dormant_cells"]
    topics_to_offer("ask_treatment", ranking)        # [] : clear enough, answer it

The readings decide by two numbers, chosen on the held-out questions (see CLOSE_MARGIN and
MIN_CONFIDENCE). One thing the text decides: a question that names two topics in their own
words (``named``, from the topics' cues in data/knowledge/topics.yml: "Does treatment change
how long people live?") is asked about, however far apart the intent model put them. Those
margins move from one training machine to the next; the words do not.

    topics_to_offer("ask_survival", ranking, named=["ask_treatment", "ask_survival"])
    # ["ask_survival", "ask_treatment"]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from symptom_checker.vocabulary import FALLBACK_INTENT, QUESTION_PREFIX

# Both numbers were chosen on the 286 validation messages (tests/nlu/validation.yml and
# tests/nlu/questions_validation.yml, never trained on but tuned on) with
# `scripts/evaluate_nlu.py`, whose report counts what the assistant would do with each
# disease question.
#
# Two topics whose confidences differ by less than this are too close to pick one. Every
# topic question with a closer rival was wrong or fell back (the FallbackClassifier's
# ambiguity_threshold in config.yml is the same 0.1); widening it to 0.15 to 0.25 only
# turned right answers (leads of 0.14 to 0.18) into questions.
CLOSE_MARGIN = 0.1
# A topic offered after a fallback needs at least this much support. Real questions that
# fell back had their best topic at 0.27 to 0.51; the out-of-scope message that fell back
# with a topic in the lead ("what will the weather be tomorrow") had it at 0.20 to 0.22.
MIN_CONFIDENCE = 0.25
# More buttons than this is a menu, not a question.
MAX_TOPICS = 3

Reading = tuple[str, float]


def is_topic(intent: str | None) -> bool:
    return bool(intent) and str(intent).startswith(QUESTION_PREFIX)


def readings(ranking: Iterable[Mapping[str, Any]] | None) -> list[Reading]:
    """(intent, confidence) pairs from Rasa's ``intent_ranking``, best first, no fallback."""
    pairs: list[Reading] = []
    for entry in ranking or []:
        name = entry.get("name")
        confidence = entry.get("confidence")
        if not name or name == FALLBACK_INTENT or not isinstance(confidence, int | float):
            continue
        pairs.append((str(name), float(confidence)))
    return sorted(pairs, key=lambda pair: pair[1], reverse=True)


def topics_to_offer(
    intent: str | None,
    ranking: Iterable[Mapping[str, Any]] | None,
    *,
    margin: float = CLOSE_MARGIN,
    min_confidence: float = MIN_CONFIDENCE,
    limit: int = MAX_TOPICS,
    named: Sequence[str] = (),
) -> list[str]:
    """The topic intents to offer, best first; [] when there is nothing to ask about.

    - the message names two or more topics (``named``, topic intents) and its intent is one
      of them or the fallback: those topics, the intent's own first;
    - ``intent`` is a topic: the topics within ``margin`` of it, itself first, when there
      is at least one such rival (a lone clear topic is simply answered);
    - ``intent`` is the fallback: the leading readings that are topics with at least
      ``min_confidence`` each (one is enough: "Do you mean ...?"), stopping at the first
      reading that is not a topic;
    - anything else (a symptom report, small talk): nothing.
    """
    named = [name for name in dict.fromkeys(named) if is_topic(name)]
    if len(named) > 1 and (intent == FALLBACK_INTENT or intent in named):
        first = [intent] if intent in named else []
        return [*first, *(name for name in named if name != intent)][:limit]
    ranked = readings(ranking)
    if intent == FALLBACK_INTENT:
        offered: list[str] = []
        for name, confidence in ranked[:limit]:
            if not is_topic(name) or confidence < min_confidence:
                break
            offered.append(name)
        return offered
    if not is_topic(intent):
        return []
    own = next((confidence for name, confidence in ranked if name == intent), None)
    if own is None:
        return []
    rivals = [
        name
        for name, confidence in ranked
        if name != intent and is_topic(name) and own - confidence < margin
    ]
    return [intent, *rivals][:limit] if intent and rivals else []


def topic_intents(ids: Sequence[str]) -> list[str]:
    """The intents ("ask_<id>") of topic ids."""
    return [f"{QUESTION_PREFIX}{topic_id}" for topic_id in ids]


def topic_ids(intents: Sequence[str]) -> list[str]:
    """Topic ids (intent name without ``ask_``), as data/knowledge/topics.yml names them."""
    return [intent[len(QUESTION_PREFIX) :] for intent in intents if is_topic(intent)]
