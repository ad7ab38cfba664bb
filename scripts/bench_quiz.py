"""Measure the quiz runtime in headless Chromium against a built site, and check its targets.

    python -m scripts.bench_quiz SITE_DIR [--runs 7] [--quiz /guides/x/] [--big 1000]
                                         [--busy MS,..] [--network slow-4g|none] [--json]

Each run uses a fresh browser context (cold HTTP and code caches, no service worker yet), and the
measures are interleaved, so drift on a busy machine spreads over all of them alike:
  bare    a blank page whose module worker only calls loadPyodide() on the site's own files
          (and the same on the stock npm files): navigation start -> Pyodide ready
  read    the quiz's guide opened at the top on a 390x844 viewport and left 10 s: bytes of the
          runtime (Pyodide, scoring.py) requested
  quiz    the same guide opened at the top; once it is loaded and its service worker has
          installed, the quiz is scrolled into view (the reader's intent): intent -> scoring ready
          (quiz.js marks cp-worker-start and cp-ready), then answering every question and
          pressing the score button -> the result painted
  second  the reader comes back (same profile, service worker warm): intent -> ready again, and
          the runtime bytes the network served for it
  network (--network slow-4g, the default) quiz and second again, from a server that sends
          gzip as static hosts do over one shared link of Lighthouse's mobile profile (1.6 Mbit/s,
          150 ms round trip), where the first visit pays for its download; the loopback figures
          are kept and printed beside them
  big     (--big N) the same page with its quiz made N questions long. "Result painted": the
          first frame painted after the result box (points, score, band; the status line says
          them, focus is in the box) is shown, timed from the engine's reply reaching the page
          (quiz.js marks cp-scored) and from the click (which adds the scoring itself);
          "complete": every question's verdict and marks drawn (cp-result-complete), with the
          longest main-thread task between the reply and then. As shipped, the page asks the
          worker to read each quiz's definition (public, no answers) when it starts it, so the
          click sends the answers and Python grades them all; "plain" times the same click with
          that early request held back (the bench drops it), the definition read at the click
  busy    (--busy 130,350) the bare page again, its main thread kept busy for that many ms
Targets (issue 12): 0 bytes of the runtime while reading; intent -> ready <= 1.10 x bare;
intent -> ready <= 0.45 x bare on the stock npm files; second visit ready <= 0.5 x the first,
with 0 runtime bytes from the network; a 1,000-question quiz's result painted < 200 ms after the
click (as shipped; the plain path and scored -> painted printed beside it);
no main-thread long task from the worker's start until the result is shown.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from clearpicture.runtime import manifest
from tests.harness import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
STOCK = ROOT / "node_modules/pyodide"
STOCK_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
RUNTIME_PATHS = ("/assets/pyodide/", "/assets/python/", "/__bench/stock/")

# The bare page: no Material, no quiz.js; a module worker that only boots Pyodide.
BARE_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script type="module" src="/__bench/bare.js"></script></head><body></body></html>"""
BARE_SCRIPT = """
const params = new URLSearchParams(location.search);
const index = params.get("index") || "/assets/pyodide/";
// --busy: this page's main thread works for that long, before the worker starts (as when a
// page starts it once idle) or while it loads (as when a page starts it at once).
const work = () => {
  for (const end = performance.now() + Number(params.get("busy")); performance.now() < end; );
};
if (params.get("first") === "page") work();
const worker = new Worker("/__bench/bare-worker.js?index=" + encodeURIComponent(index),
                          { type: "module" });
worker.onmessage = () => performance.mark("bare-ready");
if (params.get("first") === "worker") work();
"""
BARE_WORKER = """
import { loadPyodide } from "/assets/pyodide/pyodide.mjs";
const index = new URL(location.href).searchParams.get("index");
const { loadPyodide: load } = index === "/assets/pyodide/"
  ? { loadPyodide } : await import(index + "pyodide.mjs");
await load({ indexURL: index });
postMessage("ready");
"""
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
"""
# --busy: where the bare page puts its main-thread work, and how the report names it.
BUSY_ORDERS = {"page": "then worker start", "worker": "during the load"}
EXTRA = {
    "/__bench/bare.html": (BARE_PAGE, "text/html"),
    "/__bench/bare.js": (BARE_SCRIPT.encode(), "text/javascript"),
    "/__bench/bare-worker.js": (BARE_WORKER.encode(), "text/javascript"),
}


@dataclass
class Link:
    """One connection's bandwidth shared by every response (bytes per second) and its round
    trip, paid once per request before the answer starts: a slow network."""

    rate: int
    rtt: float
    free_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, chunk: bytes, out: Any) -> None:
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + len(chunk) / self.rate
        time.sleep(max(0.0, self.free_at - time.monotonic()))
        out.write(chunk)


# Lighthouse's mobile preset ("slow 4G"): 1.6 Mbit/s down, 150 ms round trip.
NETWORKS = {"slow-4g": (1_600_000 // 8, 0.150)}
GZIPPED = ("text/", "application/javascript", "application/json", "application/wasm")


@dataclass
class Served:
    """Bytes of response bodies, per path, in the order they were served."""

    bodies: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            taken, self.bodies = self.bodies, []
        return taken


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib declares it a plain class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".zip": "application/zip",
    }
    served: Served
    link: Link | None = None  # a slow network: gzip as hosts send it, over this link

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if self.link:
            time.sleep(self.link.rtt)
        if path in EXTRA:
            body, kind = EXTRA[path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.copyfile(io.BytesIO(body), self.wfile)
            return
        super().do_GET()

    def send_head(self) -> Any:
        if not self.link or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if not (os.path.isfile(path) and kind.startswith(GZIPPED)):
            return super().send_head()
        body = compressed(path, os.stat(path).st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.stat(path).st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if route.startswith("/__bench/stock/"):
            return str(STOCK / route.removeprefix("/__bench/stock/"))
        return super().translate_path(path)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        start = source.tell()
        if self.link:
            while chunk := source.read(16384):
                self.link.send(chunk, outputfile)
        else:
            super().copyfile(source, outputfile)
        self._count(urlsplit(self.path).path, source.tell() - start)

    def _count(self, path: str, size: int) -> None:
        with self.served.lock:
            self.served.bodies.append((path, size))


@functools.lru_cache(maxsize=64)
def compressed(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6, mtime=0)


@contextmanager
def serve(site: Path, link: Link | None = None) -> Iterator[tuple[str, Served]]:
    served = Served()
    kind = type("H", (Handler,), {"served": served, "link": link})
    handler = functools.partial(kind, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield f"http://{host}:{port!s}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


def find_quiz_page(site: Path) -> str:
    """URL path of the first page holding a scored quiz."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if 'data-cp-kind="quiz"' in text:
            return "/" + page.relative_to(site).as_posix().removesuffix("index.html")
    raise SystemExit(f'{site}: no page holds a quiz (data-cp-kind="quiz")')


