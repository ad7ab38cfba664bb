"""Stable links: what a build publishes for others to link to, and what keeps old links landing.

A built page publishes its URL and the ids of its h2/h3 sections. `anchor_aliases` front matter
keeps a renamed id alive, `extra.redirects` in mkdocs.yml keeps a moved page alive, and
anchors.lock records every link ever published so the tests can tell when one stops working.
The link kit page lists every linkable guide section; it is generated from the rendered headings.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from clearpicture import csp, feed

# Where things live, in the docs tree and in the built site.
GUIDES = "guides/"
LINK_KIT = "link-kit.md"
REDIRECT_SCRIPT = "assets/javascripts/redirect.js"
# Marks in the built HTML that tell a reader of the site (and read_site) what a page publishes.
ALIAS_CLASS = "cp-anchor-alias"
REDIRECT_META = "clearpicture:redirect"

# What a reader can link to, with its depth: h2/h3 sections, and defined terms (the glossary).
LINKABLE = {"h2": 2, "h3": 3, "dt": 4}
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")
_ANY_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[\"'“‘(A-Z0-9])")
SUMMARY_MAX = 200
SUMMARY_MIN_WORDS = 5


class LinkError(PluginError):
    """Something an author must fix to keep the site's links working; the text says what and how.
    A PluginError, so MkDocs reports it as a build error rather than a traceback."""


# --- Reading what a page publishes --------------------------------------------------------------


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


def first_sentence(text: str) -> str:
    """The section's opening sentence, as its one-line summary. A lead-in too short to say
    anything ("About 2 minutes.") takes the next sentence along."""
    rest = " ".join(text.split())
    summary = ""
    while rest and len(summary.split()) < SUMMARY_MIN_WORDS:
        match = _SENTENCE.match(rest)
        sentence = match.group(1) if match else rest
        summary = f"{summary} {sentence}".strip()
        rest = rest[len(sentence) :].strip()
    if len(summary) > SUMMARY_MAX:
        summary = summary[: SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


class _PageReader(HTMLParser):
    # Paragraph-like elements that title a block rather than say what a section is about.
    TITLE_CLASSES = frozenset({"admonition-title", "cp-quiz__title"})
    SKIP = frozenset({"script", "style", "template"})
    SUMMARY_TAGS = frozenset({"p", "li", "dd"})
    # Asides (admonitions, collapsible details) are not what a section opens with.
    ASIDE_TAGS = frozenset({"div", "details", "aside"})

    def __init__(self, article_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = not article_only
        self.sections: list[Section] = []
        self.aliases: dict[str, str] = {}
        self.redirect: str | None = None
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
        elif self._block is not None and tag == self._block[0]:
            name, depth = self._block
            self._block = (name, depth - 1) if depth > 1 else None
            if self._block is None and self._pending is not None:
                self._pending[3].append(" ")
                if len(first_sentence("".join(self._pending[3])).split()) >= SUMMARY_MIN_WORDS:
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


def read_page(html_text: str, *, article_only: bool = False) -> PageLinks:
    """What one page publishes. `article_only` for a whole built page (Material's <article>
    holds the content); leave it off for page.content, which is the content alone."""
    reader = _PageReader(article_only)
    reader.feed(html_text)
    reader.close()
    return PageLinks(tuple(reader.sections), dict(reader.aliases), reader.redirect)


# --- Alias ids: an old id kept alive in front of the renamed heading -----------------------------


def read_aliases(meta: Mapping[str, Any], where: str) -> dict[str, str]:
    """The page's `anchor_aliases: {old-id: new-id}` front matter, checked for shape."""
    raw = meta.get("anchor_aliases")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise LinkError(
            f"{where}: anchor_aliases must be a mapping of old id to new id, "
            f"e.g. `anchor_aliases: {{google: google-account}}`"
        )
    aliases: dict[str, str] = {}
    problems = []
    for old, new in raw.items():
        if not (isinstance(old, str) and isinstance(new, str)) or not (
            _ID.match(old) and _ID.match(new)
        ):
            problems.append(
                f"{where}: anchor_aliases: {old!r}: {new!r} is not `old-id: new-id` "
                "(letters, digits, '-', '_')"
            )
            continue
        aliases[old] = new
    if problems:
        raise LinkError("\n".join(problems))
    return aliases


