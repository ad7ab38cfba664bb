"""Previews: what a link to this site shows when pasted into a newsletter or a chat (canonical
URL, Open Graph and Twitter meta tags), and the front matter every guide must carry for it and
for the feed (`description:`, `reviewed:`). Built from front matter alone: nothing is fetched
and no image is generated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from mkdocs.structure.pages import Page

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


def plain_text(value: Any) -> str:
    # Titles may carry inline markup (`code`); a preview shows plain text.
    if not value:
        return ""
    text = str(value)
    if "<" not in text and "&" not in text:
        return " ".join(text.split())  # no tag to strip, no entity: what striptags() gives
    return " ".join(Markup(text).striptags().split())


def preview_of(page: Page | None, config: Any) -> Preview:
    site_name = str(config.site_name)
    site_url = str(config.site_url or "")
    if page is None:  # a theme template such as 404.html
        return Preview(
            site_name, plain_text(config.site_description), site_url, "website", site_name
        )
    title = plain_text(page.meta.get("title") or page.title) or site_name
    description = plain_text(page.meta.get("description") or config.site_description)
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
