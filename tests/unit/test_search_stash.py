"""Material's search plugin, shown a quiz form with its excluded elements emptied
(search_stash.py), indexes what its parser means to index from the whole form: every quiz and
checklist of this site and of the fixtures, and hand-written edges (text joined around an
emptied element, a heading inside one). Its parser keeps the elements it skips in a set that
compares them by tag name, so the first inner `</div>` of an excluded `<div>` ends the exclusion
and the rest of it (a quiz's second and later score bands) leaks into the index; the emptied
form leaves that out, as the attribute asks (dev/decisions/search-stash.md). The plugin shows the
emptied page only while Material's search plugin alone reads it, and gives the page back whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from material.plugins.search.plugin import Parser, SearchPlugin
from mkdocs.plugins import BasePlugin, PluginCollection

from clearpicture import plugin, search_stash

from .helpers import FIXTURES, ROOT
from .test_plain_text import SITE_EXTENSIONS


class _Skipped:
    """Material's Parser.skip, holding the skipped elements themselves (not their tag names)."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.elements: list[Any] = []

    def add(self, el: Any) -> None:
        self.elements.append(el)

    def remove(self, el: Any) -> None:
        self.elements = [e for e in self.elements if e is not el]

    def __contains__(self, el: Any) -> bool:
        return any(e is el for e in self.elements)

    def intersection(self, context: list[Any]) -> bool:
        return any(el.tag in self.names or el in self for el in context)


class ExactParser(Parser):  # type: ignore[misc]
    """Material's parser, skipping exactly the elements marked and what they hold."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = _Skipped(set(self.skip))


def index(html: str, parser_class: type[Any] = Parser) -> list[tuple[Any, ...]]:
    """What Material's search plugin makes of html: its sections, as it adds them."""
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [
        (s.id, "".join(s.title), "".join(s.text), s.is_excluded(), s.depth) for s in parser.data
    ]


def placed(quizzes_dir: Path, docs_dir: Path, quiz_id: str) -> str:
    md = markdown.Markdown(
        extensions=[*SITE_EXTENSIONS, "clearpicture.markdown"],
        extension_configs={
            "toc": {"permalink": True},
            "clearpicture.markdown": {
                "quizzes_dir": str(quizzes_dir),
                "docs_dir": str(docs_dir),
                "progress_page": "progress.md",
            },
        },
    )
    page = f"# Page\n\nBefore.\n\n## Check {{#check}}\n\n/// quiz | {quiz_id}\n///\n\nAfter.\n"
    return md.convert(page)


QUIZZES = [
    (ROOT / "quizzes", ROOT / "docs", path.stem)
    for path in sorted((ROOT / "quizzes").glob("*.yml"))
] + [(FIXTURES / "quizzes", FIXTURES / "docs", name) for name in ("good-quiz", "good-checklist")]


@pytest.mark.parametrize(("quizzes_dir", "docs_dir", "quiz_id"), QUIZZES, ids=lambda v: str(v))
def test_the_emptied_form_indexes_as_the_whole_one(
    quizzes_dir: Path, docs_dir: Path, quiz_id: str
) -> None:
    html = placed(quizzes_dir, docs_dir, quiz_id)
    emptied = search_stash.for_search(html)
    assert emptied is not None
    # Something was left out (options, explanations, bands, buttons) ...
    assert emptied.count("<") < html.count("<") - 10
    # ... and the index is the one the marks ask for.
    assert index(emptied) == index(emptied, ExactParser) == index(html, ExactParser)


def test_a_page_without_a_form_is_left_alone() -> None:
    assert search_stash.for_search("<h1 id='a'>A</h1><p>Words.</p>") is None


@pytest.mark.parametrize(
    "inside",
    [
        # Text on both sides of an emptied element stays split where it was.
        'a <span data-search-exclude="">x</span><b>y</b> b <i data-search-exclude="">z</i>\n',
        '<p> <span data-search-exclude="">x</span>b</p>\n<p>c <span data-search-exclude="">'
        "<span>x</span>y</span></p>",
        # Nested elements of the same name: the outer one's end is found.
        '<div data-search-exclude=""><div>x</div><div><div>y</div></div></div>after',
        # A heading inside an excluded element starts a section: that element is kept whole.
        '<div data-search-exclude=""><h3 id="h">Heading</h3>text</div><p>more</p>',
        # A void element carries the mark: nothing to empty.
        '<input data-search-exclude="" name="x">text',
    ],
)
def test_edges_index_alike(inside: str) -> None:
    html = f'<h2 id="q">Q</h2>\n<form class="cp-quiz" id="f">{inside}</form>\n<p>After</p>'
    emptied = search_stash.for_search(html)
    assert emptied is not None
    assert index(emptied) == index(emptied, ExactParser) == index(html, ExactParser)


def test_material_leaks_the_later_bands_the_emptied_form_does_not() -> None:
    html = placed(FIXTURES / "quizzes", FIXTURES / "docs", "good-quiz")
    emptied = search_stash.for_search(html)
    assert emptied is not None
    bands = "".join(s[2] for s in index(html))
    assert "Well done" in bands, "Material's parser no longer leaks: drop the ExactParser"
    assert "Well done" not in "".join(s[2] for s in index(emptied))


def test_a_heading_keeps_its_element_whole() -> None:
    html = '<form class="cp-quiz"><div data-search-exclude=""><h3 id="h">H</h3>x</div></form>'
    assert search_stash.for_search(html) == html


class _Page:
    def __init__(self, content: str) -> None:
        self.content = content


class _Other(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_page_context(self, context: Any, **kwargs: Any) -> Any:
        return context


def _collection(*plugins: tuple[str, BasePlugin]) -> Any:  # type: ignore[type-arg]
    collection = PluginCollection()
    for name, instance in plugins:
        collection[name] = instance
    return type("Config", (), {"plugins": collection})()


def test_only_material_search_between_the_two_steps() -> None:
    search, ours, other = SearchPlugin(), plugin.ClearPicturePlugin(), _Other()
    search.load_config({})
    assert plugin._only_search_between(_collection(("search", search), ("cp", ours)), ours)
    # Another plugin reading pages between them would see an emptied form: no stash.
    config = _collection(("search", search), ("other", other), ("cp", ours))
    assert not plugin._only_search_between(config, ours)
    # No search plugin (or it is disabled): nothing to spare.
    assert not plugin._only_search_between(_collection(("cp", ours)), ours)
    search.config.enabled = False
    assert not plugin._only_search_between(_collection(("search", search), ("cp", ours)), ours)


def test_the_page_comes_back_whole_as_search_leaves_it() -> None:
    html = placed(FIXTURES / "quizzes", FIXTURES / "docs", "good-quiz")
    page = _Page(html.replace('class="cp-quiz"', 'class="cp-quiz" data-search-boost="2"', 1))
    stash = search_stash.Stash()
    whole = page.content
    stash.hide(page)
    assert page.content == search_stash.for_search(whole)
    # What Material's search plugin does to the page after indexing it.
    page.content = search_stash.SEARCH_ATTRIBUTE_RE.sub("", page.content)
    stash.restore(page)
    assert page.content == whole.replace(' data-search-boost="2"', "")
    assert 'data-search-exclude=""' in page.content  # an empty value stays, as search leaves it
