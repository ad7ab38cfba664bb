"""Readability and size figures for the guides: the numbers the guide tests assert and the
closing notes quote (words, grade, sections, cited claims, quiz questions). Body text is what a
reader reads as prose: paragraphs and list items, without front matter, headings, code, link
targets, attribute lists, citations, quiz blocks or Sources."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import textstat
import yaml

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
PLACEMENT = re.compile(r"^/// quiz \| ([a-z0-9-]+)\s*$", re.M)
QUIZZES = Path(__file__).resolve().parent.parent / "quizzes"


@dataclass(frozen=True)
class GuideStats:
    path: Path
    words: int
    grade: float
    sections: int
    citations: int  # cited claims: the [@id] references outside fenced code
    questions: int  # questions of the quiz the guide places (0 if none)


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


def quiz_questions(markdown: str, quizzes: Path = QUIZZES) -> int:
    placed = PLACEMENT.search(FENCE.sub("", markdown))
    if placed is None:
        return 0
    quiz = yaml.safe_load((quizzes / f"{placed.group(1)}.yml").read_text(encoding="utf-8"))
    return len(quiz.get("questions", []))


def stats(path: Path, quizzes: Path = QUIZZES) -> GuideStats:
    markdown = path.read_text(encoding="utf-8")
    body = body_text(markdown)
    unfenced = FENCE.sub("", markdown)
    return GuideStats(
        path=path,
        words=textstat.lexicon_count(body),
        grade=float(textstat.flesch_kincaid_grade(body)),
        sections=len(re.findall(r"^#{2,3} ", unfenced, re.M)),
        citations=len(CITATION.findall(unfenced)),
        questions=quiz_questions(markdown, quizzes),
    )


def table(files: list[Path]) -> str:
    """The per-guide table as Markdown, with a total row."""
    rows = [stats(path) for path in files]
    lines = [
        "| guide | words | grade | sections | cited claims | quiz questions |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in rows:
        lines.append(
            f"| {s.path.stem} | {s.words} | {s.grade:.1f} | {s.sections} | {s.citations} "
            f"| {s.questions} |"
        )
    lines.append(
        f"| **{len(rows)} guides** | {sum(s.words for s in rows)} | "
        f"max {max((s.grade for s in rows), default=0):.1f} | {sum(s.sections for s in rows)} | "
        f"{sum(s.citations for s in rows)} | {sum(s.questions for s in rows)} |"
    )
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(Path("docs/guides").glob("*.md"))
    print(table(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
