"""What the assistant says about an assessment, in plain words.

Each assessment is a short run of messages: a structured summary for channels that can use
it (the web page marks emergencies with it; the platform channels skip it), then text. The
first text says what to do now; the last text always tells the person to see a doctor, at
every urgency. The explanations (why these places, why so quickly) are offered behind a
button ("Why?" / "Tell me more") and sent by `explanation_messages`, never pushed.

Who to call comes from symptom_checker.services (data/services/<country>.yml): no number is
written here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from symptom_checker.knowledge import EMERGENCY, Symptom
from symptom_checker.services import Services, load_services
from symptom_checker.triage import Assessment
from symptom_checker.vocabulary import ASSESSMENT_TYPE

# The button under every assessment: its payload is the `explain` intent, which
# action_explain_assessment answers with the explanations from the knowledge base.
EXPLAIN_PAYLOAD = "/explain"
EXPLAIN_BUTTON_TITLES = {"emergency": "Why?", "urgent": "Tell me more", "soon": "Tell me more"}

# One style at every level: "Urgency: <level>." followed by what to do.
URGENCY_HEADLINES = {
    "emergency": "Urgency: emergency.",
    "urgent": "Urgency: urgent. Please see a doctor in the next 24 hours, today if you can.",
    "soon": "Urgency: soon. Please book a visit to see a doctor in the next two weeks.",
}

WHO_TO_CONTACT = {
    "urgent": "Call your GP, your breast care team or an out-of-hours service today.",
    "soon": "Book it with your GP or your breast care team.",
}

# The last message. It does not repeat the time frame the headline already gave.
CLOSING = {
    "emergency": (
        "This is not a diagnosis, but please see a doctor straight away. I've stopped my "
        "questions so you can get help."
    ),
    "urgent": (
        "This is not a diagnosis. When you see a doctor, tell them what you told me. If "
        "things get suddenly worse, don't wait: get help at once."
    ),
    "soon": (
        "This is not a diagnosis. When you see a doctor, tell them what you told me. If "
        "things get worse, or something new appears, get help sooner."
    ),
}

# A second assessment in the same conversation closes in other words (nothing said twice).
CLOSING_AGAIN = {
    "emergency": "Please don't wait to see a doctor: get help now.",
    "urgent": "As before, this is not a diagnosis. Please see a doctor, and tell them about "
    "everything you told me.",
    "soon": "As before, this is not a diagnosis. Please see a doctor, and tell them about "
    "everything you told me.",
}

# The treatment line, worded for whoever is on the treatment: the writer, or the person
# a carer writes about (session 9), so it never says "you're on cancer treatment". The one
# source of these sentences (the safety net in actions/oncology.py uses them too).
TREATMENT_LINE = (
    "Because of the cancer treatment, also call {treatment_line}. Tell them what's wrong."
)
TREATMENT_LINE_NOW = "Because of the cancer treatment, call {treatment_line} now."
TREATMENT_LINE_IF = (
    "If you, or the person you're writing about, are on cancer treatment, call "
    "{treatment_line}, day or night."
)
HISTORY_LINE = "As you've had breast cancer before, tell your breast care team about this too."
SITES_INTRO = (
    "These symptoms often have other causes, and most are not cancer. If breast cancer has "
    "spread, they can be linked to:"
)
ONE_SITE_INTRO = (
    "This often has other causes, and most are not cancer. If breast cancer has spread, it "
    "can be linked to {site}."
)
ANYWHERE = "cancer in any part of the body"
UNKNOWN_TIMES = frozenset({"not sure", "unsure", "don't know", "dont know"})
NOTHING_TO_LINK = (
    "You haven't told me about a symptom you have now, so there is nothing to link to a "
    "part of the body."
)

OFFER_TO_CHECK = (
    "If you have {which} now, tell me, and I'll help you work out how soon to get it checked."
)


def _bare_site(name: str) -> str:
    """'the lymph nodes (glands)' -> 'lymph nodes': how the sources' sentences name it."""
    return re.sub(r"\s*\(.*?\)|^the\s+", "", name.lower()).strip()


# Said of a red flag in answer to a question about it: what to do, without escalating (the
# person asked; they did not say they have it).
HELP_IF_IT_HAPPENS = "If {label} happens, get help straight away."


