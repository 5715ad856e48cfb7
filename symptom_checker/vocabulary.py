"""The dialogue's vocabulary: the names the NLU component, the actions and the channels share.

Entity and role names (the contract's entities, docs/contract.md), the prefix of the
disease-question intents, the intents that interrupt a form question, and the types of the
structured messages the assistant sends. A leaf module (no imports), so every layer may read
it; each name is written here once.
"""

from __future__ import annotations

# --- Entities ----------------------------------------------------------------------------------
SYMPTOM_ENTITY = "symptom"
DURATION_ENTITY = "duration"
SIDE_ENTITY = "side"
FEATURE_ENTITY = "feature"  # how a symptom presents (triage.FEATURES)
TREATMENT_ENTITY = "treatment"
CANCER_HISTORY_ENTITY = "cancer_history"
SHORTENED_ENTITY = "message_shortened"  # set by symptom_nlu.guard on an over-long message
# The one feature no word list finds: the learned emergency net (symptom_nlu.emergency_model)
# read the whole message as an emergency.
READS_AS_EMERGENCY = "reads_as_emergency"

# --- Roles -------------------------------------------------------------------------------------
NEGATED_ROLE = "negated"
# Roles of a mention that is not the person's own, current symptom (the contract's "whose,
# when and whether"): such a mention never counts toward sites or urgency.
PAST_ROLE = "past"
OTHER_PERSON_ROLE = "other_person"
HYPOTHETICAL_ROLE = "hypothetical"
NON_CURRENT_ROLES = frozenset({PAST_ROLE, OTHER_PERSON_ROLE, HYPOTHETICAL_ROLE})
# The entity group of a present mention that only a carer's reading makes present ("my
# sister had a fit"): someone else's once the writer has shown they are the patient.
RELATIVE_GROUP = "relative"

# --- Intents -----------------------------------------------------------------------------------
# The disease-question intents are "ask_<topic>": a topic of data/knowledge/topics.yml.
QUESTION_PREFIX = "ask_"
FALLBACK_INTENT = "nlu_fallback"
# Intents after which a form question was not answered but interrupted: the rules answer
# them and the form asks its question again.
INTERRUPTING_INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "help",
        "out_of_scope",
        "restart",
        "distress",
        "delete_my_data",
        "privacy_question",
        # issue 13: fear or grief, and the "Why?" / "Tell me more" button
        "worry",
        "explain",
    }
)

# --- Quick replies ----------------------------------------------------------------------------
# The commands a button may send as its payload (a question's plain answers); any other
# payload is words, read like a typed message.
ANSWER_COMMANDS: tuple[str, ...] = ("/affirm", "/deny", "/dont_know")

# --- Structured messages (a message's `custom` payload, {"type": ...}) --------------------------
ASSESSMENT_TYPE = "assessment"  # every assessment starts with one (symptom_checker.wording)
DOCTOR_SUMMARY_TYPE = "doctor_summary"  # the link to the summary for a doctor


def is_question_intent(intent: str | None) -> bool:
    """Whether `intent` is a disease question ("ask_treatment")."""
    return bool(intent) and str(intent).startswith(QUESTION_PREFIX)
