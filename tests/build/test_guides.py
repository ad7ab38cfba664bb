"""The guides as a reader meets them: plain language (Flesch–Kincaid grade ≤ 8), a review date,
named and dated sources, a short quiz whose links land on real sections, an explicit id on every
section heading, and no spelling mistakes."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from scripts.guide_stats import body_text, stats
from tests.conftest import ROOT, BuiltSite

GUIDES = [
    "start-here",
    "supply-chain",
    "connected-apps",
    "ai-and-money",
    "separation",
    "permissions",
    "household",
    "glossary",
]
GUIDE_DIR = ROOT / "docs" / "guides"
MAX_GRADE = 8.0
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
PLACEMENT = re.compile(r"^/// quiz \| ([a-z0-9-]+)\s*$", re.M)
HEADING = re.compile(r"^(#{2,3}) (.+)$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


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
def test_guide_cites_named_and_dated_sources(name: str) -> None:
    text = guide(name).read_text(encoding="utf-8")
    match = re.search(r"^## Sources \{#sources\}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"{name}: needs a '## Sources {{#sources}}' section"
    entries = [line for line in match.group(1).splitlines() if re.match(r"\s*([-*]|\d+\.) ", line)]
    assert len(entries) >= 2, f"{name}: cite at least two sources"
    for entry in entries:
        assert re.search(r"\b20\d\d\b", entry), f"{name}: source without a date: {entry}"


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
