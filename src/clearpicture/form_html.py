"""A placed quiz form leaves the page's element tree right after the inline pass, so the tree
processors after it and the serializer walk one stand-in element instead of the form's hundred.

At 1,000 pages and 200 quizzes the forms' elements were most of what the engine added to each
page's Markdown: `toc` (twice), `attr_list`, `unescape`, MkDocs' anchor collection and link
rewriting each walked every one of them. Here, at priority 19.5 (after the inline pass and
pymdownx blocks' end of it, before everything else), each form is checked, and only when every
later pass is known to do nothing to it but what this module redoes, it is detached:

- its links are rewritten as `DocsRootLinks` would (page-relative), and copies of them are left
  in the stand-in, where the page's own `unescape` and MkDocs' `relpath` treat them in the
  page's order (so MkDocs validates and records them as before); the results go back into the
  form;
- its text, tails and attributes are unescaped as `unescape` would;
- its ids are added to MkDocs' anchors (`mkdocs_extract_anchors`), so links to `#cp-quiz-…`
  validate as before;
- a stand-in `<form><div>TOKEN</div><a href>…</form>` takes its place (and its tail), and the
  first post-processor puts the form's HTML where the stand-in was serialized: with
  `prettify`'s newlines only if `prettify` reached the stand-in (it then gives the stand-in a
  newline as its text), written as the page's serializer writes (`html`, one walk for both).

What it cannot redo, it leaves alone (the form stays in the tree, as before): any tree processor
or post-processor it does not know, a page that defines abbreviations, an element other than
those the engine and inline Markdown write, `{` anywhere in its text (`attr_list`) or the
`[TOC]` marker. `toc` gave a heading whose id a form uses another id; with the form out of the
tree it cannot, so such a clash fails the page with a worded error instead.
Why, and the bytes compared: dev/decisions/form-html.md."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.serializers import (  # type: ignore[attr-defined]
    BOOLEAN_ATTRIBUTES,
    HTML_EMPTY,
    _escape_attrib_html,
    _escape_cdata,
    to_html_string,
    to_xhtml_string,
)
from markdown.treeprocessors import Treeprocessor

from clearpicture.problems import QuizError
from clearpicture.references import LIST_CLASS

NAME = "clearpicture_form_html"
PRIORITY = 19.5  # after 'inline' (20) and 'blocks_on_inline_end' (19.99)
POST_PRIORITY = 100  # before every post-processor (raw_html is 30)

# Tree processors after PRIORITY whose effect on a form this module redoes (or that leave such a
# form alone: footnotes and references look only at their own elements, the title at h1).
KNOWN_LATER = frozenset(
    {
        "footnote-reorder", "footnote-duplicate", "prettify", "attr_list", "abbr",
        "clearpicture_links", "clearpicture_references", "toc", "mkdocs_extract_anchors",
        "mkdocs_extract_title", "relpath", "unescape",
    }
)  # fmt: skip
# What the form's renderer and the inline pass over quiz text write (no headings, `br`, `pre`,
# `img`, `sup`: a form with any of them stays in the tree).
TAGS = frozenset(
    {
        "form", "p", "div", "fieldset", "legend", "label", "input", "noscript", "span", "ol",
        "ul", "li", "a", "button", "strong", "em", "code", "small",
    }
)  # fmt: skip
STX, ETX = "\x02", "\x03"
ID_ATTR_RE = re.compile(r' id="(cp-[^"]*)"')
SUFFIX_RE = re.compile(r"^(.*)_\d+$")


def _names_after(registry: Any, priority: float) -> set[str]:
    # markdown.util.Registry lists its items with their priorities in `_priority` only.
    return {item.name for item in registry._priority if item.priority < priority}


def _others_before(registry: Any, priority: float) -> bool:
    return any(item.priority >= priority and item.name != NAME for item in registry._priority)


@dataclass
class Detached:
    form: etree.Element
    stand_in: etree.Element  # <form><div>TOKEN</div><a href>…</form>, its tail the form's
    ids: set[str]
    links: list[tuple[etree.Element, etree.Element]]  # (the form's link, the stand-in's)


class FormHtml(Treeprocessor):
    """Takes the forms the quiz block placed out of the tree (see the module's doc)."""

    def __init__(
        self,
        md: Markdown,
        keep: Callable[[etree.Element], None],
        href: Callable[[Markdown], Callable[[str], str]],
    ) -> None:
        super().__init__(md)
        self.keep = keep  # a form left in the tree: DocsRootLinks rewrites its links
        self.href = href  # for the page md renders: a quiz link as DocsRootLinks writes it
        self.pending: list[tuple[etree.Element, etree.Element]] = []  # (form, its parent)
        self.detached: list[Detached] = []

    def run(self, root: etree.Element) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        if not self._known():
            for form, _parent in pending:
                self.keep(form)
            return
        for form, parent in pending:
            elements = _plain(form, self._marker())
            if elements is None or not _child(parent, form):
                self.keep(form)
                continue
            self._detach(form, parent, elements)

    def _known(self) -> bool:
        md = self.md
        if md.serializer not in (to_html_string, to_xhtml_string):
            return False
        if not _names_after(md.treeprocessors, PRIORITY) <= KNOWN_LATER:
            return False
        if _others_before(md.postprocessors, POST_PRIORITY):
            return False
        # A page that defines abbreviations: words in the form may change.
        return not defines_abbreviations(md)

    def _marker(self) -> str | None:
        if "toc" not in self.md.treeprocessors:
            return None
        return str(getattr(self.md.treeprocessors["toc"], "marker", "[TOC]")) or None

    def _detach(
        self, form: etree.Element, parent: etree.Element, elements: list[etree.Element]
    ) -> None:
        md = self.md
        link = self.href(md)
        unescape: Any = _processor(md, "unescape")
        anchors: Any = _processor(md, "mkdocs_extract_anchors")
        stand_in = etree.Element("form")
        etree.SubElement(stand_in, "div").text = f"{STX}cpform:{len(self.detached)}{ETX}"
        links: list[tuple[etree.Element, etree.Element]] = []
        ids: set[str] = set()
        for el in elements:
            # MkDocs' anchors see the ids before `unescape` (same priority as toc: 5).
            value = el.get("id")
            if value:
                ids.add(value)
            if el.tag == "a":
                name = el.get("name")
                if name:
                    ids.add(name)
                href = el.get("href")
                if href is not None:
                    # Rewritten as DocsRootLinks would (7), then left in the stand-in for the
                    # page's own `unescape` and `relpath` (0) to treat in the page's order, so
                    # MkDocs validates and records them as before.
                    links.append((el, etree.SubElement(stand_in, "a", {"href": link(href)})))
            if unescape is not None:
                text = el.text
                if text and STX in text and el.tag != "code":
                    el.text = unescape.unescape(text)
                tail = el.tail
                if tail and STX in tail and el is not form:
                    el.tail = unescape.unescape(tail)
                for key, value in el.items():
                    if value is not None and STX in value:
                        el.set(key, unescape.unescape(value))
        if anchors is not None:
            anchors.present_anchor_ids.update(ids)
        stand_in.tail, form.tail = form.tail, None
        index = list(parent).index(form)
        parent[index] = stand_in
        self.detached.append(Detached(form, stand_in, ids, links))


def defines_abbreviations(md: Markdown) -> bool:
    """Whether the page (or a glossary it includes) defines abbreviations, which change words
    in text after the inline pass; an `abbr` whose definitions cannot be seen counts as one."""
    abbr = _processor(md, "abbr")
    return abbr is not None and bool(getattr(abbr, "abbrs", True))


def _processor(md: Markdown, name: str) -> Treeprocessor | None:
    if name in md.treeprocessors:  # markdown.util.Registry has no get()
        return md.treeprocessors[name]
    return None


def _child(parent: etree.Element, form: etree.Element) -> bool:
    return any(child is form for child in parent)


def _plain(form: etree.Element, marker: str | None) -> list[etree.Element] | None:
    """The form's elements, or None when a later pass could change it in a way not redone."""
    elements = list(form.iter())
    for el in elements:
        if el.tag not in TAGS:
            return None
        if el.tag == "div" and el.get("class") == LIST_CLASS:
            return None
        text = el.text
        if text and ("{" in text or (marker and marker in text)):
            return None
        tail = el.tail
        if el is not form and tail and ("{" in tail or (marker and marker in tail)):
            return None
    return elements


class FormHtmlPost(Postprocessor):
    """Puts each detached form's HTML where its stand-in was serialized (first of all
    post-processors, so raw HTML, `&` and footnote placeholders in it are resolved as before)."""

    def __init__(self, md: Markdown, tree: FormHtml) -> None:
        super().__init__(md)
        self.tree = tree

    def run(self, text: str) -> str:
        # toc runs the post-processors over each heading's text too: a form whose stand-in is
        # not in `text` waits for the page's own run.
        if not self.tree.detached or STX + "cpform:" not in text:
            return text
        md = self.md
        block = frozenset(md.block_level_elements) if "prettify" in md.treeprocessors else None
        xhtml = md.serializer is to_xhtml_string
        waiting = []
        for item in self.tree.detached:
            stand_in = item.stand_in
            tail, stand_in.tail = stand_in.tail, None
            serialized = md.serializer(stand_in)
            stand_in.tail = tail
            found = text.count(serialized)
            if found == 0:
                waiting.append(item)
                continue
            if found != 1:
                raise RuntimeError(f"clearpicture: a quiz form's stand-in twice: {serialized!r}")
            form = item.form
            _clash(text.replace(serialized, "", 1), item.ids, form.get("data-cp-quiz") or "")
            for mine, stood in item.links:
                mine.set("href", stood.get("href") or "")
            # prettify reached the stand-in (it gave it a newline as its text): so the form.
            reached = block is not None and stand_in.text == "\n"
            text = text.replace(serialized, html(form, block if reached else None, xhtml), 1)
        self.tree.detached = waiting
        return text


def html(form: etree.Element, block: frozenset[str] | None, xhtml: bool) -> str:
    """The form as the page's serializer writes it after `prettify` (given its block-level tags
    when it reached the form, else None) went over it: one walk instead of two."""
    out: list[str] = []
    _write(form, block, xhtml, out.append)
    return "".join(out)


def _write(
    el: etree.Element, block: frozenset[str] | None, xhtml: bool, write: Callable[[str], None]
) -> None:
    """markdown.serializers._serialize_html for the tags in TAGS (so no comment, processing
    instruction, script, style or namespace), with PrettifyTreeprocessor._prettifyETree's
    newlines when block is given: an element prettify recursed into gets "\n" as its text when
    it has none and its first child is block-level, and as its tail when it has none."""
    tag = el.tag
    write(f"<{tag}")
    items = el.items()
    if items:
        for key, value in sorted(items):
            if value is None:
                write(f" {key}")
                continue
            value = _escape_attrib_html(value)
            if key == value and not xhtml and key in BOOLEAN_ATTRIBUTES["html"]:
                write(f" {value}")
            else:
                write(f' {key}="{value}"')
    if xhtml and tag in HTML_EMPTY:
        write(" />")
        return
    write(">")
    text = el.text
    if block is not None and (not text or not text.strip()) and len(el) and el[0].tag in block:
        text = "\n"
    if text:
        write(_escape_cdata(text))
    for child in el:
        reached = block is not None and child.tag in block
        _write(child, block if reached else None, xhtml, write)
        tail = child.tail
        if reached and (not tail or not tail.strip()):
            tail = "\n"
        if tail:
            write(_escape_cdata(tail))
    if tag not in HTML_EMPTY:
        write(f"</{tag}>")


def _clash(rest: str, ids: set[str], quiz_id: str) -> None:
    """A heading (or anything else on the page) with an id the form uses: toc used to give the
    heading another id; the form being out of its sight, the page is refused instead."""
    for match in ID_ATTR_RE.finditer(rest):
        value = match.group(1)
        suffixed = SUFFIX_RE.match(value)
        if value in ids or (suffixed and suffixed.group(1) in ids):
            raise QuizError(
                [
                    f"the id '{value}' on this page is also the quiz '{quiz_id}''s "
                    f"(or made from it) — rename the heading or element that has it, or give "
                    f"it its own id with '{{#another-id}}'"
                ]
            )


def register(
    md: Markdown,
    keep: Callable[[etree.Element], None],
    href: Callable[[Markdown], Callable[[str], str]],
) -> FormHtml:
    tree = FormHtml(md, keep, href)
    md.treeprocessors.register(tree, NAME, PRIORITY)
    md.postprocessors.register(FormHtmlPost(md, tree), NAME, POST_PRIORITY)
    return tree
