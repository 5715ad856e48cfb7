"""The medical knowledge base: the contract's symptoms and sites, red flags, disease topics,
the loader's checks, its agreement with the lexicon, the one-way publish to a database and
the database connection."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from contract import CONTRACT_SYMPTOM_IDS
from sqlalchemy import CheckConstraint
from sqlalchemy import text as sql
from sqlalchemy.engine import Engine

import actions.config
from symptom_checker.database import (
    PROJECT_ROOT,
    DatabaseUnavailable,
    default_database_url,
    make_engine,
    masked_url,
)
from symptom_checker.knowledge import URGENCY_LEVELS, Knowledge, KnowledgeError
from symptom_checker.loader import (
    DEFAULT_KNOWLEDGE_DIR,
    main,
    publish_knowledge,
    published_fingerprint,
    read_knowledge,
)
from symptom_checker.models import Base, KbRedFlagRule, KbSymptom
from symptom_checker.records import AssessmentRecordRow
from symptom_nlu.lexicon import load_lexicon

# The contract's table (docs/contract.md): canonical symptom id -> possible sites.
CONTRACT_SITES: dict[str, set[str]] = {
    "breast_lump": {"breast_chest_wall"},
    "breast_shape_change": {"breast_chest_wall"},
    "nipple_inversion": {"breast_chest_wall"},
    "nipple_discharge": {"breast_chest_wall"},
    "skin_dimpling": {"breast_chest_wall"},
    "orange_peel_skin": {"breast_chest_wall"},
    "skin_ulcer": {"breast_chest_wall"},
    "armpit_lump": {"lymph_nodes"},
    "neck_lump": {"lymph_nodes"},
    "arm_swelling": {"lymph_nodes"},
    "bone_pain": {"bone"},
    "back_pain": {"bone"},
    "fracture": {"bone"},
    "headache": {"brain"},
    "seizure": {"brain"},
    "unsteadiness": {"brain"},
    "confusion": {"brain"},
    "vision_change": {"brain"},
    "limb_weakness": {"brain", "bone"},
    "bladder_bowel_control_loss": {"bone"},
    "shortness_of_breath": {"lung"},
    "cough": {"lung"},
    "coughing_blood": {"lung"},
    "chest_pain": {"lung"},
    "jaundice": {"liver"},
    "abdominal_swelling": {"liver"},
    "right_upper_abdominal_pain": {"liver"},
    "loss_of_appetite": {"liver"},
    "weight_loss": set(),
    "fatigue": set(),
}

# The ids the contract adds for acute oncology (issue 18), with their possible sites (an
# empty set: a general symptom, which says why it points nowhere).
ACUTE_ONCOLOGY_SITES: dict[str, set[str]] = {
    "fever": set(),
    "feeling_unwell": set(),
    "drowsiness": {"brain", "bone"},
    "vomiting": {"brain", "liver", "bone"},
    "excessive_thirst": {"bone"},
    "frequent_urination": {"bone"},
    "constipation": {"bone"},
    "face_neck_swelling": {"lymph_nodes"},
    "leg_swelling": set(),
    "bleeding_bruising": {"bone"},
    "breathless_lying_flat": {"lung"},
    "fainting": set(),
}

EMERGENCY_SYMPTOMS = {
    "seizure",
    "limb_weakness",
    "bladder_bowel_control_loss",
    "confusion",
    "coughing_blood",
    "chest_pain",
}
# Emergencies on their own among the added ids: drowsiness (the contract's acute list).
ACUTE_EMERGENCY_SYMPTOMS = {"drowsiness"}
URGENT_SYMPTOMS = {"fracture", "unsteadiness", "vision_change", "shortness_of_breath", "jaundice"}
ACUTE_URGENT_SYMPTOMS = {
    "fever",
    "face_neck_swelling",
    "leg_swelling",
    "bleeding_bruising",
    "breathless_lying_flat",
    "fainting",
}
# Emergency rules that rest on how a symptom presents or on treatment, not on a contract
# red-flag symptom (the contract's acute-oncology emergencies).
ACUTE_EMERGENCY_RULES = {
    "neutropenic_sepsis_fever",
    "neutropenic_sepsis_unwell",
    "high_calcium_with_drowsiness",
    "drowsiness",
    "back_pain_radiating",
    "back_pain_cannot_walk",
    "breathless_at_rest_or_sudden",
    "clot_with_breathlessness",
    "face_neck_swelling_noisy_breathing",
    "face_neck_swelling_breathless",
    "fracture_weight_bearing",
    "fracture_of_the_back",
    "heavy_bleeding",
    # a wound or an open tumour bleeding heavily (UKONS triage; session 33)
    "heavy_bleeding_from_a_wound",
    # uncontrolled bleeding inside: blood in vomit or vomit like coffee grounds (NHS: A&E)
    "blood_in_vomit",
    "sudden_loss_of_sight",
    "fainting_with_breathlessness",
    "arm_clot_with_breathlessness",
    "bone_pain_cannot_bear_weight",
    # a sore or leaking line site with a temperature or feeling unwell: an infection in the
    # blood from the line (UKONS triage; session 32)
    "line_site_with_a_temperature",
    # the learned emergency net: a feature no word finds (symptom_nlu/emergency_model.py)
    "emergency_words",
}

DESIGN_TOPICS = [
    "what_is_metastatic",
    "how_it_spreads",
    "where_it_spreads",
    "dormant_cells",
    "micrometastases",
    "sentinel_node_biopsy",
    "recurrence",
    "treatment",
    "symptoms_of_spread",
    "diagnosis_tests",
    "new_treatments",
    "male_breast_cancer",
    "survival",
    "isolated_tumour_cells",
]

ORGAN_WORDS = {
    "breast_chest_wall": "breast",
    "lymph_nodes": "lymph node",
    "bone": "bone",
    "brain": "brain",
    "lung": "lung",
    "liver": "liver",
}

# What the seed pages themselves say: (symptom, site, the seeds that state it). The link's
# own source is one of these seeds, and the symptom lists all of them among its sources.
SEED_STATED_LINKS: list[tuple[str, str, set[str]]] = [
    ("bone_pain", "bone", {"seed_001"}),
    ("fracture", "bone", {"seed_001"}),
    ("headache", "brain", {"seed_001"}),
    ("seizure", "brain", {"seed_001"}),
    ("unsteadiness", "brain", {"seed_001"}),
    ("shortness_of_breath", "lung", {"seed_001"}),
    ("abdominal_swelling", "liver", {"seed_001"}),
    ("jaundice", "liver", {"seed_001"}),
    ("armpit_lump", "lymph_nodes", {"seed_000", "seed_002"}),
    ("neck_lump", "lymph_nodes", {"seed_002", "seed_003"}),
    ("breast_lump", "breast_chest_wall", {"seed_000"}),
    ("skin_dimpling", "breast_chest_wall", {"seed_000"}),
    ("skin_ulcer", "breast_chest_wall", {"seed_000"}),
    ("nipple_inversion", "breast_chest_wall", {"seed_000"}),
    ("breast_shape_change", "breast_chest_wall", {"seed_000"}),
    ("nipple_discharge", "breast_chest_wall", {"seed_000"}),
    ("orange_peel_skin", "breast_chest_wall", {"seed_000"}),
]

DIAGNOSING_PHRASES = re.compile(
    r"\byou(?: have|'ve got| have got) (?:breast )?(?:cancer|metasta\w*|secondary|a tumou?r)",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def repository() -> Knowledge:
    return read_knowledge()


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A copy of data/knowledge to change without touching the real files."""
    copy = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, copy)
    return copy


