"""Command line: `python -m clearpicture check` validates every quiz against the docs and every
page's citations against the claims ledger (for CI and authors); `python -m clearpicture
definition ID` prints a quiz's definition JSON (for the scoring tests under Node);
`python -m clearpicture sources --due DAYS` lists the sources due for a re-check;
`python -m clearpicture build` builds the site, replacing site/ only when the build succeeds;
`python -m clearpicture anchors …` keeps anchors.lock (links/anchors.py);
`python -m clearpicture schema` writes quizzes/quiz.schema.json from contract.py;
`python -m clearpicture new DIR` writes a minimal site that uses the engine (starter.py);
`python -m clearpicture finish SITE_DIR` does the engine's post-build duties over a site another
engine (Zensical) built from the same source (finish.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from clearpicture import citations, contract, sources, staging, starter
from clearpicture.library import Library
from clearpicture.links import anchors
from clearpicture.load import load_all
from clearpicture.problems import QuizError

# `sources --due` exit statuses (also in its --help): cron and CI can tell them apart.
NOTHING_DUE, SOME_DUE, PROBLEMS = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clearpicture")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="validate every quizzes/*.yml and its placements, the ledger and citations"
    )
    definition = commands.add_parser("definition", help="print one quiz's definition JSON")
    definition.add_argument("id", help="the quiz id (quizzes/ID.yml)")
    for command in (check, definition):
        command.add_argument("--quizzes", type=Path, default=Path("quizzes"), help="quiz folder")
        command.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder")
    due = commands.add_parser(
        "sources",
        help="list the sources not checked within DAYS days and the sections citing them",
        epilog=f"exit status: {NOTHING_DUE} nothing due, {SOME_DUE} some sources due (listed), "
        f"{PROBLEMS} the ledger or a page has problems (on stderr)",
    )
    due.add_argument("--due", type=int, required=True, metavar="DAYS", help="0 lists them all")
    due.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder")
    due.add_argument("--ledger", type=Path, help="the ledger (default: DOCS/sources.yml)")
    due.add_argument("--today", type=dt.date.fromisoformat, help="count from this YYYY-MM-DD")
    check.add_argument("--ledger", type=Path, help="the ledger (default: DOCS/sources.yml)")
    build = commands.add_parser(
        "build", help="strict build into a staging folder, swapped in only when it succeeds"
    )
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("-d", "--site-dir", type=Path, help="default: site/ beside the config")
    build.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="zensical: `zensical build`, then `finish` (pip install clearpicture[zensical])",
    )
    anchors.add_arguments(commands.add_parser("anchors", help="check or update anchors.lock"))
    schema = commands.add_parser("schema", help="write the quiz JSON Schema from contract.py")
    schema.add_argument("--out", type=Path, default=Path("quizzes/quiz.schema.json"))
    new = commands.add_parser("new", help="write a minimal site using the engine into DIR")
    new.add_argument("dir", type=Path, help="a new or empty folder")
    done = commands.add_parser(
        "finish", help="the engine's post-build duties over a site built by another engine"
    )
    done.add_argument("site_dir", type=Path, help="the built site, changed in place")
    done.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    if args.command == "finish":
        return _finish(args.site_dir, args.config_file)
    if args.command == "new":
        try:
            starter.write(args.dir)
        except FileExistsError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{args.dir}: a new site. Next: cd {args.dir} && mkdocs serve")
        return 0
    if args.command == "schema":
        args.out.write_text(contract.schema_text(), encoding="utf-8")
        print(f"{args.out}: written from the quiz contract")
        return 0
    if args.command == "build":
        config = args.config_file.resolve()
        site_dir = args.site_dir or config.parent / "site"
        if args.engine == "zensical":
            steps = [staging.zensical_step(config), staging.finish_step(config)]
            return staging.build_staged(site_dir, steps, cwd=config.parent)
        return staging.build_staged(site_dir, [staging.mkdocs_step(config)])
    if args.command == "sources":
        if args.due < 0:
            parser.error("--due DAYS must be 0 or more")
        return _due(args.docs, args.ledger, args.due, args.today or dt.date.today())
    if args.command == "anchors":
        return anchors.run(args)
    try:
        if args.command == "check":
            quizzes = load_all(args.quizzes, args.docs)
            print(f"{len(quizzes)} quizzes OK")
            return _check_sources(args.docs, args.ledger)
        quiz = Library(args.quizzes, args.docs).get(args.id)
        print(json.dumps(quiz.to_definition(), indent=1))
    except QuizError as error:
        for line in error.errors:
            print(line, file=sys.stderr)
        return 1
    return 0


def _finish(site_dir: Path, config_file: Path) -> int:
    from clearpicture.finish import FinishError
    from clearpicture.finish_site import finish
    from clearpicture.links import LinkError

    try:
        report = finish(site_dir, config_file)
    except (FinishError, LinkError, QuizError) as error:
        print(f"finish: {error}", file=sys.stderr)
        return 1
    for note in report.notes:
        print(f"finish: note: {note}", file=sys.stderr)
    print(f"{site_dir}: finished {report.pages} pages ({len(report.written)} files written)")
    return 0


def _scan(docs: Path, ledger_path: Path | None) -> tuple[sources.Ledger, citations.SiteScan]:
    ledger = sources.load(ledger_path or docs / "sources.yml")
    return ledger, citations.scan_docs(docs, ledger)


def _check_sources(docs: Path, ledger_path: Path | None) -> int:
    try:
        ledger, site = _scan(docs, ledger_path)
        problems = ledger.order_problems() + site.errors
    except sources.SourcesError as error:
        problems = error.errors
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        return 1
    cited = sum(len(page.citations) for page in site.pages.values())
    print(f"{len(ledger.sources)} sources, {cited} citations on {len(site.pages)} pages OK")
    return 0


def _due(docs: Path, ledger_path: Path | None, days: int, today: dt.date) -> int:
    try:
        ledger, site = _scan(docs, ledger_path)
        if site.errors:
            raise sources.SourcesError(site.errors)
    except sources.SourcesError as error:
        for line in error.errors:
            print(line, file=sys.stderr)
        return PROBLEMS
    where: dict[str, list[str]] = {}
    for rel, page in site.pages.items():
        for citation in page.citations:
            anchor = f"{rel}#{citation.section}" if citation.section else rel
            if anchor not in where.setdefault(citation.source_id, []):
                where[citation.source_id].append(anchor)
    listed = ledger.due(days, today)
    print(
        f"{len(listed)} of {len(ledger.sources)} sources not checked within {days} days "
        f"(today {today.isoformat()})"
    )
    for source in listed:
        print(f"{source.id}  checked {source.checked.isoformat()} ({source.age(today)} days ago)")
        print(f"  {source.url}")
        for anchor in where.get(source.id, []) or ["(cited nowhere)"]:
            print(f"  {anchor}")
    return SOME_DUE if listed else NOTHING_DUE


if __name__ == "__main__":
    sys.exit(main())
