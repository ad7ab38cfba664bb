"""The build at scale, with the engine against plain Material, in one run side by side.

    python -m scripts.bench_build [--sizes 250,500,1000] [--runs 3] [--warmups 1]
                                  [--out DIR] [--json]

For each size N (N pages, N/5 quizzes; scripts/scale_site.py writes them into DIR/N):
`--warmups` unmeasured builds of each config (1), then `--runs` pairs built alternately (full,
plain, full, …) so both see the same machine; each a real `mkdocs build --strict` in its own
process. Reports the medians of wall and CPU seconds (the process's user + system time, which
other load on a busy machine disturbs far less than wall time) and full ÷ plain for both, then
the time of `python -m clearpicture anchors check --site` reading the built full site (its lock
written once by `anchors update` first)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scripts import scale_site

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one command run to completion (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def build(site: Path, config: str) -> tuple[float, float]:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", config]
    return timed([*command, "-d", str(site / f"site-{config.removesuffix('.yml')}")], site)


def measure(site: Path, runs: int, warmups: int = 1) -> dict[str, float]:
    for _ in range(warmups):
        build(site, "full.yml")
        build(site, "plain.yml")
    full: list[tuple[float, float]] = []
    plain: list[tuple[float, float]] = []
    for _ in range(runs):
        full.append(build(site, "full.yml"))
        plain.append(build(site, "plain.yml"))
    result = {
        "full_wall": statistics.median(w for w, _ in full),
        "full_cpu": statistics.median(c for _, c in full),
        "plain_wall": statistics.median(w for w, _ in plain),
        "plain_cpu": statistics.median(c for _, c in plain),
    }
    result["ratio_wall"] = result["full_wall"] / result["plain_wall"]
    result["ratio_cpu"] = result["full_cpu"] / result["plain_cpu"]
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
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    for pages in (int(n) for n in args.sizes.split(",")):
        site = args.out.resolve() / str(pages)
        scale_site.write(site, pages, pages // 5)
        results[pages] = measure(site, args.runs, args.warmups)
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
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