def symptom_question_answer(symptoms: Sequence[Symptom], site_names: Sequence[str]) -> str:
    """A question about symptoms ("can it cause fits?"): what each can be linked to, in the
    knowledge base's words, and the parts of the body (`site_names`), that most have other
    causes, that a red flag needs help at once, and the offer to check it if the person has
    it. Never a diagnosis, never an escalation."""
    lines: list[str] = []
    for symptom in symptoms:
        whys = [link.why for link in symptom.links]
        lines.extend(whys or [symptom.general_note or symptom.urgency_reason])
    said = [line.lower() for line in lines]
    unnamed = [name for name in site_names if not any(_bare_site(name) in x for x in said)]
    if unnamed:  # the organ's name, where the sources' words did not say it
        lines.append(f"So it can be linked to {join_labels(unnamed)}.")
    several = len(symptoms) > 1
    if any(symptom.links for symptom in symptoms):
        lines.append(
            "These often have other causes, and most are not cancer."
            if several
            else "It often has other causes, and most are not cancer."
        )
    for symptom in symptoms:
        if symptom.urgency == EMERGENCY:
            lines.append(HELP_IF_IT_HAPPENS.format(label=symptom.label))
    lines.append(OFFER_TO_CHECK.format(which="any of these" if several else "this"))
    return " ".join(" ".join(line.split()) for line in lines)


# A sentence of a red flag's advice that tells people to call the emergency number: the
# emergency turn says that once itself, so it is left out wherever the advice is quoted.
_CALL_SENTENCE = re.compile(r"[^.]*\bemergency number\b[^.]*\.\s*", re.IGNORECASE)


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to send: text, structured data for rich channels, or both."""

    text: str | None = None
    custom: dict[str, Any] | None = None
    buttons: tuple[dict[str, str], ...] = field(default_factory=tuple)


def capitalised(text: str) -> str:
    """The text with its first letter a capital (a label or a site name opening a line)."""
    return text[:1].upper() + text[1:]


def join_labels(labels: Sequence[str]) -> str:
    """'a, b and c'; with '; ' between labels that contain commas themselves."""
    if len(labels) <= 1:
        return "".join(labels)
    # Labels may contain commas themselves ("headaches, or a pounding head").
    separator = "; " if any("," in label for label in labels) else ", "
    return separator.join(labels[:-1]) + " and " + labels[-1]


def structured_summary(assessment: Assessment) -> dict[str, Any]:
    return {
        "type": ASSESSMENT_TYPE,
        "urgency": assessment.urgency,
        "sites": [possible.site.id for possible in assessment.possible_sites],
        "symptoms": [symptom.id for symptom in assessment.present],
        "negated": [symptom.id for symptom in assessment.negated],
        "red_flags": [rule.id for rule in assessment.red_flags],
    }


def advice_without_call(advice: str) -> str:
    """A red flag's advice without its "call the emergency number" sentence."""
    return " ".join(_CALL_SENTENCE.sub("", advice or "").split())


def emergency_instruction(services: Services) -> str:
    """What to do now, first in every emergency turn."""
    return (
        f"Please {services.call_emergency} now, or ask someone to call for you. Do not "
        "drive yourself. If you can, have someone stay with you."
    )


def _labelled(
    assessment: Assessment, durations: Mapping[str, str] | None, single_duration: str | None
) -> str:
    labels = []
    for symptom in assessment.present:
        since = (durations or {}).get(symptom.id)
        if since and since.strip().lower() in UNKNOWN_TIMES:
            since = None  # "not sure" is no timing to show
        if not since:
            labels.append(symptom.label)
        elif symptom.label.endswith(")"):  # "... (jaundice)" -> "... (jaundice; yesterday)"
            labels.append(f"{symptom.label[:-1]}; {since})")
        else:
            labels.append(f"{symptom.label} ({since})")
    text = "You told me about " + join_labels(labels) + "."
    if single_duration and not durations and single_duration.lower() not in UNKNOWN_TIMES:
        text += f" You noticed it: {single_duration}."
    return text


def _summary_text(
    assessment: Assessment,
    durations: Mapping[str, str] | None,
    single_duration: str | None,
    cancer_history: str | None,
) -> str:
    lines = []
    if assessment.present:
        lines.append(_labelled(assessment, durations, single_duration))
    else:
        lines.append(NOTHING_TO_LINK)
    if assessment.negated:
        negated = join_labels([s.label for s in assessment.negated])
        lines.append(f"I've left out what you don't have: {negated}.")
    if cancer_history == "yes" and assessment.present:
        lines.append(HISTORY_LINE)
    return " ".join(lines)


def _site_names(assessment: Assessment) -> str:
    return join_labels([possible.site.name for possible in assessment.possible_sites])


