"""The link kit: a generated page listing every linkable guide section with its full address
and a one-line summary, for newsletter writers. Only its intro is Markdown; the list is built
from the rendered headings once every page is rendered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from clearpicture.links import LinkError
from clearpicture.links.published import Section, first_sentence, relative

LINK_KIT = "link-kit.md"


LINK_KIT_MARKDOWN = """\
---
title: Link kit
description: >-
  Every section of every guide with its full web address and a line on what it covers, for
  newsletters, handouts and messages. These links are kept working.
# Out of the search index: every guide section is already there, and the kit would repeat them
# all (a quarter of the index at 1,000 pages; dev/measurements/2026-12-01-build-scale.md).
search:
  exclude: true
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
    the section they sit in) with link, full address and opening sentence. All author text is
    escaped as ElementTree's HTML output escapes it (the markup it wrote before: written as
    text here, it costs a sixth as much at 1,000 guides; tests/unit/test_links.py compares)."""
    out: list[str] = []
    for guide in guides:
        out.append(f"<h2>{_text(guide.title)}</h2>")
        href = relative(guide.url, kit_url)
        whole = _kit_entry("Whole guide", guide.title, href, guide.canonical, guide.description)
        top = [_with_children(whole, [])]
        # The entries still open, deepest last: (level, the entry's own markup, its children).
        open_entries: list[tuple[int, str, list[str]]] = []
        for section in guide.sections:
            while open_entries and open_entries[-1][0] >= section.level:
                _close(open_entries, top)
            entry = _kit_entry(
                section.title,
                section.title,
                f"{href}#{section.id}",
                f"{guide.canonical}#{section.id}",
                section.summary or _contents(section, guide.sections),
            )
            open_entries.append((section.level, entry, []))
        while open_entries:
            _close(open_entries, top)
        out.append(f'<ul class="cp-kit">{"".join(top)}</ul>')
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


def _kit_entry(text: str, label: str, href: str, url: str, summary: str) -> str:
    """One entry, without its closing tag (_with_children adds the entries nested in it)."""
    entry = (
        f'<li class="cp-kit__entry" data-cp-url="{_attr(url)}" data-cp-label="{_attr(label)}">'
        f'<p class="cp-kit__title"><a href="{_attr(href)}">{_text(text)}</a></p>'
        f'<p class="cp-kit__url"><code>{_text(url)}</code></p>'
    )
    if summary:
        entry += f'<p class="cp-kit__summary">{_text(summary)}</p>'
    return entry


def _close(open_entries: list[tuple[int, str, list[str]]], top: list[str]) -> None:
    """Close the deepest open entry, into the one it sits in (or the guide's list)."""
    _, entry, children = open_entries.pop()
    (open_entries[-1][2] if open_entries else top).append(_with_children(entry, children))


def _with_children(entry: str, children: list[str]) -> str:
    inside = f'<ul class="cp-kit">{"".join(children)}</ul>' if children else ""
    return f"{entry}{inside}</li>"


def _text(text: str) -> str:
    """Text as ElementTree's HTML output escapes it."""
    if "&" not in text and "<" not in text and ">" not in text:
        return text  # most titles, addresses and sentences: nothing to replace
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    """An attribute value as ElementTree's HTML output escapes it ('<' stays)."""
    if "&" not in value and ">" not in value and '"' not in value:
        return value
    return value.replace("&", "&amp;").replace(">", "&gt;").replace('"', "&quot;")
