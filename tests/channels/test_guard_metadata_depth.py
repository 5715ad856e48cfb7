"""The input checks of channels.guard at their edges: the metadata depth limit and the values
of typed commands. Found by `make mutate` (docs/mutation.md): the depth counted one level too
many, a deep branch hidden behind a plain value, a duration with words before it, passed every
other test."""

from __future__ import annotations

import json

from channels.guard import (
    MAX_METADATA_BYTES,
    MAX_METADATA_DEPTH,
    check_message,
    metadata_problem,
)


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


def padded_metadata(size: int, letter: str = "x") -> dict:
    """{"note": "xxx..."}, whose JSON is exactly `size` bytes in UTF-8."""
    empty = len(json.dumps({"note": ""}).encode("utf-8"))
    count = (size - empty) // len(letter.encode("utf-8"))
    metadata = {"note": letter * count}
    assert len(json.dumps(metadata, ensure_ascii=False).encode("utf-8")) == size
    return metadata


def test_metadata_of_exactly_the_byte_limit_is_accepted_one_byte_more_is_not():
    assert metadata_problem(padded_metadata(MAX_METADATA_BYTES)) is None
    assert metadata_problem(padded_metadata(MAX_METADATA_BYTES + 1)) is not None


def test_the_metadata_limit_counts_utf8_bytes_not_escaped_ascii():
    """Text in any language fits as many bytes as it takes in UTF-8 (é is 2 bytes, not the 6
    of an escaped \\u00e9), and no more."""
    assert metadata_problem(padded_metadata(MAX_METADATA_BYTES, "é")) is None
    assert metadata_problem(padded_metadata(MAX_METADATA_BYTES + 2, "é")) is not None
