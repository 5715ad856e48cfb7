"""The input checks of channels.guard at their edges: the metadata depth limit and the values
of typed commands. Found by `make mutate` (docs/mutation.md): the depth counted one level too
many, a deep branch hidden behind a plain value, a duration with words before it, passed every
other test."""

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


def test_a_command_duration_must_be_a_duration_from_its_first_word_and_a_symptom_a_known_id():
    """Typed `/intent{...}` commands skip understanding, so their values are checked: text
    before the duration, punctuation alone or a value that is not text is refused."""
    from channels.guard import command_problem, is_duration

    assert is_duration("3 weeks")
    assert not is_duration("call 3 weeks")
    assert not is_duration("...")
    assert not is_duration("   ")
    assert command_problem('/report_symptom{"symptom": 5}') is not None
    assert command_problem('/inform_duration{"duration": ["3 weeks"]}') is not None
