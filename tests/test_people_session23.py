"""Whose, when and whether (issues 12 and 18), session 23: look-alikes noted while reading the
retired ninth sets (not blind), and what the retired tenth people set showed (read in session
23; not blind).

- Speech reported to the writer ("my husband said 'your eyes look yellow'") is about the
  writer: "your" there is not someone addressed in a reply.
- A symptom of an earlier cycle of treatment, or one compared with "nothing this time", is
  over; one said with a word of now stays current.
- Bare symptoms asked as a list, in a message that names no person and no time ("yellow
  eyes? swollen belly? just asking"), are asked about.
- A treatment that starts on a day to come ("my first chemo is next Thursday") is not being
  had now: a fever before it is not a fever on chemotherapy.
- From the tenth people set: a writer who says nothing is wrong with them tells someone
  else's symptoms; "our Jean" is a relative; symptoms in everyday and dialect words; look-alikes
  (a big bruise on an arm, a febrile fit, fit as a fiddle, a DVT in an arm, nearly wetting
  oneself laughing); over in other words ("grand now", "dat done", "it finally lifted"), but a
  recent event the writer has recovered from stays present (CONTRACT.md); "- no temp" after a
  symptom denies the temperature, not the symptom; "is this what they mean by orange peel?".

Sentences written for these tests, not copied from a validation, development or blind set.
"""

from __future__ import annotations

import pytest
from support import entities, urgency
from support import read_roles as roles

from symptom_checker.vocabulary import (
    HYPOTHETICAL_ROLE,
    NEGATED_ROLE,
    OTHER_PERSON_ROLE,
    PAST_ROLE,
)
from symptom_nlu.features import treatment_answer


@pytest.mark.parametrize(
    "text, symptom",
    [
        ('my husband said "your eyes look yellow" this morning', "jaundice"),
        ('my daughter said to me "Mum, your eyes have gone yellow"', "jaundice"),
        ("the GP said your ankle is swollen and sent me for a scan", "leg_swelling"),
        ("the nurse told me you're very short of breath today", "shortness_of_breath"),
    ],
)
def test_speech_reported_to_the_writer_is_about_the_writer(text, symptom):
    assert roles(text)[symptom] == {None}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("@Jan your headaches sound awful, hope the scan is soon", "headache"),
        ("so sorry, your back pain sounds horrible", "back_pain"),
    ],
)
def test_someone_addressed_in_a_reply_is_still_someone_else(text, symptom):
    assert roles(text)[symptom] == {OTHER_PERSON_ROLE}


@pytest.mark.parametrize(
    "text",
    [
        "had a temp on my previous round, nothing this time",
        "on my last round I had a fever, this time nothing so far",
        "during the earlier cycles I ran a temperature now and then",
    ],
)
def test_a_fever_of_an_earlier_cycle_is_over(text):
    assert roles(text)["fever"] == {PAST_ROLE}


@pytest.mark.parametrize(
    "text",
    [
        "since my last cycle I've had a temperature of 38.3",
        "this time nothing helps, I've had a temperature of 38.5 since lunch",
    ],
)
def test_a_fever_now_beside_an_earlier_cycle_is_current(text):
    assert None in roles(text)["fever"]


@pytest.mark.parametrize(
    "text, symptoms",
    [
        ("yellow eyes? swollen belly? just askin what to look out for", ["jaundice"]),
        ("headaches? fits? blurred vision? what signs should we watch for", ["seizure"]),
        ("coughing blood? just asking", ["coughing_blood"]),
    ],
)
def test_bare_symptoms_asked_as_a_list_are_asked_about(text, symptoms):
    found = roles(text)
    for symptom in symptoms:
        assert found[symptom] == {HYPOTHETICAL_ROLE}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("got yellow eyes since Monday, just asking if that's bad", "jaundice"),
        ("yellow eyes and a swollen belly, what should I look out for?", "jaundice"),
        ("my eyes are yellow, just asking if it's the liver", "jaundice"),
        ("Mum's coughing blood? just asking what to do", "coughing_blood"),
    ],
)
def test_a_symptom_with_a_person_or_a_time_is_reported_not_asked(text, symptom):
    assert None in roles(text)[symptom]


