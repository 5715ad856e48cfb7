"""The assessment's messages built from a small made-up knowledge base: what each message
carries (labels, reasons, notes, red flags, the person's answers), not how it is worded, so
the wording can change freely. Found by `make mutate` (issue 19): each test here killed
mutants of symptom_checker/wording.py that survived the suite. Since issue 13 the reasons,
notes and red-flag advice are in the "Why?" / "Tell me more" answer (`explanation_messages`),
so the tests look for them there."""

from __future__ import annotations

import re
from dataclasses import replace

from symptom_checker.knowledge import Knowledge, RedFlagRule, Site, SiteLink, Symptom
from symptom_checker.services import available_countries, load_services
from symptom_checker.triage import assess
from symptom_checker.wording import (
    EXPLAIN_PAYLOAD,
    assessment_messages,
    explanation_messages,
    join_labels,
    structured_summary,
    symptom_question_answer,
)
from tests.test_triage_rules import made_up_knowledge, make_rule, make_symptom


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


def SiteKnowledge(symptoms: list[Symptom], rules: list[RedFlagRule]) -> Knowledge:  # noqa: N802
    """A made-up knowledge base whose symptoms' sites all exist."""
    site_ids = dict.fromkeys(link.site_id for symptom in symptoms for link in symptom.links)
    sites = [Site(id=site_id, name=f"the {site_id}", summary="made up") for site_id in site_ids]
    return made_up_knowledge(symptoms, rules, sites)


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


def explained(assessment) -> str:
    """The "Why?" / "Tell me more" answer, all its texts."""
    return "\n".join(m.text for m in explanation_messages(assessment) if m.text)


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


def test_a_site_line_names_its_symptoms_and_every_reason_once():
    """The pushed site line names the site's symptoms; its reasons are in the explanation
    (behind the button since issue 13), each reason once even when two symptoms share it."""
    knowledge = SiteKnowledge(
        KNOWLEDGE.symptoms(["hip_ache", "rib_ache"])
        + [linked_symptom("spine_ache", "a stiff spine", ("bone", "Spread to bone aches."))],
        rules=[],
    )
    assessment = assess(["hip_ache", "rib_ache", "spine_ache"], [], knowledge)

    [line] = [line for line in "\n".join(texts(assessment)).splitlines() if "the bone" in line]
    assert line.startswith("• ")
    assert "aching hips, sore ribs and a stiff spine" in line
    [why] = [line for line in bullets(explained(assessment)) if "bone" in line.lower()]
    assert why.startswith("• The bone: ")
    assert why.endswith(": Spread to bone aches. Ribs are bone too.")
    assert not any("Spread to bone aches" in text for text in texts(assessment))


def test_a_general_symptom_gets_its_own_capitalised_line_with_a_note():
    """The note is in the explanation (behind the button since issue 13): a symptom without a
    note of its own gets the general one, a symptom with a note gets its own."""
    noted = replace(make_symptom("weary", "soon"), general_note="Weariness has many causes.")
    knowledge = SiteKnowledge(KNOWLEDGE.symptoms(["tired"]) + [noted], rules=[])

    said = explained(assess(["tired"], [], knowledge))
    [line] = bullets(said)
    assert re.fullmatch(r"• Tired: [A-Z][a-z].{10,}", line)
    assert "None" not in said
    both = bullets(explained(assess(["tired", "weary"], [], knowledge)))
    assert both[0] == line
    assert both[1] == "• Weary: Weariness has many causes."
    # The pushed messages still say a general symptom can be linked to anywhere.
    assert "tired" in "\n".join(texts(assess(["tired"], [], knowledge)))


def test_nothing_present_means_no_site_lines():
    nothing = assess([], ["hip_ache"], KNOWLEDGE)
    said = "\n".join(texts(nothing))

    assert not bullets(said)
    assert not bullets(explained(nothing))


def test_the_summary_carries_the_duration_and_a_cancer_history_adds_a_sentence():
    assessment = assess(["hip_ache"], [], KNOWLEDGE)
    with_history = texts(assessment, "two weeks", "yes")
    without = texts(assessment, "two weeks", "no")

    assert any("two weeks" in text and "aching hips" in text for text in with_history)
    assert without == texts(assessment, "two weeks", None)
    assert len(with_history) == len(without)
    [(longer, shorter)] = [(a, b) for a, b in zip(with_history, without, strict=True) if a != b]
    assert longer.startswith(shorter) and len(longer) > 40 + len(shorter)
    # With nothing present, a history changes nothing.
    nothing = assess([], ["hip_ache"], KNOWLEDGE)
    assert texts(nothing, None, "yes") == texts(nothing, None, "no")


