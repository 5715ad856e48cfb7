"""What the assistant remembers: history said at any point, each symptom's own "since when",
the side and its corrections (issue 13). Run with a CollectingDispatcher, as Rasa would."""

from __future__ import annotations

import asyncio

import pytest
from support import make_tracker, texts

from actions.disease_info import ActionAnswerDiseaseQuestion, ActionClarifyQuestion
from actions.form import ActionAskAnythingElse, ActionAskSymptomDuration, ValidateSymptomForm
from actions.memory import side_statement
from actions.slots import ValidateSlotMappings
from actions.support import ActionSupportCrisis, ActionSupportWorry
from symptom_checker.services import load_services
from symptom_nlu.features import person_entities


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def entity(text: str, phrase: str, name: str, value: str, role: str | None = None) -> dict:
    start = text.index(phrase)
    found = {"entity": name, "value": value, "start": start, "end": start + len(phrase)}
    if role:
        found["role"] = role
    return found


def slots_after(dispatcher, domain, text, entities, intent="report_symptom", slots=None):
    tracker = make_tracker(text, intent=intent, entities=entities, slots=slots)
    return slot_events(run(ValidateSlotMappings(), dispatcher, tracker, domain))


# --- breast-cancer history, told at any point ----------------------------------------------


def test_history_with_a_year_is_recorded_and_its_date_is_not_the_ribs_start(dispatcher, domain):
    text = "I had breast cancer 3 years ago and now my ribs hurt"
    slots = slots_after(
        dispatcher,
        domain,
        text,
        [
            entity(text, "ribs hurt", "symptom", "bone_pain"),
            entity(text, "3 years ago", "duration", "3 years ago"),
            *person_entities(text, "test"),  # "I had breast cancer": the history
        ],
        intent="inform_cancer_history",
    )
    assert slots["breast_cancer_history"] == "yes"
    assert slots["symptoms"] == ["bone_pain"]
    assert "bone_pain" not in (slots.get("symptom_durations") or {})


@pytest.mark.parametrize(
    "text",
    [
        "since my mastectomy on the left my arm has swollen",
        "my oncologist told me to keep an eye on this lump",
        "I was diagnosed in 2019 and had chemo, now my back aches",
        "I had a lumpectomy in 2020",
        "I'm on tamoxifen and my hips hurt",
        "back in 2017 I was treated for breast cancer",
    ],
)
def test_history_in_several_forms_is_recorded_whatever_the_intent(dispatcher, domain, text):
    # The entities the NLU gives (symptom_nlu.features; its own tests hold the words).
    entities = person_entities(text, "test")
    slots = slots_after(dispatcher, domain, text, entities, intent="report_symptom")
    assert slots["breast_cancer_history"] == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "my sister died of breast cancer and I'm terrified",
        "my mum had a mastectomy years ago",
        "I'm scared I might have breast cancer",
    ],
)
def test_someone_elses_history_or_a_fear_is_not_the_persons_history(dispatcher, domain, text):
    entities = person_entities(text, "test")
    slots = slots_after(dispatcher, domain, text, entities, intent="report_symptom")
    assert slots.get("breast_cancer_history") != "yes"


def test_never_having_had_cancer_is_recorded_as_no(dispatcher, domain):
    text = "I've never had cancer, but my back hurts"
    slots = slots_after(dispatcher, domain, text, person_entities(text, "test"))
    assert slots["breast_cancer_history"] == "no"


def test_history_is_read_from_the_entity_alone_not_from_the_words(dispatcher, domain):
    # Without the NLU's cancer_history entity, the words are not read again here.
    slots = slots_after(dispatcher, domain, "I had breast cancer in 2019", [])
    assert "breast_cancer_history" not in slots


