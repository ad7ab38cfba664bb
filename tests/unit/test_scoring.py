"""The scoring engine: the shared vectors (the same files the Pyodide tier runs), what a reader
would notice about odd answers, and the promises that let the file ship alone to browsers."""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from clearpicture import scoring
from clearpicture.scoring import score, score_household

from .helpers import ROOT

SOURCE = ROOT / "src" / "clearpicture" / "scoring.py"
# The engine's vectors and those about values crossing from JS; the Pyodide tier runs both too.
VECTORS = sorted(
    [*(ROOT / "tests" / "vectors").glob("*.json"), *(ROOT / "tests/pyodide/vectors").glob("*.json")]
)


def load_vector(path: Path) -> dict[str, Any]:
    vector: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return vector


@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector(path: Path) -> None:
    vector = load_vector(path)
    answers = vector["answers"]
    profile = vector.get("profile")
    prepared = scoring.prepare(vector["definition"])
    # The definition itself, then what prepare() made of it, twice (kept and used again, as the
    # browser's worker does): the same result every time.
    for definition in (vector["definition"], prepared, prepared):
        if isinstance(answers, list):
            result = score_household(definition, answers, profile=profile)
        else:
            result = score(definition, answers, vector.get("hints"), profile=profile)
        assert result == vector["expected"]
        # Plain JSON data: what goes in the file is what comes out of the engine.
        assert json.loads(json.dumps(result)) == result


def test_prepare_checks_the_definition_as_score_does() -> None:
    quiz = load_vector(next(p for p in VECTORS if "quiz" in p.stem))["definition"]
    assert quiz["kind"] == "quiz"
    broken = {**quiz, "questions": []}
    with pytest.raises(ValueError, match="questions must be a non-empty list") as raised:
        scoring.prepare(broken)
    with pytest.raises(ValueError, match=re.escape(str(raised.value))):
        score(broken, {})
    with pytest.raises(ValueError, match="household scoring needs a checklist"):
        score_household(scoring.prepare(quiz), [{}])


def test_there_are_vectors_of_every_kind() -> None:
    kinds = {load_vector(p)["expected"]["kind"] for p in VECTORS}
    assert kinds == {"quiz", "checklist", "household"}


# --- shipping alone to the browser -----------------------------------------------------------


def test_imports_only_the_standard_library() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import: the file is copied alone"
            imported.add((node.module or "").split(".")[0])
    assert imported - {"__future__"} <= set(sys.stdlib_module_names)


def test_does_no_io_and_keeps_no_mutable_globals() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & {"open", "print", "input", "exec", "eval"}
    assert not any(isinstance(node, ast.Global) for node in ast.walk(tree))
    for name, value in vars(scoring).items():
        if not name.startswith("__"):
            assert not isinstance(value, (list, dict, set)), f"mutable global {name}"


