"""The anchor lock, for authors: check the site against anchors.lock, lock newly published links,
or retire one on purpose. Every command that needs the site builds it (strict) into a temporary
directory unless --site names a build to read.

    python scripts/anchors.py check                 # what the tests check
    python scripts/anchors.py update                # lock new pages and sections
    python scripts/anchors.py retire /guides/x/#y   # stop promising a link (a page: and its parts)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from clearpicture import links  # noqa: E402
from scripts.harness import build_site  # noqa: E402


def build(config: Path, dest: Path) -> None:
    try:
        build_site(dest, config)
    except AssertionError as failure:
        raise SystemExit(f"fix the build first:\n{failure}") from failure


def published(args: argparse.Namespace) -> links.Published:
    if args.site is not None:
        return links.read_site(args.site)
    with tempfile.TemporaryDirectory(prefix="anchors-") as tmp:
        build(args.config, Path(tmp) / "site")
        return links.read_site(Path(tmp) / "site")


def site_settings(config: Path) -> tuple[str, Path]:
    """site_url and docs_dir, as MkDocs reads them (INHERIT included): for full URLs pasted
    into `retire`, and for naming the file to edit in messages."""
    loaded = load_config(str(config))
    return str(loaded.site_url or ""), Path(loaded.docs_dir)


def read_lock(path: Path) -> links.Lock:
    return (
        links.parse_lock(path.read_text(encoding="utf-8"), path.name)
        if path.exists()
        else links.Lock()
    )


def cmd_check(args: argparse.Namespace) -> int:
    report = links.check_lock(read_lock(args.lock), published(args), site_settings(args.config)[1])
    if report.ok:
        print(f"{args.lock.name}: every locked link lands; nothing unlocked.")
        return 0
    print(report.message(), file=sys.stderr)
    return 1


def cmd_update(args: argparse.Namespace) -> int:
    lock = read_lock(args.lock)
    site = published(args)
    new_lock, added = links.update_lock(lock, site)
    args.lock.write_text(new_lock.text(), encoding="utf-8")
    for link in added:
        print(f"locked {link}")
    print(f"{args.lock.name}: {len(added)} link(s) added, {len(new_lock.active)} locked in all.")
    report = links.check_lock(new_lock, site, site_settings(args.config)[1])
    if report.dropped:
        print("\n" + report.message(), file=sys.stderr)
        return 1
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    site_url, _ = site_settings(args.config)
    lock = read_lock(args.lock)
    try:
        link = links.normalize_link(args.link, site_url)
        new_lock, changed = links.retire(lock, link, dt.date.today(), args.note)
    except links.LinkError as error:
        print(f"{args.lock.name}: {error}", file=sys.stderr)
        return 1
    args.lock.write_text(new_lock.text(), encoding="utf-8")
    for key in changed:
        print(f"retired {key}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("-f", "--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--lock", type=Path, help="default: anchors.lock beside the config")
    parser.add_argument("--site", type=Path, help="read this built site instead of building")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="fail if a locked link stopped landing, or one is unlocked")
    commands.add_parser("update", help="lock every published page and section not locked yet")
    retire = commands.add_parser("retire", help="stop promising one link, on purpose")
    retire.add_argument("link", help="/page/#anchor, page/#anchor or the full URL")
    retire.add_argument("--note", default="", help="why, kept in the lock beside the date")
    args = parser.parse_args(argv)
    args.config = args.config.resolve()
    args.lock = args.lock or args.config.parent / "anchors.lock"
    try:
        return {"check": cmd_check, "update": cmd_update, "retire": cmd_retire}[args.command](args)
    except links.LinkError as error:
        print(f"{args.lock.name}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
