"""Redirects: a moved page keeps its old address. `extra: redirects: {old/path.md: new/path.md}`
in mkdocs.yml; at the old URL the build writes a small page that carries the reader, and the
#fragment, on to the new one under the site's CSP."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree import ElementTree as ET

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from clearpicture import csp
from clearpicture.links import LinkError
from clearpicture.links.published import REDIRECT_META, relative

REDIRECT_SCRIPT = "assets/javascripts/redirect.js"


def read_redirects(extra: Mapping[str, Any]) -> dict[str, str]:
    """`extra: redirects: {old/path.md: new/path.md}` from mkdocs.yml, checked for shape."""
    raw = extra.get("redirects") or {}
    if not isinstance(raw, Mapping):
        raise LinkError("mkdocs.yml: extra.redirects must map old/path.md to new/path.md")
    problems = []
    for old, new in raw.items():
        if not (isinstance(old, str) and isinstance(new, str)):
            problems.append(f"mkdocs.yml: extra.redirects: {old!r}: {new!r} must be two paths")
        elif not (old.endswith(".md") and new.endswith(".md")):
            problems.append(
                f"mkdocs.yml: extra.redirects: {old!r}: {new!r}: name both pages by their "
                "docs-relative .md path, e.g. `guides/old-name.md: guides/new-name.md`"
            )
    if problems:
        raise LinkError("\n".join(problems))
    return {str(k).lstrip("/"): str(v).lstrip("/") for k, v in raw.items()}


def check_redirects(redirects: Mapping[str, str], files: Files) -> None:
    problems = []
    for old, new in redirects.items():
        if (file := files.get_file_from_path(old)) is not None and file.is_documentation_page():
            problems.append(
                f"mkdocs.yml: extra.redirects: {old!r} still exists in docs/; a redirect is for a "
                "page that moved away — remove the old file or the redirect"
            )
        target = files.get_file_from_path(new)
        if target is None or not target.is_documentation_page():
            hint = (
                f" ({new!r} is itself redirected to {redirects[new]!r}: point {old!r} there)"
                if new in redirects
                else ""
            )
            problems.append(f"mkdocs.yml: extra.redirects: {old!r} → {new!r}: no such page{hint}")
    if problems:
        raise LinkError("\n".join(problems))


def redirect_page(
    *,
    old_url: str,
    target: Page,
    site_name: str,
    lang: str,
    meta: Iterable[tuple[str, str, str]],
) -> str:
    """A redirect page carrying the site's CSP: a same-origin script moves the reader on with
    the #fragment (a meta refresh cannot carry it); without scripts a meta refresh; always a
    link."""
    href = relative(target.url, old_url)
    root = ET.Element("html", lang=lang)
    head = ET.SubElement(root, "head")
    # The CSP comes first so it governs everything after it; csp.apply fills it in.
    csp_meta = {"http-equiv": "Content-Security-Policy", "content": csp.PLACEHOLDER}
    ET.SubElement(head, "meta", csp_meta)
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "meta", name="referrer", content="no-referrer")
    ET.SubElement(head, "meta", name="viewport", content="width=device-width,initial-scale=1")
    ET.SubElement(head, "meta", name="robots", content="noindex")
    ET.SubElement(head, "meta", name=REDIRECT_META, content="/" + target.url)
    title = target.title or site_name
    ET.SubElement(head, "title").text = f"Moved: {title} - {site_name}"
    if target.canonical_url:
        ET.SubElement(head, "link", rel="canonical", href=target.canonical_url)
    for attr, key, value in meta:
        ET.SubElement(head, "meta", {attr: key, "content": value})
    script_src = relative(REDIRECT_SCRIPT, old_url)
    ET.SubElement(head, "script", {"src": script_src, "data-cp-redirect": href}).text = ""
    noscript = ET.SubElement(head, "noscript")
    ET.SubElement(noscript, "meta", {"http-equiv": "refresh", "content": f"0; url={href}"})
    body = ET.SubElement(root, "body")
    main = ET.SubElement(body, "main")
    ET.SubElement(main, "h1").text = "This page has moved"
    p = ET.SubElement(main, "p")
    p.text = "It is now at "
    ET.SubElement(p, "a", href=href).text = title
    p[-1].tail = "."
    page = "<!doctype html>\n" + ET.tostring(root, encoding="unicode", method="html") + "\n"
    return csp.apply(page)
