"""Stable links in the build: the MkDocs events behind hooks.py, in the order MkDocs calls them.
Checks redirects and adds the link kit page (on_files), renders alias ids (on_page_content),
then, once every page is rendered, fills in the link kit and writes the redirect pages."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from clearpicture.links import LinkError
from clearpicture.links.aliases import read_aliases, render_aliases
from clearpicture.links.kit import LINK_KIT, KitGuide, link_kit_file, link_kit_html
from clearpicture.links.published import page_url, read_page
from clearpicture.links.redirects import check_redirects, read_redirects, redirect_page
from clearpicture.previews import preview_of


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

    def pages(self, files: Files) -> list[Page]:
        """Every built page, in nav order first, then the rest in file order."""
        seen = {p.file.src_uri for p in self.nav_pages}
        rest = [
            f.page
            for f in files.documentation_pages()
            if f.page is not None and f.src_uri not in seen
        ]
        return self.nav_pages + rest

    def on_env(self, config: MkDocsConfig, files: Files, guides: list[Page]) -> None:
        """Once every page is rendered: the link kit's list of guide sections, and a redirect
        page at each moved page's old address."""
        kit = files.get_file_from_path(LINK_KIT)
        if kit is not None and kit.page is not None:
            kit_guides = [
                KitGuide(
                    preview_of(p, config).title,
                    p.url,
                    p.canonical_url or "",
                    preview_of(p, config).description,
                    read_page(p.content or "").sections,
                )
                for p in guides
            ]
            kit.page.content = (kit.page.content or "") + link_kit_html(kit_guides, kit.page.url)
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
                meta=preview_of(target.page, config).meta(),
            )
            files.append(File.generated(config, dest, content=content))