def render_aliases(content: str, aliases: Mapping[str, str], where: str) -> str:
    """Put an empty element with each old id right before the heading it now belongs to, so
    `#old-id` still scrolls to the section (links.js marks the heading it stands for)."""
    if not aliases:
        return content
    present = set(_ANY_ID.findall(content))
    headings = [s.id for s in read_page(content).sections]
    problems = []
    for old, new in aliases.items():
        if old in present:
            problems.append(
                f"{where}: anchor_aliases: {old!r} is still an id on this page; "
                "an alias is only for an id that no longer exists — remove this alias"
            )
            continue
        heading = re.compile(rf"""<h[1-6]\b[^>]*\bid\s*=\s*["']{re.escape(new)}["']""")
        match = heading.search(content)
        if match is None:
            problems.append(
                f"{where}: anchor_aliases: {old!r} points to {new!r}, but no heading has that id; "
                f"use one of: {', '.join(headings) or '(this page has no h2/h3 with an id)'}"
            )
            continue
        marker = (
            f'<div class="{ALIAS_CLASS}" id="{html.escape(old)}" '
            f'data-cp-alias-for="{html.escape(new)}"></div>\n'
        )
        content = content[: match.start()] + marker + content[match.start() :]
    if problems:
        raise LinkError("\n".join(problems))
    return content


# --- Redirects: a moved page keeps its old address ------------------------------------------------


def read_redirects(extra: Mapping[str, Any]) -> dict[str, str]:
    """`extra: redirects: {old/path.md: new/path.md}` from mkdocs.yml, checked for shape."""
    raw = extra.get("redirects") or {}
    if not isinstance(raw, Mapping):
        raise LinkError("mkdocs.yml: extra.redirects must map old/path.md to new/path.md")
    problems = []
    for old, new in raw.items():
        if not (isinstance(old, str) and isinstance(new, str)):
            problems.append(f"mkdocs.yml: extra.redirects: {old!r}: {new!r} must be two paths")
        elif not (old.endswith(".md") and new.endswith(".md")):
            problems.append(
                f"mkdocs.yml: extra.redirects: {old!r}: {new!r}: name both pages by their "
                "docs-relative .md path, e.g. `guides/old-name.md: guides/new-name.md`"
            )
    if problems:
        raise LinkError("\n".join(problems))
    return {str(k).lstrip("/"): str(v).lstrip("/") for k, v in raw.items()}


def check_redirects(redirects: Mapping[str, str], files: Files) -> None:
    problems = []
    for old, new in redirects.items():
        if (file := files.get_file_from_path(old)) is not None and file.is_documentation_page():
            problems.append(
                f"mkdocs.yml: extra.redirects: {old!r} still exists in docs/; a redirect is for a "
                "page that moved away — remove the old file or the redirect"
            )
        target = files.get_file_from_path(new)
        if target is None or not target.is_documentation_page():
            hint = (
                f" ({new!r} is itself redirected to {redirects[new]!r}: point {old!r} there)"
                if new in redirects
                else ""
            )
            problems.append(f"mkdocs.yml: extra.redirects: {old!r} → {new!r}: no such page{hint}")
    if problems:
        raise LinkError("\n".join(problems))


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site-relative URL a docs file is published at ('' for the home page)."""
    url = File(src_uri, None, "", use_directory_urls).url
    return "" if url in (".", "./") else url


def relative(url: str, from_url: str) -> str:
    rel = get_relative_url(url, from_url)
    return rel + "/" if url in ("", "/") and not rel.endswith("/") else rel


def redirect_page(
    *,
    old_url: str,
    target: Page,
    site_name: str,
    lang: str,
    meta: Iterable[tuple[str, str, str]],
) -> str:
    """A redirect page carrying the site's CSP: a same-origin script moves the reader on with
    the #fragment (a meta refresh cannot carry it); without scripts a meta refresh; always a
    link."""
    href = relative(target.url, old_url)
    root = ET.Element("html", lang=lang)
    head = ET.SubElement(root, "head")
    # The CSP comes first so it governs everything after it; csp.apply fills it in.
    csp_meta = {"http-equiv": "Content-Security-Policy", "content": csp.PLACEHOLDER}
    ET.SubElement(head, "meta", csp_meta)
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "meta", name="referrer", content="no-referrer")
    ET.SubElement(head, "meta", name="viewport", content="width=device-width,initial-scale=1")
    ET.SubElement(head, "meta", name="robots", content="noindex")
    ET.SubElement(head, "meta", name=REDIRECT_META, content="/" + target.url)
    title = target.title or site_name
    ET.SubElement(head, "title").text = f"Moved: {title} - {site_name}"
    if target.canonical_url:
        ET.SubElement(head, "link", rel="canonical", href=target.canonical_url)
    for attr, key, value in meta:
        ET.SubElement(head, "meta", {attr: key, "content": value})
    script_src = relative(REDIRECT_SCRIPT, old_url)
    ET.SubElement(head, "script", {"src": script_src, "data-cp-redirect": href}).text = ""
    noscript = ET.SubElement(head, "noscript")
    ET.SubElement(noscript, "meta", {"http-equiv": "refresh", "content": f"0; url={href}"})
    body = ET.SubElement(root, "body")
    main = ET.SubElement(body, "main")
    ET.SubElement(main, "h1").text = "This page has moved"
    p = ET.SubElement(main, "p")
    p.text = "It is now at "
    ET.SubElement(p, "a", href=href).text = title
    p[-1].tail = "."
    page = "<!doctype html>\n" + ET.tostring(root, encoding="unicode", method="html") + "\n"
    return csp.apply(page)


# --- The link kit: every linkable guide section, for newsletter writers -----------------------

LINK_KIT_MARKDOWN = """\
---
title: Link kit
description: >-
  Every section of every guide with its full web address and a line on what it covers, for
  newsletters, handouts and messages. These links are kept working.
