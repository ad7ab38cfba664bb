"""A page's citations as the build reads them from its Markdown: each with its line and section,
the click-path rule (a `›` chain needs a citation in its own paragraph or list item), unknown
ids, and the Sources block a citing page must end with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearpicture.citations import Citation, scan, scan_docs
from clearpicture.sources import Ledger, Source

SOURCE = Source(
    id="apple-privacy-report",
    publisher="Apple Support",
    title="About App Privacy Report",
    url="https://support.apple.com/102188",
    checked=dt.date(2026, 11, 25),
    supports="The App Privacy Report path.",
    line=1,
)
LEDGER = Ledger(Path("docs/sources.yml"), {SOURCE.id: SOURCE})
FRONT = "---\ntitle: T\n---\n\n# Title {#top}\n\n"
END = "\n## Sources {#sources}\n\n/// sources\n///\n"


def rules(markdown: str) -> list[tuple[int, str]]:
    return scan(markdown).problems(LEDGER)


def test_citations_carry_their_line_and_nearest_section() -> None:
    page = scan(
        FRONT
        + "Intro.[@apple-privacy-report]\n\n"
        + "## Explicit id {#iphone}\n\n"
        + "1. Step one[@apple-privacy-report][@other].\n\n"
        + "### A slugged heading\n\n"
        + "Text[@apple-privacy-report].\n"
        + END
    )
    assert page.citations == [
        Citation("apple-privacy-report", 7, "top"),
        Citation("apple-privacy-report", 11, "iphone"),
        Citation("other", 11, "iphone"),
        Citation("apple-privacy-report", 15, "a-slugged-heading"),
    ]
    assert page.sources_blocks == [19]


@pytest.mark.parametrize(
    "markdown",
    [
        "Open **Settings › Privacy** and look.[@apple-privacy-report]\n",
        "Open **Settings › Privacy**\nand, on the next line,[@apple-privacy-report] look.\n",
        "1. Open **Settings › Privacy**.[@apple-privacy-report]\n2. Tap **Done**.\n",
        "- Open **Settings ›\n  Privacy**[@apple-privacy-report]\n",
        "| Phone | Path |\n| --- | --- |\n| iPhone | Settings › Privacy[@apple-privacy-report] |\n",
        "Type `a › b` in code, which is no click path.\n",
        "```text\nSettings › Privacy\n```\n",
        '!!! tip "Where"\n    Open **Settings › Privacy**.[@apple-privacy-report]\n',
    ],
    ids=[
        "same-paragraph",
        "later-line-of-the-paragraph",
        "numbered-step",
        "wrapped-list-item",
        "table-row",
        "code-span",
        "code-block",
        "admonition",
    ],
)
def test_a_click_path_with_a_citation_beside_it_passes(markdown: str) -> None:
    assert rules(FRONT + markdown + END if "[@" in markdown else FRONT + markdown) == []


@pytest.mark.parametrize(
    ("markdown", "line", "path"),
    [
        ("Open **Settings › Privacy & Security** and look.\n", 7, "Settings › Privacy & Security"),
        (
            "1. Open **Settings › Privacy**.\n2. Tap **Done**.[@apple-privacy-report]\n",
            7,
            "Settings › Privacy",
        ),
        (
            "Open **Settings › Privacy**.\n\nA new paragraph.[@apple-privacy-report]\n",
            7,
            "Settings › Privacy",
        ),
        (
            "| Phone | Path |\n| --- | --- |\n| iPhone | Settings › General |\n"
            "| Android | Settings[@apple-privacy-report] |\n",
            9,
            "Settings › General",
        ),
        (
            "A path in code is no citation: **Apps › All** `[@apple-privacy-report]`\n",
            7,
            "Apps › All",
        ),
    ],
    ids=["paragraph", "other-list-item", "other-paragraph", "other-table-row", "cited-in-code"],
)
def test_a_click_path_without_a_citation_in_its_unit_fails(
    markdown: str, line: int, path: str
) -> None:
    message = (
        f"the click path '{path}' has no citation in its paragraph or list item — add "
        "[@source-id] after the claim (the source that shows this path)"
    )
    assert (line, message) in rules(FRONT + markdown + END)


def test_unknown_and_malformed_ids_are_named_with_the_fix() -> None:
    found = rules(FRONT + "One[@apple-privacy-reports], two[@Apple Report].\n" + END)
    assert found == [
        (
            7,
            "'[@Apple Report]' is not a citation of a source id — ids use lowercase letters, "
            "digits and '-', e.g. [@openai-data-controls]",
        ),
        (
            7,
            "unknown source 'apple-privacy-reports' in [@apple-privacy-reports] — add it to "
            "docs/sources.yml or fix the id (did you mean 'apple-privacy-report'?)",
        ),
    ]


def test_a_citing_page_needs_one_sources_block() -> None:
    cited = FRONT + "Text.[@apple-privacy-report]\n"
    assert rules(cited) == [
        (
            7,
            "the page cites sources but has no '/// sources' block — end the page with "
            "'## Sources {#sources}', then a line '/// sources' and a line '///'",
        )
    ]
    assert rules(FRONT + "No citation here.\n" + END) == [
        (
            11,
            "a '/// sources' block, but the page cites nothing — cite with [@source-id] or "
            "remove the block",
        )
    ]
    assert rules(cited + END + "\n/// sources\n///\n") == [
        (14, "a second '/// sources' block (the first is on line 11) — keep one")
    ]


def test_scan_docs_names_every_page_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    (docs / "guides").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nNothing cited.\n", encoding="utf-8")
    (docs / "guides" / "a.md").write_text(FRONT + "Good.[@apple-privacy-report]\n" + END)
    (docs / "guides" / "b.md").write_text(FRONT + "**Apps › All**\n\nBad.[@nope]\n" + END)
    site = scan_docs(docs, LEDGER)
    assert list(site.pages) == ["guides/a.md", "guides/b.md"]
    assert site.errors == [
        "docs/guides/b.md:7: the click path 'Apps › All' has no citation in its paragraph or "
        "list item — add [@source-id] after the claim (the source that shows this path)",
        "docs/guides/b.md:9: unknown source 'nope' in [@nope] — add it to docs/sources.yml or "
        "fix the id",
    ]
