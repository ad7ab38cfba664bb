"""Stable links, read from built sites. The real site publishes exactly what anchors.lock lists;
the fixture site (tests/build/fixtures/links) shows a dropped id or a moved page failing with the
fix in the message, alias ids and redirect pages keeping old links landing, and the guards on
front matter. Also: the link kit, the Atom feed and the preview meta tags."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import markupsafe
import pytest
import yaml

from clearpicture.__main__ import main as clearpicture
from clearpicture.links import published
from clearpicture.links.lock import check_lock, parse_lock
from tests.build import test_output
from tests.build.fixtures.links import assemble
from tests.conftest import ROOT, BuiltSite, build_site

SITE_URL = "https://clearpicture.example.org/"
FIXTURE_URL = "https://links.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
PREVIEW = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "twitter:card")


def assert_lock_holds(site_root: Path, lock: Path, docs_dir: Path) -> None:
    """The helper every lock test uses: fails with the message an author would read."""
    report = check_lock(
        parse_lock(lock.read_text(encoding="utf-8")), published.read_site(site_root), docs_dir
    )
    if not report.ok:
        raise AssertionError(report.message())


def lock_failure(site_root: Path, lock: Path, docs_dir: Path) -> str:
    with pytest.raises(AssertionError) as failed:
        assert_lock_holds(site_root, lock, docs_dir)
    return str(failed.value)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    dest = tmp_path_factory.mktemp("links-fixture")
    return build_site(dest / "site", assemble(dest / "src"))


def edited_fixture(dest: Path, edit: dict[str, tuple[str, str]]) -> Path:
    """The fixture assembled at dest with {file: (old text, new text)} replaced; its config."""
    config = assemble(dest)
    for name, (old, new) in edit.items():
        path = dest / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return config


def head(page: Path) -> tuple[dict[str, str], dict[str, str]]:
    """A page's preview metas (og:* and twitter:*) and its <link rel> hrefs."""
    html = page.read_text(encoding="utf-8")
    metas = dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)"', html)
    )
    rels = dict(
        re.findall(
            r'<link rel="([a-z]+)"(?: type="[^"]*")?(?: title="[^"]*")? href="([^"]*)"', html
        )
    )
    return metas, rels


# --- The lock -------------------------------------------------------------------------------


def test_the_real_site_publishes_exactly_what_anchors_lock_lists(site: BuiltSite) -> None:
    if os.environ.get("CLEARPICTURE_MKDOCS_CONFIG"):
        pytest.skip("anchors.lock describes the site mkdocs.yml builds, not a trimmed config")
    assert_lock_holds(site.root, ROOT / "anchors.lock", ROOT / "docs")


def test_the_real_lock_covers_every_guide_section(site: BuiltSite) -> None:
    lock = parse_lock((ROOT / "anchors.lock").read_text(encoding="utf-8"))
    guides = sorted((ROOT / "docs" / "guides").glob("*.md"))
    assert guides
    for guide in guides:
        url = f"/guides/{guide.stem}/"
        assert url in lock.active, url
        ids = re.findall(r"^#{2,3} .*\{#([a-z0-9-]+)\}\s*$", guide.read_text(), flags=re.M)
        assert {f"{url}#{i}" for i in ids} <= lock.active, guide.name


def test_the_fixture_site_keeps_every_locked_link(fixture_site: BuiltSite) -> None:
    """Its lock predates the move: /guides/old-home/ and its #original now land through a
    redirect page and an alias id; a retired entry is not asked for."""
    lock = ROOT / "tests/build/fixtures/links/anchors.lock"
    assert "/guides/old-home/#original" in lock.read_text()
    assert_lock_holds(fixture_site.root, lock, ROOT / "tests/build/fixtures/links/docs")


