"""`python -m clearpicture finish SITE_DIR`: the plugin's after-rendering duties over a site
another engine (Zensical) built from the same source: the scripts' strings, alias ids, preview
meta tags and the feed link, the link kit, redirect pages and the feed, the CSP with each page's
hashes, then finish.py's post_build (runtime, service worker), and a check that every #anchor
link lands. It reads the site's configuration as the plugin sees it (hooks.py, plugin.py), so it
sits above them; finish.py, which hooks.py calls, knows neither (no import cycle).
Why both engines share this: dev/decisions/two-engines.md."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from clearpicture import csp, feed, previews
from clearpicture.finish import FinishError, guide_pages, post_build, site_pages
from clearpicture.hooks import site_strings
from clearpicture.links.kit import LINK_KIT
from clearpicture.links.published import page_url, read_page, read_site, relative
from clearpicture.plugin import checkout_fallback

_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_ARTICLE = re.compile(
    r'(<article\b[^>]*class="[^"]*md-content__inner[^"]*"[^>]*>)(.*?)(</article>)', re.S
)
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.I)
_CSP_META = "Content-Security-Policy"


@dataclass
class FinishReport:
    pages: int
    written: list[str]
    notes: list[str]


def finish(site_dir: Path, config_file: Path) -> FinishReport:
    """Do every duty the plugin does after rendering, over a site another engine built from
    the same source (mkdocs.yml, docs/, quizzes/). Raises FinishError naming what to fix."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    from clearpicture.links.aliases import read_aliases, render_aliases
    from clearpicture.links.kit import link_kit_file
    from clearpicture.links.redirects import read_redirects

    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        raise FinishError(f"{site_dir}: no index.html here; build the site first")
    config = load_config(str(config_file))
    root = Path(config.config_file_path).resolve().parent
    if not config.site_url:
        raise FinishError("mkdocs.yml: set site_url; canonical links and the feed need it")
    checkout_fallback()
    written: list[str] = []

    def put(rel: str, text: str) -> None:
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(rel)

    # The scripts' words (i18n.js imports strings.js), as the plugin's on_files writes them.
    from clearpicture import strings

    put(strings.SCRIPT, site_strings(config).script())

    files = get_files(config)
    # As MkDocs names the plugin behind a generated file while its event runs.
    config.plugins._current_plugin = "clearpicture"
    files.append(link_kit_file(config, files))
    nav = get_navigation(files, config)
    pages = [p for p in nav.pages if isinstance(p, Page)]
    listed = {p.file.src_uri for p in pages}
    for file in files.documentation_pages():
        if file.src_uri not in listed:
            pages.append(Page(None, file, config))
    built: dict[str, str] = {}
    for page in pages:
        page.read_source(config)
        path = site_dir / page.file.dest_uri
        if path.is_file():
            built[page.file.src_uri] = path.read_text(encoding="utf-8")

    # Alias ids, as on_page_content puts them before their heading.
    for page in pages:
        where = f"docs/{page.file.src_uri}"
        html = built.get(page.file.src_uri)
        if html is not None and (aliases := read_aliases(page.meta, where)):
            # Those a finished site already holds stay as they are (finish may run twice).
            todo = {o: n for o, n in aliases.items() if f'id="{o}" data-cp-alias-for' not in html}
            built[page.file.src_uri] = render_aliases(html, todo, where)

    redirects = read_redirects(config.extra)
    by_src = {p.file.src_uri: p for p in pages}
    kit_url = page_url(LINK_KIT, config.use_directory_urls)
    made = site_pages(
        config,
        guide_pages(p for p in pages if p.file.src_uri in built),
        lambda p: read_page(built[p.file.src_uri], article_only=True).sections,
        redirects,
        by_src.get,
        kit_url,
    )
    if made.kit_html is not None:
        built[LINK_KIT] = _link_kit_page(site_dir, built, pages, config, kit_url, made.kit_html)
    for rel, text in made.redirects.items():
        put(rel, text)
    put(feed.FEED, made.feed_xml)

    # Every page the engine wrote: preview tags and the feed link, links to generated pages, CSP.
    kit_dest = File(LINK_KIT, None, "", config.use_directory_urls).dest_uri
    dests = {src: by_src[src].file.dest_uri if src in by_src else kit_dest for src in built}
    for src, html in built.items():
        put(dests[src], csp.reapply(_with_head(html, config, by_src.get(src), dests[src])))
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel in written or rel.startswith("assets/"):
            continue
        html = path.read_text(encoding="utf-8")
        if csp.PLACEHOLDER in html or _CSP_META not in html:
            put(rel, csp.reapply(_with_head(html, config, None, rel)))

    problems = anchor_problems(site_dir)
    if problems:
        raise FinishError("links that land nowhere:\n" + "\n".join(problems))
    post_build(site_dir, root)
    return FinishReport(len(built), written, _notes(site_dir))


