"""`python -m clearpicture new DIR` (starter.py): the starter's quizzes pass the same check as
this site's, and a folder that holds anything is refused. Built and scored from the wheel in
tests/build/test_package.py and tests/browser/test_starter.py."""

from __future__ import annotations

from pathlib import Path

from clearpicture.__main__ import main
from clearpicture.load import load_all


def test_the_starter_writes_a_site_whose_quizzes_check(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    assert (site / "mkdocs.yml").is_file()
    # load_all raises on any problem (no quiz warnings since fa3b9c0), so loading is the check.
    quizzes = load_all(site / "quizzes", site / "docs")
    assert sorted(quizzes) == ["first-steps", "household"]


def test_the_starter_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    assert main(["new", str(tmp_path)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