@pytest.fixture
def fresh_engine() -> Iterator[Engine]:
    engine = make_engine("sqlite+pysqlite:///:memory:")
    yield engine
    engine.dispose()


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path.name}"
    path.write_text(content.replace(old, new, count), encoding="utf-8")


def every_text(repository: Knowledge) -> list[str]:
    texts: list[str] = []
    for symptom in repository.symptoms(repository.symptom_ids()):
        texts += [symptom.label, symptom.urgency_reason, symptom.general_note or ""]
        texts += [link.why for link in symptom.links]
    for site in repository.sites():
        texts += [site.name, site.summary]
    for rule in repository.red_flag_rules():
        texts += [rule.title, rule.advice]
    for topic_id in repository.topic_ids():
        topic = repository.topic(topic_id)
        texts += [topic.title, topic.answer]
    return texts


# --- Symptoms and sites ------------------------------------------------------------------------


def test_every_contract_symptom_id_is_in_the_knowledge_base(repository):
    contract_ids = CONTRACT_SYMPTOM_IDS
    assert len(contract_ids) == 30
    missing = set(contract_ids) - set(repository.symptom_ids())
    assert not missing


@pytest.mark.parametrize("symptom_id, sites", sorted(CONTRACT_SITES.items()))
def test_every_contract_symptom_maps_to_its_contract_sites(repository, symptom_id, sites):
    symptom = repository.symptom(symptom_id)
    assert set(symptom.site_ids) == sites
    for link in symptom.links:
        assert link.why.strip()
        assert repository.source(link.source_id) is not None


