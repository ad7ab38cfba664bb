"""Measure the quiz runtime in headless Chromium against a built site, and check its targets.

    python -m scripts.bench_quiz SITE_DIR [--runs 5] [--quiz /guides/x/] [--plain /] [--busy MS,..]
                                         [--json]

Each run uses a fresh browser context (cold HTTP and code caches) and measures:
  bare   a blank page whose module worker only calls loadPyodide() on the site's own files:
         navigation start -> Pyodide ready (and the same on the stock npm files, for reference)
  quiz   a quiz page: navigation start -> scoring ready (quiz.js marks cp-ready), then answering
         every question and pressing the score button -> first result rendered (cp-first-result)
  bytes  response bodies served for the quiz page and for a page without a quiz, worker included
  long   main-thread long tasks (> 50 ms) from navigation until the click, against the same
         quiz page whose worker is an empty module (all but Pyodide), and a page without a quiz
  busy   (--busy 130,350) the bare page again, its main thread kept busy for that many ms,
         before it starts the worker or while the worker loads: what a page's own start-up work
         costs Pyodide's load on this machine
Targets: ready <= 1.10 x bare, first result < 50 ms after the click on a ready page, quiz page
transfer below the stock Pyodide core, 0 bytes of Pyodide on pages without a quiz, and in no run
a main-thread long task from the worker's start until the result is shown.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in EXTRA:
            body, kind = EXTRA[path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self._count(path, len(body))
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if route.startswith("/__bench/stock/"):
            return str(STOCK / route.removeprefix("/__bench/stock/"))
        return super().translate_path(path)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        start = source.tell()
        super().copyfile(source, outputfile)
        self._count(urlsplit(self.path).path, source.tell() - start)

    def _count(self, path: str, size: int) -> None:
        with self.served.lock:
            self.served.bodies.append((path, size))


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, Served]]:
    served = Served()
    handler = functools.partial(type("H", (Handler,), {"served": served}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield f"http://{host}:{port!s}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


def find_pages(site: Path) -> tuple[str, str]:
    """URL paths of the first page holding a scored quiz and of the home page (no quiz)."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if 'data-cp-kind="quiz"' in text:
            rel = page.relative_to(site).as_posix()
            return "/" + rel.removesuffix("index.html"), "/"
    raise SystemExit(f'{site}: no page holds a quiz (data-cp-kind="quiz")')


def mark(page: Any, name: str, timeout: float = 60_000) -> float:
    page.wait_for_function(
        "(name) => performance.getEntriesByName(name).length > 0", arg=name, timeout=timeout
    )
    return float(page.evaluate("(name) => performance.getEntriesByName(name)[0].startTime", name))


@contextmanager
def fresh_page(browser: Any, *, long_tasks: bool = True) -> Iterator[Any]:
    """A page in a new browser context (cold caches), recording long tasks unless told not to;
    the context is closed afterwards."""
    context = browser.new_context()
    if long_tasks:
        context.add_init_script(LONG_TASKS)
    try:
        yield context.new_page()
    finally:
        context.close()


def run_bare(browser: Any, base: str, index: str, busy: int = 0, first: str = "") -> float:
    with fresh_page(browser, long_tasks=False) as page:
        page.goto(f"{base}/__bench/bare.html?index={index}&busy={busy}&first={first}")
        return mark(page, "bare-ready")


ANSWER_ALL = """(form) => {
  for (const fieldset of form.querySelectorAll("fieldset[data-cp-question]")) {
    fieldset.querySelector("input").checked = true;
  }
  window.__clickedAt = performance.now();
  form.querySelector('[data-cp-command="score"]').click();
}"""


def run_quiz(browser: Any, base: str, path: str, served: Served) -> dict[str, Any]:
    with fresh_page(browser) as page:
        served.take()
        page.goto(base + path)
        ready = mark(page, "cp-ready")
        started = mark(page, "cp-worker-start")
        page.locator('form.cp-quiz[data-cp-kind="quiz"]').first.evaluate(ANSWER_ALL)
        result = mark(page, "cp-first-result")
        clicked = float(page.evaluate("() => window.__clickedAt"))
        long_tasks = page.evaluate("() => window.__longTasks")
        page.wait_for_load_state("networkidle")
        bodies = served.take()
        loading = [t for t in long_tasks if t[0] < clicked]
        return {
            "ready_ms": ready,
            "worker_start_ms": started,
            "result_ms": result - clicked,
            "bytes": sum(size for _, size in bodies),
            "runtime_bytes": sum(s for p, s in bodies if p.startswith(RUNTIME_PATHS)),
            # Until the click: the page loading, Pyodide loading. After it: showing the result.
            "long_tasks": loading,
            "long_tasks_after_worker_start": [t for t in loading if t[0] >= started],
            "long_tasks_result": [t for t in long_tasks if t[0] >= clicked],
        }


