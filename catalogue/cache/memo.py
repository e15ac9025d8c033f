"""Remember the results of pure text transformations (Markdown, minify) across builds."""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class Memo:
    """A persisted str -> str table for one transformation, named by a fingerprint of its code.

    A build writes back only the entries it used, so the file never grows past one catalogue.
    The preview renders only what changed: it keeps the unused entries too (save(keep=True)).
    """

    def __init__(self, folder: Path | None, name: str, fingerprint: str) -> None:
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
        self.path = None if folder is None else folder / f"{name}-{digest}.marshal"
        self.name = name
        self.old: dict[bytes, str] = load_table(self.path)
        self.new: dict[bytes, str] = {}

    def get_or(self, text: str, compute: Callable[[], str]) -> str:
        """The remembered result for TEXT, or COMPUTE() remembered from now on."""
        key = hashlib.blake2b(text.encode(), digest_size=16).digest()
        value = self.new.get(key)
        if value is None:
            value = self.old.get(key)
            if value is None:
                value = compute()
            self.new[key] = value
        return value

    def learned(self) -> dict[bytes, str]:
        """What this run used and computed (sent back by a forked worker, see forkmap)."""
        return self.new

    def learn(self, entries: dict[bytes, str]) -> None:
        self.new.update(entries)

    def save(self, keep: bool = False) -> None:
        """Write the entries used since the last save; with KEEP, also every other one known
        here or saved meanwhile by another run (the full build that starts a preview)."""
        table = self.new
        if keep:
            table = {**load_table(self.path), **self.old, **self.new}
        if table.keys() != self.old.keys():
            save_table(self.path, table)
        self.old, self.new = table, {}  # a next run (the preview) starts from these


def load_table(path: Path | None) -> dict:
    """A marshal table from PATH; {} when absent or damaged (it is only a cache)."""
    if path is None or not path.is_file():
        return {}
    try:
        table = marshal.loads(path.read_bytes())
    except (EOFError, ValueError, TypeError, OSError):
        return {}
    return table if isinstance(table, dict) else {}


def save_table(path: Path | None, table: dict) -> None:
    """Write TABLE atomically to PATH, removing older fingerprints of the same name; never fails."""
    if path is None:
        return
    name = path.name.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{name}-*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(table, handle)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still works, just without the speed-up
