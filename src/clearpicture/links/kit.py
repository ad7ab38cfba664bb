"""The link kit: a generated page listing every linkable guide section with its full address
and a one-line summary, for newsletter writers. Only its intro is Markdown; the list is built
from the rendered headings once every page is rendered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

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
