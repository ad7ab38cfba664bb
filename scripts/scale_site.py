"""Write a synthetic site for measuring the build at scale: N guide pages, one quiz on every
(N // M)-th page, and two configs side by side (dev/measurements/2026-12-01-build-scale.md).

    python -m scripts.scale_site OUT --pages 1000 --quizzes 200

OUT/docs/guides/topic-XX/page-NNNN.md, 50 pages a folder (MkDocs' automatic nav): front matter
(title, description, reviewed), an h1, an intro, 10 sections with explicit ids of about 60 words
each, a 3-item list in 3 of them and a link to another page's section in 3 of them (so MkDocs'
anchor validation has work). OUT/quizzes/q-NNNN.yml: a 5-question quiz linking that page's
sections, placed under a last h2. Same words every run (seeded).

OUT/full.yml builds it with the engine (`plugins: [search, clearpicture]`); OUT/plain.yml the same
pages without the quiz blocks (OUT/plain-docs/) and without the plugin: plain Material with the
same theme features, Markdown extensions, strict mode and validation."""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

_WORDS = (
    "account app browser check data device email family home key link list money note online "
    "password phone plan privacy profile record rule safe setting share sign step tool update "
    "user voice watch window work year backup camera chat cloud code contact file folder "
    "group helper history login message photo report review school secret service speaker "
    "storage screen tablet team text ticket travel"
)
WORDS = tuple(_WORDS.split())

PER_FOLDER = 50
SECTIONS = 10

CONFIG = """\
site_name: Scale {kind} {pages}
site_description: A synthetic site for measuring the build.
site_url: https://scale.example.org/
strict: true
use_directory_urls: true
docs_dir: {docs}
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.instant
    - navigation.tracking
    - navigation.sections
    - navigation.top
    - navigation.prune
    - search.highlight
    - content.code.copy
    - toc.follow
plugins:
  - search
{plugin}validation:
  nav:
    omitted_files: warn
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: relative_to_docs
    unrecognized_links: warn
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""

QUIZ = """\
id: {id}
kind: quiz
title: Check your understanding
intro: Five quick questions about this page.
page: {page}
questions:
{questions}bands:
  - id: again
    min: 0
    label: Worth another read
    meaning: Read [the page](guides/{rel}#top) again, then try once more.
  - id: ready
    min: 60
    label: Ready
    meaning: You know this page.
"""

QUESTION = """\
  - id: q{n}
    type: single
    prompt: Which {word} setting does section {n} suggest?
    options:
      - id: right
        text: The one the section names first.
        correct: true
        explain: Right. The section starts with it.
      - id: wrong
        text: Whatever the {word} asks for.
        correct: false
        explain: No. The section says to choose yourself.
    link: guides/{rel}#sec-{n}
"""


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng, rng.randint(8, 14)))
    return " ".join(out)


def page_rel(index: int) -> str:
    return f"topic-{index // PER_FOLDER:02d}/page-{index:04d}.md"


def page_text(rng: random.Random, index: int, pages: int, quiz: str | None) -> str:
    rel = page_rel(index)
    lines = [
        "---",
        f"title: Page {index} about {rng.choice(WORDS)}",
        f"description: {sentence(rng, 12)}",
        "reviewed: 2026-12-01",
        "---",
        "",
        f"# Page {index} {{#top}}",
        "",
        paragraph(rng, 50),
        "",
    ]
    with_list = set(rng.sample(range(1, SECTIONS + 1), 3))
    with_link = set(rng.sample(range(1, SECTIONS + 1), 3))
    for n in range(1, SECTIONS + 1):
        lines += [f"## Section {n} on {rng.choice(WORDS)} {{#sec-{n}}}", "", paragraph(rng, 55)]
        if n in with_link:
            other = page_rel(rng.randrange(pages))
            folder, name = other.split("/")
            target = name if rel.startswith(folder) else f"../{other}"
            anchor = f"sec-{rng.randint(1, SECTIONS)}"
            lines += ["", f"See also [section {n} there]({target}#{anchor})."]
        if n in with_list:
            lines += [""] + [f"- {sentence(rng, 6)}" for _ in range(3)]
        lines.append("")
    if quiz is not None:
        lines += ["## Check your understanding {#quiz}", "", f"/// quiz | {quiz}", "///", ""]
    return "\n".join(lines)


def write(out: Path, pages: int, quizzes: int) -> None:
    if out.exists():
        shutil.rmtree(out)
    every = max(1, pages // quizzes) if quizzes else 0
    for kind in ("docs", "plain-docs"):
        (out / kind / "guides").mkdir(parents=True)
        (out / kind / "index.md").write_text("# Scale\n\nA synthetic site.\n", encoding="utf-8")
    (out / "quizzes").mkdir()
    placed = 0
    for index in range(pages):
        quiz = None
        if every and index % every == 0 and placed < quizzes:
            quiz, placed = f"q-{index:04d}", placed + 1
            rel = page_rel(index)
            questions = "".join(
                QUESTION.format(n=n, word=WORDS[(index + n) % len(WORDS)], rel=rel)
                for n in range(2, 7)
            )
            (out / "quizzes" / f"{quiz}.yml").write_text(
                QUIZ.format(id=quiz, page=f"guides/{rel}", questions=questions, rel=rel),
                encoding="utf-8",
            )
        for kind, placing in (("docs", quiz), ("plain-docs", None)):
            path = out / kind / "guides" / page_rel(index)
            path.parent.mkdir(parents=True, exist_ok=True)
            # The same seed per page: both copies hold the same words.
            path.write_text(page_text(random.Random(index), index, pages, placing), "utf-8")
    plugin = "  - clearpicture:\n      quizzes_dir: quizzes\n"
    (out / "full.yml").write_text(
        CONFIG.format(kind="full", pages=pages, docs="docs", plugin=plugin), encoding="utf-8"
    )
    (out / "plain.yml").write_text(
        CONFIG.format(kind="plain", pages=pages, docs="plain-docs", plugin=""), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.scale_site", description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write (emptied first)")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--quizzes", type=int, default=200)
    args = parser.parse_args()
    write(args.out, args.pages, args.quizzes)
    print(f"{args.out}: {args.pages} pages, {args.quizzes} quizzes; full.yml and plain.yml")


if __name__ == "__main__":
    main()
