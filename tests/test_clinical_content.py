"""Change control of the medical content: every fact in data/knowledge/ names its source.

tests/test_knowledge_base.py checks the facts as the loader builds them (and the loader refuses
unknown source ids). These tests read the YAML files themselves, so that they also hold for a
knowledge file the loader does not read yet: every entry with an `id` in any knowledge file
(a symptom and each of its site links, a red-flag rule, a topic answer, a site, and whatever a
new file adds) must cite at least one source, and every cited source must be an entry of
data/knowledge/sources.yml with a title and a publisher. See docs/clinical-content.md.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"
SOURCES_FILE = "sources.yml"
CHANGE_CONTROL_DOC = PROJECT_ROOT / "docs" / "clinical-content.md"


@dataclass(frozen=True)
class Fact:
    """One statement of the knowledge base and the sources it cites."""

    where: str  # "red_flags.yml: seizure", "symptoms.yml: jaundice -> liver"
    sources: tuple[str, ...]


def _cited(entry: dict[str, Any]) -> tuple[str, ...]:
    cited: list[str] = []
    if entry.get("source"):
        cited.append(str(entry["source"]))
    listed = entry.get("sources") or []
    cited += [str(item) for item in (listed if isinstance(listed, list) else [listed])]
    return tuple(cited)


def knowledge_facts(knowledge_dir: Path) -> Iterator[Fact]:
    """Every entry with an `id` in every knowledge file but sources.yml, and each site link."""
    for path in sorted(knowledge_dir.glob("*.yml")):
        if path.name == SOURCES_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entries in data.values():
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, dict) or "id" not in entry:
                    continue
                yield Fact(f"{path.name}: {entry['id']}", _cited(entry))
                for link in entry.get("links") or []:
                    if isinstance(link, dict):
                        where = f"{path.name}: {entry['id']} -> {link.get('site')}"
                        yield Fact(where, _cited(link))


def listed_sources(knowledge_dir: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((knowledge_dir / SOURCES_FILE).read_text(encoding="utf-8")) or {}
    return {str(entry["id"]): entry for entry in data.get("sources") or [] if "id" in entry}


def source_problems(knowledge_dir: Path) -> list[str]:
    """Every fact without a source, or citing one that sources.yml does not list."""
    sources = listed_sources(knowledge_dir)
    problems = []
    for fact in knowledge_facts(knowledge_dir):
        if not fact.sources:
            problems.append(f"{fact.where}: no source")
        for source_id in fact.sources:
            if source_id not in sources:
                problems.append(f"{fact.where}: source {source_id!r} is not in {SOURCES_FILE}")
    return problems


FACTS = list(knowledge_facts(KNOWLEDGE_DIR))
SOURCES = listed_sources(KNOWLEDGE_DIR)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    return copy


def test_every_kind_of_fact_is_found():
    kinds = {fact.where.split(":")[0] for fact in FACTS}
    assert {"symptoms.yml", "red_flags.yml", "topics.yml", "sites.yml"} <= kinds
    assert any("->" in fact.where for fact in FACTS), "no symptom-to-site link was read"


@pytest.mark.parametrize("fact", FACTS, ids=lambda fact: fact.where)
def test_every_knowledge_fact_cites_a_source_listed_in_sources_yml(fact):
    assert fact.sources, f"{fact.where} names no source"
    unknown = [source for source in fact.sources if source not in SOURCES]
    assert not unknown, f"{fact.where} cites {unknown}, which {SOURCES_FILE} does not list"


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_every_source_says_what_it_is_and_who_published_it(source_id):
    source = SOURCES[source_id]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", source_id)
    assert str(source.get("title") or "").strip()
    assert str(source.get("publisher") or "").strip()
    if source.get("url"):
        assert str(source["url"]).startswith("https://"), source["url"]


def test_every_listed_source_is_cited_by_some_fact():
    # A source nobody cites is usually a fact that was removed without its source.
    cited = {source for fact in FACTS for source in fact.sources}
    assert not set(SOURCES) - cited


def test_a_red_flag_rule_without_a_source_is_caught(knowledge_copy):
    path = knowledge_copy / "red_flags.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    source: nhs_seizures\n", "", 1), encoding="utf-8")
    assert "red_flags.yml: seizure: no source" in source_problems(knowledge_copy)


def test_a_symptom_link_citing_an_unlisted_source_is_caught(knowledge_copy):
    path = knowledge_copy / "symptoms.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: seed_001", "source: a_blog_post", 1), encoding="utf-8")
    problems = source_problems(knowledge_copy)
    assert any("-> " in p and "'a_blog_post' is not in sources.yml" in p for p in problems)


def test_a_new_knowledge_file_is_held_to_the_same_rule(knowledge_copy):
    (knowledge_copy / "features.yml").write_text(
        "features:\n  - id: night_pain\n    means: pain that wakes you\n", encoding="utf-8"
    )
    assert "features.yml: night_pain: no source" in source_problems(knowledge_copy)


def test_the_shipped_knowledge_has_no_source_problems():
    assert source_problems(KNOWLEDGE_DIR) == []


def test_the_change_control_procedure_names_review_hazard_log_and_safety_tests():
    text = CHANGE_CONTROL_DOC.read_text(encoding="utf-8").lower()
    for step in ("clinician", "hazard log", "make safety", "sources.yml", "make report"):
        assert step in text, step
