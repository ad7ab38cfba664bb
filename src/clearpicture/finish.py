"""The engine's build duties after the pages are written, in one place for both engines.

MkDocs runs them through the plugin's events (hooks.py calls `guide_pages`, `site_pages` and
`post_build`); any other engine that renders the same source with the Markdown extension
(Zensical) runs `python -m clearpicture finish SITE_DIR` after its build (finish_site.py),
which reads the built site and does the rest the same way: the scripts' strings, alias ids,
preview meta tags and the feed link, the link kit, redirect pages and the feed, the CSP with
each page's hashes, the Pyodide runtime, the service worker, and a check that every #anchor
link lands.
Why both engines share this: dev/decisions/two-engines.md."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from clearpicture import feed, offline, previews, runtime
from clearpicture.links.kit import KitGuide, link_kit_html
from clearpicture.links.published import Section, page_url
from clearpicture.links.redirects import redirect_page
from clearpicture.runtime import manifest

log = logging.getLogger("mkdocs.hooks.clearpicture")


class FinishError(Exception):
    """A problem the author must fix; the message names the file and the fix."""


@dataclass(frozen=True)
class SitePages:
    """What the engine adds once every page is rendered: the link kit's generated list (None
    when the site has no link kit), redirect pages by their output path, and the feed."""

    kit_html: str | None
    redirects: dict[str, str]
    feed_xml: str


def guide_pages(pages: Iterable[Page]) -> list[Page]:
    """The guides among the built pages, checked: each needs `description:` and `reviewed:`."""
    guides = [page for page in pages if previews.is_guide(page)]
    if problems := previews.guide_problems(guides):
        raise FinishError("\n".join(problems))
    return guides


def site_pages(
    config: Any,
    guides: list[Page],
    sections_of: Callable[[Page], tuple[Section, ...]],
    redirects: Mapping[str, str],
    page_at: Callable[[str], Page | None],
    kit_url: str | None,
) -> SitePages:
    """The link kit list (from each guide's rendered sections), a redirect page at each moved
    page's old address, and the Atom feed of the guides. page_at finds a page by docs path."""
    kit_html = None
    if kit_url is not None:
        kit_guides = [
            KitGuide(
                preview.title, p.url, p.canonical_url or "", preview.description, sections_of(p)
            )
            for p in guides
            for preview in (previews.preview_of(p, config),)
        ]
        kit_html = link_kit_html(kit_guides, kit_url)
    pages: dict[str, str] = {}
    for old, new in redirects.items():
        target = page_at(new)
        if target is None:
            raise FinishError(f"mkdocs.yml: extra.redirects: {old!r} → {new!r}: no such page")
        dest = File(old, None, "", config.use_directory_urls).dest_uri
        pages[dest] = redirect_page(
            old_url=page_url(old, config.use_directory_urls),
            target=target,
            site_name=str(config.site_name),
            lang=str(config.theme.get("language") or "en"),
            meta=previews.preview_of(target, config).meta(),
        )
    return SitePages(kit_html, pages, feed.feed_text(config, guides))


def post_build(site_dir: Path, root: Path) -> None:
    """The Pyodide runtime and scoring module, what it weighs (runtime/manifest.py), then the
    service worker over the finished site: last, since it hashes every file."""
    try:
        report = runtime.write_runtime(site_dir, root)
        shipped = manifest.build_manifest(site_dir, root / runtime.CACHE_DIR)
        manifest.publish(site_dir, shipped)
    except (runtime.RuntimeAssetsError, manifest.ManifestError) as error:
        raise FinishError(str(error)) from error
    build = offline.write(site_dir, shipped)
    log.debug("runtime: wrote %s, unchanged %s", report.written, report.unchanged)
    log.info(
        "offline: %d files (%d kB) cached ahead; the runtime (%d kB, gzip %d kB) on first use",
        len(build.files),
        build.precache_bytes // 1000,
        shipped.bytes // 1000,
        shipped.gzip // 1000,
    )
