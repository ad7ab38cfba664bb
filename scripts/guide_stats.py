"""Readability and size figures for the guides: the numbers the guide tests assert and the
closing notes quote. Body text is what a reader reads as prose: paragraphs and list items,
without front matter, headings, code, link targets, attribute lists, citations, quiz blocks or
Sources."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import textstat

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
BLOCK = re.compile(r"^///.*?$", re.M)
ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
CITATION = re.compile(r"\[@[^\]\n]*\]")
HEADING = re.compile(r"^#{1,6} .*$", re.M)
SOURCES = re.compile(r"^## Sources\b.*", re.S | re.M)
ADMONITION = re.compile(r"^(!!!|\?\?\?\+?) .*$", re.M)
MARKUP = re.compile(r"[*_`>|]|^\s*(\d+\.|[-+])\s+", re.M)


@dataclass(frozen=True)
class GuideStats:
    path: Path
    words: int
    grade: float
    sections: int


def body_text(markdown: str) -> str:
    text = FRONT_MATTER.sub("", markdown)
    text = SOURCES.sub("", text)
    text = FENCE.sub("", text)
    text = BLOCK.sub("", text)
    text = HEADING.sub("", text)
    text = ADMONITION.sub("", text)
    text = ATTR_LIST.sub("", text)
    text = CITATION.sub("", text)
    text = text.replace("›", ",")  # a click path reads as a list of steps, not one long word
    text = LINK.sub(r"\1", text)
    text = REF_LINK.sub(r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return MARKUP.sub("", text)


def stats(path: Path) -> GuideStats:
    markdown = path.read_text(encoding="utf-8")
    body = body_text(markdown)
    return GuideStats(
        path=path,
        words=textstat.lexicon_count(body),
        grade=float(textstat.flesch_kincaid_grade(body)),
        sections=len(re.findall(r"^#{2,3} ", FENCE.sub("", markdown), re.M)),
    )


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(Path("docs/guides").glob("*.md"))
    print(f"{'guide':40} {'words':>6} {'grade':>6} {'sections':>8}")
    for path in files:
        s = stats(path)
        print(f"{path!s:40} {s.words:>6} {s.grade:>6.1f} {s.sections:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