def test_the_cancer_history_entity_is_used_when_the_nlu_gives_it(dispatcher, domain):
    text = "after my op my arm swelled up"
    mine = slots_after(
        dispatcher, domain, text, [entity(text, "my op", "cancer_history", "breast_cancer")]
    )
    assert mine["breast_cancer_history"] == "yes"
    text = "my aunt had breast cancer"
    aunts = slots_after(
        dispatcher,
        domain,
        text,
        [entity(text, "breast cancer", "cancer_history", "breast_cancer", "other_person")],
    )
    assert "breast_cancer_history" not in aunts


def test_history_told_up_front_means_the_question_is_never_asked(dispatcher, domain):
    tracker = make_tracker(
        "no that's all",
        intent="done",
        slots={"symptoms": ["bone_pain"], "breast_cancer_history": "yes"},
        requested_slot="anything_else",
        active_loop="symptom_form",
    )
    events = run(ValidateSymptomForm(), dispatcher, tracker, domain)
    assert {"event": "slot", "name": "requested_slot", "value": "breast_cancer_history"} not in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


# --- each symptom keeps its own "since when" --------------------------------------------------


def test_two_symptoms_keep_two_timings(dispatcher, domain):
    text = "My eyes went yellow yesterday and my hips have ached for a month"
    slots = slots_after(
        dispatcher,
        domain,
        text,
        [
            entity(text, "eyes went yellow", "symptom", "jaundice"),
            entity(text, "hips have ached", "symptom", "bone_pain"),
            entity(text, "yesterday", "duration", "yesterday"),
            entity(text, "for a month", "duration", "for a month"),
        ],
    )
    assert slots["symptom_durations"] == {"jaundice": "yesterday", "bone_pain": "for a month"}


def test_symptoms_read_from_the_same_words_share_the_timing(dispatcher, domain):
    text = "My eyes went yellow yesterday"
    slots = slots_after(
        dispatcher,
        domain,
        text,
        [
            entity(text, "eyes went", "symptom", "vision_change"),
            entity(text, "eyes went yellow", "symptom", "jaundice"),
            entity(text, "yesterday", "duration", "yesterday"),
        ],
    )
    assert slots["symptom_durations"] == {"jaundice": "yesterday", "vision_change": "yesterday"}


def test_a_later_timing_dates_only_the_new_symptom(dispatcher, domain):
    text = "I nearly fell over yesterday"
    slots = slots_after(
        dispatcher,
        domain,
        text,
        [
            entity(text, "nearly fell over", "symptom", "unsteadiness"),
            entity(text, "yesterday", "duration", "yesterday"),
        ],
        slots={"symptoms": ["cough"], "symptom_durations": {"cough": "a week"}},
    )
    assert slots["symptom_durations"] == {"cough": "a week", "unsteadiness": "yesterday"}


def test_since_when_is_asked_only_about_symptoms_without_one(dispatcher, domain):
    tracker = make_tracker(
        slots={"symptoms": ["jaundice", "cough"], "symptom_durations": {"jaundice": "yesterday"}},
        requested_slot="symptom_duration",
    )
    run(ActionAskSymptomDuration(), dispatcher, tracker, domain)
    question = texts(dispatcher)[-1]
    assert "a cough" in question and "yellow" not in question


def test_since_when_is_not_asked_when_every_symptom_has_one(dispatcher, domain):
    tracker = make_tracker(
        slots={"symptoms": ["jaundice"], "symptom_durations": {"jaundice": "yesterday"}},
        active_loop="symptom_form",
    )
    required = asyncio.run(
        ValidateSymptomForm().required_slots(
            ["anything_else", "symptom_duration", "breast_cancer_history"],
            dispatcher,
            tracker,
            domain,
        )
    )
    assert "symptom_duration" not in required


def test_nothing_of_their_own_noted_gets_no_since_when_or_history_question(dispatcher, domain):
    # "my aunt went yellow ... but I'm fine", then "no, that's all": nothing to date or weigh
    tracker = make_tracker(
        "no",
        intent="deny",
        slots={"symptoms": [], "anything_else": True},
        active_loop="symptom_form",
    )
    required = asyncio.run(
        ValidateSymptomForm().required_slots(
            ["anything_else", "symptom_duration", "breast_cancer_history"],
            dispatcher,
            tracker,
            domain,
        )
    )
    assert required == ["anything_else"]


