"""Offline after one visit, in Chromium and Firefox with the site's service worker running: it
keeps every page of this build, the quiz worker keeps the runtime it loaded, and with the server
gone and the browser offline every guide opens, a quiz scores and the checklist scores. The
caches hold this build's files, byte for byte, under their plain URLs, and nothing else: no
answer, no nickname, no query, no fragment. A new deploy replaces the caches and deletes the
old ones.

The other flows run without the service worker (browser-tiers.md); these turn it on, and in
Chromium watch every request instead of intercepting it (Playwright's interception and a
service worker do not mix). The server's own log, which sees the service worker's requests too,
ends each flow with the same privacy check as every other flow."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from clearpicture import offline
from clearpicture.runtime import manifest
from tests.browser.conftest import ENGINES
from tests.browser.drivers import Driver
from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.drivers.firefox import FirefoxDriver
from tests.browser.privacy import assert_private
from tests.browser.test_checklist import add_member, answer, show, wait_for_result
from tests.browser.test_quiz_runtime import READY
from tests.conftest import BuiltSite, StaticServer, serve

GUIDE = "/guides/connected-apps/"
WAIT_S = 120
# Typed into the checklist and carried by a share link: text no file of the site contains.
NICKNAME = "Zoltrabelle"
NEXT_DEPLOY = '<meta name="cp-next-deploy" content="yes">'
WORKERS = "Services.prefs.setBoolPref('dom.serviceWorkers.enabled', {});"
# Firefox prefetches a page's <link rel="next"> when idle; when the flow's next navigation
# cancels that prefetch while the service worker answers it, Firefox logs "A ServiceWorker
# intercepted the request and encountered an unexpected error" for it (the page is unaffected).
# Off in these flows, so their console check sees the pages' own messages only.
PREFETCH = "Services.prefs.setBoolPref('network.prefetch-next', {});"

CACHE_ENTRIES = """async (secret) => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const body = await response.arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
      let binary = "";
      for (const byte of digest) binary += String.fromCharCode(byte);
      out.push({name, url: request.url, sha256: btoa(binary), bytes: body.byteLength,
                handled: response.headers.get("X-Clearpicture-Handled-Before"),
                mentions: new TextDecoder("latin1").decode(body).includes(secret)});
    }
  }
  return out;
}"""
# The scoring engine's memory snapshot (runtime-snapshot.js): the one cache entry that is not a
# file of the build. Its key, never fetched or served.
SNAPSHOT_ENTRY = "/assets/pyodide/scoring.snapshot"
# The snapshot cache's one entry, once stored: its URL, size, the number of requests the worker
# had handled when it took it, and which of the given texts its bytes contain (as ASCII, the
# way Python keeps such a str and its UTF-8 copies).
SNAPSHOT = """async ([name, texts]) => {
  if (!(await caches.has(name))) return null;
  const cache = await caches.open(name);
  const requests = await cache.keys();
  if (requests.length === 0) return null;
  const response = await cache.match(requests[0]);
  const bytes = await response.arrayBuffer();
  const text = new TextDecoder("latin1").decode(bytes);
  return {urls: requests.map((r) => r.url), bytes: bytes.byteLength,
          handled: response.headers.get("X-Clearpicture-Handled-Before"),
          found: texts.filter((t) => text.includes(t))};
}"""
# How this page's scoring worker started: {from: "snapshot" | "start", snapshotMs: the time it
# took to take a snapshot on the way, or null}.
STARTED = "() => performance.getEntriesByName('cp-ready')[0]?.detail ?? null"
# A fill-in question: what the reader types there goes to the engine as it is.
TYPED_QUIZ = "/guides/ai-and-money/"
TYPED_FORM = "#cp-quiz-ai-and-money"
TYPED = "#cp-q-ai-and-money-find-word input[type=text]"
# Answers typed before scoring is ready (kept until it is) and after: text no file contains.
EARLY, LATER = "Vorquellindra", "Thrumbasket"
# Text the snapshot must hold (a name scoring.py defines): the search above can find text in it.
DEFINED = "score_household"


@dataclass
class Reader:
    web: Driver
    server: StaticServer
    stop: Callable[[], None]  # the server goes away


@pytest.fixture(params=ENGINES)
def reader_at(request: pytest.FixtureRequest) -> Iterator[Callable[[Path], Reader]]:
    """make(root): a fresh reader with the service worker on, at a server of root's own."""
    with ExitStack() as stack:

        def make(root: Path) -> Reader:
            serving = serve(root)
            server = serving.__enter__()
            stopped: list[bool] = []

            def stop() -> None:
                if not stopped:
                    stopped.append(True)
                    serving.__exit__(None, None, None)

            stack.callback(stop)
            web: Driver
            if request.param == "chromium":
                chromium = ChromiumDriver(
                    request.getfixturevalue("browser"),
                    server,
                    service_workers="allow",
                    intercept=False,
                )
                stack.callback(chromium.close)
                web = chromium
            else:
                firefox = request.getfixturevalue("firefox")
                firefox.chrome(WORKERS.format("true"))
                firefox.chrome(PREFETCH.format("false"))
                firefox_web = FirefoxDriver(firefox, server)

                def end() -> None:
                    firefox_web.offline(False)
                    firefox_web.fresh()  # registrations and caches go with the site's data
                    firefox.chrome(WORKERS.format("false"))
                    firefox.chrome(PREFETCH.format("true"))

                stack.callback(end)
                web = firefox_web
            return Reader(web, server, stop)

        yield make