@pytest.mark.parametrize(
    "text",
    [
        "my first chemo is next Thursday and I have a fever of 38.5",
        "I start chemo next week and I have a fever of 38.5",
        "chemo starts on Monday, I've got a temperature of 38.4",
        "my first infusion is in two weeks, temp 38.3 tonight",
    ],
)
def test_treatment_that_starts_on_a_day_to_come_is_not_being_had(extractor, text):
    assert treatment_answer(entities(extractor, text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm on cycle 3, next one starts on Monday, fever 38.5 now",
        "had chemo on Tuesday, the next cycle starts in two weeks, I have a temperature of 38.6",
        "I started chemo last week and I have a fever of 38.5",
    ],
)
def test_a_fever_on_chemotherapy_with_the_next_cycle_to_come_is_an_emergency(
    extractor, knowledge, text
):
    assert treatment_answer(entities(extractor, text)) == "yes"
    assert urgency(extractor, knowledge, text) == "emergency"


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("Our Jean's got a cough she can't shift but there's nowt wrong wi' me", "cough"),
        (
            "My aunt's arm swelled up very big. I have no problem now, just want to check",
            "arm_swelling",
        ),
        ("The kids have had a cough all week but I've not caught it, no bother with me", "cough"),
    ],
)
def test_the_writer_who_says_nothing_is_wrong_with_them_tells_someone_elses_symptom(text, symptom):
    assert roles(text)[symptom] == {OTHER_PERSON_ROLE}


def test_our_and_a_first_name_is_a_relative_the_carer_writes_for():
    assert roles("our Kev has been sick all night and can't keep water down")["vomiting"] == {None}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my mum has bruising all up her arms, purple blotches", "bleeding_bruising"),
        ("our Kev is that dozy I keep having to shake him to answer", "drowsiness"),
        ("he don't want to eat anything, only sips of water", "loss_of_appetite"),
        ("she's gone off her food this week", "loss_of_appetite"),
        ("when I lie flat I feel like I'm drowning", "breathless_lying_flat"),
        ("Dad sleeps in the armchair because he can't breathe flat", "breathless_lying_flat"),
        ("my right arm's gone right fat since the op", "arm_swelling"),
        ("I wet the bed last night and can't hold my wee today", "bladder_bowel_control_loss"),
        ("my back been hurting bad for a week", "back_pain"),
        ("I keep going sideways when I walk", "unsteadiness"),
        ("my sclera are icteric and I'm itching", "jaundice"),
        ("I've got a lamp in my left breast near the scar", "breast_lump"),
        ("there's a dimple above my nipple when I lift my arm", "skin_dimpling"),
        ("my right leg's gone a bit weak since lunch", "limb_weakness"),
        ("my foot slaps when I walk", "limb_weakness"),
        ("the words wobble when I read, two weeks now", "vision_change"),
        ("just parched, all day", "excessive_thirst"),
        ("up three times a night to wee", "frequent_urination"),
        ("my bra has been fitting differently", "breast_shape_change"),
        ("feel like death warmed up today", "feeling_unwell"),
        ("This week I haven't been for five days", "constipation"),
    ],
)
def test_a_symptom_said_the_way_people_say_it_is_heard(text, symptom):
    assert None in roles(text)[symptom]


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("a big bruise on my arm I can't remember doing", "arm_swelling"),
        ("my arms are big and strong from the gym", "arm_swelling"),
        ("my grandson had a febrile fit last year", "fever"),
        ("the doctor said I'm fit as a fiddle", "seizure"),
        ("possible DVT in my arm? whole arm puffy", "leg_swelling"),
        ("laughed so hard I nearly wet myself", "bladder_bowel_control_loss"),
    ],
)
def test_an_idiom_or_a_look_alike_is_not_the_symptom(text, symptom):
    assert symptom not in roles(text)


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("my grandson had a febrile fit last year", "seizure"),
        ("I keep wetting myself", "bladder_bowel_control_loss"),
        ("my leg is swollen and hot, could it be a clot?", "leg_swelling"),
        ("she had a fit this morning", "seizure"),
    ],
)
def test_the_symptom_said_beside_the_guards_words_is_still_heard(text, symptom):
    assert symptom in roles(text)


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I was sick on the ferry, but that was Monday and I'm grand now", "vomiting"),
        ("The GP said my rib pain was from a fall and now it is finished", "bone_pain"),
        ("Had a fever in March, they gave me tablets, dat done.", "fever"),
        ("I had a cough over the holidays and it's completely gone", "cough"),
        ("the tiredness was awful but it finally lifted last month", "fatigue"),
    ],
)
def test_a_symptom_said_to_be_over_in_other_words_is_past(text, symptom):
    assert roles(text)[symptom] == {PAST_ROLE}