def test_each_symptom_carries_its_own_duration():
    """Since issue 13 each symptom can have its own "since when": each is shown once, after
    its own symptom; an unknown one is not shown."""
    assessment = assess(["hip_ache", "rib_ache", "tired"], [], KNOWLEDGE)
    durations = {"hip_ache": "since Monday", "rib_ache": "not sure", "tired": "a month"}
    [summary] = [text for text in texts(assessment, durations=durations) if "since Monday" in text]

    order = [summary.find(part) for part in ("aching hips", "since Monday", "sore ribs", "tired")]
    assert -1 not in order and order == sorted(order), summary
    assert summary.count("since Monday") == summary.count("a month") == 1
    assert summary.find("a month") > summary.find("tired")
    assert "not sure" not in summary


def test_sentences_of_the_summary_are_separated_by_one_space():
    """The summary first of all, then every text of every level (headlines and closings are
    built from sentences too)."""
    said = texts(assess(["hip_ache"], ["tired"], KNOWLEDGE), "a week")
    [summary] = [text for text in said if "aching hips" in text and "tired" in text]

    assert "a week" in summary
    every = said + [
        text
        for present in (["a", "b"], ["fit", "hip_ache"])
        for text in texts(assess(present, [], KNOWLEDGE), "a week", "yes", on_treatment="yes")
    ]
    for text in every:
        assert not re.search(r"[.:][^ \n]", text.rstrip(".")), text
        assert "  " not in text, text


def test_an_urgent_combination_is_named_with_its_advice_on_its_own_line():
    """The headline names the combination; its advice is on its own line of the explanation
    (behind the button since issue 13)."""
    assessment = assess(["a", "b"], [], KNOWLEDGE)
    said = texts(assessment)

    assert assessment.urgency == "urgent"
    assert "a_with_b" in said[0]
    assert "\n• a_with_b: made up for the test" in explained(assessment)
    assert not any("None" in text for text in said)
    assert "None" not in explained(assessment)


def test_an_emergency_names_its_rule_first_and_mentions_an_emergency_number():
    """The first text says what to do, with the emergency number of the deployment's
    services; the rule is named in the summary and first in the "Why?" explanation (the
    emergency turn itself is kept short since issue 13), its advice without a second "call
    the emergency number"."""
    rule = replace(
        make_rule("a_with_b", {"a", "b"}, "emergency"),
        advice="Made up for the test. Call the emergency number now.",
    )
    knowledge = SiteKnowledge([make_symptom("a", "soon"), make_symptom("b", "soon")], [rule])
    assessment = assess(["a", "b"], [], knowledge)
    said = texts(assessment, services=load_services("gb"))

    assert "999" in said[0]
    assert not any("999" in text for text in said[1:])
    assert structured_summary(assessment)["red_flags"] == ["a_with_b"]
    assert assessment_messages(assessment)[-1].buttons[0]["payload"] == EXPLAIN_PAYLOAD
    why = bullets(explained(assessment))
    assert why[0] == "• a_with_b: Made up for the test."
    assert len(why) == 3  # the rule, then a and b
    assert not any("None" in text for text in said)


def test_the_urgent_closing_names_the_same_emergency_numbers_as_an_emergency():
    """Since issue 13 the urgent closing names no emergency number; who to call at both
    levels comes from the same services: the emergency instruction names the deployment's
    emergency number, and on treatment the urgent and the emergency closings name the same
    treatment line."""
    knowledge = SiteKnowledge(
        [make_symptom("a", "soon"), make_symptom("b", "soon"), make_symptom("fit", "emergency")],
        rules=[make_rule("a_with_b", {"a", "b"}, "urgent")],
    )
    for country in available_countries():
        services = load_services(country)
        urgent = texts(assess(["a", "b"], [], knowledge), on_treatment="yes", services=services)
        emergency = texts(assess(["fit"], [], knowledge), on_treatment="yes", services=services)

        assert services.call_emergency in emergency[0], country
        assert services.treatment_line in urgent[-1], country
        assert services.treatment_line in emergency[-1], country
        assert not any(services.call_emergency in text for text in urgent), country


