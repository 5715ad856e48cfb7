"""The medical knowledge in memory: one type, read once from `data/knowledge/*.yml`.

    knowledge = symptom_checker.loader.read_knowledge()
    knowledge.symptom("back_pain").urgency          # "soon"
    [rule.title for rule in knowledge.red_flag_rules()]
    knowledge.presentation_question("breathless_severity").on_yes   # {"at_rest"}

`Knowledge` holds the checked content of the files as plain frozen dataclasses; triage, the
wording, the summaries, the presentation questions and the tools all read this one type. The
database copy that `make kb` publishes (symptom_checker.loader, tables `kb_*`) is for people
who query the database; nothing in the assistant reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from symptom_checker.vocabulary import QUESTION_PREFIX

# The urgency levels, lowest first: the one tuple that the knowledge files, triage, the SQL
# CHECK constraints, the conversation runner and the chat page (through web/serve.py) read.
URGENCY_LEVELS: tuple[str, ...] = ("soon", "urgent", "emergency")
EMERGENCY = URGENCY_LEVELS[-1]


class KnowledgeError(Exception):
    """The knowledge files are missing or wrong; the message names the file and entry."""


def urgency_check_sql(column: str = "urgency") -> str:
    """The SQL CHECK condition that keeps `column` to URGENCY_LEVELS."""
    levels = ", ".join(f"'{level}'" for level in URGENCY_LEVELS)
    return f"{column} IN ({levels})"


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
    # True ("presentation: true"): the emergency lies in how a symptom presents in a person
    # at risk (a feature and a fact about them), not in the symptom, which on its own stays
    # at its own urgency; such a rule does not make its symptoms red-flag symptoms.
    presentation: bool = False

    @property
    def symptom_ids(self) -> frozenset[str]:
        """Every symptom the rule is about."""
        return self.all_of | self.any_of


@dataclass(frozen=True)
class Button:
    """A quick reply: the title shown, and the payload sent (a command of
    vocabulary.ANSWER_COMMANDS, or words)."""

    title: str
    payload: str


@dataclass(frozen=True)
class PresentationQuestion:
    """A question of presentation_questions.yml: how a symptom presents (its header says
    what each field means; symptom_checker.presentation decides when it is asked)."""

    id: str
    symptoms: tuple[str, ...]
    question: str
    on_yes: frozenset[str]
    answered_by: frozenset[str]  # on_yes is always among them
    buttons: tuple[Button, ...]
    source_id: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    answer: str
    source_ids: tuple[str, ...]
    # Words that name this topic in a question (regular expressions, case-insensitive). A
    # question naming the cues of two topics asks which one was meant (actions/clarify.py).
    cues: tuple[re.Pattern[str], ...] = ()

    def named_in(self, text: str) -> bool:
        return any(cue.search(text) for cue in self.cues)


class Knowledge:
    """The checked content of the knowledge files, in their order, with lookups by id.

    Build it with `symptom_checker.loader.read_knowledge()` (tests may build one by hand).
    Answering a turn costs no query and nothing that blocks: the action server reads the
    files once per process (actions.config.knowledge). Treat it as read-only.
    """

    def __init__(
        self,
        *,
        sources: Iterable[Source] = (),
        sites: Iterable[Site] = (),
        symptoms: Iterable[Symptom] = (),
        red_flags: Iterable[RedFlagRule] = (),
        topics: Iterable[Topic] = (),
        presentation_questions: Iterable[PresentationQuestion] = (),
    ) -> None:
        self._sources = {source.id: source for source in sources}
        self._sites = {site.id: site for site in sites}
        self._symptoms = {symptom.id: symptom for symptom in symptoms}
        self._red_flags = tuple(red_flags)
        self._topics = {topic.id: topic for topic in topics}
        self._questions = {question.id: question for question in presentation_questions}

    def symptom(self, symptom_id: str) -> Symptom | None:
        return self._symptoms.get(symptom_id)

    def symptoms(self, symptom_ids: Iterable[str] | None = None) -> list[Symptom]:
        """Every symptom; or the known ones among `symptom_ids`, in their order, each once."""
        if symptom_ids is None:
            return list(self._symptoms.values())
        return [self._symptoms[s] for s in dict.fromkeys(symptom_ids) if s in self._symptoms]

    def symptom_ids(self) -> list[str]:
        """The knowledge base's symptom ids, in its order: the one list of symptom ids."""
        return list(self._symptoms)

    def site(self, site_id: str) -> Site | None:
        return self._sites.get(site_id)

    def sites(self) -> list[Site]:
        return list(self._sites.values())

    def red_flag_rules(self) -> list[RedFlagRule]:
        return list(self._red_flags)

    def emergency_symptom_ids(self) -> frozenset[str]:
        """The symptoms that are an emergency on their own (their urgency in symptoms.yml)."""
        return frozenset(s.id for s in self._symptoms.values() if s.urgency == EMERGENCY)

    def red_flag_symptom_ids(self) -> frozenset[str]:
        """Every symptom that can make an emergency: on its own, or named by an emergency rule
        (a presentation rule excepted: there the emergency is how the symptom presents)."""
        ids = set(self.emergency_symptom_ids())
        for rule in self._red_flags:
            if rule.urgency == EMERGENCY and not rule.presentation:
                ids |= rule.all_of | rule.any_of
        return frozenset(ids)

    def presentation_questions(self) -> list[PresentationQuestion]:
        """The questions about how a symptom presents, in their order."""
        return list(self._questions.values())

    def presentation_question(self, question_id: str) -> PresentationQuestion | None:
        return self._questions.get(question_id)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic `topic_id`; an intent name such as "ask_treatment" works too."""
        found = self._topics.get(topic_id)
        if found is None and topic_id.startswith(QUESTION_PREFIX):
            found = self._topics.get(topic_id.removeprefix(QUESTION_PREFIX))
        return found

    def topics(self) -> list[Topic]:
        return list(self._topics.values())

    def topic_ids(self) -> list[str]:
        return list(self._topics)

    def topics_named_in(self, text: str) -> list[str]:
        """Ids of the topics whose cues the text names, in the file's order."""
        return [topic.id for topic in self._topics.values() if topic.named_in(text)]

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def sources(self) -> list[Source]:
        return list(self._sources.values())

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self._sources),
            "sites": len(self._sites),
            "symptoms": len(self._symptoms),
            "symptom_site_links": sum(len(s.links) for s in self._symptoms.values()),
            "red_flag_rules": len(self._red_flags),
            "topics": len(self._topics),
        }

    def check_vocabulary(self, symptom_ids: Iterable[str], where: str) -> None:
        """Raise KnowledgeError unless `symptom_ids` (a lexicon's) are exactly ours."""
        theirs = set(symptom_ids)
        ours = set(self.symptom_ids())
        problems = []
        if theirs - ours:
            lacking = sorted(theirs - ours)
            problems.append(f"{where} has symptom ids the knowledge base lacks: {lacking}")
        if ours - theirs:
            problems.append(f"{where} has no words for the symptoms {sorted(ours - theirs)}")
        if problems:
            raise KnowledgeError("; ".join(problems) + " (data/knowledge/symptoms.yml)")
