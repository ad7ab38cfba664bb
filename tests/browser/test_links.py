"""Stable links in Chromium: an old link to a moved page and a renamed section lands on that
section and marks it (desktop and phone, with and without motion, through instant navigation);
the copy-link button, pressed from the keyboard, puts the section's canonical URL on the
clipboard and says so to the eye and to screen readers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_navigation import INSTANT_READY
from tests.build.fixtures.links import assemble
from tests.conftest import (
    BuiltSite,
    Recorded,
    StaticServer,
    build_site,
    open_context,
    same_origin,
    serve,
)

pytestmark = pytest.mark.browser

# Material's instant navigation only follows links found in sitemap.xml, whose entries it moves to
# the page's protocol and host name but not its port (bundle function `fi`): on 127.0.0.1:PORT it
# never engages. Tests of instant navigation serve the site at this port-less origin instead.
PORTLESS = "http://clearpicture.localhost"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SITE_URL = "https://clearpicture.example.org/"


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The stable-links fixture site (tests/build/fixtures/links): guides/old-home.md moved to
    guides/new-home.md, whose section id `original` became `renamed`."""
    dest = tmp_path_factory.mktemp("links-fixture")
    built: BuiltSite = build_site(dest / "site", assemble(dest / "src"))
    with serve(built.root) as running:
        yield running


def open_portless(browser: Any, server: StaticServer, **options: Any) -> tuple[Any, Recorded]:
    """Like conftest's open_context, but the site answers at PORTLESS (each request passed on to
    the static server); anything else is recorded and refused."""
    context = browser.new_context(**options)
    recorded = Recorded()

    def on_route(route: Any) -> None:
        request = route.request
        recorded.requests.append({"url": request.url, "method": request.method})
        if not same_origin(request.url, PORTLESS):
            route.abort()
            return
        headers = {k: v for k, v in request.headers.items() if not k.lower().startswith("if-")}
        upstream = server.base_url + request.url[len(PORTLESS) :]
        route.fulfill(response=route.fetch(url=upstream, headers=headers, max_redirects=0))

    context.route("**/*", on_route)
    context.on(
        "page",
        lambda page: page.on(
            "console",
            lambda msg: recorded.console_errors.append(msg.text) if msg.type == "error" else None,
        ),
    )
    return context, recorded


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """Open a page in a fresh context on a server (portless=True: at PORTLESS); every context
    is closed afterwards."""
    opened: list[Any] = []

    def open_(server: StaticServer, portless: bool = False, **options: Any) -> tuple[Any, Recorded]:
        opener = open_portless if portless else open_context
        ctx, recorded = opener(browser, server, **options)
        opened.append(ctx)
        return ctx.new_page(), recorded

    yield open_
    for ctx in opened:
        # Requests still in flight (the quiz runtime loads large files) end with the context.
        ctx.unroute_all(behavior="ignoreErrors")
        ctx.close()


def landed(page: Any, selector: str) -> dict[str, Any]:
    """Where the section sits after arriving, and how it is marked."""
    return page.eval_on_selector(
        selector,
        """(el) => {
            const box = el.getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const style = getComputedStyle(el);
            return {top: box.top, bottom: box.bottom, headerBottom: header.bottom,
                    height: innerHeight, marked: el.classList.contains('cp-arrived'),
                    outline: style.outlineStyle, animation: style.animationName,
                    background: style.backgroundColor};
        }""",
    )


