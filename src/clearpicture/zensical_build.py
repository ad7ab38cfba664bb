"""`python -m clearpicture.zensical_build CONFIG DEST`: Zensical's strict build of CONFIG into
DEST, the first step of `python -m clearpicture build --engine zensical` (the second is
`finish`). Zensical takes no output folder on its command line, and wants it inside the
project: a throwaway config beside CONFIG inherits it and names DEST."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def build(config: Path, dest: Path) -> int:
    config = config.resolve()
    fd, name = tempfile.mkstemp(prefix=".zensical-", suffix=".yml", dir=config.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"INHERIT: {config.name}\nsite_dir: {dest.resolve().as_posix()!r}\n")
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", name]
        return subprocess.run(command, cwd=config.parent, check=False).returncode
    finally:
        Path(name).unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: python -m clearpicture.zensical_build CONFIG DEST\n{__doc__}")
    sys.exit(build(Path(sys.argv[1]), Path(sys.argv[2])))