@pytest.mark.parametrize("symptom_id, sites", sorted(ACUTE_ONCOLOGY_SITES.items()))
def test_every_acute_oncology_symptom_has_its_sites_or_says_why_it_has_none(
    repository, symptom_id, sites
):
    symptom = repository.symptom(symptom_id)
    assert symptom is not None, symptom_id
    assert set(symptom.site_ids) == sites
    if not sites:
        assert (
            symptom.general
            and "not" in symptom.general_note
            or "cancer" in (symptom.general_note or "")
        )
    for link in symptom.links:
        assert link.why.strip() and link.source_id in symptom.source_ids


@pytest.mark.parametrize("symptom_id", ["weight_loss", "fatigue"])
def test_general_symptoms_point_to_no_single_site_and_say_why(repository, symptom_id):
    symptom = repository.symptom(symptom_id)
    assert symptom.links == ()
    assert symptom.general
    assert "other causes" in symptom.general_note


def test_loss_of_appetite_points_to_the_liver_and_is_also_general(repository):
    symptom = repository.symptom("loss_of_appetite")
    assert symptom.site_ids == ("liver",)
    assert symptom.general and symptom.general_note


@pytest.mark.parametrize("symptom_id, site_id, seeds", SEED_STATED_LINKS)
def test_every_seed_stated_link_is_present(repository, symptom_id, site_id, seeds):
    symptom = repository.symptom(symptom_id)
    links = {link.site_id: link for link in symptom.links}
    assert site_id in links, f"{symptom_id} does not point to {site_id}"
    assert links[site_id].source_id in seeds
    assert seeds <= set(symptom.source_ids)


def test_each_site_is_named_with_its_organ_in_plain_words(repository):
    sites = {site.id: site for site in repository.sites()}
    assert set(sites) == set(ORGAN_WORDS)
    for site_id, organ in ORGAN_WORDS.items():
        assert organ in sites[site_id].name.lower()
        assert sites[site_id].summary.strip()
        assert sites[site_id].source_ids


def test_every_fact_names_a_source_that_exists(repository):
    cited = set()
    for symptom in repository.symptoms(repository.symptom_ids()):
        assert symptom.source_ids, symptom.id
        cited |= set(symptom.source_ids) | {link.source_id for link in symptom.links}
    for rule in repository.red_flag_rules():
        cited.add(rule.source_id)
    for topic_id in repository.topic_ids():
        topic = repository.topic(topic_id)
        assert topic.source_ids, topic_id
        cited |= set(topic.source_ids)
    for source_id in cited:
        source = repository.source(source_id)
        assert source is not None, source_id
        assert source.title and source.publisher
    for seed in ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004"):
        assert repository.source(seed) is not None


def test_every_knowledge_fact_has_a_source_that_is_listed(repository):
    # Every fact (a symptom and its urgency, each site link, each site, each rule, each
    # topic) names at least one source, and every named source exists with a publisher.
    facts: list[tuple[str, tuple[str, ...]]] = []
    for symptom in repository.symptoms(repository.symptom_ids()):
        facts.append((f"symptom {symptom.id}", symptom.source_ids))
        facts += [(f"link {symptom.id}->{k.site_id}", (k.source_id,)) for k in symptom.links]
    facts += [(f"site {site.id}", site.source_ids) for site in repository.sites()]
    facts += [(f"rule {rule.id}", (rule.source_id,)) for rule in repository.red_flag_rules()]
    facts += [
        (f"topic {t.id}", t.source_ids) for t in map(repository.topic, repository.topic_ids())
    ]
    for fact, source_ids in facts:
        assert source_ids, f"{fact} names no source"
        for source_id in source_ids:
            source = repository.source(source_id)
            assert source is not None, f"{fact}: unknown source {source_id}"
            assert source.publisher.strip() and source.title.strip(), source_id


def test_the_acute_oncology_guidelines_are_sources_with_their_addresses(repository):
    for source_id, address in {
        "nice_cg151": "nice.org.uk/guidance/cg151",
        "nice_ng234": "nice.org.uk/guidance/ng234",
        "ukons_triage": "ukacuteoncology.co.uk",
        "macmillan_svco": "macmillan.org.uk",
    }.items():
        source = repository.source(source_id)
        assert source is not None and address in (source.url or ""), source_id


def test_each_seed_page_is_attributed_to_the_publisher_its_text_names(repository):
    assert "iLive" in repository.source("seed_000").publisher
    assert "MedHelp" in repository.source("seed_001").publisher
    assert "Healthwise" in repository.source("seed_002").publisher
    # The saved text of seed_004 is vigortip.com's reworded copy, not a medical body's page.
    assert "vigortip.com" in repository.source("seed_004").publisher
    assert "Cancer Research UK" not in repository.source("seed_003").publisher
    # seed_003 names no publisher at all: it says so rather than guess.
    assert repository.source("seed_003").publisher.startswith("Not named")


