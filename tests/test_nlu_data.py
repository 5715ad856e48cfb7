"""The NLU training data keeps our data rules, and the validation sets stay unseen.

tests/nlu/validation.yml and tests/nlu/questions_validation.yml were tuned on (the "Do you
mean ...?" margins, DIET's settings), so they are validation sets; the blind sets
(tests/nlu/blind_*.yml) are read here only to count copies of their messages in the training
data. "Unseen" means not a training sentence once case and punctuation (apostrophes too) are
ignored, and not nearly one either (difflib's ratio 0.9).
"""

from __future__ import annotations

from pathlib import Path

from tests.nlu.check_coverage import (
    comparable,
    coverage_report,
    load_examples,
    near_duplicates,
    people_set_texts,
)

ROOT = Path(__file__).resolve().parent.parent
VALIDATION = ROOT / "tests" / "nlu" / "validation.yml"
QUESTIONS_VALIDATION = ROOT / "tests" / "nlu" / "questions_validation.yml"


def test_training_data_and_validation_split_break_no_data_rule():
    report = coverage_report(str(ROOT / "data" / "nlu"), str(VALIDATION))

    assert report["problems"] == [], "\n".join(report["problems"])


def test_no_validation_message_is_a_training_sentence_or_nearly_one():
    report = coverage_report(str(ROOT / "data" / "nlu"), str(VALIDATION))

    assert report["heldout_overlap"] == []


def test_no_validation_question_is_a_training_sentence_or_nearly_one():
    training = [ex.text for ex in load_examples(ROOT / "data" / "nlu")]
    questions = [ex.text for ex in load_examples(QUESTIONS_VALIDATION)]

    assert len(questions) >= 25
    # Only the count is shown: the lines themselves are for the evaluation, not for reading.
    assert len(near_duplicates(questions, training)) == 0


def test_case_and_punctuation_and_apostrophes_do_not_hide_a_copy():
    assert comparable("I've got a LUMP, under my arm!") == comparable(
        "ive got a lump under my arm"
    )
    assert near_duplicates(["I've got a LUMP, under my arm!"], ["ive got a lump under my arm"])


def test_a_sentence_one_letter_away_from_training_is_a_near_duplicate():
    [(text, training, ratio)] = near_duplicates(
        ["my hips ache at night"], ["my hip aches at night", "i feel sick"]
    )

    assert (text, training) == ("my hips ache at night", "my hip aches at night")
    assert ratio >= 0.9


def test_a_genuinely_new_wording_is_not_a_near_duplicate():
    assert (
        near_duplicates(["there's a hard knot in my armpit"], ["i found a lump under my arm"])
        == []
    )


def test_the_overlap_check_fails_on_a_near_duplicate(tmp_path: Path):
    validation = tmp_path / "validation.yml"
    validation.write_text(
        'version: "3.1"\nnlu:\n- intent: done\n  examples: |\n    - No, thats everything!\n',
        encoding="utf-8",
    )
    training = tmp_path / "train.yml"
    training.write_text(
        'version: "3.1"\nnlu:\n- intent: done\n  examples: |\n    - no that\'s everything\n',
        encoding="utf-8",
    )

    report = coverage_report(training, validation)

    assert [text for text, _, _ in report["heldout_overlap"]] == ["No, thats everything!"]
    assert any("nearly" in problem for problem in report["problems"])


def evaluation_set_texts() -> dict[str, list[str]]:
    """Every message of the sets that measure people's own writing: the retired blind sets
    (validation) and the current blind ones, single messages and conversations alike."""
    return {
        path.name: people_set_texts(path)
        for path in sorted((ROOT / "tests" / "nlu").glob("*.yml"))
        if path.name.startswith(("blind_", "validation_"))
    }