def mark(page: Any, name: str, timeout: float = 120_000) -> float:
    page.wait_for_function(
        "(name) => performance.getEntriesByName(name).length > 0", arg=name, timeout=timeout
    )
    return float(page.evaluate("(name) => performance.getEntriesByName(name)[0].startTime", name))


PHONE = {"width": 390, "height": 844}
QUIZ_FORM = 'form.cp-quiz[data-cp-kind="quiz"]'


@contextmanager
def fresh_context(browser: Any, **options: Any) -> Iterator[Any]:
    """A new browser context (cold caches, no service worker yet) recording long tasks; closed
    afterwards."""
    context = browser.new_context(**options)
    context.set_default_timeout(120_000)  # a busy machine; every wait is for a state
    context.add_init_script(LONG_TASKS)
    try:
        yield context
    finally:
        context.close()


def run_bare(browser: Any, base: str, index: str, busy: int = 0, first: str = "") -> float:
    with fresh_context(browser) as context:
        page = context.new_page()
        page.goto(f"{base}/__bench/bare.html?index={index}&busy={busy}&first={first}")
        return mark(page, "bare-ready")


# Answers every question, clicks the score button and marks "bench-painted" at the first frame
# painted after the result is shown (a MutationObserver sees it shown; rAF then a task: painted).
ANSWER_ALL = """(form) => {
  for (const fieldset of form.querySelectorAll("fieldset[data-cp-question]")) {
    fieldset.querySelector("input").checked = true;
  }
  const result = form.querySelector("[data-cp-result]");
  new MutationObserver((_, observer) => {
    if (result.hidden) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => performance.mark("bench-painted")));
  }).observe(result, { attributes: true, attributeFilter: ["hidden"] });
  window.__clickedAt = performance.now();
  form.querySelector('[data-cp-command="score"]').click();
}"""
SCROLL_TO_QUIZ = f"""() => {{
  performance.mark("bench-intent");
  document.querySelector('{QUIZ_FORM}').scrollIntoView();
}}"""
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
# --big plain: the page's early "prepare" request (quiz.js, at the worker's start) never reaches
# the worker, so the click's request reads the definition too.
HOLD_PREPARE = """
const send = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.type === "prepare") return;
  return send.call(this, message, ...rest);
};
"""
RUNTIME_KEPT = """async (count) => {
  const names = (await caches.keys()).filter((n) => n.includes(" runtime "));
  return names.length === 1 && (await (await caches.open(names[0])).keys()).length === count;
}"""
# The quiz worker's memory snapshot stored (runtime-snapshot.js): its size in bytes, else 0.
SNAPSHOT_KEPT = """async () => {
  const names = (await caches.keys()).filter((n) => n.includes(" snapshot "));
  if (names.length !== 1) return 0;
  const [request] = await (await caches.open(names[0])).keys();
  if (!request) return 0;
  return (await (await (await caches.open(names[0])).match(request)).arrayBuffer()).byteLength;
}"""
# How the worker started: "snapshot" (from the snapshot a visit before kept) or "start".
STARTED_FROM = "() => performance.getEntriesByName('cp-ready')[0].detail?.from ?? null"
# What taking the snapshot cost the first visit (ms, inside its intent -> ready).
SNAPSHOT_MS = "() => performance.getEntriesByName('cp-ready')[0].detail?.snapshotMs ?? null"