def test_a_dropped_heading_id_fails_and_says_how_to_keep_or_retire_it(tmp_path: Path) -> None:
    config = edited_fixture(
        tmp_path / "src", {"docs/guides/new-home.md": ("{#first}", "{#first-steps}")}
    )
    built = build_site(tmp_path / "site", config)
    message = lock_failure(built.root, tmp_path / "src/anchors.lock", tmp_path / "src/docs")
    assert "/guides/new-home/#first  — no section with id 'first' on /guides/new-home/" in message
    assert "front matter of guides/new-home.md:  anchor_aliases: {first: NEW-ID}" in message
    assert "python -m clearpicture anchors retire /guides/new-home/#first" in message
    # The old address of the moved page lost its #first too: one id, two published links.
    assert "/guides/old-home/#first" in message
    # The new id is published but not locked.
    assert "run `python -m clearpicture anchors update`" in message
    assert "  /guides/new-home/#first-steps" in message


def test_an_alias_and_an_update_make_a_renamed_id_pass_again(tmp_path: Path) -> None:
    src = tmp_path / "src"
    config = edited_fixture(
        src,
        {
            "docs/guides/new-home.md": (
                "  original: renamed\n",
                "  original: renamed\n  first: first-steps\n",
            )
        },
    )
    page = src / "docs/guides/new-home.md"
    page.write_text(page.read_text().replace("{#first}", "{#first-steps}"))
    built = build_site(tmp_path / "site", config)
    assert clearpicture(["anchors", "-f", str(config), "--site", str(built.root), "update"]) == 0
    assert "/guides/new-home/#first-steps\n" in (src / "anchors.lock").read_text()
    assert_lock_holds(built.root, src / "anchors.lock", src / "docs")


def test_a_moved_page_without_a_redirect_fails_and_names_the_redirect_to_add(
    tmp_path: Path,
) -> None:
    config = edited_fixture(
        tmp_path / "src",
        {"mkdocs.yml": ("    guides/old-home.md: guides/new-home.md\n", "    {}\n")},
    )
    config.write_text(config.read_text().replace("redirects:\n    {}", "redirects: {}"))
    built = build_site(tmp_path / "site", config)
    message = lock_failure(built.root, tmp_path / "src/anchors.lock", tmp_path / "src/docs")
    assert "/guides/old-home/  — the page is gone (and its 2 section link(s) below)" in message
    assert "extra: redirects: {guides/old-home.md: NEW/PATH.md}" in message
    assert "python -m clearpicture anchors retire /guides/old-home/" in message


def test_retiring_a_removed_section_keeps_its_history(tmp_path: Path) -> None:
    src = tmp_path / "src"
    config = edited_fixture(
        src, {"docs/guides/new-home.md": ("### A detail {#detail}", "A detail, now in passing.")}
    )
    built = build_site(tmp_path / "site", config)
    assert "/guides/new-home/#detail" in lock_failure(
        built.root, src / "anchors.lock", src / "docs"
    )
    # Retire by the full address, as it appears in the newsletter.
    argv = [
        "-f",
        str(config),
        "retire",
        FIXTURE_URL + "guides/new-home/#detail",
        "--note",
        "merged",
    ]
    assert clearpicture(["anchors", *argv]) == 0
    today = dt.date.today().isoformat()
    assert (
        f"/guides/new-home/#detail retired {today} merged\n" in (src / "anchors.lock").read_text()
    )
    assert "/guides/old-home/#dropped retired 2026-11-20" in (src / "anchors.lock").read_text()
    assert_lock_holds(built.root, src / "anchors.lock", src / "docs")


