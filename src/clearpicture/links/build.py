"""Stable links in the build: the MkDocs events behind hooks.py, in the order MkDocs calls them.
Checks redirects and adds the link kit page (on_files), renders alias ids (on_page_content),
then, once every page is rendered, fills in the link kit and writes the redirect pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from clearpicture.links import LinkError
from clearpicture.links.aliases import read_aliases, render_aliases
from clearpicture.links.kit import LINK_KIT, link_kit_file
from clearpicture.links.redirects import check_redirects, read_redirects

if TYPE_CHECKING:
    from clearpicture.finish import SitePages


class StableLinks:
    """Per-build state behind hooks.py's events (one instance; reset at on_files)."""

    def __init__(self) -> None:
        self.redirects: dict[str, str] = {}
        self.nav_pages: list[Page] = []

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # A rebuild under `mkdocs serve` starts afresh.
        self.redirects, self.nav_pages = {}, []
        if not config.site_url:
            raise LinkError("mkdocs.yml: set site_url; canonical links and the feed need it")
        self.redirects = read_redirects(config.extra)
        check_redirects(self.redirects, files)
        files.append(link_kit_file(config, files))
        return files

    def on_nav(self, nav: Navigation) -> Navigation:
        self.nav_pages = [page for page in nav.pages if isinstance(page, Page)]
        return nav

    def on_page_content(self, content: str, page: Page) -> str:
        where = f"docs/{page.file.src_uri}"
        aliases = read_aliases(page.meta, where)
        if aliases and page.present_anchor_ids is not None:
            # Internal links to an old id still resolve, so the build's anchor check accepts them.
            page.present_anchor_ids.update(aliases)
        return render_aliases(content, aliases, where)

    def kit_url(self, files: Files) -> str | None:
        kit = files.get_file_from_path(LINK_KIT)
        return kit.page.url if kit is not None and kit.page is not None else None

    def pages(self, files: Files) -> list[Page]:
        """Every built page, in nav order first, then the rest in file order."""
        seen = {p.file.src_uri for p in self.nav_pages}
        rest = [
            f.page
            for f in files.documentation_pages()
            if f.page is not None and f.src_uri not in seen
        ]
        return self.nav_pages + rest

    def on_env(self, config: MkDocsConfig, files: Files, made: SitePages) -> None:
        """Once every page is rendered (finish.site_pages made them): the link kit's list of
        guide sections, and a redirect page at each moved page's old address."""
        kit = files.get_file_from_path(LINK_KIT)
        if kit is not None and kit.page is not None and made.kit_html is not None:
            kit.page.content = (kit.page.content or "") + made.kit_html
        for dest, content in made.redirects.items():
            files.append(File.generated(config, dest, content=content))
