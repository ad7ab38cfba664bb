"""A quiz form taken out of the element tree after the inline pass (form_html.py) comes out of
Markdown and MkDocs exactly as it did when every later pass walked it: the real site's quizzes
through MkDocs' own page rendering (HTML, anchors, links to anchors, toc), seeded random quiz
text with the site's extensions in both output formats, and the cases it must leave alone."""

from __future__ import annotations

import dataclasses
import posixpath
import random
from collections.abc import Iterator
from typing import Any

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from clearpicture import form_html, model
from clearpicture import markdown as cp_markdown
from clearpicture.library import Library
from clearpicture.problems import QuizError

from .helpers import FIXTURES, ROOT, random_joins
from .test_plain_text import SITE_EXTENSIONS


def old_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every form stays in the tree, as before form_html.py."""
    monkeypatch.setattr(form_html.FormHtml, "_known", lambda self: False)


def detached_count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    seen = {"detached": 0}
    detach = form_html.FormHtml._detach

    def counted(self: form_html.FormHtml, *args: Any) -> None:
        seen["detached"] += 1
        detach(self, *args)

    monkeypatch.setattr(form_html.FormHtml, "_detach", counted)
    return seen


def site_pages() -> Iterator[tuple[Any, Any, Page]]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = get_files(config)
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        assert page.markdown is not None
        if "/// quiz" in page.markdown:
            yield config, files, page


def rendered(config: Any, files: Any, page: Page) -> tuple[Any, ...]:
    page.render(config, files)
    return page.content, page.present_anchor_ids, page.links_to_anchors, toc(page.toc.items)


def toc(items: Any) -> list[Any]:
    return [(item.id, item.title, item.level, toc(item.children)) for item in items]


def test_the_real_sites_quiz_pages_render_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    pages = list(site_pages())
    assert len(pages) >= 13
    with monkeypatch.context() as before:
        old_path(before)
        expected = [rendered(*page) for page in pages]
    seen = detached_count(monkeypatch)
    assert [rendered(*page) for page in pages] == expected
    assert seen["detached"] >= 13  # every quiz and the checklist
    content, anchors, _links, _toc = expected[0]
    assert any(anchor.startswith("cp-quiz-") for anchor in anchors)
    assert 'class="cp-quiz"' in content


PIECES = [
    "word", " ", "Two words.", "*em*", "**strong**", "_under_", "`code`", "`{x}`", "{", "}",
    "{: .cls}", "[a link](guides/x.md#a)", "[ref]", "<b>", "&", "&amp;", "&copy;", "\\*",
    "\\{", "\\[", "  \n", "\n", "\n\n", "- item\n", "1. one\n", "# Head\n", "[TOC]", "> ",
    "'", '"', "\u2014", "<https://example.org>", "![img](a.png)", "x^2", "~", "|", "[^1]",
    "\u2019", "-->", "<!-- c -->", "    indented\n",
]  # fmt: skip
# Without what keeps a form in the tree (`{`, a heading, an image, a line break, the TOC marker).
DETACHABLE = [
    piece
    for piece in PIECES
    if "{" not in piece and piece not in ("# Head\n", "[TOC]", "![img](a.png)", "  \n")
]


def random_quiz(base: model.Quiz, rng: random.Random, texts: Iterator[str]) -> model.Quiz:
    """base with every piece of Markdown text replaced by random text."""

    def text() -> str:
        return next(texts) or "x"

    def option(o: model.Option) -> model.Option:
        return dataclasses.replace(o, text=text(), explain=text())

    def question(q: model.Question) -> model.Question:
        return dataclasses.replace(
            q,
            prompt=text(),
            hint=text() if rng.random() < 0.5 else None,
            explain=text() if q.explain or rng.random() < 0.5 else None,
            options=tuple(option(o) for o in q.options),
            items=tuple(dataclasses.replace(i, text=text()) for i in q.items),
        )

    return dataclasses.replace(
        base,
        intro=text(),
        questions=tuple(question(q) for q in base.questions),
        bands=tuple(dataclasses.replace(b, meaning=text()) for b in base.bands),
    )


def convert(text: str, output_format: str) -> str:
    config = {"quizzes_dir": str(FIXTURES / "quizzes"), "docs_dir": str(FIXTURES / "docs")}
    md = markdown.Markdown(
        extensions=[*SITE_EXTENSIONS, "clearpicture.markdown"],
        extension_configs={"clearpicture.markdown": config, "toc": {"permalink": True}},
        output_format=output_format,
    )
    return md.convert(text)


PAGE = "# Sample\n\n## Good quiz\n\nA page.\n\n/// quiz | good-quiz\n///\n\n- a list\n"


@pytest.mark.parametrize("output_format", ["xhtml", "html"])
def test_random_quiz_text_renders_as_before(
    monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    base = Library(FIXTURES / "quizzes", FIXTURES / "docs").get("good-quiz")
    assert isinstance(base, model.Quiz)
    rng = random.Random(16)
    texts = random_joins(PIECES, seed=16, count=100_000, longest=6)
    detachable = random_joins(DETACHABLE, seed=17, count=100_000, longest=6)
    seen = detached_count(monkeypatch)
    for number in range(80):
        quiz = random_quiz(base, rng, detachable if number % 2 else texts)
        monkeypatch.setattr(Library, "get", lambda self, quiz_id, quiz=quiz: quiz)
        with monkeypatch.context() as before:
            old_path(before)
            expected = convert(PAGE, output_format)
        assert convert(PAGE, output_format) == expected, quiz
    # Nearly every form of all the pieces holds one that keeps it in the tree; of the others,
    # those with a code block or a quote stay too (18 of the 40 leave it).
    assert seen["detached"] >= 10, seen


@pytest.mark.parametrize(
    "page",
    [
        "## Cp quiz good quiz\n\n/// quiz | good-quiz\n///\n",
        "## Mine {#cp-quiz-good-quiz}\n\n/// quiz | good-quiz\n///\n",
    ],
    ids=["slug", "attr_list"],
)
def test_a_heading_with_the_forms_id_is_refused(page: str) -> None:
    # toc gave the heading "cp-quiz-good-quiz_1" while the form was in the tree.
    with pytest.raises(QuizError, match=r"the id 'cp-quiz-good-quiz' on this page is also"):
        convert(page, "xhtml")


def test_what_it_leaves_in_the_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = detached_count(monkeypatch)
    convert(PAGE + "\n*[page]: A page\n", "xhtml")  # abbreviations may change words in it
    assert seen["detached"] == 0
    convert(PAGE, "xhtml")
    assert seen["detached"] == 1


@pytest.mark.parametrize("seed", range(4))
def test_relpath_is_posixpaths(seed: int) -> None:
    rng = random.Random(seed)
    parts = ["a", "b", "guides", "x.md", "..", ".", ""]
    for _ in range(2000):
        path = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 3)))
        if not path:
            continue
        expected = posixpath.relpath(path, start or ".")
        assert cp_markdown._relpath(path, start) == expected, (path, start)


def test_the_form_writer_is_the_serializer_after_prettify() -> None:
    """html() against prettify + the page's serializer on one real form, both formats."""
    md = markdown.Markdown(extensions=SITE_EXTENSIONS)
    prettify = md.treeprocessors["prettify"]
    form = etree_form()
    for pretty in (False, True):
        for output_format, serializer in (
            ("xhtml", markdown.serializers.to_xhtml_string),
            ("html", markdown.serializers.to_html_string),
        ):
            copy = etree_form()
            if pretty:
                prettify._prettifyETree(copy)  # type: ignore[attr-defined]
                copy.tail = None
            block = frozenset(md.block_level_elements) if pretty else None
            assert form_html.html(form, block, output_format == "xhtml") == serializer(copy)


def etree_form() -> Any:
    import xml.etree.ElementTree as etree

    md = markdown.Markdown(
        extensions=["clearpicture.markdown"],
        extension_configs={
            "clearpicture.markdown": {
                "quizzes_dir": str(FIXTURES / "quizzes"),
                "docs_dir": str(FIXTURES / "docs"),
            }
        },
    )
    root = etree.Element("div")
    md.parser.parseChunk(root, "/// quiz | good-checklist\n///\n")
    form = root.find("form")
    assert form is not None and len(list(form.iter())) > 50
    form.set("hidden", "hidden")  # a boolean attribute: `hidden` alone in HTML
    form.set("data-cp-empty", None)  # type: ignore[arg-type]
    return form
