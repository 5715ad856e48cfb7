"""A carer's report: the relative's treatment is the patient's (issues 12 and 18).

When every symptom a message tells is a relative's ("my mum ... now she's burning up"), the
chat is about that relative, and so is the treatment told with it. A relative's treatment
beside the writer's own symptom stays the relative's.
"""

from __future__ import annotations

import pytest
from support import parse as support_parse
from support import urgency_of


def parse(component, text: str) -> list[dict]:
    return support_parse(component, text).get("entities")


def treatments(entities: list[dict]) -> set[tuple[str, str | None]]:
    return {(e["value"], e.get("role")) for e in entities if e["entity"] == "treatment"}


@pytest.mark.parametrize(
    "text, treatment",
    [
        (
            "My mum had chemo on Monday, now she's burning up, 39.1, shaking so hard her "
            "teeth chatter",
            "chemotherapy",
        ),
        (
            "my sister had her immunotherapy drip last week and now she's burning up and "
            "says she feels dreadful",
            "immunotherapy",
        ),
        (
            "Mum had radiotherapy to her spine 3 weeks ago. Tonight she feels hot and shivery",
            "radiotherapy",
        ),
    ],
)
def test_a_carers_relative_on_treatment_with_a_fever_is_an_emergency(
    component, knowledge, text, treatment
):
    entities = parse(component, text)
    assert (treatment, None) in treatments(entities)
    assert urgency_of(text, entities, knowledge) == "emergency"


def test_a_relatives_treatment_beside_the_writers_own_fever_stays_theirs(component, knowledge):
    text = "my sister had chemo last week and I have a temperature of 38.5"
    entities = parse(component, text)
    assert not any(role is None for _, role in treatments(entities))
    assert urgency_of(text, entities, knowledge) != "emergency"


def test_a_relatives_treatment_long_ago_is_not_the_patients_history(component):
    entities = parse(component, "my aunt had chemo years ago and now my mum has a cough")
    histories = [e for e in entities if e["entity"] == "cancer_history"]
    assert histories and all(e.get("role") == "other_person" for e in histories)
    assert ("chemotherapy", None) not in treatments(entities)
