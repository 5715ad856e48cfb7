"""Whose, whether and how a symptom presents (issues 12 and 18), session 40.

- A blocker may hold only the first word of what it blocks (``first_word``): "called in sick"
  blocks "sick twice" whatever follows, a "coughing fit" is no fit however it is timed, and
  a sickness told after it in its own words still counts.
- Weeks since treatment are read the same way whether written out or short ("3wks"), and a
  number of weeks is read whole: "16 weeks ago" is not "6 weeks ago".
"""

from __future__ import annotations

import pytest
from support import assistant_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


def level(text: str) -> str:
    return urgency(get_extractor(), read_knowledge(), text, net=None)


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("I called in sick twice this month, the flu again", "vomiting"),
        ("been off sick every day last week with my back", "vomiting"),
        ("had a coughing fit about an hour ago, all fine now", "seizure"),
        ("a laughing fit at lunch 20 mins ago, my ribs ache from it", "seizure"),
        ("Nan had a panic fit half an hour ago about the bills", "seizure"),
    ],
)
def test_a_phrase_that_begins_a_mention_blocks_it_whatever_follows(text, symptom_id):
    assert symptom_id not in roles(text)


@pytest.mark.parametrize(
    "text, symptom_id",
    [
        ("I was off sick last week and I've been sick twice today", "vomiting"),
        ("after the coughing fit she had a fit 10 minutes ago and won't wake", "seizure"),
    ],
)
def test_the_same_symptom_told_in_its_own_words_after_the_phrase_still_counts(text, symptom_id):
    assert symptom_id in roles(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I finished chemo 6 weeks ago and I have a temperature of 38.5", "emergency"),
        ("rads finished 3wks ago and I have a temperature of 38.5", "emergency"),
        ("chemo ended a couple of weeks back, now 38.5 temp", "emergency"),
        ("I finished chemo 16 weeks ago and I have a temperature of 38.5", "urgent"),
        ("rads finished 10wks ago and I have a temperature of 38.5", "urgent"),
    ],
)
def test_weeks_since_treatment_decide_a_fever_written_out_or_short(text, expected):
    assert level(text) == expected


def test_only_a_blocker_marked_first_word_reaches_past_its_own_end(tmp_path):
    # The same blocker without `first_word` holds only "called in sick", not the "sick twice
    # today" that begins inside it, so the sickness is read (built from a copy of the
    # resources with the mark taken off).
    import shutil

    from symptom_nlu.extract import SymptomExtractor
    from symptom_nlu.lexicon import RESOURCES_DIR

    text = "I called in sick twice today"
    marked = 'sick", only: [vomiting], first_word: true}'
    copy = tmp_path / "en"
    shutil.copytree(RESOURCES_DIR / "en", copy)
    lexicon = (copy / "lexicon.yml").read_text(encoding="utf-8")
    assert lexicon.count(marked) == 1
    (copy / "lexicon.yml").write_text(
        lexicon.replace(marked, 'sick", only: [vomiting]}'), encoding="utf-8"
    )
    unmarked = SymptomExtractor(resources=str(copy))
    assert "vomiting" in {m.symptom_id for m in unmarked.extract(text).symptoms}
    assert "vomiting" not in {m.symptom_id for m in get_extractor().extract(text).symptoms}
