"""Material's search plugin reads a quiz form's inside only to skip it: what it must not index
carries `data-search-exclude` (render.UNSEARCHED), yet its parser still walks every tag and
text inside. At 1,000 pages + 200 quizzes that walk was about a sixth of what the engine added
to the build. So while the search plugin reads a page, each excluded element inside a quiz form
is shown to it empty (its start tag, then its end tag), and the page is whole again before
anything else sees it (plugin.py: `on_page_context` before and after the search plugin's).

The index stays the same: the parser drops all text, tags and attributes inside an excluded
element; the empty element still opens and closes where it did, so the text around it splits
and joins as before. An element holding a heading is left whole (the parser starts a section at
a heading even inside one). Why the form is in the index at all: dev/decisions/quiz-search.md;
what was measured: dev/measurements/2026-12-02-build-scale-pages.md."""

from __future__ import annotations

import re
from typing import Any

# A quiz or checklist form's start tag (render.render) as Markdown's serializer writes it; a form
# holds no other form, so the next </form> ends it.
FORM_CLASS = 'class="cp-quiz"'
FORM_START_RE = re.compile(r'<form\s[^<>]*\bclass="cp-quiz"[^<>]*>')
FORM_END = "</form>"
# An excluded element's start tag within the form; attribute values the serializer writes hold
# no `<` or `>` (it escapes them).
EXCLUDED_RE = re.compile(r'<([a-z][a-z0-9]*)\b[^<>]*\sdata-search-exclude=""[^<>]*>')
HEADING_RE = re.compile(r"<h[1-6][\s>]")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# What Material's search plugin does to the page after indexing it (SearchPlugin.on_page_context).
SEARCH_ATTRIBUTE_RE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def _tag_re(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}[\s>/]")


_TAGS: dict[str, re.Pattern[str]] = {}


def _end(html: str, tag: str, start: int, stop: int) -> int:
    """Where the element whose start tag ends at `start` ends (after its end tag), searching no
    further than `stop`; -1 if its end tag is not there."""
    pattern = _TAGS.get(tag) or _TAGS.setdefault(tag, _tag_re(tag))
    depth = 1
    for match in pattern.finditer(html, start, stop):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html.index(">", match.end() - 1) + 1
    return -1


def _emptied(form: str) -> str:
    """The form with every excluded element's inside left out."""
    out: list[str] = []
    position = 0
    for match in EXCLUDED_RE.finditer(form):
        if match.start() < position:
            continue  # inside an element already emptied
        tag = match.group(1)
        if tag in VOID:
            continue
        end = _end(form, tag, match.end(), len(form))
        if end < 0 or HEADING_RE.search(form, match.end(), end):
            continue
        out.append(form[position : match.end()])
        out.append(f"</{tag}>")
        position = end
    out.append(form[position:])
    return "".join(out)


def for_search(html: str) -> str | None:
    """The page's HTML with the quiz forms' excluded elements emptied, or None when it places no
    form (nothing to spare)."""
    if FORM_CLASS not in html:
        return None
    out: list[str] = []
    position = 0
    for start in FORM_START_RE.finditer(html):
        if start.start() < position:
            continue
        end = html.find(FORM_END, start.end())
        if end < 0:
            break
        end += len(FORM_END)
        out.append(html[position : start.start()])
        out.append(_emptied(html[start.start() : end]))
        position = end
    if not out:
        return None
    out.append(html[position:])
    return "".join(out)


class Stash:
    """Holds each page's whole HTML while the search plugin reads the emptied one."""

    def __init__(self) -> None:
        self.pages: dict[int, str] = {}  # id(page) -> its whole HTML

    def hide(self, page: Any) -> None:
        content = page.content
        if not isinstance(content, str):
            return
        emptied = for_search(content)
        if emptied is not None and emptied != content:
            self.pages[id(page)] = content
            page.content = emptied

    def restore(self, page: Any) -> None:
        """The page whole again, as the search plugin leaves it: without the `data-search-*`
        attributes it took out of the emptied one."""
        whole = self.pages.pop(id(page), None)
        if whole is not None:
            page.content = SEARCH_ATTRIBUTE_RE.sub("", whole)