def assert_lands(page: Any, selector: str) -> dict[str, Any]:
    """The section comes to rest below the sticky header (not hidden under it), in the upper
    part of the screen, and is marked."""
    page.wait_for_function(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            return box.top >= header.bottom - 1 && box.bottom <= innerHeight * 0.6;
        }""",
        arg=selector,
    )
    where = landed(page, selector)
    assert where["marked"], where
    assert where["outline"] == "solid", where
    return where


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_old_link_to_a_moved_page_lands_on_its_renamed_section(
    fixture_server: StaticServer, visit: Any, viewport: dict[str, int]
) -> None:
    page, recorded = visit(fixture_server, viewport=viewport)
    page.goto(fixture_server.base_url + "/guides/old-home/#original")
    page.wait_for_url("**/guides/new-home/#original")
    page.wait_for_selector("#renamed.cp-arrived")
    assert_lands(page, "#renamed")
    assert page.evaluate("() => location.search") == ""
    assert recorded.console_errors == []
    assert recorded.foreign(fixture_server.base_url) == []


def test_the_mark_goes_away_after_a_moment(fixture_server: StaticServer, visit: Any) -> None:
    page, _ = visit(fixture_server)
    page.goto(fixture_server.base_url + "/guides/new-home/#detail")
    page.wait_for_selector("#detail.cp-arrived")
    assert landed(page, "#detail")["animation"] == "cp-arrived"
    page.wait_for_selector("#detail.cp-arrived", state="detached", timeout=10_000)


def test_with_reduced_motion_the_mark_stands_still(
    fixture_server: StaticServer, visit: Any
) -> None:
    page, _ = visit(fixture_server, reduced_motion="reduce", viewport=PHONE)
    page.goto(fixture_server.base_url + "/guides/old-home/#first")
    page.wait_for_url("**/guides/new-home/#first")
    page.wait_for_selector("#first.cp-arrived")
    where = assert_lands(page, "#first")
    assert where["animation"] == "none"
    assert where["background"] not in ("rgba(0, 0, 0, 0)", "transparent")


def test_without_scripts_the_redirect_page_still_moves_the_reader_on(
    fixture_server: StaticServer, visit: Any
) -> None:
    page, recorded = visit(fixture_server, java_script_enabled=False)
    page.goto(fixture_server.base_url + "/guides/old-home/")
    page.wait_for_url("**/guides/new-home/")
    assert page.locator("h1").inner_text().startswith("The new home of a moved guide")
    assert recorded.foreign(fixture_server.base_url) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("start", "link", "lands_on"),
    [
        ("/link-kit/", '.cp-kit a[href$="guides/new-home/#detail"]', "#detail"),
        # The home page still links by the section's old id: the alias takes it there.
        ("/", 'article a[href$="guides/new-home/#original"]', "#renamed"),
    ],
    ids=["link-kit", "old-id"],
)
def test_a_section_link_lands_through_instant_navigation(
    fixture_server: StaticServer,
    visit: Any,
    viewport: dict[str, int],
    start: str,
    link: str,
    lands_on: str,
) -> None:
    page, recorded = visit(fixture_server, portless=True, viewport=viewport)
    page.goto(PORTLESS + start)
    page.wait_for_function("() => !document.documentElement.classList.contains('no-js')")
    # A full page load would drop this; instant navigation swaps the page and keeps it.
    page.evaluate("() => { window.__cpSamePage = true; }")
    target = page.locator(link)
    fragment = target.get_attribute("href").split("#")[1]
    # Material records the scroll offset in history.state 100 ms after scrolling stops, and
    # restores that offset instead of going to the #fragment if it lands after the click: let
    # the scroll that brings the link into view settle first, as a reader's would.
    page.keyboard.press("Shift")  # the reader's first interaction: Material's bundle starts
    page.wait_for_function(INSTANT_READY)
    target.scroll_into_view_if_needed()
    page.wait_for_function("() => history.state !== null && history.state.y === scrollY")
    target.click()
    page.wait_for_url(f"**/guides/new-home/#{fragment}")
    page.wait_for_selector(f"{lands_on}.cp-arrived")
    assert page.evaluate("() => window.__cpSamePage === true"), "a full reload, not instant"
    assert_lands(page, lands_on)
    assert recorded.console_errors == []
    assert recorded.foreign(PORTLESS) == []


def test_copy_link_by_keyboard_puts_the_canonical_url_on_the_clipboard(
    server: StaticServer, visit: Any
) -> None:
    page, recorded = visit(server, permissions=["clipboard-read", "clipboard-write"])
    # Arrive with tracking parameters: none of them may travel into the copied link.
    page.goto(server.base_url + "/guides/connected-apps/?utm_source=newsletter&utm_medium=email")
    button = page.get_by_role("button", name="Copy link to section: Audit Google connections")
    button.wait_for()
    assert button.evaluate("(b) => b.localName === 'button' && b.type === 'button'")
    # Reach it with Tab from the element before it, then press it with Enter.
    button.evaluate("(b) => b.previousElementSibling.querySelector('a').focus()")
    page.keyboard.press("Tab")
    assert button.evaluate("(b) => b === document.activeElement")
    page.keyboard.press("Enter")
    status = page.locator(".cp-link-status[role=status]")
    expected = SITE_URL + "guides/connected-apps/#google"
    page.wait_for_function(
        "(url) => document.querySelector('.cp-link-status').textContent.includes(url)", arg=expected
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert "section “Audit Google connections” copied" in status.inner_text()
    feedback = page.locator(".cp-heading:has(#google) .cp-copy-link__done")
    assert feedback.is_visible() and feedback.inner_text() == "Link copied"
    # Space works too, on an h3.
    other = page.get_by_role("button", name="Copy link to section: Personal accounts")
    other.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "(id) => document.querySelector('.cp-link-status').textContent.includes(id)",
        arg="#microsoft-personal",
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == (
        SITE_URL + "guides/connected-apps/#microsoft-personal"
    )
    assert recorded.console_errors == []


def test_a_quiz_question_has_its_own_copy_link_and_arrival_mark(
    server: StaticServer, visit: Any
) -> None:
    page, recorded = visit(server, permissions=["clipboard-read", "clipboard-write"])
    page.goto(server.base_url + "/guides/connected-apps/")
    prompt = "You remove an app's access to your Google Account. What happens to the data the app"
    button = page.locator("#cp-q-connected-apps-what-revoke-does > .cp-q__link button").first
    button.wait_for()
    assert (button.get_attribute("aria-label") or "").startswith(f"Copy link to question: {prompt}")
    button.focus()
    page.keyboard.press("Enter")
    expected = SITE_URL + "guides/connected-apps/#cp-q-connected-apps-what-revoke-does"
    page.wait_for_function(
        "(url) => document.querySelector('.cp-link-status').textContent.includes(url)", arg=expected
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    # Arriving by that link marks the question as a section's link marks its heading.
    page.goto(server.base_url + "/guides/connected-apps/#cp-q-connected-apps-what-revoke-does")
    page.wait_for_selector("#cp-q-connected-apps-what-revoke-does.cp-arrived")
    assert recorded.console_errors == []


def test_every_linkable_section_has_a_named_copy_button(server: StaticServer, visit: Any) -> None:
    page, _ = visit(server)
    page.goto(server.base_url + "/guides/connected-apps/")
    page.wait_for_selector(".cp-copy-link")
    found = page.evaluate(
        """() => [...document.querySelectorAll('article h2[id], article h3[id]')].map((h) => {
            const b = h.parentElement.querySelector(':scope > button.cp-copy-link');
            const text = h.cloneNode(true);
            text.querySelectorAll('.headerlink').forEach((a) => a.remove());
            return [text.textContent.trim(), b && b.getAttribute('aria-label')];
        })"""
    )
    assert found, "no sections found"
    assert all(label == f"Copy link to section: {text}" for text, label in found), found


def test_instant_navigation_does_not_add_buttons_twice(server: StaticServer, visit: Any) -> None:
    page, _ = visit(server, portless=True)
    page.goto(PORTLESS + "/guides/connected-apps/")
    page.wait_for_selector(".cp-copy-link")
    page.evaluate("() => { window.__cpSamePage = true; }")
    page.keyboard.press("Shift")  # the reader's first interaction: Material's bundle starts
    page.wait_for_function(INSTANT_READY)
    page.locator(".md-nav__link[href$='permissions/']").first.click()
    page.wait_for_url("**/guides/permissions/")
    page.go_back()
    page.wait_for_url("**/guides/connected-apps/")
    page.wait_for_selector("#google")
    assert page.evaluate("() => window.__cpSamePage === true"), "a full reload, not instant"
    assert page.locator(".cp-heading:has(#google) .cp-copy-link").count() == 1


def test_the_fixture_sites_pages_pass_axe(fixture_server: StaticServer, visit: Any) -> None:
    """The link kit, a page with alias ids and terms, in both schemes: no axe violation."""
    from tests.browser.test_accessibility import AXE, violations

    for scheme in ("light", "dark"):
        page, _ = visit(fixture_server, color_scheme=scheme)
        for path in ("/guides/new-home/", "/link-kit/"):
            page.goto(fixture_server.base_url + path)
            page.wait_for_selector(".cp-copy-link")
            assert violations(page, Path(AXE).read_text(encoding="utf-8")) == [], (scheme, path)
