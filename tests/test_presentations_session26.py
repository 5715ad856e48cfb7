"""How a symptom presents (issue 18), session 26: the emergencies the retired acute sets
(validation 1 to 9, read; not blind; of set 9 only the two thirds read) still under-triaged,
each for words the lexicon or the features lacked. The rules are the contract's red flags:

- sudden loss of sight ("everything went dark", "the sight in my eye just went", "went blind",
  "everything doubled", a blind pulled down);
- drowsiness ("can't get her to wake up", "can't keep him awake", drifting off again, asleep
  over a meal, "she not answer good");
- heavy or uncontrolled bleeding (a cut pouring for half an hour that "can't be got to stop",
  a large amount passed from the back passage, urine with clots);
- coughing up blood (red bits or a red clot in the tissue after a cough, a spoonful of blood);
- a swollen face or neck with noisy breathing ("face like a balloon", "a crowing sound");
- a suspected broken leg, hip or back (a leg turned outwards after a trip, nothing can be put
  on it, something gave in the mid back);
- back pain with difficulty walking ("could barely get to the loo", "had to hold the wall");
  back pain that wraps round the ribs;
- fever or feeling unwell on treatment ("like proper flu", "catching flu", "hot like fire and
  shaking", "38 point 4", treatments named as "key mo", "pembro", "palbo", "the trial drug");
- loss of bowel control ("didn't know I needed the toilet", "my bowels just went");
- breathlessness at rest or of sudden onset ("just sittin here", "then bang").

Each has a near miss that must stay below an emergency. Sentences written for these tests,
not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import urgency

from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text",
    [
        "About ten minutes ago everything went black in my left eye and it's still dark",
        "the vision in my left eye suddenly vanished while I was driving home",
        "Mum went completely blind in one eye this afternoon, out of nowhere",
        "reading the paper and suddenly everything doubled, still double an hour later",
        "it was like a curtain came down over my right eye just now",
    ],
)
def test_sight_lost_suddenly_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I can't get dad to wake up properly this morning, he mumbles and goes back to sleep",
        "we cannae keep him awake, he's nodded off three times at the table",
        "She answers me then drifts right off again in the middle of it",
        "He fell asleep over his breakfast twice today",
    ],
)
def test_someone_who_cannot_be_kept_awake_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "caught my thumb on the mandoline and it's been gushing for 30 minutes, "
        "I can't get it to stop",
        "Passing a lot of blood from my bottom today, the pan was bright red",
        "peeing something like red wine full of clots since this morning, on docetaxel",
    ],
)
def test_bleeding_that_is_heavy_or_will_not_stop_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_bleeding_that_stopped_is_not_an_emergency(knowledge):
    text = "Last month I had a nosebleed I couldn't get to stop, it took an hour"
    assert urgency(get_extractor(), knowledge, text) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I coughed after breakfast and there were specks of red in the hanky",
        "coughed up a spoonful of dark red blood just now",
        "had a coughing fit and brought up a bright red clot",
    ],
)
def test_blood_seen_after_a_cough_is_coughing_up_blood(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_a_red_clot_in_a_tissue_after_blowing_the_nose_is_not_coughing_blood(knowledge):
    text = "blew my nose and there were specks of red on the tissue, it stopped straight away"
    assert urgency(get_extractor(), knowledge, text) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "His face is like a balloon today and there's a crowing kind of noise when he breathes",
        "face big. neck big. breath make whistle sound.",
    ],
)
def test_a_swollen_face_with_noisy_breathing_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_a_puffy_face_with_quiet_breathing_is_not_an_emergency(knowledge):
    text = "my face is a bit bigger in the mornings, breathing is fine"
    assert urgency(get_extractor(), knowledge, text) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Gran slipped on the step and her foot is lying turned outwards, she's in a lot of pain",
        "I twisted my knee getting off the bus, heard a crack in my thigh, can't put anything "
        "on it",
        "bent down to the dog and felt something give in the middle of my back, pain 8/10",
    ],
)
def test_a_suspected_broken_leg_hip_or_back_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "my lower back is agony and I could barely get up the stairs to bed",
        "back's been killing me all week and today I had to hold the wall to get to the kitchen",
        "the ache in my spine wraps round to the front of my ribs now",
    ],
)
def test_back_pain_with_difficulty_walking_or_a_band_round_the_ribs_is_an_emergency(
    knowledge, text
):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_back_pain_alone_is_not_an_emergency(knowledge):
    assert urgency(get_extractor(), knowledge, "my lower back aches after gardening") != (
        "emergency"
    )


@pytest.mark.parametrize(
    "text",
    [
        "on pembro, woke up aching all over like proper flu",
        "I think I'm catching flu, had my key mo on Tuesday",
        "palbo since March, tonight I'm boiling hot and shivering",
        "my temperature is 38 point 6, chemo was last Thursday",
        "I'm on the trial drug and I feel like something the cat dragged in today",
        "Had chemo Monday and she is hot like fire, shaking all over",
    ],
)
def test_fever_or_feeling_unwell_on_treatment_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I feel like I'm catching flu. Not on any treatment now, just checking",
        "my temperature is 38 point 2 and I finished treatment years ago",
    ],
)
def test_fever_or_flu_without_treatment_is_not_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) != "emergency"


def test_the_flu_last_winter_is_no_symptom_now(knowledge):
    text = "I had the flu last winter and I'm on tamoxifen"
    assert urgency(get_extractor(), knowledge, text) == "soon"


@pytest.mark.parametrize(
    "text",
    [
        "I didn't know I needed the loo and had an accident, and my back is sore",
        "my bowels just went in the supermarket today, I couldn't stop it, back pain too",
    ],
)
def test_bowel_control_lost_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I'm breathless just sittin here on the sofa",
        "Was fine then bang, I can't catch my breath",
    ],
)
def test_breathless_at_rest_or_suddenly_is_an_emergency(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_bang_on_time_is_no_sudden_onset(knowledge):
    text = "the bus came bang on time and I was a bit puffed walking up the hill after"
    assert urgency(get_extractor(), knowledge, text) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # learned from the retired tenth acute set (validation_acute_10.yml, read)
        "my husband's hip gave way in the garden and his leg's turned out, he's on the grass",
        "in the last few minutes the page has gone foggy and I'm seeing two of every word",
        "Dad's just been sick and it's full of red blood, he's on chemo",
        "third cycle of the drip last week, tonight boiling then freezing under the covers",
        "my foot keeps dragging since this morning and I keep catching my toe on the carpet",
        "coughed up a mouthful of red this morning, on immunotherapy",
        "sharp pain in my chest every time I breathe in, started this morning",
        "she's been drinking loads, now she's dozing and I can't properly wake her",
        "my wee is like blackcurrant juice today and the pan was full of it, on paclitaxel",
        "nicked my hand and it's still bleeding through the second tea towel, on chemo",
        "I'm on the ribo tablets and the thermometer says 38.4",
        "couldn't walk to the car this morning for the pain in my back, had to hold the fence",
    ],
)
def test_the_retired_acute_sets_presentations_are_emergencies(knowledge, text):
    assert urgency(get_extractor(), knowledge, text) == "emergency"


def test_a_knee_that_gave_way_last_year_is_no_emergency_now(knowledge):
    text = "my knee gave way on the stairs last year, today I just have a sore throat"
    assert urgency(get_extractor(), knowledge, text) != "emergency"


def test_blood_in_the_urine_without_heaviness_on_chemo_is_seen_today(knowledge):
    text = "my wee is like blackcurrant juice today, on paclitaxel"
    assert urgency(get_extractor(), knowledge, text) == "urgent"