# --- Guards at build time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            {"docs/guides/second.md": ("description: A short second guide", "summary: A")},
            "docs/guides/second.md: front matter has no `description:`",
        ),
        (
            {"docs/guides/second.md": ("reviewed: 2026-11-24", "reviewed: soon")},
            "docs/guides/second.md: front matter needs `reviewed: YYYY-MM-DD`",
        ),
        (
            {"docs/guides/new-home.md": ("original: renamed", "original: renamd")},
            "docs/guides/new-home.md: anchor_aliases: 'original' points to 'renamd', but no "
            "heading has that id; use one of: first, renamed, detail, terms",
        ),
        (
            {"docs/guides/new-home.md": ("original: renamed", "first: renamed")},
            "docs/guides/new-home.md: anchor_aliases: 'first' is still an id on this page",
        ),
        (
            {"mkdocs.yml": ("guides/old-home.md: guides/new-home.md", "guides/old-home.md: x.md")},
            "mkdocs.yml: extra.redirects: 'guides/old-home.md' → 'x.md': no such page",
        ),
        (
            {
                "mkdocs.yml": (
                    "guides/old-home.md: guides/new-home.md",
                    "index.md: guides/second.md",
                )
            },
            "mkdocs.yml: extra.redirects: 'index.md' still exists in docs/",
        ),
    ],
    ids=[
        "no-description",
        "bad-reviewed",
        "alias-to-nowhere",
        "alias-still-an-id",
        "redirect-to-nowhere",
        "redirect-from-a-page",
    ],
)
def test_the_build_fails_with_the_fix(
    tmp_path: Path, edit: dict[str, tuple[str, str]], expected: str
) -> None:
    config = edited_fixture(tmp_path / "src", edit)
    with pytest.raises(AssertionError) as failed:
        build_site(tmp_path / "site", config)
    assert expected in str(failed.value)


# --- What the fixture's pages hold -------------------------------------------------------------


def test_an_alias_id_stands_right_before_its_heading(fixture_site: BuiltSite) -> None:
    html = (fixture_site.root / "guides/new-home/index.html").read_text()
    assert re.search(
        r'<div class="cp-anchor-alias" id="original" data-cp-alias-for="renamed"></div>\s*'
        r'<h2 id="renamed"',
        html,
    )


def test_a_redirect_page_carries_the_fragment_across_under_the_csp(fixture_site: BuiltSite) -> None:
    page = fixture_site.root / "guides/old-home/index.html"
    html = page.read_text()
    script = re.search(r'<script src="([^"]+)" data-cp-redirect="([^"]+)"></script>', html)
    assert script is not None
    assert (page.parent / script.group(1)).resolve() == (
        fixture_site.root / "assets/javascripts/redirect.js"
    ).resolve()
    assert script.group(2) == "../new-home/"
    assert '<noscript><meta http-equiv="refresh" content="0; url=../new-home/"></noscript>' in html
    assert '<a href="../new-home/">The new home of a moved guide</a>' in html
    _, rels = head(page)
    assert rels["canonical"] == FIXTURE_URL + "guides/new-home/"
    assert '<meta name="robots" content="noindex">' in html


def test_the_fixture_site_passes_the_real_sites_output_checks(fixture_site: BuiltSite) -> None:
    """Redirect pages included: CSP first in <head>, no-referrer, nothing from another host."""
    test_output.test_every_page_carries_the_csp_first_in_head(fixture_site)
    test_output.test_every_page_sends_no_referrer(fixture_site)
    test_output.test_no_page_loads_anything_from_another_host(fixture_site)


def test_the_link_kit_gives_each_section_its_address_and_opening_sentence(
    fixture_site: BuiltSite,
) -> None:
    html = (fixture_site.root / "link-kit/index.html").read_text()
    entry = re.search(
        r'<li class="cp-kit__entry" data-cp-url="https://links.example.org/guides/new-home/#renamed"'
        r' data-cp-label="A renamed section">(.*?)</li>',
        html,
        flags=re.S,
    )
    assert entry is not None
    assert '<a href="../guides/new-home/#renamed">A renamed section</a>' in entry.group(1)
    assert "<code>https://links.example.org/guides/new-home/#renamed</code>" in entry.group(1)
    assert (
        '<p class="cp-kit__summary">This section was called "original" before.</p>'
        in entry.group(1)
    )


# --- The real site: link kit, feed, previews ----------------------------------------------------


