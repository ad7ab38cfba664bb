"""The wheel's build: setuptools, after putting the engine's browser files into the package.

`pip wheel .` (or `python -m build --wheel`) runs `build_wheel` here first: the prepared Pyodide
runtime (runtime.write_runtime: the trimmed stdlib compiled under Node, the lock file, the
loader, scoring.py) and the engine's scripts and styles from docs/assets go into
src/clearpicture/bundle/, which the wheel then carries (MANIFEST.in) and which is removed again
afterwards. Node and node_modules are needed here only: a site that installs the wheel has no
use for them (plugin.py and runtime.py read the bundle). Editable installs skip all this."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - the rest of the PEP 517 interface, unchanged

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "src/clearpicture/bundle"
STYLES = ("quiz.css", "checklist.css", "links.css")


def prepare_bundle(bundle: Path = BUNDLE) -> None:
    """Write the engine's browser files into bundle (emptied first)."""
    sys.path.insert(0, str(ROOT / "src"))
    try:
        from clearpicture import runtime
    finally:
        sys.path.pop(0)
    shutil.rmtree(bundle, ignore_errors=True)
    runtime.write_runtime(bundle, ROOT)
    scripts = bundle / "assets/javascripts"
    scripts.mkdir(parents=True)
    for script in sorted((ROOT / "docs/assets/javascripts").glob("*.js")):
        shutil.copy2(script, scripts / script.name)
    styles = bundle / "assets/stylesheets"
    styles.mkdir(parents=True)
    for name in STYLES:
        shutil.copy2(ROOT / "docs/assets/stylesheets" / name, styles / name)


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    prepare_bundle()
    # setuptools copies into build/lib and never removes there: drop an older bundle first.
    shutil.rmtree(ROOT / "build/lib/clearpicture/bundle", ignore_errors=True)
    try:
        name: str = _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)
        return name
    finally:
        shutil.rmtree(BUNDLE, ignore_errors=True)
