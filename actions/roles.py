"""Mentions that are not the person's own, current symptom: noted in a word, never counted.

symptom_nlu gives each such mention a role (``past``, ``other_person``, ``hypothetical``);
``actions.common.symptom_mentions`` already leaves them out of the symptoms, sites and
urgency. Here they are remembered in the slot ``non_current_symptoms`` (a list of
``{"id", "role"}``) and acknowledged in one short line, so the person knows they were read
and not counted:

- someone else's symptom ("my aunt went yellow"): utter_noted_someone_else;
- a past one ("I broke my wrist years ago", "had a cough, it's gone"): utter_noted_in_the_past;
- a message that only lists symptoms it does not claim (a pasted leaflet): the person is asked
  utter_ask_happening_now ("Are any of these happening to you now?").

A disease question ("can it cause fits?") gets no line: the rules answer the question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.common import (
    latest_intent,
    non_current_mentions,
    reads_as_question,
    symptom_mentions,
)
from actions.config import knowledge
from symptom_checker.vocabulary import (
    HYPOTHETICAL_ROLE,
    OTHER_PERSON_ROLE,
    PAST_ROLE,
    QUESTION_PREFIX,
)

NON_CURRENT_SLOT = "non_current_symptoms"
NOTED_SOMEONE_ELSE = "utter_noted_someone_else"
# ... a red flag of theirs ("my brother's coughing up blood, I had breast cancer in 2019"):
# never counted as the writer's, but they may need help now
NOTED_SOMEONE_ELSE_SERIOUS = "utter_noted_someone_else_serious"
NOTED_IN_THE_PAST = "utter_noted_in_the_past"
ASK_HAPPENING_NOW = "utter_ask_happening_now"


def remembered_non_current(tracker: Tracker) -> list[dict[str, str]] | None:
    """The slot's new value with this message's non-current mentions, or None if unchanged."""
    mentions = non_current_mentions(tracker)
    if not mentions:
        return None
    known: list[dict[str, Any]] = list(tracker.get_slot(NON_CURRENT_SLOT) or [])
    seen = {(item.get("id"), item.get("role")) for item in known if isinstance(item, dict)}
    added = False
    for symptom_id, role in mentions:
        if (symptom_id, role) not in seen:
            known.append({"id": symptom_id, "role": role})
            seen.add((symptom_id, role))
            added = True
    return known if added else None


def no_longer_present(tracker: Tracker, present: list[str]) -> set[str]:
    """Symptoms already noted as present that this message says are over.

    "The breathlessness has gone now" (role ``past``) takes it back, like a correction,
    unless the same message also says it is happening now.
    """
    said_now = {symptom_id for symptom_id, negated in symptom_mentions(tracker) if not negated}
    return {
        symptom_id
        for symptom_id, role in non_current_mentions(tracker)
        if role == PAST_ROLE and symptom_id in present and symptom_id not in said_now
    }


def acknowledgements(tracker: Tracker) -> list[str]:
    """The responses that tell the person which mentions were not counted, in order."""
    current = symptom_mentions(tracker)
    # "I had a fit this morning, I have epilepsy": the fit is what counts; say nothing
    said_now = {symptom_id for symptom_id, _ in current}
    mentions = [(s, role) for s, role in non_current_mentions(tracker) if s not in said_now]
    if not mentions:
        return []
    roles = {role for _, role in mentions}
    intent = latest_intent(tracker) or ""
    responses = []
    if OTHER_PERSON_ROLE in roles:
        theirs = {s for s, role in mentions if role == OTHER_PERSON_ROLE}
        serious = theirs & knowledge().emergency_symptom_ids()
        responses.append(NOTED_SOMEONE_ELSE_SERIOUS if serious else NOTED_SOMEONE_ELSE)
    if PAST_ROLE in roles:
        responses.append(NOTED_IN_THE_PAST)
    if not intent.startswith(QUESTION_PREFIX) and only_quotes_symptoms(tracker):
        responses.append(ASK_HAPPENING_NOW)
    return responses


def only_quotes_symptoms(tracker: Tracker) -> bool:
    """The message lists symptoms without claiming or asking about any (a pasted leaflet:
    "Symptoms may include headaches, fits and blurred vision. Tell your doctor if ...")."""
    if symptom_mentions(tracker):
        return False
    roles = {role for _, role in non_current_mentions(tracker)}
    text = tracker.latest_message.get("text") or ""
    return roles == {HYPOTHETICAL_ROLE} and not reads_as_question(text)
