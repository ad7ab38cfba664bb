"""The claims ledger (docs/sources.yml) as an author meets it: a good ledger reads into dated
sources; every problem is named with file, line and fix, all of them at once; `due` picks the
sources a maintainer must re-check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearpicture.sources import Ledger, SourcesError, load

from .helpers import ledger_text

TODAY = dt.date(2026, 12, 1)
GOOD = ledger_text()


def ledger_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "docs" / "sources.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    with pytest.raises(SourcesError) as failed:
        load(ledger_at(tmp_path, monkeypatch, text), TODAY)
    return failed.value.errors


def test_a_good_ledger_reads_into_dated_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = load(ledger_at(tmp_path, monkeypatch, GOOD), TODAY)
    assert list(ledger.sources) == [
        "apple-privacy-report",
        "chrome-profiles",
        "mozilla-permissions",
    ]
    report = ledger.sources["apple-privacy-report"]
    assert (report.publisher, report.title, report.url) == (
        "Apple Support",
        "About App Privacy Report",
        "https://support.apple.com/102188",
    )
    assert report.checked == dt.date(2026, 11, 25)
    assert report.checked_text == "25 November 2026"
    assert report.supports.startswith("Settings › Privacy & Security › App Privacy Report;")
    assert [s.line for s in ledger.sources.values()] == [1, 7, 13]
    assert ledger.order_problems() == []


def test_no_ledger_file_is_an_empty_ledger(tmp_path: Path) -> None:
    assert load(tmp_path / "sources.yml").sources == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            GOOD.replace("  checked: 2026-11-25\n", ""),
            [
                "docs/sources.yml:1: source 'apple-privacy-report' has no 'checked' — add "
                "'checked: YYYY-MM-DD', the date you read the page"
            ],
            id="no-checked",
        ),
        pytest.param(
            GOOD.replace("checked: 2026-11-25", "checked: 25 November 2026"),
            [
                "docs/sources.yml:5: source 'apple-privacy-report': checked '25 November 2026' "
                "is not a date — write the day you read the page as YYYY-MM-DD, e.g. "
                "'checked: 2026-12-01'"
            ],
            id="checked-in-words",
        ),
        pytest.param(
            GOOD.replace("checked: 2026-11-25", "checked: 2026-13-01"),
            [
                "docs/sources.yml:5: source 'apple-privacy-report': checked '2026-13-01' is not "
                "a date — write the day you read the page as YYYY-MM-DD, e.g. "
                "'checked: 2026-12-01'"
            ],
            id="checked-no-such-month",
        ),
        pytest.param(
            GOOD.replace("checked: 2026-11-25", "checked: 2026-12-03"),
            [
                "docs/sources.yml:5: source 'apple-privacy-report': checked 2026-12-03 is in "
                "the future — write the day you read the page"
            ],
            id="checked-in-the-future",
        ),
        pytest.param(
            GOOD.replace("  publisher: Apple Support\n", "").replace(
                "  title: Share Chrome with others\n", ""
            ),
            [
                "docs/sources.yml:1: source 'apple-privacy-report' has no 'publisher' — add "
                "'publisher:', who publishes the page (e.g. 'OpenAI Help Center')",
                "docs/sources.yml:6: source 'chrome-profiles' has no 'title' — add 'title:', "
                "the page's own title",
            ],
            id="missing-fields-of-two-entries",
        ),
        pytest.param(
            GOOD.replace("id: chrome-profiles", "id: apple-privacy-report"),
            [
                "docs/sources.yml:7: source id 'apple-privacy-report' is already used on line 1 "
                "— give each source its own id, or merge the two entries"
            ],
            id="duplicate-id",
        ),
        pytest.param(
            GOOD.replace("id: chrome-profiles", "id: Chrome Profiles"),
            [
                "docs/sources.yml:7: source id 'Chrome Profiles' is not valid — use lowercase "
                "letters, digits and '-' only, e.g. 'chrome-profiles'"
            ],
            id="bad-id",
        ),
        pytest.param(
            GOOD.replace("url: https://support.apple.com/102188", "url: support.apple.com/102188"),
            [
                "docs/sources.yml:4: source 'apple-privacy-report': url "
                "'support.apple.com/102188' is not a full web address — write it with "
                "https://, as the browser shows it"
            ],
            id="url-without-scheme",
        ),
        pytest.param(
            GOOD.replace("  checked: 2026-06-01", "  chekced: 2026-06-01"),
            [
                "docs/sources.yml:11: source 'chrome-profiles' has an unknown key 'chekced' — "
                "did you mean 'checked'?",
                "docs/sources.yml:7: source 'chrome-profiles' has no 'checked' — add "
                "'checked: YYYY-MM-DD', the date you read the page",
            ],
            id="misspelt-key",
        ),
        pytest.param(
            GOOD.replace("  title: About App Privacy Report\n", "  title: ''\n"),
            [
                "docs/sources.yml:3: source 'apple-privacy-report': 'title' is empty — add "
                "'title:', the page's own title"
            ],
            id="empty-title",
        ),
        pytest.param(
            "id: x\npublisher: y\n",
            [
                "docs/sources.yml:1: the ledger must be a list of sources ('- id: …' entries), "
                "not a set of keys"
            ],
            id="not-a-list",
        ),
        pytest.param(
            "- id: [x\n",
            [
                "docs/sources.yml:2: YAML cannot read the ledger (expected ',' or ']', but got "
                "'<stream end>') — fix this line"
            ],
            id="not-yaml",
        ),
    ],
)
def test_every_problem_names_line_and_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    assert sorted(problems(tmp_path, monkeypatch, text)) == sorted(expected)


def test_a_date_in_quotes_is_a_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = GOOD.replace("checked: 2026-11-25", "checked: '2026-11-25'")
    ledger = load(ledger_at(tmp_path, monkeypatch, text), TODAY)
    assert ledger.sources["apple-privacy-report"].checked == dt.date(2026, 11, 25)


def test_out_of_order_entries_are_named_with_where_they_belong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = GOOD.split("- id: ")
    text = "- id: " + "- id: ".join([entries[3], entries[1], entries[2]])
    ledger = load(ledger_at(tmp_path, monkeypatch, text), TODAY)
    assert ledger.order_problems() == [
        "docs/sources.yml:7: source 'apple-privacy-report' is out of order — the ledger is "
        "sorted by id: move it before 'mozilla-permissions'",
        "docs/sources.yml:13: source 'chrome-profiles' is out of order — the ledger is "
        "sorted by id: move it before 'mozilla-permissions'",
    ]


def test_due_lists_what_was_not_checked_within_the_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger: Ledger = load(ledger_at(tmp_path, monkeypatch, GOOD), TODAY)
    everything = ["chrome-profiles", "mozilla-permissions", "apple-privacy-report"]
    assert [s.id for s in ledger.due(0, TODAY)] == everything
    assert [s.id for s in ledger.due(6, TODAY)] == everything
    assert [s.id for s in ledger.due(7, TODAY)] == everything[:2]
    assert [s.id for s in ledger.due(91, TODAY)] == everything[:2]
    assert [s.id for s in ledger.due(92, TODAY)] == everything[:1]
    assert [s.id for s in ledger.due(183, TODAY)] == everything[:1]
    assert ledger.due(184, TODAY) == []
