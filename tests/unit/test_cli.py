"""`python -m clearpicture check` and `definition`: what an author and CI see."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clearpicture.__main__ import main

from .helpers import FIXTURES, ROOT, fixture_text, make_site

PAGE = "# Sample {#top}\n\n## Explicit {#explicit}\n\n## Slugged heading\n\n"


def good_site(root: Path) -> tuple[Path, Path]:
    placements = "/// quiz | good-quiz\n///\n\n/// quiz | good-checklist\n///\n"
    return make_site(
        root,
        {"good-quiz": fixture_text("good-quiz"), "good-checklist": fixture_text("good-checklist")},
        {"guides/sample.md": PAGE + placements},
    )


def test_check_passes_a_good_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quizzes, docs = good_site(tmp_path)
    assert main(["check", "--quizzes", str(quizzes), "--docs", str(docs)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("2 quizzes OK\n0 sources, 0 citations on 0 pages OK\n", "")


def test_check_prints_every_problem_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    good_site(tmp_path)
    broken = fixture_text("quiz-with-missing-explain", "good-quiz")
    (tmp_path / "quizzes/good-quiz.yml").write_text(broken, encoding="utf-8")
    (tmp_path / "docs/guides/sample.md").write_text(
        PAGE
        + "/// quiz | good-quiz\n///\n\n/// quiz | good-checklist\n///\n\n/// quiz | gone\n///\n",
        encoding="utf-8",
    )
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "quizzes/good-quiz.yml:16: option 'b' of question 'pick-one' has no 'explain' text — "
        "add an 'explain:' line under the option",
        "docs/guides/sample.md:13: places quiz 'gone', which does not exist — create "
        "quizzes/gone.yml or fix the id",
    ]


def test_definition_prints_the_definition_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--quizzes", str(FIXTURES / "quizzes"), "--docs", str(FIXTURES / "docs")]
    assert main(["definition", "good-checklist", *args]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["id"] == "good-checklist"
    assert printed["items"][0]["weight"] == 15


def test_definition_of_an_unknown_quiz_fails(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--quizzes", str(FIXTURES / "quizzes"), "--docs", str(FIXTURES / "docs")]
    assert main(["definition", "nope", *args]) == 1
    assert "quiz 'nope' does not exist" in capsys.readouterr().err


def test_the_real_site_checks_clean_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clearpicture", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert re.fullmatch(
        r"\d+ quizzes OK\n\d+ sources, \d+ citations on \d+ pages OK\n", done.stdout
    )
