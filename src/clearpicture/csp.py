"""The Content-Security-Policy each built page carries, as a <meta http-equiv>.

Material emits a few small inline scripts whose text differs with page depth, so their sha256
hashes are computed per page after rendering; nothing inline runs unless it is listed."""

from __future__ import annotations

import base64
import functools
import hashlib
import re

PLACEHOLDER = "{{CLEARPICTURE_CSP}}"

# One tuple per directive: its sources. Why each one is there: dev/decisions/csp.md.
BASE_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("manifest-src", ("'self'",)),
    ("media-src", ("'none'",)),
    ("object-src", ("'none'",)),
    ("frame-src", ("'none'",)),
    ("child-src", ("'self'",)),
    ("form-action", ("'none'",)),
    ("base-uri", ("'self'",)),
)

# Zensical's search draws its results in a shadow root styled by one inline <style> (its bundle's
# CSS text, fixed per release): allowed by that hash, and only on pages that release built (their
# generator meta names it), never by 'unsafe-inline'. Measured in Chromium's CSP report for
# 0.0.73; dev/decisions/two-engines.md.
ZENSICAL_SEARCH_STYLE = {
    "zensical-0.0.73": "'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='",
}
_GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)"')
_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")')
# An inline script is what `<script([^>]*)>(.*?)</script>` (re.S | re.I) matches, found in two
# steps: the opening tag, then the first closing tag after it. As one expression, its lazy body
# tried `</script>` at every character after each tag: half the policy's time on a 50 kB page.
_SCRIPT_OPEN = re.compile(r"<script([^>]*)>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script>", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """CSP hash sources for every inline script the page would execute, in page order."""
    hashes: list[str] = []
    pos = 0
    while (opening := _SCRIPT_OPEN.search(html, pos)) is not None:
        closing = _SCRIPT_CLOSE.search(html, opening.end())
        if closing is None:
            break  # no script after this one has its closing tag either
        pos = closing.end()
        attrs = opening.group(1)
        if _SRC.search(attrs) or _DATA_TYPES.search(attrs):
            continue
        source = script_hash(html[opening.end() : closing.start()])
        if source not in hashes:
            hashes.append(source)
    return hashes


def style_hashes(html: str) -> list[str]:
    """The inline styles the page's own theme scripts add, by hash (only Zensical's search)."""
    generator = _GENERATOR.search(html)
    known = ZENSICAL_SEARCH_STYLE.get(generator.group(1)) if generator else None
    return [known] if known else []


@functools.lru_cache(maxsize=1024)
def script_hash(body: str) -> str:
    """The CSP hash source of one inline script's text. Kept per distinct text: every page of
    a site carries the same few of Material's scripts (they differ only with page depth)."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy_for(html: str) -> str:
    """The policy for one page: the base policy plus the hashes of its inline scripts (and of
    the one inline style Zensical's search adds, on a page Zensical built)."""
    hashes = inline_script_hashes(html)
    styles = style_hashes(html)
    parts = []
    for name, sources in BASE_POLICY:
        if name == "script-src":
            sources = (*sources, *hashes)
        elif name == "style-src":
            sources = (*sources, *styles)
        parts.append(f"{name} {' '.join(sources)}")
    return "; ".join(parts)


def apply(html: str) -> str:
    """Fill the CSP placeholder that the engine's main.html (theme/main.html) puts first in
    <head>."""
    if PLACEHOLDER not in html:
        raise ValueError(
            "page has no CSP placeholder — it must extend the engine's main.html, which "
            "`plugins: [clearpicture]` adds to the theme; a main.html of your own (such as "
            "overrides/main.html) hides it"
        )
    return html.replace(PLACEHOLDER, policy_for(html), 1)


def reapply(html: str) -> str:
    """The policy of a page that changed after the build, computed afresh: the base policy and
    the hashes of the inline scripts now in it. Only `mkdocs serve` needs it (hooks.on_serve):
    the page it serves carries its live-reload script, which the built page must not allow."""
    policy = policy_for(html)
    page, found = _META.subn(lambda m: m.group(1) + policy + m.group(2), html, count=1)
    if not found:
        raise ValueError(
            "page has no CSP meta: it must extend the engine's main.html, not overrides/main.html"
        )
    return page
