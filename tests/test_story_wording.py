"""Test stories and transcripts must say things the model was not trained on.

A story line that is word for word a training sentence (once case and punctuation are
ignored) only shows that the model remembers its training data; the gates built on the
stories (`make test-stories`) and the transcripts (`make converse`) are meant to show that
it understands people. Button payloads ("/affirm") are not words and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.nlu.check_coverage import comparable, load_examples

ROOT = Path(__file__).resolve().parent.parent
# [text]{"entity": ...} or [text](value) in a story line: the words are the text.
ANNOTATION = re.compile(r"\[([^\]]*)\](\{[^}]*\}|\([^)]*\))")


def plain(text: str) -> str:
    return ANNOTATION.sub(r"\1", text)


def story_lines() -> list[tuple[str, str]]:
    lines = []
    for path in sorted((ROOT / "tests").glob("test_*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8")).get("stories") or []:
            for step in story.get("steps") or []:
                if "user" in step:
                    lines.append((f"{path.name}: {story['story']}", plain(str(step["user"]))))
    return lines


def transcript_lines() -> list[tuple[str, str]]:
    lines = []
    for path in sorted((ROOT / "tests" / "conversations").glob("*.yml")):
        for turn in yaml.safe_load(path.read_text(encoding="utf-8")).get("turns") or []:
            if "user" in turn:
                lines.append((path.name, str(turn["user"])))
    return lines


def training_sentences() -> set[str]:
    return {comparable(example.text) for example in load_examples(ROOT / "data" / "nlu")}


# A short answer to the assistant's question ("no", "that's everything", "about 3 weeks")
# has few other wordings and shows nothing about understanding people's own sentences.
SHORT_ANSWER_WORDS = 3


def copied(lines: list[tuple[str, str]]) -> list[str]:
    training = training_sentences()
    return [
        f"{where}: {text.strip()!r}"
        for where, text in lines
        if not text.strip().startswith("/")
        and len(text.split()) > SHORT_ANSWER_WORDS
        and comparable(text) in training
    ]


def test_the_story_and_transcript_readers_find_the_lines():
    assert len(story_lines()) >= 40
    assert len(transcript_lines()) >= 100
    assert plain('I had a [fit]{"entity": "symptom", "value": "seizure"}') == "I had a fit"


def test_no_test_story_line_is_a_training_sentence():
    assert copied(story_lines()) == []


def test_no_transcript_line_is_a_training_sentence():
    assert copied(transcript_lines()) == []


def test_a_sentence_copied_from_training_is_found_but_a_short_answer_is_not():
    sentence = next(
        example.text
        for example in load_examples(ROOT / "data" / "nlu")
        if len(example.text.split()) > SHORT_ANSWER_WORDS
    )
    assert copied([("x.yml", sentence.upper())]) == [f"x.yml: {sentence.upper()!r}"]
    assert copied([("x.yml", "no"), ("x.yml", "/affirm")]) == []
