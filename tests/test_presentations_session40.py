"""Whose, whether and how a symptom presents (issues 12 and 18), session 40.

- A blocker may hold only the first word of what it blocks (``first_word``): "called in sick"
  blocks "sick twice" whatever follows, a "coughing fit" is no fit however it is timed, and
  a sickness told after it in its own words still counts.
- Weeks since treatment are read the same way whether written out or short ("3wks"), and a
  number of weeks is read whole: "16 weeks ago" is not "6 weeks ago".
- Learnt from validation sets 16 and 17 (read): "r ribs" is the right side; sight going grey
  just before a faint is the faint; a pain "sorted with tablets" is over; a joke about the
  writer they then deny is no symptom; a relative's illness told for the writer's own risk
  is family history, unless it is going on today.
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pain under r ribs, been there a week", {"right_upper_abdominal_pain"}),
        (
            "ache under the rt rib cage and I'm yellowish",
            {"right_upper_abdominal_pain", "jaundice"},
        ),
    ],
)
def test_right_written_short_under_the_ribs_is_the_liver_pain(text, expected):
    read = roles(text)
    assert {symptom_id for symptom_id, found in read.items() if None in found} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Everything went grey and I blacked out in the queue",
        "my vision went grey, then I fainted",
    ],
)
def test_sight_going_grey_just_before_a_faint_is_the_faint(text):
    assert roles(text).get("fainting") == {None}
    assert "vision_change" not in roles(text)


def test_sight_going_grey_on_its_own_is_still_a_change_of_sight():
    assert None in roles("everything went grey and blurry for an hour").get("vision_change", set())


def test_a_pain_put_right_by_tablets_is_over_and_the_new_lump_is_not():
    found = roles(
        "I had chest pain last month but that turned out to be reflux and it's sorted with "
        "tablets. What's bothering me now is a lump in my left breast next to the old scar."
    )
    assert found.get("chest_pain") == {"past"}
    assert found.get("breast_lump") == {None}


def test_a_pain_the_tablets_have_not_sorted_goes_on():
    found = roles("I've had chest pain since Monday, the GP gave me tablets but it's not sorted")
    assert found.get("chest_pain") == {None}


def test_a_joke_about_the_writer_then_denied_is_no_symptom():
    found = roles(
        "My husband jokes I'm confused because I forgot his mum's birthday. I'm not, I just "
        "forgot."
    )
    assert None not in found.get("confusion", set())


@pytest.mark.parametrize(
    "text, symptom_id, expected",
    [
        # a relative's illness told as family history, the writer asking for themselves
        (
            "My cousin was confused and really sleepy when her calcium was high. Is that "
            "something I should know about for myself?",
            "drowsiness",
            {"other_person"},
        ),
        # ... but a relative's symptom going on today is a carer's report, whatever is asked
        ("my mum is confused today, is it genetic?", "confusion", {None}),
        ("my mum is coughing up blood right now, is it genetic?", "coughing_blood", {None}),
        ("my gran went yellow years ago, is it genetic?", "jaundice", {"other_person"}),
    ],
)
def test_a_question_about_the_writers_own_risk_and_a_relative_ill_today(
    text, symptom_id, expected
):
    assert roles(text).get(symptom_id) == expected


@pytest.mark.parametrize(
    "text",
    [
        # found by session 40's mutation check: the skin or eyes named before the colour keep
        # it, whatever yellow thing is named after it
        "I think my skin has gone a bit yellow like the leaves",
        "my eyes look yellow in the photo",
        "I've gone yellow like a banana",
    ],
)
def test_the_writers_own_skin_or_eyes_named_before_the_colour_keep_the_jaundice(text):
    assert roles(text).get("jaundice") == {None}


@pytest.mark.parametrize(
    "text", ["the leaves on my plant have gone yellow", "my highlighter pen has gone yellow"]
)
def test_a_yellow_thing_named_before_the_colour_is_still_no_jaundice(text):
    assert "jaundice" not in roles(text)
