"""MkDocs checks links to a quiz form's ids as to any heading's, although the form reaches the
page's HTML outside Markdown's element tree (form_html.py): a link to `#cp-quiz-…` that the
form has builds strictly, one it lacks fails the build; the form's own links come out
page-relative and are checked too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.build.fixtures.staged import assemble, mkdocs_strict


@pytest.mark.parametrize(
    ("anchor", "builds"),
    [("cp-quiz-tiny", True), ("cp-q-tiny-sky", True), ("cp-quiz-tinny", False)],
)
def test_links_to_a_quiz_forms_ids_are_checked(tmp_path: Path, anchor: str, builds: bool) -> None:
    config = assemble(tmp_path / "src")
    index = config.parent / "docs/index.md"
    index.write_text(index.read_text() + f"\nOr [straight to it](quiz.md#{anchor}).\n")
    done = mkdocs_strict(config, tmp_path / "site")
    missing = f"contains a link 'quiz.md#{anchor}', but the doc 'quiz.md' does not contain an "
    assert (done.returncode == 0) is builds, done.stderr
    assert (missing in done.stderr) is not builds, done.stderr


def test_a_forms_links_are_page_relative_and_checked(tmp_path: Path) -> None:
    config = assemble(tmp_path / "src")
    quiz = config.parent / "quizzes/tiny.yml"
    quiz.write_text(
        quiz.read_text().replace(
            "        explain: Look up.\n",
            "        explain: Look up.\n    link: index.md\n",
        )
    )
    done = mkdocs_strict(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site/quiz/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<p class="cp-q__more"><a href="([^"]*)"', html) == ["../"]
