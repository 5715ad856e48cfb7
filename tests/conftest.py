"""Fixtures shared by the action and triage tests: a loaded knowledge base, the domain, a
tracker builder and a collecting dispatcher (in the manner of RasaHQ/rasa-demo)."""

from __future__ import annotations

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


@pytest.fixture(scope="session", autouse=True)
def knowledge_database(tmp_path_factory: pytest.TempPathFactory) -> Iterable[str]:
    """Every test process uses its own SQLite knowledge base, loaded from data/knowledge."""
    import actions.config

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    previous = actions.config.os.environ.get("DATABASE_URL")
    actions.config.os.environ["DATABASE_URL"] = url
    actions.config.knowledge.cache_clear()
    yield url
    actions.config.knowledge.cache_clear()
    if previous is None:
        actions.config.os.environ.pop("DATABASE_URL", None)
    else:
        actions.config.os.environ["DATABASE_URL"] = previous


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
