"""Alias ids: a renamed section keeps its old id. `anchor_aliases: {old-id: new-id}` front
matter puts an empty element with the old id right before the heading it now belongs to."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from clearpicture.links import LinkError
from clearpicture.links.published import ALIAS_CLASS, read_page

_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")
_ANY_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


def read_aliases(meta: Mapping[str, Any], where: str) -> dict[str, str]:
    """The page's `anchor_aliases: {old-id: new-id}` front matter, checked for shape."""
    raw = meta.get("anchor_aliases")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise LinkError(
            f"{where}: anchor_aliases must be a mapping of old id to new id, "
            f"e.g. `anchor_aliases: {{google: google-account}}`"
        )
    aliases: dict[str, str] = {}
    problems = []
    for old, new in raw.items():
        if not (isinstance(old, str) and isinstance(new, str)) or not (
            _ID.match(old) and _ID.match(new)
        ):
            problems.append(
                f"{where}: anchor_aliases: {old!r}: {new!r} is not `old-id: new-id` "
                "(letters, digits, '-', '_')"
            )
            continue
        aliases[old] = new
    if problems:
        raise LinkError("\n".join(problems))
    return aliases


def render_aliases(content: str, aliases: Mapping[str, str], where: str) -> str:
    """Put an empty element with each old id right before the heading it now belongs to, so
    `#old-id` still scrolls to the section (links.js marks the heading it stands for)."""
    if not aliases:
        return content
    present = set(_ANY_ID.findall(content))
    headings = [s.id for s in read_page(content).sections]
    problems = []
    for old, new in aliases.items():
        if old in present:
            problems.append(
                f"{where}: anchor_aliases: {old!r} is still an id on this page; "
                "an alias is only for an id that no longer exists — remove this alias"
            )
            continue
        heading = re.compile(rf"""<h[1-6]\b[^>]*\bid\s*=\s*["']{re.escape(new)}["']""")
        match = heading.search(content)
        if match is None:
            problems.append(
                f"{where}: anchor_aliases: {old!r} points to {new!r}, but no heading has that id; "
                f"use one of: {', '.join(headings) or '(this page has no h2/h3 with an id)'}"
            )
            continue
        marker = (
            f'<div class="{ALIAS_CLASS}" id="{html.escape(old)}" '
            f'data-cp-alias-for="{html.escape(new)}"></div>\n'
        )
        content = content[: match.start()] + marker + content[match.start() :]
    if problems:
        raise LinkError("\n".join(problems))
    return content
