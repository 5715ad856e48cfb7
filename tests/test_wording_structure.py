"""The assessment's messages built from a small made-up knowledge base: what each message
carries (labels, reasons, notes, red flags, the person's answers), not how it is worded, so
the wording can change freely. Found by `make mutate` (issue 19): each test here killed
mutants of symptom_checker/wording.py that survived the suite."""

from __future__ import annotations

import re

from symptom_checker.repository import Site, SiteLink, Symptom
from symptom_checker.triage import assess
from symptom_checker.wording import assessment_messages, join_labels, structured_summary
from tests.test_triage_rules import MadeUpKnowledge, make_rule, make_symptom


def linked_symptom(symptom_id: str, label: str, *links: tuple[str, str]) -> Symptom:
    return Symptom(
        id=symptom_id,
        label=label,
        urgency="soon",
        urgency_reason="made up",
        links=tuple(SiteLink(site, why, "test") for site, why in links),
        general=False,
        general_note=None,
        source_ids=(),
    )


class SiteKnowledge(MadeUpKnowledge):
    def site(self, site_id: str) -> Site | None:
        return Site(id=site_id, name=f"the {site_id}", summary="made up")


KNOWLEDGE = SiteKnowledge(
    [
        linked_symptom("hip_ache", "aching hips", ("bone", "Spread to bone aches.")),
        linked_symptom("rib_ache", "sore ribs", ("bone", "Ribs are bone too.")),
        make_symptom("tired", "soon"),  # general, without a note of its own
        make_symptom("fit", "emergency"),
        make_symptom("a", "soon"),
        make_symptom("b", "soon"),
    ],
    rules=[make_rule("a_with_b", {"a", "b"}, "urgent")],
)


def texts(*args, **kwargs) -> list[str]:
    return [m.text for m in assessment_messages(*args, **kwargs) if m.text]


def test_labels_are_joined_as_a_sentence():
    assert join_labels([]) == ""
    assert join_labels(["aching hips"]) == "aching hips"
    assert join_labels(["aching hips", "a cough"]) == "aching hips and a cough"
    assert join_labels(["a", "b", "c", "d"]) == "a, b, c and d"


def test_labels_with_commas_of_their_own_are_joined_with_semicolons():
    joined = join_labels(["headaches, or a pounding head", "a cough", "tiredness"])

    assert joined == "headaches, or a pounding head; a cough and tiredness"


def test_a_site_line_names_its_symptoms_and_every_reason_once():
    said = "\n".join(texts(assess(["hip_ache", "rib_ache"], [], KNOWLEDGE)))

    [line] = [line for line in said.splitlines() if "the bone" in line]
    assert line.startswith("• ")
    assert "aching hips and sore ribs" in line
    assert line.endswith("Spread to bone aches. Ribs are bone too.")


def test_a_general_symptom_gets_its_own_capitalised_line_with_a_note():
    said = "\n".join(texts(assess(["tired"], [], KNOWLEDGE)))

    [line] = [line for line in said.splitlines() if line.startswith("• ")]
    assert re.fullmatch(r"• Tired: [A-Z][a-z].{10,}", line)
    assert "None" not in said


def test_nothing_present_means_no_site_lines():
    said = "\n".join(texts(assess([], ["hip_ache"], KNOWLEDGE)))

    assert not any(line.startswith("• ") for line in said.splitlines())


def test_the_summary_carries_the_duration_and_a_cancer_history_adds_a_sentence():
    assessment = assess(["hip_ache"], [], KNOWLEDGE)
    with_history = texts(assessment, "two weeks", "yes")
    without = texts(assessment, "two weeks", "no")

    assert any("two weeks" in text for text in with_history)
    assert without == texts(assessment, "two weeks", None)
    assert len(with_history) == len(without)
    longer = [a for a, b in zip(with_history, without, strict=True) if a != b]
    assert len(longer) == 1 and len(longer[0]) > 40 + len(without[0])
    # With nothing present, a history changes nothing.
    nothing = assess([], ["hip_ache"], KNOWLEDGE)
    assert texts(nothing, None, "yes") == texts(nothing, None, "no")


def test_sentences_of_the_summary_are_separated_by_one_space():
    summary = texts(assess(["hip_ache"], ["tired"], KNOWLEDGE), "a week")[0]  # the first

    assert "a week" in summary
    assert not re.search(r"[.:][^ \n]", summary.rstrip("."))


def test_an_urgent_combination_is_named_with_its_advice_on_its_own_line():
    said = "\n".join(texts(assess(["a", "b"], [], KNOWLEDGE)))

    assert "\n• a_with_b: made up for the test" in said
    assert "None" not in said


def test_an_emergency_names_its_rule_first_and_mentions_an_emergency_number():
    knowledge = SiteKnowledge(
        [make_symptom("a", "soon"), make_symptom("b", "soon")],
        rules=[make_rule("a_with_b", {"a", "b"}, "emergency")],
    )
    assessment = assess(["a", "b"], [], knowledge)
    said = texts(assessment)

    assert "\n• a_with_b: made up for the test" in said[0]
    assert structured_summary(assessment)["red_flags"] == ["a_with_b"]
    assert all(re.search(r"\b\d{3}\b", text) for text in (said[0], said[-1]))
    assert not any("None" in text for text in said)


def test_no_urgency_leaves_a_blank_in_its_headline_or_closing():
    for present in (["hip_ache"], ["a", "b"], ["fit"]):
        said = texts(assess(present, [], KNOWLEDGE))
        assert "see a doctor" in said[-1].lower()
        assert not any("None" in text or "{" in text for text in said), present


def numbers_in(text: str) -> str:
    """'911, 999 or 112' from a text that names the emergency numbers."""
    found = re.search(r"(?<!\w)\d+, [\d, a-z]*\d(?!\w)", text)
    assert found, text
    return found.group()


def test_the_urgent_closing_names_the_same_emergency_numbers_as_an_emergency():
    knowledge = SiteKnowledge(
        [make_symptom("a", "soon"), make_symptom("b", "soon"), make_symptom("fit", "emergency")],
        rules=[make_rule("a_with_b", {"a", "b"}, "urgent")],
    )
    urgent_closing = texts(assess(["a", "b"], [], knowledge))[-1]
    emergency_headline = texts(assess(["fit"], [], knowledge))[-1].splitlines()[0]

    assert numbers_in(urgent_closing) == numbers_in(emergency_headline)


def test_an_emergency_still_gives_the_summary_with_the_duration_and_history():
    emergency = assess(["fit", "hip_ache"], [], KNOWLEDGE)
    with_history = texts(emergency, "an hour ago", "yes")
    without = texts(emergency, "an hour ago", "no")

    assert emergency.is_emergency
    assert any("an hour ago" in text and "aching hips" in text for text in with_history)
    assert without == texts(emergency, "an hour ago", None)
    assert [len(a) > len(b) for a, b in zip(with_history, without, strict=True)].count(True) == 1
