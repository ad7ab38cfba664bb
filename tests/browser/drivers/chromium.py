"""The driver interface in Debian's Chromium, through Playwright: each fresh() is a new browser
context whose every request (pages and workers) is recorded and whose requests to any other
origin are refused (tests/conftest.py's open_context)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.drivers import ConsoleMessage, Driver, attribute
from tests.conftest import Recorded, StaticServer, open_context

# What Playwright's navigator.serviceWorker.register() says in a context that blocks service
# workers (tests/conftest.py's open_context, unless a flow allows them).
PLAYWRIGHT_BLOCKED_WORKER = "Service Worker registration blocked by Playwright"


class ChromiumDriver(Driver):
    name = "chromium"

    def __init__(self, browser: Any, server: StaticServer, **options: Any) -> None:
        self.browser = browser
        self.server = server
        self.origin = server.base_url
        self.options = options
        self.context: Any = None
        self.recorded = Recorded()
        self.messages: list[ConsoleMessage] = []
        self.fresh()

    def fresh(self, scripts: bool = True) -> None:
        self.close()
        self.context, self.recorded = open_context(
            self.browser, self.server, java_script_enabled=scripts, **self.options
        )
        self.messages = []
        self.context.on("console", self._on_console)
        self.context.on("weberror", self._on_error)
        self.page = self.context.new_page()

    def close(self) -> None:
        if self.context is not None:
            # Requests still in flight (the quiz runtime loads large files) end with the context.
            self.context.unroute_all(behavior="ignoreErrors")
            self.context.close()
            self.context = None

    def _on_console(self, message: Any) -> None:
        where = message.location
        source, line = where.get("url", ""), int(where.get("lineNumber", 0)) + 1
        origin = attribute(message.text, source, line, self.origin, self.server.root)
        if message.text == PLAYWRIGHT_BLOCKED_WORKER:
            origin = "test"  # Playwright's stand-in for register() says it, not the site
        self.messages.append(ConsoleMessage(message.type, message.text, source, origin))

    def _on_error(self, error: Any) -> None:
        # An uncaught exception carries no source here: counted as the site's (the strict side).
        self.messages.append(ConsoleMessage("error", f"pageerror: {error.error}", "", "site"))

    def open(self, target: str) -> None:
        self.page.goto(self.at(target), wait_until="load")

    def click(self, selector: str) -> None:
        self.page.click(selector)

    def type(self, selector: str, text: str) -> None:
        field = self.page.locator(selector).first
        field.fill("")
        field.press_sequentially(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def evaluate(self, function: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => ({function})(...args)", list(args))

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)

    def url(self) -> str:
        url: str = self.page.url
        return url

    def reload(self) -> None:
        self.page.reload(wait_until="load")

    def back(self) -> None:
        self.page.go_back()

    def console(self) -> list[ConsoleMessage]:
        return list(self.messages)

    def offline(self, on: bool) -> None:
        self.context.set_offline(on)

    def foreign_requests(self) -> list[str]:
        return [r["url"] for r in self.recorded.foreign(self.origin)]

    def requests(self) -> list[dict[str, Any]]:
        """Chromium only: the network log, headers and bodies included (see browser-tiers.md)."""
        return list(self.recorded.requests)
