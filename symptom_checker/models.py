"""Database tables of the medical knowledge base (SQLAlchemy 1.4 in the 2.0 style).

The rows are a one-way copy of `data/knowledge/*.yml`, published by `make kb`
(`symptom_checker.loader`) for people who query the database; the assistant itself reads the
YAML files (`symptom_checker.knowledge`), never these tables. Every table name starts with
`kb_`, so the knowledge base can share a database with other tables. `position` columns keep
the order of the YAML files.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, declarative_base, relationship

from symptom_checker.knowledge import urgency_check_sql

Base = declarative_base()

ID_LENGTH = 64
URGENCY_CHECK = urgency_check_sql()


class KbSource(Base):
    """A page or guideline that a fact comes from."""

    __tablename__ = "kb_sources"

    id: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    title: Mapped[str] = Column(Text, nullable=False)
    publisher: Mapped[str] = Column(Text, nullable=False)
    url: Mapped[str | None] = Column(Text, nullable=True)


class KbSite(Base):
    """A place in the body where breast cancer can spread to."""

    __tablename__ = "kb_sites"

    id: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    name: Mapped[str] = Column(Text, nullable=False)
    summary: Mapped[str] = Column(Text, nullable=False)

    source_links: Mapped[list[KbSiteSource]] = relationship(
        "KbSiteSource", order_by="KbSiteSource.position", cascade="all, delete-orphan"
    )


class KbSiteSource(Base):
    __tablename__ = "kb_site_sources"

    site_id: Mapped[str] = Column(String(ID_LENGTH), ForeignKey("kb_sites.id"), primary_key=True)
    source_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_sources.id"), primary_key=True
    )
    position: Mapped[int] = Column(Integer, nullable=False)


class KbSymptom(Base):
    """A symptom, how urgent it is on its own, and whether it is only general."""

    __tablename__ = "kb_symptoms"
    __table_args__ = (CheckConstraint(URGENCY_CHECK, name="ck_kb_symptoms_urgency"),)

    id: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    label: Mapped[str] = Column(Text, nullable=False)
    urgency: Mapped[str] = Column(String(16), nullable=False)
    urgency_reason: Mapped[str] = Column(Text, nullable=False)
    general: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    general_note: Mapped[str | None] = Column(Text, nullable=True)

    site_links: Mapped[list[KbSymptomSiteLink]] = relationship(
        "KbSymptomSiteLink", order_by="KbSymptomSiteLink.position", cascade="all, delete-orphan"
    )
    source_links: Mapped[list[KbSymptomSource]] = relationship(
        "KbSymptomSource", order_by="KbSymptomSource.position", cascade="all, delete-orphan"
    )


class KbSymptomSiteLink(Base):
    """Why a symptom can point to a site, and the source that says so."""

    __tablename__ = "kb_symptom_site_links"

    symptom_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_symptoms.id"), primary_key=True
    )
    site_id: Mapped[str] = Column(String(ID_LENGTH), ForeignKey("kb_sites.id"), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    why: Mapped[str] = Column(Text, nullable=False)
    source_id: Mapped[str] = Column(String(ID_LENGTH), ForeignKey("kb_sources.id"), nullable=False)


class KbSymptomSource(Base):
    __tablename__ = "kb_symptom_sources"

    symptom_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_symptoms.id"), primary_key=True
    )
    source_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_sources.id"), primary_key=True
    )
    position: Mapped[int] = Column(Integer, nullable=False)


class KbRedFlagRule(Base):
    """A combination of symptoms that raises the urgency when all of them are present."""

    __tablename__ = "kb_red_flag_rules"
    __table_args__ = (CheckConstraint(URGENCY_CHECK, name="ck_kb_red_flag_rules_urgency"),)

    id: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    urgency: Mapped[str] = Column(String(16), nullable=False)
    title: Mapped[str] = Column(Text, nullable=False)
    advice: Mapped[str] = Column(Text, nullable=False)
    source_id: Mapped[str] = Column(String(ID_LENGTH), ForeignKey("kb_sources.id"), nullable=False)

    members: Mapped[list[KbRedFlagSymptom]] = relationship(
        "KbRedFlagSymptom", cascade="all, delete-orphan"
    )
    conditions: Mapped[list[KbRedFlagCondition]] = relationship(
        "KbRedFlagCondition", cascade="all, delete-orphan"
    )


class KbRedFlagSymptom(Base):
    """One symptom of a red-flag rule's `all_of`."""

    __tablename__ = "kb_red_flag_symptoms"

    rule_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_red_flag_rules.id"), primary_key=True
    )
    symptom_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_symptoms.id"), primary_key=True
    )


# The conditions of a rule beyond `all_of` (red_flags.yml's header says what each means).
# One row per value: ("any_of", "constipation"), ("features_any", "night_pain"),
# ("requires", "on_treatment"), ("at_least", "2") ... A table of its own, so that databases
# loaded before these conditions existed only gain a table.
RED_FLAG_CONDITION_KINDS = (
    "any_of",
    "at_least",
    "features_any",
    "features_none",
    "requires",
    "overrides",
    "features_of",
)


class KbRedFlagCondition(Base):
    """One value of one condition of a red-flag rule."""

    __tablename__ = "kb_red_flag_conditions"

    rule_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_red_flag_rules.id"), primary_key=True
    )
    kind: Mapped[str] = Column(String(32), primary_key=True)
    value: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)


class KbTopic(Base):
    """A plain answer to a question about the disease."""

    __tablename__ = "kb_topics"

    id: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = Column(Integer, nullable=False)
    title: Mapped[str] = Column(Text, nullable=False)
    answer: Mapped[str] = Column(Text, nullable=False)

    source_links: Mapped[list[KbTopicSource]] = relationship(
        "KbTopicSource", order_by="KbTopicSource.position", cascade="all, delete-orphan"
    )


class KbTopicSource(Base):
    __tablename__ = "kb_topic_sources"

    topic_id: Mapped[str] = Column(String(ID_LENGTH), ForeignKey("kb_topics.id"), primary_key=True)
    source_id: Mapped[str] = Column(
        String(ID_LENGTH), ForeignKey("kb_sources.id"), primary_key=True
    )
    position: Mapped[int] = Column(Integer, nullable=False)


class KbKnowledgeMeta(Base):
    """Key/value facts about the loaded knowledge, such as the fingerprint of its files."""

    __tablename__ = "kb_knowledge_meta"

    key: Mapped[str] = Column(String(ID_LENGTH), primary_key=True)
    value: Mapped[str] = Column(Text, nullable=False)


# Children before parents: the order in which the loader empties the tables.
KNOWLEDGE_TABLES_CHILD_FIRST = (
    KbRedFlagCondition,
    KbRedFlagSymptom,
    KbRedFlagRule,
    KbTopicSource,
    KbTopic,
    KbSymptomSiteLink,
    KbSymptomSource,
    KbSymptom,
    KbSiteSource,
    KbSite,
    KbSource,
)
