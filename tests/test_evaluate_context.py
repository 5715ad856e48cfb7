"""The blind-set scorer counts what the contract measures (scripts/evaluate_context.py)."""

from __future__ import annotations

from pathlib import Path

from scripts import evaluate_context


def _example(present, mentions=(), symptom_free=False, red_flag=False, style="plain"):
    return {
        "text": "x",
        "style": style,
        "present": list(present),
        "mentions": list(mentions),
        "symptom_free": symptom_free,
        "red_flag": red_flag,
    }


def _prediction(*entities):
    return {
        "entities": [
            {"entity": "symptom", "value": value, **({"role": role} if role else {})}
            for value, role in entities
        ]
    }


def never_emergency(_present):
    return False


def test_a_past_mention_returned_as_present_is_counted_as_a_safety_failure():
    result = evaluate_context.score(
        [_example(["bone_pain"], [("seizure", "past")])],
        [_prediction(("bone_pain", None), ("seizure", None))],
        emergency=never_emergency,
    )
    assert result["present"]["precision"] == 0.5
    assert result["present"]["recall"] == 1.0
    assert result["non_current_counted"] == 1
    assert result["roles"]["past"]["accuracy"] == 0.0


def test_right_roles_score_full_role_accuracy():
    result = evaluate_context.score(
        [_example(["cough"], [("shortness_of_breath", "negated"), ("jaundice", "other_person")])],
        [
            _prediction(
                ("cough", None), ("shortness_of_breath", "negated"), ("jaundice", "other_person")
            )
        ],
        emergency=never_emergency,
    )
    assert result["present"]["f1"] == 1.0
    assert result["role_accuracy"] == 1.0
    assert result["non_current_counted"] == 0


def test_a_symptom_on_a_symptom_free_message_raises_the_false_symptom_rate():
    result = evaluate_context.score(
        [_example([], symptom_free=True), _example([], symptom_free=True)],
        [_prediction(("breast_lump", None)), _prediction()],
        emergency=never_emergency,
    )
    assert result["symptom_free"]["rate"] == 0.5


def test_red_flag_recall_and_false_emergencies_come_from_the_triage():
    result = evaluate_context.score(
        [_example(["seizure"], red_flag=True), _example(["headache"])],
        [_prediction(("seizure", None)), _prediction(("headache", None))],
        emergency=lambda prediction: bool(evaluate_context.present_ids(prediction)),
    )
    assert result["red_flags"]["recall"] == 1.0
    assert result["red_flags"]["false_emergencies"] == 1


def test_the_set_file_is_read_with_roles(tmp_path: Path):
    path = tmp_path / "set.yml"
    path.write_text(
        "version: 1\nmessages:\n"
        "  - text: my aunt went yellow\n    style: relative\n    present: []\n"
        "    mentions:\n      - {id: jaundice, role: other_person}\n    symptom_free: true\n",
        encoding="utf-8",
    )
    (example,) = evaluate_context.load_set(path)
    assert example["mentions"] == [("jaundice", "other_person")]
    assert example["symptom_free"] is True


def test_acute_scoring_counts_missed_and_false_emergencies():
    examples = [
        {"text": "a", "present": ["fever"], "urgency": "emergency", "basis": "contract"},
        {"text": "b", "present": ["confusion"], "urgency": "urgent", "basis": "contract"},
        {"text": "c", "present": [], "urgency": "soon", "basis": "contract"},
    ]
    answers = iter(["urgent", "emergency", "soon"])
    result = evaluate_context.score_acute(examples, [{}, {}, {}], lambda _p: next(answers))
    assert result["exact"] == 1
    assert result["emergencies_missed"] == 1
    assert result["false_emergencies"] == 1
    assert result["under_triaged"] == 1


def test_a_blind_report_gives_totals_but_never_says_which_ids_were_confused():
    result = evaluate_context.score(
        [_example(["cough"], style="texting")],
        [_prediction(("chest_pain", None))],
        emergency=never_emergency,
    )
    full = evaluate_context.markdown(result, "set")
    blind = evaluate_context.markdown(result, "set", totals_only=True)
    assert "cough -> chest_pain" in full
    assert "F1 0.000" in blind
    assert "chest_pain" not in blind and "texting" not in blind


# --- the validation manifest: every retired set scored in one process, with its floors -------

NLU = Path(__file__).parent / "nlu"


def test_the_manifest_names_every_retired_people_set_and_only_files_that_exist(tmp_path):
    specs = evaluate_context.load_manifest(NLU / "retired_sets.yml", tmp_path)
    named = {spec.data.name for spec in specs} | {spec.acute.name for spec in specs if spec.acute}
    retired = {p.name for p in NLU.glob("validation_people*.yml")} | {"validation_context.yml"}
    retired |= {p.name for p in NLU.glob("validation_acute*.yml")}
    assert retired <= named
    assert all(spec.data.is_file() for spec in specs)
    assert all(spec.acute.is_file() for spec in specs if spec.acute)
    assert all(spec.floors != evaluate_context.Floors() for spec in specs)
    assert {spec.json.parent for spec in specs} == {tmp_path}


def test_a_manifest_with_a_floor_it_does_not_know_is_refused(tmp_path):
    (tmp_path / "sets.yml").write_text(
        "version: 1\nsets:\n  - name: a\n    label: A\n    people: a.yml\n"
        "    floors: {min_f1: 0.9, min_recall: 0.9}\n",
        encoding="utf-8",
    )
    try:
        evaluate_context.load_manifest(tmp_path / "sets.yml", tmp_path)
    except ValueError as error:
        assert "min_recall" in str(error)
    else:
        raise AssertionError("an unknown floor was accepted")


def test_a_set_below_any_of_its_floors_fails_and_says_which():
    result = {
        "present": {"f1": 0.80},
        "role_accuracy": 0.95,
        "symptom_free": {"rate": 0.10},
        "acute": {"emergencies_missed": 3},
    }
    floors = evaluate_context.Floors(
        min_f1=0.85, min_role_accuracy=0.90, max_false_rate=0.05, max_emergencies_missed=2
    )
    failed = evaluate_context.floor_failures(result, floors)
    assert len(failed) == 3
    assert any("F1 0.800 < 0.85" in line for line in failed)
    assert any("false-symptom rate" in line for line in failed)
    assert any("emergencies missed 3 > 2" in line for line in failed)
    assert evaluate_context.floor_failures(result, evaluate_context.Floors()) == []
