"""The driver interface in Debian's Firefox ESR, through the Marionette protocol built into Firefox
(PyPI marionette-driver; no geckodriver, nothing downloaded). One headless Firefox serves the
whole session; fresh() wipes what the site stored and the records between tests.

Marionette has no network or console log of its own, so this driver reads Firefox's: from the
privileged (chrome) side it observes every HTTP request as it opens (to list, and refuse, a
page's requests to other origins; same-origin ones are in the test server's own log) and reads
the console service and the console API store (every message of pages, workers and the
browser)."""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marionette_driver import errors

from tests.browser.drivers import ConsoleMessage, Driver, attribute
from tests.conftest import StaticServer

# CLEARPICTURE_FIREFOX points elsewhere where Firefox lives elsewhere (GitHub's runners).
FIREFOX = os.environ.get("CLEARPICTURE_FIREFOX", "/usr/bin/firefox-esr")

# Firefox 153 deprecates WebAssembly's legacy exception-handling instructions; Pyodide 314.0.7's
# pyodide.asm.wasm still uses `try`, so Firefox warns once each time the quiz worker compiles
# it (no source location: it comes from the worker). It is the site's own runtime speaking, so
# it is known rather than ignored: test_firefox.py fails when its wording or count changes or
# it goes away (a new Pyodide, a new Firefox), so this entry is looked at again then.
TRY_DEPRECATION = (
    "The WebAssembly exception handling 'try' instruction is deprecated and should no longer be"
    " used. Please recompile to use the 'try_table' instruction instead."
)
KNOWN_MESSAGES = (TRY_DEPRECATION,)

PREFS: dict[str, Any] = {
    # Marionette on a free port of its own choosing (written to the profile): test runs side by
    # side never fight over the default 2828.
    "marionette.port": 0,
    # No HTTP cache, so the test server's log holds every request a page or worker makes.
    "browser.cache.disk.enable": False,
    "browser.cache.memory.enable": False,
    "network.proxy.type": 0,
    "browser.shell.checkDefaultBrowser": False,
    "browser.sessionstore.resume_from_crash": False,
    # The site's service worker stays off, as in Chromium's flows (Playwright's interception
    # and a service worker do not mix), so every flow's requests reach the server's log;
    # test_offline.py turns it on for the offline flows (service_workers()).
    "dom.serviceWorkers.enabled": False,
}
ARGS = ["--headless", "--marionette", "--remote-allow-system-access", "--no-remote"]
KEYS = {
    "Tab": "\ue004",
    "Enter": "\ue007",
    "Shift": "\ue008",
    "Escape": "\ue00c",
    "Space": "\ue00d",
    "ArrowDown": "\ue015",
    "ArrowUp": "\ue013",
    "Alt": "\ue00a",
}

# Chrome-side scripts (system principal), run through Marionette's chrome context.
_WATCH_REQUESTS = """
if (!window.cpRequests) {
  const log = [];
  const loopback = /^(127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[::1\\])$/;
  Services.obs.addObserver({
    observe(subject) {
      const channel = subject.QueryInterface(Ci.nsIHttpChannel);
      const info = channel.loadInfo;
      const by = [info.triggeringPrincipal, info.loadingPrincipal]
        .filter((p) => p && p.isContentPrincipal).map((p) => p.origin);
      log.push({url: channel.URI.spec, method: channel.requestMethod, by});
      // As Chromium's context refuses it: nothing a page asks for leaves loopback.
      if (by.length && !loopback.test(channel.URI.host)) channel.cancel(Cr.NS_BINDING_ABORTED);
    },
  }, "http-on-opening-request");
  window.cpRequests = log;
}
"""
_FORGET = """
const [scripts, resolve] = arguments;
gBrowser.selectedBrowser.browsingContext.allowJavascript = scripts;
Services.console.reset();
Cc["@mozilla.org/consoleAPI-storage;1"].getService(Ci.nsIConsoleAPIStorage).clearEvents();
window.cpRequests.length = 0;
Services.clearData.deleteData(Ci.nsIClearDataService.CLEAR_ALL, {onDataDeleted: () => resolve()});
"""
_READ_CONSOLE = """
const out = [];
const levels = (flags) => (flags & 1 ? "warning" : flags & 8 ? "info" : "error");
for (const m of Services.console.getMessageArray() || []) {
  if (!(m instanceof Ci.nsIScriptError)) {
    out.push({level: "info", text: m.message, source: "", line: 0, chrome: true});
    continue;
  }
  out.push({level: levels(m.flags), text: m.errorMessage, source: m.sourceName,
            line: m.lineNumber, chrome: m.isFromChromeContext});
}
const store = Cc["@mozilla.org/consoleAPI-storage;1"].getService(Ci.nsIConsoleAPIStorage);
const show = (a) => { try { return typeof a === "string" ? a : JSON.stringify(a); }
                      catch (e) { return String(a); } };
for (const e of store.getEvents()) {
  out.push({level: e.level, text: [...e.arguments].map(show).join(" "), source: e.filename,
            line: e.lineNumber, chrome: e.chromeContext || false});
}
return out;
"""