def poll(page: Any, predicate: str, arg: Any = None, timeout_s: float = 120) -> Any:
    """Evaluate an async predicate until it gives a truthy value (wait_for_function does not
    wait for a promise: it takes the promise itself as truthy)."""
    end = time.monotonic() + timeout_s
    while not (value := page.evaluate(predicate, arg)):
        if time.monotonic() > end:
            raise TimeoutError(f"still false after {timeout_s} s: {predicate[:60]}")
        page.wait_for_timeout(50)
    return value


def intent_to_ready(page: Any) -> tuple[float, float]:
    """Scroll the quiz into view and wait for scoring: (intent -> ready, intent -> worker start)."""
    page.evaluate(SCROLL_TO_QUIZ)
    ready = mark(page, "cp-ready")
    intent = mark(page, "bench-intent")
    return ready - intent, mark(page, "cp-worker-start") - intent


def click_to_result(page: Any) -> float:
    page.locator(QUIZ_FORM).first.evaluate(ANSWER_ALL)
    painted = mark(page, "bench-painted")
    return painted - float(page.evaluate("() => window.__clickedAt"))


def runtime_bytes(bodies: list[tuple[str, int]]) -> int:
    return sum(size for path, size in bodies if path.startswith(RUNTIME_PATHS))


def run_read(browser: Any, base: str, path: str, served: Served) -> int:
    """The guide opened at the top on a phone and left 10 s: runtime bytes requested."""
    with fresh_context(browser, viewport=PHONE) as context:
        page = context.new_page()
        served.take()
        page.goto(base + path)
        page.wait_for_timeout(10_000)
        return runtime_bytes(served.take())


