"""Stable links without a build: reading what a page publishes, alias ids, the lock file and its
check, the link kit's markup, previews and the Atom feed."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest

from clearpicture import feed, links, previews
from clearpicture.links import published
from clearpicture.links.aliases import read_aliases, render_aliases
from clearpicture.links.kit import KitGuide, link_kit_html
from clearpicture.links.lock import (
    Lock,
    LockEntry,
    check_lock,
    normalize_link,
    parse_lock,
    retire,
    update_lock,
)
from clearpicture.links.published import Published, Section, first_sentence, read_page
from clearpicture.links.redirects import read_redirects

from .helpers import random_joins

ATOM = "{http://www.w3.org/2005/Atom}"

PAGE = """
<h1 id="top">Guide</h1>
<p>Intro.</p>
<h2 id="why">Why this matters<a class="headerlink" href="#why" title="Link">¶</a></h2>
<div class="admonition tip"><p class="admonition-title">Tip</p><p>Inside a tip.</p></div>
<p>Your main account is a master key. If you use it to sign in elsewhere, all is tied to it.</p>
<h3 id="steps">Steps <code>now</code></h3>
<p><strong>About 2 minutes.</strong> Open the settings page and look at the list.</p>
<h2 id="terms">Terms</h2>
<dl><dt id="oauth">OAuth</dt><dd>A way to share access without a password. More text.</dd></dl>
<h4 id="deep">Too deep to link</h4>
<h2>No id</h2>
<script>var x = "<h2 id='fake'>";</script>
"""


# --- Reading pages ------------------------------------------------------------------------


def test_a_page_publishes_its_h2_h3_and_defined_terms_with_their_opening_sentence() -> None:
    assert read_page(PAGE).sections == (
        Section("why", 2, "Why this matters", "Your main account is a master key."),
        Section(
            "steps", 3, "Steps now", "About 2 minutes. Open the settings page and look at the list."
        ),
        Section("terms", 2, "Terms", ""),
        Section("oauth", 4, "OAuth", "A way to share access without a password."),
    )


def test_a_built_page_is_read_inside_its_article_only() -> None:
    html = (
        '<html><head><meta name="clearpicture:redirect" content="/new/"></head><body>'
        '<nav><h2 id="nav-heading">Navigation</h2></nav>'
        '<article><h2 id="inside">Inside</h2><p>Body text goes here, five words.</p>'
        '<div class="cp-anchor-alias" id="old" data-cp-alias-for="inside"></div></article>'
        '<footer><h3 id="footer">Footer</h3></footer></body></html>'
    )
    read = read_page(html, article_only=True)
    assert [s.id for s in read.sections] == ["inside"]
    assert read.aliases == {"old": "inside"}
    assert read.redirect == "/new/"


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("One sentence that is long enough. Another one.", "One sentence that is long enough."),
        (
            "Short. Then a sentence that says something.",
            "Short. Then a sentence that says something.",
        ),
        ('Ends with a quote "like this." Next.', 'Ends with a quote "like this." Next.'),
        ("No full stop at all", "No full stop at all"),
        ("word " * 80, ("word " * 80)[:199].rsplit(" ", 1)[0] + "…"),
    ],
)
def test_first_sentence(text: str, summary: str) -> None:
    assert first_sentence(text) == summary


def _first_sentence_by_lazy_match(text: str) -> str:
    """first_sentence as it was written first: a lazy match from the start, words by split()."""
    rest = " ".join(text.split())
    summary = ""
    while rest and len(summary.split()) < 5:
        match = re.match(r"^(.+?[.!?])(?=\s+[\"'“‘(A-Z0-9])", rest)
        sentence = match.group(1) if match else rest
        summary = f"{summary} {sentence}".strip()
        rest = rest[len(sentence) :].strip()
    if len(summary) > 200:
        summary = summary[:199].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def test_first_sentence_finds_what_the_lazy_match_found() -> None:
    pieces = [
        "Go",
        "on",
        ".",
        "!",
        "?",
        " ",
        "  ",
        "\n",
        "\t",
        "\u00a0",
        "\u2003",
        "\u2028",
        "\x85",
        "\u200b",
        ",",
        ";",
        "A",
        "9",
        '"',
        "'",
        "“",
        "(",
        "x" * 30,
        "…",
        "e.g.",
        "Ok. ",
    ]
    for text in random_joins(pieces, seed=11, count=3000, longest=60):
        assert first_sentence(text) == _first_sentence_by_lazy_match(text), repr(text)
        assert len(first_sentence(text).split()) == published._words(first_sentence(text))


def test_evenly_spaced_text_is_its_own_normalised_text() -> None:
    # first_sentence skips `" ".join(text.split())` for such text: it must change nothing.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    pieces = ["word", "Two.", "x", "\u200b", *spaces, " ", " "]
    for text in random_joins(pieces, seed=5, count=3000, longest=12):
        if published._even_spaced(text):
            assert " ".join(text.split()) == text, repr(text)
    for space in spaces:
        assert not published._even_spaced(f"a{space}{space}b")
        assert published._even_spaced(f"a{space}b") == (space == " ")


# --- Alias ids ------------------------------------------------------------------------------


def test_an_alias_is_an_empty_element_right_before_its_heading() -> None:
    html = render_aliases(PAGE, {"google": "steps"}, "docs/g.md")
    assert (
        '<div class="cp-anchor-alias" id="google" data-cp-alias-for="steps"></div>\n'
        '<h3 id="steps">' in html
    )
    assert read_page(html).aliases == {"google": "steps"}


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        (
            {"old": "nowhere"},
            "docs/g.md: anchor_aliases: 'old' points to 'nowhere', but no heading",
        ),
        ({"why": "steps"}, "docs/g.md: anchor_aliases: 'why' is still an id on this page"),
    ],
)
def test_an_alias_that_cannot_land_is_refused(aliases: dict[str, str], message: str) -> None:
    with pytest.raises(links.LinkError, match=message):
        render_aliases(PAGE, aliases, "docs/g.md")


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"anchor_aliases": ["old", "new"]}, "must be a mapping of old id to new id"),
        ({"anchor_aliases": {"old id": "new"}}, "is not `old-id: new-id`"),
        ({"anchor_aliases": {"old": 3}}, "is not `old-id: new-id`"),
    ],
)
def test_alias_front_matter_is_checked(meta: dict[str, object], message: str) -> None:
    with pytest.raises(links.LinkError, match=message):
        read_aliases(meta, "docs/g.md")


def test_redirect_settings_are_checked() -> None:
    assert read_redirects({"redirects": {"/a.md": "b/c.md"}}) == {"a.md": "b/c.md"}
    assert read_redirects({}) == {}
    with pytest.raises(links.LinkError, match=r"name both pages by their docs-relative \.md path"):
        read_redirects({"redirects": {"a/": "b/"}})


# --- The lock -------------------------------------------------------------------------------


def test_the_lock_file_reads_back_what_it_writes() -> None:
    lock = Lock(
        {
            "/g/#b": LockEntry("/g/#b"),
            "/g/": LockEntry("/g/"),
            "/": LockEntry("/"),
            "/g/#a": LockEntry("/g/#a", "2026-11-20", "merged into #b"),
        }
    )
    text = lock.text()
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == ["/", "/g/", "/g/#a retired 2026-11-20 merged into #b", "/g/#b"]
    assert parse_lock(text) == lock
    assert lock.active == {"/", "/g/", "/g/#b"}


def test_a_broken_lock_file_names_every_bad_line() -> None:
    with pytest.raises(links.LinkError) as failed:
        parse_lock("/a/\nb/#x\n/a/\n/c/ gone\n")
    assert str(failed.value).splitlines() == [
        "anchors.lock:2: 'b/#x' must start with '/' (a site path)",
        "anchors.lock:3: '/a/' is listed twice",
        "anchors.lock:4: cannot read '/c/ gone': expected `/page/#anchor` or "
        "`/page/#anchor retired YYYY-MM-DD [note]`",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/docs/guides/x/#a",
        "/guides/x/#a",
        "guides/x/#a",
    ],
)
def test_a_link_is_written_as_a_site_path(text: str) -> None:
    assert normalize_link(text, "https://example.org/docs/") == "/guides/x/#a"


def test_a_link_elsewhere_is_refused() -> None:
    with pytest.raises(links.LinkError, match="not a link into this site"):
        normalize_link("https://elsewhere.org/guides/x/", "https://example.org/")
    assert normalize_link("https://example.org/", "https://example.org/") == "/"


SITE = Published(
    pages=frozenset({"/", "/new/"}),
    sections=frozenset({"/#a", "/new/#renamed", "/new/#kept"}),
    aliases=frozenset({"/new/#original"}),
    redirects={"/old/": "/new/"},
)


def test_old_links_land_through_aliases_and_redirects() -> None:
    for link in ("/old/", "/old/#original", "/old/#kept", "/new/#original"):
        assert SITE.lands(link), link
    for link in ("/old/#gone", "/gone/", "/new/#gone"):
        assert not SITE.lands(link), link


def test_the_check_finds_what_dropped_and_what_is_unlocked() -> None:
    lock = parse_lock(
        "/\n/#a\n/new/\n/new/#kept\n/old/#original\n/old/#gone\n/gone/\n/gone/#x\n"
        "/#retired retired 2026-01-01\n"
    )
    report = check_lock(lock, SITE)
    assert report.dropped == ("/gone/", "/gone/#x", "/old/#gone")
    assert report.unlocked == ("/new/#renamed",)
    message = report.message()
    assert "/gone/  — the page is gone (and its 1 section link(s) below)" in message
    assert "/gone/#x  — kept by the redirect for /gone/ once its id is kept" in message
    assert "anchor_aliases: {gone: NEW-ID}" in message
    assert "run `python -m clearpicture anchors update`" in message


def test_update_adds_new_links_and_revives_a_retired_one_published_again() -> None:
    lock = parse_lock("/\n/#a\n/new/\n/new/#kept retired 2026-01-01\n")
    updated, added = update_lock(lock, SITE)
    assert added == ["/new/#kept", "/new/#renamed"]
    assert updated.entries["/new/#kept"] == LockEntry("/new/#kept")
    assert check_lock(updated, SITE).ok


def test_retiring_a_page_retires_its_sections_too() -> None:
    lock = parse_lock("/gone/\n/gone/#x\n/gone/#y retired 2026-01-01\n/other/\n")
    retired, changed = retire(lock, "/gone/", dt.date(2026, 11, 25), "merged  into /other/")
    assert changed == ["/gone/", "/gone/#x"]
    assert retired.entries["/gone/#x"] == LockEntry("/gone/#x", "2026-11-25", "merged into /other/")
    assert retired.entries["/gone/#y"].retired == "2026-01-01"
    assert retired.active == {"/other/"}
    with pytest.raises(links.LinkError, match="already retired"):
        retire(retired, "/gone/#x", dt.date(2026, 11, 26))
    with pytest.raises(links.LinkError, match="on that page the lock has: /gone/, /gone/#x"):
        retire(lock, "/gone/#z", dt.date(2026, 11, 26))


# --- Link kit, previews, feed ----------------------------------------------------------------


def test_the_link_kit_nests_sections_and_escapes_author_text() -> None:
    guide = KitGuide(
        title="Apps & <accounts>",
        url="guides/apps/",
        canonical="https://example.org/guides/apps/",
        description="All of it.",
        sections=(
            Section("a", 2, "A <b>", "First."),
            Section("a1", 3, "A one", ""),
            Section("t", 4, "Term", "Means x."),
            Section("b", 2, "B", ""),
            Section("b1", 3, "B one", "Yes."),
        ),
    )
    html = link_kit_html([guide], "link-kit/")
    assert "<h2>Apps &amp; &lt;accounts&gt;</h2>" in html
    assert '<a href="../guides/apps/#a">A &lt;b&gt;</a>' in html
    assert [(depth, url.rsplit("/", 1)[1]) for depth, url in kit_entries(html)] == [
        (1, ""),
        (1, "#a"),
        (2, "#a1"),
        (3, "#t"),
        (1, "#b"),
        (2, "#b1"),
    ]
    # A section with no opening text says what it holds.
    assert '<p class="cp-kit__summary">Covers B one.</p>' in html


def test_the_link_kit_is_written_as_elementtree_wrote_it() -> None:
    # The markup (escaping included: '<' stays in attribute values) ElementTree's HTML output
    # gave before the kit was written as text (links/kit.py, faster at 1,000 guides).
    guide = KitGuide(
        'Q "&" <q>',
        "guides/q/",
        "https://example.org/guides/q/?a=1&b=<2>",
        "",
        (Section("x", 2, 'Say "hi" & <go>', ""), Section("y", 3, "Y", "Why.")),
    )
    url = "https://example.org/guides/q/?a=1&amp;b="
    entry = '<li class="cp-kit__entry" data-cp-url="{}" data-cp-label="{}">'
    title = '<p class="cp-kit__title"><a href="../guides/q/{}">{}</a></p>'
    code = '<p class="cp-kit__url"><code>' + url + "&lt;2&gt;{}</code></p>"
    assert link_kit_html([guide], "link-kit/") == (
        '<h2>Q "&amp;" &lt;q&gt;</h2>\n<ul class="cp-kit">'
        + entry.format(url + "<2&gt;", "Q &quot;&amp;&quot; <q&gt;")
        + title.format("", "Whole guide")
        + code.format("")
        + "</li>"
        + entry.format(url + "<2&gt;#x", "Say &quot;hi&quot; &amp; <go&gt;")
        + title.format("#x", 'Say "hi" &amp; &lt;go&gt;')
        + code.format("#x")
        + '<p class="cp-kit__summary">Covers Y.</p><ul class="cp-kit">'
        + entry.format(url + "<2&gt;#y", "Y")
        + title.format("#y", "Y")
        + code.format("#y")
        + '<p class="cp-kit__summary">Why.</p></li></ul></li></ul>'
    )


def kit_entries(html: str) -> list[tuple[int, str]]:
    """(list depth, data-cp-url) of each link kit entry, in order."""

    class Entries(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.found: list[tuple[int, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.depth += tag == "ul"
            if tag == "li":
                self.found.append((self.depth, dict(attrs)["data-cp-url"] or ""))

        def handle_endtag(self, tag: str) -> None:
            self.depth -= tag == "ul"

    parser = Entries()
    parser.feed(html)
    return parser.found


def test_a_preview_leaves_out_empty_tags() -> None:
    preview = previews.Preview("Title", "", "https://example.org/x/", "article", "Site")
    keys = [key for _, key, _ in preview.meta()]
    assert "og:description" not in keys and "twitter:description" not in keys
    assert ("name", "twitter:card", "summary") in preview.meta()
    assert ("property", "og:url", "https://example.org/x/") in preview.meta()


@pytest.mark.parametrize(
    ("value", "date"),
    [
        (dt.date(2026, 11, 25), dt.date(2026, 11, 25)),
        (dt.datetime(2026, 11, 25, 9, 30), dt.date(2026, 11, 25)),
        ("2026-11-25", dt.date(2026, 11, 25)),
        ("last week", None),
        (None, None),
    ],
)
def test_review_dates(value: object, date: dt.date | None) -> None:
    assert previews.review_date({"reviewed": value}) == date


def test_the_atom_feed_lists_newest_review_first_and_escapes_text() -> None:
    info = feed.FeedInfo("Site: guides", "Sub", "https://example.org/", "Site", "en")
    entries = [
        feed.FeedEntry("Older & wiser", "https://example.org/a/", dt.date(2026, 1, 2), "<b>x</b>"),
        feed.FeedEntry("Newer", "https://example.org/b/", dt.date(2026, 3, 4), ""),
    ]
    root = ET.fromstring(feed.atom_feed(info, entries))
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(f"{ATOM}updated") == "2026-03-04T00:00:00Z"
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "Newer",
        "Older & wiser",
    ]
    older = root.findall(f"{ATOM}entry")[1]
    assert older.findtext(f"{ATOM}summary") == "<b>x</b>"
    assert root.findall(f"{ATOM}entry")[0].find(f"{ATOM}summary") is None


def _atom_by_elementtree(info: feed.FeedInfo, entries: list[feed.FeedEntry]) -> str:
    """feed.atom_feed as it was first written, with ElementTree."""
    atom = "http://www.w3.org/2005/Atom"
    ordered = sorted(entries, key=lambda e: e.reviewed, reverse=True)
    ET.register_namespace("", atom)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{atom}}}{tag}", attrs)
        element.text = text
        return element

    root = ET.Element(f"{{{atom}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": info.lang})
    sub(root, "id", info.site_url)
    sub(root, "title", info.title)
    if info.subtitle:
        sub(root, "subtitle", info.subtitle)
    newest = max((e.reviewed for e in ordered), default=dt.date(1970, 1, 1))
    sub(root, "updated", f"{newest.isoformat()}T00:00:00Z")
    sub(root, "link", rel="self", type="application/atom+xml", href=info.site_url + "feed.xml")
    sub(root, "link", rel="alternate", type="text/html", href=info.site_url)
    sub(sub(root, "author"), "name", info.author)
    for entry in ordered:
        item = sub(root, "entry")
        sub(item, "id", entry.url)
        sub(item, "title", entry.title)
        sub(item, "link", rel="alternate", type="text/html", href=entry.url)
        sub(item, "updated", f"{entry.reviewed.isoformat()}T00:00:00Z")
        if entry.summary:
            sub(item, "summary", entry.summary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def test_the_atom_feed_is_written_as_elementtree_wrote_it() -> None:
    pieces = ["a", "B c", "&", "<", ">", '"', "'", "\r", "\n", "\t", " ", "é", "“", "&amp;", ""]
    texts = list(random_joins(pieces, seed=13, count=400, longest=6))
    rng = __import__("random").Random(13)
    for count in (0, 1, 2, 7, 40):
        info = feed.FeedInfo(*(rng.choice(texts) for _ in range(5)))
        entries = [
            feed.FeedEntry(
                rng.choice(texts),
                rng.choice(texts),
                dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(5)),
                rng.choice(texts),
            )
            for _ in range(count)
        ]
        assert feed.atom_feed(info, entries) == _atom_by_elementtree(info, entries)
