"""What a careless author can put in quizzes/ or in a quiz block in docs/, and the one line each
gets back from `check` (and from the build, which runs the same check before writing):
`path:line: what is wrong — how to fix it`, at the line to edit. No traceback, ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearpicture.__main__ import main
from clearpicture.load import load_all
from clearpicture.problems import QuizError

from .helpers import fixture_text, make_site

PAGE = "# Sample {#top}\n\n## Explicit {#explicit}\n\n## Slugged heading\n\n"
PLACED = "/// quiz | good-quiz\n///\n"
QUIZ = "quizzes/good-quiz.yml"


def site(root: Path, quiz: bytes | None = None, page: str = PAGE + PLACED) -> None:
    make_site(root, {"good-quiz": fixture_text("good-quiz")}, {"guides/sample.md": page})
    if quiz is not None:
        (root / QUIZ).write_bytes(quiz)


def problems(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    with pytest.raises(QuizError) as raised:
        load_all(Path("quizzes"), Path("docs"))
    return raised.value.errors


def good(replace: str, by: str) -> bytes:
    text = fixture_text("good-quiz")
    assert replace in text
    return text.replace(replace, by, 1).encode("utf-8")


# --- characters no editor shows -----------------------------------------------------------

INVISIBLE = {
    "NUL": ("\x00", "an invisible NUL character (U+0000)"),
    "BEL": ("\x07", "an invisible BEL character (U+0007)"),
    "ESC": ("\x1b", "an invisible ESC character (U+001B)"),
    "DEL": ("\x7f", "an invisible DEL character (U+007F)"),
    "NEL": ("\x85", "an invisible next line (NEL) character (U+0085)"),
    "LS": ("\u2028", "an invisible line separator character (U+2028)"),
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_a_control_character_is_refused_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    char, named = INVISIBLE[name]
    site(tmp_path, good("explain: Yes, this one.", f"explain: Yes,{char} this one."))
    assert problems(tmp_path, monkeypatch) == [
        f"{QUIZ}:15: this line holds {named} at column 22 — delete it; it often comes with text "
        "copied from a terminal, a PDF or a word processor"
    ]


def test_check_reports_a_control_character_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, good("title: A small quiz", "title: A small\x1b[1m quiz"))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{QUIZ}:3: this line holds an invisible ESC character (U+001B) at column 15 — delete "
        "it; it often comes with text copied from a terminal, a PDF or a word processor"
    ]


# --- not UTF-8 ----------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_name_their_line_and_say_to_save_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "é" as Latin-1 writes it: one byte, 0xE9, on line 13.
    site(
        tmp_path,
        good("text: The right one", "text: The right caf\xe9").replace(b"\xc3\xa9", b"\xe9"),
    )
    assert problems(tmp_path, monkeypatch) == [
        f"{QUIZ}:13: this line is not UTF-8 text (byte 0xE9 at column 28) — save the file as "
        "UTF-8 (in most editors: Save with Encoding, then UTF-8)"
    ]


def test_a_utf16_file_is_told_to_be_saved_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site(tmp_path, fixture_text("good-quiz").encode("utf-16"))
    assert problems(tmp_path, monkeypatch) == [
        f"{QUIZ}:1: the file is saved as UTF-16 — save the file as UTF-8 (in most editors: Save "
        "with Encoding, then UTF-8)"
    ]


# --- YAML syntax: the line where the broken construct starts -------------------------------

UNCLOSED = (
    "the quote opened on this line is not closed on it, so YAML reads the lines below as part "
    "of the text — end the text with the same quote mark"
)
SYNTAX = {
    "an unclosed double quote": (
        ("prompt: Pick the **right** one.", 'prompt: "Pick the **right** one.'),
        9,
        UNCLOSED,
    ),
    "an unclosed single quote": (("text: The right one", "text: 'The right one"), 13, UNCLOSED),
    "an unclosed quote on the last line": (
        ("label: Well done", 'label: "Well done'),
        41,
        UNCLOSED,
    ),
    "text after a closing quote": (
        ("explain: Yes, this one.", 'explain: "Yes," this one.'),
        15,
        "this text starts with a quote mark, so YAML ends it at the next quote and cannot read "
        'the rest — put the whole text in quotes, writing \\" for a " inside it',
    ),
    "a key indented too little": (
        ("        explain: No, not this one.", "       explain: No, not this one."),
        19,
        "this line is indented differently from the lines above it — line it up with the other "
        "keys of the same entry",
    ),
    "a tab": (
        ("        correct: false", "\tcorrect: false"),
        18,
        "a tab is used here — indent YAML with spaces only",
    ),
    "a colon in a value": (
        ("explain: Yes, this one.", "explain: Note: this one."),
        15,
        "this value holds ': ', which YAML reads as a new key — put the whole text in double "
        'quotes: "…"',
    ),
    "an unclosed bracket": (
        ("explain: Yes, this one.", "explain: [Yes, this one."),
        15,
        "a value starting with '[' is read as a YAML list — put the text in double quotes",
    ),
}


@pytest.mark.parametrize("mistake", sorted(SYNTAX))
def test_a_yaml_syntax_error_is_reported_where_the_broken_construct_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mistake: str
) -> None:
    (replace, by), line, message = SYNTAX[mistake]
    site(tmp_path, good(replace, by))
    assert problems(tmp_path, monkeypatch) == [f"{QUIZ}:{line}: {message}"]


# --- quiz blocks in docs pages ------------------------------------------------------------

OTHER = "docs/guides/other.md"
BLOCKS = {
    "no id after the bar": (
        "/// quiz |\n///\n",
        3,
        "the quiz block names no quiz after '|' — write '/// quiz | ID' on one line and '///' "
        "on the next",
    ),
    "no bar and no id": (
        "/// quiz\n///\n",
        3,
        "a quiz block needs the quiz id — write '/// quiz | ID' on one line and '///' on the next",
    ),
    "no bar": (
        "/// quiz good-quiz\n///\n",
        3,
        "a '|' must come between 'quiz' and the id — write '/// quiz | good-quiz'",
    ),
    "a word after the id": (
        "/// quiz | good-quiz please\n///\n",
        3,
        "the quiz block has more than an id after '|' ('good-quiz please') — write only the id, "
        "e.g. '/// quiz | good-quiz'",
    ),
    "an id that cannot be one": (
        "/// quiz | Good_Quiz\n///\n",
        3,
        "'Good_Quiz' is not a quiz id — ids use lowercase letters, digits and '-', e.g. "
        "'/// quiz | good-quiz'",
    ),
    "text inside the block": (
        "/// quiz | good-quiz\nAnswer these three questions.\n///\n",
        4,
        "text inside '/// quiz | good-quiz' (opened on line 3) — a quiz block takes none: write "
        "it in quizzes/good-quiz.yml or after the closing '///'",
    ),
    "options under the opening": (
        "/// quiz | good-quiz\n    open: true\n///\n",
        4,
        "text inside '/// quiz | good-quiz' (opened on line 3) — a quiz block takes none: write "
        "it in quizzes/good-quiz.yml or after the closing '///'",
    ),
    "no closing": (
        "/// quiz | good-quiz\n\nThe rest of the page.\n",
        3,
        "'/// quiz | good-quiz' is never closed — add a line '///' right after it",
    ),
}


@pytest.mark.parametrize("mistake", sorted(BLOCKS))
def test_a_malformed_quiz_block_is_reported_by_check(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mistake: str,
) -> None:
    block, line, message = BLOCKS[mistake]
    site(tmp_path)
    (tmp_path / OTHER).write_text("# Other\n\n" + block, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{OTHER}:{line}: {message}"]


def test_a_quiz_block_in_fenced_code_is_only_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path)
    (tmp_path / OTHER).write_text("# Other\n\n```markdown\n/// quiz |\nhello\n```\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0


def test_a_docs_page_that_is_not_utf8_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path)
    (tmp_path / OTHER).write_bytes(b"# Other\n\nCaf\xe9 au lait.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{OTHER}:3: this line is not UTF-8 text (byte 0xE9 at column 4) — save the file as "
        "UTF-8 (in most editors: Save with Encoding, then UTF-8)"
    ]


def test_a_placing_page_that_is_not_utf8_is_the_one_problem_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The page cannot be read, so whether it places the quiz is unknown: no second message
    # saying it does not.
    site(tmp_path)
    page = tmp_path / "docs/guides/sample.md"
    page.write_bytes(page.read_bytes().replace(b"## Slugged heading", b"## Caf\xe9 heading"))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "docs/guides/sample.md:5: this line is not UTF-8 text (byte 0xE9 at column 7) — save the "
        "file as UTF-8 (in most editors: Save with Encoding, then UTF-8)"
    ]


# --- nothing loaded from another host ------------------------------------------------------

ELSEWHERE = (
    "would be loaded from another host — Clear Picture pages load nothing from other sites: save "
    "the image under docs/ (e.g. docs/assets/images/) and give its path from there, or link to "
    "it with [text](URL)"
)


@pytest.mark.parametrize(
    "image",
    [
        "![the sign-in screen](https://example.com/sign-in.png)",
        "![the sign-in screen](//example.com/sign-in.png)",
        "![the sign-in screen][shot]\n\n[shot]: https://example.com/sign-in.png",
    ],
)
def test_an_image_from_another_host_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, image: str
) -> None:
    text = image.replace("\n", "\\n")
    site(tmp_path, good("explain: Yes, this one.", f'explain: "Yes, this one. {text}"'))
    src = "//example.com/sign-in.png" if "(//" in image else "https://example.com/sign-in.png"
    assert problems(tmp_path, monkeypatch) == [
        f"{QUIZ}:15: image '{src}' in the explanation of option 'a' of question 'pick-one' "
        + ELSEWHERE
    ]


def test_a_link_to_another_site_and_an_image_of_this_site_are_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site(
        tmp_path,
        good(
            "explain: Yes, this one.",
            "explain: Yes, see [their help](https://example.com/help) and "
            "![the screen](assets/images/screen.png).",
        ),
    )
    (tmp_path / "docs/assets/images").mkdir(parents=True)
    (tmp_path / "docs/assets/images/screen.png").write_bytes(b"\x89PNG")
    monkeypatch.chdir(tmp_path)
    assert list(load_all(Path("quizzes"), Path("docs"))) == ["good-quiz"]


def test_an_image_of_this_site_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site(tmp_path, good("explain: Yes, this one.", "explain: See ![it](assets/gone.png)."))
    assert problems(tmp_path, monkeypatch) == [
        f"{QUIZ}:15: image 'assets/gone.png' in the explanation of option 'a' of question "
        "'pick-one': docs/assets/gone.png does not exist — fix the path (it is relative to the "
        "docs folder)"
    ]


# --- a very large quiz ---------------------------------------------------------------------


def many_questions(count: int) -> str:
    question = (
        "  - id: q{n}\n    type: truefalse\n    prompt: Statement {n}.\n    options:\n"
        '      - {{id: "true", text: "True", correct: true, explain: "Yes."}}\n'
        '      - {{id: "false", text: "False", correct: false, explain: "No."}}\n'
    )
    return (
        "id: good-quiz\nkind: quiz\ntitle: A long quiz\npage: guides/sample.md\nquestions:\n"
        + "".join(question.format(n=n) for n in range(1, count + 1))
        + "bands:\n  - {id: low, min: 0, label: Low}\n"
    )


def test_a_very_large_quiz_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, many_questions(101).encode())
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{QUIZ}:5: this quiz has 101 questions, more than 100 — every question is in "
        "the page and in its scoring, so the page grows heavy and slow to open on a phone: split "
        "it into quizzes of at most 100 questions",
    ]


def test_a_quiz_of_the_largest_size_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, many_questions(100).encode())
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""
