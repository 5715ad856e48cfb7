"""Read access to the knowledge base: plain frozen dataclasses, never ORM objects.

    repository = KnowledgeRepository(make_engine())
    repository.symptom("back_pain").urgency        # "soon"
    [rule.title for rule in repository.red_flag_rules()]

Each method opens its own short session, so one repository can be shared by all the threads
of a process. Load the data first with `symptom_checker.loader.ensure_loaded(engine)`.

A long-running process reads the whole knowledge base once instead (it is a few dozen rows,
and changes only when `make kb` reloads it):

    knowledge = repository.snapshot()              # the same questions, answered from memory
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from symptom_checker.models import (
    RED_FLAG_CONDITION_KINDS,
    KbRedFlagRule,
    KbSite,
    KbSource,
    KbSymptom,
    KbTopic,
)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str | None = None


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    summary: str
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteLink:
    site_id: str
    why: str
    source_id: str


@dataclass(frozen=True)
class Symptom:
    id: str
    label: str
    urgency: str
    urgency_reason: str
    links: tuple[SiteLink, ...]
    general: bool
    general_note: str | None
    source_ids: tuple[str, ...]

    @property
    def site_ids(self) -> tuple[str, ...]:
        return tuple(link.site_id for link in self.links)


@dataclass(frozen=True)
class RedFlagRule:
    """A rule of red_flags.yml (its header says what each condition means)."""

    id: str
    all_of: frozenset[str]
    urgency: str
    title: str
    advice: str
    source_id: str
    any_of: frozenset[str] = frozenset()
    at_least: int = 1
    features_any: frozenset[str] = frozenset()
    features_none: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()  # "on_treatment", "cancer_history"
    overrides: frozenset[str] = frozenset()
    # True: a feature said about any present symptom counts ("features_of: any_symptom").
    features_of_any_symptom: bool = False

    @property
    def symptom_ids(self) -> frozenset[str]:
        """Every symptom the rule is about."""
        return self.all_of | self.any_of


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    answer: str
    source_ids: tuple[str, ...]


class KnowledgeRepository:
    """Answers questions about sites, symptoms, red flags, topics and sources."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # --- Symptoms ------------------------------------------------------------------------

    def symptom(self, symptom_id: str) -> Symptom | None:
        found = self.symptoms([symptom_id])
        return found[0] if found else None

    def symptoms(self, symptom_ids: Iterable[str]) -> list[Symptom]:
        """The known symptoms among `symptom_ids`, in input order, each once."""
        wanted = list(dict.fromkeys(symptom_ids))
        if not wanted:
            return []
        statement = (
            select(KbSymptom)
            .where(KbSymptom.id.in_(wanted))
            .options(selectinload(KbSymptom.site_links), selectinload(KbSymptom.source_links))
        )
        with Session(self._engine) as session:
            by_id = {row.id: _symptom(row) for row in session.scalars(statement)}
        return [by_id[symptom_id] for symptom_id in wanted if symptom_id in by_id]

    def symptom_ids(self) -> list[str]:
        with Session(self._engine) as session:
            return list(session.scalars(select(KbSymptom.id).order_by(KbSymptom.position)))

    # --- Sites ---------------------------------------------------------------------------

    def site(self, site_id: str) -> Site | None:
        with Session(self._engine) as session:
            row = session.get(KbSite, site_id)
            return _site(row) if row is not None else None

    def sites(self) -> list[Site]:
        statement = (
            select(KbSite).order_by(KbSite.position).options(selectinload(KbSite.source_links))
        )
        with Session(self._engine) as session:
            return [_site(row) for row in session.scalars(statement)]

    # --- Red flags -----------------------------------------------------------------------

    def red_flag_rules(self) -> list[RedFlagRule]:
        statement = (
            select(KbRedFlagRule)
            .order_by(KbRedFlagRule.position)
            .options(selectinload(KbRedFlagRule.members), selectinload(KbRedFlagRule.conditions))
        )
        with Session(self._engine) as session:
            return [_red_flag_rule(row) for row in session.scalars(statement)]

    # --- Disease topics ------------------------------------------------------------------

    def topic(self, topic_id: str) -> Topic | None:
        """The topic `topic_id`; an intent name such as "ask_treatment" works too."""
        with Session(self._engine) as session:
            row = session.get(KbTopic, topic_id)
            if row is None and topic_id.startswith("ask_"):
                row = session.get(KbTopic, topic_id.removeprefix("ask_"))
            return _topic(row) if row is not None else None

    def topic_ids(self) -> list[str]:
        with Session(self._engine) as session:
            return list(session.scalars(select(KbTopic.id).order_by(KbTopic.position)))

    def topics(self) -> list[Topic]:
        statement = (
            select(KbTopic).order_by(KbTopic.position).options(selectinload(KbTopic.source_links))
        )
        with Session(self._engine) as session:
            return [_topic(row) for row in session.scalars(statement)]

    # --- Sources -------------------------------------------------------------------------

    def source(self, source_id: str) -> Source | None:
        with Session(self._engine) as session:
            row = session.get(KbSource, source_id)
            return _source(row) if row is not None else None

    def sources(self) -> list[Source]:
        with Session(self._engine) as session:
            return [
                _source(row) for row in session.scalars(select(KbSource).order_by(KbSource.id))
            ]

    # --- Everything at once --------------------------------------------------------------

    def snapshot(self) -> KnowledgeSnapshot:
        """The whole knowledge base read into memory, in six queries."""
        return KnowledgeSnapshot(
            symptoms_by_id={s.id: s for s in self.symptoms(self.symptom_ids())},
            sites_by_id={site.id: site for site in self.sites()},
            rules=tuple(self.red_flag_rules()),
            topics_by_id={topic.id: topic for topic in self.topics()},
            sources_by_id={source.id: source for source in self.sources()},
        )