def test_seed_links_state_only_what_the_seed_says(repository):
    # seed_001 names the symptom and the organ; how it happens is not on that page.
    for symptom_id in ("headache", "seizure", "jaundice", "abdominal_swelling"):
        (link,) = repository.symptom(symptom_id).links
        assert link.source_id == "seed_001"
        for unsupported in ("pressure", "electrical", "bilirubin", "fluid"):
            assert unsupported not in link.why.lower(), (symptom_id, unsupported)


def test_repository_returns_known_symptoms_in_the_order_asked(repository):
    found = repository.symptoms(["cough", "not_a_symptom", "seizure", "cough"])
    assert [symptom.id for symptom in found] == ["cough", "seizure"]
    assert repository.symptom("not_a_symptom") is None
    assert repository.site("pancreas") is None


# --- Urgency and red flags ----------------------------------------------------------------


def test_emergency_symptoms_are_exactly_the_contract_red_flags(repository):
    symptoms = repository.symptoms(repository.symptom_ids())
    emergencies = {s.id for s in symptoms if s.urgency == "emergency"}
    assert emergencies == EMERGENCY_SYMPTOMS | ACUTE_EMERGENCY_SYMPTOMS


@pytest.mark.parametrize("symptom_id", sorted(CONTRACT_SITES | ACUTE_ONCOLOGY_SITES))
def test_each_symptom_has_its_own_urgency_with_a_reason(repository, symptom_id):
    symptom = repository.symptom(symptom_id)
    if symptom_id in EMERGENCY_SYMPTOMS | ACUTE_EMERGENCY_SYMPTOMS:
        expected = "emergency"
    elif symptom_id in URGENT_SYMPTOMS | ACUTE_URGENT_SYMPTOMS:
        expected = "urgent"
    else:
        expected = "soon"
    assert symptom.urgency == expected
    assert symptom.urgency_reason.strip()


@pytest.mark.parametrize("symptom_id", sorted(EMERGENCY_SYMPTOMS))
def test_each_contract_red_flag_has_its_own_emergency_rule(repository, symptom_id):
    rules = [
        r
        for r in repository.red_flag_rules()
        if r.symptom_ids == frozenset({symptom_id}) and not (r.features_any or r.requires)
    ]
    assert len(rules) == 1
    assert rules[0].urgency == "emergency"
    assert "emergency number" in rules[0].advice


def test_the_presentation_questions_are_part_of_the_one_knowledge(repository):
    questions = {q.id: q for q in repository.presentation_questions()}
    assert (
        repository.presentation_question("breathless_severity") is questions["breathless_severity"]
    )
    assert questions["breathless_severity"].symptoms == ("shortness_of_breath",)
    assert questions["breathless_severity"].on_yes == {"at_rest"}
    assert {"at_rest", "on_exertion"} <= questions["breathless_severity"].answered_by
    for question in questions.values():
        assert set(question.symptoms) <= set(repository.symptom_ids())
        assert repository.source(question.source_id) is not None


def test_an_emergency_on_its_own_is_written_once_in_the_files():
    # symptoms.yml says a symptom is an emergency on its own; red_flags.yml's entry about
    # that symptom alone gives its advice and no urgency, so the two can never disagree.
    symptoms = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / "symptoms.yml").read_text())["symptoms"]
    rules = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / "red_flags.yml").read_text())["red_flags"]
    conditions = ("any_of", "features_any", "features_none", "requires", "overrides")
    alone = [
        r for r in rules if len(r.get("all_of") or []) == 1 and not any(map(r.get, conditions))
    ]
    assert [r for r in alone if "urgency" in r] == []
    emergencies = {s["id"] for s in symptoms if s["urgency"] == "emergency"}
    assert sorted(r["all_of"][0] for r in alone) == sorted(emergencies)


@pytest.mark.parametrize(
    "combination",
    [{"back_pain", "limb_weakness"}, {"back_pain", "bladder_bowel_control_loss"}],
)
def test_spinal_cord_compression_combinations_are_emergencies(repository, combination):
    rules = [r for r in repository.red_flag_rules() if r.all_of == frozenset(combination)]
    assert len(rules) == 1
    assert rules[0].urgency == "emergency"
    assert rules[0].source_id == "nice_ng234"
    assert "spinal cord" in rules[0].advice


def test_no_rule_makes_an_emergency_without_a_contract_red_flag(repository):
    for rule in repository.red_flag_rules():
        if rule.urgency == "emergency" and rule.id not in ACUTE_EMERGENCY_RULES:
            assert rule.all_of & EMERGENCY_SYMPTOMS, f"{rule.id} over-triages"