@pytest.fixture
def reader(reader_at: Callable[[Path], Reader], site: BuiltSite) -> Reader:
    """A fresh reader with the service worker on, at a server of this session's build."""
    return reader_at(site.root)


def controlled(web: Driver) -> None:
    """The service worker has installed this build (every page fetched) and runs this page."""
    web.wait_until(
        "() => navigator.serviceWorker.controller !== null",
        timeout=WAIT_S,
        what="the service worker in control",
    )


def runtime_kept(web: Driver, version: str, count: int) -> None:
    """The quiz worker has stored all count files of that runtime version."""
    web.wait_until(
        """async (name, count) => (await caches.has(name))
             && (await (await caches.open(name)).keys()).length === count""",
        f"clearpicture / runtime {version}",
        count,
        timeout=WAIT_S,
        what=f"runtime {version} kept",
    )


def take_quiz(web: Driver, quiz: str) -> str:
    """Answer the first question with its first option, check, and return the result's text."""
    form = f"#cp-quiz-{quiz}"
    web.evaluate("(form) => document.querySelector(form).scrollIntoView()", form)
    web.click(f"{form} fieldset[data-cp-question] input")
    web.click(f"{form} [data-cp-command=score]")
    web.wait_for(f"{form} [data-cp-result]", timeout=WAIT_S)
    return web.text(f"{form} [data-cp-result]")


def snapshot_cache(version: str) -> str:
    return f"clearpicture / snapshot {version}"


def snapshot_kept(web: Driver, version: str, texts: list[str]) -> dict[str, Any]:
    """Wait until the quiz worker has stored its snapshot of that runtime version, and read it."""
    found: dict[str, Any] = web.wait_until(
        SNAPSHOT, [snapshot_cache(version), texts], timeout=WAIT_S, what="the snapshot kept"
    )
    return found


def built_file(root: Path, url: str) -> Path:
    rel = urlsplit(url).path.lstrip("/")
    return root / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def sha256(path: Path) -> str:
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def worker_build(root: Path) -> dict[str, Any]:
    text = (root / offline.WORKER).read_text()
    build: dict[str, Any] = json.loads(
        text.split("/* clearpicture:build */", 1)[1].split("/* end */", 1)[0]
    )
    return build