def test_runs_as_a_top_level_module_named_scoring(tmp_path: Path) -> None:
    copy_path = tmp_path / "scoring.py"
    copy_path.write_bytes(SOURCE.read_bytes())
    spec = importlib.util.spec_from_file_location("scoring", copy_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    vector = load_vector(VECTORS[0])
    runner = module.score_household if isinstance(vector["answers"], list) else module.score
    assert runner(vector["definition"], vector["answers"]) == vector["expected"]


# --- definitions ----------------------------------------------------------------------------

QUIZ: dict[str, Any] = load_vector(ROOT / "tests/vectors/quiz-all-correct.json")["definition"]
CHECKLIST: dict[str, Any] = load_vector(ROOT / "tests/vectors/checklist-plan-order.json")[
    "definition"
]


def broken(definition: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of definition with the value at a dotted path replaced (or removed if ...)."""
    result = copy.deepcopy(definition)
    *parents, last = path.split(".")
    target: Any = result
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is ...:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return result


FILL_IN: dict[str, Any] = {"id": "f", "type": "fill-in", "accept": ["Delete"]}
NUMBER: dict[str, Any] = {"id": "n", "type": "number", "value": 30, "tolerance": 2}
ORDER: dict[str, Any] = {"id": "o", "type": "order", "items": ["a", "b"]}

MALFORMED = [
    ("not an object", ["schema", 1]),
    ("unknown schema", broken(QUIZ, "schema", 2)),
    ("unknown kind", broken(QUIZ, "kind", "survey")),
    ("no questions", broken(QUIZ, "questions", [])),
    ("question without options", broken(QUIZ, "questions.0.options", ...)),
    ("correct not an option", broken(QUIZ, "questions.0.correct", ["zz"])),
    ("single with two correct", broken(QUIZ, "questions.0.correct", ["a", "b"])),
    ("unknown question type", broken(QUIZ, "questions.0.type", "essay")),
    ("duplicate question ids", broken(QUIZ, "questions.1.id", "q1")),
    ("bands not from 0", broken(QUIZ, "bands.0.min", 5)),
    ("bands not ascending", broken(QUIZ, "bands.2.min", 50)),
    ("band min not an int", broken(QUIZ, "bands.1.min", "50")),
    ("risk missing an option", broken(CHECKLIST, "items.0.risk", {"yes": 0, "no": 1})),
    ("risk above 1", broken(CHECKLIST, "items.0.risk.no", 2)),
    ("risk not a number", broken(CHECKLIST, "items.0.risk.no", "1")),
    ("risk NaN", broken(CHECKLIST, "items.0.risk.no", float("nan"))),
    ("risk negative", broken(CHECKLIST, "items.0.risk.no", -0.5)),
    ("weight zero", broken(CHECKLIST, "items.0.weight", 0)),
    ("weight a boolean", broken(CHECKLIST, "items.0.weight", True)),
    ("minutes missing", broken(CHECKLIST, "items.0.action_minutes", ...)),
    ("unknown area", broken(CHECKLIST, "items.0.area", "garden")),
    ("unsure_risk missing", broken(CHECKLIST, "unsure_risk", ...)),
    ("two unsure options", broken(CHECKLIST, "scale.0.unsure", True)),
    ("points zero", broken(QUIZ, "questions.0.points", 0)),
    ("points a boolean", broken(QUIZ, "questions.0.points", True)),
    ("points not whole", broken(QUIZ, "questions.0.points", 1.5)),
    ("hint penalty above 1", broken(QUIZ, "hint_penalty", 1.5)),
    ("hint penalty negative", broken(QUIZ, "hint_penalty", -0.5)),
    ("fill-in without answers", {**QUIZ, "questions": [{"id": "f", "type": "fill-in"}]}),
    ("fill-in with a blank answer", {**QUIZ, "questions": [FILL_IN | {"accept": ["  "]}]}),
    ("number without value", {**QUIZ, "questions": [{"id": "n", "type": "number"}]}),
    ("number value NaN", {**QUIZ, "questions": [NUMBER | {"value": float("nan")}]}),
    ("number value as text", {**QUIZ, "questions": [NUMBER | {"value": "30"}]}),
    ("negative tolerance", {**QUIZ, "questions": [NUMBER | {"tolerance": -1}]}),
    ("unit not text", {**QUIZ, "questions": [NUMBER | {"unit": 5}]}),
    ("order of one item", {**QUIZ, "questions": [ORDER | {"items": ["a"]}]}),
    ("order with a repeated item", {**QUIZ, "questions": [ORDER | {"items": ["a", "a"]}]}),
]


@pytest.mark.parametrize("definition", [d for _, d in MALFORMED], ids=[n for n, _ in MALFORMED])
def test_malformed_definition_raises_value_error(definition: Any) -> None:
    with pytest.raises(ValueError):
        score(definition, {})


def test_household_needs_a_checklist() -> None:
    with pytest.raises(ValueError, match="checklist"):
        score_household(QUIZ, [{}])


# --- answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("answers", [None, [], "q1", 42, {1: "a"}, {"q1": {"a": 1}}])
def test_answers_of_the_wrong_shape_never_raise(answers: Any) -> None:
    result = score(QUIZ, answers)
    assert result["score"] == 0
    assert result["missing"] == ["q1", "q2", "q3"]


def test_answers_that_are_not_an_object_are_reported() -> None:
    assert score(QUIZ, None)["unknown"] == []
    assert score(QUIZ, ["q1"])["unknown"] == ["?"]
    assert score(CHECKLIST, "no")["unknown"] == ["?"]


def test_result_does_not_depend_on_answer_order() -> None:
    answers = {"q9": "x", "q2": ["c", "zz", "a"], "q1": "c", "q3": "maybe"}
    reordered = dict(reversed(list(answers.items())))
    assert score(QUIZ, answers) == score(QUIZ, reordered)


def test_scoring_leaves_its_inputs_alone() -> None:
    definition, answers = copy.deepcopy(CHECKLIST), {"i1": "no", "i3": "unsure"}
    before = copy.deepcopy((definition, answers))
    score(definition, answers)
    score_household(definition, [answers, answers])
    assert (definition, answers) == before


def test_unsure_without_a_find_out_step_plans_the_fix() -> None:
    definition = broken(CHECKLIST, "items.0.find_out_minutes", None)
    plan = score(definition, {"i1": "unsure"})["plan"]
    assert plan == [
        {"item": "i1", "step": "fix", "reduction": 6.0, "minutes": 10, "per_minute": 0.6}
    ]


def test_household_prefers_a_definite_answer_over_an_unsure_one_of_equal_risk() -> None:
    definition = broken(CHECKLIST, "items.0.risk.no", 0.5)
    result = score_household(definition, [{"i1": "unsure"}, {"i1": "no"}])
    assert result["combined"]["plan"] == [
        {
            "item": "i1",
            "step": "fix",
            "reduction": 6.0,
            "minutes": 10,
            "per_minute": 0.6,
            "members": [0, 1],
        }
    ]


def test_household_members_with_safe_answers_are_not_named() -> None:
    result = score_household(CHECKLIST, [{"i1": "yes"}, {"i1": "no"}, {"i1": "na"}])
    assert [step["members"] for step in result["combined"]["plan"]] == [[1]]
    assert [member["exposure"] for member in result["members"]] == [0, 100, 0]


def test_the_new_question_types_score_when_well_formed() -> None:
    definition = {**QUIZ, "questions": [FILL_IN, NUMBER, ORDER]}
    result = score(definition, {"f": "delete", "n": "31", "o": ["a", "b"]})
    assert [q["status"] for q in result["questions"]] == ["correct"] * 3


def test_hints_cost_nothing_unless_the_quiz_sets_a_penalty() -> None:
    definition = broken(QUIZ, "questions.0.hint", True)
    answers = {"q1": "b", "q2": ["a", "c"], "q3": "false"}
    result = score(definition, answers, ["q1"])
    assert (result["score"], result["hints"]) == (3.0, 1)
    assert result["questions"][0]["hinted"] is True
    penalised = score(broken(definition, "hint_penalty", 1), answers, ["q1"])
    assert (penalised["score"], penalised["questions"][0]["status"]) == (2.0, "correct")