def test_every_acute_emergency_rule_needs_a_feature_a_fact_or_a_red_flag_symptom(repository):
    # Over-triage is measured too: no acute rule makes an emergency of a milder symptom on
    # its name alone.
    rules = {rule.id: rule for rule in repository.red_flag_rules()}
    assert not ACUTE_EMERGENCY_RULES - set(rules)
    serious = EMERGENCY_SYMPTOMS | ACUTE_EMERGENCY_SYMPTOMS | {"shortness_of_breath"}
    for rule_id in ACUTE_EMERGENCY_RULES:
        rule = rules[rule_id]
        combination = len(rule.symptom_ids) > 1  # a suspected broken back, a clot in the lung
        assert (
            rule.features_any or rule.requires or combination or rule.symptom_ids & serious
        ), rule_id


def test_a_presentation_rule_does_not_make_its_symptom_a_red_flag(repository):
    # Session 9: bone pain that stops someone with breast cancer standing is a suspected
    # break (emergency), but bone pain itself stays "soon" and its everyday guards ("after
    # the gym") stay: the emergency is in how it presents, in whom.
    rule = next(r for r in repository.red_flag_rules() if r.id == "bone_pain_cannot_bear_weight")
    assert rule.presentation and rule.urgency == "emergency"
    assert rule.features_any == {"cannot_walk"} and rule.requires == {"cancer_history"}
    assert repository.symptom("bone_pain").urgency == "soon"
    assert "bone_pain" not in repository.red_flag_symptom_ids()


def test_a_presentation_rule_needs_a_feature(knowledge_copy):
    replace_in(
        knowledge_copy / "red_flags.yml",
        "    features_any: [cannot_walk]\n    requires: [cancer_history]\n",
        "    requires: [cancer_history]\n",
    )
    with pytest.raises(KnowledgeError, match="a presentation rule needs"):
        read_knowledge(knowledge_copy)


@pytest.mark.parametrize(
    "combination",
    [
        {"back_pain", "unsteadiness"},
        {"headache", "vision_change"},
        {"headache", "unsteadiness"},
        {"jaundice", "abdominal_swelling"},
    ],
)
def test_milder_worrying_combinations_are_urgent_not_emergency(repository, combination):
    rules = [r for r in repository.red_flag_rules() if r.all_of == frozenset(combination)]
    assert len(rules) == 1
    assert rules[0].urgency == "urgent"


def test_texts_name_no_urgency_level_but_their_own(repository):
    # The assessment quotes these texts; an "urgent" answer must not also say "emergency".
    levels = ("soon", "urgent", "emergency")
    for symptom in repository.symptoms(repository.symptom_ids()):
        texts = [symptom.label, symptom.urgency_reason, symptom.general_note or ""]
        texts += [link.why for link in symptom.links]
        for other in set(levels) - {symptom.urgency}:
            assert not any(other in text.lower() for text in texts), (symptom.id, other)
    for rule in repository.red_flag_rules():
        for other in set(levels) - {rule.urgency}:
            assert other not in f"{rule.title} {rule.advice}".lower(), (rule.id, other)


def test_every_rule_refers_to_known_symptoms_and_has_plain_advice(repository):
    known = set(repository.symptom_ids())
    for rule in repository.red_flag_rules():
        assert rule.symptom_ids and rule.symptom_ids <= known, rule.id
        assert rule.title.strip() and rule.advice.strip()


# --- Disease topics -----------------------------------------------------------------------


@pytest.mark.parametrize("topic_id", DESIGN_TOPICS)
def test_every_design_topic_exists_and_ends_by_pointing_to_the_care_team(repository, topic_id):
    topic = repository.topic(topic_id)
    assert topic is not None
    last_sentence = re.split(r"(?<=[.!?])\s+", topic.answer.strip())[-1].lower()
    assert "doctor" in last_sentence or "care team" in last_sentence


def test_an_intent_name_finds_its_topic(repository):
    assert repository.topic("ask_treatment") == repository.topic("treatment")


def test_topic_answers_keep_bullet_points_on_their_own_lines(repository):
    answer = repository.topic("where_it_spreads").answer
    assert "\n- the bones\n" in answer
    assert "\n" not in repository.topic("what_is_metastatic").answer


def test_micrometastases_answer_gives_the_size_limits(repository):
    answer = repository.topic("micrometastases").answer
    assert "0.2 mm" in answer and "2 mm" in answer
    assert "microscope" in answer


