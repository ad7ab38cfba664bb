"""The built site, read as files: it must load nothing from any other host, carry a CSP on every
page, keep its inline scripts within what that CSP allows, and carry the scoring runtime. Every
check runs against both builds of the same source: MkDocs', and Zensical's then `finish`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clearpicture import csp, runtime
from tests.conftest import BuiltSite

# (tag, attribute) pairs whose URL the browser fetches by itself, with no click.
FETCHED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("form", "action"),
    ("use", "href"),
    ("image", "href"),
}
# <link rel=...> kinds that name a URL without fetching it.
NOT_FETCHED_RELS = {"canonical", "alternate", "prev", "next"}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[tuple[str, str, str]] = []
        self.metas: list[dict[str, str]] = []
        self.head_first: str | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "head":
            self._in_head = True
        elif self._in_head and self.head_first is None:
            self.head_first = tag + (" " + values.get("http-equiv", "") if tag == "meta" else "")
        if tag == "meta":
            self.metas.append(values)
        if tag == "link" and set(values.get("rel", "").split()) & NOT_FETCHED_RELS:
            return
        for name, value in values.items():
            if (tag, name) in FETCHED:
                self.fetched.append((tag, name, value))
        if "style" in values and "url(" in values["style"]:
            self.fetched.append((tag, "style", values["style"]))


@pytest.fixture
def site(engine_site: BuiltSite) -> BuiltSite:
    """Each build in turn (tests/conftest.py: BUILDS)."""
    return engine_site


def refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_build_is_strict(site: BuiltSite) -> None:
    # How long the build takes is a benchmark's figure (scripts/bench_build.py), not a test's:
    # on a shared two-core machine a timed bound fails for the machine's load, not the code.
    assert site.pages(), "the build wrote no pages"
    assert "WARNING" not in site.log


def test_no_page_loads_anything_from_another_host(site: BuiltSite) -> None:
    offenders = [
        f"{page.relative_to(site.root)}: <{tag} {attr}={value!r}>"
        for page in site.pages()
        for tag, attr, value in refs(page).fetched
        if ABSOLUTE.search(value) or value.startswith(("http:", "https:"))
    ]
    assert offenders == []


def test_no_stylesheet_imports_from_another_host(site: BuiltSite) -> None:
    pattern = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""")
    offenders = [
        f"{css.relative_to(site.root)}: {match}"
        for css in site.root.rglob("*.css")
        for match in pattern.findall(css.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_page_carries_the_csp_first_in_head(site: BuiltSite) -> None:
    for page in site.pages():
        parsed = refs(page)
        policies = [
            m["content"] for m in parsed.metas if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(policies) == 1, f"{page}: expected one CSP meta, found {len(policies)}"
        # A meta CSP only governs what follows it; charset may precede it, nothing else.
        assert parsed.head_first == "meta Content-Security-Policy", page
        policy = dict((d.split()[0], d.split()[1:]) for d in policies[0].split(";") if d.strip())
        assert policy["default-src"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"]
        assert policy["worker-src"] == ["'self'"]
        assert policy["form-action"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
        assert "'unsafe-inline'" not in policies[0] and "'unsafe-eval'" not in policies[0]
        # Styles: the site's own files, plus on a Zensical page its search's one inline style.
        assert policy["style-src"] == ["'self'", *csp.style_hashes(page.read_text())], page
        html = page.read_text(encoding="utf-8")
        assert policy["script-src"][2:] == csp.inline_script_hashes(html), page


def test_no_built_page_carries_the_live_reload_script(site: BuiltSite) -> None:
    # Only `mkdocs serve` adds it, and allows it by hash in the pages it serves (hooks.on_serve,
    # tests/browser/test_live_reload.py); a built page neither holds it nor allows it.
    for page in site.pages():
        assert "livereload" not in page.read_text(encoding="utf-8"), page


def test_every_page_sends_no_referrer(site: BuiltSite) -> None:
    for page in site.pages():
        metas = [m for m in refs(page).metas if m.get("name") == "referrer"]
        assert [m.get("content") for m in metas] == ["no-referrer"], page


@pytest.mark.parametrize("theme_font", ["fonts.googleapis.com", "fonts.gstatic.com"])
def test_no_google_fonts_anywhere(site: BuiltSite, theme_font: str) -> None:
    assert not [p for p in site.pages() if theme_font in p.read_text(encoding="utf-8")]


def test_the_site_carries_the_scoring_runtime(site: BuiltSite) -> None:
    shipped = [
        *(runtime.SITE_PYODIDE / name for name in (*runtime.COPIED, runtime.STDLIB, runtime.LOCK)),
        runtime.SITE_PYTHON / "scoring.py",
    ]
    missing = [rel.as_posix() for rel in shipped if not (site.root / rel).is_file()]
    assert missing == []
    scoring = (site.root / runtime.SITE_PYTHON / "scoring.py").read_bytes()
    assert scoring == runtime.SCORING.read_bytes(), "the browser scores with the same module"


def test_no_page_links_a_markdown_source(site: BuiltSite) -> None:
    # A link left as `x.md` (a quiz's "Read more", the nav's generated link kit) is a 404.
    source_link = re.compile(r"""href=["']([^"'#:]*\.md(?:#[^"']*)?)["']""")
    offenders = [
        f"{page.relative_to(site.root)}: {href}"
        for page in site.pages()
        for href in source_link.findall(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []
