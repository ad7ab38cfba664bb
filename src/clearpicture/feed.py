"""Previews and the feed: what a link to this site shows when pasted into a newsletter or a chat
(canonical URL, Open Graph and Twitter meta tags), and an Atom feed of the guides with their
review dates. Built from front matter alone: nothing is fetched and no image is generated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from markupsafe import Markup
from mkdocs.structure.pages import Page

FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
GUIDES = "guides/"


def is_guide(page: Page) -> bool:
    return page.file.src_uri.startswith(GUIDES)


@dataclass(frozen=True)
class Preview:
    """What a link preview shows for one page."""

    title: str
    description: str
    url: str
    kind: str  # og:type: "article" for a guide, "website" otherwise
    site_name: str

    def meta(self) -> list[tuple[str, str, str]]:
        """(attribute, key, content) for each <meta>: og:* use `property`, twitter:* `name`."""
        tags = [
            ("property", "og:type", self.kind),
            ("property", "og:site_name", self.site_name),
            ("property", "og:title", self.title),
            ("property", "og:description", self.description),
            ("property", "og:url", self.url),
            ("name", "twitter:card", "summary"),
            ("name", "twitter:title", self.title),
            ("name", "twitter:description", self.description),
        ]
        return [tag for tag in tags if tag[2]]


def _text(value: Any) -> str:
    # Titles may carry inline markup (`code`); a preview shows plain text.
    return " ".join(Markup(str(value)).striptags().split()) if value else ""


def preview_of(page: Page | None, config: Any) -> Preview:
    site_name = str(config.site_name)
    site_url = str(config.site_url or "")
    if page is None:  # a theme template such as 404.html
        return Preview(site_name, _text(config.site_description), site_url, "website", site_name)
    title = _text(page.meta.get("title") or page.title) or site_name
    description = _text(page.meta.get("description") or config.site_description)
    kind = "article" if is_guide(page) else "website"
    return Preview(title, description, page.canonical_url or "", kind, site_name)


def guide_problems(pages: Iterable[Page]) -> list[str]:
    """Front matter every guide needs: `description:` for previews and search results, and
    `reviewed:` for the feed. One line per problem, naming the file and the fix."""
    problems = []
    for page in pages:
        where = f"docs/{page.file.src_uri}"
        description = page.meta.get("description")
        if not isinstance(description, str) or not description.strip():
            problems.append(
                f"{where}: front matter has no `description:`; add one plain sentence saying what "
                "the reader gets (it is the link preview and the feed summary)"
            )
        if review_date(page.meta) is None:
            problems.append(
                f"{where}: front matter needs `reviewed: YYYY-MM-DD`, the date the guide was last "
                f"checked (got {page.meta.get('reviewed')!r}); the feed lists it"
            )
    return problems


def review_date(meta: Mapping[str, Any]) -> dt.date | None:
    value = meta.get("reviewed")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str  # absolute
    reviewed: dt.date
    summary: str


@dataclass(frozen=True)
class FeedInfo:
    title: str
    subtitle: str
    site_url: str  # absolute, ends with '/'
    author: str
    lang: str


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(info: FeedInfo, entries: Iterable[FeedEntry]) -> str:
    """An Atom 1.0 feed (RFC 4287), newest review first; ElementTree escapes all text."""
    ordered = sorted(entries, key=lambda e: e.reviewed, reverse=True)  # stable: keeps nav order
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": info.lang})
    sub(feed, "id", info.site_url)
    sub(feed, "title", info.title)
    if info.subtitle:
        sub(feed, "subtitle", info.subtitle)
    newest = max((e.reviewed for e in ordered), default=dt.date(1970, 1, 1))
    sub(feed, "updated", _stamp(newest))
    sub(feed, "link", rel="self", type="application/atom+xml", href=info.site_url + FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=info.site_url)
    sub(sub(feed, "author"), "name", info.author)
    for entry in ordered:
        item = sub(feed, "entry")
        sub(item, "id", entry.url)
        sub(item, "title", entry.title)
        sub(item, "link", rel="alternate", type="text/html", href=entry.url)
        sub(item, "updated", _stamp(entry.reviewed))
        if entry.summary:
            sub(item, "summary", entry.summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_entries(pages: Iterable[Page]) -> list[FeedEntry]:
    entries = []
    for page in pages:
        reviewed = review_date(page.meta)
        if reviewed is None or not page.canonical_url:
            continue
        entries.append(
            FeedEntry(
                _text(page.meta.get("title") or page.title),
                page.canonical_url,
                reviewed,
                _text(page.meta.get("description")),
            )
        )
    return entries
