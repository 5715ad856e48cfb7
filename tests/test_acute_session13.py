"""Acute-oncology wording met in session 13 (issue 18), from the message to its urgency:
lexicon, feature words and triage rules together, without the intent model.

Sentences written for these tests, not copied from a validation or blind set: English as many
people write it when it is not their first language (a double negative, "since one hour"),
and bruises told by how they come. The traps beside them must stay what they were.
"""

from __future__ import annotations

import pytest
from support import entities, roles_by_id, urgency

from symptom_nlu.extract import SymptomExtractor

EMERGENCIES = [
    # sudden loss of sight, with a double negative and "since" an hour
    "since one hour my husband can not see nothing, he says all is dark",
    "from 30 minutes I don't see nothing with both eyes",
    # a fit told by what others saw, or by waking on the floor with a bitten tongue
    "my son say my eyes go up and I shake, then I sleep long",
    "I came round on the floor with a bitten tongue, no idea how I got there",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_an_acute_emergency_in_these_words_is_an_emergency(
    extractor: SymptomExtractor, knowledge, text: str
) -> None:
    assert urgency(extractor, knowledge, text) == "emergency"


def test_sight_lost_gradually_over_months_is_not_called_an_emergency(
    extractor: SymptomExtractor, knowledge
) -> None:
    assert urgency(extractor, knowledge, "my eyes have been getting blurry over months") != (
        "emergency"
    )


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("I cant see nothing out of my left eye", "vision_change"),
        ("big bruises keep appearing on my arms", "bleeding_bruising"),
        ("there are bruises coming up all over her back", "bleeding_bruising"),
        # "sore" after an article is still the pain, not an open sore
        ("I've had a sore back on and off for a month", "back_pain"),
    ],
)
def test_these_words_name_a_present_symptom(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert roles_by_id(extractor, text).get(symptom_id) == {None}


def test_a_denial_of_any_trouble_seeing_stays_a_denial(extractor: SymptomExtractor) -> None:
    assert roles_by_id(extractor, "no problems with my eyes, I can see fine").get(
        "vision_change", {"negated"}
    ) <= {"negated"}


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("her sense of balance hasn't been right since the spring", "unsteadiness"),
        ("my eyesight has not been the same for a fortnight", "vision_change"),
        ("his breathing isn't right, he stops to rest on every landing", "shortness_of_breath"),
    ],
)
def test_what_the_body_does_said_to_be_not_right_is_that_symptom(
    extractor: SymptomExtractor, text: str, symptom_id: str
) -> None:
    assert roles_by_id(extractor, text).get(symptom_id) == {None}


def test_a_memory_that_is_not_what_it_was_is_urgent_not_an_emergency(
    extractor: SymptomExtractor, knowledge
) -> None:
    # gradual forgetfulness is urgent (contract), whatever words say it
    assert urgency(extractor, knowledge, "mum's memory hasn't been right for a while") == "urgent"


@pytest.mark.parametrize(
    "text", ["I bit my tongue eating toast", "my tongue is sore where I bit it at dinner"]
)
def test_a_tongue_bitten_at_a_meal_is_not_a_fit(extractor: SymptomExtractor, text: str) -> None:
    assert "seizure" not in roles_by_id(extractor, text)


@pytest.mark.parametrize("text", ["sorry typo, 38.4 not 37.4", "it's 39.1 now"])
def test_a_bare_reading_in_the_fever_range_is_a_high_temperature(
    extractor: SymptomExtractor, text: str
) -> None:
    assert ("feature", "high_temperature") in {
        (e["entity"], e["value"]) for e in entities(extractor, text)
    }


@pytest.mark.parametrize("text", ["I weigh 38.5 kg", "the taxi was 38.50", "she is 39.5 years"])
def test_a_number_of_something_else_is_no_temperature(
    extractor: SymptomExtractor, text: str
) -> None:
    assert "high_temperature" not in {e["value"] for e in entities(extractor, text)}


def test_a_wound_that_starts_to_bleed_through_its_dressing_is_an_emergency(
    extractor: SymptomExtractor, knowledge
) -> None:
    text = "this evening the wound started bleeding, it's soaking through the dressing, won't stop"
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize("text", ["it's pouring down outside", "my period started today"])
def test_rain_or_a_period_is_no_bleeding_symptom(extractor: SymptomExtractor, text: str) -> None:
    assert "bleeding_bruising" not in roles_by_id(extractor, text)