def test_after_one_visit_every_guide_a_quiz_and_the_checklist_work_offline(
    reader: Reader, site: BuiltSite
) -> None:
    web, server = reader.web, reader.server
    shipped = manifest.build_manifest(site.root)
    guides = [site.url_path(p) for p in site.pages() if site.url_path(p).startswith("/guides/")]
    assert len(guides) >= 8

    # One visit: a guide, its quiz answered, so the runtime is loaded and kept.
    web.open(GUIDE + "#quiz")
    web.wait_until(READY, timeout=WAIT_S, what="scoring ready")
    assert " of 5 correct" in take_quiz(web, "connected-apps")
    controlled(web)
    runtime_kept(web, shipped.version, len(shipped.files))
    assert_private(web, server, 0, ["what-revoke-does"])

    # The server is gone and the browser offline: nothing can come from any network.
    reader.stop()
    web.offline(True)
    for path in guides:
        web.open(path)
        web.wait_for("article h1")
    web.open("/guides/permissions/")
    assert " correct" in take_quiz(web, "permissions")
    web.open("/checklist/")
    answer(web, {"google-connections": "no", "two-step-sign-in": "yes"})
    show(web)
    assert "out of 100" in web.text("[data-cp-result]")
    assert web.complaints() == []


def test_the_caches_hold_the_builds_files_and_nothing_a_reader_answered(
    reader: Reader, site: BuiltSite
) -> None:
    web, server = reader.web, reader.server
    shipped = manifest.build_manifest(site.root)
    mine = {"google-connections": "no", "two-step-sign-in": "unsure"}

    # A reader answers a quiz and the checklist, names a household member, keeps the answers
    # on this device and makes a share link: everything a reader could leave behind.
    web.open(GUIDE + "#quiz")
    take_quiz(web, "connected-apps")
    web.open("/checklist/")
    answer(web, mine)
    add_member(web, NICKNAME)
    answer(web, {"google-connections": "yes"})
    web.check("input[id$=-remember]")
    show(web)
    web.check("[data-cp-share-names]")
    web.click("[data-cp-do=share]")
    link = web.value("[data-cp-share-url]")
    assert NICKNAME in link
    controlled(web)
    runtime_kept(web, shipped.version, len(shipped.files))
    # The link opened, as the person it was sent to would: the page comes from the cache, and
    # its fragment reaches neither a server nor a cache.
    web.open(link)
    wait_for_result(web)

    snapshot_kept(web, shipped.version, [])

    entries: list[dict[str, Any]] = web.evaluate(CACHE_ENTRIES, NICKNAME)
    build = worker_build(site.root)
    assert {e["name"] for e in entries} == {
        f"clearpicture / site {build['site']}",
        f"clearpicture / runtime {shipped.version}",
        snapshot_cache(shipped.version),
    }
    # The one derived entry: the engine's memory snapshot, alone in its cache, taken before the
    # worker handled any request (test_the_snapshot_is_taken_before_any_answer proves more).
    derived = [e for e in entries if e["name"] == snapshot_cache(shipped.version)]
    assert [urlsplit(e["url"]).path for e in derived] == [SNAPSHOT_ENTRY]
    assert derived[0]["handled"] == "0"
    assert derived[0]["bytes"] > 1_000_000
    assert not derived[0]["mentions"], "the snapshot holds the nickname"
    entries = [e for e in entries if e not in derived]
    listed = {"/" + p for p in build["files"]} | {"/" + f.path for f in shipped.files}
    for entry in entries:
        url = urlsplit(entry["url"])
        assert not url.query and not url.fragment, entry["url"]
        assert url.path in listed, f"{entry['url']} is not a file of this build"
        # Byte for byte the build's own file: nothing a reader did is in any entry.
        assert entry["sha256"] == sha256(built_file(site.root, entry["url"])), entry["url"]
        assert not entry["mentions"], f"{entry['url']} holds the nickname"
    pages = {site.url_path(p) for p in site.pages()}
    assert pages <= {urlsplit(e["url"]).path for e in entries}, "every page is kept"
    # The server's log (the service worker's requests included): static GETs, nothing chosen.
    assert_private(web, server, 0, [NICKNAME, *mine])


