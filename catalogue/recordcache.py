"""Remember parsed and checked records by content hash, so unchanged files are not parsed again."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from .memo import load_table, save_table
from .schemas import SCHEMA_DIR

# The code whose output is cached: a change to any of these files empties the cache.
_CODE = (
    "yamlsafe.py",
    "quickyaml.py",
    "messages.py",
    "schemas.py",
    "loader.py",
    "recordcache.py",
    "memo.py",
)

Entry = tuple[Any, dict, bool, list[tuple[int, str, str, str, str]]]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(schema.read_bytes())
    return digest.hexdigest()[:16]


def cache_folder(root: Path) -> Path | None:
    """The cache beside the content folder (.cache/); SERVICEKATALOG_CACHE=DIR moves it, =off disables it."""
    setting = os.environ.get("SERVICEKATALOG_CACHE", "")
    if setting == "off":
        return None
    return Path(setting) if setting else root.resolve().parent / ".cache"


class RecordCache:
    """A marshal file of entries keyed by sha256(kind, bytes); only plain data, never code."""

    def __init__(self, folder: Path | None) -> None:
        self.path = None if folder is None else folder / f"records-{_fingerprint()}.marshal"
        self.old: dict[bytes, Entry] = load_table(self.path)
        self.new: dict[bytes, Entry] = {}
        # path -> (size, mtime, inode), bytes: in memory only, for a process that loads the
        # same catalogue again and again (the preview). See read().
        self.files: dict[Path, tuple[tuple[int, int, int], bytes]] = {}

    @classmethod
    def for_content(cls, root: Path) -> RecordCache:
        return cls(cache_folder(root))

    def read(self, path: Path) -> bytes:
        """The bytes of PATH; read again only if its size, time or inode changed since.

        A file changed twice within the clock's resolution keeps its time; so a file whose
        time is less than two seconds older than our reading is read again next time ("racy
        git"), and only older ones are trusted.
        """
        stat = os.stat(path)
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        known = self.files.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        raw = path.read_bytes()
        if time.time_ns() - stat.st_mtime_ns > 2_000_000_000:
            self.files[path] = (signature, raw)
        else:
            self.files.pop(path, None)
        return raw

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
        """Write the entries used in this run (others are dropped); a next run starts from them."""
        if self.new.keys() != self.old.keys():
            save_table(self.path, self.new)
        self.old, self.new = self.new, {}
