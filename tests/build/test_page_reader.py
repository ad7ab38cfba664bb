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


def test_whole_sections_and_quiz_forms_read_in_one_match_as_html_parser_reads_them() -> None:
    link = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'
    html = (
        f'<h2 id="a">Plain  section{link.format("a")}</h2>\n'
        "<p>One plain paragraph opens here. It goes on.</p>"
        f'<h3 id="b">Short lead{link.format("b")}</h3>\n<p>About 2 minutes.</p>'
        "<p>The next paragraph completes the summary of this one.</p>"
        f'<div class="admonition"><h2 id="c">In an aside{link.format("c")}</h2>'
        "<p>Words in an aside are not a summary at all.</p></div><p>But these five words are.</p>"
        f'<h2 id="d">Quiz{link.format("d")}</h2><form class="cp-quiz" data-cp-kind="quiz">'
        '<div class="cp-quiz__intro"><p>Five quick questions about it.</p></div>'
        '<fieldset class="cp-q" id="cp-q-x-one"><div class="cp-opt"><p>A</p></div></fieldset>'
        '<fieldset class="cp-q" id="cp-q-x-two"><legend>B</legend></fieldset></form>'
        "<p>After the form.</p>"
        f'<h2 id="e">Heading in a form{link.format("e")}</h2><form data-cp-kind="quiz">'
        '<div><p>Lead.</p></div><h3 id="f">Inside</h3><p>Read as a section, since it is one.</p>'
        '<fieldset class="cp-q" id="cp-q-y-one"></fieldset></form>'
    )
    fast, slow = read_page(html), read_page(html, fast=False)
    assert fast == slow
    assert [s.id for s in fast.sections] == ["a", "b", "c", "d", "e", "f"]
    assert fast.sections[0].title == "Plain section"
    assert (
        fast.sections[1].summary
        == "About 2 minutes. The next paragraph completes the summary of this one."
    )
    assert fast.questions == ("cp-q-x-one", "cp-q-x-two", "cp-q-y-one")
    assert read_page(html, summaries=False) == read_page(html, fast=False, summaries=False)