def test_recurrence_answer_says_local_recurrence_is_not_metastatic(repository):
    answer = repository.topic("recurrence").answer.lower()
    for kind in ("local", "regional", "distant"):
        assert kind in answer
    assert "local recurrence is not counted as metastatic" in answer


def test_treatment_answer_names_what_it_depends_on_and_its_kinds(repository):
    answer = repository.topic("treatment").answer.lower()
    for word in ("hormone receptors", "her2", "tamoxifen", "letrozole", "chemotherapy"):
        assert word in answer
    assert "control the cancer" in answer and "ease symptoms" in answer


def test_no_text_tells_the_person_they_have_cancer(repository):
    for text in every_text(repository):
        assert not DIAGNOSING_PHRASES.search(text), text


# --- Loading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file_name, old, new, expected",
    [
        ("symptoms.yml", "site: liver", "site: pancreas", ["symptoms.yml", "pancreas"]),
        ("symptoms.yml", "urgency: urgent", "urgency: critical", ["symptoms.yml", "critical"]),
        ("symptoms.yml", "source: seed_001", "source: seed_999", ["symptoms.yml", "seed_999"]),
        ("red_flags.yml", "all_of: [seizure]", "all_of: [fits]", ["red_flags.yml", "fits"]),
        ("topics.yml", "id: how_it_spreads", "id: what_is_metastatic", ["what_is_metastatic"]),
        ("sites.yml", "id: lung", "id: liver", ["sites.yml", "duplicate", "liver"]),
        ("symptoms.yml", "    label:", "    labels:", ["symptoms.yml", "breast_lump", "label"]),
        (
            "red_flags.yml",
            "urgency: urgent\n    title: Back pain",
            "urgency: soon\n    title: Back pain",
            ["back_pain_with_unsteadiness", "never lowers urgency"],
        ),
        (
            "red_flags.yml",
            "features_any: [morning_headache]",
            "features_any: [headache_in_the_morning]",
            ["morning_headache", "unknown feature", "headache_in_the_morning"],
        ),
        (
            "red_flags.yml",
            "requires: [on_treatment]\n    urgency: urgent",
            "requires: [on_chemo]\n    urgency: urgent",
            ["vomiting_on_treatment", "on_chemo"],
        ),
        (
            "red_flags.yml",
            "    overrides: [confusion]\n",
            "",
            ["gradual_forgetfulness", "never lowers urgency"],
        ),
        (
            "red_flags.yml",
            "  at_least: 2",
            "  at_least: 5",
            ["high_calcium_signs", "at_least"],
        ),
        # A symptom's urgency on its own is said once (symptoms.yml); its rule gives advice.
        (
            "symptoms.yml",
            "label: being very sleepy, or hard to wake up\n    urgency: emergency",
            "label: being very sleepy, or hard to wake up\n    urgency: urgent",
            ["'drowsiness'", "advice for 'drowsiness' alone", "'urgent', not an emergency"],
        ),
        # The presentation questions are checked with the rest of the knowledge.
        (
            "presentation_questions.yml",
            "symptoms: [shortness_of_breath]",
            "symptoms: [breathlessness]",
            [
                "presentation_questions.yml",
                "breathless_severity",
                "unknown symptom",
                "breathlessness",
            ],
        ),
        (
            "presentation_questions.yml",
            "on_yes: [at_rest]",
            "on_yes: [resting]",
            ["breathless_severity", "unknown feature", "resting"],
        ),
        (
            "presentation_questions.yml",
            "source: nhs_shortness_of_breath",
            "source: nhs_breathing",
            ["breathless_severity", "unknown source", "nhs_breathing"],
        ),
        (
            "presentation_questions.yml",
            "payload: /affirm}",
            "payload: /restart}",
            ["breathless_severity", "/restart", "no answer command"],
        ),
        (
            "presentation_questions.yml",
            "  - id: back_pain_cord_signs",
            "  - id: breathless_severity",
            ["presentation_questions.yml", "duplicate question", "breathless_severity"],
        ),
        (
            "presentation_questions.yml",
            "    on_yes: [at_rest]\n",
            "    on_yes: [at_rest]\n    on_no: [on_exertion]\n",
            ["breathless_severity", "unknown field", "on_no"],
        ),
        # The emergency said a second time, in the advice rule: the two copies come back.
        (
            "red_flags.yml",
            "all_of: [seizure]\n",
            "all_of: [seizure]\n    urgency: emergency\n",
            ["'seizure'", "symptoms.yml says ('emergency')", "remove 'urgency' here"],
        ),
        (
            "red_flags.yml",
            "all_of: [chest_pain]\n",
            "all_of: [chest_pain]\n    urgency: urgent\n",
            ["'chest_pain'", "say it once"],
        ),
        (
            "symptoms.yml",
            "label: a cough\n    urgency: soon",
            "label: a cough\n    urgency: emergency",
            ["'cough' is an emergency on its own", "all_of: [cough]"],
        ),
    ],
)
def test_loader_rejects_bad_knowledge_and_names_the_problem(
    knowledge_copy, file_name, old, new, expected
):
    replace_in(knowledge_copy / file_name, old, new)
    with pytest.raises(KnowledgeError) as raised:
        read_knowledge(knowledge_copy)
    for fragment in expected:
        assert fragment in str(raised.value)


