"""The anchor lock: anchors.lock lists every link the site has published, one per line (a
retired one with its date). Parsing and writing it, checking a built site against it with the
fix in the message, locking what is new and retiring a link on purpose."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from clearpicture.links import LinkError
from clearpicture.links.published import Published

LOCK_HEADER = """\
# anchors.lock: every link this site has published (dev/decisions/stable-links.md).
# Someone may have put any of these in a newsletter that can never be edited, so the tests fail
# when a build stops serving one, or serves a page or section that is not listed here.
#   keep a renamed section:   anchor_aliases: {old-id: new-id} in the page's front matter
#   keep a moved page:        extra: redirects: {old/path.md: new/path.md} in mkdocs.yml
#   lock what is new:         python -m clearpicture anchors update
#   stop promising a link:    python -m clearpicture anchors retire /page/#anchor
# A retired line stays, with its date, so the history of what was dropped is explicit.
"""


@dataclass(frozen=True)
class LockEntry:
    link: str  # '/page/' or '/page/#anchor'
    retired: str | None = None  # ISO date
    note: str = ""

    def line(self) -> str:
        if self.retired is None:
            return self.link
        return " ".join(x for x in (self.link, "retired", self.retired, self.note) if x)


@dataclass(frozen=True)
class Lock:
    entries: Mapping[str, LockEntry] = field(default_factory=dict)

    @property
    def active(self) -> frozenset[str]:
        return frozenset(k for k, e in self.entries.items() if e.retired is None)

    def text(self) -> str:
        return LOCK_HEADER + "".join(
            self.entries[k].line() + "\n" for k in sorted(self.entries, key=_link_order)
        )


def _link_order(link: str) -> tuple[str, str]:
    page, _, anchor = link.partition("#")
    return (page, anchor)


_RETIRED = re.compile(r"^retired\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$")


def parse_lock(text: str, where: str = "anchors.lock") -> Lock:
    entries: dict[str, LockEntry] = {}
    problems = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        link, _, rest = line.partition(" ")
        rest = rest.strip()
        retired = note = None
        if rest:
            match = _RETIRED.match(rest)
            if match is None:
                problems.append(
                    f"{where}:{number}: cannot read {line!r}: expected `/page/#anchor` or "
                    "`/page/#anchor retired YYYY-MM-DD [note]`"
                )
                continue
            retired, note = match.group(1), match.group(2)
        if not link.startswith("/"):
            problems.append(f"{where}:{number}: {link!r} must start with '/' (a site path)")
            continue
        if link in entries:
            problems.append(f"{where}:{number}: {link!r} is listed twice")
            continue
        entries[link] = LockEntry(link, retired, note or "")
    if problems:
        raise LinkError("\n".join(problems))
    return Lock(entries)


def normalize_link(text: str, site_url: str = "") -> str:
    """A link as the lock writes it: a site path, '/page/' or '/page/#anchor'. Accepts a full
    URL at site_url (pasted from a newsletter), '/page/#a' or 'page/#a'."""
    text = text.strip()
    base = urlsplit(site_url) if site_url else None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        if base is None or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise LinkError(f"{text!r} is not a link into this site ({site_url or 'site_url'})")
        path = parts.path
        prefix = base.path.rstrip("/")
        if prefix and not path.startswith(prefix + "/") and path != prefix:
            raise LinkError(f"{text!r} is not under {site_url}")
        text = path[len(prefix) :] + (f"#{parts.fragment}" if parts.fragment else "")
    page, hashmark, anchor = text.partition("#")
    page = "/" + page.lstrip("/")
    if hashmark and not anchor:
        raise LinkError(f"{text!r} has an empty #anchor")
    return page + (f"#{anchor}" if anchor else "")


def source_of(url: str, docs_dir: Path | None) -> str:
    """The docs file a site path most likely comes from (for messages to authors)."""
    path = url.strip("/")
    candidates = [f"{path}/index.md", f"{path}.md"] if path else ["index.md"]
    if path.endswith(".html"):
        candidates = [path[: -len(".html")] + ".md"]
    if docs_dir is not None:
        for candidate in candidates:
            if (docs_dir / candidate).exists():
                return candidate
    return candidates[-1]


@dataclass(frozen=True)
class LockReport:
    dropped: tuple[str, ...]  # locked, active, and no longer landing anywhere
    unlocked: tuple[str, ...]  # published, but not (or no longer) listed as active
    lock: Lock
    docs_dir: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.dropped and not self.unlocked

    def message(self) -> str:
        parts = []
        if self.dropped:
            parts.append(self._dropped_message())
        if self.unlocked:
            parts.append(self._unlocked_message())
        return "\n\n".join(parts)

    def _dropped_message(self) -> str:
        gone_pages = {link for link in self.dropped if "#" not in link}
        lines = [
            f"{len(self.dropped)} published link(s) in anchors.lock no longer land anywhere. "
            "Someone may have sent them in a newsletter that can never be edited, so keep "
            "each one working:"
        ]
        for link in self.dropped:
            page, _, anchor = link.partition("#")
            source = source_of(page, self.docs_dir)
            if not anchor:
                sections = sum(1 for d in self.dropped if d.startswith(page + "#"))
                also = f" (and its {sections} section link(s) below)" if sections else ""
                lines += [
                    f"  {link}  — the page is gone{also}",
                    f"      moved?   add a redirect in mkdocs.yml:  extra: redirects: "
                    f"{{{source}: NEW/PATH.md}}",
                    f"      removed on purpose?   python -m clearpicture anchors retire {link}",
                ]
            elif page in gone_pages:
                lines.append(f"  {link}  — kept by the redirect for {page} once its id is kept")
            elif anchor.startswith("cp-q-"):
                lines += [
                    f"  {link}  — no quiz question with id {anchor!r} on {page}",
                    "      question id renamed in quizzes/?   put the old id back (a question's "
                    "id is part of its link)",
                    "      question removed on purpose?   "
                    f"python -m clearpicture anchors retire {link}",
                ]
            else:
                lines += [
                    f"  {link}  — no section with id {anchor!r} on {page}",
                    f"      heading id renamed?   keep the old id: add to the front matter of "
                    f"{source}:  anchor_aliases: {{{anchor}: NEW-ID}}",
                    "      section removed on purpose?   "
                    f"python -m clearpicture anchors retire {link}",
                ]
        return "\n".join(lines)

    def _unlocked_message(self) -> str:
        lines = [
            f"{len(self.unlocked)} published link(s) are not in anchors.lock. Lock them so they "
            "are kept working: run `python -m clearpicture anchors update` and commit anchors.lock."
        ]
        for link in self.unlocked:
            entry = self.lock.entries.get(link)
            note = f"  (retired {entry.retired}, published again)" if entry else ""
            lines.append(f"  {link}{note}")
        return "\n".join(lines)


def check_lock(lock: Lock, published: Published, docs_dir: Path | None = None) -> LockReport:
    dropped = sorted((k for k in lock.active if not published.lands(k)), key=_link_order)
    unlocked = sorted(published.lockable - lock.active, key=_link_order)
    return LockReport(tuple(dropped), tuple(unlocked), lock, docs_dir)


def update_lock(lock: Lock, published: Published) -> tuple[Lock, list[str]]:
    """Lock every published page, section and quiz question not yet listed (a retired one
    published again becomes active). Returns the new lock and what was added."""
    entries = dict(lock.entries)
    added = sorted(published.lockable - lock.active, key=_link_order)
    for link in added:
        entries[link] = LockEntry(link)
    return Lock(entries), added


def retire(lock: Lock, link: str, today: dt.date, note: str = "") -> tuple[Lock, list[str]]:
    """Mark a locked link retired (a page retires with its sections). Returns what changed."""
    if link not in lock.entries:
        near = [k for k in lock.entries if k.partition("#")[0] == link.partition("#")[0]]
        hint = f"; on that page the lock has: {', '.join(near)}" if near else ""
        raise LinkError(f"{link} is not in anchors.lock{hint}")
    targets = [link] if "#" in link else [k for k in lock.entries if k.partition("#")[0] == link]
    changed = [k for k in sorted(targets, key=_link_order) if lock.entries[k].retired is None]
    if not changed:
        raise LinkError(f"{link} is already retired ({lock.entries[link].retired})")
    entries = dict(lock.entries)
    for key in changed:
        entries[key] = replace(entries[key], retired=today.isoformat(), note=" ".join(note.split()))
    return Lock(entries), changed
