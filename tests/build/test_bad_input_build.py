"""The build meets an author's mistakes in quizzes/ and in quiz blocks as `check` does: every one
is named as `path:line: what — fix` before MkDocs writes or empties anything, so even a plain
`mkdocs build` leaves the last site in place, and no traceback is printed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.build.fixtures.staged import assemble, mkdocs_strict


def edit(path: str, replace: str, by: bytes) -> Callable[[Path], None]:
    def apply(src: Path) -> None:
        target = src / path
        data = target.read_bytes()
        assert replace.encode() in data
        target.write_bytes(data.replace(replace.encode(), by, 1))

    return apply


QUESTION = (
    "  - id: q{n}\n    type: truefalse\n    prompt: Statement {n}.\n    options:\n"
    '      - {{id: "true", text: "True", correct: true, explain: "Yes."}}\n'
    '      - {{id: "false", text: "False", correct: false, explain: "No."}}\n'
)

MISTAKES = {
    "a control character": (
        edit("quizzes/tiny.yml", "explain: Look up.", b"explain: Look\x07 up."),
        "quizzes/tiny.yml:17: this line holds an invisible BEL character (U+0007) at column 22 "
        "— delete it; it often comes with text copied from a terminal, a PDF or a word "
        "processor",
    ),
    "bytes that are not UTF-8": (
        edit("quizzes/tiny.yml", "title: A tiny quiz", b"title: A tiny caf\xe9 quiz"),
        "quizzes/tiny.yml:3: this line is not UTF-8 text (byte 0xE9 at column 18) — save the "
        "file as UTF-8 (in most editors: Save with Encoding, then UTF-8)",
    ),
    "a word after the quiz id": (
        edit("docs/quiz.md", "/// quiz | tiny", b"/// quiz | tiny quiz"),
        "docs/quiz.md:5: the quiz block has more than an id after '|' ('tiny quiz') — write only "
        "the id, e.g. '/// quiz | tiny'",
    ),
    "a quiz block with no id": (
        edit("docs/quiz.md", "/// quiz | tiny", b"/// quiz |"),
        "docs/quiz.md:5: the quiz block names no quiz after '|' — write '/// quiz | ID' on one "
        "line and '///' on the next",
    ),
    "an image from another host": (
        edit(
            "quizzes/tiny.yml",
            "explain: Look up.",
            b"explain: Look up. ![sky](https://example.com/sky.png)",
        ),
        "quizzes/tiny.yml:17: image 'https://example.com/sky.png' in the explanation of option "
        "'false' of question 'sky' would be loaded from another host — Clear Picture pages load "
        "nothing from other sites: save the image under docs/ (e.g. docs/assets/images/) and give "
        "its path from there, or link to it with [text](URL)",
    ),
    "text inside a quiz block": (
        edit("docs/quiz.md", "/// quiz | tiny\n", b"/// quiz | tiny\nThree questions.\n"),
        "docs/quiz.md:6: text inside '/// quiz | tiny' (opened on line 5) — a quiz block takes "
        "none: write it in quizzes/tiny.yml or after the closing '///'",
    ),
    "more than 100 questions": (
        lambda src: (src / "quizzes/tiny.yml").write_text(
            "id: tiny\nkind: quiz\ntitle: A long quiz\npage: quiz.md\nquestions:\n"
            + "".join(QUESTION.format(n=n) for n in range(1, 102))
            + "bands:\n  - {id: low, min: 0, label: Low}\n"
        ),
        "quizzes/tiny.yml:5: this quiz has 101 questions, more than 100 — every question is in "
        "the page and in its scoring, so the page grows heavy and slow to open on a phone: split "
        "it into quizzes of at most 100 questions",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_build_names_the_mistake_before_writing_anything(tmp_path: Path, mistake: str) -> None:
    config = assemble(tmp_path / "src")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("the last good site")
    apply, message = MISTAKES[mistake]
    apply(config.parent)
    done = mkdocs_strict(config, site_dir)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert message in done.stderr.splitlines()
    # MkDocs empties site_dir right after on_pre_build: it was refused before that.
    assert [p.name for p in site_dir.iterdir()] == ["index.html"]


def test_an_image_of_this_site_in_quiz_text_lands_where_it_is(tmp_path: Path) -> None:
    config = assemble(tmp_path / "src")
    (config.parent / "docs/assets/images").mkdir(parents=True)
    (config.parent / "docs/assets/images/sky.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    )
    edit(
        "quizzes/tiny.yml", "explain: Look up.", b"explain: Look up. ![sky](assets/images/sky.svg)"
    )(config.parent)
    site_dir = tmp_path / "site"
    done = mkdocs_strict(config, site_dir)
    assert done.returncode == 0, done.stderr
    html = (site_dir / "quiz/index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img alt="sky" src="([^"]+)"', html)
    assert sources == ["../assets/images/sky.svg"]
    assert (site_dir / "quiz" / sources[0]).resolve().is_file()