def guide_pages(site: BuiltSite) -> list[Path]:
    return sorted(p for p in (site.root / "guides").glob("*/index.html"))


def test_the_link_kit_lists_every_section_of_every_guide(engine_site: BuiltSite) -> None:
    site = engine_site  # both builds
    kit = site.root / "link-kit/index.html"
    html = kit.read_text()
    listed = re.findall(r'data-cp-url="([^"]+)"', html)
    hrefs = re.findall(r'<p class="cp-kit__title"><a href="([^"]+)"', html)
    expected = []
    for page in guide_pages(site):
        url = SITE_URL + page.parent.relative_to(site.root).as_posix() + "/"
        sections = published.read_page(page.read_text(), article_only=True).sections
        expected += [url] + [f"{url}#{s.id}" for s in sections]
    assert sorted(listed) == sorted(expected)
    assert len(listed) == len(set(listed))
    # Each entry's link goes where its address says, relative to the kit page.
    for url, href in zip(listed, hrefs, strict=True):
        assert urljoin(SITE_URL + "link-kit/", href) == url


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) or {}


def test_the_feed_is_atom_listing_every_guide_with_its_review_date(engine_site: BuiltSite) -> None:
    site = engine_site  # both builds
    feed = ET.parse(site.root / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{required}") or "").strip(), required
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == SITE_URL + "feed.xml"
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    sources = sorted((ROOT / "docs/guides").glob("*.md"))
    assert sorted(entries) == sorted(SITE_URL + f"guides/{s.stem}/" for s in sources)
    for source in sources:
        meta = front_matter(source)
        entry = entries[SITE_URL + f"guides/{source.stem}/"]
        assert entry.findtext(f"{ATOM}title") == meta["title"]
        assert entry.findtext(f"{ATOM}updated") == f"{meta['reviewed']}T00:00:00Z"
        assert entry.findtext(f"{ATOM}summary") == meta["description"]
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href") == SITE_URL + f"guides/{source.stem}/"
    newest = max(str(front_matter(s)["reviewed"]) for s in sources)
    assert feed.findtext(f"{ATOM}updated") == f"{newest}T00:00:00Z"
    every_url = [e.text or "" for e in feed.iter(f"{ATOM}id")] + [
        link.get("href", "") for link in feed.iter(f"{ATOM}link")
    ]
    assert all(u.startswith(SITE_URL) for u in every_url), every_url


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_every_page_carries_preview_meta_tags_and_the_feed_link(
    engine_site: BuiltSite, fixture_site: BuiltSite, which: str
) -> None:
    # The real site in both builds; the fixture site (redirect pages included) in MkDocs'.
    built, base = (engine_site, SITE_URL) if which == "real" else (fixture_site, FIXTURE_URL)
    for page in built.pages():
        metas, rels = head(page)
        missing = [key for key in PREVIEW if not metas.get(key)]
        assert missing == [], f"{page}: {missing}"
        assert metas["twitter:card"] == "summary"
        assert metas["og:url"].startswith(base), page
        if page.name == "404.html":
            continue
        assert metas["og:url"] == rels["canonical"], page
        if "clearpicture:redirect" not in page.read_text():
            assert urljoin(base + built.url_path(page).lstrip("/"), rels["alternate"]) == (
                base + "feed.xml"
            ), page


def test_a_guides_preview_is_its_front_matter(engine_site: BuiltSite) -> None:
    site = engine_site  # both builds
    for source in sorted((ROOT / "docs/guides").glob("*.md")):
        meta = front_matter(source)
        metas, _ = head(site.root / f"guides/{source.stem}/index.html")
        assert metas["og:title"] == escape_like_jinja(str(meta["title"]))
        assert metas["og:description"] == escape_like_jinja(str(meta["description"]))
        assert metas["og:type"] == "article"
        assert metas["og:url"] == SITE_URL + f"guides/{source.stem}/"


def escape_like_jinja(text: str) -> str:
    return str(markupsafe.escape(text))
