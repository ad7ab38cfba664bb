"""`python -m clearpicture anchors …`: the anchor lock, for authors. Check the site against
anchors.lock, lock newly published links, or retire one on purpose. Every command that needs the
site builds it (strict) into a temporary directory unless --site names a build to read.

    python -m clearpicture anchors check                 # what the tests check
    python -m clearpicture anchors update                # lock new pages, sections, questions
    python -m clearpicture anchors retire /guides/x/#y   # stop promising a link (a page: all)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from mkdocs.config import load_config

from clearpicture.links import LinkError
from clearpicture.links.lock import (
    Lock,
    check_lock,
    normalize_link,
    parse_lock,
    retire,
    update_lock,
)
from clearpicture.links.published import Published, read_site
from clearpicture.sitebuild import BuildFailed, build_site


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__
    parser.formatter_class = argparse.RawTextHelpFormatter
    parser.add_argument("-f", "--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--lock", type=Path, help="default: anchors.lock beside the config")
    parser.add_argument("--site", type=Path, help="read this built site instead of building")
    commands = parser.add_subparsers(dest="anchors_command", required=True)
    commands.add_parser("check", help="fail if a locked link stopped landing, or one is unlocked")
    commands.add_parser(
        "update", help="lock every published page, section and quiz question not locked yet"
    )
    retiring = commands.add_parser("retire", help="stop promising one link, on purpose")
    retiring.add_argument("link", help="/page/#anchor, page/#anchor or the full URL")
    retiring.add_argument("--note", default="", help="why, kept in the lock beside the date")


def run(args: argparse.Namespace) -> int:
    args.config = args.config.resolve()
    args.lock = args.lock or args.config.parent / "anchors.lock"
    command = {"check": _check, "update": _update, "retire": _retire}[args.anchors_command]
    try:
        return command(args)
    except LinkError as error:
        print(f"{args.lock.name}: {error}", file=sys.stderr)
        return 1


def _published(args: argparse.Namespace) -> Published:
    if args.site is not None:
        return read_site(args.site)
    with tempfile.TemporaryDirectory(prefix="anchors-") as tmp:
        try:
            build_site(Path(tmp) / "site", args.config)
        except BuildFailed as failure:
            raise SystemExit(f"fix the build first:\n{failure}") from failure
        return read_site(Path(tmp) / "site")


def _site_settings(config: Path) -> tuple[str, Path]:
    """site_url and docs_dir, as MkDocs reads them (INHERIT included): for full URLs pasted
    into `retire`, and for naming the file to edit in messages."""
    loaded = load_config(str(config))
    return str(loaded.site_url or ""), Path(loaded.docs_dir)


def _read_lock(path: Path) -> Lock:
    return parse_lock(path.read_text(encoding="utf-8"), path.name) if path.exists() else Lock()


def _check(args: argparse.Namespace) -> int:
    report = check_lock(_read_lock(args.lock), _published(args), _site_settings(args.config)[1])
    if report.ok:
        print(f"{args.lock.name}: every locked link lands; nothing unlocked.")
        return 0
    print(report.message(), file=sys.stderr)
    return 1


def _update(args: argparse.Namespace) -> int:
    lock = _read_lock(args.lock)
    site = _published(args)
    new_lock, added = update_lock(lock, site)
    args.lock.write_text(new_lock.text(), encoding="utf-8")
    for link in added:
        print(f"locked {link}")
    print(f"{args.lock.name}: {len(added)} link(s) added, {len(new_lock.active)} locked in all.")
    report = check_lock(new_lock, site, _site_settings(args.config)[1])
    if report.dropped:
        print("\n" + report.message(), file=sys.stderr)
        return 1
    return 0


def _retire(args: argparse.Namespace) -> int:
    site_url, _ = _site_settings(args.config)
    link = normalize_link(args.link, site_url)
    new_lock, changed = retire(_read_lock(args.lock), link, dt.date.today(), args.note)
    args.lock.write_text(new_lock.text(), encoding="utf-8")
    for key in changed:
        print(f"retired {key}")
    return 0
