"""The per-page CSP: hashes of exactly the inline scripts the page would run."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from mkdocs.livereload import LiveReloadServer

from clearpicture import csp

from .helpers import random_joins


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_inline_scripts_but_not_external_or_data_blocks() -> None:
    html = (
        "<script>a=1</script>"
        '<script src="x.js"></script>'
        '<script type="application/json" class="cp-definition">{"a":1}</script>'
        '<script id="__config" type="application/json">{}</script>'
        '<script type="module">b=2</script>'
    )
    assert csp.inline_script_hashes(html) == [sha("a=1"), sha("b=2")]


def test_policy_lists_hashes_in_script_src_only() -> None:
    policy = csp.policy_for("<script>x()</script>")
    directives = dict((d.split()[0], d.split()[1:]) for d in policy.split("; "))
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'", sha("x()")]
    assert directives["form-action"] == ["'none'"]
    assert "'unsafe-inline'" not in policy


def test_apply_fills_the_placeholder_once() -> None:
    html = f'<meta content="{csp.PLACEHOLDER}"><script>y()</script>'
    out = csp.apply(html)
    assert csp.PLACEHOLDER not in out and sha("y()") in out


def test_apply_refuses_a_page_without_placeholder() -> None:
    with pytest.raises(ValueError, match=r"overrides/main\.html"):
        csp.apply("<html></html>")


def script_src(policy: str) -> set[str]:
    return next(set(d.split()[1:]) for d in policy.split("; ") if d.startswith("script-src "))


PAGE = (
    '<html><head><meta http-equiv="Content-Security-Policy" content="{{CLEARPICTURE_CSP}}">'
    "<script>palette()</script></head><body><p>Hi</p></body></html>"
)


def test_reapply_allows_exactly_the_live_reload_script_mkdocs_serve_adds() -> None:
    built = csp.apply(PAGE)
    # What `mkdocs serve` sends: the built page with its live-reload script before </body>.
    inject = LiveReloadServer._inject_js_into_html
    served = inject(None, built.encode(), 12345).decode()  # type: ignore[arg-type]
    reload_script = served[served.rindex("<script>") + len("<script>") : served.rindex("</script>")]
    assert "livereload(12345," in reload_script
    allowed = csp.reapply(served)
    before = script_src(built[built.index('content="') + 9 : built.index('">')])
    after = script_src(allowed[allowed.index('content="') + 9 : allowed.index('">')])
    assert after - before == {sha(reload_script)}
    assert sha("palette()") in before & after
    assert "livereload" not in built and sha(reload_script) not in built


def test_reapply_refuses_a_page_without_the_meta() -> None:
    with pytest.raises(ValueError, match=r"overrides/main\.html"):
        csp.reapply("<html></html>")


def _one_expression(html: str) -> list[str]:
    """The hashes as the single expression `<script([^>]*)>(.*?)</script>` found them."""
    hashes: list[str] = []
    for match in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S | re.I):
        attrs = match.group(1)
        if re.search(r"\bsrc\s*=", attrs, re.I) or csp._DATA_TYPES.search(attrs):
            continue
        if (source := csp.script_hash(match.group(2))) not in hashes:
            hashes.append(source)
    return hashes


def test_inline_scripts_are_found_as_the_single_expression_found_them() -> None:
    parts = [
        "<script>a()</script>",
        "<SCRIPT>b()</Script>",
        '<script src="x.js"></script>',
        '<script type="application/json">{"c": 1}</script>',
        "<script>\nmulti\nline</script>",
        "<script",
        "<script>",
        "</script>",
        "<scripts>d()</script>",
        "<p>text</p>",
        "<script>e()</SCRIPT>",
        "<script>a()</script>",
    ]
    for html in random_joins(parts, seed=7, count=2000, longest=8):
        assert csp.inline_script_hashes(html) == _one_expression(html), html
