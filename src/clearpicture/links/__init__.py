"""Stable links: what a build publishes for others to link to, and what keeps old links landing.

A built page publishes its URL and the ids of its h2/h3 sections (`published.py`).
`anchor_aliases` front matter keeps a renamed id alive (`aliases.py`), `extra.redirects` in
mkdocs.yml keeps a moved page alive (`redirects.py`), and anchors.lock records every link ever
published so the tests can tell when one stops working (`lock.py`, `anchors.py` for authors).
The link kit page lists every linkable guide section (`kit.py`); `build.py` ties them to the
MkDocs events.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError


class LinkError(PluginError):
    """Something an author must fix to keep the site's links working; the text says what and how.
    A PluginError, so MkDocs reports it as a build error rather than a traceback."""
