"""The learned emergency net (symptom_nlu/emergency_model.py, issues 12 and 18).

The rules find symptoms and what makes them emergencies; the net reads a whole message and
catches emergencies said in words the rules have not seen. It may raise an emergency only
for a symptom the person has now, through the red-flag rule `emergency_words`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import parse as support_parse
from support import urgency, urgency_of

from scripts import train_emergency_model as trainer
from symptom_checker.triage import FEATURES, LEARNED_FEATURES, assess
from symptom_checker.vocabulary import READS_AS_EMERGENCY
from symptom_nlu.emergency_model import MODEL_FILE, EmergencyModel, emergency_model, raises
from symptom_nlu.extract import get_extractor

# Emergencies in words of our own that the word rules read as a symptom, not an emergency.
MISSED_BY_THE_RULES = [
    "my cough is bad and now there's bright red in the tissue every time",
    "I feel tired and my mum says I was staring and twitching for a minute and didn't answer",
]
CALM = [
    "I have a cough and a bit of a sore throat",
    "I've had a lump in my breast for two weeks",
    "my hip hurts when I walk the dog",
    "my tummy is swollen and I feel sick",
]


def parse(component, text: str) -> list[dict]:
    return support_parse(component, text).get("entities")


def net_features(entities: list[dict]) -> list[dict]:
    return [e for e in entities if e["entity"] == "feature" and e["value"] == READS_AS_EMERGENCY]


@pytest.mark.parametrize("text", MISSED_BY_THE_RULES)
def test_an_emergency_in_unseen_words_is_raised_by_the_net(component, knowledge, text):
    entities = parse(component, text)
    without_net = [e for e in entities if e not in net_features(entities)]
    assert urgency_of(text, without_net, knowledge) != "emergency"
    assert net_features(entities), "the net should have read this as an emergency"
    assert urgency_of(text, entities, knowledge) == "emergency"


@pytest.mark.parametrize("text", CALM)
def test_an_everyday_symptom_is_left_to_the_rules(component, text):
    assert emergency_model().probability(text) < 0.2
    assert not net_features(parse(component, text))


# Calm messages of our own tables that the net reads as emergencies (session 38: the tests
# built their entities without the net until then, so this went unseen). The rules read
# them right; the assistant, net included, calls them emergencies: known false alarms,
# hazard log H-07. Every other calm message of those tables is a check that the net does not
# raise it. NHS "Bleeding from the bottom": black or dark red poo is for 111 or an urgent GP
# appointment, not A&E.
NET_FALSE_ALARMS = [
    ("a sudden headache came on this afternoon out of nowhere", "urgent"),
    ("streaks of blood on the toilet paper when I wipe", "urgent"),
    ("black sticky poo this morning", "urgent"),
    # a long wait for blood results is no bleed
    ("I waited for my blood results for over an hour and my back aches", "soon"),
]


@pytest.mark.parametrize("text, expected", NET_FALSE_ALARMS)
def test_the_rules_read_the_nets_known_false_alarms_right(knowledge, text, expected):
    assert urgency(get_extractor(), knowledge, text, net=None) == expected


# The contract's near misses: what makes them an emergency is a fact or a second symptom the
# rules decide. Even where the net reads them as emergencies, they stay urgent.
NEAR_MISSES = [
    "I've had a temperature of 38.4 since last night",  # on treatment? the form asks
    "been sick twice since chemo this morning",  # can they keep fluids down? it asks
    "today her face is all puffy and there are big veins standing out on her chest",
]


@pytest.fixture
def net_always_sure(monkeypatch):
    """The net as if it read every message as an emergency (whatever its training)."""
    sure = EmergencyModel(weights={}, idf={}, bias=5.0, threshold=0.8)
    monkeypatch.setattr("symptom_nlu.entities.emergency_model", lambda: sure)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_the_contracts_near_misses_are_left_to_the_rules(
    component, knowledge, net_always_sure, text
):
    entities = parse(component, text)
    assert net_features(entities)
    assert urgency_of(text, entities, knowledge) == "urgent"


def test_an_answer_with_no_symptom_is_not_read(component, net_always_sure):
    # In a conversation, an answer such as "since yesterday" would otherwise raise whatever
    # symptom came before it.
    assert not net_features(parse(component, "since yesterday"))


def test_someone_elses_emergency_is_not_the_persons(component):
    text = "my friend is coughing blood and can't breathe, how do I support her"
    entities = parse(component, text)
    symptoms = [e for e in entities if e["entity"] == "symptom"]
    assert symptoms and all(e.get("role") for e in symptoms)
    assert not net_features(entities)


def test_the_net_is_not_heard_without_its_confidence():
    unsure = EmergencyModel(weights={}, idf={}, bias=0.0, threshold=0.8)  # always 0.5
    sure = EmergencyModel(weights={}, idf={}, bias=3.0, threshold=0.8)  # always 0.95
    entities = [{"entity": "symptom", "value": "cough"}]
    assert not raises("my cough", entities, unsure)
    assert raises("my cough", entities, sure)
    assert not raises("   ", entities, sure)
    assert not raises("my mum's cough", [{**entities[0], "role": "other_person"}], sure)
    assert not raises("she is burning up and shaking", [], sure)


def test_the_net_alone_names_no_symptom_and_raises_nothing_without_one(knowledge):
    features = {"*": [READS_AS_EMERGENCY]}
    assert assess([], [], knowledge, features=features).urgency == "soon"
    raised = assess(["cough"], [], knowledge, features=features)
    assert raised.urgency == "emergency"
    assert [rule.id for rule in raised.red_flags] == ["emergency_words"]
    assert raised.red_flags[0].presentation
    assert "cough" not in knowledge.red_flag_symptom_ids()


def test_the_learned_feature_is_in_the_closed_list_but_has_no_words():
    assert set(LEARNED_FEATURES) == {READS_AS_EMERGENCY}
    assert READS_AS_EMERGENCY in FEATURES


def test_the_shipped_model_was_trained_on_the_retired_sets_as_they_are_now():
    raw = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    files = trainer.training_files()
    assert [p.name for p in files] == raw["trained_on"]["files"]
    assert (
        trainer.fingerprint(files) == raw["trained_on"]["fingerprint"]
    ), "a retired set changed: run `make emergency-model` and commit the model"
    assert not any("blind" in name for name in raw["trained_on"]["files"])
    assert 0.5 < raw["threshold"] < 1.0


def test_a_blind_set_is_never_trained_on(tmp_path: Path):
    (tmp_path / "validation_people_9.yml").write_text("messages: []\n")
    (tmp_path / "blind_people.yml").write_text("messages: []\n")
    assert [p.name for p in trainer.training_files(tmp_path)] == ["validation_people_9.yml"]
    with pytest.raises(ValueError, match="never trained on"):
        trainer.set_number(tmp_path / "blind_people.yml")


def test_left_out_writers_set_it_finds_emergencies_the_rules_miss_and_few_false_ones():
    """Trained without the sixth writer's sets, it is scored on them (about 30 s)."""
    (row,) = [r for r in trainer.cross_validate(only=[6])]
    assert row["missed_by_rules"] >= 5
    # two of the set's emergencies the rules miss (three until session 36, when the rules
    # learnt one of them: "when I wake him he answer and then sleep again")
    assert row["found_by_model"] >= 2, row
    assert row["raised_by_model"] <= 3, row
