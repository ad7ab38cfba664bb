"""Where pages cite the ledger: `[@id]` citations, `›` click paths and `/// sources` blocks, found
in a page's Markdown with their lines and sections, and the page rules checked — every id known,
a citation in every paragraph or list item holding a click path, a Sources block where a page
cites. Read from the source text because only it has lines; the build runs it before writing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from clearpicture.sources import ID_RE, Ledger, display_path

CLICK_PATH = "›"
CITATION_RE = re.compile(r"\[@([^\]\n]*)\]")
SOURCES_BLOCK_RE = re.compile(r"^[ \t>]*/{3,}[ \t]*sources\b.*$")
BLOCK_FENCE_RE = re.compile(r"^[ \t>]*/{3,}")
CODE_FENCE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
HEADING_RE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
EXPLICIT_ID_RE = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
# A line that starts a unit: a list item, a table row, a definition, a footnote definition.
UNIT_START_RE = re.compile(r"^[ \t>]*(?:[-*+][ \t]|\d+[.)][ \t]|\||:[ \t]|\[\^)")
# A line that is a unit by itself: a heading, an admonition's or details' title line.
ONE_LINE_RE = re.compile(r"^[ \t>]*(?:#{1,6}[ \t]|!!!|\?\?\?)")


@dataclass(frozen=True)
class Citation:
    source_id: str
    line: int
    section: str  # the id of the nearest heading above ("" before the first heading)


@dataclass
class PageScan:
    """What one page's Markdown holds, in the order it holds it."""

    citations: list[Citation] = field(default_factory=list)
    sources_blocks: list[int] = field(default_factory=list)  # lines of `/// sources`
    uncited_paths: list[tuple[int, str]] = field(default_factory=list)  # (line, the path)

    def problems(self, ledger: Ledger) -> list[tuple[int, str]]:
        """(line, message) for every rule the page breaks."""
        found: list[tuple[int, str]] = []
        for citation in self.citations:
            found.extend((citation.line, m) for m in _citation_problems(citation, ledger))
        for line, path in self.uncited_paths:
            found.append(
                (
                    line,
                    f"the click path '{path}' has no citation in its paragraph or list item — "
                    "add [@source-id] after the claim (the source that shows this path)",
                )
            )
        if self.citations and not self.sources_blocks:
            found.append(
                (
                    self.citations[0].line,
                    "the page cites sources but has no '/// sources' block — end the page with "
                    "'## Sources {#sources}', then a line '/// sources' and a line '///'",
                )
            )
        if self.sources_blocks and not self.citations:
            found.append(
                (
                    self.sources_blocks[0],
                    "a '/// sources' block, but the page cites nothing — cite with [@source-id] "
                    "or remove the block",
                )
            )
        for line in self.sources_blocks[1:]:
            found.append(
                (
                    line,
                    f"a second '/// sources' block (the first is on line "
                    f"{self.sources_blocks[0]}) — keep one",
                )
            )
        return sorted(found)


def _citation_problems(citation: Citation, ledger: Ledger) -> Iterator[str]:
    ident = citation.source_id
    if not ID_RE.fullmatch(ident):
        yield (
            f"'[@{ident}]' is not a citation of a source id — ids use lowercase letters, digits "
            "and '-', e.g. [@openai-data-controls]"
        )
    elif ledger.get(ident) is None:
        nearest = ledger.nearest(ident)
        hint = f" (did you mean '{nearest}'?)" if nearest else ""
        yield (
            f"unknown source '{ident}' in [@{ident}] — add it to "
            f"{display_path(ledger.path)} or fix the id{hint}"
        )


def scan(text: str) -> PageScan:
    """Citations, click paths and Sources blocks of a page's Markdown (with or without front
    matter: lines count from the top of the file either way)."""
    if "[@" not in text and CLICK_PATH not in text and "sources" not in text:
        # Nothing to find: a citation needs '[@', an uncited path '›', a Sources block the
        # word. The build scans every page twice (before writing, then as it renders it): the
        # line walk below was about 3 % of its CPU at 1,000 pages citing nothing.
        return PageScan()
    text = FRONT_MATTER_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    result = PageScan()
    section = ""
    slugs: set[str] = set()
    unit: list[tuple[int, str]] = []

    def close() -> None:
        if unit:
            _check_unit(unit, result)
            unit.clear()

    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if opened := CODE_FENCE_RE.match(line):
            close()
            fence = opened.group(1)
            continue
        if SOURCES_BLOCK_RE.match(line):
            close()
            result.sources_blocks.append(number)
            continue
        if BLOCK_FENCE_RE.match(line) or not line.strip():
            close()
            continue
        if heading := HEADING_RE.match(line):
            section = _heading_id(heading.group(2), slugs)
        if UNIT_START_RE.match(line) or ONE_LINE_RE.match(line):
            close()
        unit.append((number, line))
        for ident in CITATION_RE.findall(CODE_SPAN_RE.sub("", line)):
            result.citations.append(Citation(ident, number, section))
        if ONE_LINE_RE.match(line):
            close()
    close()
    return result


def _check_unit(unit: list[tuple[int, str]], result: PageScan) -> None:
    """A paragraph, list item, table row or heading: a click path in it needs a citation in it."""
    text = CODE_SPAN_RE.sub("", "\n".join(line for _, line in unit))
    if CLICK_PATH not in text or CITATION_RE.search(text):
        return
    line = next(number for number, content in unit if CLICK_PATH in CODE_SPAN_RE.sub("", content))
    result.uncited_paths.append((line, _path_text(text)))


def _path_text(text: str) -> str:
    """The click path as the reader sees it, for the message: 'Settings › Privacy'."""
    words = r"[^\s›*_`|\[\](){}.,;:!?\"]+(?:[ \t]+[^\s›*_`|\[\](){}.,;:!?\"]+)*"
    match = re.search(rf"{words}(?:[*_]*\s*›\s*[*_]*{words})+", text)
    return match.group(0) if match else CLICK_PATH


def _heading_id(heading: str, slugs: set[str]) -> str:
    """The heading's explicit {#id}, or the slug the toc extension would give it."""
    explicit = EXPLICIT_ID_RE.search(heading)
    if explicit:
        slugs.add(explicit.group(1))
        return explicit.group(1)
    plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).rstrip("#").strip()
    return str(unique(slugify(plain, "-"), slugs))


@dataclass(frozen=True)
class SiteScan:
    """Every page of a docs folder that cites, and every problem, as `path:line: …` lines."""

    pages: dict[str, PageScan]  # docs-relative path -> scan, for the pages that cite
    errors: list[str]


def scan_docs(docs_dir: Path, ledger: Ledger) -> SiteScan:
    pages: dict[str, PageScan] = {}
    errors: list[str] = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = scan(path.read_text(encoding="utf-8"))
        if problems := page.problems(ledger):
            name = display_path(path)
            errors.extend(f"{name}:{line}: {message}" for line, message in problems)
        if page.citations:
            pages[path.relative_to(docs_dir).as_posix()] = page
    return SiteScan(pages, errors)
