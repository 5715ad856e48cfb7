"""tests/check_stories.py, the part of `make test-stories` that Rasa's e2e test leaves out:
roles, slot values, and a stories file that Rasa would silently skip."""

from __future__ import annotations

from pathlib import Path

from tests.check_stories import Turn, dialogue_problems, parse_problems, story_files_without_prefix


def symptom(value: str, role: str | None = None) -> dict:
    return {"entity": "symptom", "value": value, **({"role": role} if role else {})}


def parsed(intent: str, *entities: dict) -> dict:
    return {"intent": {"name": intent}, "entities": list(entities)}


CORRECTION = Turn("actually I don't have a cough", "report_symptom", [symptom("cough", "negated")])


def test_a_symptom_found_without_its_negated_role_is_a_problem():
    assert parse_problems(CORRECTION, parsed("report_symptom", symptom("cough"))) != []


def test_a_symptom_found_with_its_role_is_right():
    assert parse_problems(CORRECTION, parsed("report_symptom", symptom("cough", "negated"))) == []


def test_a_symptom_the_story_does_not_name_is_a_problem():
    extra = parsed("report_symptom", symptom("cough", "negated"), symptom("fatigue"))
    assert parse_problems(CORRECTION, extra) != []


def test_the_wrong_intent_is_a_problem():
    assert parse_problems(CORRECTION, parsed("deny", symptom("cough", "negated"))) != []


def test_an_annotated_duration_must_be_found_with_its_value():
    turn = Turn("roughly a month", "inform_duration", [{"entity": "duration", "value": "a month"}])
    assert parse_problems(turn, parsed("inform_duration")) != []
    found = parsed("inform_duration", {"entity": "duration", "value": "a month"})
    assert parse_problems(turn, found) == []


ANSWER = Turn(
    "roughly a month",
    "inform_duration",
    [],
    actions=["symptom_form"],
    steps=[("slot", "symptom_duration", "roughly a month"), ("slot", "requested_slot", None)],
)


def test_slot_values_set_by_the_actions_are_compared_with_the_story():
    events = [
        {"event": "action", "name": "symptom_form"},
        {"event": "slot", "name": "symptom_duration", "value": "roughly a month"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "action", "name": "action_listen"},
    ]
    assert dialogue_problems(ANSWER, events) == []


def test_a_slot_set_to_another_value_is_a_problem():
    events = [
        {"event": "action", "name": "symptom_form"},
        {"event": "slot", "name": "symptom_duration", "value": "nonsense"},
        {"event": "slot", "name": "requested_slot", "value": None},
    ]
    assert dialogue_problems(ANSWER, events) != []


def test_slots_set_in_another_order_than_the_story_says_is_a_problem():
    events = [
        {"event": "action", "name": "symptom_form"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "slot", "name": "symptom_duration", "value": "roughly a month"},
    ]
    assert dialogue_problems(ANSWER, events) != []


def test_another_action_than_the_story_says_is_a_problem():
    events = [
        {"event": "action", "name": "utter_default"},
        {"event": "slot", "name": "symptom_duration", "value": "roughly a month"},
        {"event": "slot", "name": "requested_slot", "value": None},
    ]
    assert dialogue_problems(ANSWER, events) != []


def test_a_stories_file_without_the_test_prefix_is_found(tmp_path: Path):
    (tmp_path / "test_stories.yml").write_text("stories:\n- story: a\n  steps: []\n")
    (tmp_path / "stories.yml").write_text("stories:\n- story: b\n  steps: []\n")
    (tmp_path / "other.yml").write_text("turns: []\n")

    assert story_files_without_prefix(tmp_path) == [tmp_path / "stories.yml"]
