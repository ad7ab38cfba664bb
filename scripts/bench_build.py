"""The build at scale, with the engine against plain Material, in one run side by side.

    python -m scripts.bench_build [--sizes 250,500,1000] [--runs 3] [--warmups 1]
                                  [--base REF] [--out DIR] [--json]

For each size N (N pages, N/5 quizzes; scripts/scale_site.py writes them into DIR/N):
`--warmups` unmeasured builds of each config (1), then `--runs` pairs built alternately (full,
plain, full, …) so both see the same machine; each a real `mkdocs build --strict` in its own
process. Reports the medians of wall and CPU seconds (the process's user + system time, which
other load on a busy machine disturbs far less than wall time) and full ÷ plain for both, then
the time of `python -m clearpicture anchors check --site` reading the built full site (its lock
written once by `anchors update` first).

`--base REF` adds a third build to each round: the same site built with the engine as it was at
git commit REF (a detached worktree of it, its `src/` first on PYTHONPATH, this checkout's
node_modules linked in), so an older engine and the current one are timed against the same
plain builds in one run: full, base, plain, full, base, plain, …"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from scripts import scale_site

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path, env: dict[str, str] = ENV) -> tuple[float, float]:
    """Wall and CPU seconds of one command run to completion (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def build(
    site: Path, config: str, out: str | None = None, env: dict[str, str] = ENV
) -> tuple[float, float]:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", config]
    out = out or f"site-{config.removesuffix('.yml')}"
    return timed([*command, "-d", str(site / out)], site, env)


@contextmanager
def engine_at(ref: str) -> Iterator[dict[str, str]]:
    """The environment of a build with the engine as it was at commit ref."""
    tree = Path(tempfile.mkdtemp(prefix="bench-base-"))
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "-q", "--detach", str(tree), ref], check=True)
    try:
        (tree / "node_modules").symlink_to(ROOT / "node_modules")
        pythonpath = os.pathsep.join(filter(None, [str(tree / "src"), ENV.get("PYTHONPATH")]))
        yield {**ENV, "PYTHONPATH": pythonpath}
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(tree, ignore_errors=True)


def measure(
    site: Path, runs: int, warmups: int = 1, base: dict[str, str] | None = None
) -> dict[str, Any]:
    rounds: list[tuple[str, Callable[[], tuple[float, float]]]] = [
        ("full", lambda: build(site, "full.yml"))
    ]
    if base is not None:
        rounds.append(("base", lambda: build(site, "full.yml", "site-base", base)))
    rounds.append(("plain", lambda: build(site, "plain.yml")))
    for _ in range(warmups):
        for _, run in rounds:
            run()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in rounds}
    for _ in range(runs):
        for name, run in rounds:
            times[name].append(run())
    result: dict[str, Any] = {}
    for name, pairs in times.items():
        result[f"{name}_wall"] = statistics.median(w for w, _ in pairs)
        result[f"{name}_cpu"] = statistics.median(c for _, c in pairs)
        result[f"{name}_cpu_runs"] = [round(c, 2) for _, c in pairs]
    result["ratio_wall"] = result["full_wall"] / result["plain_wall"]
    result["ratio_cpu"] = result["full_cpu"] / result["plain_cpu"]
    if base is not None:
        result["base_ratio_wall"] = result["base_wall"] / result["plain_wall"]
        result["base_ratio_cpu"] = result["base_cpu"] / result["plain_cpu"]
    anchors = [sys.executable, "-m", "clearpicture", "anchors", "-f", "full.yml"]
    anchors += ["--lock", "anchors.lock", "--site", "site-full"]
    timed([*anchors, "update"], site)
    checks = [timed([*anchors, "check"], site) for _ in range(runs)]
    result["anchors_check_wall"] = statistics.median(w for w, _ in checks)
    result["anchors_check_cpu"] = statistics.median(c for _, c in checks)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_build", description=__doc__)
    parser.add_argument("--sizes", default="250,500,1000", help="page counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="pairs per size (median)")
    parser.add_argument("--warmups", type=int, default=1, help="unmeasured pairs first")
    parser.add_argument("--out", type=Path, default=Path(".cache/scale"), help="sites go here")
    parser.add_argument("--base", help="also time the engine at this git commit, interleaved")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with ExitStack() as stack:
        base = stack.enter_context(engine_at(args.base)) if args.base else None
        results = run_sizes(args, base)
    if args.json:
        print(json.dumps(results, indent=1))


def run_sizes(args: argparse.Namespace, base: dict[str, str] | None) -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    for pages in (int(n) for n in args.sizes.split(",")):
        site = args.out.resolve() / str(pages)
        scale_site.write(site, pages, pages // 5)
        results[pages] = measure(site, args.runs, args.warmups, base)
        if not args.json:
            r = results[pages]
            print(
                f"{pages:>5} pages, {pages // 5:>4} quizzes: "
                f"full {r['full_wall']:.2f} s wall / {r['full_cpu']:.2f} s CPU, "
                f"plain {r['plain_wall']:.2f} / {r['plain_cpu']:.2f}; "
                f"full ÷ plain {r['ratio_wall']:.2f} wall, {r['ratio_cpu']:.2f} CPU; "
                f"anchors check {r['anchors_check_wall']:.2f} s wall / "
                f"{r['anchors_check_cpu']:.2f} s CPU",
                flush=True,
            )
            if base is not None:
                print(
                    f"{'':>5}        base {args.base}: {r['base_wall']:.2f} s wall / "
                    f"{r['base_cpu']:.2f} s CPU; base ÷ plain {r['base_ratio_wall']:.2f} wall, "
                    f"{r['base_ratio_cpu']:.2f} CPU",
                    flush=True,
                )
            for name in ("full", "base", "plain"):
                if f"{name}_cpu_runs" in r:
                    print(f"{'':>12}{name} CPU s per run: {r[f'{name}_cpu_runs']}", flush=True)
    return results


if __name__ == "__main__":
    main()
