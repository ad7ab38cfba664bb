"""The Atom feed (RFC 4287) of the guides: one entry per guide, newest review first, with
absolute URLs at site_url; written into the site once every page is rendered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from mkdocs.structure.pages import Page

from clearpicture.previews import plain_text, review_date

FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


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
                plain_text(page.meta.get("title") or page.title),
                page.canonical_url,
                reviewed,
                plain_text(page.meta.get("description")),
            )
        )
    return entries


def feed_text(config: Any, guides: Iterable[Page]) -> str:
    """feed.xml for the built site, from the guides' front matter (in nav order)."""
    info = FeedInfo(
        title=f"{config.site_name}: guides",
        subtitle=str(config.site_description or ""),
        site_url=str(config.site_url).rstrip("/") + "/",
        author=str(config.site_author or config.site_name),
        lang=str(config.theme.get("language") or "en"),
    )
    return atom_feed(info, feed_entries(guides))