def _notes(site_dir: Path) -> list[str]:
    """What the author should know about the finished site."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    generator = re.search(r'<meta name="generator" content="(zensical[^"]*)"', home)
    if generator and generator.group(1) not in csp.ZENSICAL_SEARCH_STYLE:
        return [
            f"{generator.group(1)}: its search's inline style has no hash in "
            "clearpicture.csp.ZENSICAL_SEARCH_STYLE, so the CSP refuses it and search results "
            "show unstyled (dev/decisions/two-engines.md says how to measure it)"
        ]
    return []


def _url_of(dest: str) -> str:
    """The site-relative URL of an output path ("guides/x/index.html" → "guides/x/")."""
    return dest[: -len("index.html")] if dest.endswith("index.html") else dest


_KIT_LINK = re.compile(r'href="(/?)(?:\./|\.\./)*' + re.escape(LINK_KIT) + r'(#[^"]*)?"')


def _with_head(html: str, config: Any, page: Page | None, dest: str) -> str:
    """The engine's head additions theme/main.html makes under MkDocs: the CSP placeholder and
    no-referrer first in <head>, preview meta tags and the feed link last; and links to the
    link kit, a page only the engine makes, which the other engine left as `link-kit.md`."""
    if _CSP_META not in html:
        first = (
            f'<meta http-equiv="{_CSP_META}" content="{csp.PLACEHOLDER}">\n'
            '<meta name="referrer" content="no-referrer">\n'
        )
        html = _HEAD.sub(lambda m: m.group(0) + "\n" + first, html, count=1)
    url = _url_of(dest)
    if 'property="og:type"' not in html:
        tags = [
            f'<meta {attr}="{key}" content="{escape(value)}">'
            for attr, key, value in previews.preview_of(page, config).meta()
        ]
        tags.append(
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="{escape(str(config.site_name))}: guides" href="{relative(feed.FEED, url)}">'
        )
        html = _HEAD_END.sub(lambda m: "\n".join(tags) + "\n" + m.group(0), html, count=1)
    kit_url = page_url(LINK_KIT, config.use_directory_urls)
    kit = relative(kit_url, url)
    # Root-relative where the engine wrote it so (404.html, served at any address).
    return _KIT_LINK.sub(
        lambda m: f'href="{"/" + kit_url if m.group(1) else kit}{m.group(2) or ""}"', html
    )


def _link_kit_page(
    site_dir: Path,
    built: dict[str, str],
    pages: list[Page],
    config: Any,
    kit_url: str,
    kit_html: str,
) -> str:
    """The link kit as a page of the site: the built page nearest the kit's folder depth gives
    the theme's frame (header, nav, footer), its article the kit's intro and list."""
    import markdown

    from clearpicture.links.kit import LINK_KIT_MARKDOWN

    depth = kit_url.rstrip("/").count("/") + (1 if kit_url and config.use_directory_urls else 0)
    frames = [
        p for p in pages if p.file.src_uri in built and p.file.dest_uri.count("/") == depth
    ] or [p for p in pages if p.file.src_uri in built]
    if not frames:
        raise FinishError(f"{site_dir}: no built page to frame the link kit with")
    frame = built[frames[0].file.src_uri]
    _, _, body = LINK_KIT_MARKDOWN.partition("\n---\n")
    intro = markdown.markdown(body, extensions=["attr_list"])
    match = _ARTICLE.search(frame)
    if match is None:
        raise FinishError(f"{frames[0].file.dest_uri}: no <article class=md-content__inner>")
    html = frame[: match.start(2)] + "\n" + intro + "\n" + kit_html + "\n" + frame[match.end(2) :]
    html = _TITLE.sub(f"<title>Link kit - {config.site_name}</title>", html, count=1)
    # The frame's own canonical address and preview tags belong to the framing page.
    canonical = str(config.site_url).rstrip("/") + "/" + kit_url
    html = re.sub(
        r'<link rel="canonical"[^>]*>', f'<link rel="canonical" href="{canonical}">', html, count=1
    )
    html = re.sub(r'<meta (?:property|name)="(?:og|twitter):[^>]*>\n?', "", html)
    # The frame's table of contents lists the framing page's sections: not the kit's.
    return _drop_elements(html, '<nav class="md-nav md-nav--secondary"', "nav").replace(
        "md-nav__link--active", ""
    )


def _drop_elements(html: str, opening: str, tag: str) -> str:
    """html without each element that starts with opening, up to its matching end tag."""
    tokens = re.compile(rf"<{tag}\b|</{tag}\s*>", re.I)
    while (start := html.find(opening)) >= 0:
        depth = 0
        for token in tokens.finditer(html, start):
            depth += -1 if token.group(0).startswith("</") else 1
            if depth == 0:
                html = html[:start] + html[token.end() :]
                break
        else:
            break
    return html


_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


def anchor_problems(site_dir: Path) -> list[str]:
    """Every link from a built page to a #fragment of a page of this site must land on an id
    that page has (or a redirect page carrying it on), whichever engine wrote the link."""
    published = read_site(site_dir)
    texts: dict[str, str] = {}
    ids: dict[str, set[str]] = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        texts[rel] = path.read_text(encoding="utf-8")
        ids["/" + _url_of(rel)] = set(_ID.findall(texts[rel]))

    def lands(url: str, fragment: str, hops: int = 0) -> bool:
        if url in published.redirects and hops < 10:
            return lands(published.redirects[url], fragment, hops + 1)
        return fragment in ids.get(url, set())

    problems: list[str] = []
    for rel, text in texts.items():
        if rel == "404.html":
            continue
        page = "/" + _url_of(rel)
        for href in _HREF.findall(text):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
            target += "/" if parts.path.endswith("/") and not target.endswith("/") else ""
            if target.endswith(("/", ".html")) and not lands(target, parts.fragment):
                problems.append(f"{rel}: {href} lands nowhere ({target}#{parts.fragment})")
    return problems
