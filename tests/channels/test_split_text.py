"""channels.common.split_text on its own: every platform caps a message's length (Twilio 1,600
characters, Messenger 2,000, Slack 3,000 per block, Telegram 4,096), so a long paragraph must be
cut into several messages, at line breaks or spaces, without losing a word."""

from __future__ import annotations

from channels.common import split_text

# About 5,000 characters in one paragraph: longer than any platform allows.
SENTENCE = "Bone pain that wakes you at night and does not ease with rest needs a check. "
LONG_PARAGRAPH = (SENTENCE * 65).strip()


def test_a_paragraph_longer_than_the_limit_is_cut_into_several_messages():
    assert len(LONG_PARAGRAPH) > 4096

    parts = split_text(LONG_PARAGRAPH, 1600)

    assert len(parts) == 4
    assert all(0 < len(part) <= 1600 for part in parts)
    assert " ".join(parts).split() == LONG_PARAGRAPH.split()


def test_each_platform_limit_is_kept_to_the_character():
    for limit in (1600, 2000, 3000, 4096):
        parts = split_text(LONG_PARAGRAPH, limit)

        assert len(parts) >= -(-len(LONG_PARAGRAPH) // limit) >= 2
        assert max(len(part) for part in parts) <= limit
        assert max(len(part) for part in parts) > limit - len(SENTENCE)  # cuts are not wasteful
        assert " ".join(parts).split() == LONG_PARAGRAPH.split()


def test_a_long_paragraph_is_cut_at_spaces_never_inside_a_word():
    parts = split_text(LONG_PARAGRAPH, 1600)

    words = set(LONG_PARAGRAPH.split())
    assert all(set(part.split()) <= words for part in parts)
    assert all(part == part.strip() for part in parts)


def test_a_line_break_is_preferred_to_a_space():
    lines = "\n".join(["Urgency: soon"] + ["• lymph nodes: a lump under the arm"] * 60)

    parts = split_text(lines, 1000)

    assert all(len(part) <= 1000 for part in parts)
    assert all(not part.endswith(("the", "a", "under")) for part in parts)
    assert "\n".join(parts).splitlines() == lines.splitlines()


def test_a_word_longer_than_the_limit_is_cut_at_the_limit():
    parts = split_text("x" * 4500, 1600)

    assert [len(part) for part in parts] == [1600, 1600, 1300]


def test_paragraphs_within_the_limit_are_sent_as_they_are():
    assert split_text("First paragraph.\n\n  Second one.  \n\n", 1600) == [
        "First paragraph.",
        "Second one.",
    ]


def test_a_paragraph_exactly_at_the_limit_is_sent_whole():
    paragraph = "Aching hips at night"

    assert split_text(paragraph, len(paragraph)) == [paragraph]
    assert split_text(paragraph, len(paragraph) - 1) == ["Aching hips at", "night"]


def test_a_cut_falls_on_the_last_break_that_keeps_the_part_within_the_limit():
    """A line break or a space exactly at the limit is used (the part is then exactly the
    limit long); one a character later is not (the part would be one too long)."""
    assert split_text("aaaa bbbbb\ncc dd", 10) == ["aaaa bbbbb", "cc dd"]
    assert split_text("aaaa bbbbbb\ncc", 10) == ["aaaa", "bbbbbb\ncc"]
    assert split_text("aaaaa bbbb cc", 10) == ["aaaaa bbbb", "cc"]
    assert split_text("aaaaa bbbbb cc", 10) == ["aaaaa", "bbbbb cc"]


def test_long_lines_are_cut_at_the_last_line_break_that_fits_not_the_first():
    lines = "\n".join(["• lymph nodes: a lump under the arm"] * 60)

    parts = split_text(lines, 1000)

    assert len(parts) == -(-len(lines) // 1000)
    assert all(len(part) > 1000 - 40 for part in parts[:-1])


def test_a_one_letter_word_or_line_at_the_start_is_cut_like_any_other():
    assert split_text("I " + "x" * 20, 10) == ["I", "x" * 10, "x" * 10]
    assert split_text("a\n" + "b" * 12, 10) == ["a", "b" * 10, "bb"]


def test_spaces_before_a_line_break_are_not_sent():
    assert split_text("aaaa   \nbbbb", 8) == ["aaaa", "bbbb"]
