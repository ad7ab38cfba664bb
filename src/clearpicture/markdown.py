"""The Python-Markdown extension: `/// quiz | ID` ... `///` places quizzes/ID.yml as a form;
`[@id]` cites the claims ledger and `/// sources` lists what a page cites (references.py).

A pymdownx.blocks Block does the placing; render.py builds the form. Works in MkDocs, in
Zensical and in a plain `markdown.markdown(text, extensions=["clearpicture.markdown"])`."""

from __future__ import annotations

import functools
import os
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension  # type: ignore[import-untyped]
from pymdownx.blocks.block import Block  # type: ignore[import-untyped]

from clearpicture import form_html, model, plain_text, references, render, sources, strings
from clearpicture.library import Library
from clearpicture.problems import QuizError


class QuizBlock(Block):  # type: ignore[misc]
    """`/// quiz | ID` then `///`: the quiz's form, rendered from quizzes/ID.yml.

    The argument is declared optional so that a missing id fails loudly here instead of the
    block silently staying text; the block takes no content."""

    NAME = "quiz"
    ARGUMENT = None

    def on_create(self, parent: etree.Element) -> etree.Element:
        quiz_id = (self.argument or "").strip()
        if not quiz_id:
            raise QuizError(["a quiz block needs the quiz id: '/// quiz | ID' (then '///')"])
        self.quiz_id = quiz_id
        library: Library = self.config["library"]
        self.overflow = etree.Element("div")
        words, site = self.config["strings"](), self.config["site"]()
        form = render.render(library.get(quiz_id), parent, self.md, words, site)
        # Taken out of the tree after the inline pass where provably the same (form_html.py).
        tree = self.md.treeprocessors[form_html.NAME]
        assert isinstance(tree, form_html.FormHtml)
        tree.pending.append((form, parent))
        return form

    def on_add(self, block: etree.Element) -> etree.Element:
        # Content written inside the block lands here, to be refused in on_end.
        return self.overflow

    def on_end(self, block: etree.Element) -> None:
        if len(self.overflow) or (self.overflow.text or "").strip():
            raise QuizError(
                [
                    f"the block '/// quiz | {self.quiz_id}' holds text — a quiz block takes "
                    f"none: write it in quizzes/{self.quiz_id}.yml or after the closing '///'"
                ]
            )


class ProgressBlock(Block):  # type: ignore[misc]
    """`/// quiz-progress` then `///`: every quiz of the site with its page, as a table the
    reader's own progress fills in on their device (progress.js); readable without it."""

    NAME = "quiz-progress"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        library: Library = self.config["library"]
        entries = library.progress_entries()
        box = render.progress(entries, parent, self.md, self.config["strings"]())
        _placed(self.md, box)
        return box


class DocsRootLinks(Treeprocessor):
    """Links written inside quiz text (and the "Your progress" table's) are docs-relative
    wherever the quiz is placed. Written page-relative ("../guides/x.md#a") when the page being
    rendered is known (MkDocs and Zensical both say which), so either engine resolves them as
    any author's `.md` link; else docs-root-relative ("/guides/x.md", which MkDocs'
    `absolute_links: relative_to_docs` rewrites). Runs before MkDocs resolves links (priority
    0)."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        # A quiz's form, and the "Your progress" table (it links every quiz's guide), as the
        # blocks place them: most pages of a large site place neither, and walking every element
        # of every page to find them was about 1 % of a 1,000-page build.
        self.placed: list[etree.Element] = []

    def run(self, root: etree.Element) -> None:
        if not self.placed:
            return
        placed, self.placed = self.placed, []
        page = page_path(self.md)
        for block in placed:
            for el in block.iter():
                for attribute in ("href", "src"):
                    value = el.get(attribute)
                    if value is not None and el.tag in ("a", "img"):
                        el.set(attribute, page_href(render.docs_href(value), page))


def _placed(md: Markdown, block: etree.Element) -> None:
    """A block placed a quiz's form or the progress table: DocsRootLinks rewrites its links."""
    links = md.treeprocessors["clearpicture_links"]
    assert isinstance(links, DocsRootLinks)
    links.placed.append(block)


def _page_links(md: Markdown) -> Callable[[str], str]:
    """DocsRootLinks' rewriting of one link, for the page md is rendering."""
    page = page_path(md)
    return lambda href: page_href(render.docs_href(href), page)


def page_path(md: Markdown) -> str | None:
    """The docs-relative path of the page md is rendering ("guides/x.md"), or None outside a
    site build: MkDocs registers its link resolver ("relpath") with the page's file, Zensical
    its rendering context preprocessor with the page."""
    if "relpath" in md.treeprocessors:
        src_uri = getattr(getattr(md.treeprocessors["relpath"], "file", None), "src_uri", None)
        if isinstance(src_uri, str):
            return src_uri
    if "rendering_context" in md.preprocessors:
        path = getattr(getattr(md.preprocessors["rendering_context"], "page", None), "path", None)
        if isinstance(path, str):
            return path.replace("\\", "/").lstrip("/")
    return None


def page_href(href: str, page: str | None) -> str:
    """A docs-root-relative href ("/guides/x.md#a") relative to the page at docs path page."""
    if page is None or not href.startswith("/") or href.startswith("//"):
        return href
    path, hash_, fragment = href[1:].partition("#")
    if not path:
        return href
    return _relpath(path, posixpath.dirname(page)) + hash_ + fragment