def test_bad_knowledge_leaves_the_published_knowledge_in_place(knowledge_copy, fresh_engine):
    publish_knowledge(fresh_engine, knowledge_copy)
    published = published_fingerprint(fresh_engine)
    replace_in(knowledge_copy / "symptoms.yml", "site: liver", "site: pancreas")
    with pytest.raises(KnowledgeError):
        publish_knowledge(fresh_engine, knowledge_copy)
    assert published_fingerprint(fresh_engine) == published
    with fresh_engine.connect() as connection:
        sites = connection.execute(
            sql("SELECT site_id FROM kb_symptom_site_links WHERE symptom_id = 'jaundice'")
        ).scalars()
        assert list(sites) == ["liver"]


def test_the_action_server_reads_the_knowledge_files_not_a_database(monkeypatch, tmp_path):
    # No kb_* table anywhere: the action server's knowledge is the YAML files themselves.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    actions.config.knowledge.cache_clear()
    try:
        knowledge = actions.config.knowledge()
    finally:
        actions.config.knowledge.cache_clear()
    assert knowledge.symptom_ids() == read_knowledge().symptom_ids()
    assert knowledge.symptom("seizure").urgency == "emergency"
    assert not (tmp_path / "empty.db").exists()


def test_a_changed_yaml_file_is_what_the_next_read_gives(knowledge_copy):
    # The action server reads the files at every start: no database copy to fall behind.
    replace_in(knowledge_copy / "symptoms.yml", "label: a cough\n", "label: a dry cough\n")
    assert read_knowledge(knowledge_copy).symptom("cough").label == "a dry cough"
    assert read_knowledge().symptom("cough").label == "a cough"


def test_publishing_twice_replaces_the_rows_and_records_the_files(knowledge_copy, fresh_engine):
    publish_knowledge(fresh_engine, knowledge_copy)
    first = published_fingerprint(fresh_engine)
    replace_in(knowledge_copy / "symptoms.yml", "label: a cough\n", "label: a dry cough\n")
    counts = publish_knowledge(fresh_engine, knowledge_copy)
    assert published_fingerprint(fresh_engine) not in (None, first)
    with fresh_engine.connect() as connection:
        labels = connection.execute(sql("SELECT label FROM kb_symptoms WHERE id = 'cough'"))
        assert list(labels.scalars()) == ["a dry cough"]
        rows = connection.execute(sql("SELECT count(*) FROM kb_symptoms")).scalar_one()
    assert rows == counts["symptoms"] == len(read_knowledge().symptom_ids())


# --- The knowledge base and the lexicon: one list of symptom ids --------------------------------


def test_the_lexicon_finds_exactly_the_knowledge_bases_symptoms(repository):
    assert load_lexicon().symptom_ids == frozenset(repository.symptom_ids())
    repository.check_vocabulary(load_lexicon().symptom_ids, "the lexicon")


def test_a_lexicon_id_the_knowledge_base_lacks_is_refused(repository):
    with pytest.raises(KnowledgeError, match="lacks: \\['hiccups'\\]"):
        repository.check_vocabulary([*repository.symptom_ids(), "hiccups"], "the lexicon")


def test_a_knowledge_base_symptom_without_words_in_the_lexicon_is_refused(repository):
    with pytest.raises(KnowledgeError, match="no words for the symptoms \\['seizure'\\]"):
        repository.check_vocabulary(
            [s for s in repository.symptom_ids() if s != "seizure"], "the lexicon"
        )


def test_loader_command_loads_and_prints_the_counts(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    assert main(["--database-url", url]) == 0
    output = capsys.readouterr().out
    assert "symptoms: " in output and "red_flag_rules: " in output


def test_loader_command_reports_bad_knowledge_and_exits_1(knowledge_copy, tmp_path, capsys):
    (knowledge_copy / "topics.yml").unlink()
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    assert main(["--database-url", url, "--knowledge-dir", str(knowledge_copy)]) == 1
    assert "topics.yml" in capsys.readouterr().err


# --- The database connection --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://nobody@127.0.0.1:1/none",
        "notadialect://x",
        "this is not a url",
    ],
)
def test_a_broken_database_url_raises_a_readable_error(url):
    with pytest.raises(DatabaseUnavailable) as raised:
        make_engine(url)
    message = str(raised.value)
    assert "Check" in message
    assert "Traceback" not in message and len(message) < 600


