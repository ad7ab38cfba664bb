"""What the Markdown extension makes of citations: `[@id]` becomes a numbered reference named
"Source N" that links to the page's Sources list, which shows publisher, title, address and the
day checked, in order of first citation. Rendered with plain Python-Markdown, as Zensical would."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from clearpicture.sources import SourcesError

from .helpers import ledger_text

LEDGER = ledger_text()
PAGE = """\
# Title {#top}

1. Open **Settings › Privacy & Security**.[@chrome-profiles]
2. Tap **App Privacy Report**.[@apple-privacy-report][@chrome-profiles]

Profiles keep accounts apart.[@chrome-profiles]

## Sources {#sources}

/// sources
///
"""


def render(tmp_path: Path, page: str, ledger_text: str = LEDGER) -> str:
    ledger = tmp_path / "sources.yml"
    ledger.write_text(ledger_text, encoding="utf-8")
    (tmp_path / "quizzes").mkdir(exist_ok=True)
    config = {"docs_dir": str(tmp_path), "quizzes_dir": str(tmp_path / "quizzes")}
    return markdown.markdown(
        page,
        extensions=["attr_list", "toc", "clearpicture.markdown"],
        extension_configs={"clearpicture.markdown": {**config, "sources": str(ledger)}},
    )


def test_citations_become_numbered_references_to_the_sources_list(tmp_path: Path) -> None:
    html = render(tmp_path, PAGE)
    references = re.findall(r'<sup class="cp-cite"><a ([^>]*)>([^<]*)</a></sup>', html)
    assert references == [
        ('aria-label="Source 1" href="#source-chrome-profiles"', "[1]"),
        ('aria-label="Source 2" href="#source-apple-privacy-report"', "[2]"),
        ('aria-label="Source 1" href="#source-chrome-profiles"', "[1]"),
        ('aria-label="Source 1" href="#source-chrome-profiles"', "[1]"),
    ]
    assert "[@" not in html


def test_the_sources_block_lists_each_cited_source_once_with_its_date(tmp_path: Path) -> None:
    html = render(tmp_path, PAGE)
    listing = re.search(r'<div class="cp-sources"><ol>(.*?)</ol></div>', html, re.S)
    assert listing is not None
    assert re.findall(r"<li[^>]*>.*?</li>", listing.group(1)) == [
        '<li id="source-chrome-profiles">Google Chrome Help, “<a '
        'href="https://support.google.com/chrome/answer/2364824">Share Chrome with others</a>”, '
        '<span class="cp-source-url">https://support.google.com/chrome/answer/2364824</span>, '
        'checked on <time datetime="2026-06-01">1 June 2026</time>.</li>',
        '<li id="source-apple-privacy-report">Apple Support, “<a '
        'href="https://support.apple.com/102188">About App Privacy Report</a>”, '
        '<span class="cp-source-url">https://support.apple.com/102188</span>, '
        'checked on <time datetime="2026-11-25">25 November 2026</time>.</li>',
    ]


def test_author_text_in_the_ledger_is_escaped(tmp_path: Path) -> None:
    page = "Text.[@apple-privacy-report]\n\n/// sources\n///\n"
    html = render(tmp_path, page, LEDGER.replace("Apple Support", "Apple <b>Support</b> & co"))
    assert "Apple &lt;b&gt;Support&lt;/b&gt; &amp; co, “" in html


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "Open **Settings › General**.\n\n/// sources\n///\n",
            "line 1 of the page's Markdown: the click path 'Settings › General' has no citation",
        ),
        (
            "Text.[@nope]\n\n/// sources\n///\n",
            "line 1 of the page's Markdown: unknown source 'nope' in [@nope]",
        ),
        (
            "Text.[@chrome-profiles]\n",
            "line 1 of the page's Markdown: the page cites sources but has no '/// sources' block",
        ),
        (
            "Text.[@chrome-profiles]\n\n/// sources\nA stray line.\n///\n",
            "the '/// sources' block holds text — it takes none",
        ),
    ],
    ids=["uncited-click-path", "unknown-id", "no-sources-block", "text-in-the-block"],
)
def test_rendering_refuses_a_page_that_breaks_a_rule(
    tmp_path: Path, page: str, expected: str
) -> None:
    with pytest.raises(SourcesError) as failed:
        render(tmp_path, page)
    assert expected in str(failed.value)
