"""Whose, whether and how a symptom presents (issues 12 and 18), session 34, learnt from the
symptom-free messages of the validation sets (read) that still came back with a symptom:

- a writer who asks about their own risk from the family's illness ("should I get screened?",
  "is it hereditary?", "does it run in families?") tells the relatives' symptoms as family
  history: someone else's, not a carer's report;
- a relative's symptom told with the verb bare, as in English learnt as a second language
  ("she cough blood"), is the relative's like "she coughs blood";
- a fear named as a fear, a comparison asked for, a future imagined ("I might get a cough"),
  what bone secondaries can cause, a leaflet or a text quoted with where it came from: asked
  about or imagined, not had;
- a temperature that "came down", a tiredness that "has lifted", a cough "cured fully", a lump
  that "was a cyst": over; a faint yesterday with "fine since" is still told (an event);
- bruising "for no reason" is unexplained bruising: it had been read as denied;
- figures of speech: laughing so hard one can't breathe, a yellow sky, shivering at the bus
  stop, "break a leg", money coughed up, fainting with relief, a nervous wreck, "I so blur"
  (absent-minded; "my eyes so blur" is the sight);
- a face dropped on one side is a stroke's sign (NHS, FAST): weakness, an emergency; a drooping
  eyelid or a lopsided breast is not;
- from the acute sets: "suddenly cannot stand" is weakness (it had denied the weak legs told
  after it); "she's roasting", heat coming off her: a fever; feet as if in thick socks:
  numbness; "didn't feel herself go": wetting without knowing; a cut "still pouring": heavy;
- hot and shaking is the shivering of a fever (on treatment, an emergency: NICE CG151), not a
  fit; shaking and jerking without answering is a fit.

Sentences written for these tests, not taken from the sets.
"""

from __future__ import annotations

import pytest
from support import read_roles as roles
from support import urgency

from symptom_checker.loader import read_knowledge
from symptom_nlu.extract import get_extractor