def test_the_answer_to_since_when_dates_only_the_symptoms_without_one(dispatcher, domain):
    tracker = make_tracker(
        "about two weeks",
        intent="inform_duration",
        entities=[{"entity": "duration", "value": "about two weeks"}],
        slots={
            "symptoms": ["jaundice", "cough"],
            "symptom_durations": {"jaundice": "yesterday"},
            "anything_else": True,
        },
        requested_slot="symptom_duration",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_durations"] == {"jaundice": "yesterday", "cough": "about two weeks"}


# --- the side, and corrections ----------------------------------------------------------------


def test_a_side_correction_is_acknowledged_in_one_short_line(dispatcher, domain):
    slots = slots_after(
        dispatcher,
        domain,
        "Sorry, I meant the left armpit not the right",
        [],
        intent="inform_side",
        slots={"symptoms": ["armpit_lump"], "side": "right"},
    )
    assert slots["side"] == "left"
    assert texts(dispatcher) == ["Got it: the left armpit."]


def test_a_side_correction_during_the_questions_asks_again_in_a_short_line(dispatcher, domain):
    tracker = make_tracker(
        "Sorry, I meant the left armpit not the right",
        intent="deny",
        slots={"symptoms": ["armpit_lump"], "side": "left", "said": ["anything_else"]},
        requested_slot="anything_else",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["anything_else"] is None  # not taken for "no, nothing else"
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    assert "So far" not in texts(dispatcher)[-1]
    assert "anything else" in texts(dispatcher)[-1]


@pytest.mark.parametrize(
    "text, side, part",
    [
        ("Sorry, I meant the left armpit not the right", "left", "armpit"),
        ("not the left, the right", "right", None),
        ("a lump in my right breast", "right", "breast"),
    ],
)
def test_the_side_meant_is_read(text, side, part):
    statement = side_statement(text)
    assert (statement.side, statement.part) == (side, part)


@pytest.mark.parametrize(
    "text", ["right, I'm going to go now, bye", "that's right", "is this the right thing to do?"]
)
def test_right_as_a_plain_word_is_not_a_side(text):
    assert side_statement(text) is None


# --- a question in the middle: one short line back --------------------------------------------


def test_after_a_question_the_anything_else_question_comes_back_in_one_short_line(
    dispatcher, domain
):
    tracker = make_tracker(
        "can it spread to the spine?",
        intent="ask_where_it_spreads",
        slots={"symptoms": ["back_pain"], "said": ["disclaimer", "anything_else"]},
        requested_slot="anything_else",
    )
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    (text,) = texts(dispatcher)
    assert text.startswith("Back to my question") and "So far I've noted" not in text


# --- support that fits ------------------------------------------------------------------------


def test_fear_gets_warmth_and_a_cancer_support_line_not_crisis_lines(dispatcher, domain):
    tracker = make_tracker("I'm so scared it's spread, I can't stop crying", intent="worry")
    run(ActionSupportWorry(), dispatcher, tracker, domain)
    said = " ".join(texts(dispatcher))
    services = load_services()
    assert services.cancer_support[0] in said
    assert not any(line in said for line in services.crisis_lines)
    assert "tell me what you've noticed" in said.lower()


def test_self_harm_words_get_crisis_lines_even_if_read_as_worry(dispatcher, domain):
    tracker = make_tracker("I'm so scared I want to kill myself", intent="worry")
    run(ActionSupportWorry(), dispatcher, tracker, domain)
    assert load_services().crisis_lines[0] in texts(dispatcher)[0]


@pytest.mark.parametrize(
    "text",
    [
        "honestly I'd rather not wake up tomorrow, I'm so frightened",
        "I would rather not be alive than go through this again",
    ],
)
def test_rather_not_be_alive_gets_crisis_lines_even_if_read_as_worry(text, dispatcher, domain):
    run(ActionSupportWorry(), dispatcher, make_tracker(text, intent="worry"), domain)
    assert load_services().crisis_lines[0] in texts(dispatcher)[0]


def test_self_harm_gets_the_deployments_crisis_lines_at_once(dispatcher, domain, monkeypatch):
    monkeypatch.setenv("SERVICES_COUNTRY", "gb")
    run(
        ActionSupportCrisis(), dispatcher, make_tracker("I want to die", intent="distress"), domain
    )
    assert "116 123" in texts(dispatcher)[0] and "999" in texts(dispatcher)[0]


def test_the_line_back_is_worded_differently_the_second_time(dispatcher, domain):
    tracker = make_tracker(
        "thanks",
        intent="thank",
        slots={"symptoms": ["back_pain"], "said": ["anything_else", "back_to_it"]},
        requested_slot="anything_else",
    )
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    (text,) = texts(dispatcher)
    assert not text.startswith("Back to my question") and "anything else" in text


def test_grief_gets_condolence_and_a_second_worry_is_not_answered_with_the_same_words(
    dispatcher, domain
):
    tracker = make_tracker("my sister died of this and I'm terrified", intent="worry")
    events = run(ActionSupportWorry(), dispatcher, tracker, domain)
    first = texts(dispatcher)[0]
    assert "sorry for your loss" in first
    again = make_tracker(
        "I'm so frightened", intent="worry", slots={"said": slot_events(events)["said"]}
    )
    later = type(dispatcher)()
    run(ActionSupportWorry(), later, again, domain)
    assert texts(later)[0] != first and load_services().cancer_support[0] in texts(later)[0]


def test_no_in_answer_to_since_when_is_not_written_down_as_a_time(dispatcher, domain):
    tracker = make_tracker(
        "no",
        intent="deny",
        slots={"symptoms": ["headache"], "anything_else": True},
        requested_slot="symptom_duration",
        active_loop="symptom_form",
    )
    slots = slot_events(run(ValidateSymptomForm(), dispatcher, tracker, domain))
    assert slots["symptom_duration"] == "not sure"


def test_fear_said_with_a_symptom_gets_one_warm_line_first(dispatcher, domain):
    tracker = make_tracker(
        "I'm terrified, my mum died of breast cancer and now my hip hurts",
        slots={"symptoms": ["bone_pain"], "said": ["disclaimer"]},
        requested_slot="anything_else",
    )
    run(ActionAskAnythingElse(), dispatcher, tracker, domain)
    assert texts(dispatcher)[0].startswith("I'm sorry, that sounds frightening.")


# --- how it spreads is not where it goes ------------------------------------------------------


@pytest.mark.parametrize(
    "intent, ranking",
    [
        ("ask_where_it_spreads", None),
        ("nlu_fallback", [("ask_where_it_spreads", 0.45), ("ask_how_it_spreads", 0.41)]),
    ],
)
def test_how_does_it_spread_is_answered_with_how_not_where(dispatcher, domain, intent, ranking):
    tracker = make_tracker(
        "how does it spread to other parts of the body?", intent=intent, ranking=ranking
    )
    action = (
        ActionAnswerDiseaseQuestion() if intent.startswith("ask_") else ActionClarifyQuestion()
    )
    run(action, dispatcher, tracker, domain)
    (text,) = texts(dispatcher)
    assert "blood" in text and "lymph" in text and "liver" not in text


def test_where_does_it_go_is_still_where(dispatcher, domain):
    tracker = make_tracker("where does it usually end up?", intent="ask_where_it_spreads")
    run(ActionAnswerDiseaseQuestion(), dispatcher, tracker, domain)
    assert "liver" in texts(dispatcher)[0]
