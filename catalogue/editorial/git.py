"""Ask git what changed since a reference, and what a file looked like there."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the reference is unknown, or this is not a repository."""


def _git(*args: str, cwd: Path | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git konnte nicht ausgeführt werden: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} ist fehlgeschlagen")
    return done.stdout


def changed_files(ref: str) -> set[str]:
    """Paths (relative to the working directory) added or modified since REF, untracked included."""
    _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    diff = _git("diff", "--name-only", "--relative", "--no-renames", ref, "--")
    untracked = _git("ls-files", "--others", "--exclude-standard")
    names = diff.decode("utf-8").splitlines() + untracked.decode("utf-8").splitlines()
    return {name for name in names if name}


def read_at(ref: str, path: str) -> bytes | None:
    """The bytes of PATH (relative to the working directory) at REF, or None if it did not exist."""
    try:
        return _git("show", f"{ref}:./{path}")
    except GitError:
        return None
