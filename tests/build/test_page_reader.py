"""The link kit and the anchor check read pages with a regular-expression tokenizer where the
markup allows (links/published.py); on every page of the real build it publishes exactly what
html.parser reads, whole page and article alike, and the ids-only read (the anchor check's) the
same sections."""

from __future__ import annotations

from dataclasses import replace

from clearpicture.links.published import read_page, read_site
from tests.conftest import BuiltSite


def test_the_fast_reader_reads_every_built_page_as_html_parser_does(site: BuiltSite) -> None:
    pages = site.pages()
    assert len(pages) > 10
    sections = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for article_only in (True, False):
            fast = read_page(text, article_only=article_only)
            slow = read_page(text, article_only=article_only, fast=False)
            assert fast == slow, (page, article_only)
            # The anchor check reads ids only: the same sections, without their summaries.
            ids = read_page(text, article_only=article_only, summaries=False)
            assert ids.sections == tuple(replace(s, summary="") for s in slow.sections)
            assert (ids.aliases, ids.redirect, ids.questions) == (
                slow.aliases,
                slow.redirect,
                slow.questions,
            )
        sections += len(fast.sections)
    assert sections > 50
    assert read_site(site.root).sections


def test_the_fast_reader_handles_entities_self_closing_tags_and_stray_angles() -> None:
    html = (
        '<h2 id="a-b">Tom &amp; Jerry<a class="headerlink" href="#a-b">¶</a></h2>'
        "<p>Use 2 &lt; 3 and <br/> a line. It reads on, for five words here.</p>"
        '<h3 id="c">C</h3><div class="admonition"><p>An aside, skipped by the reader.</p></div>'
        "<p>Then a lead < sentence with a stray angle and more words.</p>"
    )
    assert read_page(html) == read_page(html, fast=False)
    assert read_page(html).sections[0].title == "Tom & Jerry"
