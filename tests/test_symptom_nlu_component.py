"""The Rasa component: lexicon mentions as Rasa entities, intents settled (docs/design.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphNode, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from symptom_nlu.rasa_component import SymptomEntityExtractor

EXTRACTOR = "SymptomEntityExtractor"


def diet(value: str, text: str, word: str, role: str | None = None, **extra: Any) -> dict:
    """A fake DIET entity covering ``word`` inside ``text``."""
    start = text.index(word)
    entity = {
        "entity": extra.pop("entity", "symptom"),
        "start": start,
        "end": start + len(word),
        "value": value,
        "extractor": "DIETClassifier",
        "confidence_entity": 0.87,
        **extra,
    }
    if role:
        entity["role"] = role
        entity["confidence_role"] = 0.9
    return entity


def message(text: str, intent: str = "report_symptom", entities: list | None = None) -> Message:
    return Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.93},
            "entities": entities or [],
        }
    )


def run(component: SymptomEntityExtractor, msg: Message) -> list[dict]:
    (processed,) = component.process([msg])
    return processed.get("entities")


def symptoms(entities: list[dict]) -> set[tuple[str, str | None]]:
    return {(e["value"], e.get("role")) for e in entities if e["entity"] == "symptom"}


# ---------------------------------------------------------------------------------------
# Lexicon mentions
# ---------------------------------------------------------------------------------------


def test_lexicon_mention_becomes_a_symptom_entity(component: SymptomEntityExtractor) -> None:
    text = "I have a lump under my arm"
    (entity,) = [e for e in run(component, message(text)) if e["entity"] == "symptom"]
    assert entity == {
        "entity": "symptom",
        "start": text.index("lump"),
        "end": len(text),
        "value": "armpit_lump",
        "extractor": EXTRACTOR,
        "confidence_entity": 1.0,
    }


def test_negated_mention_has_the_negated_role(component: SymptomEntityExtractor) -> None:
    entities = run(component, message("I've never had a fit"))
    assert symptoms(entities) == {("seizure", "negated")}


def test_present_mention_has_no_role_key_at_all(component: SymptomEntityExtractor) -> None:
    (entity,) = run(component, message("my back is killing me"))
    assert "role" not in entity


def test_several_mentions_come_back_in_text_order(component: SymptomEntityExtractor) -> None:
    entities = run(component, message("no headaches but I've been coughing up blood"))
    assert [(e["value"], e.get("role")) for e in entities] == [
        ("headache", "negated"),
        ("coughing_blood", None),
    ]


# ---------------------------------------------------------------------------------------
# Other extractors' symptom entities (DIET tags none)
# ---------------------------------------------------------------------------------------


def test_diet_symptom_overlapping_a_lexicon_mention_is_dropped(
    component: SymptomEntityExtractor,
) -> None:
    text = "I have a lump in my armpit"
    entities = run(component, message(text, entities=[diet("armpit_lump", text, "lump")]))
    assert [e["extractor"] for e in entities if e["entity"] == "symptom"] == [EXTRACTOR]


def test_lexicon_value_and_negation_win_over_diet(component: SymptomEntityExtractor) -> None:
    text = "I don't have any headaches"
    wrong = diet("neck_lump", text, "headaches")  # DIET got both value and role wrong
    entities = run(component, message(text, entities=[wrong]))
    assert symptoms(entities) == {("headache", "negated")}


def test_a_symptom_entity_from_another_extractor_is_not_passed_on(
    component: SymptomEntityExtractor,
) -> None:
    # DIET tags no entities (config.yml): a stray one would bypass our negation and roles
    text = "no wibbly feeling, but the grotsy thing is back"
    entities = [
        diet("unsteadiness", text, "wibbly feeling"),
        diet("fatigue", text, "grotsy thing", role="negated"),
    ]
    result = run(component, message(text, entities=entities))
    assert [e for e in result if e["entity"] == "symptom"] == []


def test_diet_symptom_with_a_non_canonical_value_is_dropped(
    component: SymptomEntityExtractor,
) -> None:
    text = "the zorbles are bad"
    entities = run(component, message(text, entities=[diet("zorbles", text, "zorbles")]))
    assert symptoms(entities) == set()


def test_diet_symptom_with_a_canonical_value_is_not_trusted_either(
    component: SymptomEntityExtractor,
) -> None:
    text = "the zorbles are bad"
    entities = run(component, message(text, entities=[diet("bone_pain", text, "zorbles")]))
    assert symptoms(entities) == set()


def test_other_entities_are_left_untouched(component: SymptomEntityExtractor) -> None:
    text = "I had breast cancer in 2019 and now a lump in my neck for two weeks"
    history = diet("2019", text, "2019", entity="year")
    duration = diet("two weeks", text, "for two weeks", entity="duration")
    originals = copy.deepcopy([history, duration])
    result = run(component, message(text, entities=[history, duration]))
    assert originals[0] in result
    assert originals[1] in result
    durations = [e for e in result if e["entity"] == "duration"]
    assert durations == [originals[1]]  # ours overlaps DIET's: not added twice
    assert symptoms(result) == {("neck_lump", None)}


def test_missed_duration_and_side_are_added(component: SymptomEntityExtractor) -> None:
    text = "swelling in my left arm since March"
    result = run(component, message(text))
    # (A `feature` entity, "one_side", is added too: symptom_nlu.features, issue 18.)
    assert {(e["entity"], e["value"]) for e in result if e["entity"] != "feature"} == {
        ("symptom", "arm_swelling"),
        ("side", "left"),
        ("duration", "since March"),
    }
    duration = next(e for e in result if e["entity"] == "duration")
    assert text[duration["start"] : duration["end"]] == "since March"
    assert duration["extractor"] == EXTRACTOR


def test_side_found_by_diet_is_not_duplicated(component: SymptomEntityExtractor) -> None:
    text = "a lump in my right armpit"
    result = run(component, message(text, entities=[diet("right", text, "right", entity="side")]))
    assert [e["extractor"] for e in result if e["entity"] == "side"] == ["DIETClassifier"]


# ---------------------------------------------------------------------------------------
# Disease questions and small talk
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, intent",
    [
        ("can it cause bone pain?", "ask_symptoms_of_spread"),
        ("what is a micrometastasis?", "ask_micrometastases"),
        ("does a lump in the armpit mean it has spread?", "ask_how_it_spreads"),
        ("is jaundice a sign of liver spread?", "ask_where_it_spreads"),
        ("hello, headaches and seizures?", "greet"),
        ("thanks, that cough info helped", "thank"),
        ("are you a bot or a doctor who knows about fits", "bot_challenge"),
    ],
)
def test_questions_and_small_talk_without_a_personal_report_carry_no_symptom(
    component: SymptomEntityExtractor, text: str, intent: str
) -> None:
    words = [w for w in ("bone pain", "lump", "jaundice", "headaches", "cough") if w in text]
    fake = [diet("headache", text, words[0])] if words else []
    entities = run(component, message(text, intent=intent, entities=fake))
    # a disease question keeps what it asks about as hypothetical mentions (never counted);
    # small talk keeps nothing
    roles = {role for _, role in symptoms(entities)}
    assert roles <= ({"hypothetical"} if intent.startswith("ask_") else set())


def test_question_with_a_personal_report_keeps_its_symptoms(
    component: SymptomEntityExtractor,
) -> None:
    text = "I have a pain in my hip, can that mean it spread to my bones?"
    entities = run(component, message(text, intent="ask_symptoms_of_spread"))
    assert symptoms(entities) == {("bone_pain", None)}


def test_question_about_mum_keeps_her_symptoms(component: SymptomEntityExtractor) -> None:
    text = "mum keeps falling over, is that the cancer?"
    entities = run(component, message(text, intent="ask_symptoms_of_spread"))
    assert symptoms(entities) == {("unsteadiness", None)}


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("nose has been pouring blood for 40 mins", "ask_treatment", "bleeding_bruising"),
        ("coughing up blood this morning", "ask_symptoms_of_spread", "coughing_blood"),
        ("legs gone weak cant stand", "out_of_scope", "limb_weakness"),
    ],
)
def test_a_statement_without_a_pronoun_is_a_report_whatever_the_intent(
    component: SymptomEntityExtractor, text: str, intent: str, expected: str
) -> None:
    # Texting drops the pronoun; only a question or a request is about the disease in general.
    entities = run(component, message(text, intent=intent))
    assert (expected, None) in symptoms(entities)


@pytest.mark.parametrize(
    "text",
    [
        "explain coughing up blood in lung spread",
        "does it cause bone pain",
        "what are the signs of liver spread, like jaundice",
    ],
)
def test_a_request_or_question_without_a_question_mark_still_carries_no_symptom(
    component: SymptomEntityExtractor, text: str
) -> None:
    entities = run(component, message(text, intent="ask_symptoms_of_spread"))
    assert {role for _, role in symptoms(entities)} == {"hypothetical"}


@pytest.mark.parametrize(
    "text, intent, asked",
    [
        ("can it cause fits?", "ask_symptoms_of_spread", "seizure"),
        ("could secondary breast cancer give me fits?", "ask_what_is_metastatic", "seizure"),
        ("does spread to the liver turn your skin yellow?", "ask_where_it_spreads", "jaundice"),
    ],
)
def test_a_disease_question_keeps_the_symptom_it_asks_about_as_hypothetical(
    component: SymptomEntityExtractor, text: str, intent: str, asked: str
) -> None:
    # so that the answer can be about that symptom; a hypothetical mention is never counted
    entities = run(component, message(text, intent=intent))
    assert symptoms(entities) == {(asked, "hypothetical")}


def test_report_intent_without_personal_words_keeps_symptoms(
    component: SymptomEntityExtractor,
) -> None:
    entities = run(component, message("lump in armpit", intent="report_symptom"))
    assert symptoms(entities) == {("armpit_lump", None)}


def test_missing_intent_is_treated_as_a_report(component: SymptomEntityExtractor) -> None:
    msg = Message(data={"text": "terrible headaches"})
    assert symptoms(run(component, msg)) == {("headache", None)}


def test_drop_intents_and_report_cues_come_from_config() -> None:
    custom = SymptomEntityExtractor.create(
        {"drop_symptoms_in_intents": ["greet"], "report_cues": ["we"]},
        model_storage=None,  # type: ignore[arg-type]
        resource=Resource("custom"),
        execution_context=ExecutionContext(GraphSchema({})),
    )
    asked = run(custom, message("can it cause bone pain?", intent="ask_symptoms_of_spread"))
    assert symptoms(asked) == {("bone_pain", "hypothetical")}  # kept, but only asked about
    greeted = run(custom, message("hi, I have a cough", intent="greet"))
    assert symptoms(greeted) == set()  # "I" is not a report cue in this config
    ours = run(custom, message("hi, we have a cough", intent="greet"))
    assert symptoms(ours) == {("cough", None)}


@pytest.mark.parametrize(
    "config",
    [
        {"drop_symptoms_in_intents": "greet"},
        {"report_cues": [1, 2]},
        {"report_intent": None},
    ],
)
def test_bad_config_is_rejected(config: dict) -> None:
    with pytest.raises(InvalidConfigException):
        SymptomEntityExtractor.validate_config(
            {**SymptomEntityExtractor.get_default_config(), **config}
        )


def test_fallback_message_naming_a_symptom_becomes_a_report(
    component: SymptomEntityExtractor,
) -> None:
    msg = message("armpitt lumpp and my hed is bangin", intent="nlu_fallback")
    msg.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.45}])
    (processed,) = component.process([msg])
    assert processed.get("intent") == {"name": "report_symptom", "confidence": 1.0}
    assert processed.get("intent_ranking")[0]["name"] == "report_symptom"
    assert ("armpit_lump", None) in symptoms(processed.get("entities"))


def test_an_unclear_question_naming_a_symptom_the_person_has_is_still_a_report(
    component: SymptomEntityExtractor,
) -> None:
    # Its best readings are two disease topics, but a red flag must not become a
    # "Do you mean ...?" question: it is reported, so it is escalated.
    msg = message("I had a seizure last night, has it spread to my brain?", intent="nlu_fallback")
    msg.set(
        "intent_ranking",
        [
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "ask_where_it_spreads", "confidence": 0.46},
            {"name": "ask_symptoms_of_spread", "confidence": 0.44},
        ],
    )
    (processed,) = component.process([msg])
    assert processed.get("intent")["name"] == "report_symptom"
    assert ("seizure", None) in symptoms(processed.get("entities"))


def test_fallback_message_without_a_symptom_stays_a_fallback(
    component: SymptomEntityExtractor,
) -> None:
    (processed,) = component.process([message("blorp zing wooo", intent="nlu_fallback")])
    assert processed.get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("hi there, I've found a lump under my arm", "greet"),
        ("my back has been hurting for three weeks", "inform_duration"),
    ],
)
def test_small_talk_or_a_duration_naming_a_present_symptom_becomes_a_report(
    component: SymptomEntityExtractor, text: str, intent: str
) -> None:
    (processed,) = component.process([message(text, intent=intent)])
    assert processed.get("intent")["name"] == "report_symptom"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("I've been coughing up blood, is that the cancer spreading?", "ask_symptoms_of_spread"),
        ("I found a lump in my armpit, does that mean it has spread?", "ask_micrometastases"),
    ],
)
def test_a_disease_question_naming_a_symptom_the_person_has_becomes_a_report(
    component: SymptomEntityExtractor, text: str, intent: str
) -> None:
    (processed,) = component.process([message(text, intent=intent)])
    assert processed.get("intent")["name"] == "report_symptom"


@pytest.mark.parametrize(
    "text",
    [
        "can coughing up blood be a sign that it has spread?",
        "I don't have any bone pain, so how would I know if it had spread?",
    ],
)
def test_a_disease_question_without_a_symptom_the_person_has_stays_a_question(
    component: SymptomEntityExtractor, text: str
) -> None:
    (processed,) = component.process([message(text, intent="ask_symptoms_of_spread")])
    assert processed.get("intent")["name"] == "ask_symptoms_of_spread"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("yes, and my back hurts", "affirm"),
        ("no, no cough", "deny"),
        ("hello, no headaches here", "greet"),
    ],
)
def test_answers_and_negated_only_small_talk_keep_their_intent(
    component: SymptomEntityExtractor, text: str, intent: str
) -> None:
    (processed,) = component.process([message(text, intent=intent)])
    assert processed.get("intent")["name"] == intent


@pytest.mark.parametrize("text", ["blorp wuzzle snerk", "what's the score in the cricket?"])
def test_a_report_without_any_symptom_becomes_a_fallback(
    component: SymptomEntityExtractor, text: str
) -> None:
    (processed,) = component.process([message(text, intent="report_symptom")])
    assert processed.get("intent")["name"] == "nlu_fallback"


def test_a_report_without_any_symptom_takes_a_supported_runner_up(
    component: SymptomEntityExtractor,
) -> None:
    msg = message("what would change in my body if it spread?", intent="report_symptom")
    msg.set(
        "intent_ranking",
        [
            {"name": "report_symptom", "confidence": 0.7},
            {"name": "ask_symptoms_of_spread", "confidence": 0.2},
            {"name": "greet", "confidence": 0.01},
        ],
    )
    (processed,) = component.process([msg])
    assert processed.get("intent")["name"] == "ask_symptoms_of_spread"


def test_a_report_without_any_symptom_and_no_likely_runner_up_falls_back(
    component: SymptomEntityExtractor,
) -> None:
    msg = message("blorp wuzzle snerk", intent="report_symptom")
    msg.set(
        "intent_ranking",
        [{"name": "report_symptom", "confidence": 0.98}, {"name": "greet", "confidence": 0.01}],
    )
    (processed,) = component.process([msg])
    assert processed.get("intent")["name"] == "nlu_fallback"


def test_a_report_of_only_negated_symptoms_stays_a_report(
    component: SymptomEntityExtractor,
) -> None:
    (processed,) = component.process(
        [message("actually I don't have the cough", intent="report_symptom")]
    )
    assert processed.get("intent")["name"] == "report_symptom"


# ---------------------------------------------------------------------------------------
# Robustness and Rasa plumbing
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "🙂", "Ich habe Kopfschmerzen", "乳房にしこり"])
def test_odd_messages_do_not_crash(component: SymptomEntityExtractor, text: str) -> None:
    msg = message(text)
    (processed,) = component.process([msg])
    assert symptoms(processed.get("entities") or []) == set()


def test_very_long_message_is_processed(component: SymptomEntityExtractor) -> None:
    text = ("my back hurts and I have no headaches. " * 600)[:20_000]
    entities = run(component, message(text))
    assert ("back_pain", None) in symptoms(entities)
    assert ("headache", "negated") in symptoms(entities)


def test_entities_are_json_serialisable(component: SymptomEntityExtractor) -> None:
    json.dumps(run(component, message("no jaundice, my belly is swollen for 2 weeks")))


def test_training_data_passes_through_unchanged(component: SymptomEntityExtractor) -> None:
    data = TrainingData([Message(data={"text": "I have a lump", "intent": "report_symptom"})])
    assert component.process_training_data(data) is data


def test_component_is_registered_as_an_entity_extractor() -> None:
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry(
        "symptom_nlu.rasa_component.SymptomEntityExtractor"
    )
    assert registered.clazz is SymptomEntityExtractor
    assert DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR in registered.types
    assert registered.is_trainable is False


def test_pipeline_with_the_component_validates_in_rasa() -> None:
    import rasa.engine.validation as validation
    from rasa.engine.recipes.recipe import Recipe
    from rasa.shared.data import TrainingType

    config = {
        "recipe": "default.v1",
        "language": "en",
        "pipeline": [
            {"name": "WhitespaceTokenizer"},
            {"name": "CountVectorsFeaturizer"},
            {"name": "DIETClassifier", "epochs": 1},
            {"name": "EntitySynonymMapper"},
            {"name": "symptom_nlu.rasa_component.SymptomEntityExtractor"},
            {"name": "FallbackClassifier", "threshold": 0.3},
        ],
        "policies": [{"name": "RulePolicy"}],
    }
    model_config = Recipe.recipe_for_name("default.v1").graph_config_for_recipe(
        config, {}, training_type=TrainingType.NLU
    )
    validation.validate(model_config)
    node = model_config.predict_schema.nodes[
        "run_symptom_nlu.rasa_component.SymptomEntityExtractor4"
    ]
    assert node.needs == {"messages": "run_EntitySynonymMapper3"}


def test_component_runs_inside_a_rasa_graph_node(tmp_path: Path) -> None:
    node = GraphNode(
        node_name="run_symptoms",
        component_class=SymptomEntityExtractor,
        constructor_name="load",
        component_config={"report_cues": ["my"]},
        fn_name="process",
        inputs={"messages": "previous"},
        eager=True,
        model_storage=LocalModelStorage(tmp_path),
        resource=None,
        execution_context=ExecutionContext(GraphSchema({})),
    )
    name, (processed,) = node(("previous", [message("my legs gave way")]))
    assert name == "run_symptoms"
    assert symptoms(processed.get("entities")) == {("limb_weakness", None)}


def test_an_over_long_message_is_shortened_at_a_word_boundary_before_tokenising() -> None:
    from symptom_nlu.guard import MessageLengthGuard

    guard = MessageLengthGuard({"max_chars": 200})
    long_message = Message(data={"text": "my back hurts " * 1000})
    (processed,) = guard.process([long_message])
    shortened = processed.get("text").split()
    assert len(processed.get("text")) <= 200
    assert shortened == ("my back hurts " * 1000).split()[: len(shortened)]


def test_a_normal_message_is_left_alone_by_the_length_guard() -> None:
    from symptom_nlu.guard import MessageLengthGuard

    (processed,) = MessageLengthGuard({"max_chars": 200}).process(
        [Message(data={"text": "my back hurts"})]
    )
    assert processed.get("text") == "my back hurts"


def test_a_shortened_message_is_marked_so_that_the_person_can_be_told() -> None:
    from symptom_nlu.guard import MessageLengthGuard

    (processed,) = MessageLengthGuard({"max_chars": 200}).process(
        [Message(data={"text": "my back hurts " * 1000})]
    )
    (marker,) = processed.get("entities")
    assert marker["entity"] == "message_shortened" and marker["value"] == "200"
    assert (marker["start"], marker["end"]) == (0, len(processed.get("text")))
    assert "entities" in processed.as_dict(only_output_properties=True)


def test_a_normal_message_carries_no_shortened_marker() -> None:
    from symptom_nlu.guard import MessageLengthGuard

    (processed,) = MessageLengthGuard({"max_chars": 200}).process(
        [Message(data={"text": "my back hurts"})]
    )
    assert not processed.get("entities")


def test_the_shortened_marker_survives_our_reconciliation(component) -> None:
    text = "my back hurts"
    marker = {"entity": "message_shortened", "start": 0, "end": len(text), "value": "2000"}
    (processed,) = component.process([message(text, entities=[marker])])
    assert marker in processed.get("entities")
    assert symptoms(processed.get("entities")) == {("back_pain", None)}


@pytest.mark.parametrize(
    "text, intent",
    [
        ("delete what I told you about the lump in my breast", "delete_my_data"),
        ("forget everything about me", "delete_my_data"),
        ("erase my records of the headaches and the cough", "delete_my_data"),
        ("do you keep a record of my headaches?", "privacy_question"),
    ],
)
def test_a_request_about_ones_data_carries_no_symptom(component, text, intent) -> None:
    (processed,) = component.process([message(text, intent=intent)])
    assert symptoms(processed.get("entities")) == set()
    assert processed.get("intent")["name"] == intent


@pytest.mark.parametrize(
    "text, intent, symptom_id",
    [
        # misread as a privacy question: nothing in it is about data (session 13)
        ("since lunch he doesn't know who I am and keeps calling me by his brother's name",
         "privacy_question", "confusion"),
        ("I've been coughing up blood this evening", "delete_my_data", "coughing_blood"),
    ],
)  # fmt: skip
def test_a_report_misread_as_about_data_keeps_its_symptom_and_is_a_report(
    component, text, intent, symptom_id
) -> None:
    (processed,) = component.process([message(text, intent=intent)])
    assert (symptom_id, None) in symptoms(processed.get("entities"))
    assert processed.get("intent")["name"] == "report_symptom"


# ---------------------------------------------------------------------------------------
# Messages in another language
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, intent",
    [
        ("j'ai une boule dans le sein", "ask_symptoms_of_spread"),
        ("tengo un bulto en el pecho desde hace dos semanas", "report_symptom"),
        ("我的乳房有肿块", "report_symptom"),
        ("ich habe seit einer Woche starke Schmerzen im Rücken", "nlu_fallback"),
    ],
)
def test_a_message_in_another_language_is_told_english_only_not_read_as_english(
    component: SymptomEntityExtractor, text: str, intent: str
) -> None:
    (processed,) = component.process([message(text, intent=intent)])

    assert processed.get("intent")["name"] == "out_of_scope"
    assert symptoms(processed.get("entities")) == set()


def test_a_present_symptom_recognised_in_a_mixed_message_is_never_dropped(
    component: SymptomEntityExtractor,
) -> None:
    # Half English, half not: what was understood is kept, a red flag above all.
    (processed,) = component.process(
        [message("coughing up blood, je ne sais pas quoi faire, c'est grave?")]
    )

    assert ("coughing_blood", None) in symptoms(processed.get("entities"))
    assert processed.get("intent")["name"] != "out_of_scope"


def test_the_language_check_can_be_turned_off() -> None:
    config = {**SymptomEntityExtractor.get_default_config(), "other_language_intent": ""}
    component = SymptomEntityExtractor(config)

    (processed,) = component.process([message("tengo un bulto en el pecho", intent="greet")])

    assert processed.get("intent")["name"] == "greet"


def test_a_report_of_how_a_symptom_presents_stays_a_report(component: SymptomEntityExtractor):
    # Said after "my back aches": no symptom named again, but the night pain is news.
    msg = message("it's much worse at night, it keeps waking me up", intent="report_symptom")
    msg.set(
        "intent_ranking",
        [{"name": "report_symptom", "confidence": 0.6}, {"name": "worry", "confidence": 0.3}],
    )
    (processed,) = component.process([msg])

    assert processed.get("intent")["name"] == "report_symptom"
    assert {e["value"] for e in processed.get("entities") if e["entity"] == "feature"} == {
        "night_pain"
    }


@pytest.mark.parametrize(
    "text, intent",
    [
        # how the back pain behaves, no word of feeling: a report the questions take up
        ("it's much worse at night, it keeps waking me up", "report_symptom"),
        ("my hip aches most nights now", "report_symptom"),
        # a word of feeling: the warm line first (the symptom is still taken up after it)
        ("I'm so scared, it's much worse at night", "worry"),
        ("I keep crying, my hip aches most nights", "worry"),
        # nothing about the body: worry it is
        ("I lie awake every night going over it", "worry"),
    ],
)
def test_worry_needs_a_word_of_feeling_when_it_names_a_symptom_or_how_one_presents(
    component: SymptomEntityExtractor, text: str, intent: str
) -> None:
    msg = message(text, intent="worry")
    msg.set("intent_ranking", [{"name": "worry", "confidence": 0.56}])
    (processed,) = component.process([msg])

    assert processed.get("intent")["name"] == intent


@pytest.mark.parametrize(
    "text, intent, intent_after",
    [
        # how a symptom presents, read by DIET as small talk: a report (its questions go on)
        ("it's worse at night", "goodbye", "report_symptom"),
        ("thanks, it's worse in the mornings", "thank", "report_symptom"),
        # small talk it is
        ("good night", "goodbye", "goodbye"),
        ("night night", "goodbye", "goodbye"),
        ("thanks, bye", "goodbye", "goodbye"),
        ("hello", "greet", "greet"),
        # a goodbye that names a time of day takes leave in so many words
        ("night night, speak to you in the morning", "goodbye", "goodbye"),
        ("bye for now, I'll be back first thing in the morning", "goodbye", "goodbye"),
        # ... also when the intent model reads it as a report of how a symptom presents
        ("night night, speak to you in the morning", "report_symptom", "goodbye"),
    ],
)
def test_small_talk_that_says_how_a_symptom_presents_is_a_report(
    component: SymptomEntityExtractor, text: str, intent: str, intent_after: str
) -> None:
    (processed,) = component.process([message(text, intent=intent)])

    assert processed.get("intent")["name"] == intent_after
    features = [e for e in processed.get("entities") if e["entity"] == "feature"]
    assert bool(features) == (intent_after == "report_symptom")


def test_a_relatives_symptom_read_as_a_carers_report_carries_the_relative_group(
    component: SymptomEntityExtractor,
) -> None:
    entities = run(component, message("my brother had a fit at the match"))
    found = [e for e in entities if e["entity"] == "symptom"]
    assert [(e["value"], e.get("role"), e.get("group")) for e in found] == [
        ("seizure", None, "relative")
    ]


def test_the_writers_own_symptom_carries_no_group(component: SymptomEntityExtractor) -> None:
    entities = run(component, message("I had a fit at the match"))
    assert all("group" not in e for e in entities if e["entity"] == "symptom")