@dataclass(frozen=True)
class KnowledgeSnapshot:
    """The knowledge base in memory: KnowledgeRepository's questions, with no database.

    Answering a turn then costs no query and nothing that blocks; the action server holds
    one per process (actions.config.knowledge). Build it with `KnowledgeRepository.snapshot()`.
    """

    symptoms_by_id: Mapping[str, Symptom]  # in the knowledge base's order
    sites_by_id: Mapping[str, Site]  # likewise
    rules: tuple[RedFlagRule, ...]
    topics_by_id: Mapping[str, Topic]  # likewise
    sources_by_id: Mapping[str, Source]

    def symptom(self, symptom_id: str) -> Symptom | None:
        return self.symptoms_by_id.get(symptom_id)

    def symptoms(self, symptom_ids: Iterable[str]) -> list[Symptom]:
        """The known symptoms among `symptom_ids`, in input order, each once."""
        wanted = dict.fromkeys(symptom_ids)
        return [self.symptoms_by_id[s] for s in wanted if s in self.symptoms_by_id]

    def symptom_ids(self) -> list[str]:
        return list(self.symptoms_by_id)

    def site(self, site_id: str) -> Site | None:
        return self.sites_by_id.get(site_id)

    def sites(self) -> list[Site]:
        return list(self.sites_by_id.values())

    def red_flag_rules(self) -> list[RedFlagRule]:
        return list(self.rules)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic `topic_id`; an intent name such as "ask_treatment" works too."""
        found = self.topics_by_id.get(topic_id)
        if found is None and topic_id.startswith("ask_"):
            found = self.topics_by_id.get(topic_id.removeprefix("ask_"))
        return found

    def topic_ids(self) -> list[str]:
        return list(self.topics_by_id)

    def source(self, source_id: str) -> Source | None:
        return self.sources_by_id.get(source_id)

    @classmethod
    def from_files(cls, knowledge_dir: Path | None = None) -> KnowledgeSnapshot:
        """The knowledge files read straight into memory, with no database (tools, pages)."""
        from symptom_checker.loader import read_knowledge

        knowledge = read_knowledge(knowledge_dir)
        return cls(
            symptoms_by_id={s.id: s for s in knowledge.symptoms},
            sites_by_id={s.id: s for s in knowledge.sites},
            rules=tuple(knowledge.red_flags),
            topics_by_id={t.id: t for t in knowledge.topics},
            sources_by_id={s.id: s for s in knowledge.sources},
        )


# --- Rows to dataclasses (called while the session is open) --------------------------------


def _source(row: KbSource) -> Source:
    return Source(id=row.id, title=row.title, publisher=row.publisher, url=row.url)


def _site(row: KbSite) -> Site:
    return Site(
        id=row.id,
        name=row.name,
        summary=row.summary,
        source_ids=tuple(link.source_id for link in row.source_links),
    )


def _symptom(row: KbSymptom) -> Symptom:
    return Symptom(
        id=row.id,
        label=row.label,
        urgency=row.urgency,
        urgency_reason=row.urgency_reason,
        links=tuple(
            SiteLink(site_id=link.site_id, why=link.why, source_id=link.source_id)
            for link in row.site_links
        ),
        general=bool(row.general),
        general_note=row.general_note,
        source_ids=tuple(link.source_id for link in row.source_links),
    )


def _red_flag_rule(row: KbRedFlagRule) -> RedFlagRule:
    values: dict[str, set[str]] = {kind: set() for kind in RED_FLAG_CONDITION_KINDS}
    for condition in row.conditions:
        values[condition.kind].add(condition.value)
    at_least = values.pop("at_least")
    features_of = values.pop("features_of")
    return RedFlagRule(
        id=row.id,
        all_of=frozenset(member.symptom_id for member in row.members),
        urgency=row.urgency,
        title=row.title,
        advice=row.advice,
        source_id=row.source_id,
        at_least=int(next(iter(at_least))) if at_least else 1,
        features_of_any_symptom="any_symptom" in features_of,
        **{kind: frozenset(found) for kind, found in values.items()},
    )


def _topic(row: KbTopic) -> Topic:
    return Topic(
        id=row.id,
        title=row.title,
        answer=row.answer,
        source_ids=tuple(link.source_id for link in row.source_links),
    )