@pytest.mark.parametrize(
    "text, expected",
    [
        # the writer's own risk: the relative's symptoms are family history
        ("My nan's cancer went to her spine and she broke her back rolling over. I'm 38 and"
         " well. Should I get tested?", {"fracture": {"other_person"}}),
        ("Auntie Joan has had a swollen arm since her op. Is it genetic?",
         {"arm_swelling": {"other_person"}}),
        ("My cousin keeps bruising for no reason. Does it run in families?",
         {"bleeding_bruising": {"other_person"}}),
        # ... but a carer asking what to do about the relative now is still the carer's report
        ("My cousin keeps bruising for no reason, what should she do?",
         {"bleeding_bruising": {None}}),
        # the verb bare, after the relative is named as the one with the cancer
        ("My auntie at home, she has breast cancer, it go to her chest, she cough blood."
         " Me, I am okay.",
         {"coughing_blood": {"other_person"}}),
        # feared, compared, imagined, quoted with its source
        ("my worst fear is going yellow like my gran did", {"jaundice": {"hypothetical"}}),
        ("what's the difference between jaundice and a suntan?", {"jaundice": {"hypothetical"}}),
        ("I might get headaches on the new tablets", {"headache": {"hypothetical"}}),
        ("I might have a lump in my left breast", {"breast_lump": {None}}),
        ("Can bone secondaries cause a fracture?", {"fracture": {"hypothetical"}}),
        ("Booklet bit: 'signs of spread to the liver: yellow skin, a swollen tummy'. Handy.",
         {"jaundice": {"hypothetical"}, "abdominal_swelling": {"hypothetical"}}),
        ("Copied from the hospital's text: 'ring us if you get a cough or a temperature'. OK.",
         {"cough": {"hypothetical"}, "fever": {"hypothetical"}}),
        # over
        ("I had a temperature on Sunday but it came down", {"fever": {"past"}}),
        ("the exhaustion I had after radiotherapy has finally lifted", {"fatigue": {"past"}}),
        ("I had a cough in the spring, now it is cured completely", {"cough": {"past"}}),
        ("the lump they scanned in June turned out to be a cyst", {"breast_lump": {"past"}}),
        ("I had a fever on Monday, normal now", {"fever": {"past"}}),
        # ... but a normal temperature ends no sickness told before it
        ("sick five times since lunch, can't keep water down, temp is normal",
         {"vomiting": {None}}),
        ("I haven't kept anything down since yesterday", {"vomiting": {None}}),
        # ... an event with "fine since" is still told (context.yml keeps a recent event)
        ("I fainted in the shop this morning. Fine since.", {"fainting": {None}}),
        # ... and a lump now beside a cyst before is there
        ("the last lump was a cyst but this new lump feels hard", {"breast_lump": {None}}),
        # figures of speech
        ("haha I'm laughing so much I can't breathe", {}),
        ("the sky went yellow at sunset", {}),
        ("I'm shivering at the bus stop, roll on spring", {}),
        ("break a leg tonight, darling!", {}),
        ("I broke my leg on the stairs", {"fracture": {None}}),
        ("she fell and I think she's managed to break a leg on the bottom step",
         {"fracture": {None}}),
        ("coughed up £40 for parking, daylight robbery", {}),
        ("I nearly fainted with relief when the scan was clear", {}),
        ("first day back at work, total nervous wreck", {}),
        ("aiyo I so blur, forgot my keys", {}),
        ("my eyes so blur since this morning", {"vision_change": {None}}),
        ("my head so blur since this morning", {"confusion": {None}}),
        # a face dropped on one side
        ("her face has dropped on one side", {"limb_weakness": {None}}),
        ("the left side of his mouth is drooping", {"limb_weakness": {None}}),
        ("my smile has gone lopsided since lunch", {"limb_weakness": {None}}),
        ("my right eyelid is drooping", {}),
        ("my left breast looks droopy", {"breast_shape_change": {None}}),
        # bruising "for no reason" is unexplained, not denied ("no" opened a phrase that
        # negated its own words)
        ("I keep bruising for no reason", {"bleeding_bruising": {None}}),
        ("her gums bleed for no apparent reason", {"bleeding_bruising": {None}}),
        ("no change in my left breast", {"breast_shape_change": {"negated"}}),
        # hot and shaking, shaking and jerking
        ("I'm boiling hot and shivering", {"fever": {None}}),
        ("she's shaking and burning up", {"fever": {None}}),
        ("he was shaking and jerking and not responding", {"seizure": {None}}),
        # from the acute sets: unable to stand is weakness, and no denial of what follows
        ("she suddenly cannot stand, both legs are weak", {"limb_weakness": {None}}),
        ("I can't stand the smell of the hospital", {}),
        ("I suddenly can't stand the smell of coffee", {}),
        ("I've always had a crooked smile", {}),
        ("he's roasting to the touch", {"fever": {None}}),
        ("there's heat pouring off her tonight", {"fever": {None}}),
        ("I'm roasting by the radiator", {}),
        ("my feet feel like they're in thick socks", {"limb_weakness": {None}}),
        ("she didn't feel herself go and her pad was wet", {"bladder_bowel_control_loss": {None}}),
        ("the cut on my thumb is still pouring", {"bleeding_bruising": {None}}),
    ],
)  # fmt: skip
def test_what_is_read(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text, level",
    [
        ("her face has dropped on one side", "emergency"),
        ("my mouth is drooping on the right", "emergency"),
        ("my right eyelid is drooping", "soon"),
        ("I'm hot and shivering", "urgent"),
        ("I'm hot and shivering, chemo was on Tuesday", "emergency"),
        ("he was shaking and jerking and not responding", "emergency"),
        ("I'm 38 and well, my nan broke her back rolling over. Should I get tested?", "soon"),
        ("she suddenly cannot stand and her back is agony, it's in her spine", "emergency"),
        ("the cut on my hand is still gushing after half an hour, I'm on chemo", "emergency"),
        ("he's roasting to the touch and shaking, chemo was on Monday", "emergency"),
        ("I'm roasting by the radiator, on chemo, temp 36.9", "soon"),
    ],
)  # fmt: skip
def test_the_urgency_follows(text, level):
    assert urgency(get_extractor(), read_knowledge(), text) == level