def run_visits(browser: Any, base: str, path: str, served: Served, files: int) -> dict[str, Any]:
    """First visit (read, then intent), then a second visit in the same profile."""
    with fresh_context(browser) as context:
        page = context.new_page()
        page.goto(base + path)
        # The reader reads first: the page has loaded and its service worker installed.
        page.wait_for_function(CONTROLLED, timeout=120_000)
        page.wait_for_load_state("networkidle")
        started = page.evaluate("() => performance.getEntriesByName('cp-worker-start').length")
        served.take()
        ready, worker = intent_to_ready(page)
        result = click_to_result(page)
        long_tasks = page.evaluate("() => window.__longTasks")
        start_at = mark(page, "cp-worker-start")
        # The page's own tasks: while scoring starts, and from the engine's reply to the result
        # (the bench's own script that answers and clicks runs between, and is not the page's).
        ready_at, scored_at = mark(page, "cp-ready"), mark(page, "cp-scored")
        # The quiz worker has kept the runtime: the next visit's worker finds it.
        poll(page, RUNTIME_KEPT, files)
        first_from = page.evaluate(STARTED_FROM)
        snapshot_ms = page.evaluate(SNAPSHOT_MS)
        snapshot_bytes = int(poll(page, SNAPSHOT_KEPT))
        first_bytes = runtime_bytes(served.take())
        page.close()

        again = context.new_page()
        again.goto(base + path)
        again.wait_for_load_state("networkidle")
        served.take()
        second, _ = intent_to_ready(again)
        second_from = again.evaluate(STARTED_FROM)
        again.wait_for_load_state("networkidle")
        second_bytes = runtime_bytes(served.take())
        return {
            "started_before_intent": bool(started),
            "ready_ms": ready,
            "worker_start_ms": worker,
            "result_ms": result,
            "runtime_bytes": first_bytes,
            "long_tasks_after_worker_start": [
                t
                for t in long_tasks
                if (start_at <= t[0] + t[1] and t[0] <= ready_at) or t[0] >= scored_at
            ],
            "first_from": first_from,
            "snapshot_bytes": snapshot_bytes,
            "snapshot_ms": snapshot_ms,
            "second_from": second_from,
            "second_ready_ms": second,
            "second_runtime_bytes": second_bytes,
        }


def big_quiz(html: str, n: int) -> str:
    """The page with its first quiz made n questions long: its questions repeated with new ids,
    in the definition the page sends the worker and in the form's fieldsets alike."""
    start = html.index("<form", html.index('data-cp-kind="quiz"') - 2000)
    attr = re.compile(r'data-cp-definition="([^"]*)"')
    found = attr.search(html, start)
    assert found, "no data-cp-definition on the quiz form"
    definition = json.loads(unescape(found.group(1)))
    questions = definition["questions"]
    ids = [q["id"] for q in questions]
    first = html.index("<fieldset", found.end())
    last = html.rindex("</fieldset>", first, html.index("</form>", first)) + len("</fieldset>")
    block = html[first:last]
    copies, fieldsets, k = [], [], 0
    while len(copies) < n:
        k += 1
        for question in questions:
            if len(copies) == n:
                break
            copy = json.loads(json.dumps(question))
            copy["id"] = f"{question['id']}-{k}"
            copies.append(copy)
        text = block
        for qid in sorted(ids, key=len, reverse=True):
            text = re.sub(rf"(?<![\w-]){re.escape(qid)}(?![\w])", f"{qid}-{k}", text)
        fieldsets.append(text)
    definition["questions"] = copies
    kept = "".join(fieldsets)
    # Cut the fieldsets beyond n (the last copy may be partial).
    parts = kept.split("<fieldset")
    kept = "<fieldset".join(parts[: n + 1]) if len(parts) > n + 1 else kept
    if kept.count("data-cp-question=") != n:
        raise SystemExit(f"--big: made {kept.count('data-cp-question=')} fieldsets, not {n}")
    value = escape(json.dumps(definition), quote=True)
    return html[: found.start(1)] + value + html[found.end(1) : first] + kept + html[last:]


