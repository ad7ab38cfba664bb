"""What a page publishes for others to link to: its URL and its sections (h2/h3 and defined
terms with an id, each with its opening sentence), the alias ids and redirect marks the build
leaves in the HTML, and the same read over a whole built site."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

# Marks in the built HTML that tell a reader of the site (and read_site) what a page publishes.
ALIAS_CLASS = "cp-anchor-alias"
# A quiz question: its fieldset's id (cp-q-QUIZ-QUESTION) is a link a reader can copy.
QUESTION_CLASS = "cp-q"
REDIRECT_META = "clearpicture:redirect"

# What a reader can link to, with its depth: h2/h3 sections, and defined terms (the glossary).
LINKABLE = {"h2": 2, "h3": 3, "dt": 4}
SUMMARY_MAX = 200
SUMMARY_MIN_WORDS = 5


@dataclass(frozen=True)
class Section:
    """One linkable part of a page: an h2/h3 (or a defined term, level 4) with an id, its text
    and the opening sentence under it."""

    id: str
    level: int
    title: str
    summary: str


@dataclass(frozen=True)
class PageLinks:
    sections: tuple[Section, ...]
    aliases: Mapping[str, str]  # old id -> the id of the heading it lands on
    redirect: str | None  # for a redirect page: the site path it sends readers to
    questions: tuple[str, ...] = ()  # ids of quiz questions (fieldset.cp-q of a quiz form)


# A sentence ends at its first [.!?] (not its first character) followed by spaces and what starts
# a sentence. Searched for: `^(.+?[.!?])(?=…)`, matched lazily from the start, finds the same end
# in about twice the time.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'“‘(A-Z0-9])")


def _even_spaced(text: str) -> bool:
    """Whether `" ".join(text.split())` is text itself: no two spaces, none at either end, and
    no other whitespace (every whitespace character but the space is unprintable). Most
    paragraphs are; the test costs a fraction of splitting and joining them."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def first_sentence(text: str) -> str:
    """The section's opening sentence, as its one-line summary. A lead-in too short to say
    anything ("About 2 minutes.") takes the next sentence along."""
    rest = text if _even_spaced(text) else " ".join(text.split())
    summary = ""
    while rest and _words(summary) < SUMMARY_MIN_WORDS:
        end = _SENTENCE_END.search(rest, 1)
        sentence = rest[: end.end()] if end else rest
        summary = f"{summary} {sentence}".strip()
        rest = rest[len(sentence) :].strip()
    if len(summary) > SUMMARY_MAX:
        summary = summary[: SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def _words(summary: str) -> int:
    """How many words a first_sentence() result has: one space between words and no other
    whitespace there, so n spaces mean n + 1 words (`len(summary.split())`, without the list)."""
    return summary.count(" ") + 1 if summary else 0


class _PageReader(HTMLParser):
    # Paragraph-like elements that title a block rather than say what a section is about.
    TITLE_CLASSES = frozenset({"admonition-title", "cp-quiz__title"})
    SKIP = frozenset({"script", "style", "template"})
    SUMMARY_TAGS = frozenset({"p", "li", "dd"})
    # Asides (admonitions, collapsible details) are not what a section opens with.
    ASIDE_TAGS = frozenset({"div", "details", "aside"})

    def __init__(self, article_only: bool, summaries: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = not article_only
        self.summaries = summaries
        self.sections: list[Section] = []
        self.aliases: dict[str, str] = {}
        self.redirect: str | None = None
        self.questions: list[str] = []
        self._in_quiz = False  # inside a <form data-cp-kind="quiz"> (forms never nest)
        self._form_asides = 0  # how many asides were open where the form began
        self._title: tuple[str, int, str, list[str]] | None = None  # tag, level, id, text
        self._headerlink = 0
        self._skip = 0
        self._pending: tuple[int, str, str, list[str]] | None = None  # still gathering a summary
        self._block: tuple[str, int] | None = None  # the p/li/dd being read into the summary
        self._asides: list[bool] = []  # open div/details/aside elements: is each an aside?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = set(values.get("class", "").split())
        if tag == "meta" and values.get("name") == REDIRECT_META:
            self.redirect = values.get("content", "")
        if tag == "article":
            self.in_article = True
        if not self.in_article:
            return
        if tag in self.SKIP:
            self._skip += 1
        if tag in self.ASIDE_TAGS:
            self._asides.append(tag != "div" or "admonition" in classes)
        if tag == "form":
            self._in_quiz = values.get("data-cp-kind") == "quiz"
            self._form_asides = len(self._asides)
        if tag == "fieldset" and self._in_quiz and QUESTION_CLASS in classes and values.get("id"):
            self.questions.append(values["id"])
        if ALIAS_CLASS in classes and "id" in values:
            self.aliases[values["id"]] = values.get("data-cp-alias-for", "")
        if self._title is not None and tag == "a" and (self._headerlink or "headerlink" in classes):
            self._headerlink += 1  # Material's ¶ permalink is not part of the heading's text
        if re.fullmatch(r"h[1-6]|dt", tag):
            self._finish()
            level = LINKABLE.get(tag)
            if level is not None and values.get("id"):
                self._title = (tag, level, values["id"], [])
        elif self._block is not None and tag == self._block[0]:
            self._block = (tag, self._block[1] + 1)
        elif (
            self._pending is not None
            and self._block is None
            and tag in self.SUMMARY_TAGS
            and not classes & self.TITLE_CLASSES
            and not any(self._asides)
        ):
            self._block = (tag, 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.in_article:
            self._finish()
            self.in_article = False
            return
        if not self.in_article:
            return
        if tag == "form":
            self._in_quiz = False
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in self.ASIDE_TAGS and self._asides:
            self._asides.pop()
        if self._title is not None and tag == "a" and self._headerlink:
            self._headerlink -= 1
        elif self._title is not None and tag == self._title[0]:
            _, level, id_, text = self._title
            self._title = None
            self._pending = (level, id_, " ".join("".join(text).split()), [])
            if not self.summaries:
                self._finish()  # no opening sentence to gather: the section is complete
        elif self._block is not None and tag == self._block[0]:
            name, depth = self._block
            self._block = (name, depth - 1) if depth > 1 else None
            if self._block is None and self._pending is not None:
                self._pending[3].append(" ")
                if _words(first_sentence("".join(self._pending[3]))) >= SUMMARY_MIN_WORDS:
                    self._finish()

    def handle_data(self, data: str) -> None:
        if not self.in_article or self._skip:
            return
        if self._title is not None:
            if not self._headerlink:
                self._title[3].append(data)
        elif self._block is not None and self._pending is not None:
            self._pending[3].append(data)

    def _finish(self) -> None:
        if self._pending is not None:
            level, id_, title, text = self._pending
            self.sections.append(Section(id_, level, title, first_sentence("".join(text))))
            self._pending = None
        self._block = None

    def close(self) -> None:
        super().close()
        self._finish()


def read_page(
    html_text: str, *, article_only: bool = False, fast: bool = True, summaries: bool = True
) -> PageLinks:
    """What one page publishes. `article_only` for a whole built page (Material's <article>
    holds the content); leave it off for page.content, which is the content alone. `fast`
    tokenizes with one regular expression instead of html.parser where the markup allows
    (the link kit reads every guide, the anchor check every page; same result, see
    tests/build/test_page_reader.py). Without `summaries` every section's is "" and the reader
    skips all but the headings (the anchor check needs only the ids)."""
    reader = _PageReader(article_only, summaries)
    if article_only:
        # Material's navigation is most of a page's bytes and none of what it publishes: read
        # the head's <meta> tags (the redirect mark) and the article only.
        start, end = html_text.find("<article"), html_text.rfind("</article>")
        if 0 <= start < end:
            if REDIRECT_META in html_text[:start]:  # the only meta the reader acts on
                for meta in _META_TAG.findall(html_text, 0, start):
                    reader.feed(meta)
            html_text = html_text[start : end + len("</article>")]
    if fast and not _NEEDS_PARSER.search(html_text):
        _feed_fast(reader, html_text)
    else:
        reader.feed(html_text)
    reader.close()
    return PageLinks(
        tuple(reader.sections), dict(reader.aliases), reader.redirect, tuple(reader.questions)
    )


_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
# What only html.parser reads right: comments, declarations, processing instructions, and the
# raw text of <script> and <style>.
_NEEDS_PARSER = re.compile(r"<[!?]|<(?:script|style)\b", re.I)
_TOKEN = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|<""")
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


# Between sections (no heading open, no summary being gathered: most of a page) the reader acts
# only on headings, the article, asides, raw-text elements, meta tags and quiz forms and their
# question fieldsets (a tag _PageReader acts on must be named here). _SKIP_RUN passes over
# everything else in one match: text, a '<' that opens no tag, and any other tag, whole, matched
# by _TOKEN's own tag expression (so it ends where _TOKEN's tokens end).
_SKIP_RUN = re.compile(
    r"""(?:[^<]+"""
    r"""|<(?!/?(?i:h[1-6]|dt|article|meta|script|style|template|div|details|aside|form|fieldset)"""
    r"""(?![A-Za-z0-9-]))/?[A-Za-z][A-Za-z0-9-]*(?:[^>"']|"[^"]*"|'[^']*')*>"""
    r"""|<(?![/A-Za-z]))*"""
)


# The commonest section, whole: an h2/h3 whose text and id hold no markup or entity, Python-
# Markdown's ¶ permalink, then a plain paragraph. Read in one match where the reader would only
# title the section and take the paragraph's opening sentence (_section_run says when).
_SECTION_RUN = re.compile(
    r"""<(h[23]) id="([^"<>&]+)">([^<>&]*)<a class="headerlink" href="#\2" title="[^"<>&]*">"""
    r"""&para;</a></\1>\s*<p>([^<>&]*)</p>"""
)


def _section_run(reader: _PageReader, text: str, pos: int) -> int:
    """At a heading between sections: read a _SECTION_RUN there as the handler calls would and
    return where it ends, or pos when it is not one or its paragraph opens with fewer than
    SUMMARY_MIN_WORDS words (the reader then reads on into the next block)."""
    if reader._skip or not reader.in_article or any(reader._asides):
        return pos
    match = _SECTION_RUN.match(text, pos)
    if match is None:
        return pos
    tag, id_, title, paragraph = match.groups()
    summary = first_sentence(paragraph) if reader.summaries else ""
    if reader.summaries and _words(summary) < SUMMARY_MIN_WORDS:
        return pos
    title = " ".join(title.split())
    reader.sections.append(Section(id_, LINKABLE[tag], title, summary))
    return match.end()


# Inside a quiz form the reader acts on nothing but its question fieldsets, unless the form
# holds a heading, a term or the article's end (the markup the build writes holds none).
_QUIZ_BLOCKER = re.compile(r"<(?:h[1-6]|dt|article|/article|meta|template)(?![A-Za-z0-9-])", re.I)
_FIELDSET_TAG = re.compile(r"""<fieldset(?![A-Za-z0-9-])((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.I)


def _quiz_run(reader: _PageReader, text: str, pos: int) -> int:
    """Between sections inside a quiz form: take the question ids up to the form's end and go
    on from its closing tag, with the asides open where the form began (its markup, written by
    ElementTree, is balanced); pos when the form holds anything else the reader acts on."""
    end = text.find("</form>", pos)
    if end < 0 or reader._skip or _QUIZ_BLOCKER.search(text, pos, end):
        return pos
    for tag in _FIELDSET_TAG.finditer(text, pos, end):
        attrs = {
            m.group(1).lower(): html.unescape(
                next((v for v in m.groups()[1:] if v is not None), "")
            )
            for m in _ATTR.finditer(tag.group(1))
        }
        if QUESTION_CLASS in attrs.get("class", "").split() and attrs.get("id"):
            reader.questions.append(attrs["id"])
    del reader._asides[reader._form_asides :]
    return end


def _feed_fast(reader: _PageReader, text: str) -> None:
    """The handler calls html.parser would make for markup without comments or raw text, less
    those that change nothing: text and ordinary tags between sections (_SKIP_RUN), and a
    plain section read whole (_SECTION_RUN). A page with alias marks (any tag may carry one) is
    read token by token."""
    skip = ALIAS_CLASS not in text
    pos, end = 0, len(text)
    while pos < end:
        if skip and reader._title is None and reader._pending is None and reader._block is None:
            pos = _SKIP_RUN.match(text, pos).end()  # type: ignore[union-attr]  # matches ''
            if pos >= end:
                break
            if text.startswith("<h", pos):
                after = _section_run(reader, text, pos)
                if after != pos:
                    pos = after
                    continue
            elif reader._in_quiz:
                pos = _quiz_run(reader, text, pos)
        match = _TOKEN.match(text, pos)
        assert match is not None  # _TOKEN matches at any position ('<' at worst)
        pos = match.end()
        closing, tag, rest, data = match.groups()
        if data is not None:
            reader.handle_data(html.unescape(data))
        elif tag is None:
            reader.handle_data("<")
        elif closing:
            reader.handle_endtag(tag.lower())
        else:
            attrs: list[tuple[str, str | None]] = [
                (
                    m.group(1).lower(),
                    html.unescape(next((v for v in m.groups()[1:] if v is not None), "")),
                )
                for m in _ATTR.finditer(rest)
            ]
            reader.handle_starttag(tag.lower(), attrs)
            if rest.rstrip().endswith("/"):
                reader.handle_endtag(tag.lower())


@dataclass(frozen=True)
class Published:
    """Every link a built site serves: pages, h2/h3 sections, quiz questions, alias ids and
    redirect pages."""

    pages: frozenset[str]
    sections: frozenset[str]
    aliases: frozenset[str] = frozenset()
    redirects: Mapping[str, str] = field(default_factory=dict)
    questions: frozenset[str] = frozenset()

    @property
    def lockable(self) -> frozenset[str]:
        """What the lock must list: every page, section and quiz question (aliases and
        redirects exist only to keep locked links alive)."""
        return self.pages | self.sections | self.questions

    def lands(self, link: str, _hops: int = 0) -> bool:
        page, _, anchor = link.partition("#")
        if page in self.redirects and _hops < 10:
            target = self.redirects[page]
            return self.lands(target + (f"#{anchor}" if anchor else ""), _hops + 1)
        if not anchor:
            return page in self.pages
        return link in self.sections or link in self.questions or link in self.aliases


def read_site(site_dir: Path) -> Published:
    """Read a built site's pages for what they publish (404.html and assets/ excluded)."""
    pages: set[str] = set()
    sections: set[str] = set()
    aliases: set[str] = set()
    questions: set[str] = set()
    redirects: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "404.html" or rel.startswith("assets/"):
            continue
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        links = read_page(path.read_text(encoding="utf-8"), article_only=True, summaries=False)
        if links.redirect is not None:
            redirects[url] = links.redirect
            continue
        pages.add(url)
        sections.update(f"{url}#{s.id}" for s in links.sections)
        aliases.update(f"{url}#{a}" for a in links.aliases)
        questions.update(f"{url}#{q}" for q in links.questions)
    return Published(
        frozenset(pages), frozenset(sections), frozenset(aliases), redirects, frozenset(questions)
    )


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site-relative URL a docs file is published at ('' for the home page)."""
    url = File(src_uri, None, "", use_directory_urls).url
    return "" if url in (".", "./") else url


def relative(url: str, from_url: str) -> str:
    rel = get_relative_url(url, from_url)
    return rel + "/" if url in ("", "/") and not rel.endswith("/") else rel
