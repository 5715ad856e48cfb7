"""What `rasa test --e2e` does not check in the test stories, checked against the trained model.

Rasa 3.6's end-to-end test compares an entity's type, value and span but not its role, so a
story that says [cough]{"role": "negated"} passes when the model finds a cough the person has;
and it never runs the actions, so the `slot_was_set` values of a story are only ever read, not
compared. This script (run by `make test-stories` after `rasa test`) closes both gaps:

1. every user line of every story is parsed by the model: the intent must be the story's, the
   symptoms found must be exactly the annotated ones WITH their roles (none = present,
   `negated`, ...), and every other annotated entity must be found with its value and role;
2. every story is then played as a real conversation through the model and the action server
   (ACTIONS_PORT): after each user line the actions that ran must be the story's, and the
   story's `slot_was_set` and `active_loop` steps must happen, in order, with those values.

It fails when no story was checked, and when a stories file under tests/ lost its `test_`
prefix (Rasa would skip it silently).

Usage: python tests/check_stories.py [--model models] [--actions-url URL] [tests/test_*.yml ...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SYMPTOM = "symptom"
# Rasa runs these by itself (after every turn, after a restart): stories do not list them.
IMPLICIT_ACTIONS = ("action_listen", "action_session_start")


@dataclass
class Turn:
    """One user line of a story and what must follow it."""

    text: str
    intent: str | None
    entities: list[dict[str, Any]]
    actions: list[str] = field(default_factory=list)
    # ("slot", name, value) and ("active_loop", name, None), in the story's order.
    steps: list[tuple[str, str | None, Any]] = field(default_factory=list)


@dataclass
class Story:
    name: str
    path: str
    turns: list[Turn]


def story_files_without_prefix(folder: Path) -> list[Path]:
    """Files under `folder` (not its subfolders) that hold stories but that Rasa's end-to-end
    test skips because their name does not start with `test_`."""
    found = []
    for path in sorted(folder.glob("*.y*ml")):
        if path.name.startswith("test_"):
            continue
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(content, dict) and content.get("stories"):
            found.append(path)
    return found


def read_stories(paths: Iterable[Path], domain: Any) -> list[Story]:
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    stories = []
    for path in paths:
        for step in YAMLStoryReader(domain).read_from_file(str(path)):
            turns: list[Turn] = []
            for event in step.events:
                if isinstance(event, UserUttered):
                    turns.append(
                        Turn(event.text or "", event.intent_name, list(event.entities or []))
                    )
                elif not turns:
                    continue
                elif isinstance(event, ActionExecuted) and event.action_name != "action_listen":
                    turns[-1].actions.append(event.action_name)
                elif isinstance(event, SlotSet):
                    turns[-1].steps.append(("slot", event.key, event.value))
                elif isinstance(event, ActiveLoop):
                    turns[-1].steps.append(("active_loop", event.name, None))
            stories.append(Story(step.block_name, str(path), turns))
    return stories


def _mention(entity: dict[str, Any]) -> tuple[str, str | None]:
    return (str(entity.get("value")), entity.get("role"))


def parse_problems(turn: Turn, parsed: dict[str, Any]) -> list[str]:
    """What the model's parse of a story line gets wrong against the story's annotation."""
    problems = []
    intent = (parsed.get("intent") or {}).get("name")
    if turn.intent and intent != turn.intent:
        problems.append(f"intent {intent!r}, the story says {turn.intent!r}")
    found = parsed.get("entities") or []
    want_symptoms = sorted(_mention(e) for e in turn.entities if e["entity"] == SYMPTOM)
    got_symptoms = sorted(_mention(e) for e in found if e.get("entity") == SYMPTOM)
    if got_symptoms != want_symptoms:
        problems.append(f"symptoms (value, role) {got_symptoms}, the story says {want_symptoms}")
    for entity in turn.entities:
        if entity["entity"] == SYMPTOM:
            continue
        same_type = [_mention(e) for e in found if e.get("entity") == entity["entity"]]
        if _mention(entity) not in same_type:
            problems.append(f"{entity['entity']} {_mention(entity)} not found (found {same_type})")
    return problems


def dialogue_problems(turn: Turn, events: Sequence[dict[str, Any]]) -> list[str]:
    """What the conversation did after the user line (`events`: the tracker's events after
    that user message, as dicts) against what the story says must follow it."""
    problems = []
    ran = [
        e["name"]
        for e in events
        if e.get("event") == "action" and e.get("name") not in IMPLICIT_ACTIONS
    ]
    if ran != turn.actions:
        problems.append(f"actions {ran}, the story says {turn.actions}")
    position = 0
    for kind, name, value in turn.steps:
        for index in range(position, len(events)):
            event = events[index]
            if kind == "slot":
                happened = event.get("event") == "slot" and event.get("name") == name
                happened = happened and event.get("value") == value
            else:
                happened = event.get("event") == "active_loop" and event.get("name") == name
            if happened:
                position = index + 1
                break
        else:
            sets = [
                (e.get("name"), e.get("value"))
                for e in events
                if e.get("event") in ("slot", "active_loop")
            ]
            what = f"slot {name} = {value!r}" if kind == "slot" else f"active_loop {name}"
            problems.append(f"{what} did not happen in order (slots and loops set: {sets})")
            break
    return problems


async def check(stories: list[Story], model: str, actions_url: str) -> list[str]:
    import logging

    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # a debug line per prediction says nothing here

    from runtime.action_auth import SECRET_HEADER, shared_secret

    # The action server of `make test-stories` is the launcher's: it wants the shared secret.
    action = EndpointConfig(url=actions_url, headers={SECRET_HEADER: shared_secret()})
    agent = await load_agent(model_path=model, endpoints=AvailableEndpoints(action=action))
    failures = []
    for number, story in enumerate(stories):
        sender = f"test-story-{number}"
        for turn in story.turns:
            where = f"{story.path}: {story.name!r}, {turn.text!r}"
            parsed = await agent.parse_message(turn.text)
            failures += [f"{where}: {p}" for p in parse_problems(turn, parsed)]
            before = await agent.tracker_store.retrieve_full_tracker(sender)
            seen = len(before.events) if before else 0
            await agent.handle_message(
                UserMessage(turn.text, CollectingOutputChannel(), sender_id=sender)
            )
            tracker = await agent.tracker_store.retrieve_full_tracker(sender)
            events = [e.as_dict() for e in list(tracker.events)[seen:]]
            after_user = next(i for i, e in enumerate(events) if e["event"] == "user") + 1
            failures += [f"{where}: {p}" for p in dialogue_problems(turn, events[after_user:])]
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--model", default="models")
    parser.add_argument(
        "--actions-url",
        default=f"http://127.0.0.1:{os.environ.get('ACTIONS_PORT', '5055')}/webhook",
    )
    args = parser.parse_args(argv)

    from rasa.shared.core.domain import Domain

    unprefixed = story_files_without_prefix(ROOT / "tests")
    if unprefixed:
        print(f"Rasa skips stories files not named test_*: {unprefixed}")
        return 1
    files = args.files or sorted((ROOT / "tests").glob("test_*.yml"))
    stories = read_stories(files, Domain.load(str(ROOT / "domain.yml")))
    lines = sum(len(story.turns) for story in stories)
    if not stories or not lines:
        print(f"No test story with a user line in {[str(f) for f in files]}")
        return 1
    failures = asyncio.run(check(stories, args.model, args.actions_url))
    for failure in failures:
        print(failure)
    print(
        f"{len(stories)} stories, {lines} user lines: roles and slot values "
        + ("checked, all as the stories say" if not failures else f"{len(failures)} problems")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
