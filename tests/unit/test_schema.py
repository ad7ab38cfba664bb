"""quizzes/quiz.schema.json (editor completion) is written from the contract the loader reads
through (contract.py), and the two agree: both accept every real quiz and the good fixtures, and
both refuse the bad fixtures whose fault is one of shape. The loader alone sees what a schema
cannot (duplicates, links, placements, order of bands)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from clearpicture import contract
from clearpicture.__main__ import main
from clearpicture.load import load_all, load_quiz
from clearpicture.problems import QuizError

from .helpers import FIXTURES, ROOT

SCHEMA_FILE = ROOT / "quizzes" / "quiz.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

SHAPE_FAULTS = [
    "quiz-with-unknown-key",
    "quiz-with-missing-explain",
    "quiz-with-wrong-type",
    "quiz-with-bad-id",
    "quiz-single-with-two-correct",
    "quiz-multiple-without-correct",
    "quiz-with-empty-options",
    "quiz-truefalse-with-wrong-ids",
    "quiz-truefalse-with-unquoted-ids",
    "quiz-with-bands-not-from-zero",
    "quiz-with-band-min-over-100",
    "quiz-with-http-link",
    "quiz-with-checklist-key",
    "quiz-with-unknown-kind",
    "checklist-with-likelihood-out-of-range",
    "checklist-with-risk-out-of-range",
    "checklist-with-minutes-out-of-range",
    "checklist-with-two-unsure-options",
    "checklist-with-empty-applies-if",
    "checklist-with-applies-if-naming-twice",
    "quiz-with-bad-points",
    "quiz-with-bad-shuffle",
    "quiz-with-bad-hint-penalty",
    "quiz-with-bad-fixed",
    "quiz-fill-in-without-answer",
    "quiz-order-with-one-item",
    "quiz-number-with-bad-tolerance",
    "quiz-with-unknown-type",
]
LOADER_ONLY = [
    "quiz-with-duplicate-ids",
    "quiz-with-duplicate-option-ids",
    "quiz-with-wrong-file-name",
    "quiz-with-bands-not-ascending",
    "quiz-with-missing-anchor",
    "quiz-with-missing-link-page",
    "quiz-with-javascript-link",
    "quiz-with-markdown-link-to-missing-anchor",
    "quiz-with-raw-html",
    "quiz-with-missing-page",
    "quiz-not-placed",
    "quiz-with-colliding-html-ids",
    "checklist-with-missing-scale-risk",
    "checklist-with-unknown-area",
    "checklist-without-find-out",
    "checklist-with-empty-area",
    "checklist-with-unknown-profile-option",
    "checklist-with-applies-if-without-profile",
    "checklist-with-unused-profile-option",
    "checklist-with-applies-if-naming-unsure",
    # Unsure options sit in different groups: "at most one" across groups is the loader's.
    "checklist-with-two-unsure-profile-options",
    "checklist-with-earlier-version-misnumbered",
    "checklist-with-earlier-version-same-as-today",
    "quiz-with-answer-on-single",
]
REAL = sorted((ROOT / "quizzes").glob("*.yml"))


def data(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def schema_errors(path: Path) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data(path))]


def test_the_schema_file_is_the_contract_written_out() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == contract.schema_text(), (
        "quizzes/quiz.schema.json is out of date: run python -m clearpicture schema"
    )


def test_the_schema_command_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "quiz.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == SCHEMA


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_bad_fixture_is_classified() -> None:
    bad = {p.stem for p in (FIXTURES / "quizzes").glob("*.yml")}
    bad -= {"good-quiz", "good-checklist", "quiz-with-yaml-syntax-error"}
    assert bad == set(SHAPE_FAULTS) | set(LOADER_ONLY)
    assert not set(SHAPE_FAULTS) & set(LOADER_ONLY)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_quiz_matches_the_schema(path: Path) -> None:
    assert schema_errors(path) == []


def test_real_quizzes_pass_the_loader() -> None:
    assert sorted(load_all(ROOT / "quizzes", ROOT / "docs")) == sorted(p.stem for p in REAL)


@pytest.mark.parametrize("name", ["good-quiz", "good-checklist"])
def test_good_fixtures_pass_both(name: str) -> None:
    path = FIXTURES / "quizzes" / f"{name}.yml"
    assert schema_errors(path) == []
    load_quiz(path, FIXTURES / "docs")


@pytest.mark.parametrize("name", SHAPE_FAULTS)
def test_shape_faults_fail_both(name: str) -> None:
    path = FIXTURES / "quizzes" / f"{name}.yml"
    assert schema_errors(path), f"the schema accepts {name}"
    with pytest.raises(QuizError):
        load_quiz(path, FIXTURES / "docs")


@pytest.mark.parametrize("name", LOADER_ONLY)
def test_what_only_the_loader_can_see(name: str) -> None:
    path = FIXTURES / "quizzes" / f"{name}.yml"
    assert schema_errors(path) == []
    with pytest.raises(QuizError):
        load_quiz(path, FIXTURES / "docs")
