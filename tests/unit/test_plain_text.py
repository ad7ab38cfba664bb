"""Plain quiz text placed without running Markdown over it (plain_text.py) renders exactly as
Markdown renders it: with the site's extensions, with an extension that does change plain words
(smarty), and on a page that defines an abbreviation."""

from __future__ import annotations

import re
from typing import Any

import markdown
import pytest
from markdown.util import AtomicString

from clearpicture import plain_text

from .helpers import ROOT

FIXTURES = ROOT / "tests/unit/fixtures"
# The Markdown extensions of this repository's mkdocs.yml (and scripts/scale_site.py's site).
SITE_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]
PAGE = "# Sample\n\nA page.\n\n/// quiz | good-quiz\n///\n\n/// quiz | good-checklist\n///\n"


def convert(text: str, extensions: list[str]) -> str:
    config = {
        "quizzes_dir": str(FIXTURES / "quizzes"),
        "docs_dir": str(FIXTURES / "docs"),
    }
    md = markdown.Markdown(
        extensions=[*extensions, "clearpicture.markdown"],
        extension_configs={"clearpicture.markdown": config},
    )
    return md.convert(text)


def without_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_text, "paragraph", lambda *args: False)
    monkeypatch.setattr(plain_text, "mark", lambda *args: None)


def atomic_count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the texts PlainText keeps out of the inline pass."""
    seen = {"atomic": 0}
    run = plain_text.PlainText.run

    def counted(self: plain_text.PlainText, root: Any) -> None:
        pending = list(self.pending)
        run(self, root)
        seen["atomic"] += sum(isinstance(el.text, AtomicString) for el in pending)

    monkeypatch.setattr(plain_text.PlainText, "run", counted)
    return seen


@pytest.mark.parametrize(
    ("extensions", "fast"),
    [
        (SITE_EXTENSIONS, True),
        ([], True),
        # smarty curls quotes in plain words: its pattern is unknown, so no text skips the pass.
        ([*SITE_EXTENSIONS, "smarty"], False),
    ],
    ids=["site", "bare", "smarty"],
)
def test_plain_text_renders_as_markdown_renders_it(
    monkeypatch: pytest.MonkeyPatch, extensions: list[str], fast: bool
) -> None:
    with monkeypatch.context() as slow:
        without_fast_path(slow)
        expected = convert(PAGE, extensions)
    seen = atomic_count(monkeypatch)
    assert convert(PAGE, extensions) == expected
    assert (seen["atomic"] > 10) is fast, seen
    assert "cp-quiz" in expected and "The right one" in expected


def test_a_page_defining_abbreviations_has_them_in_quiz_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = PAGE + "\n*[right]: correct\n"
    with monkeypatch.context() as slow:
        without_fast_path(slow)
        expected = convert(page, SITE_EXTENSIONS)
    seen = atomic_count(monkeypatch)
    html = convert(page, SITE_EXTENSIONS)
    assert html == expected
    assert seen["atomic"] == 0
    assert re.search(r'<label for="[^"]*">The <abbr title="correct">right</abbr> one</label>', html)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Yes, this one.", True),
        ("Which setting (the first) does 60% of people use?", True),
        ("Say “quoted” words – and dashes: fine/ok", True),
        ("“Quoted” first", False),
        ("1. A list", False),
        ("- A list", False),
        ("Two\nlines", False),
        ("A *stressed* word", False),
        ("A [link](x.md)", False),
        ("Fish & chips", False),
        ("a <b>tag</b>", False),
        ("An {: .attr} list", False),
        ("A `code` span", False),
        ("", False),
    ],
)
def test_only_one_line_of_plain_words_is_plain(text: str, plain: bool) -> None:
    assert bool(plain_text.PLAIN_LINE_RE.fullmatch(text)) is plain