---

# Link kit {#top}

Writing a newsletter, a handout or a message to your family? Link straight to the section that
helps. Every address below is kept working: when a guide changes, its old links still lead to
the right place.

Each guide is listed with its sections in reading order. Use the copy button next to an address,
or copy the address itself.
"""


def link_kit_file(config: Any, files: Files) -> File:
    """The link kit page, generated; listed in the nav only where mkdocs.yml's nav names it."""
    existing = files.get_file_from_path(LINK_KIT)
    if existing is not None and existing.generated_by is None:
        raise LinkError(
            f"docs/{LINK_KIT}: this page is generated at build from the guides' headings; "
            "remove the file (or move your page elsewhere)"
        )
    in_nav = config.nav is None or LINK_KIT in _nav_paths(config.nav)
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    return File.generated(config, LINK_KIT, content=LINK_KIT_MARKDOWN, inclusion=inclusion)


def _nav_paths(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, Mapping):
        return set().union(*(_nav_paths(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(_nav_paths(v) for v in nav)) if nav else set()
    return set()


@dataclass(frozen=True)
class KitGuide:
    title: str
    url: str  # site-relative
    canonical: str  # absolute
    description: str
    sections: tuple[Section, ...]


def link_kit_html(guides: Iterable[KitGuide], kit_url: str) -> str:
    """The generated part of the link kit: per guide, its sections (h3s and terms nested under
    the section they sit in) with link, full address and opening sentence. ElementTree escapes
    all author text."""
    out: list[str] = []
    for guide in guides:
        heading = ET.Element("h2")
        heading.text = guide.title
        out.append(ET.tostring(heading, encoding="unicode", method="html"))
        top = ET.Element("ul", {"class": "cp-kit"})
        href = relative(guide.url, kit_url)
        _kit_entry(top, "Whole guide", guide.title, href, guide.canonical, guide.description)
        open_entries: list[tuple[int, ET.Element]] = []
        for section in guide.sections:
            while open_entries and open_entries[-1][0] >= section.level:
                open_entries.pop()
            if open_entries:
                parent = open_entries[-1][1]
                within = parent.find("ul")
                if within is None:
                    within = ET.SubElement(parent, "ul", {"class": "cp-kit"})
            else:
                within = top
            entry = _kit_entry(
                within,
                section.title,
                section.title,
                f"{href}#{section.id}",
                f"{guide.canonical}#{section.id}",
                section.summary or _contents(section, guide.sections),
            )
            open_entries.append((section.level, entry))
        out.append(ET.tostring(top, encoding="unicode", method="html"))
    return "\n".join(out)


def _contents(section: Section, sections: tuple[Section, ...]) -> str:
    """For a section with no opening text (a glossary's list of terms): what it holds."""
    start = sections.index(section) + 1
    inside = []
    for other in sections[start:]:
        if other.level <= section.level:
            break
        inside.append(other.title)
    return first_sentence("Covers " + ", ".join(inside) + ".") if inside else ""


def _kit_entry(
    parent: ET.Element, text: str, label: str, href: str, url: str, summary: str
) -> ET.Element:
    entry = ET.SubElement(
        parent, "li", {"class": "cp-kit__entry", "data-cp-url": url, "data-cp-label": label}
    )
    link = ET.SubElement(ET.SubElement(entry, "p", {"class": "cp-kit__title"}), "a", href=href)
    link.text = text
    ET.SubElement(entry, "p", {"class": "cp-kit__url"}).append(_code(url))
    if summary:
        ET.SubElement(entry, "p", {"class": "cp-kit__summary"}).text = summary
    return entry


def _code(text: str) -> ET.Element:
    code = ET.Element("code")
    code.text = text
    return code


# --- The anchor lock ------------------------------------------------------------------------------

LOCK_HEADER = """\
# anchors.lock: every link this site has published (DEVELOPERS.md, "Stable links").
# Someone may have put any of these in a newsletter that can never be edited, so the tests fail
# when a build stops serving one, or serves a page or section that is not listed here.
#   keep a renamed section:   anchor_aliases: {old-id: new-id} in the page's front matter
#   keep a moved page:        extra: redirects: {old/path.md: new/path.md} in mkdocs.yml
#   lock what is new:         python scripts/anchors.py update
#   stop promising a link:    python scripts/anchors.py retire /page/#anchor
# A retired line stays, with its date, so the history of what was dropped is explicit.
"""


@dataclass(frozen=True)
class LockEntry:
    link: str  # '/page/' or '/page/#anchor'
    retired: str | None = None  # ISO date
    note: str = ""

    def line(self) -> str:
        if self.retired is None:
            return self.link
        return " ".join(x for x in (self.link, "retired", self.retired, self.note) if x)


@dataclass(frozen=True)
class Lock:
    entries: Mapping[str, LockEntry] = field(default_factory=dict)

    @property
    def active(self) -> frozenset[str]:
        return frozenset(k for k, e in self.entries.items() if e.retired is None)

    def text(self) -> str:
        return LOCK_HEADER + "".join(
            self.entries[k].line() + "\n" for k in sorted(self.entries, key=_link_order)
        )


def _link_order(link: str) -> tuple[str, str]:
    page, _, anchor = link.partition("#")
    return (page, anchor)


_RETIRED = re.compile(r"^retired\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$")


def parse_lock(text: str, where: str = "anchors.lock") -> Lock:
    entries: dict[str, LockEntry] = {}
    problems = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        link, _, rest = line.partition(" ")
        rest = rest.strip()
        retired = note = None
        if rest:
            match = _RETIRED.match(rest)
            if match is None:
                problems.append(
                    f"{where}:{number}: cannot read {line!r}: expected `/page/#anchor` or "
                    "`/page/#anchor retired YYYY-MM-DD [note]`"
                )
                continue
            retired, note = match.group(1), match.group(2)
        if not link.startswith("/"):
            problems.append(f"{where}:{number}: {link!r} must start with '/' (a site path)")
            continue
        if link in entries:
            problems.append(f"{where}:{number}: {link!r} is listed twice")
            continue
        entries[link] = LockEntry(link, retired, note or "")
    if problems:
        raise LinkError("\n".join(problems))
    return Lock(entries)


def normalize_link(text: str, site_url: str = "") -> str:
    """A link as the lock writes it: a site path, '/page/' or '/page/#anchor'. Accepts a full
    URL at site_url (pasted from a newsletter), '/page/#a' or 'page/#a'."""
    text = text.strip()
    base = urlsplit(site_url) if site_url else None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        if base is None or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise LinkError(f"{text!r} is not a link into this site ({site_url or 'site_url'})")
        path = parts.path
        prefix = base.path.rstrip("/")
        if prefix and not path.startswith(prefix + "/") and path != prefix:
            raise LinkError(f"{text!r} is not under {site_url}")
        text = path[len(prefix) :] + (f"#{parts.fragment}" if parts.fragment else "")
    page, hashmark, anchor = text.partition("#")
    page = "/" + page.lstrip("/")
    if hashmark and not anchor:
        raise LinkError(f"{text!r} has an empty #anchor")
    return page + (f"#{anchor}" if anchor else "")


# --- What a built site publishes, and the check against the lock ---------------------------------


@dataclass(frozen=True)
class Published:
    """Every link a built site serves: pages, h2/h3 sections, alias ids and redirect pages."""

    pages: frozenset[str]
    sections: frozenset[str]
    aliases: frozenset[str] = frozenset()
    redirects: Mapping[str, str] = field(default_factory=dict)

    @property
    def lockable(self) -> frozenset[str]:
        """What the lock must list: every page and section (aliases and redirects exist only to
        keep locked links alive)."""
        return self.pages | self.sections

    def lands(self, link: str, _hops: int = 0) -> bool:
        page, _, anchor = link.partition("#")
        if page in self.redirects and _hops < 10:
            target = self.redirects[page]
            return self.lands(target + (f"#{anchor}" if anchor else ""), _hops + 1)
        if not anchor:
            return page in self.pages
        return link in self.sections or link in self.aliases


def read_site(site_dir: Path) -> Published:
    """Read a built site's pages for what they publish (404.html and assets/ excluded)."""
    pages: set[str] = set()
    sections: set[str] = set()
    aliases: set[str] = set()
    redirects: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "404.html" or rel.startswith("assets/"):
            continue
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        links = read_page(path.read_text(encoding="utf-8"), article_only=True)
        if links.redirect is not None:
            redirects[url] = links.redirect
            continue
        pages.add(url)
        sections.update(f"{url}#{s.id}" for s in links.sections)
        aliases.update(f"{url}#{a}" for a in links.aliases)
    return Published(frozenset(pages), frozenset(sections), frozenset(aliases), redirects)


def source_of(url: str, docs_dir: Path | None) -> str:
    """The docs file a site path most likely comes from (for messages to authors)."""
    path = url.strip("/")
    candidates = [f"{path}/index.md", f"{path}.md"] if path else ["index.md"]
    if path.endswith(".html"):
        candidates = [path[: -len(".html")] + ".md"]
    if docs_dir is not None:
        for candidate in candidates:
            if (docs_dir / candidate).exists():
                return candidate
    return candidates[-1]


@dataclass(frozen=True)
class LockReport:
    dropped: tuple[str, ...]  # locked, active, and no longer landing anywhere
    unlocked: tuple[str, ...]  # published, but not (or no longer) listed as active
    lock: Lock
    docs_dir: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.dropped and not self.unlocked

    def message(self) -> str:
        parts = []
        if self.dropped:
            parts.append(self._dropped_message())
        if self.unlocked:
            parts.append(self._unlocked_message())
        return "\n\n".join(parts)

    def _dropped_message(self) -> str:
        gone_pages = {link for link in self.dropped if "#" not in link}
        lines = [
            f"{len(self.dropped)} published link(s) in anchors.lock no longer land anywhere. "
            "Someone may have sent them in a newsletter that can never be edited, so keep "
            "each one working:"
        ]
        for link in self.dropped:
            page, _, anchor = link.partition("#")
            source = source_of(page, self.docs_dir)
            if not anchor:
                sections = sum(1 for d in self.dropped if d.startswith(page + "#"))
                also = f" (and its {sections} section link(s) below)" if sections else ""
                lines += [
                    f"  {link}  — the page is gone{also}",
                    f"      moved?   add a redirect in mkdocs.yml:  extra: redirects: "
                    f"{{{source}: NEW/PATH.md}}",
                    f"      removed on purpose?   python scripts/anchors.py retire {link}",
                ]
            elif page in gone_pages:
                lines.append(f"  {link}  — kept by the redirect for {page} once its id is kept")
            else:
                lines += [
                    f"  {link}  — no section with id {anchor!r} on {page}",
                    f"      heading id renamed?   keep the old id: add to the front matter of "
                    f"{source}:  anchor_aliases: {{{anchor}: NEW-ID}}",
                    f"      section removed on purpose?   python scripts/anchors.py retire {link}",
                ]
        return "\n".join(lines)

    def _unlocked_message(self) -> str:
        lines = [
            f"{len(self.unlocked)} published link(s) are not in anchors.lock. Lock them so they "
            "are kept working: run `python scripts/anchors.py update` and commit anchors.lock."
        ]
        for link in self.unlocked:
            entry = self.lock.entries.get(link)
            note = f"  (retired {entry.retired}, published again)" if entry else ""
            lines.append(f"  {link}{note}")
        return "\n".join(lines)


def check_lock(lock: Lock, published: Published, docs_dir: Path | None = None) -> LockReport:
    dropped = sorted((k for k in lock.active if not published.lands(k)), key=_link_order)
    unlocked = sorted(published.lockable - lock.active, key=_link_order)
    return LockReport(tuple(dropped), tuple(unlocked), lock, docs_dir)


def update_lock(lock: Lock, published: Published) -> tuple[Lock, list[str]]:
    """Lock every published page and section not yet listed (a retired one published again
    becomes active). Returns the new lock and what was added."""
    entries = dict(lock.entries)
    added = sorted(published.lockable - lock.active, key=_link_order)
    for link in added:
        entries[link] = LockEntry(link)
    return Lock(entries), added


def retire(lock: Lock, link: str, today: dt.date, note: str = "") -> tuple[Lock, list[str]]:
    """Mark a locked link retired (a page retires with its sections). Returns what changed."""
    if link not in lock.entries:
        near = [k for k in lock.entries if k.partition("#")[0] == link.partition("#")[0]]
        hint = f"; on that page the lock has: {', '.join(near)}" if near else ""
        raise LinkError(f"{link} is not in anchors.lock{hint}")
    targets = [link] if "#" in link else [k for k in lock.entries if k.partition("#")[0] == link]
    changed = [k for k in sorted(targets, key=_link_order) if lock.entries[k].retired is None]
    if not changed:
        raise LinkError(f"{link} is already retired ({lock.entries[link].retired})")
    entries = dict(lock.entries)
    for key in changed:
        entries[key] = replace(entries[key], retired=today.isoformat(), note=" ".join(note.split()))
    return Lock(entries), changed


# --- The build: MkDocs events, in the order MkDocs calls them -------------------------------------


class StableLinks:
    """Per-build state behind hooks.py's events (one instance; reset at on_files)."""

    def __init__(self) -> None:
        self.redirects: dict[str, str] = {}
        self.nav_pages: list[Page] = []

    def on_files(self, files: Files, config: Any) -> Files:
        # A rebuild under `mkdocs serve` starts afresh.
        self.redirects, self.nav_pages = {}, []
        if not config.site_url:
            raise LinkError("mkdocs.yml: set site_url; canonical links and the feed need it")
        self.redirects = read_redirects(config.extra)
        check_redirects(self.redirects, files)
        files.append(link_kit_file(config, files))
        return files

    def on_nav(self, nav: Navigation) -> Navigation:
        self.nav_pages = list(nav.pages)
        return nav

    def on_page_content(self, content: str, page: Page) -> str:
        where = f"docs/{page.file.src_uri}"
        aliases = read_aliases(page.meta, where)
        if aliases and page.present_anchor_ids is not None:
            # Internal links to an old id still resolve, so the build's anchor check accepts them.
            page.present_anchor_ids.update(aliases)
        return render_aliases(content, aliases, where)

    def on_env(self, config: Any, files: Files) -> None:
        pages = self._pages(files)
        guides = [p for p in pages if feed.is_guide(p)]
        if problems := feed.guide_problems(guides):
            raise LinkError("\n".join(problems))
        kit = files.get_file_from_path(LINK_KIT)
        if kit is not None and kit.page is not None:
            kit_guides = [
                KitGuide(
                    feed.preview_of(p, config).title,
                    p.url,
                    p.canonical_url or "",
                    feed.preview_of(p, config).description,
                    read_page(p.content or "").sections,
                )
                for p in guides
            ]
            kit.page.content = (kit.page.content or "") + link_kit_html(kit_guides, kit.page.url)
        info = feed.FeedInfo(
            title=f"{config.site_name}: guides",
            subtitle=str(config.site_description or ""),
            site_url=str(config.site_url).rstrip("/") + "/",
            author=str(config.site_author or config.site_name),
            lang=str(config.theme.get("language") or "en"),
        )
        atom = feed.atom_feed(info, feed.feed_entries(guides))
        files.append(File.generated(config, feed.FEED, content=atom))
        for old, new in self.redirects.items():
            target = files.get_file_from_path(new)
            assert target is not None and target.page is not None  # check_redirects made sure
            old_url = page_url(old, config.use_directory_urls)
            dest = File(old, None, "", config.use_directory_urls).dest_uri
            content = redirect_page(
                old_url=old_url,
                target=target.page,
                site_name=str(config.site_name),
                lang=str(config.theme.get("language") or "en"),
                meta=feed.preview_of(target.page, config).meta(),
            )
            files.append(File.generated(config, dest, content=content))

    def _pages(self, files: Files) -> list[Page]:
        """Every built page, in nav order first, then the rest in file order."""
        ordered = [p for p in self.nav_pages if isinstance(p, Page)]
        seen = {p.file.src_uri for p in ordered}
        rest = [
            f.page
            for f in files.documentation_pages()
            if f.page is not None and f.src_uri not in seen
        ]
        return ordered + rest

    @staticmethod
    def template_context(context: dict[str, Any], page: Page | None, config: Any) -> dict[str, Any]:
        context["cp_preview_meta"] = feed.preview_of(page, config).meta()
        return context