def run_control(browser: Any, base: str, path: str) -> list[list[float]]:
    """Long tasks on the same quiz page when its worker is an empty module: everything the
    page does except Pyodide, so the difference is Pyodide's."""
    with fresh_page(browser) as page:
        page.context.route(
            "**/quiz-worker.js",
            lambda route: route.fulfill(body="", content_type="text/javascript"),
        )
        page.goto(base + path)
        mark(page, "cp-worker-start")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)
        tasks: list[list[float]] = page.evaluate("() => window.__longTasks")
        return tasks


def run_plain(browser: Any, base: str, path: str, served: Served) -> dict[str, Any]:
    with fresh_page(browser) as page:
        served.take()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        # Long enough for an idle callback to have fired, had the page wanted the worker.
        page.wait_for_timeout(4000)
        bodies = served.take()
        return {
            "bytes": sum(size for _, size in bodies),
            "runtime_bytes": sum(s for p, s in bodies if p.startswith(RUNTIME_PATHS)),
            "long_tasks": page.evaluate("() => window.__longTasks"),
        }


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def sizes(folder: Path, names: tuple[str, ...]) -> tuple[int, int]:
    return (
        sum((folder / n).stat().st_size for n in names),
        sum(gzipped(folder / n) for n in names),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quiz", help="URL path of a quiz page (default: the first found)")
    parser.add_argument("--plain", help="URL path of a page without a quiz (default: /)")
    parser.add_argument(
        "--busy",
        type=lambda text: [int(ms) for ms in text.split(",")],
        default=[],
        metavar="MS,...",
        help="also time the bare load while the page's main thread is busy for MS ms",
    )
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    quiz_path, plain_path = find_pages(args.site)
    quiz_path, plain_path = args.quiz or quiz_path, args.plain or plain_path

    from playwright.sync_api import sync_playwright

    runs: dict[str, list[Any]] = {
        "bare": [],
        "bare_stock": [],
        "quiz": [],
        "control": [],
        "plain": [],
        **{f"busy_{first}_{ms}": [] for ms in args.busy for first in BUSY_ORDERS},
    }
    with serve(args.site) as (base, served), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Interleaved, so drift on a busy machine spreads over every measure alike.
            for _ in range(args.runs):
                runs["bare"].append(run_bare(browser, base, "/assets/pyodide/"))
                runs["quiz"].append(run_quiz(browser, base, quiz_path, served))
                runs["bare_stock"].append(run_bare(browser, base, "/__bench/stock/"))
                runs["control"].append(run_control(browser, base, quiz_path))
                runs["plain"].append(run_plain(browser, base, plain_path, served))
                for ms in args.busy:
                    for first in BUSY_ORDERS:
                        runs[f"busy_{first}_{ms}"].append(
                            run_bare(browser, base, "/assets/pyodide/", ms, first)
                        )
        finally:
            browser.close()

    median = statistics.median
    bare = median(runs["bare"])
    bare_stock = median(runs["bare_stock"])
    ready = median(r["ready_ms"] for r in runs["quiz"])
    result = median(r["result_ms"] for r in runs["quiz"])
    quiz_bytes = median(r["bytes"] for r in runs["quiz"])
    plain_bytes = median(r["bytes"] for r in runs["plain"])
    plain_runtime = max(r["runtime_bytes"] for r in runs["plain"])
    stock_raw, stock_gz = sizes(STOCK, STOCK_CORE)
    shipped = args.site / "assets/pyodide"
    shipped_raw, shipped_gz = sizes(shipped, STOCK_CORE)
    quiz_long = [len(r["long_tasks"]) for r in runs["quiz"]]
    quiz_long_late = [len(r["long_tasks_after_worker_start"]) for r in runs["quiz"]]
    plain_long = [len(r["long_tasks"]) for r in runs["plain"]]
    control_long = [len(tasks) for tasks in runs["control"]]
    quiz_long_ms = [sum(d for _, d in r["long_tasks"]) for r in runs["quiz"]]
    control_long_ms = [sum(d for _, d in tasks) for tasks in runs["control"]]

    figures = {
        "runs": args.runs,
        "quiz_page": quiz_path,
        "plain_page": plain_path,
        "bare_ready_ms": bare,
        "bare_stock_ready_ms": bare_stock,
        "quiz_ready_ms": ready,
        "quiz_worker_start_ms": median(r["worker_start_ms"] for r in runs["quiz"]),
        "ready_ratio": ready / bare,
        "first_result_ms": result,
        "quiz_page_bytes": quiz_bytes,
        "plain_page_bytes": plain_bytes,
        "plain_page_runtime_bytes": plain_runtime,
        "stock_core_bytes": stock_raw,
        "stock_core_gzip_bytes": stock_gz,
        "shipped_core_bytes": shipped_raw,
        "shipped_core_gzip_bytes": shipped_gz,
        "long_tasks_quiz_median": median(quiz_long),
        "long_tasks_quiz_after_worker_start_median": median(quiz_long_late),
        "long_tasks_quiz_after_worker_start_max": max(quiz_long_late),
        "long_tasks_plain_median": median(plain_long),
        "long_tasks_control_median": median(control_long),
        "long_task_ms_quiz_median": median(quiz_long_ms),
        "long_task_ms_control_median": median(control_long_ms),
        "long_tasks_quiz_max_ms": max(
            (d for r in runs["quiz"] for _, d in r["long_tasks"]), default=0
        ),
        "long_tasks_result_median": median(len(r["long_tasks_result"]) for r in runs["quiz"]),
        **{
            f"bare_busy_{first}_first_{ms}_ready_ms": median(runs[f"busy_{first}_{ms}"])
            for ms in args.busy
            for first in BUSY_ORDERS
        },
    }
    targets = {
        "ready within 1.10x of bare load": figures["ready_ratio"] <= 1.10,
        "first result < 50 ms after the click": result < 50,
        "quiz page transfer below the stock core": quiz_bytes < stock_raw,
        "no Pyodide bytes on a page without a quiz": plain_runtime == 0,
        # Pyodide cannot cause a task that starts before its worker exists; the page's earlier
        # long tasks are Material's (the control page, whose worker is empty, has them too).
        "no long task from Pyodide (none from the worker's start on, in any run)": all(
            not r["long_tasks_after_worker_start"] and not r["long_tasks_result"]
            for r in runs["quiz"]
        ),
    }
    if args.json:
        print(json.dumps({"figures": figures, "targets": targets, "runs": runs}, indent=1))
    else:
        kb = 1024
        print(f"{args.runs} runs, medians; quiz page {quiz_path}, plain page {plain_path}")
        print(f"  bare loadPyodide(), site files   {bare:8.0f} ms")
        print(f"  bare loadPyodide(), stock files  {bare_stock:8.0f} ms")
        print(
            f"  quiz page: scoring ready         {ready:8.0f} ms "
            f"(worker started at {figures['quiz_worker_start_ms']:.0f} ms)"
        )
        print(f"  ratio ready / bare               {figures['ready_ratio']:8.2f}")
        print(f"  first result after the click     {result:8.1f} ms")
        print(f"  quiz page transfer               {quiz_bytes / kb:8.0f} KiB")
        print(
            f"  plain page transfer              {plain_bytes / kb:8.0f} KiB "
            f"(Pyodide: {plain_runtime} B)"
        )
        for label, raw, packed in (
            ("stock core (loader, glue, wasm, stdlib)", stock_raw, stock_gz),
            ("shipped core", shipped_raw, shipped_gz),
        ):
            print(f"  {label:<40} {raw / kb:6.0f} KiB, gzip {packed / kb:.0f} KiB")
        print(
            f"  long tasks: quiz page {median(quiz_long)} ({median(quiz_long_ms):.0f} ms; "
            f"after worker start {max(quiz_long_late)} in any run), same page without Pyodide "
            f"{median(control_long)} ({median(control_long_ms):.0f} ms), "
            f"plain page {median(plain_long)}; while showing the result "
            f"{figures['long_tasks_result_median']}"
        )
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
