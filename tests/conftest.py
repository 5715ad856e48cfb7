"""Fixtures shared by the action and triage tests: a loaded knowledge base, the domain, a
tracker builder and a collecting dispatcher (in the manner of RasaHQ/rasa-demo)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from support import make_tracker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LIVE_TESTS = PROJECT_ROOT / "tests" / "live"


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """tests/live needs the running stack and the fake platforms: pytest collects it only
    when it is named on the command line (`make test-channels` does), never by default."""
    if not _within(collection_path, LIVE_TESTS):
        return None
    named = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return True if not any(_within(path, LIVE_TESTS) for path in named) else None


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under `make mutate` (MUTMUT_PREBUILD_NLU=1): mutmut's fork server collects the tests
    once, then forks one process per mutant. Building the shared extractor here, in the fork
    server, spares each mutant the spaCy build (about 18 s of CPU); mutmut's trampolines still
    pick the mutated function at each call. The mutants of what runs only while a pipeline is
    built (`build`, `__init__`, the rule loaders) are met by the tests that build a fresh one
    (docs/mutation.md)."""
    if os.environ.get("MUTMUT_PREBUILD_NLU") == "1" and session.config.option.collectonly:
        from symptom_nlu.extract import get_extractor

        get_extractor()


@pytest.fixture(scope="session")
def extractor() -> Any:
    """The shared spaCy NLU layer (built once per process), for the NLU test families."""
    from symptom_nlu.extract import get_extractor

    return get_extractor()


@pytest.fixture(scope="session")
def component() -> Any:
    """Our Rasa NLU component (symptom_nlu.rasa_component) with its default config, outside a
    trained model: the intent a message arrives with is the test's choice."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.resource import Resource

    from symptom_nlu.rasa_component import SymptomEntityExtractor

    return SymptomEntityExtractor.create(
        SymptomEntityExtractor.get_default_config(),
        model_storage=None,  # type: ignore[arg-type]  # not used: nothing is persisted
        resource=Resource("symptom_entity_extractor"),
        execution_context=ExecutionContext(GraphSchema({})),
    )


@pytest.fixture(scope="session")
def rasa_domain():
    """domain.yml as Rasa's own Domain object (the `domain` fixture is the plain dict)."""
    from rasa.shared.core.domain import Domain

    return Domain.load(PROJECT_ROOT / "domain.yml")


@pytest.fixture(scope="session", autouse=True)
def knowledge_database(tmp_path_factory: pytest.TempPathFactory) -> Iterable[str]:
    """Every test process uses its own SQLite database (assessment records, summary links);
    the knowledge itself is read from data/knowledge, never from a database."""
    import actions.config

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    # The assessment records go to the same database, hashed with a key of the tests' own
    # (never a key file under var/).
    settings = {"DATABASE_URL": url, "SENDER_HASH_KEY": "test-sender-hash-key"}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    actions.config.knowledge.cache_clear()
    actions.config.assessment_records.cache_clear()
    yield url
    actions.config.knowledge.cache_clear()
    actions.config.assessment_records.cache_clear()
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def knowledge(knowledge_database: str):
    import actions.config

    return actions.config.knowledge()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    with open(PROJECT_ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    return make_tracker


# --- the real servers of the scaled configuration: a test FAILS (never skips) without them ---


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """TEST_POSTGRES_URL, a throwaway PostgreSQL database (the Makefile sets it)."""
    from symptom_checker.database import DatabaseUnavailable, make_engine

    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not url:
        pytest.fail("TEST_POSTGRES_URL is not set: point it at a throwaway PostgreSQL database.")
    try:
        make_engine(url, variable="TEST_POSTGRES_URL").dispose()
    except DatabaseUnavailable as exc:
        pytest.fail(f"The test PostgreSQL database is unreachable: {exc}")
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL, a Redis database the tests may write to (the Makefile sets it)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "").strip()
    if not url:
        pytest.fail(
            "TEST_REDIS_URL is not set: point it at a Redis database, e.g. redis://127.0.0.1:6379/0."
        )
    try:
        redis.Redis.from_url(url, socket_timeout=5).ping()
    except redis.RedisError as exc:
        pytest.fail(f"The test Redis at {url} is unreachable: {exc}")
    return url
