"""The dialogue's vocabulary (symptom_checker/vocabulary.py) is what domain.yml declares: the
entities, the symptom roles, the disease-question intents and the interrupting intents."""

from __future__ import annotations

from pathlib import Path

import yaml

from symptom_checker import vocabulary
from symptom_checker.loader import read_knowledge

DOMAIN = Path(__file__).resolve().parents[1] / "domain.yml"


def domain() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


def entity_roles() -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for entry in domain()["entities"]:
        name, spec = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        roles[name] = list((spec or {}).get("roles") or [])
    return roles


def test_every_entity_the_vocabulary_names_is_declared_in_the_domain():
    names = {value for key, value in vars(vocabulary).items() if key.endswith("_ENTITY")}
    assert names <= set(entity_roles())


def test_the_symptom_roles_are_the_vocabularys():
    roles = set(entity_roles()[vocabulary.SYMPTOM_ENTITY])
    assert roles == {vocabulary.NEGATED_ROLE} | vocabulary.NON_CURRENT_ROLES


def test_each_disease_question_intent_is_a_topic_of_the_knowledge_base():
    intents = [i if isinstance(i, str) else next(iter(i)) for i in domain()["intents"]]
    questions = {i for i in intents if vocabulary.is_question_intent(i)}
    assert questions == {f"{vocabulary.QUESTION_PREFIX}{t}" for t in read_knowledge().topic_ids()}
    assert set(intents) >= vocabulary.INTERRUPTING_INTENTS
    assert vocabulary.FALLBACK_INTENT not in intents  # Rasa's own, from the FallbackClassifier