def _sites_text(assessment: Assessment) -> str | None:
    if not assessment.possible_sites and not assessment.general:
        return None
    # A symptom tied to no part of the body is explained by its own note (a temperature "most
    # often means an infection, not cancer spread"); one without a note is linked to spread
    # anywhere.
    noted = [symptom for symptom in assessment.general if symptom.general_note]
    anywhere = [symptom for symptom in assessment.general if not symptom.general_note]
    if len(assessment.present) == 1:
        if noted:
            return noted[0].general_note
        places = [possible.site.name for possible in assessment.possible_sites]
        if anywhere:
            places.append(ANYWHERE)
        return ONE_SITE_INTRO.format(site=join_labels(places))
    lines = []
    if assessment.possible_sites or anywhere:
        lines.append(SITES_INTRO)
        for possible in assessment.possible_sites:
            labels = join_labels([reason.symptom.label for reason in possible.reasons])
            lines.append(f"• {possible.site.name} (because of {labels})")
        for symptom in anywhere:
            lines.append(f"• {ANYWHERE} (because of {symptom.label})")
    for symptom in noted:
        lines.append(f"{capitalised(symptom.label)}: {symptom.general_note}")
    return "\n".join(lines)


def _explain_button(urgency: str) -> tuple[dict[str, str], ...]:
    return ({"title": EXPLAIN_BUTTON_TITLES[urgency], "payload": EXPLAIN_PAYLOAD},)


def _emergency_messages(
    assessment: Assessment, services: Services, on_treatment: str | None, again: bool = False
) -> list[OutgoingMessage]:
    first = emergency_instruction(services)
    what = URGENCY_HEADLINES["emergency"]
    if assessment.present:
        what += " You told me about " + join_labels([s.label for s in assessment.present]) + "."
    if assessment.possible_sites:
        what += f" If breast cancer has spread, this can be linked to {_site_names(assessment)}."
    last = CLOSING_AGAIN["emergency"] if again else CLOSING["emergency"]
    if on_treatment == "yes":
        last = TREATMENT_LINE.format(treatment_line=services.treatment_line) + " " + last
    return [
        OutgoingMessage(text=first),
        OutgoingMessage(text=what),
        OutgoingMessage(text=last, buttons=_explain_button("emergency")),
    ]


def assessment_messages(
    assessment: Assessment,
    duration: str | None = None,
    cancer_history: str | None = None,
    *,
    durations: Mapping[str, str] | None = None,
    on_treatment: str | None = None,
    services: Services | None = None,
    again: bool = False,
) -> list[OutgoingMessage]:
    """The messages of one assessment; the first says what to do, the last "see a doctor".

    `durations` maps each present symptom id to its own "since when"; `duration` is one
    timing for all (older callers). `on_treatment` ("yes" / "no" / None) adds the treatment
    helpline to urgent and emergency closings. `again`: not the first assessment of the
    conversation, so the closing is worded differently.
    """
    services = services or load_services()
    urgency = assessment.urgency
    messages = [OutgoingMessage(custom=structured_summary(assessment))]
    if assessment.is_emergency:
        return messages + _emergency_messages(assessment, services, on_treatment, again)
    headline = URGENCY_HEADLINES[urgency]
    if assessment.present:
        headline += " " + WHO_TO_CONTACT[urgency]
    flagged = [rule.title for rule in assessment.red_flags]
    if flagged:
        flagged = [flagged[0]] + [title[:1].lower() + title[1:] for title in flagged[1:]]
        headline += " " + join_labels(flagged) + ": this needs checking quickly."
    texts = [
        headline,
        _summary_text(assessment, durations, duration, cancer_history),
        _sites_text(assessment),
    ]
    messages += [OutgoingMessage(text=text) for text in texts if text]
    last = (CLOSING_AGAIN if again else CLOSING)[urgency].format(emergency=services.emergency)
    if urgency == "urgent" and on_treatment == "yes":
        last += " " + TREATMENT_LINE.format(treatment_line=services.treatment_line)
    messages.append(OutgoingMessage(text=last, buttons=_explain_button(urgency)))
    return messages


EXPLANATION_ENDINGS = {
    "emergency": "The main thing now is to get help: please don't wait to see a doctor.",
    "urgent": "The main thing is to see a doctor in the next 24 hours.",
    "soon": "The main thing is to see a doctor in the next two weeks.",
}


def explanation_messages(assessment: Assessment) -> list[OutgoingMessage]:
    """The "Why?" / "Tell me more" answer: the red flags and each place's reasons."""
    lines = []
    for rule in assessment.red_flags:
        advice = advice_without_call(rule.advice) or "This needs a doctor straight away."
        lines.append(f"• {rule.title}: {advice}")
    for possible in assessment.possible_sites:
        whys = " ".join(dict.fromkeys(reason.why for reason in possible.reasons))
        lines.append(f"• {capitalised(possible.site.name)}: {whys}")
    for symptom in assessment.general:
        note = symptom.general_note or "It can come with spread anywhere in the body."
        lines.append(f"• {capitalised(symptom.label)}: {note}")
    ending = EXPLANATION_ENDINGS[assessment.urgency]
    if not lines:
        return [OutgoingMessage(text=f"I have nothing more to add. {ending}")]
    return [
        OutgoingMessage(text="\n".join(["Here is why:"] + lines)),
        OutgoingMessage(text=ending),
    ]
