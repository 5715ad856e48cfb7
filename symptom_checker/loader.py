"""Read and check `data/knowledge/*.yml` into one `Knowledge`; publish it to a database.

    read_knowledge()                            # what the assistant uses, read once per process
    python -m symptom_checker.loader            # `make kb`: publish to DATABASE_URL
    python -m symptom_checker.loader --check    # only check the YAML files

The YAML files are the one source. Publishing copies them, in one transaction, into the
`kb_*` tables for people who query the database (to join assessment records to labels, for
example); it is one-way: nothing in the assistant reads those tables, and the action server
starts without them. The sha256 fingerprint of the published files is in `kb_knowledge_meta`.
The presentation questions (presentation_questions.yml) are read and checked with the rest
(their symptoms, features and sources against the knowledge base's) but not published: they
say what the assistant asks, not what a record means.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NoReturn

import yaml
from sqlalchemy import delete, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from symptom_checker.database import (
    PROJECT_ROOT,
    DatabaseUnavailable,
    default_database_url,
    make_engine,
    masked_url,
)
from symptom_checker.knowledge import (
    URGENCY_LEVELS,
    Button,
    Knowledge,
    KnowledgeError,
    PresentationQuestion,
    RedFlagRule,
    Site,
    SiteLink,
    Source,
    Symptom,
    Topic,
)
from symptom_checker.models import (
    KNOWLEDGE_TABLES_CHILD_FIRST,
    Base,
    KbKnowledgeMeta,
    KbRedFlagCondition,
    KbRedFlagRule,
    KbRedFlagSymptom,
    KbSite,
    KbSiteSource,
    KbSource,
    KbSymptom,
    KbSymptomSiteLink,
    KbSymptomSource,
    KbTopic,
    KbTopicSource,
)
from symptom_checker.triage import FEATURES, PERSON_FACTS
from symptom_checker.vocabulary import ANSWER_COMMANDS

DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"

# kind -> file; also the order in which the files enter the fingerprint.
KNOWLEDGE_FILES: dict[str, str] = {
    "sources": "sources.yml",
    "sites": "sites.yml",
    "symptoms": "symptoms.yml",
    "red_flags": "red_flags.yml",
    "topics": "topics.yml",
    "questions": "presentation_questions.yml",
}

# Part of the published fingerprint: bump when the way files become rows changes.
SCHEMA_VERSION = "2"  # 2: red-flag conditions (kb_red_flag_conditions)
FINGERPRINT_KEY = "fingerprint"
LOADED_AT_KEY = "loaded_at"

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# libyaml's safe loader when PyYAML has it: the action server reads the files at every start.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- Public API ------------------------------------------------------------------------------


def read_knowledge(knowledge_dir: Path | None = None) -> Knowledge:
    """Read and check the knowledge files, without touching any database."""
    knowledge, _ = _read_directory(_directory(knowledge_dir))
    return knowledge


def knowledge_fingerprint(knowledge_dir: Path | None = None) -> str:
    """sha256 over the bytes of the knowledge files (and the loader's schema version)."""
    return _fingerprint(_read_bytes(_directory(knowledge_dir)))


def publish_knowledge(engine: Engine, knowledge_dir: Path | None = None) -> dict[str, int]:
    """Check the files, then replace all `kb_*` rows with them in one transaction.

    Returns how many of each kind were published. Raises KnowledgeError for bad files (the
    database is then left as it was) and DatabaseUnavailable when the database fails. Safe
    to run from several processes at once: they take turns.
    """
    knowledge, fingerprint = _read_directory(_directory(knowledge_dir))
    _create_tables(engine)
    _store(engine, knowledge, fingerprint)
    return knowledge.counts()


def published_fingerprint(engine: Engine) -> str | None:
    """The fingerprint of the files last published to this database (None: never)."""
    try:
        with Session(engine) as session:
            row = session.get(KbKnowledgeMeta, FINGERPRINT_KEY)
            return row.value if row is not None else None
    except DBAPIError as exc:
        raise _unavailable(engine, "read", exc) from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: load (or with --check only check) the knowledge; 1 on failure."""
    parser = argparse.ArgumentParser(
        prog="python -m symptom_checker.loader",
        description="Check data/knowledge/*.yml and publish it to the kb_* tables of a database.",
    )
    parser.add_argument(
        "--database-url",
        help="database to publish to (default: DATABASE_URL or var/assistant.db)",
    )
    parser.add_argument(
        "--knowledge-dir", type=Path, help=f"folder of the YAML files (default: {_shown_dir()})"
    )
    parser.add_argument(
        "--check", action="store_true", help="only check the YAML files; no database"
    )
    args = parser.parse_args(argv)

    try:
        if args.check:
            counts = read_knowledge(args.knowledge_dir).counts()
            target = None
        else:
            url = args.database_url or default_database_url()
            engine = make_engine(url)
            try:
                counts = publish_knowledge(engine, args.knowledge_dir)
            finally:
                engine.dispose()
            target = masked_url(url)
    except (DatabaseUnavailable, KnowledgeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    print(
        f"Published the knowledge base to {target}:"
        if target
        else "The knowledge files are valid:"
    )
    for kind, count in counts.items():
        print(f"  {kind}: {count}")
    return 0


# --- Reading and checking the files ----------------------------------------------------------


def _directory(knowledge_dir: Path | None) -> Path:
    return Path(knowledge_dir) if knowledge_dir is not None else DEFAULT_KNOWLEDGE_DIR


def _shown_dir() -> str:
    try:
        return str(DEFAULT_KNOWLEDGE_DIR.relative_to(Path.cwd()))
    except ValueError:
        return str(DEFAULT_KNOWLEDGE_DIR)


def _read_bytes(directory: Path) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for file_name in KNOWLEDGE_FILES.values():
        path = directory / file_name
        try:
            contents[file_name] = path.read_bytes()
        except OSError as exc:
            raise KnowledgeError(
                f"{path}: cannot read the knowledge file ({exc.strerror or exc})."
            ) from exc
    return contents


def _fingerprint(contents: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\0".encode())
    for file_name in KNOWLEDGE_FILES.values():
        digest.update(file_name.encode() + b"\0")
        digest.update(contents[file_name])
        digest.update(b"\0")
    return digest.hexdigest()


def _read_directory(directory: Path) -> tuple[Knowledge, str]:
    """The checked knowledge and the fingerprint of exactly the bytes it came from."""
    contents = _read_bytes(directory)
    entries = {
        kind: _entries(contents[file_name], file_name, kind)
        for kind, file_name in KNOWLEDGE_FILES.items()
    }
    sources = tuple(_parse_source(entry) for entry in entries["sources"])
    source_ids = _unique_ids(sources, "sources.yml", "source")

    sites = tuple(_parse_site(entry, source_ids) for entry in entries["sites"])
    site_ids = _unique_ids(sites, "sites.yml", "site")

    symptoms = tuple(_parse_symptom(entry, site_ids, source_ids) for entry in entries["symptoms"])
    _unique_ids(symptoms, "symptoms.yml", "symptom")
    urgency_of = {symptom.id: symptom.urgency for symptom in symptoms}

    red_flags = tuple(
        _parse_red_flag(entry, urgency_of, source_ids) for entry in entries["red_flags"]
    )
    _unique_ids(red_flags, "red_flags.yml", "red flag")
    _no_duplicate_combinations(red_flags)
    _each_emergency_advised(symptoms, red_flags)

    topics = tuple(_parse_topic(entry, source_ids) for entry in entries["topics"])
    _unique_ids(topics, "topics.yml", "topic")

    symptom_ids = set(urgency_of)
    questions = tuple(
        _parse_question(entry, symptom_ids, source_ids) for entry in entries["questions"]
    )
    _unique_ids(questions, "presentation_questions.yml", "question")

    knowledge = Knowledge(
        sources=sources,
        sites=sites,
        symptoms=symptoms,
        red_flags=red_flags,
        topics=topics,
        presentation_questions=questions,
    )
    return knowledge, _fingerprint(contents)


def _entries(content: bytes, file_name: str, kind: str) -> list[_Entry]:
    try:
        document = yaml.load(content, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{file_name}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or set(document) != {kind}:
        raise KnowledgeError(f"{file_name}: expected exactly one top-level key, '{kind}:'.")
    items = document[kind]
    if not isinstance(items, list) or not items:
        raise KnowledgeError(f"{file_name}: '{kind}' must be a non-empty list.")
    return [_Entry(file_name, kind, index, item) for index, item in enumerate(items)]


class _Entry:
    """One YAML list item, with errors that say which file and entry they are about."""

    def __init__(self, file_name: str, kind: str, index: int, item: Any) -> None:
        self.where = f"{file_name}: {kind} entry #{index + 1}"
        if not isinstance(item, dict):
            self.fail("must be a mapping of fields")
        self.item: dict[str, Any] = item
        self.id = self.identifier(self.item.get("id"), "id")
        self.where = f"{file_name}: '{self.id}'"
        self.used: set[str] = {"id"}

    def fail(self, problem: str) -> NoReturn:
        raise KnowledgeError(f"{self.where}: {problem}")

    def identifier(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _ID_PATTERN.match(value):
            self.fail(f"'{field}' must be a snake_case id, got {value!r}")
        return value

    def text(self, field: str) -> str:
        """A required text; line breaks and runs of spaces become single spaces."""
        self.used.add(field)
        value = self.item.get(field)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{field}' must be a non-empty text")
        return " ".join(value.split())

    def optional_text(self, field: str) -> str | None:
        self.used.add(field)
        return None if self.item.get(field) is None else self.text(field)

    def answer(self, field: str) -> str:
        """Multi-line text: sentences on following lines join; "- " bullet lines stay."""
        self.used.add(field)
        value = self.item.get(field)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{field}' must be a non-empty text")
        lines: list[str] = []
        for raw_line in value.strip().splitlines():
            line = " ".join(raw_line.split())
            previous = lines[-1] if lines else ""
            if line and not line.startswith("- ") and previous and not previous.startswith("- "):
                lines[-1] = f"{previous} {line}"
            else:
                lines.append(line)  # a bullet, the line after a bullet, or a blank line
        return "\n".join(lines)

    def flag(self, field: str) -> bool:
        self.used.add(field)
        value = self.item.get(field, False)
        if not isinstance(value, bool):
            self.fail(f"'{field}' must be true or false, got {value!r}")
        return value

    def urgency(self, field: str = "urgency") -> str:
        self.used.add(field)
        value = self.item.get(field)
        if value not in URGENCY_LEVELS:
            self.fail(f"'{field}' must be one of {', '.join(URGENCY_LEVELS)}, got {value!r}")
        return value

    def reference(self, field: str, known: set[str], what: str) -> str:
        self.used.add(field)
        value = self.identifier(self.item.get(field), field)
        if value not in known:
            self.fail(f"unknown {what} id '{value}' in '{field}'")
        return value

    def references(self, field: str, known: set[str], what: str) -> tuple[str, ...]:
        self.used.add(field)
        values = self.item.get(field)
        if not isinstance(values, list) or not values:
            self.fail(f"'{field}' must be a non-empty list of ids")
        ids = tuple(self.identifier(value, field) for value in values)
        for value in ids:
            if value not in known:
                self.fail(f"unknown {what} id '{value}' in '{field}'")
        duplicates = sorted({value for value in ids if ids.count(value) > 1})
        if duplicates:
            self.fail(f"'{field}' lists {', '.join(duplicates)} more than once")
        return ids

    def patterns(self, field: str) -> tuple[re.Pattern[str], ...]:
        """An optional list of regular expressions, matched case-insensitively."""
        self.used.add(field)
        values = self.item.get(field, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            self.fail(f"'{field}' must be a list of regular expressions")
        compiled = []
        for value in values:
            try:
                compiled.append(re.compile(value, re.IGNORECASE))
            except re.error as error:
                self.fail(f"'{field}': {value!r} is not a regular expression ({error})")
        return tuple(compiled)

    def mappings(self, field: str) -> list[dict[str, Any]]:
        self.used.add(field)
        values = self.item.get(field, [])
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
            self.fail(f"'{field}' must be a list of mappings")
        return values

    def done(self) -> None:
        unknown = sorted(set(self.item) - self.used)
        if unknown:
            self.fail(f"unknown field(s): {', '.join(unknown)}")


def _unique_ids(items: Sequence[Any], file_name: str, what: str) -> set[str]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise KnowledgeError(f"{file_name}: duplicate {what} id '{item.id}'")
        seen.add(item.id)
    return seen


def _parse_source(entry: _Entry) -> Source:
    source = Source(
        id=entry.id,
        title=entry.text("title"),
        publisher=entry.text("publisher"),
        url=entry.optional_text("url"),
    )
    entry.done()
    return source


def _parse_site(entry: _Entry, source_ids: set[str]) -> Site:
    site = Site(
        id=entry.id,
        name=entry.text("name"),
        summary=entry.text("summary"),
        source_ids=entry.references("sources", source_ids, "source"),
    )
    entry.done()
    return site


def _parse_symptom(entry: _Entry, site_ids: set[str], source_ids: set[str]) -> Symptom:
    label = entry.text("label")
    urgency = entry.urgency()
    urgency_reason = entry.text("urgency_reason")
    sources = entry.references("sources", source_ids, "source")

    links: list[SiteLink] = []
    for index, item in enumerate(entry.mappings("links")):
        unknown = sorted(set(item) - {"site", "why", "source"})
        if unknown:
            entry.fail(f"link #{index + 1} has unknown field(s): {', '.join(unknown)}")
        site_id = item.get("site")
        if site_id not in site_ids:
            entry.fail(f"link #{index + 1}: unknown site id {site_id!r}")
        if any(link.site_id == site_id for link in links):
            entry.fail(f"links to site '{site_id}' more than once")
        why = item.get("why")
        if not isinstance(why, str) or not why.strip():
            entry.fail(f"link to '{site_id}' needs a 'why'")
        source_id = item.get("source")
        if source_id not in source_ids:
            entry.fail(f"link to '{site_id}': unknown source id {source_id!r}")
        if source_id not in sources:
            entry.fail(f"link to '{site_id}': source '{source_id}' must also be in 'sources'")
        links.append(SiteLink(site_id=site_id, why=" ".join(why.split()), source_id=source_id))

    general = entry.flag("general")
    general_note = entry.optional_text("general_note")
    if general and general_note is None:
        entry.fail("'general: true' needs a 'general_note' saying why")
    if general_note is not None and not general:
        entry.fail("'general_note' is only for symptoms with 'general: true'")
    if not links and not general:
        entry.fail("points to no site; give 'links' or mark it 'general: true'")
    entry.done()
    return Symptom(
        id=entry.id,
        label=label,
        urgency=urgency,
        urgency_reason=urgency_reason,
        links=tuple(links),
        general=general,
        general_note=general_note,
        source_ids=sources,
    )


def _parse_red_flag(
    entry: _Entry, urgency_of: Mapping[str, str], source_ids: set[str]
) -> RedFlagRule:
    symptom_ids = set(urgency_of)
    all_of = _optional_ids(entry, "all_of", symptom_ids, "symptom")
    any_of = _optional_ids(entry, "any_of", symptom_ids, "symptom")
    if not all_of and not any_of:
        entry.fail("needs 'all_of' or 'any_of' (the symptoms the rule is about)")
    at_least = _at_least(entry, any_of)
    features_any = _optional_ids(entry, "features_any", set(FEATURES), "feature")
    features_none = _optional_ids(entry, "features_none", set(FEATURES), "feature")
    if features_any & features_none:
        entry.fail("a feature cannot be in both 'features_any' and 'features_none'")
    requires = _optional_ids(entry, "requires", set(PERSON_FACTS), "fact about the person")
    overrides = _optional_ids(entry, "overrides", set(all_of), "'all_of' symptom")
    entry.used.add("features_of")
    features_of = entry.item.get("features_of", "rule_symptoms")
    if features_of not in ("rule_symptoms", "any_symptom"):
        entry.fail(f"'features_of' must be rule_symptoms or any_symptom, got {features_of!r}")
    if _is_advice(all_of, any_of, features_any, features_none, requires, overrides):
        urgency = _advice_urgency(entry, all_of, urgency_of)
    else:
        urgency = entry.urgency()
    for symptom_id in sorted(all_of - overrides):
        if URGENCY_LEVELS.index(urgency) < URGENCY_LEVELS.index(urgency_of[symptom_id]):
            entry.fail(
                f"urgency '{urgency}' is lower than '{symptom_id}' on its own "
                f"('{urgency_of[symptom_id]}'); a red flag never lowers urgency "
                "(unless it names the symptom in 'overrides')"
            )
    for symptom_id in sorted(overrides):
        if URGENCY_LEVELS.index(urgency) >= URGENCY_LEVELS.index(urgency_of[symptom_id]):
            entry.fail(f"'overrides' is for lowering, but '{symptom_id}' is not above '{urgency}'")
    if overrides and not (features_any or requires):
        entry.fail("a rule with 'overrides' needs 'features_any' or 'requires' to say when")
    entry.used.add("presentation")
    presentation = entry.item.get("presentation", False)
    if presentation not in (True, False):
        entry.fail(f"'presentation' must be true or false, got {presentation!r}")
    if presentation and not features_any:
        entry.fail("a presentation rule needs 'features_any' (how the symptom presents)")
    rule = RedFlagRule(
        id=entry.id,
        all_of=all_of,
        urgency=urgency,
        title=entry.text("title"),
        advice=entry.text("advice"),
        source_id=entry.reference("source", source_ids, "source"),
        any_of=any_of,
        at_least=at_least,
        features_any=features_any,
        features_none=features_none,
        requires=requires,
        overrides=overrides,
        features_of_any_symptom=features_of == "any_symptom",
        presentation=bool(presentation),
    )
    entry.done()
    return rule


def _optional_ids(entry: _Entry, field: str, known: set[str], what: str) -> frozenset[str]:
    if entry.item.get(field) is None:
        entry.used.add(field)
        return frozenset()
    return frozenset(entry.references(field, known, what))


def _at_least(entry: _Entry, any_of: frozenset[str]) -> int:
    entry.used.add("at_least")
    value = entry.item.get("at_least", 1)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        entry.fail(f"'at_least' must be a whole number of 1 or more, got {value!r}")
    if value > max(len(any_of), 1):
        entry.fail(f"'at_least' is {value} but 'any_of' lists only {len(any_of)} symptoms")
    return value


def _no_duplicate_combinations(rules: Sequence[RedFlagRule]) -> None:
    seen: dict[tuple[Any, ...], str] = {}
    for rule in rules:
        key = (
            rule.all_of,
            rule.any_of,
            rule.at_least,
            rule.features_any,
            rule.features_none,
            rule.requires,
        )
        if key in seen:
            raise KnowledgeError(
                f"red_flags.yml: '{rule.id}' has the same conditions as '{seen[key]}'"
            )
        seen[key] = rule.id


def _is_advice(*conditions: frozenset[str]) -> bool:
    """Whether a rule is about one symptom alone, with no other condition (`all_of: [x]`)."""
    all_of, *others = conditions
    return len(all_of) == 1 and not any(others)


def _advice_urgency(entry: _Entry, all_of: frozenset[str], urgency_of: Mapping[str, str]) -> str:
    """The urgency of a rule about one symptom alone: the symptom's own, said in symptoms.yml
    and nowhere else. Such a rule gives the advice people read when the symptom is an
    emergency on its own; it writes no urgency of its own."""
    (symptom_id,) = all_of
    if "urgency" in entry.item:
        entry.fail(
            f"is about '{symptom_id}' alone, whose urgency symptoms.yml says "
            f"('{urgency_of[symptom_id]}'); say it once: remove 'urgency' here"
        )
    entry.used.add("urgency")
    if urgency_of[symptom_id] != "emergency":
        entry.fail(
            f"gives advice for '{symptom_id}' alone, but symptoms.yml makes '{symptom_id}' "
            f"'{urgency_of[symptom_id]}', not an emergency on its own; give the rule a "
            "condition, or make the symptom an emergency"
        )
    return urgency_of[symptom_id]


def _each_emergency_advised(symptoms: Sequence[Symptom], rules: Sequence[RedFlagRule]) -> None:
    """An emergency on its own needs the rule `all_of: [symptom]` without conditions: it is
    the advice people read (its urgency is the symptom's, _advice_urgency)."""
    advised = {
        next(iter(rule.all_of))
        for rule in rules
        if _is_advice(
            rule.all_of,
            rule.any_of,
            rule.features_any,
            rule.features_none,
            rule.requires,
            rule.overrides,
        )
    }
    for symptom in symptoms:
        if symptom.urgency == "emergency" and symptom.id not in advised:
            raise KnowledgeError(
                f"symptoms.yml: '{symptom.id}' is an emergency on its own, but red_flags.yml has "
                f"no rule 'all_of: [{symptom.id}]' without conditions to give its advice"
            )


def _parse_topic(entry: _Entry, source_ids: set[str]) -> Topic:
    topic = Topic(
        id=entry.id,
        title=entry.text("title"),
        answer=entry.answer("answer"),
        source_ids=entry.references("sources", source_ids, "source"),
        cues=entry.patterns("cues"),
    )
    entry.done()
    return topic


def _parse_question(
    entry: _Entry, symptom_ids: set[str], source_ids: set[str]
) -> PresentationQuestion:
    on_yes = frozenset(entry.references("on_yes", set(FEATURES), "feature"))
    answered_by = _optional_ids(entry, "answered_by", set(FEATURES), "feature") | on_yes
    buttons: list[Button] = []
    for index, item in enumerate(entry.mappings("buttons")):
        unknown = sorted(set(item) - {"title", "payload"})
        if unknown:
            entry.fail(f"button #{index + 1} has unknown field(s): {', '.join(unknown)}")
        title, payload = item.get("title"), item.get("payload")
        if not (isinstance(title, str) and title.strip()):
            entry.fail(f"button #{index + 1} needs a 'title' (a text)")
        if not (isinstance(payload, str) and payload.strip()):
            entry.fail(f"button #{index + 1} needs a 'payload' (a text)")
        if payload.startswith("/") and payload not in ANSWER_COMMANDS:
            entry.fail(
                f"button #{index + 1}: payload {payload!r} is no answer command "
                f"({', '.join(ANSWER_COMMANDS)}); words need no '/'"
            )
        buttons.append(Button(title=" ".join(title.split()), payload=payload))
    if not buttons:
        entry.fail("'buttons' must list the quick replies")
    question = PresentationQuestion(
        id=entry.id,
        symptoms=entry.references("symptoms", symptom_ids, "symptom"),
        question=entry.text("question"),
        on_yes=on_yes,
        answered_by=answered_by,
        buttons=tuple(buttons),
        source_id=entry.reference("source", source_ids, "source"),
    )
    entry.done()
    return question


# --- Writing the database --------------------------------------------------------------------


def _create_tables(engine: Engine) -> None:
    """Create the missing knowledge tables, tolerating other processes doing the same."""
    for table in Base.metadata.sorted_tables:
        try:
            table.create(engine, checkfirst=True)
        except DBAPIError as exc:
            # Another process may have created this table between our check and our create.
            if not inspect(engine).has_table(table.name):
                raise _unavailable(engine, "create the knowledge tables in", exc) from exc


def _store(engine: Engine, knowledge: Knowledge, fingerprint: str) -> None:
    """Replace every knowledge row in one transaction."""
    try:
        with Session(engine) as session, session.begin():
            _lock_knowledge(session)
            for table in KNOWLEDGE_TABLES_CHILD_FIRST:
                session.execute(delete(table))
            _add_rows(session, knowledge)
            _set_meta(session, FINGERPRINT_KEY, fingerprint)
            _set_meta(session, LOADED_AT_KEY, datetime.now(timezone.utc).isoformat())
    except DBAPIError as exc:
        raise _unavailable(engine, "write the knowledge base to", exc) from exc


def _lock_knowledge(session: Session) -> None:
    """Let one publisher at a time through; the last one's rows stay, never a mix."""
    table = KbKnowledgeMeta.__tablename__
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
    else:
        # A write that changes nothing: SQLite takes its write lock here, not at the delete.
        session.execute(text(f"UPDATE {table} SET value = value WHERE key = :key"), {"key": ""})


def _add_rows(session: Session, knowledge: Knowledge) -> None:
    # Flush parents before the rows that refer to them, for databases that check keys.
    session.add_all(
        KbSource(
            id=source.id,
            position=position,
            title=source.title,
            publisher=source.publisher,
            url=source.url,
        )
        for position, source in enumerate(knowledge.sources())
    )
    session.flush()

    for position, site in enumerate(knowledge.sites()):
        site_row = KbSite(id=site.id, position=position, name=site.name, summary=site.summary)
        site_row.source_links = [
            KbSiteSource(source_id=source_id, position=index)
            for index, source_id in enumerate(site.source_ids)
        ]
        session.add(site_row)

    for position, symptom in enumerate(knowledge.symptoms()):
        symptom_row = KbSymptom(
            id=symptom.id,
            position=position,
            label=symptom.label,
            urgency=symptom.urgency,
            urgency_reason=symptom.urgency_reason,
            general=symptom.general,
            general_note=symptom.general_note,
        )
        symptom_row.site_links = [
            KbSymptomSiteLink(
                site_id=link.site_id, position=index, why=link.why, source_id=link.source_id
            )
            for index, link in enumerate(symptom.links)
        ]
        symptom_row.source_links = [
            KbSymptomSource(source_id=source_id, position=index)
            for index, source_id in enumerate(symptom.source_ids)
        ]
        session.add(symptom_row)

    for position, topic in enumerate(knowledge.topics()):
        topic_row = KbTopic(id=topic.id, position=position, title=topic.title, answer=topic.answer)
        topic_row.source_links = [
            KbTopicSource(source_id=source_id, position=index)
            for index, source_id in enumerate(topic.source_ids)
        ]
        session.add(topic_row)
    session.flush()

    for position, rule in enumerate(knowledge.red_flag_rules()):
        rule_row = KbRedFlagRule(
            id=rule.id,
            position=position,
            urgency=rule.urgency,
            title=rule.title,
            advice=rule.advice,
            source_id=rule.source_id,
        )
        rule_row.members = [
            KbRedFlagSymptom(symptom_id=symptom_id) for symptom_id in sorted(rule.all_of)
        ]
        rule_row.conditions = [
            KbRedFlagCondition(kind=kind, value=value) for kind, value in _conditions(rule)
        ]
        session.add(rule_row)
    session.flush()


def _conditions(rule: RedFlagRule) -> list[tuple[str, str]]:
    """(kind, value) rows of kb_red_flag_conditions for one rule."""
    rows = [("at_least", str(rule.at_least))] if rule.at_least != 1 else []
    if rule.features_of_any_symptom:
        rows.append(("features_of", "any_symptom"))
    if rule.presentation:
        rows.append(("presentation", "true"))
    for kind in ("any_of", "features_any", "features_none", "requires", "overrides"):
        rows += [(kind, value) for value in sorted(getattr(rule, kind))]
    return rows


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(KbKnowledgeMeta, key)
    if row is None:
        session.add(KbKnowledgeMeta(key=key, value=value))
    else:
        row.value = value


def _unavailable(engine: Engine, action: str, exc: DBAPIError) -> DatabaseUnavailable:
    lines = str(exc.orig).strip().splitlines()
    reason = lines[0] if lines else type(exc.orig).__name__
    return DatabaseUnavailable(
        f"Could not {action} the database at {masked_url(engine.url)!r}: {reason}. "
        "Check that the database is running and that this user may create and change tables."
    )


if __name__ == "__main__":
    sys.exit(main())
