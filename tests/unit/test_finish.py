"""The post-build step's own checks, on tiny hand-written sites (the whole step runs over the real
Zensical build in tests/build: engine_site)."""

from __future__ import annotations

from pathlib import Path

from clearpicture import csp
from clearpicture.finish_site import anchor_problems


def write(root: Path, rel: str, html: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(html, encoding="utf-8")


def test_a_link_to_a_missing_section_is_named_with_where_it_points(tmp_path: Path) -> None:
    write(
        tmp_path,
        "index.html",
        '<a href="guides/x/#here">a</a> <a href="guides/x/#gone">b</a> '
        '<a href="https://example.org/#x">c</a> <a href="#local">d</a>',
    )
    write(tmp_path, "guides/x/index.html", '<h2 id="here">Here</h2> <a href="../../#top">e</a>')
    assert anchor_problems(tmp_path) == [
        "guides/x/index.html: ../../#top lands nowhere (/#top)",
        "index.html: guides/x/#gone lands nowhere (/guides/x/#gone)",
    ]


def test_a_redirect_page_carries_a_section_link_on(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<a href="old/#here">a</a>')
    write(
        tmp_path,
        "old/index.html",
        '<meta name="clearpicture:redirect" content="/new/">',
    )
    write(tmp_path, "new/index.html", '<h2 id="here">Here</h2>')
    assert anchor_problems(tmp_path) == []


def test_only_a_page_zensical_built_allows_its_search_style() -> None:
    zensical = '<meta name="generator" content="zensical-0.0.73"><p>x</p>'
    material = '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">'
    assert csp.style_hashes(zensical) == [csp.ZENSICAL_SEARCH_STYLE["zensical-0.0.73"]]
    assert csp.style_hashes(material) == []
    assert csp.style_hashes('<meta name="generator" content="zensical-9.9.9">') == []
    assert "style-src 'self' 'sha256-" in csp.policy_for(zensical)
    assert "style-src 'self';" in csp.policy_for(material)
