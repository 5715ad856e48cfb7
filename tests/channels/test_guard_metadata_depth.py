"""The metadata depth limit of channels.guard, at its boundary. Found by `make mutate`
(docs/mutation.md): the depth counted one level too many, or a deep branch hidden behind a
plain value, passed every other test."""

from __future__ import annotations

from channels.guard import MAX_METADATA_DEPTH, check_message, metadata_problem


def nested(levels: int) -> dict:
    """A JSON object nested `levels` objects deep: {"a": {"a": ... {}}}."""
    value: dict = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def test_metadata_exactly_as_deep_as_allowed_is_accepted_one_level_more_is_not():
    assert metadata_problem(nested(MAX_METADATA_DEPTH)) is None
    assert metadata_problem(nested(MAX_METADATA_DEPTH + 1)) is not None
    assert check_message("someone", "my hips ache", nested(MAX_METADATA_DEPTH)).accepted
    assert check_message("someone", "my hips ache", nested(MAX_METADATA_DEPTH + 1)).error


def test_a_deep_branch_is_found_beside_plain_values_in_any_order():
    too_deep = nested(MAX_METADATA_DEPTH + 1)
    for metadata in (
        {"deep": too_deep, "plain": 1},
        {"plain": 1, "deep": too_deep},
        {"list": [1, "two", too_deep, None]},
        {"list": [too_deep, 1]},
    ):
        assert metadata_problem(metadata) is not None, metadata
