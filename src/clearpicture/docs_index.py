"""The docs as quizzes see them: each page's anchors (what a quiz link may point at) and the
`/// quiz | ID` blocks that place quizzes on it (quiz_blocks.py), read without MkDocs and cached
by modification time; and the check that every block is well formed and names a quiz that
exists, once per page."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor

from clearpicture import quiz_blocks, source_text
from clearpicture.problems import nearest
from clearpicture.tree import files_under

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
EXPLICIT_ID_RE = re.compile(r"^#{1,6}[^\n]*\{[^}\n]*?#([A-Za-z0-9_-]+)[^}\n]*\}[ \t]*$", re.M)
HTML_ID_RE = re.compile(r"""<[A-Za-z][^>]*?\sid\s*=\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class DocsPage:
    """One Markdown page under docs_dir, as far as quizzes care (not MkDocs' Page)."""

    rel: str  # docs-relative, "guides/x.md"
    placements: tuple[tuple[str, int], ...]  # (quiz id, line)
    problems: tuple[tuple[int, str], ...] = ()  # (line, message): malformed blocks, bad bytes
    # False when the bytes are not UTF-8: anchors and placements are then unknown, not absent,
    # and only the bad bytes are reported (no "has no anchor" or "does not place" besides).
    readable: bool = True
    # Its ids and title come from a Markdown pass, made only when a quiz link or the "Your
    # progress" list asks (most pages are read for their placements alone: at 1,000 pages the
    # pass over all of them was 13 % of a build).
    read_anchors: Callable[[], tuple[set[str], str | None]] = field(
        default=lambda: (set(), None), repr=False, compare=False
    )

    # An id written `{#id}` on a heading of the page is there without a Markdown pass; any other
    # (toc slugs, raw HTML, footnotes) needs the pass. A `{#id}` inside a code block would pass
    # here wrongly, and the build's own anchor check (mkdocs.yml validation) then catches it.
    # Found on first use too: most pages no quiz links to.
    read_explicit: Callable[[], frozenset[str]] = field(
        default=frozenset, repr=False, compare=False
    )

    def has_anchor(self, anchor: str) -> bool:
        return anchor in self.explicit or anchor in self.anchors

    @functools.cached_property
    def explicit(self) -> frozenset[str]:
        return self.read_explicit()

    @functools.cached_property
    def _pass(self) -> tuple[frozenset[str], str | None]:
        ids, title = self.read_anchors()
        return frozenset(ids), title

    @property
    def anchors(self) -> frozenset[str]:
        return self._pass[0]

    @property
    def title(self) -> str | None:
        """The text of its first h1 (the "Your progress" list names guides)."""
        return self._pass[1]


class _IdCollector(Treeprocessor):
    """Runs after toc: every id the rendered page carries, explicit or slugged."""

    ids: set[str]
    title: str | None

    def run(self, root: Any) -> None:
        self.ids = {str(el.get("id")) for el in root.iter() if el.get("id")}
        first = next(root.iter("h1"), None)
        self.title = " ".join("".join(first.itertext()).split()) if first is not None else None


class DocsIndex:
    """Pages under docs_dir, read lazily and cached by modification time. Anchors are the ids
    Python-Markdown gives the page: explicit `{#id}` attribute lists, toc slugs of the other
    headings, footnotes, plus `id="…"` attributes of raw HTML."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self._cache: dict[str, tuple[int, DocsPage]] = {}
        self._md: markdown.Markdown | None = None

    def path(self, rel: str) -> Path:
        return self.docs_dir / rel

    def page(self, rel: str) -> DocsPage | None:
        # The file self.path(rel) names, by its string: a quiz check asks for a page once for
        # every link and placement (1,000 pages, 200 quizzes: 2,400 times), and a Path built
        # for each cost more than the stat.
        path = os.path.join(self.docs_dir, rel)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if not S_ISREG(stat.st_mode):
            return None
        mtime = stat.st_mtime_ns
        cached = self._cache.get(rel)
        if cached and cached[0] == mtime:
            return cached[1]
        with open(path, "rb") as file:
            data = file.read()
        text, problems = source_text.decode_utf8(data)
        page = (
            self._read(rel, text)
            if text is not None
            else DocsPage(rel, (), tuple(problems), readable=False)
        )
        self._cache[rel] = (mtime, page)
        return page

    def pages(self) -> Iterable[DocsPage]:
        for rel in files_under(self.docs_dir, ".md"):
            page = self.page(rel)
            if page is not None:
                yield page

    def _read(self, rel: str, text: str) -> DocsPage:
        body = FRONT_MATTER_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
        blocks = quiz_blocks.scan(body)
        return DocsPage(
            rel,
            tuple(blocks.placements),
            tuple(blocks.problems),
            read_anchors=functools.partial(self._anchors, body),
            read_explicit=functools.partial(_explicit_ids, body),
        )

    def _anchors(self, text: str) -> tuple[set[str], str | None]:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=[
                    "attr_list",
                    "toc",
                    "md_in_html",
                    "tables",
                    "def_list",
                    "footnotes",
                    "admonition",
                    "abbr",
                    "fenced_code",
                ]
            )
            self._md.treeprocessors.register(_IdCollector(self._md), "cp_ids", 1)
        self._md.reset()
        self._md.convert(text)
        collector = self._md.treeprocessors["cp_ids"]
        assert isinstance(collector, _IdCollector)
        raw = "\n".join(str(block) for block in self._md.htmlStash.rawHtmlBlocks)
        return collector.ids | set(HTML_ID_RE.findall(raw)), collector.title


def _explicit_ids(body: str) -> frozenset[str]:
    return frozenset(EXPLICIT_ID_RE.findall(body))


def check_placements(page: DocsPage, existing: set[str], docs: str, quizzes: str) -> list[str]:
    """Problems with the quizzes one page places: a malformed block, an id with no quiz file, a
    quiz placed twice.
    `docs` and `quizzes` are the folders as the messages name them."""
    errors = [f"{docs}/{page.rel}:{line}: {message}" for line, message in page.problems]
    seen: dict[str, int] = {}
    for quiz_id, line in page.placements:
        where = f"{docs}/{page.rel}:{line}"
        if quiz_id not in existing:
            near = nearest(quiz_id, existing)
            fix = f"did you mean '{near}'? Or create" if near else "create"
            errors.append(
                f"{where}: places quiz '{quiz_id}', which does not exist — {fix} "
                f"{quizzes}/{quiz_id}.yml or fix the id"
            )
        elif quiz_id in seen:
            errors.append(
                f"{where}: places quiz '{quiz_id}' a second time (first on line "
                f"{seen[quiz_id]}) — a quiz appears at most once per page"
            )
        seen.setdefault(quiz_id, line)
    return errors