class Firefox:
    """One headless Firefox with a new profile, driven over Marionette."""

    def __init__(self, workdir: Path, binary: str = FIREFOX) -> None:
        from marionette_driver.marionette import Marionette

        profile = workdir / "profile"
        profile.mkdir(parents=True)
        (profile / "user.js").write_text(
            "".join(f"user_pref({_js(k)}, {_js(v)});\n" for k, v in PREFS.items()),
            encoding="utf-8",
        )
        self.log = workdir / "firefox.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [binary, *ARGS, "--profile", str(profile)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"},
                preexec_fn=_end_with_parent,
            )
        port_file = profile / "MarionetteActivePort"
        deadline = time.monotonic() + 120
        while not port_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"Firefox did not start Marionette:\n{self.tail()}")
            time.sleep(0.1)
        self.client = Marionette(host="127.0.0.1", port=int(port_file.read_text()))
        self.client.start_session(timeout=120)
        self.version: str = self.client.session_capabilities["browserVersion"]
        self.client.timeout.page_load = 120
        self.client.timeout.script = 120
        self.client.set_window_rect(width=1280, height=800)
        self.chrome(_WATCH_REQUESTS)

    def chrome(self, script: str, *args: Any) -> Any:
        with self.client.using_context("chrome"):
            return self.client.execute_script(script, script_args=args)

    def tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.delete_session()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def _end_with_parent() -> None:
    """In the child before Firefox starts: Linux sends it SIGTERM when the test run that
    started it dies, so a killed run leaves no Firefox behind on a shared machine."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def _js(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else f'"{value}"'


@contextlib.contextmanager
def launch(workdir: Path) -> Iterator[Firefox]:
    firefox = Firefox(workdir)
    try:
        yield firefox
    finally:
        firefox.close()


class FirefoxDriver(Driver):
    name = "firefox"
    known_messages = KNOWN_MESSAGES

    def __init__(self, firefox: Firefox, server: StaticServer) -> None:
        self.firefox = firefox
        self.client = firefox.client
        self.server = server
        self.origin = server.base_url
        self.fresh()

    def fresh(self, scripts: bool = True) -> None:
        # Leave the site first: its realm, its worker and anything it still has in flight end.
        self.client.navigate("about:blank")
        with self.client.using_context("chrome"):
            self.client.execute_async_script(_FORGET, script_args=(scripts,))

    def close(self) -> None:
        """Leave the site when the test ends, as ChromiumDriver closes its context: one Firefox
        serves the whole run, and a page left open keeps its quiz worker, which stores the
        runtime's scripts once idle (a request the next test's server log would count)."""
        self.client.navigate("about:blank")

    def open(self, target: str) -> None:
        self.client.navigate(self.at(target))

    def _element(self, selector: str) -> Any:
        """The first match, once a reader could see it (Marionette acts only on those)."""
        try:
            element = self.client.find_element("css selector", selector)
            if element.is_displayed():
                return element
        except errors.NoSuchElementException:
            pass
        self.wait_for(selector, "visible")
        return self.client.find_element("css selector", selector)

    def click(self, selector: str) -> None:
        element = self._element(selector)
        # Marionette scrolls an element only to the viewport's edge and refuses the click if
        # anything lies over that point: Material's "Back to top" button shows at the top while
        # a page scrolls up. A reader clicks what they see whole, so centre it first (Playwright
        # waits for the same thing in Chromium).
        self.client.execute_script(
            "arguments[0].scrollIntoView({block: 'center'});", script_args=[element]
        )
        element.click()

    def type(self, selector: str, text: str) -> None:
        element = self._element(selector)
        element.clear()
        element.send_keys(text)

    def press(self, key: str) -> None:
        *held, last = key.split("+")
        keys = [KEYS.get(k, k) for k in held]
        actions = self.client.actions.sequence("key", "keyboard")
        for k in keys:
            actions.key_down(k)
        actions.key_down(KEYS.get(last, last)).key_up(KEYS.get(last, last))
        for k in reversed(keys):
            actions.key_up(k)
        actions.perform()

    def evaluate(self, function: str, *args: Any) -> Any:
        # sandbox=None: the page's own global, as Playwright's evaluate sees it.
        return self.client.execute_script(
            f"return ({function})(...arguments);", script_args=args, sandbox=None
        )

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.client.screenshot(full=True)))

    def url(self) -> str:
        url: str = self.client.get_url()
        return url

    def reload(self) -> None:
        self.client.refresh()

    def back(self) -> None:
        self.client.go_back()

    def console(self) -> list[ConsoleMessage]:
        found = []
        for m in self.firefox.chrome(_READ_CONSOLE):
            if m["chrome"]:
                origin = "browser"
            else:
                origin = attribute(
                    m["text"], m["source"] or "", m["line"], self.origin, self.server.root
                )
            found.append(ConsoleMessage(m["level"], m["text"], m["source"] or "", origin))
        return found

    def offline(self, on: bool) -> None:
        self.firefox.chrome(f"Services.io.offline = {_js(on)};")

    def foreign_requests(self) -> list[str]:
        """Requests a page or worker of the site started (its origin triggered or loaded them)
        to anywhere else. Firefox's own traffic (updates, settings) is triggered by the browser,
        not the site, and is left out."""
        seen = self.firefox.chrome("return window.cpRequests;")
        return [
            r["url"]
            for r in seen
            if self.origin in r["by"] and not r["url"].startswith(self.origin + "/")
        ]
