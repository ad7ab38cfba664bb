"""The per-page CSP: hashes of exactly the inline scripts the page would run."""

from __future__ import annotations

import base64
import hashlib

import pytest

from clearpicture import csp


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