# Messages of those sets that were already, by coincidence, a training sentence (or nearly one)
# when the set was committed: greetings, one-word symptoms, the contract's own example questions.
# Counted on 2 December 2026 when each set was committed (validation_*_3: session 6; the fourth
# blind sets, now validation_*_4: session 7; the fifth, now validation_*_5: session 8; the sixth,
# now validation_*_6: 3 December, session 11, whose six conversation lines are short answers of
# the kind the form's training examples hold; the seventh, now validation_*_7: 4 December,
# session 15; the eighth, now validation_*_8: 4 December, session 16; the ninth, now
# validation_*_9: 5 December, session 21; the tenth blind sets, now validation_*_10 (people and
# conversations; its acute set, now validation_acute_10, in session 23): 5 December, session 22;
# the eleventh blind sets, people and conversations, now validation_*_11: 5 December, session 23;
# the twelfth people and conversations and the eleventh acute set, now validation_people_12,
# validation_conversations_12 and validation_acute_11: 6 December, session 26; the thirteenth
# people and conversations and the twelfth acute set, now validation_people_13,
# validation_conversations_13 and validation_acute_12: 6 December, session 28; the fourteenth
# people and conversations and the thirteenth acute set, now validation_people_14,
# validation_conversations_14 and validation_acute_13: 6 December, session 30; the fifteenth
# people and conversations and the fourteenth acute set, now validation_people_15,
# validation_conversations_15 and validation_acute_14: 6 December, session 33; the sixteenth
# people and conversations and the fifteenth acute set, now validation_people_16,
# validation_conversations_16 and validation_acute_15: 7 December, session 35; the seventeenth
# people and conversations and the sixteenth acute set, now validation_people_17,
# validation_conversations_17 and validation_acute_16: 7 December, session 37; the eighteenth
# people and conversations and the seventeenth acute set, now validation_people_18,
# validation_conversations_18 and validation_acute_17: 7 December, session 39; the nineteenth
# people and conversations and the eighteenth acute set, blind_*: 7 December, session 41), before
# any training data changed; only ever lower.
COINCIDENCES = {
    "blind_acute.yml": 0,
    "blind_conversations.yml": 12,  # short answers ("no", "yes", "not sure") the form trains on
    "blind_people.yml": 0,
    "validation_acute.yml": 0,
    "validation_acute_2.yml": 0,
    "validation_acute_3.yml": 1,
    "validation_acute_4.yml": 0,
    "validation_acute_5.yml": 0,
    "validation_acute_6.yml": 0,
    "validation_acute_7.yml": 0,
    "validation_acute_8.yml": 1,
    "validation_context.yml": 2,
    "validation_conversations.yml": 1,
    "validation_conversations_3.yml": 4,
    "validation_conversations_4.yml": 5,
    "validation_conversations_5.yml": 0,
    "validation_conversations_6.yml": 6,
    "validation_conversations_7.yml": 4,
    "validation_conversations_8.yml": 0,
    "validation_people.yml": 13,
    "validation_people_3.yml": 4,
    "validation_people_4.yml": 0,
    "validation_people_5.yml": 1,
    "validation_people_6.yml": 0,
    "validation_people_7.yml": 1,
    "validation_people_8.yml": 4,
    "validation_acute_9.yml": 0,
    "validation_acute_10.yml": 0,
    "validation_conversations_10.yml": 0,
    "validation_conversations_11.yml": 0,
    "validation_conversations_9.yml": 0,
    "validation_people_10.yml": 0,
    "validation_people_11.yml": 3,
    "validation_people_12.yml": 0,
    "validation_acute_11.yml": 0,
    "validation_conversations_12.yml": 0,
    "validation_people_13.yml": 1,
    "validation_acute_12.yml": 0,
    "validation_conversations_13.yml": 0,
    "validation_people_14.yml": 1,
    "validation_acute_13.yml": 0,
    "validation_conversations_14.yml": 1,
    "validation_people_15.yml": 0,
    "validation_acute_14.yml": 0,
    "validation_conversations_15.yml": 0,
    "validation_people_16.yml": 1,
    "validation_acute_15.yml": 0,
    "validation_conversations_16.yml": 0,
    "validation_people_17.yml": 3,
    "validation_people_18.yml": 0,
    "validation_acute_17.yml": 0,
    "validation_conversations_18.yml": 0,
    "validation_acute_16.yml": 0,
    "validation_conversations_17.yml": 0,
    "validation_people_9.yml": 0,
}


def test_no_message_of_a_blind_or_retired_set_is_trained_on():
    # Never train on them: a copy (or near copy) of one of their messages in the NLU training
    # data would make its figure flatter the assistant. Only counts are shown, so that the
    # blind sets' messages are not read from a failure.
    training = [ex.text for ex in load_examples(ROOT / "data" / "nlu")]
    sets = evaluation_set_texts()

    assert set(sets) == set(COINCIDENCES)
    assert all(len(texts) >= 90 for texts in sets.values())
    copies = {name: len(near_duplicates(texts, training)) for name, texts in sets.items()}
    assert {name: n for name, n in copies.items() if n > COINCIDENCES[name]} == {}