_ODD_PARTS = frozenset({"", ".", ".."})


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath(path, start or "."), without its two abspath (each asks the process's
    working directory) when both are plain docs paths: no empty, "." or ".." parts, as quiz links
    and MkDocs' page paths are. Half of DocsRootLinks' time was posixpath.relpath."""
    parts = path.split("/")
    base = start.split("/") if start else []
    if _ODD_PARTS.isdisjoint(parts) and _ODD_PARTS.isdisjoint(base):
        common = 0
        for mine, theirs in zip(parts, base, strict=False):
            if mine != theirs:
                break
            common += 1
        return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
    return posixpath.relpath(path, start or ".")


@functools.cache
def library_for(quizzes_dir: Path, docs_dir: Path) -> Library:
    """One library per folder pair for the whole process: MkDocs builds a new Markdown instance
    (and so a new extension) for every page, and the quizzes should be read once, not per page.
    The library itself rereads any file whose modification time changed (`mkdocs serve`)."""
    return Library(quizzes_dir, docs_dir)


@functools.cache
def _library_at(quizzes_dir: str, docs_dir: str) -> Library:
    """library_for two absolute folders as the options name them: MkDocs makes the extension
    anew for every page, and resolving both paths each time was about 1 % of a 1,000-page
    build."""
    return library_for(Path(quizzes_dir).resolve(), Path(docs_dir).resolve())


def strings_for(language: str, overrides: dict[str, Any] | None) -> strings.Strings:
    """The site's interface words, resolved once per configuration for the whole process."""
    return _strings(language or strings.DEFAULT, tuple(sorted((overrides or {}).items())))


@functools.cache
def _strings(language: str, overrides: tuple[tuple[str, Any], ...]) -> strings.Strings:
    return strings.resolve(language, dict(overrides))


def ledger_path(sources_option: str, docs_dir: str) -> Path:
    """The `sources` option, or sources.yml in the docs folder."""
    return Path(sources_option or Path(docs_dir) / "sources.yml").resolve()


class ClearPictureExtension(BlocksExtension):  # type: ignore[misc]
    """Registers the quiz block; configuration says where the quizzes and the docs live."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.config = {
            "quizzes_dir": ["quizzes", "Folder of the quiz YAML files (quizzes/ID.yml)"],
            "docs_dir": ["docs", "The docs folder quiz links and pages are relative to"],
            "sources": ["", "The claims ledger [@id] cites (default: DOCS_DIR/sources.yml)"],
            "language": [
                "en",
                "The language of the quiz interface (MkDocs: theme.language); English where "
                "src/clearpicture/strings/ has no table for it",
            ],
            "strings": [{}, "Interface strings to replace, by key (src/clearpicture/strings/)"],
            "shuffle": [
                "none",
                "What every quiz shuffles on the reader's device unless it says otherwise: "
                "none, options, questions or both",
            ],
            "progress_page": [
                "",
                "The docs page that places '/// quiz-progress' (e.g. progress.md): quizzes link "
                "to it beside 'Remember my answers on this device'",
            ],
        }
        super().__init__(*args, **kwargs)

    def library(self) -> Library:
        quizzes_dir, docs_dir = self.getConfig("quizzes_dir"), self.getConfig("docs_dir")
        # os.path: making two Path objects per page was most of this call's cost.
        if os.path.isabs(quizzes_dir) and os.path.isabs(docs_dir):
            return _library_at(quizzes_dir, docs_dir)  # as MkDocs gives them (hooks.on_config)
        return library_for(Path(quizzes_dir).resolve(), Path(docs_dir).resolve())

    def ledger(self) -> sources.Ledger:
        return sources.cached(ledger_path(self.getConfig("sources"), self.getConfig("docs_dir")))

    def strings(self) -> strings.Strings:
        """The interface words; an override mkdocs.yml cannot use fails the page loudly."""
        try:
            return strings_for(self.getConfig("language"), self.getConfig("strings"))
        except strings.StringsError as error:
            raise QuizError(str(error).splitlines()) from error

    def site(self) -> render.SiteOptions:
        """What the site's configuration adds to every quiz; a wrong value fails the page."""
        shuffle = self.getConfig("shuffle") or "none"
        if shuffle not in model.SHUFFLES:
            raise QuizError(
                [
                    f"clearpicture.markdown: shuffle must be one of {', '.join(model.SHUFFLES)}, "
                    f"not {shuffle!r} — fix it in mkdocs.yml"
                ]
            )
        return render.SiteOptions(shuffle, self.getConfig("progress_page") or None)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        config = {"library": self.library(), "strings": self.strings, "site": self.site}
        block_mgr.register(QuizBlock, config)
        block_mgr.register(ProgressBlock, config)
        references.register(md, block_mgr, self.ledger)
        # After the inline pass (20), before MkDocs' link rewriting ("relpath", 0).
        md.treeprocessors.register(DocsRootLinks(md), "clearpicture_links", 7)
        form_html.register(md, lambda form: _placed(md, form), _page_links)
        # Before the inline pass: plain quiz text it need not try (plain_text.py).
        md.treeprocessors.register(plain_text.PlainText(md), plain_text.NAME, 21)


def makeExtension(**kwargs: Any) -> ClearPictureExtension:
    return ClearPictureExtension(**kwargs)
