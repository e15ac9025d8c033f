"""Remember parsed and checked records by content hash, so unchanged files are not parsed again."""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from .schemas import SCHEMA_DIR

# The code whose output is cached: a change to any of these files empties the cache.
_CODE = ("yamlsafe.py", "messages.py", "schemas.py", "loader.py", "recordcache.py")

Entry = tuple[Any, dict, bool, list[tuple[int, str, str, str, str]]]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(schema.read_bytes())
    return digest.hexdigest()[:16]


class RecordCache:
    """A marshal file of entries keyed by sha256(kind, bytes); only plain data, never code."""

    def __init__(self, folder: Path | None) -> None:
        self.path = None if folder is None else folder / f"records-{_fingerprint()}.marshal"
        self.old: dict[bytes, Entry] = {}
        self.new: dict[bytes, Entry] = {}
        if self.path is not None and self.path.is_file():
            try:
                self.old = marshal.loads(self.path.read_bytes())
            except (EOFError, ValueError, TypeError, OSError):
                self.old = {}  # a damaged cache is simply rebuilt

    @classmethod
    def for_content(cls, root: Path) -> RecordCache:
        """The cache beside the content folder (.cache/); SERVICEKATALOG_CACHE=off disables it."""
        setting = os.environ.get("SERVICEKATALOG_CACHE", "")
        if setting == "off":
            return cls(None)
        return cls(Path(setting) if setting else root.resolve().parent / ".cache")

    @staticmethod
    def key(kind: str, raw: bytes) -> bytes:
        return hashlib.sha256(kind.encode() + b"\0" + raw).digest()

    def get(self, key: bytes) -> Entry | None:
        entry = self.old.get(key) or self.new.get(key)
        if entry is not None:
            self.new[key] = entry
        return entry

    def put(self, key: bytes, entry: Entry) -> None:
        self.new[key] = entry

    def save(self) -> None:
        """Write the entries used in this run (others are dropped), atomically; never fails."""
        if self.path is None or self.new.keys() == self.old.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for stale in self.path.parent.glob("records-*.marshal"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".records-")
            with os.fdopen(fd, "wb") as handle:
                marshal.dump(self.new, handle)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only checkout still validates, just without the speed-up
