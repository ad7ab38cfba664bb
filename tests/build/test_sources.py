"""The claims ledger in real builds. The fixture site (tests/build/fixtures/sources) shows the
references and the Sources list a cited page gets, and each broken rule failing the build before
anything is written, naming file, line and fix. The real site keeps its ledger unpublished."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.build.fixtures.sources import assemble
from tests.conftest import BuiltSite, build_site


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    dest = tmp_path_factory.mktemp("sources-fixture")
    return build_site(dest / "site", assemble(dest / "src"))


def article(site: BuiltSite, path: str) -> str:
    html = (site.root / path).read_text(encoding="utf-8")
    found = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert found is not None
    return found.group(1)


def test_a_citing_page_gets_numbered_references_and_its_sources_list(
    fixture_site: BuiltSite,
) -> None:
    html = article(fixture_site, "phones/index.html")
    references = re.findall(
        r'<sup class="cp-cite"><a aria-label="(Source \d)" href="#source-([a-z-]+)">\[(\d)\]</a>',
        html,
    )
    assert references == [
        ("Source 1", "apple-privacy-report", "1"),
        ("Source 1", "apple-privacy-report", "1"),
        ("Source 2", "chrome-profiles", "2"),
        ("Source 1", "apple-privacy-report", "1"),
        ("Source 2", "chrome-profiles", "2"),
    ]
    items = re.findall(r'<li id="(source-[a-z-]+)">(.*?)</li>', html, re.S)
    assert [(anchor, re.sub(r"<[^>]+>", "", text)) for anchor, text in items] == [
        (
            "source-apple-privacy-report",
            "Apple Support, “About App Privacy Report”, https://support.apple.com/102188, "
            "checked on 25 November 2026.",
        ),
        (
            "source-chrome-profiles",
            "Google Chrome Help, “Share Chrome with others”, "
            "https://support.google.com/chrome/answer/2364824, checked on 25 November 2026.",
        ),
    ]
    assert html.index('id="sources"') < html.index('<div class="cp-sources"><ol>')


def test_a_page_that_cites_nothing_has_no_sources_list(fixture_site: BuiltSite) -> None:
    assert "cp-sources" not in article(fixture_site, "index.html")


def test_the_ledger_file_is_not_published(fixture_site: BuiltSite, site: BuiltSite) -> None:
    for built in (fixture_site, site):
        assert list(built.root.rglob("sources.yml")) == []
        assert "sources.yml" not in (built.root / "sitemap.xml").read_text(encoding="utf-8")


LEDGER = "docs/sources.yml"
PAGE = "docs/phones.md"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            PAGE,
            "[@chrome-profiles] The",
            "[@chrome-profile] The",
            f"{PAGE}:14: unknown source 'chrome-profile' in [@chrome-profile] — add it to "
            f"{{root}}/{LEDGER} or fix the id (did you mean 'chrome-profiles'?)",
        ),
        (
            LEDGER,
            "  checked: 2026-11-25\n  supports: Profiles",
            "  supports: Profiles",
            f"{LEDGER}:8: source 'chrome-profiles' has no 'checked' — add 'checked: YYYY-MM-DD', "
            "the date you read the page",
        ),
        (
            PAGE,
            "**Settings › Privacy & Security**.[@apple-privacy-report]",
            "**Settings › Privacy & Security**.",
            f"{PAGE}:9: the click path 'Settings › Privacy & Security' has no citation in its "
            "paragraph or list item — add [@source-id] after the claim (the source that shows "
            "this path)",
        ),
        (
            PAGE,
            "/// sources\n///\n",
            "",
            f"{PAGE}:9: the page cites sources but has no '/// sources' block — end the page "
            "with '## Sources {{#sources}}', then a line '/// sources' and a line '///'",
        ),
    ],
    ids=["unknown-id", "entry-without-checked", "uncited-click-path", "no-sources-block"],
)
def test_a_broken_rule_fails_the_build_before_anything_is_written(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    config = assemble(tmp_path / "src")
    path = tmp_path / "src" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} no longer holds {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    earlier = tmp_path / "site" / "index.html"
    earlier.parent.mkdir()
    earlier.write_text("the last good build", encoding="utf-8")
    with pytest.raises(AssertionError) as failed:
        build_site(tmp_path / "site", config)
    root = (tmp_path / "src").as_posix()
    assert "sources have problems:\n" in str(failed.value)
    assert f"{root}/" + expected.format(root=root) in str(failed.value)
    assert earlier.read_text(encoding="utf-8") == "the last good build"