def test_the_database_password_never_appears_in_errors():
    with pytest.raises(DatabaseUnavailable) as raised:
        make_engine("postgresql://nobody:hunter2secret@127.0.0.1:1/none")
    assert "hunter2secret" not in str(raised.value)
    assert "127.0.0.1" in str(raised.value)


def test_the_loader_command_reports_an_unreachable_database_and_exits_1(capsys):
    assert main(["--database-url", "postgresql://nobody:pw@127.0.0.1:1/none"]) == 1
    error = capsys.readouterr().err
    assert "127.0.0.1" in error and ":pw@" not in error


def test_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://kb@db.example:5432/kb")
    assert default_database_url() == "postgresql://kb@db.example:5432/kb"


def test_database_url_defaults_to_a_sqlite_file_in_the_project(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = default_database_url()
    assert url.startswith("sqlite:///")
    assert url.endswith("var/assistant.db")
    assert Path(url.removeprefix("sqlite:///")).parent.is_dir()


def test_the_knowledge_base_publishes_the_same_on_postgresql(knowledge_copy, postgres_url):
    engine = make_engine(postgres_url)
    try:
        Base.metadata.drop_all(engine)
        publish_knowledge(engine, knowledge_copy)
        replace_in(knowledge_copy / "sites.yml", "name: the liver", "name: the liver (hepar)")
        publish_knowledge(engine, knowledge_copy)
        with engine.connect() as connection:
            name = connection.execute(sql("SELECT name FROM kb_sites WHERE id = 'liver'"))
            assert name.scalar_one() == "the liver (hepar)"
            links = connection.execute(
                sql(
                    "SELECT site_id FROM kb_symptom_site_links"
                    " WHERE symptom_id = 'limb_weakness' ORDER BY position"
                )
            )
            assert list(links.scalars()) == ["brain", "bone"]
            topics = connection.execute(sql("SELECT id FROM kb_topics ORDER BY position"))
            assert list(topics.scalars()) == DESIGN_TOPICS
    finally:
        Base.metadata.drop_all(engine)
        engine.dispose()


# --- One tuple of urgency levels ---------------------------------------------------------------


def test_the_tables_check_urgency_against_the_one_tuple_of_levels():
    for table in (KbSymptom.__table__, KbRedFlagRule.__table__, AssessmentRecordRow.__table__):
        checks = [str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)]
        assert checks == ["urgency IN ('soon', 'urgent', 'emergency')"], table.name
    assert URGENCY_LEVELS == ("soon", "urgent", "emergency")


def test_the_chat_page_has_words_for_each_urgency_level():
    chat = (PROJECT_ROOT / "web" / "static" / "chat.js").read_text(encoding="utf-8")
    for level in URGENCY_LEVELS:
        assert re.search(rf"^ +{level}: {{\n +label: '", chat, re.MULTILINE), level


# --- One URL-masking helper ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://kb:hunter2@db:5432/kb", "postgresql://kb:***@db:5432/kb"),
        ("redis://:hunter2@cache:6379/0", "redis://:***@cache:6379/0"),
        ("rediss://default:hunter2@cache:6380/1", "rediss://default:***@cache:6380/1"),
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://postgres@127.0.0.1:5432/test"),
        ("sqlite:///var/assistant.db", "sqlite:///var/assistant.db"),
    ],
)
def test_a_url_is_shown_without_its_password(url, shown):
    assert masked_url(url) == shown


def test_an_unreachable_redis_is_named_without_its_password():
    from runtime.stores import StoreUnavailable, connect_redis_lock_store

    with pytest.raises(StoreUnavailable) as raised:
        connect_redis_lock_store("redis://:hunter2secret@127.0.0.1:1/0")
    assert "hunter2secret" not in str(raised.value)
    assert "redis://:***@127.0.0.1:1/0" in str(raised.value)


def test_red_flag_symptoms_are_those_an_emergency_can_come_from(repository):
    knowledge = repository
    on_their_own = knowledge.emergency_symptom_ids()
    assert "seizure" in on_their_own and "back_pain" not in on_their_own
    assert all(knowledge.symptom(s).urgency == "emergency" for s in on_their_own)
    # Back pain is an emergency only with weak legs or lost bladder control: a rule names it.
    every = knowledge.red_flag_symptom_ids()
    assert on_their_own < every
    assert {"back_pain", "fever", "limb_weakness"} <= every
    assert "loss_of_appetite" not in every
