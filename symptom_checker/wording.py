"""What the assistant says about an assessment, in plain words.

Each assessment is a short run of messages: a structured summary for channels that can use
it (the web page marks emergencies with it), then text. The last text always tells the
person to see a doctor, at every urgency. Each urgency's messages use only their own level
word ("emergency", "urgent" or "soon"), so that nobody reads a softer or harsher level into
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from symptom_checker.services import load_services
from symptom_checker.triage import Assessment

EMERGENCY_NUMBERS = "for example 911, 999 or 112"

URGENCY_HEADLINES = {
    "emergency": "Urgency: EMERGENCY. Call your local emergency number now ({numbers}).",
    "urgent": "Urgency: URGENT. Please see a doctor today, or within the next 24 hours.",
    "soon": "Urgency: soon. Please book an appointment to see a doctor within the next two weeks.",
}

CLOSING = {
    "emergency": (
        "This is not a diagnosis, but please don't wait: call the emergency number or go to "
        "the nearest emergency department now, so that you can see a doctor straight away."
    ),
    "urgent": (
        "This is not a diagnosis. Please see a doctor today or within 24 hours: call your GP "
        "practice, your breast care team or an out-of-hours service, and tell them what you "
        "told me. If things get suddenly worse, call {numbers} straight away."
    ),
    "soon": (
        "This is not a diagnosis. Please see a doctor within the next two weeks: book an "
        "appointment with your GP or your breast care team and tell them what you told me. "
        "If things get suddenly worse, or something new appears, get help straight away."
    ),
}


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to send: text, structured data for rich channels, or both."""

    text: str | None = None
    custom: dict[str, Any] | None = None
    buttons: tuple[dict[str, str], ...] = field(default_factory=tuple)


def join_labels(labels: Sequence[str]) -> str:
    """'a, b and c'; with '; ' between labels that contain commas themselves."""
    if len(labels) <= 1:
        return "".join(labels)
    # Labels may contain commas themselves ("headaches, or a pounding head").
    separator = "; " if any("," in label for label in labels) else ", "
    return separator.join(labels[:-1]) + " and " + labels[-1]


def structured_summary(assessment: Assessment) -> dict[str, Any]:
    return {
        "type": "assessment",
        "urgency": assessment.urgency,
        "sites": [possible.site.id for possible in assessment.possible_sites],
        "symptoms": [symptom.id for symptom in assessment.present],
        "negated": [symptom.id for symptom in assessment.negated],
        "red_flags": [rule.id for rule in assessment.red_flags],
    }


def _summary_text(assessment: Assessment, duration: str | None, cancer_history: str | None) -> str:
    lines = []
    if assessment.present:
        lines.append(
            "Here is what I understood. You told me about "
            + join_labels([s.label for s in assessment.present])
            + "."
        )
    else:
        lines.append(
            "You haven't told me about any symptom that you have at the moment, so there is "
            "nothing for me to link to a part of the body."
        )
    if assessment.negated:
        lines.append(
            "I have left out what you said you don't have: "
            + join_labels([s.label for s in assessment.negated])
            + "."
        )
    if duration and assessment.present:
        lines.append(f"You noticed it: {duration}.")
    if cancer_history == "yes" and assessment.present:
        lines.append(
            "As you have had breast cancer before, your breast care team will want to know "
            "about new symptoms like these."
        )
    return " ".join(lines)


def _sites_text(assessment: Assessment) -> str | None:
    if not assessment.possible_sites and not assessment.general:
        return None
    lines = [
        "Symptoms like these often have other causes, and most are not cancer. But if "
        "breast cancer has spread, they can be a sign that it may involve:"
    ]
    for possible in assessment.possible_sites:
        labels = join_labels([reason.symptom.label for reason in possible.reasons])
        whys = " ".join(dict.fromkeys(reason.why for reason in possible.reasons))
        lines.append(f"• {possible.site.name} (because of {labels}). {whys}")
    for symptom in assessment.general:
        note = symptom.general_note or "It can come with spread anywhere in the body."
        lines.append(f"• {symptom.label[:1].upper()}{symptom.label[1:]}: {note}")
    return "\n".join(lines)


def _red_flag_text(assessment: Assessment) -> str | None:
    if not assessment.red_flags:
        return None
    if assessment.is_emergency:
        head = "EMERGENCY: what you describe needs medical help now."
    else:
        head = "This combination needs checking quickly:"
    lines = [head] + [f"• {rule.title}: {rule.advice}" for rule in assessment.red_flags]
    if assessment.is_emergency:
        lines.append(
            f"Please call your local emergency number now ({EMERGENCY_NUMBERS}) or go to the "
            "nearest emergency department. Don't wait for more questions from me."
        )
    return "\n".join(lines)


def treatment_line_advice() -> str:
    """Issue 18: for a person on cancer treatment, alongside the emergency number."""
    line = load_services().treatment_line
    return f"As you're on cancer treatment, also call {line} now and tell them what you told me."


def assessment_messages(
    assessment: Assessment,
    duration: str | None = None,
    cancer_history: str | None = None,
    on_treatment: str | None = None,
) -> list[OutgoingMessage]:
    """The messages of one assessment; the last one always says "see a doctor"."""
    urgency = assessment.urgency
    texts: list[str | None] = []
    if assessment.is_emergency:
        # Escalate first: a person in danger should not have to read to the end.
        texts.append(_red_flag_text(assessment))
        texts.append(_summary_text(assessment, duration, cancer_history))
    else:
        texts.append(_summary_text(assessment, duration, cancer_history))
        texts.append(_red_flag_text(assessment))
    texts.append(_sites_text(assessment))
    headline = URGENCY_HEADLINES[urgency].format(numbers=EMERGENCY_NUMBERS)
    closing = CLOSING[urgency].format(numbers="911, 999 or 112")
    if on_treatment == "yes" and urgency != "soon":
        closing = f"{closing} {treatment_line_advice()}"
    texts.append(f"{headline}\n{closing}")
    messages = [OutgoingMessage(custom=structured_summary(assessment))]
    messages += [OutgoingMessage(text=text) for text in texts if text]
    return messages
