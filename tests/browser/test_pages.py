"""Every built page, in every engine: it asks only its own origin for the site's static files, by
plain GETs with no query string, says nothing in the console, and starts no Pyodide unless it
holds a quiz; its CSP is enforced (an injected inline script is refused) while the site's own
scripts, Material's and the Pyodide worker run under it; and with JavaScript off every page still
reads, quizzes and checklist included, and nothing is sent."""

from __future__ import annotations

import time

import pytest

from tests.browser.drivers import CSP_REFUSAL, WAIT_S, Driver
from tests.browser.privacy import assert_private, wait_for_quiet
from tests.browser.test_quiz_runtime import FORM, QUIZ, READY
from tests.conftest import BuiltSite, StaticServer

pytestmark = pytest.mark.browser

# Resolves once the page has been idle twice after load: by then a page opened at a form (the
# checklist) has started its worker, and any other page's start would be due to the reader.
SETTLED = """() => new Promise((done) => requestIdleCallback(
  () => requestIdleCallback(() => done(true), {timeout: 5000}), {timeout: 5000}))"""
STARTED = "() => performance.getEntriesByName('cp-worker-start').length"


def test_every_page_stays_on_its_origin(
    site: BuiltSite, web: Driver, site_server: StaticServer
) -> None:
    pages = [
        (site.url_path(built), "data-cp-quiz=" in built.read_text("utf-8"))
        for built in site.pages()
    ]
    # Pages without a quiz first: a quiz page's worker may still be fetching Pyodide while the
    # next page loads, and only quiz pages may come after one.
    for path, has_quiz in sorted(pages, key=lambda page: page[1]):
        since = len(site_server.hits)
        web.open(path)
        web.evaluate(SETTLED)
        assert (web.count("form.cp-quiz") > 0) == has_quiz, path
        # The worker's own requests are followed to the end in the quiz flows; here, that only a
        # page holding a quiz starts it (when, on such a page, is test_intent.py's).
        assert web.evaluate(STARTED) <= int(has_quiz), path
        if not has_quiz:
            pyodide = [h.path for h in site_server.hits[since:] if "/assets/pyodide/" in h.path]
            assert pyodide == [], f"{path} holds no quiz but fetched {pyodide}"
        assert_private(web, site_server, since, [])


def test_the_csp_refuses_injected_script_and_runs_the_sites_own(
    web: Driver, site_server: StaticServer
) -> None:
    since = len(site_server.hits)
    web.open(QUIZ + "#quiz")  # opened at the quiz: the worker starts at once
    # Material's bundle replaced no-js; quiz.js marked the page; links.js added its buttons;
    # the module worker compiled Pyodide's WebAssembly ('wasm-unsafe-eval', worker-src 'self').
    web.wait_until(
        "() => !document.documentElement.classList.contains('no-js')", what="Material's bundle"
    )
    assert web.evaluate("() => document.documentElement.classList.contains('cp-js')")
    web.wait_for("button.cp-copy-link")
    web.wait_until(READY, what="scoring ready")
    web.click("label[for='cp-connected-apps-what-revoke-does-b']")
    web.click(f"{FORM} [data-cp-command=score]")
    web.wait_for(f"{FORM} [data-cp-result]")
    # Material's search: its worker runs under the CSP too.
    web.type(".md-search__input", "privacy")
    web.wait_for(".md-search-result__item")
    assert_private(web, site_server, since, ["what-revoke-does"])

    # An injected inline script is refused: it never runs, the page hears of the violation,
    # and the console says so.
    web.evaluate(
        """() => {
          window.__cpViolations = [];
          document.addEventListener('securitypolicyviolation',
            (e) => window.__cpViolations.push([e.violatedDirective, e.blockedURI]));
          const s = document.createElement('script');
          s.textContent = 'window.__cpInjected = true';
          document.body.append(s);
        }"""
    )
    violations = web.wait_until("() => window.__cpViolations.length && window.__cpViolations")
    assert web.evaluate("() => window.__cpInjected === true") is False
    assert [directive.split("-")[0] for directive, _ in violations] == ["script"], violations
    assert [blocked for _, blocked in violations] == ["inline"], violations
    refusals = [m for m in web.console() if CSP_REFUSAL.search(m.text)]
    assert len(refusals) == 1, web.console()
    assert [m for m in web.complaints() if m != str(refusals[0])] == []


@pytest.mark.parametrize("path", [QUIZ, "/guides/household/", "/checklist/"])
def test_without_javascript_every_part_still_reads(
    web: Driver, site_server: StaticServer, path: str
) -> None:
    web.fresh(scripts=False)
    since = len(site_server.hits)
    web.open(path)
    assert web.evaluate("() => document.documentElement.className") == "no-js"
    assert web.visible("article h1")
    # Every question or item with its options, and what the page teaches once scored (why each
    # option is right or not, the bands, the steps to take), is on the page as built.
    assert web.count("form.cp-quiz fieldset[data-cp-question]") > 0
    for part in ("fieldset[data-cp-question] label", ".cp-explain", ".cp-bands", ".cp-action"):
        shown = web.evaluate(
            "(s) => [...document.querySelectorAll(s)].map((e) => e.getClientRects().length > 0)",
            f"form.cp-quiz {part}",
        )
        assert all(shown), f"{path}: {part} hidden: {shown}"
    web.wait_for_text("form.cp-quiz .cp-quiz__noscript", "needs JavaScript")
    # No dead buttons: check, start again, a question's check or hint or copy-link button
    # exist, or show, only once the script that makes them work has run.
    buttons = web.evaluate(
        "() => [...document.querySelectorAll('form.cp-quiz button')]"
        ".filter((b) => b.getClientRects().length > 0).map((b) => b.textContent.trim())"
    )
    assert buttons == [], f"{path}: buttons shown without JavaScript: {buttons}"
    # Everything the page load asked for is in first: Chromium asks for the favicon after the
    # load event, and on a busy machine that request landed after the click below.
    web.wait_until("() => document.readyState === 'complete'", what="page loaded")
    wait_for_quiet(site_server, quiet=1.0)
    before, url = len(site_server.hits), web.url()
    web.click("form.cp-quiz fieldset[data-cp-question] label")
    web.press("Enter")  # and Enter on it: the form never submits
    assert web.url() == url
    assert site_server.hits[before:] == []
    fetched = [hit.path for hit in site_server.hits[since:]]
    assert not [p for p in fetched if p.endswith((".js", ".mjs", ".wasm"))], fetched
    assert_private(web, site_server, since, [])


def test_a_request_to_another_origin_would_be_seen(web: Driver) -> None:
    """The privacy checks are only as good as what each engine sees: a reader following a link
    to another site (as guides link vendors' help pages) shows up, and is refused."""
    web.open("/")
    elsewhere = "http://example.org/clearpicture-elsewhere"
    web.evaluate(
        "(url) => { const a = document.createElement('a'); a.id = 'cp-elsewhere'; a.href = url;"
        " a.textContent = 'Elsewhere'; document.querySelector('article').prepend(a); }",
        elsewhere,
    )
    web.click("#cp-elsewhere")
    deadline = time.monotonic() + WAIT_S
    while elsewhere not in web.foreign_requests():
        assert time.monotonic() < deadline, web.foreign_requests()
        time.sleep(0.1)
