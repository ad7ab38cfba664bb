"""`python -m clearpicture sources --due DAYS` and the ledger part of `check`: what a maintainer
re-checking the site every quarter, and CI, see."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clearpicture.__main__ import main

from .helpers import ROOT, ledger_text

LEDGER = ledger_text()
PAGE = """\
# Phones {#top}

## iPhone {#iphone}

Open **Settings › Privacy & Security**.[@apple-privacy-report]

## Browsers {#browsers}

Profiles keep accounts apart.[@chrome-profiles]

### Extensions

Read the permission messages.[@chrome-profiles]

## Sources {#sources}

/// sources
///
"""


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "guides").mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "docs" / "sources.yml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "docs" / "guides" / "phones.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\nProfiles.[@chrome-profiles]\n\n## Sources\n\n/// sources\n///\n",
        encoding="utf-8",
    )
    return tmp_path / "docs"


def test_due_lists_old_sources_with_the_sections_citing_them(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "--due", "90", "--today", "2026-12-01"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "2 of 3 sources not checked within 90 days (today 2026-12-01)",
        "chrome-profiles  checked 2026-06-01 (183 days ago)",
        "  https://support.google.com/chrome/answer/2364824",
        "  guides/phones.md#browsers",
        "  guides/phones.md#extensions",
        "  index.md#home",
        "mozilla-permissions  checked 2026-09-01 (91 days ago)",
        "  https://support.mozilla.org/kb/permission-request-messages-firefox-extensions",
        "  (cited nowhere)",
    ]


def test_due_zero_lists_all_and_a_year_none(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--due", "0", "--today", "2026-12-01"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("3 of 3 sources not checked within 0 days (today 2026-12-01)\n")
    assert "apple-privacy-report  checked 2026-11-25 (6 days ago)\n  " in out
    assert main(["sources", "--due", "365", "--today", "2026-12-01"]) == 0
    assert (
        capsys.readouterr().out == "0 of 3 sources not checked within 365 days (today 2026-12-01)\n"
    )


def test_due_stops_on_ledger_or_page_problems(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = docs / "guides" / "phones.md"
    page.write_text(PAGE.replace("[@apple-privacy-report]", "[@apple-report]"), encoding="utf-8")
    assert main(["sources", "--due", "0"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "docs/guides/phones.md:5: unknown source 'apple-report' in [@apple-report] — add it to "
        "docs/sources.yml or fix the id (did you mean 'apple-privacy-report'?)\n"
    )
    (docs / "sources.yml").write_text(LEDGER.replace("  checked: 2026-06-01\n", ""))
    assert main(["sources", "--due", "0"]) == 2
    assert capsys.readouterr().err == (
        "docs/sources.yml:7: source 'chrome-profiles' has no 'checked' — add "
        "'checked: YYYY-MM-DD', the date you read the page\n"
    )


def test_check_counts_citations_and_fails_on_an_unsorted_ledger(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "0 quizzes OK\n3 sources, 4 citations on 2 pages OK\n"
    entries = LEDGER.split("- id: ")
    (docs / "sources.yml").write_text(
        "- id: " + entries[2] + "- id: " + entries[1] + "- id: " + entries[3]
    )
    assert main(["check"]) == 1
    assert capsys.readouterr().err == (
        "docs/sources.yml:7: source 'apple-privacy-report' is out of order — the ledger is "
        "sorted by id: move it before 'chrome-profiles'\n"
    )


def test_due_documents_its_exit_status() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clearpicture", "sources", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "exit status: 0 nothing due, 1 some sources due (listed), 2 the ledger or a page " in (
        " ".join(done.stdout.split())
    )
