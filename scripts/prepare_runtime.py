"""Put the quiz runtime (Pyodide + scoring.py) into a built site, or re-record which standard
library files the trimmed Pyodide stdlib keeps.

    python scripts/prepare_runtime.py SITE_DIR      # what the build hook does after each build
    python scripts/prepare_runtime.py --discover    # after upgrading Pyodide or scoring.py

--discover runs tests/pyodide/run_vectors.mjs under Node on the stock Pyodide with --modules:
Pyodide boots, imports scoring.py, scores tests/vectors/*.json and tests/pyodide/vectors/*.json
and refuses one bad definition; every stdlib file Python imported on the way is written to
src/clearpicture/runtime/stdlib-keep.txt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from clearpicture import runtime
from clearpicture.problems import display_path

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
# Files of Pyodide's python_stdlib.zip that the built site keeps (src/clearpicture/runtime/).
# Recorded by `python scripts/prepare_runtime.py --discover`: everything Python imported while
# Pyodide booted under Node, imported scoring.py, scored the test vectors and refused one
# bad definition. Re-run it after changing Pyodide or scoring.py's imports.
"""


def discover(scoring: Path, vectors: list[Path]) -> int:
    node = shutil.which("node")
    if node is None:
        print("node is missing: Node 20+ runs Pyodide for the discovery", file=sys.stderr)
        return 2
    version = runtime.pyodide_version(ROOT)
    command = [
        node,
        str(ROOT / "tests/pyodide/run_vectors.mjs"),
        "--runtime",
        str(ROOT / runtime.PYODIDE_DIR),
        "--scoring",
        str(scoring),
        "--modules",
    ]
    for folder in vectors:
        command += ["--vectors", str(folder)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(proc.stderr or proc.stdout, file=sys.stderr)
        return proc.returncode
    report = json.loads(proc.stdout)
    failed = [name for name, outcome in report["results"].items() if not outcome["ok"]]
    if failed:
        print(f"vectors failed under Pyodide: {', '.join(failed)}", file=sys.stderr)
        return 1
    files = sorted(report["stdlib_files"])
    text = HEADER + f"# pyodide {version}\n" + "".join(f"{name}\n" for name in files)
    runtime.KEEP_LIST.write_text(text, encoding="utf-8")
    scored = len(report["results"])
    print(f"{display_path(runtime.KEEP_LIST)}: {len(files)} files, {scored} vectors scored")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", type=Path, help="a built site directory")
    parser.add_argument("--discover", action="store_true", help="re-record the stdlib keep list")
    parser.add_argument("--scoring", type=Path, default=runtime.SCORING)
    parser.add_argument("--vectors", type=Path, action="append", default=None)
    args = parser.parse_args(argv)
    if args.discover:
        default = [ROOT / "tests/vectors", ROOT / "tests/pyodide/vectors"]
        return discover(args.scoring, args.vectors or [d for d in default if d.is_dir()])
    if args.site_dir is None:
        parser.error("give SITE_DIR or --discover")
    try:
        report = runtime.write_runtime(args.site_dir, ROOT)
    except runtime.RuntimeAssetsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"{args.site_dir}: {len(report.written)} written, {len(report.unchanged)} up to date; "
        f"stdlib {report.stdlib_bytes:,} bytes (stock {report.stock_stdlib_bytes:,})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
