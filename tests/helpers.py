"""Small shared test helpers: run build.py as editors do, copy the fixture catalogue."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BUILD = PROJECT / "build.py"
FIXTURE = PROJECT / "tests" / "fixtures" / "catalogue"


def run_build(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` in a subprocess and capture its output."""
    return subprocess.run(
        [sys.executable, str(BUILD), *args],
        cwd=cwd or PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_fixture(tmp: Path) -> Path:
    root = tmp / "content"
    shutil.copytree(FIXTURE, root)
    return root