def test_a_new_deploy_replaces_the_caches_and_deletes_the_old(
    reader_at: Callable[[Path], Reader], site: BuiltSite, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    web = reader_at(root).web
    old = manifest.build_manifest(root)
    web.open(GUIDE + "#quiz")
    web.wait_until(READY, timeout=WAIT_S, what="scoring ready")
    controlled(web)
    runtime_kept(web, old.version, len(old.files))
    snapshot_kept(web, old.version, [])
    before = set(web.evaluate("() => caches.keys()"))
    assert snapshot_cache(old.version) in before

    # The next deploy: a guide and the scoring module changed, so both versions move.
    guide = root / "guides/permissions/index.html"
    guide.write_text(guide.read_text().replace("</head>", NEXT_DEPLOY + "</head>", 1))
    scoring = root / "assets/python/scoring.py"
    scoring.write_text(scoring.read_text() + "\n# next deploy\n")
    new = manifest.build_manifest(root)
    manifest.publish(root, new)
    build = offline.write(root, new)
    site_cache = f"clearpicture / site {build.site}"

    # Opening a page looks for a new service worker; the new one fetches the new build and,
    # once it takes over, deletes the old build's caches, the old runtime's included.
    web.open("/")
    web.wait_until(
        """async (site) => {
             const names = await caches.keys();
             return names.includes(site) && !names.some((n) => n.includes(" site ") && n !== site);
           }""",
        site_cache,
        timeout=WAIT_S,
        what="the new build's cache alone",
    )
    # The next page is the new build, and its quiz keeps the new runtime under its version.
    web.open("/guides/permissions/#quiz")
    assert web.count("meta[name=cp-next-deploy]") == 1
    web.wait_until(READY, timeout=WAIT_S, what="scoring ready")
    runtime_kept(web, new.version, len(new.files))
    # A new runtime: the old snapshot cannot load into it, and a new one is taken.
    assert web.evaluate(STARTED)["from"] == "start"
    snapshot_kept(web, new.version, [])
    expected = [
        site_cache,
        f"clearpicture / runtime {new.version}",
        snapshot_cache(new.version),
    ]
    web.wait_until(
        """async (names) => { const now = await caches.keys();
             return now.length === names.length && names.every((n) => now.includes(n)); }""",
        expected,
        timeout=WAIT_S,
        what=f"the caches {expected}",
    )
    assert not before & set(web.evaluate("() => caches.keys()"))


def test_the_snapshot_is_taken_before_any_answer_and_the_next_visit_starts_from_it(
    reader: Reader, site: BuiltSite
) -> None:
    web, server = reader.web, reader.server
    shipped = manifest.build_manifest(site.root)
    score = f"{TYPED_FORM} [data-cp-command=score]"
    scored = "(n) => performance.getEntriesByName('cp-scored').length >= n"

    # A reader types an answer and checks it before scoring is ready: it waits for the engine.
    web.open(TYPED_QUIZ)
    web.type(TYPED, EARLY)
    web.click(score)
    assert not web.evaluate(READY), "scoring was ready before the first answer: nothing queued"
    web.wait_until(scored, 1, timeout=WAIT_S, what="the early answer scored")
    # And once it is ready, types another and checks again.
    web.type(TYPED, LATER)
    web.click(score)
    web.wait_until(scored, 2, timeout=WAIT_S, what="the later answer scored")

    # The worker started the plain way and took its snapshot on the way, before any request
    # (the stored entry says how many it had handled then: none).
    assert web.evaluate(STARTED)["from"] == "start"
    assert web.evaluate(STARTED)["snapshotMs"] is not None
    kept = snapshot_kept(web, shipped.version, [EARLY, LATER, DEFINED])
    assert [urlsplit(url).path for url in kept["urls"]] == [SNAPSHOT_ENTRY]
    assert kept["handled"] == "0"
    # Neither answer is in its bytes; what the engine defined is (the search finds text there).
    assert kept["found"] == [DEFINED], f"the snapshot holds {kept['found']}"
    assert kept["bytes"] > 1_000_000

    # The next visit starts from the snapshot, and scores the same answer.
    web.open(TYPED_QUIZ)
    web.type(TYPED, LATER)
    web.click(score)
    web.wait_until(scored, 1, timeout=WAIT_S, what="scored from the snapshot")
    assert web.evaluate(STARTED) == {"from": "snapshot", "snapshotMs": None}
    assert web.text(f"{TYPED_FORM} [data-cp-result]")
    # Loading from it left it as it was: still the one taken before any answer.
    again = snapshot_kept(web, shipped.version, [EARLY, LATER, DEFINED])
    assert again["found"] == [DEFINED] and again["handled"] == "0"
    assert web.complaints() == []
    assert_private(web, server, 0, [EARLY, LATER])


def test_a_snapshot_that_cannot_load_is_replaced_and_scoring_still_works(
    reader: Reader, site: BuiltSite
) -> None:
    web = reader.web
    shipped = manifest.build_manifest(site.root)
    web.open(GUIDE)
    controlled(web)
    assert not web.evaluate("() => performance.getEntriesByName('cp-worker-start').length")
    # A damaged snapshot where this runtime's belongs (as a browser might leave a cut write).
    web.evaluate(
        """async ([name, path]) => {
             const cache = await caches.open(name);
             await cache.put(new URL(path, location.origin).href,
                             new Response(new Uint8Array(4096).fill(7)));
           }""",
        [snapshot_cache(shipped.version), SNAPSHOT_ENTRY],
    )
    assert " of 5 correct" in take_quiz(web, "connected-apps")
    # It was tried, failed, deleted, and the plain start took a sound one instead.
    assert web.evaluate(STARTED)["from"] == "start"
    assert web.evaluate(STARTED)["snapshotMs"] is not None
    snapshot_replaced(
        web, shipped.version, "s?.bytes > 4096", 0, "a sound snapshot in place of the damaged one"
    )


def snapshot_replaced(web: Driver, version: str, holds: str, size: int, what: str) -> None:
    """Wait until this runtime's stored snapshot `s` holds (a JavaScript condition, `size` in
    scope), then check it was taken before any request, and that nothing complained."""
    test = (
        f"async ([args, size]) => {{ const s = await ({SNAPSHOT})(args); return ({holds}) && s; }}"
    )
    kept = web.wait_until(test, [[snapshot_cache(version), []], size], timeout=WAIT_S, what=what)
    assert kept["handled"] == "0"
    assert web.complaints() == []


# Cut a stored snapshot short, as a write the browser stopped partway might leave it: the same
# headers (its length among them), the first quarter of its bytes. Returns the length it claims.
CUT_SNAPSHOT = """async ([name, path]) => {
  const cache = await caches.open(name);
  const url = new URL(path, location.origin).href;
  const whole = await cache.match(url);
  const bytes = new Uint8Array(await whole.arrayBuffer());
  await cache.put(url, new Response(bytes.slice(0, bytes.length >> 2), { headers: whole.headers }));
  const cut = await cache.match(url);
  return [cut.headers.get("X-Clearpicture-Bytes"), (await cut.arrayBuffer()).byteLength];
}"""


def test_a_snapshot_cut_short_is_replaced_and_scoring_still_works(
    reader: Reader, site: BuiltSite
) -> None:
    # A visit reads a snapshot while Pyodide loads, into an array of the length its entry
    # claims (X-Clearpicture-Bytes): one whose bytes stop partway (its start a real snapshot's)
    # still ends in scoring: the read settles, the restore fails, the worker starts the plain way
    # and takes a whole one. (runtime-snapshot.js also clears the array's header then, so the
    # restore refuses it; without that, the restore from a quarter of the heap threw too.)
    web = reader.web
    shipped = manifest.build_manifest(site.root)
    web.open(GUIDE)
    controlled(web)
    assert " of 5 correct" in take_quiz(web, "connected-apps")
    sound = snapshot_kept(web, shipped.version, [])
    claimed, left = web.evaluate(CUT_SNAPSHOT, [snapshot_cache(shipped.version), SNAPSHOT_ENTRY])
    assert claimed == str(sound["bytes"]) and left == sound["bytes"] // 4

    web.open(GUIDE)
    assert " of 5 correct" in take_quiz(web, "connected-apps")
    assert web.evaluate(STARTED)["from"] == "start"
    snapshot_replaced(
        web,
        shipped.version,
        "s?.bytes === size",
        sound["bytes"],
        "a whole snapshot in place of the cut one",
    )
