"""Quiz text and links checked against the docs: what a text field renders to as Markdown (raw
HTML, headings, autolinks, attribute lists, one paragraph or more), whether every link in it or
in a `link:` field names a docs page that exists and holds the anchor, and that every image is
a file of this site (nothing is loaded from another host)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from clearpicture import model
from clearpicture.contract import TextStyle
from clearpicture.docs_index import DocsIndex
from clearpicture.problems import display_path, nearest
from clearpicture.yaml_reader import UNREADABLE, Node, Reader, quote_hint, show

AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
ATTR_LIST_RE = re.compile(r"\{:?[ \t]*(?:[#.][^\s}]|[\w-]+=)[^}\n]*\}")
RAW_HTML = "raw HTML is not allowed in quiz text — use Markdown"
# Text Markdown reads as one plain paragraph: words and punctuation on one line, starting with a
# letter (not `1.`, `-`, `#` or `>`), with no character that starts markup. Most quiz text is
# this; the check skips Markdown for it (at 200 quizzes it was a quarter of the quiz check).
PLAIN_TEXT_RE = re.compile(r"[A-Za-z\"'‘“(][A-Za-z0-9 ,.;:?!()\"'‘’“”%/–—-]*")
# The same words with links to pages in them: `[words](target)`, the words plain (no brackets,
# no '!'), the target a bare path and #anchor (no spaces, quotes, brackets or parentheses), and
# no '!' before the '[' (an image). Markdown reads it as one paragraph whose only markup is
# those links, in order ("Read [the page](guides/x.md#y) again": most quizzes' retry advice).
_LINK = r"(?<!!)\[[A-Za-z0-9 ,.;:?()\"'‘’“”%/–—-]+\]\(([A-Za-z0-9._/#-]+)\)"
LINKED_TEXT_RE = re.compile(
    rf"(?:[A-Za-z\"'‘“(]|(?=\[))(?:[A-Za-z0-9 ,.;:?!()\"'‘’“”%/–—-]|{_LINK})*"
)
LINK_RE = re.compile(_LINK)


@dataclass
class Probe:
    """What a text field turns into when rendered: links, raw HTML, block structure."""

    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    raw_html: bool = False
    headings: bool = False
    one_paragraph: bool = True


class _LinkCollector(Treeprocessor):
    probe: Probe

    def run(self, root: Any) -> None:
        probe = Probe()
        for el in root.iter():
            if el.tag == "a" and el.get("href") is not None:
                probe.links.append(str(el.get("href")))
            elif el.tag == "img" and el.get("src") is not None:
                probe.images.append(str(el.get("src")))
            elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                probe.headings = True
        probe.one_paragraph = len(root) == 1 and root[0].tag == "p"
        self.probe = probe


class _TextProbe:
    def __init__(self) -> None:
        self.md = markdown.Markdown()
        self.collector = _LinkCollector(self.md)
        self.md.treeprocessors.register(self.collector, "cp_links", 1)

    def __call__(self, text: str) -> Probe:
        self.md.reset()
        self.md.convert(text)
        probe = self.collector.probe
        probe.raw_html = any(
            isinstance(block, str) and block.lstrip().startswith("<")
            for block in self.md.htmlStash.rawHtmlBlocks
        )
        return probe


class QuizText:
    """The checks of text fields and links against one docs folder. Keep one for many files: it
    holds a Markdown instance, which costs milliseconds to make."""

    def __init__(self, docs: DocsIndex) -> None:
        self.docs = docs
        self._probe: _TextProbe | None = None

    def probe(self, text: str) -> Probe:
        """What a quiz text field renders to (links, raw HTML, headings, paragraphs)."""
        if PLAIN_TEXT_RE.fullmatch(text):
            return Probe()  # one paragraph of words: nothing for Markdown to find
        if LINKED_TEXT_RE.fullmatch(text):
            return Probe(links=LINK_RE.findall(text))
        if self._probe is None:
            self._probe = _TextProbe()
        return self._probe(text)

    def text(
        self, reader: Reader, node: Node | None, what: str, style: TextStyle = "markdown"
    ) -> str | None:
        """A text field: raw HTML refused everywhere; links, headings, shape checked for
        Markdown; inline Markdown (prompts, option texts) must stay one paragraph."""
        if node is None:
            return None
        value = reader.scalar(node)
        if value is UNREADABLE:
            return None
        if not isinstance(value, str):
            reader.error(node, f"{what} must be text, not {show(value)}" + quote_hint(node))
            return None
        value = value.strip()
        if not value:
            reader.error(node, f"{what} is empty — write the text or remove the line")
            return None
        outside_code = model.CODE_SPAN_RE.sub("", value)
        probe = self.probe(value)
        if probe.raw_html or (style == "plain" and re.search(r"<[A-Za-z/!?]", value)):
            reader.error(node, f"{what}: {RAW_HTML}")
        if style == "plain":
            return value
        if AUTOLINK_RE.search(outside_code):
            reader.error(
                node, f"{what}: <…> links are not supported in quiz text — write [text](URL)"
            )
        if ATTR_LIST_RE.search(outside_code):
            reader.error(
                node,
                f"{what}: attribute lists ({{: …}}) are not allowed in quiz text — the quiz sets "
                "its own ids and classes",
            )
        if probe.headings:
            reader.error(
                node,
                f"{what}: headings are not allowed in quiz text (they would join the page's "
                "table of contents) — use **bold** instead",
            )
        if style == "inline" and not probe.one_paragraph and not probe.headings:
            reader.error(
                node,
                f"{what} must be one paragraph of inline Markdown (no lists or blank lines) — "
                "put longer text in 'hint:' or 'explain:'",
            )
        for target in probe.links:
            self.check_link(reader, node, target, f"link '{target}' in {what}")
        for source in probe.images:
            self.check_image(reader, node, source, f"image '{source}' in {what}")
        return value

    def link(self, reader: Reader, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        value = reader.scalar(node)
        if value is UNREADABLE:
            return None
        if not isinstance(value, str) or not value.strip():
            reader.error(
                node, f"{what} must be a link such as guides/x.md#anchor, not {show(value)}"
            )
            return None
        value = value.strip()
        return value if self.check_link(reader, node, value, f"{what} '{value}'") else None

    def check_image(self, reader: Reader, node: Node, source: str, what: str) -> None:
        """An image is a file of this site, relative to docs/: a page that showed one from
        elsewhere would make the reader's browser contact that host (and the CSP refuses it)."""
        parts = urlsplit(source)
        if parts.scheme or parts.netloc or source.startswith("//"):
            if parts.scheme in ("http", "https", "") or parts.netloc:
                reader.error(
                    node,
                    f"{what} would be loaded from another host — Clear Picture pages load nothing "
                    "from other sites: save the image under docs/ (e.g. docs/assets/images/) and "
                    "give its path from there, or link to it with [text](URL)",
                )
            else:
                reader.error(
                    node,
                    f"{what} uses '{parts.scheme}:', which is not allowed — save the image under "
                    "docs/ and give its path from there",
                )
            return
        rel = posixpath.normpath(parts.path)
        if source.startswith("/") or rel.startswith("..") or parts.query or parts.fragment:
            reader.error(
                node,
                f"{what} must be a file under the docs folder, given relative to it, e.g. "
                "assets/images/x.png",
            )
        elif not self.docs.path(rel).is_file():
            reader.error(
                node,
                f"{what}: {display_path(self.docs.path(rel))} does not exist — fix the path (it "
                "is relative to the docs folder)",
            )

    def check_link(self, reader: Reader, node: Node, target: str, what: str) -> bool:
        """Docs pages (`path.md`, `path.md#anchor`, relative to docs/) must exist and hold the
        anchor; https: and mailto: pass; every other scheme is refused."""
        parts = urlsplit(target)
        if parts.scheme:
            if parts.scheme == "https" and parts.netloc:
                return True
            if parts.scheme == "mailto" and parts.path:
                return True
            if parts.scheme == "http":
                reader.error(node, f"{what} uses http: — use https:")
            else:
                reader.error(
                    node,
                    f"{what} uses '{parts.scheme}:', which is not allowed — link a docs page "
                    "(guides/x.md#anchor), an https: URL or a mailto: address",
                )
            return False
        if target.startswith("/"):
            reader.error(
                node,
                f"{what} starts with '/' — write it relative to the docs folder, "
                "e.g. guides/x.md#anchor",
            )
            return False
        if not parts.path:
            reader.error(
                node,
                f"{what} names no page — write the page too, e.g. guides/x.md{target}: a quiz "
                "can be placed on any page",
            )
            return False
        page_rel = posixpath.normpath(parts.path)
        if not page_rel.endswith(".md") or parts.query or page_rel.startswith(".."):
            reader.error(
                node,
                f"{what} must be a page under the docs folder ending in .md, with an optional "
                "#anchor, e.g. guides/x.md#anchor",
            )
            return False
        page = self.docs.page(page_rel)
        if page is None:
            reader.error(
                node,
                f"{what}: {display_path(self.docs.path(page_rel))} does not exist — fix the path "
                "(it is relative to the docs folder)",
            )
            return False
        if page.readable and parts.fragment and not page.has_anchor(parts.fragment):
            near = nearest(parts.fragment, page.anchors)
            hint = f"did you mean '#{near}'? Or add" if near else "add"
            reader.error(
                node,
                f"{what}: {page_rel} has no anchor '#{parts.fragment}' — {hint} "
                f"'{{#{parts.fragment}}}' to a heading there",
            )
            return False
        return True
