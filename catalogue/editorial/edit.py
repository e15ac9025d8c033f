"""`build.py edit`: decap-server in git mode beside the preview, both on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from catalogue.editorial.git import GitError, _git

ROOT = Path(__file__).resolve().parents[2]  # the project folder
SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
HOST = "127.0.0.1"
START_TIMEOUT = 20.0  # seconds decap-server may take to listen


class EditError(Exception):
    """decap-server cannot start (not installed, no git repository, port busy): exit code 2."""


def repository_of(content: Path) -> Path:
    """The top folder of the git repository that holds CONTENT."""
    try:
        top = _git("rev-parse", "--show-toplevel", cwd=content).decode("utf-8").strip()
    except GitError as exc:
        raise EditError(
            f"{content} liegt in keinem Git-Repository ({exc}). Die Redaktionsoberfläche "
            "speichert jede Änderung als Commit; starten Sie in einem geklonten Repository."
        ) from None
    return Path(top)


def current_branch(repository: Path) -> str:
    """The branch checked out in REPOSITORY: decap-server's entries branch off and merge here."""
    try:
        name = _git("symbolic-ref", "--short", "HEAD", cwd=repository).decode("utf-8").strip()
    except GitError:
        raise EditError(
            f"In {repository} ist kein Branch ausgecheckt (losgelöster HEAD). "
            "Wechseln Sie mit „git switch main“ auf einen Branch."
        ) from None
    return name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditError(
                f"decap-server hat sich beendet (Exit-Code {process.returncode}); "
                f"ist Port {port} belegt? Wählen Sie mit --cms-port einen anderen."
            )
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise EditError(f"decap-server antwortet nach {START_TIMEOUT:.0f} s nicht auf Port {port}.")


@contextmanager
def decap_server(repository: Path, port: int, log: Callable[[str], None]) -> Iterator[str]:
    """Run decap-server against REPOSITORY on 127.0.0.1:PORT; yields its API address.

    Git mode (MODE=git): every save is a commit, and with the editorial workflow each entry
    is a branch cms/<collection>/<slug> that "Veröffentlichen" merges into the branch.
    """
    if not SERVER.is_file():
        raise EditError(f"{SERVER} fehlt. Führen Sie „make setup“ (npm ci) aus.")
    env = dict(os.environ, PORT=str(port), BIND_HOST=HOST, MODE="git", LOG_LEVEL="warn")
    env["GIT_REPO_DIRECTORY"] = str(repository)
    try:
        process = subprocess.Popen(["node", str(SERVER)], env=env, cwd=repository)
    except OSError as exc:
        raise EditError(f"node konnte nicht gestartet werden: {exc}") from None
    try:
        _wait_for(port, process, time.monotonic() + START_TIMEOUT)
        log(f"decap-server (Git-Modus) für {repository} auf http://{HOST}:{port}/api/v1")
        yield f"http://{HOST}:{port}/api/v1"
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
