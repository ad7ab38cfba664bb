"""Quiz text with nothing for Markdown to do, placed without running Markdown over it.

Most quiz text is one line of words and plain punctuation: a question's stem, an option, a short
explanation. Markdown turns such a line into itself (in a <p> when it is block text), yet at 200
quizzes parsing those lines as blocks and trying every inline pattern on them was about a fifth
of what the engine added to a 1,000-page build. Here such a line becomes its paragraph directly,
and is kept out of the hosting page's inline pass, but only where the result is provably the
same: the Markdown instance runs only processors and patterns known to leave such a line alone
(anything else, such as smarty or an unknown extension, and the text goes through Markdown as
before), and the page defines no abbreviation (the abbr extension wraps words in any text).
Why and what was measured: dev/measurements/2026-12-01-build-scale-4.md."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from clearpicture import form_html

NAME = "clearpicture_plain_text"

# One line of words: a letter first (not `1.`, `-`, `#`, `>` or `:`), then letters, digits,
# spaces and punctuation that starts no Markdown of the processors below: no `\` `*` `_` `[`
# `]` `<` `>` `&` `` ` `` `{` `~` `^` `=` `+` `|` `#`, no newline.
PLAIN_LINE_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9 ,.;:?!()'\"%/\u2018\u2019\u201c\u201d\u2013\u2014-]*"
)

# Block processors (Python-Markdown's, its extensions' and pymdownx's that this site and the
# synthetic one use) none of which but `paragraph` claims such a line, and `abbr`, which looks
# for `*[` and gives the line back. Any other registered processor: parsed as before.
KNOWN_BLOCKS = frozenset(
    {
        "empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote",
        "reference", "paragraph", "admonition", "markdown_block", "details", "blocks",
        "defindent", "deflist", "table", "footnote", "abbr", "fenced_code_block",
    }
)  # fmt: skip
# Inline patterns none of which matches in such a line (the engine's citations need `[@`).
KNOWN_INLINE = frozenset(
    {
        "backtick", "escape", "reference", "link", "image_link", "image_reference",
        "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html",
        "entity", "not_strong", "em_strong", "em_strong2", "strong_em", "strong", "emphasis",
        "emphasis2", "footnote", "clearpicture_cite",
    }
)  # fmt: skip
# Tree processors that treat such a line alike whether the inline pass ran over it or not;
# `abbr` only while the page defines no abbreviation (checked in PlainText.run).
KNOWN_TREE = frozenset(
    {
        "inline", "prettify", "unescape", "toc", "abbr", "attr_list", "footnote",
        "footnote-duplicate", "blocks_on_inline_end", "clearpicture_links",
        "clearpicture_references", NAME, "mkdocs_extract_anchors", "relpath",
        "mkdocs_extract_title", form_html.NAME,
    }
)  # fmt: skip


def _names(registry: Any) -> set[str]:
    # markdown.util.Registry keeps its items by name in `_data` and lists no names publicly.
    return set(registry._data)


def known_blocks(md: Markdown) -> bool:
    """Whether md's block parser treats a plain line as a paragraph and nothing else."""
    return _names(md.parser.blockprocessors) <= KNOWN_BLOCKS


def paragraph(md: Markdown, parent: etree.Element, text: str, blocks_known: bool) -> bool:
    """Put text into parent as the paragraph Markdown's block parser would make of it; False
    (nothing done) when that is not certain: text that is not one plain line, an unknown block
    processor, or the parser inside a tight list (where a paragraph is no <p>)."""
    if not blocks_known or not PLAIN_LINE_RE.fullmatch(text) or md.parser.state.isstate("list"):
        return False
    etree.SubElement(parent, "p").text = text
    mark(md, parent[-1])
    return True


def mark(md: Markdown, element: etree.Element) -> None:
    """Element's text is a plain line: PlainText may keep it out of the inline pass."""
    if (element.text is not None and PLAIN_LINE_RE.fullmatch(element.text)) and NAME in (
        md.treeprocessors
    ):
        processor = md.treeprocessors[NAME]
        assert isinstance(processor, PlainText)
        processor.pending.append(element)


class PlainText(Treeprocessor):
    """Before the inline pass (priority 21; 'inline' is 20): the plain lines the quiz writer
    marked become AtomicString, which the pass skips, when no pattern or later processor of
    this Markdown instance could have changed them."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.pending: list[etree.Element] = []

    def run(self, root: etree.Element) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        md = self.md
        if not (
            _names(md.inlinePatterns) <= KNOWN_INLINE and _names(md.treeprocessors) <= KNOWN_TREE
        ):
            return
        if form_html.defines_abbreviations(md):
            return  # the page (or the glossary) defines abbreviations: words may change
        for element in pending:
            if element.text is not None and PLAIN_LINE_RE.fullmatch(element.text):
                element.text = AtomicString(element.text)