@pytest.mark.parametrize(
    "text, symptom",
    [
        ("I had a fit this morning and I'm fine now", "seizure"),
        ("I had a fit this morning and I'm grand now", "seizure"),
        ("I coughed up blood this morning but it's completely gone", "coughing_blood"),
        ("my sight went blurry for an hour this afternoon, all good now", "vision_change"),
    ],
)
def test_a_recent_event_the_writer_has_recovered_from_is_still_present(text, symptom):
    # CONTRACT.md: a recent event is present, not past ("I had a fit last night")
    assert None in roles(text)[symptom]


def test_a_symptom_then_a_dash_and_a_denial_of_another_keeps_the_first():
    found = roles("Husband - vomiting all night - no temperature")
    assert found["vomiting"] == {None}
    assert found["fever"] == {NEGATED_ROLE}


@pytest.mark.parametrize("text", ["Vomiting - no. Fever - no.", "vomiting - nope", "fits: nope"])
def test_a_checklist_answer_after_a_dash_still_denies(text):
    found = roles(text)
    assert found and all(r == {NEGATED_ROLE} for r in found.values())


def test_asking_if_this_is_what_they_mean_names_the_writers_own_finding():
    text = "Is this what they mean by orange peel? my skin has gone pitted"
    assert None in roles(text)["orange_peel_skin"]


@pytest.mark.parametrize(
    "text",
    [
        "I had a fit this morning and I'm fine now",
        "I coughed up blood this morning but it's completely gone",
        "Husband - vomiting all night - can't keep fluids down - on chemo - temp 38.4",
    ],
)
def test_these_are_emergencies(extractor, knowledge, text):
    assert urgency(extractor, knowledge, text) == "emergency"


def test_a_nosebleed_still_going_since_the_morning_is_not_over(extractor, knowledge):
    text = "my nose won't stop bleeding. Going since 8am, I'm on chemo"
    assert roles(text)["bleeding_bruising"] == {None}
    assert roles("my headache is gone since Tuesday")["headache"] == {PAST_ROLE}


def test_nodes_cleared_by_surgery_do_not_make_the_swollen_arm_past():
    text = "Swollen from shoulder to elbow for a week, the side they cleared the nodes"
    assert roles(text)["arm_swelling"] == {None}


def test_a_headache_put_down_to_a_night_out_is_over():
    text = "Had a thumping headache after the party but that was the prosecco. All fine now."
    assert roles(text)["headache"] == {PAST_ROLE}


def test_the_cycle_before_told_first_is_past_and_this_cycles_fever_is_current():
    found = roles("Last cycle I was sick for three days. This cycle I'm shivering and 38.3")
    assert found["vomiting"] == {PAST_ROLE}
    assert found["fever"] == {None}


def test_still_sick_now_after_the_last_cycle_is_current():
    found = roles("Last cycle I was sick for three days and I still feel sick now")
    assert None in found["vomiting"]


def test_pain_on_a_breath_in_is_not_breathlessness_but_breathlessness_is():
    assert "shortness_of_breath" not in roles(
        "sharp pain in my chest since an hour ago that gets worse when I breathe in"
    )
    assert None in roles("I'm breathless and it hurts when I breathe in")["shortness_of_breath"]


def test_nearly_wetting_oneself_laughing_is_no_loss_of_control():
    assert "bladder_bowel_control_loss" not in roles("at the cinema I nearly wet myself laughing")
