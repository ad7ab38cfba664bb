"""The Markdown side of the claims ledger: `[@id]` becomes a numbered reference to the page's
Sources list, and `/// sources` becomes that list (publisher, title, address, date checked), in
order of first citation. Registered by markdown.py; the page rules are checked first, from the
Markdown text (citations.py), so a page that breaks one never renders."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks.block import Block  # type: ignore[import-untyped]

from clearpicture import citations
from clearpicture.sources import Ledger, Source, SourcesError

CITE_CLASS = "cp-cite"
LIST_CLASS = "cp-sources"
ANCHOR_PREFIX = "source-"
# The names the citation pattern and the References pass are registered under.
CITE_PATTERN = "clearpicture_cite"
REFERENCES = "clearpicture_references"

LedgerLoader = Callable[[], Ledger]


def anchor(source_id: str) -> str:
    """The id of a source's entry in a page's Sources list: what its references link to."""
    return ANCHOR_PREFIX + source_id


class PageRules(Preprocessor):
    """The page rules at render time too (the MkDocs build checks every page before writing;
    this covers any other Markdown run). Lines count from the start of the Markdown handed in,
    which is after the front matter when MkDocs renders a page."""

    def __init__(self, md: Markdown, ledger: LedgerLoader) -> None:
        super().__init__(md)
        self.ledger = ledger
        self.cite = CitationPattern(r"\[@([a-z0-9-]+)\]", md)
        self.references = References(md, ledger)

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "[@" in text or "///" in text:
            # Above 'reference' (170): `[@a][@b]` would otherwise read as a reference link.
            self.md.inlinePatterns.register(self.cite, CITE_PATTERN, 172)
            # After the inline pass (20) and the blocks' end (19.99), before MkDocs' links (0).
            self.md.treeprocessors.register(self.references, REFERENCES, 9)
        else:
            # Nothing can cite here (a quiz's text comes with its block's '///'): the citation
            # pattern, tried on every text node, and the References pass would change nothing.
            self.md.inlinePatterns.deregister(CITE_PATTERN, strict=False)
            self.md.treeprocessors.deregister(REFERENCES, strict=False)
        page = citations.scan(text)
        if page.citations or page.sources_blocks or page.uncited_paths:
            problems = page.problems(self.ledger())
            if problems:
                raise SourcesError(
                    [f"line {line} of the page's Markdown: {message}" for line, message in problems]
                )
        return lines


class CitationPattern(InlineProcessor):
    """`[@id]`: a placeholder the References pass numbers once the whole page is parsed."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        element = etree.Element("sup", {"class": CITE_CLASS, "data-cp-source": m.group(1)})
        return element, m.start(0), m.end(0)


class SourcesBlock(Block):  # type: ignore[misc]
    """`/// sources` then `///`: where the page's Sources list goes. Takes no content."""

    NAME = "sources"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        self.overflow = etree.Element("div")
        return etree.SubElement(parent, "div", {"class": LIST_CLASS})

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.overflow

    def on_end(self, block: etree.Element) -> None:
        if len(self.overflow) or (self.overflow.text or "").strip():
            raise SourcesError(
                [
                    "the '/// sources' block holds text — it takes none: the build fills it "
                    "with the sources the page cites"
                ]
            )


class References(Treeprocessor):
    """Numbers the citations in reading order (a source keeps its first number) and writes
    the Sources list the block left room for."""

    def __init__(self, md: Markdown, ledger: LedgerLoader) -> None:
        super().__init__(md)
        self.ledger = ledger

    def run(self, root: etree.Element) -> None:
        marks = [sup for sup in root.iter("sup") if sup.get("data-cp-source") is not None]
        ledger = self.ledger() if marks else None
        cited: dict[str, Source] = {}
        problems: list[str] = []
        for sup in marks:
            source_id = str(sup.attrib.pop("data-cp-source"))
            source = ledger.get(source_id) if ledger else None
            if source is None:
                problems.append(f"unknown source '{source_id}' in [@{source_id}]")
                continue
            cited.setdefault(source_id, source)
            number = list(cited).index(source_id) + 1
            link = etree.SubElement(
                sup, "a", {"href": f"#{anchor(source_id)}", "aria-label": f"Source {number}"}
            )
            link.text = f"[{number}]"
        blocks = [div for div in root.iter("div") if div.get("class") == LIST_CLASS]
        if cited and not blocks:
            problems.append("the page cites sources but has no '/// sources' block")
        if blocks and not cited:
            problems.append("a '/// sources' block, but the page cites nothing")
        if problems:
            raise SourcesError(problems)
        for block in blocks:
            _fill(block, list(cited.values()))


def _fill(block: etree.Element, sources: list[Source]) -> None:
    """One list item per source: publisher, the title linking to the page, the address in
    full (so a printed page keeps it), and the day it was checked."""
    listing = etree.SubElement(block, "ol")
    for source in sources:
        item = etree.SubElement(listing, "li", {"id": anchor(source.id)})
        item.text = f"{source.publisher}, “"
        title = etree.SubElement(item, "a", {"href": source.url})
        title.text = source.title
        title.tail = "”, "
        address = etree.SubElement(item, "span", {"class": "cp-source-url"})
        address.text = source.url
        address.tail = ", checked on "
        checked = etree.SubElement(item, "time", {"datetime": source.checked.isoformat()})
        checked.text = source.checked_text
        checked.tail = "."


def register(md: Markdown, block_mgr: object, ledger: LedgerLoader) -> None:
    """Wire the citations into a Markdown instance; markdown.py calls this."""
    # The page rules register the citation pattern and the References pass for each document,
    # where it can cite.
    md.preprocessors.register(PageRules(md, ledger), "clearpicture_citation_rules", 31)
    block_mgr.register(SourcesBlock, {})  # type: ignore[attr-defined]
