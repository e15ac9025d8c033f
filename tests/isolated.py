"""Run a check in a fresh Python process: forking needs a single-threaded process.

Other tests (the browser tests' site server) leave threads running in the pytest
process, and catalogue.forkmap rightly does not fork from a process with threads; a test
of the forked path would then test the one-process path without noticing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_isolated(module: str, function: str, *args: str) -> None:
    """Call MODULE.FUNCTION(*ARGS) in a new interpreter; fail with its output if it fails."""
    code = f"import sys; from {module} import {function} as f; f(*sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
