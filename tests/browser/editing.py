"""`build.py edit` on a throwaway clone of this repository, for the CMS tests and screenshots."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalogue.editorial.edit import free_port
from tests.browser.site import PROJECT, TODAY

BASE = "redaktion"  # the clone's own branch: the one "Veröffentlichen" merges into


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@contextmanager
def editing(root: Path) -> Iterator[tuple[Path, str, subprocess.Popen]]:
    """Clone this repository into ROOT/repo and run `build.py edit` on it (127.0.0.1, free
    ports); yields the clone, the preview's origin and the process. Stopped at the end."""
    clone = root / "repo"
    git("clone", "--quiet", str(PROJECT), str(clone), cwd=root)
    git("config", "user.email", "redaktion@musterstadt.example", cwd=clone)
    git("config", "user.name", "Redaktion", cwd=clone)
    # decap-server names its branches cms/<collection>/<slug>: a branch called cms (as this
    # project's own work branch may be) would block them, so the clone works on its own.
    git("checkout", "--quiet", "-b", BASE, cwd=clone)
    for name in git("branch", "--format=%(refname:short)", cwd=clone).split():
        if name != BASE:
            git("branch", "--quiet", "-D", name, cwd=clone)
    preview, cms = free_port(), free_port()
    log_path = root / "edit.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "edit", "--content", "content"]
            + ["--today", TODAY, "--output", str(root / "output")]
            + ["--port", str(preview), "--cms-port", str(cms)],
            cwd=clone,
            stderr=log,
        )
        origin = f"http://127.0.0.1:{preview}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(origin + "/admin/", timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(log_path.read_text()) from None
                    time.sleep(0.2)
            yield clone, origin, process
        finally:
            if process.poll() is None:
                process.terminate()  # build.py edit treats it as Ctrl-C: both servers stop
            process.wait(timeout=20)
