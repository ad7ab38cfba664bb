"""One small interface to drive a browser, so a flow is written once and runs in every engine:
Chromium through Playwright (drivers/chromium.py) and Firefox through its built-in Marionette
protocol (drivers/firefox.py). Each engine implements the few primitives; everything a flow reads
(text, visibility, focus, waiting for a state) is one piece of JavaScript shared by both, so both
engines answer the same question the same way."""

from __future__ import annotations

import abc
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

State = Literal["visible", "hidden", "attached", "detached", "focused"]
Origin = Literal["site", "material", "browser", "test"]
# Long enough for Pyodide to start on two busy shared cores; waits end as soon as the state holds.
WAIT_S = 60.0

# Whether the first element matching a selector is in a state. "visible" is what a reader could
# see: a box with a size and not visibility:hidden (so display:none, [hidden] and closed
# <details> are not visible).
_STATE_JS = """(selector, state) => {
  const el = document.querySelector(selector);
  if (state === "attached") return el !== null;
  if (state === "detached") return el === null;
  if (state === "focused") return el !== null && el === document.activeElement;
  const box = el && el.getBoundingClientRect();
  const shown = !!el && el.getClientRects().length > 0 && (box.width > 0 || box.height > 0)
    && getComputedStyle(el).visibility !== "hidden";
  return state === "visible" ? shown : !shown;
}"""

# A Content Security Policy refusal, as Chromium ("Refused to execute inline script because it
# violates the following Content Security Policy directive", "Executing inline script violates")
# and Firefox ("Content-Security-Policy: The page's settings blocked an inline script") word it.
CSP_REFUSAL = re.compile(r"Content[- ]Security[- ]Policy|violates the following")
# Material's own files; its inline scripts are placed by attribute().
_MATERIAL_FILE = re.compile(r"/assets/javascripts/(bundle\.[0-9a-f]+|workers/search\.[0-9a-f]+)\.")
_BROWSER_SCHEMES = ("chrome:", "resource:", "about:", "moz-", "jar:", "chrome-extension:")


@dataclass(frozen=True)
class ConsoleMessage:
    """One console message, and whose it is: the site's own code (our scripts, the quiz worker
    and Pyodide, the site's CSP), Material's, the browser's, or the test's own injected code."""

    level: str
    text: str
    source: str
    origin: Origin

    def __str__(self) -> str:
        return f"[{self.level}] {self.text} ({self.source or 'no location'})"


def attribute(text: str, source: str, line: int, origin_url: str, site_root: Path) -> Origin:
    """Whose a console message is, from its text and where it came from (source URL, 1-based
    line). The site writes no inline script (the quiz definition rides in an attribute), so an
    inline script on a page, or one Material re-created on instant navigation (Firefox names it
    "URL line N > injectedScript"), is Material's. A message with no location comes from a
    worker; counting it as the site's is the strict choice."""
    if CSP_REFUSAL.search(text):
        return "site"  # whatever was refused, the policy that spoke is the site's
    if not source:
        return "site"
    if source.startswith(_BROWSER_SCHEMES):
        return "browser"
    if not source.startswith(origin_url + "/"):
        return "test" if "://" not in source else "browser"
    if " > " in source:
        return "material"
    path = urlsplit(source).path
    if _MATERIAL_FILE.search(path):
        return "material"
    if _inline_script_at(site_root, path, line):
        return "material"
    return "site"


def _inline_script_at(site_root: Path, path: str, line: int) -> bool:
    page = site_root / path.lstrip("/")
    if path.endswith("/"):
        page = page / "index.html"
    if page.suffix != ".html" or not page.is_file() or line < 1:
        return False
    lines = page.read_text(encoding="utf-8").splitlines()
    # Engines count from 1 (Firefox) or 0 (Chromium through Playwright): look at both.
    near = lines[max(line - 2, 0) : line]
    return any(re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) for text in near)


