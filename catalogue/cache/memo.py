"""Read and write the cache's tables: marshal files in .cache/ that are only ever a cache."""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path


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