def run_big(
    browser: Any, base: str, path: str, n: int, page_html: str, plain: bool = False
) -> dict[str, float]:
    with fresh_context(browser) as context:
        if plain:
            context.add_init_script(HOLD_PREPARE)
        context.route(
            base + path,
            lambda route: route.fulfill(body=page_html, content_type="text/html; charset=utf-8"),
        )
        page = context.new_page()
        page.goto(base + path)
        page.evaluate(SCROLL_TO_QUIZ)
        mark(page, "cp-ready")
        count = page.locator(f"{QUIZ_FORM} fieldset[data-cp-question]").count()
        assert count == n, f"the big quiz has {count} questions"
        clicked = click_to_result(page)
        scored = mark(page, "cp-scored")
        complete = mark(page, "cp-result-complete")
        long_tasks = page.evaluate("() => window.__longTasks")
        marked = page.locator(f"{QUIZ_FORM} fieldset[data-cp-status-of]").count()
        assert marked == n, f"{marked} of {n} questions show their verdict"
        return {
            "click_ms": clicked,
            "painted_ms": mark(page, "bench-painted") - scored,
            "complete_ms": complete - scored,
            "longest_task_ms": max([d for t, d in long_tasks if t + d >= scored] or [0]),
        }


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def sizes(folder: Path, names: tuple[str, ...]) -> tuple[int, int]:
    return (
        sum((folder / n).stat().st_size for n in names),
        sum(gzipped(folder / n) for n in names),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quiz", help="URL path of a quiz page (default: the first found)")
    parser.add_argument("--big", type=int, default=1000, help="questions of the big quiz (0: none)")
    parser.add_argument(
        "--busy",
        type=lambda text: [int(ms) for ms in text.split(",")],
        default=[],
        metavar="MS,...",
        help="also time the bare load while the page's main thread is busy for MS ms",
    )
    parser.add_argument(
        "--network",
        choices=[*NETWORKS, "none"],
        default="slow-4g",
        help="also time both visits over this slow network, gzip-served (none: loopback only)",
    )
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    quiz_path = args.quiz or find_quiz_page(args.site)
    files = len(manifest.FILES)
    big_html = ""
    if args.big:
        source = args.site / quiz_path.lstrip("/") / "index.html"
        big_html = big_quiz(source.read_text(encoding="utf-8"), args.big)

    from playwright.sync_api import sync_playwright

    runs: dict[str, list[Any]] = {
        "bare": [],
        "bare_stock": [],
        "read": [],
        "visits": [],
        "slow_visits": [],
        "big": [],
        "big_plain": [],
        **{f"busy_{first}_{ms}": [] for ms in args.busy for first in BUSY_ORDERS},
    }
    link = Link(*NETWORKS[args.network]) if args.network in NETWORKS else None
    with (
        serve(args.site) as (base, served),
        serve(args.site, link) as (slow_base, slow_served),
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(args.runs):
                runs["bare"].append(run_bare(browser, base, "/assets/pyodide/"))
                runs["visits"].append(run_visits(browser, base, quiz_path, served, files))
                if link:
                    runs["slow_visits"].append(
                        run_visits(browser, slow_base, quiz_path, slow_served, files)
                    )
                runs["bare_stock"].append(run_bare(browser, base, "/__bench/stock/"))
                runs["read"].append(run_read(browser, base, quiz_path, served))
                if args.big:
                    runs["big"].append(run_big(browser, base, quiz_path, args.big, big_html))
                    runs["big_plain"].append(
                        run_big(browser, base, quiz_path, args.big, big_html, plain=True)
                    )
                for ms in args.busy:
                    for first in BUSY_ORDERS:
                        runs[f"busy_{first}_{ms}"].append(
                            run_bare(browser, base, "/assets/pyodide/", ms, first)
                        )
        finally:
            browser.close()

    median = statistics.median
    visits = runs["visits"]
    bare = median(runs["bare"])
    bare_stock = median(runs["bare_stock"])
    ready = median(v["ready_ms"] for v in visits)
    second = median(v["second_ready_ms"] for v in visits)
    slow = runs["slow_visits"]
    slow_ready = median(v["ready_ms"] for v in slow) if slow else None
    slow_second = median(v["second_ready_ms"] for v in slow) if slow else None
    stock_raw, stock_gz = sizes(STOCK, STOCK_CORE)
    shipped_raw, shipped_gz = sizes(args.site / "assets/pyodide", STOCK_CORE)
    figures = {
        "runs": args.runs,
        "quiz_page": quiz_path,
        "bare_ready_ms": bare,
        "bare_stock_ready_ms": bare_stock,
        "read_runtime_bytes_max": max(runs["read"]),
        "intent_ready_ms": ready,
        "intent_worker_start_ms": median(v["worker_start_ms"] for v in visits),
        "ready_ratio": ready / bare,
        "ready_ratio_stock": ready / bare_stock,
        "first_result_ms": median(v["result_ms"] for v in visits),
        "first_visit_runtime_bytes": median(v["runtime_bytes"] for v in visits),
        "second_ready_ms": second,
        "second_ratio": second / ready,
        "second_runtime_bytes_max": max(v["second_runtime_bytes"] for v in visits),
        "first_started_from": sorted({v["first_from"] for v in visits}),
        "second_started_from": sorted({v["second_from"] for v in visits}),
        "snapshot_bytes": median(v["snapshot_bytes"] for v in visits),
        "snapshot_take_ms": median(v["snapshot_ms"] or 0 for v in visits),
        "network": args.network,
        "network_ready_ms": slow_ready,
        "network_second_ready_ms": slow_second,
        "network_second_ratio": slow_second / slow_ready if slow_ready and slow_second else None,
        "network_first_visit_runtime_bytes": (
            median(v["runtime_bytes"] for v in slow) if slow else None
        ),
        "network_second_runtime_bytes_max": (
            max(v["second_runtime_bytes"] for v in slow) if slow else None
        ),
        "big_questions": args.big,
        "big_result_ms": median(b["painted_ms"] for b in runs["big"]) if runs["big"] else None,
        "big_click_result_ms": median(b["click_ms"] for b in runs["big"]) if runs["big"] else None,
        "big_complete_ms": median(b["complete_ms"] for b in runs["big"]) if runs["big"] else None,
        "big_longest_task_ms": (
            median(b["longest_task_ms"] for b in runs["big"]) if runs["big"] else None
        ),
        "big_plain_click_result_ms": (
            median(b["click_ms"] for b in runs["big_plain"]) if runs["big_plain"] else None
        ),
        "big_plain_result_ms": (
            median(b["painted_ms"] for b in runs["big_plain"]) if runs["big_plain"] else None
        ),
        "stock_core_bytes": stock_raw,
        "stock_core_gzip_bytes": stock_gz,
        "shipped_core_bytes": shipped_raw,
        "shipped_core_gzip_bytes": shipped_gz,
        "long_tasks_after_worker_start_max": max(
            len(v["long_tasks_after_worker_start"]) for v in visits
        ),
        **{
            f"bare_busy_{first}_first_{ms}_ready_ms": median(runs[f"busy_{first}_{ms}"])
            for ms in args.busy
            for first in BUSY_ORDERS
        },
    }
    targets = {
        "0 bytes of the runtime while reading a guide from the top (10 s, 390x844)": figures[
            "read_runtime_bytes_max"
        ]
        == 0
        and not any(v["started_before_intent"] for v in visits),
        "intent -> ready <= 1.10 x bare loadPyodide()": figures["ready_ratio"] <= 1.10,
        "intent -> ready <= 0.45 x bare loadPyodide() of the stock npm files": figures[
            "ready_ratio_stock"
        ]
        <= 0.45,
        "second visit ready <= 0.5 x the first, 0 runtime bytes from the network (loopback)": (
            figures["second_ratio"] <= 0.5 and figures["second_runtime_bytes_max"] == 0
        ),
        "second visit started from the memory snapshot": figures["second_started_from"]
        == ["snapshot"],
        **(
            {
                f"second visit ready <= 0.5 x the first, 0 runtime bytes ({args.network})": (
                    figures["network_second_ratio"] <= 0.5
                    and figures["network_second_runtime_bytes_max"] == 0
                )
            }
            if slow
            else {}
        ),
        f"{args.big}-question quiz: click -> result painted < 200 ms": (
            figures["big_click_result_ms"] is not None and figures["big_click_result_ms"] < 200
        ),
        "no main-thread long task from the worker's start until the result": figures[
            "long_tasks_after_worker_start_max"
        ]
        == 0,
    }
    if args.json:
        print(json.dumps({"figures": figures, "targets": targets, "runs": runs}, indent=1))
    else:
        mb = 1e6
        print(f"{args.runs} runs, medians; quiz page {quiz_path}")
        print(f"  bare loadPyodide(), site files    {bare:8.0f} ms")
        print(f"  bare loadPyodide(), stock files   {bare_stock:8.0f} ms")
        print(
            f"  intent -> scoring ready           {ready:8.0f} ms "
            f"(worker started {figures['intent_worker_start_ms']:.0f} ms after the intent)"
        )
        print(f"  ratio to bare / to bare stock     {ready / bare:8.2f} / {ready / bare_stock:.2f}")
        print(
            f"  second visit: ready               {second:8.0f} ms ({second / ready:.2f} x the "
            f"first; runtime from the network: {figures['second_runtime_bytes_max']} B)"
        )
        print(
            f"  worker started from: first visit {', '.join(figures['first_started_from'])}; "
            f"second visit {', '.join(figures['second_started_from'])} "
            f"(snapshot {figures['snapshot_bytes'] / mb:.1f} MB, taken in "
            f"{figures['snapshot_take_ms']:.0f} ms of the first visit's ready)"
        )
        first_mb = figures["first_visit_runtime_bytes"] / mb
        print(f"  first visit runtime transfer      {first_mb:8.1f} MB")
        if slow_ready and slow_second:
            slow_mb = figures["network_first_visit_runtime_bytes"] / mb
            print(
                f"  {args.network}, gzip: first visit ready {slow_ready:8.0f} ms "
                f"({slow_mb:.1f} MB of runtime); second {slow_second:.0f} ms "
                f"({slow_second / slow_ready:.2f} x the first; runtime from the network: "
                f"{figures['network_second_runtime_bytes_max']} B)"
            )
        print(f"  reading 10 s, runtime requested   {figures['read_runtime_bytes_max']:8d} B")
        print(f"  click -> result (5 questions)     {figures['first_result_ms']:8.1f} ms")
        if runs["big"]:
            print(
                f"  {args.big} questions: scored -> result painted {figures['big_result_ms']:.0f}"
                " ms"
                f" (click -> painted {figures['big_click_result_ms']:.0f} ms; every question"
                f" drawn {figures['big_complete_ms']:.0f} ms, longest task"
                f" {figures['big_longest_task_ms']:.0f} ms)"
            )
            print(
                f"  {args.big} questions, plain (definition read at the click): click -> painted"
                f" {figures['big_plain_click_result_ms']:.0f} ms (scored -> painted"
                f" {figures['big_plain_result_ms']:.0f} ms)"
            )
        for label, raw, packed in (
            ("stock core (loader, glue, wasm, stdlib)", stock_raw, stock_gz),
            ("shipped core", shipped_raw, shipped_gz),
        ):
            print(f"  {label:<40} {raw / mb:5.1f} MB, gzip {packed / mb:.1f} MB")
        for ms in args.busy:
            for first, when in BUSY_ORDERS.items():
                busy_ready = figures[f"bare_busy_{first}_first_{ms}_ready_ms"]
                print(
                    f"  bare, page busy {ms:4d} ms {when:<17} {busy_ready:6.0f} ms "
                    f"(+{busy_ready - bare:.0f} ms, {busy_ready / bare:.2f} x bare)"
                )
        for name, ok in targets.items():
            print(f"  [{'ok' if ok else 'MISSED'}] {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