class Driver(abc.ABC):
    """A browser tab at the site under test, as a reader uses it. Selectors are CSS; a target
    starting with "/" is a path at the site's origin. Every wait ends as soon as its state holds
    and fails after `timeout` seconds, naming what it waited for."""

    name: str
    origin: str
    # Console messages of the site's own that are expected and watched in this engine (exact
    # texts); drivers/firefox.py says why each is there and a test notices when one changes.
    known_messages: tuple[str, ...] = ()

    # --- primitives each engine implements ---------------------------------------------------

    @abc.abstractmethod
    def open(self, target: str) -> None:
        """Load a page and wait for its load event."""

    @abc.abstractmethod
    def click(self, selector: str) -> None:
        """Click the first match as a pointer would, once it is visible."""

    @abc.abstractmethod
    def type(self, selector: str, text: str) -> None:
        """Replace the value of a text field, typed key by key."""

    @abc.abstractmethod
    def press(self, key: str) -> None:
        """Press a key on whatever has focus: "Tab", "Shift+Tab", "Enter", "Space", "ArrowDown"."""

    @abc.abstractmethod
    def evaluate(self, function: str, *args: Any) -> Any:
        """Call a JavaScript function expression in the page with JSON-able args; returns its
        JSON-able result (a returned promise is awaited). The page's CSP does not apply."""

    @abc.abstractmethod
    def screenshot(self, path: Path) -> None:
        """Save a PNG of the whole page."""

    @abc.abstractmethod
    def url(self) -> str: ...

    @abc.abstractmethod
    def reload(self) -> None: ...

    @abc.abstractmethod
    def back(self) -> None:
        """Go back one entry in the tab's history."""

    @abc.abstractmethod
    def fresh(self, scripts: bool = True) -> None:
        """Become a new reader: nothing stored, no page open, the console and request records
        empty; scripts=False reads with JavaScript turned off."""

    @abc.abstractmethod
    def console(self) -> list[ConsoleMessage]:
        """Every console message since fresh(), attributed."""

    @abc.abstractmethod
    def offline(self, on: bool) -> None:
        """Take the browser off the network (on=True) or back on it."""

    @abc.abstractmethod
    def foreign_requests(self) -> list[str]:
        """URLs of requests the pages and workers made to any other origin since fresh()."""

    # --- shared, built on the primitives -------------------------------------------------------

    def at(self, target: str) -> str:
        return self.origin + target if target.startswith("/") else target

    def wait_until(self, function: str, *args: Any, timeout: float = WAIT_S, what: str = "") -> Any:
        """Wait until the function returns a truthy value, and return it."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(function, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: waited {timeout:.0f} s for {what or function}")
            time.sleep(0.05)

    def wait_for(self, selector: str, state: State = "visible", timeout: float = WAIT_S) -> None:
        self.wait_until(_STATE_JS, selector, state, timeout=timeout, what=f"{selector} {state}")

    def wait_for_text(
        self, selector: str, text: str, exact: bool = False, timeout: float = WAIT_S
    ) -> None:
        """Wait until the first match's text (whitespace collapsed) holds, or with exact=True
        is, `text`."""
        self.wait_until(
            "(s, text, exact) => { const el = document.querySelector(s); if (!el) return false;"
            " const seen = el.textContent.replace(/\\s+/g, ' ').trim();"
            " return exact ? seen === text : seen.includes(text); }",
            selector,
            text,
            exact,
            timeout=timeout,
            what=f"{selector} {'to be' if exact else 'to hold'} {text!r}",
        )

    def is_(self, selector: str, state: State) -> bool:
        return bool(self.evaluate(_STATE_JS, selector, state))

    def visible(self, selector: str) -> bool:
        return self.is_(selector, "visible")

    def text(self, selector: str) -> str:
        """The first match's text as rendered (innerText), trimmed."""
        found: str = self.evaluate(
            "(s) => { const el = document.querySelector(s);"
            " if (!el) throw new Error('no element matches ' + s); return el.innerText.trim(); }",
            selector,
        )
        return found

    def texts(self, selector: str) -> list[str]:
        """Every match's text content, trimmed (hidden ones too)."""
        found: list[str] = self.evaluate(
            "(s) => [...document.querySelectorAll(s)].map((e) => e.textContent.trim())", selector
        )
        return found

    def value(self, selector: str) -> str:
        found: str = self.evaluate("(s) => document.querySelector(s).value", selector)
        return found

    def count(self, selector: str) -> int:
        found: int = self.evaluate("(s) => document.querySelectorAll(s).length", selector)
        return found

    def check(self, selector: str) -> None:
        """Tick a checkbox or pick a radio button (nothing happens if it already is)."""
        if not self.evaluate("(s) => document.querySelector(s).checked", selector):
            self.click(selector)

    def complaints(self) -> list[str]:
        """The site's own console messages since fresh(), but for the known ones: a flow ends
        with this empty."""
        return [
            str(m)
            for m in self.console()
            if m.origin == "site" and m.text not in self.known_messages
        ]
