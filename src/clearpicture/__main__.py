"""Command line: `python -m clearpicture check` validates every quiz against the docs (for CI
and authors); `python -m clearpicture definition ID` prints a quiz's definition JSON (for the
scoring tests under Node)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from clearpicture.load import Library, QuizError, load_all


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clearpicture")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every quizzes/*.yml and its placements")
    definition = commands.add_parser("definition", help="print one quiz's definition JSON")
    definition.add_argument("id", help="the quiz id (quizzes/ID.yml)")
    for command in (check, definition):
        command.add_argument("--quizzes", type=Path, default=Path("quizzes"), help="quiz folder")
        command.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            quizzes = load_all(args.quizzes, args.docs)
            print(f"{len(quizzes)} quizzes OK")
        else:
            quiz = Library(args.quizzes, args.docs).get(args.id)
            print(json.dumps(quiz.to_definition(), indent=1))
    except QuizError as error:
        for line in error.errors:
            print(line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
