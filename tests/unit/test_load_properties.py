"""Whatever bytes land in quizzes/, the loader's public API answers with problems an author can
act on: random bytes and random byte-level mutations of every real quiz file go through
`load_quiz` and `load_all`; no exception other than QuizError escapes, and every problem reads
`path:line: what is wrong` with a line that exists in the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpicture.load import load_all, load_quiz
from clearpicture.problems import QuizError

from .helpers import ROOT

QUIZZES = sorted((ROOT / "quizzes").glob("*.yml"))
DOCS = ROOT / "docs"
ORIGINALS = {path.name: path.read_bytes() for path in QUIZZES}

# Bytes an editor, a paste or a broken disk can put into a file: controls (NUL, BEL, ESC, DEL,
# C1), bytes that are not UTF-8, a byte-order mark in the middle, YAML's own punctuation,
# quotes, tabs and line ends of every kind.
NASTY = st.sampled_from(
    [
        b"\x00",
        b"\x07",
        b"\x1b",
        b"\x1b[31m",
        b"\x7f",
        b"\xc2\x85",
        b"\xe2\x80\xa8",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\xe9t\xe9",
        b"\x80\x80",
        b"\t",
        b"\r",
        b"\r\n",
        b"\n",
        b"'",
        b'"',
        b"[",
        b"{",
        b"}",
        b": ",
        b"- ",
        b"&a ",
        b"*a ",
        b"!!binary ",
        b"!x ",
        b"? ",
        b"|",
        b">",
        b"%",
        b"@",
        b"`",
        b"#",
        b"---\n",
        b"...\n",
        b"<img src=x>",
        b"](https://example.com/x.png)",
        b"![x](https://example.com/x.png)",
    ]
)
MESSAGE = re.compile(r"(?P<path>.+?):(?P<line>[0-9]+): (?P<what>.+)\Z", re.S)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "replace", "delete", "truncate", "flip"]))
        if action == "insert":
            data[at:at] = draw(NASTY | st.binary(min_size=1, max_size=4))
        elif action == "replace":
            data[at : at + draw(st.integers(1, 8))] = draw(NASTY)
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif action == "truncate":
            del data[at:]
        elif data and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


def assert_actionable(error: QuizError, path: Path, data: bytes) -> None:
    assert error.errors, "a QuizError with no problem in it"
    # Lines as editors (and YAML) count them: CRLF, CR and LF each end one.
    lines = len(re.findall(rb"\r\n|\r|\n", data)) + 1
    for message in error.errors:
        parsed = MESSAGE.match(message)
        assert parsed, f"not 'path:line: what': {message!r}"
        assert Path(parsed["path"]).resolve() == path.resolve(), message
        assert 1 <= int(parsed["line"]) <= lines, f"line outside the file ({lines}): {message!r}"
        assert "Traceback" not in message


def run_loader(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        load_quiz(path, DOCS)
    except QuizError as error:
        assert_actionable(error, path, data)


SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(name=st.sampled_from(sorted(ORIGINALS)), data=st.data())
def test_a_mutated_quiz_file_gives_only_actionable_problems(
    tmp_path: Path, name: str, data: st.DataObject
) -> None:
    run_loader(tmp_path / name, data.draw(mutated(ORIGINALS[name]), label="bytes"))


@SETTINGS
@given(name=st.sampled_from(sorted(ORIGINALS)), data=st.binary(max_size=400))
def test_random_bytes_give_only_actionable_problems(tmp_path: Path, name: str, data: bytes) -> None:
    run_loader(tmp_path / name, data)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(sorted(ORIGINALS)), data=st.data())
def test_load_all_over_a_mutated_folder_gives_only_actionable_problems(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: st.DataObject
) -> None:
    quizzes = tmp_path_factory.mktemp("quizzes")
    for path in QUIZZES:
        shutil.copyfile(path, quizzes / path.name)
    broken = data.draw(mutated(ORIGINALS[name]), label="bytes")
    (quizzes / name).write_bytes(broken)
    try:
        load_all(quizzes, DOCS)
    except QuizError as error:
        for message in error.errors:
            parsed = MESSAGE.match(message)
            assert parsed, f"not 'path:line: what': {message!r}"
