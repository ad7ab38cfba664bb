"""The guides as a reader meets them: plain language (Flesch–Kincaid grade ≤ 8), a review date,
claims cited from the dated ledger (docs/sources.yml) with a Sources list, a short quiz whose
links land on real sections, an explicit id on every section heading, and no spelling
mistakes."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from clearpicture import citations, sources
from scripts.guide_stats import body_text, stats
from tests.conftest import ROOT, BuiltSite

GUIDES = [
    "start-here",
    "supply-chain",
    "connected-apps",
    "ai-and-money",
    "ai-assistants",
    "built-in-ai",
    "separation",
    "permissions",
    "household",
    "glossary",
    "voice-and-meetings",
    "scams-and-accounts",
]
GUIDE_DIR = ROOT / "docs" / "guides"
MAX_GRADE = 8.0
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
PLACEMENT = re.compile(r"^/// quiz \| ([a-z0-9-]+)\s*$", re.M)
HEADING = re.compile(r"^(#{2,3}) (.+)$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
SOURCES_BLOCK = re.compile(r"^## Sources \{#sources\}\n\n/// sources\n///\n", re.M)
LEDGER = sources.load(ROOT / "docs" / "sources.yml")
MIN_CITATIONS = 3  # cited claims per guide
MIN_SOURCES = 2  # distinct sources per guide


def guide(name: str) -> Path:
    return GUIDE_DIR / f"{name}.md"


def meta(path: Path) -> dict[str, object]:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path}: no front matter"
    loaded = yaml.safe_load(match.group(1))
    assert isinstance(loaded, dict)
    return loaded


def test_every_guide_exists_and_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in GUIDES:
        assert guide(name).exists(), f"docs/guides/{name}.md is missing"
        assert f"guides/{name}.md" in nav, f"guides/{name}.md is not in mkdocs.yml nav"


@pytest.mark.parametrize("name", GUIDES)
def test_guide_reads_at_grade_eight_or_below(name: str) -> None:
    figures = stats(guide(name))
    assert figures.words >= 300, f"{name}: only {figures.words} words of body text"
    assert figures.grade <= MAX_GRADE, (
        f"docs/guides/{name}.md reads at grade {figures.grade:.1f} (limit {MAX_GRADE}): "
        "shorten sentences and prefer common words"
    )


@pytest.mark.parametrize("name", GUIDES)
def test_guide_has_description_and_review_date(name: str) -> None:
    front = meta(guide(name))
    assert isinstance(front.get("description"), str) and len(str(front["description"])) > 20
    reviewed = front.get("reviewed")
    assert isinstance(reviewed, dt.date), f"{name}: 'reviewed:' must be a YYYY-MM-DD date"
    text = guide(name).read_text(encoding="utf-8")
    visible = f"*Last reviewed: {reviewed.day} {reviewed:%B %Y}*"
    assert visible in text, f"{name}: the page must show '{visible}' under its title"


@pytest.mark.parametrize("name", GUIDES)
def test_guide_cites_the_ledger_and_ends_with_its_sources(name: str) -> None:
    text = guide(name).read_text(encoding="utf-8")
    assert SOURCES_BLOCK.search(text), (
        f"{name}: end with '## Sources {{#sources}}', a blank line, '/// sources' and '///'"
    )
    page = citations.scan(text)
    assert page.problems(LEDGER) == [], f"{name}: {page.problems(LEDGER)}"
    cited = {c.source_id for c in page.citations}
    assert len(page.citations) >= MIN_CITATIONS, (
        f"{name}: only {len(page.citations)} cited claims; cite every click path, setting, "
        f"default, date and figure with [@id] (at least {MIN_CITATIONS})"
    )
    assert len(cited) >= MIN_SOURCES, f"{name}: cite at least {MIN_SOURCES} sources"


def test_the_ledger_holds_exactly_what_the_site_cites() -> None:
    site = citations.scan_docs(ROOT / "docs", LEDGER)
    assert site.errors == []
    assert LEDGER.order_problems() == []
    cited = {c.source_id for page in site.pages.values() for c in page.citations}
    assert sorted(set(LEDGER.sources) - cited) == [], "ledger entries no page cites: remove them"
    assert sorted(cited - set(LEDGER.sources)) == []


def test_no_source_is_older_than_a_year() -> None:
    # The yearly re-check is part of the site's promise: this fails, on purpose, the day a
    # source turns a year old. Re-read it, fix what changed, set its `checked:` to that day.
    due = LEDGER.due(365, dt.date.today())
    assert [s.id for s in due] == [], (
        "sources not checked for a year: `python -m clearpicture sources --due 365` lists them "
        "and the sections citing them"
    )


def test_built_guides_list_each_cited_source_once_with_its_date(site: BuiltSite) -> None:
    for name in GUIDES:
        html = (site.root / "guides" / name / "index.html").read_text(encoding="utf-8")
        page = citations.scan(guide(name).read_text(encoding="utf-8"))
        order = list(dict.fromkeys(c.source_id for c in page.citations))
        listed = re.findall(r'<li id="source-([a-z0-9-]+)">(.*?)</li>', html, re.S)
        assert [source_id for source_id, _ in listed] == order, name
        for source_id, item in listed:
            source = LEDGER.sources[source_id]
            assert f'href="{source.url}"' in item and f">{source.checked_text}</time>." in item
        assert html.count('<sup class="cp-cite">') == len(page.citations), name
        assert "[@" not in html, f"{name}: a citation was left as text"


@pytest.mark.parametrize("name", GUIDES)
def test_every_section_heading_has_an_explicit_id(name: str) -> None:
    text = FENCE.sub("", guide(name).read_text(encoding="utf-8"))
    missing = [
        h for _, h in HEADING.findall(text) if not re.search(r"\{[^}]*#[a-z0-9-]+[^}]*\}\s*$", h)
    ]
    assert missing == [], f"{name}: headings without an explicit {{#id}}: {missing}"


@pytest.mark.parametrize("name", GUIDES)
def test_guide_ends_with_a_short_quiz(name: str) -> None:
    placed = PLACEMENT.findall(guide(name).read_text(encoding="utf-8"))
    assert len(placed) == 1, f"{name}: place exactly one quiz (/// quiz | ID)"
    quiz = yaml.safe_load((ROOT / "quizzes" / f"{placed[0]}.yml").read_text(encoding="utf-8"))
    assert quiz["kind"] == "quiz"
    assert 3 <= len(quiz["questions"]) <= 6, f"{name}: a guide quiz has 3 to 6 questions"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.quiz_links: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "form" and "cp-quiz" in (values.get("class") or ""):
            self._depth = 1
        elif self._depth and tag == "form":
            self._depth += 1
        if self._depth and tag == "a" and values.get("href"):
            self.quiz_links.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "form":
            self._depth -= 1


def parse(page: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_quiz_link_lands_on_a_real_section(site: BuiltSite) -> None:
    checked = 0
    broken: list[str] = []
    for page in site.pages():
        base = "http://site" + site.url_path(page)
        for href in parse(page).quiz_links:
            target = urlsplit(urljoin(base, href))
            if target.netloc != "site":
                continue
            path = site.root / target.path.lstrip("/")
            file = path / "index.html" if target.path.endswith("/") else path
            if not file.exists():
                broken.append(f"{site.url_path(page)}: {href} (no such page)")
            elif target.fragment and target.fragment not in parse(file).ids:
                broken.append(f"{site.url_path(page)}: {href} (no such section)")
            checked += 1
    assert broken == []
    assert checked >= len(GUIDES) * 3, f"only {checked} quiz links found in the built site"


def _wordlist() -> set[str]:
    words: set[str] = set()
    for path in (ROOT / "docs").glob(".wordlist*.txt"):
        words |= {w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()}
    return {w for w in words if w and not w.startswith("#")}


@pytest.mark.parametrize("name", GUIDES)
def test_guide_spelling(name: str) -> None:
    from spellchecker import SpellChecker

    text = guide(name).read_text(encoding="utf-8")
    text = body_text(text) + "\n" + "\n".join(h for _, h in HEADING.findall(text))
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\S+\.(com|org|gov|ca|uk|net)\S*", " ", text)  # bare domains in sources
    words = {w.lower().strip("'") for w in re.findall(r"[A-Za-z][A-Za-z']+", text)}
    words = {w[:-2] if w.endswith("'s") else w for w in words}
    unknown = sorted(SpellChecker().unknown(words - _wordlist()))
    assert unknown == [], (
        f"docs/guides/{name}.md: unknown words {unknown} — fix the spelling, or add a correct "
        "word to docs/.wordlist.txt"
    )