def test_an_emergency_still_gives_the_summary_with_the_duration_and_history():
    """Since issue 13 an emergency turn is short on purpose: it names the symptoms and where
    they can be linked, but no longer repeats the duration or the history. The answer that
    still changes it is the nearest one: being on treatment adds the treatment line, to one
    message only."""
    emergency = assess(["fit", "hip_ache"], [], KNOWLEDGE)
    on_treatment = texts(emergency, "an hour ago", "yes", on_treatment="yes")
    not_on = texts(emergency, "an hour ago", "yes", on_treatment="no")

    assert emergency.is_emergency
    assert any("fit" in text and "aching hips" in text and "the bone" in text for text in not_on)
    assert not_on == texts(emergency) == texts(emergency, on_treatment=None)
    assert len(on_treatment) == len(not_on)
    [(longer, shorter)] = [(a, b) for a, b in zip(on_treatment, not_on, strict=True) if a != b]
    assert longer.endswith(shorter) and load_services().treatment_line in longer


def test_no_urgency_leaves_a_blank_in_its_headline_or_closing():
    for present in (["hip_ache"], ["a", "b"], ["fit"]):
        said = texts(assess(present, [], KNOWLEDGE))
        assert "see a doctor" in said[-1].lower()
        assert not any("None" in text or "{" in text for text in said), present


# Answers to a question about symptoms ("can it cause fits?", actions/disease_info.py): the
# knowledge base's reasons, the parts of the body, and for a red flag what to do if it happens.
ARMPIT_LUMP = linked_symptom(
    "armpit_lump",
    "a lump in the armpit",
    ("lymph_nodes", "Cancer in the lymph nodes can make them swell."),
)
COUGH = linked_symptom("cough", "a cough", ("lungs", "Spread can cause a cough that lasts."))
FITS = replace(
    linked_symptom("fits", "fits", ("brain", "Spread to the brain can cause them.")),
    urgency="emergency",
)


def test_an_answer_names_each_place_once_in_the_reasons_or_after_them():
    """The reasons are said in the knowledge base's words. A part of the body they already
    name is not named again, though the site's own name has "the" before it or a gloss in
    brackets ("the lymph nodes (glands)"); one they do not name is named after them, once."""
    hip = KNOWLEDGE.symptom("hip_ache")  # "Spread to bone aches."
    # symptom -> (the site's name, how it is said in the answer)
    sites = {
        hip: ("the bone", "bone"),  # named by the reason, without "the"
        ARMPIT_LUMP: ("the lymph nodes (glands)", "lymph nodes"),  # by the reason, no gloss
        COUGH: ("the lungs", "lung"),  # not named by the reason
    }
    for asked in ([hip], [ARMPIT_LUMP], [COUGH], [hip, ARMPIT_LUMP, COUGH]):
        answer = symptom_question_answer(asked, [sites[symptom][0] for symptom in asked])
        for symptom, (_, said) in sites.items():
            assert answer.lower().count(said) == (1 if symptom in asked else 0), answer
        for symptom in asked:
            assert symptom.links[0].why in answer, answer
        assert "(glands)" not in answer, answer


def test_an_answer_about_a_symptom_tied_to_no_place_gives_its_note_or_else_why_it_matters():
    """A symptom linked to no part of the body is answered with its own note; one without a
    note with its urgency reason, never an empty "None"."""
    noted = replace(
        make_symptom("weary", "soon"),
        general_note="Weariness has many causes.",
        urgency_reason="Weariness that lasts should be checked.",
    )
    plain = make_symptom("tired", "soon")  # no note; its urgency reason: "made up for the test"

    answer = symptom_question_answer([noted], [])
    assert noted.general_note in answer and noted.urgency_reason not in answer, answer
    answer = symptom_question_answer([plain], [])
    assert plain.urgency_reason in answer and "None" not in answer, answer


def test_an_answer_about_a_red_flag_names_it_in_what_to_do_if_it_happens():
    """A red-flag symptom asked about: the answer says to get help if it happens, naming it
    by its label (the reasons do not); a symptom that is no red flag gets no such sentence."""
    hip = KNOWLEDGE.symptom("hip_ache")

    answer = symptom_question_answer([FITS, hip], ["the brain", "the bone"])
    assert answer.count("fits") == 1, answer
    assert "None" not in answer
    assert hip.label not in answer
