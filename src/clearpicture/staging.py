"""`python -m clearpicture build`: build the site into a fresh staging folder beside the target
and swap it in only when every step succeeded, so a failed build (a quiz problem, a strict-mode
warning, a crash) leaves the previous site exactly as it was. Engine-agnostic: a step is any
command line that builds into the folder it is given: `mkdocs_step`, or `zensical_step` then
`finish_step`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

# A build step: given the staging folder, the command that builds (or adds to) the site there.
Step = Callable[[Path], Sequence[str]]


def mkdocs_step(config: Path) -> Step:
    """The strict MkDocs build of config into the staging folder."""
    return lambda dest: [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config),
        "--site-dir",
        str(dest),
    ]


def zensical_step(config: Path) -> Step:
    """Zensical's strict build of config into the staging folder (zensical_build.py)."""
    return lambda dest: [
        sys.executable,
        "-m",
        "clearpicture.zensical_build",
        str(config),
        str(dest),
    ]


def finish_step(config: Path) -> Step:
    """The engine's post-build duties over what another engine built (finish_site.py)."""
    return lambda dest: [
        sys.executable,
        "-m",
        "clearpicture",
        "finish",
        str(dest),
        "--config-file",
        str(config),
    ]


def build_staged(site_dir: Path, steps: Sequence[Step], cwd: Path | None = None) -> int:
    """Run every step into a staging folder next to site_dir (same file system, so the swap is
    a rename); on success swap it in, else discard it. Returns the exit status: 0, or the
    failing step's. The steps' own output goes straight to this process's stdout/stderr."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        for step in steps:
            command = list(step(staging))
            status = subprocess.run(command, cwd=cwd, env=env, check=False).returncode
            if status != 0:
                print(
                    f"Build failed: {_shown(site_dir)} was left as it was. Fix the problems "
                    "above and build again.",
                    file=sys.stderr,
                )
                return status
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Site built into {_shown(site_dir)}", file=sys.stderr)
    return 0


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames; the old site is removed only once the new
    one is in place, and put back if the second rename fails."""
    if not (site_dir.exists() or site_dir.is_symlink()):
        staging.rename(site_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    old.rmdir()  # only its unique name is wanted
    site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except OSError:
        old.rename(site_dir)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    else:
        old.unlink()


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return path.as_posix() + "/"
