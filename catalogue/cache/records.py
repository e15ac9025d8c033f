"""Remember parsed and checked records by content hash, so unchanged files are not parsed again."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from catalogue.cache.memo import load_table, save_table
from catalogue.records.files import read_file
from catalogue.records.schemas import SCHEMA_DIR

# The code whose output is cached: a change to any of these files empties the cache.
_CODE = (  # relative to catalogue/
    "records/yamlsafe.py",
    "records/messages.py",
    "records/characters.py",
    "records/schemas.py",
    "records/loader.py",
    "records/files.py",
    "cache/records.py",
    "cache/memo.py",
)

Entry = tuple[Any, dict, bool, list[tuple[int, str, str, str, str]]]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parents[1]
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
    """A marshal file of entries keyed by sha256(kind, bytes); only plain data, never code.

    DEFERRED: save() keeps the entries in memory and flush() writes them. The preview loads
    the catalogue after every save of a file, and writing the whole cache each time (26 MB
    at 10,000 services) cost 0.15-0.2 s of every rebuild; it writes when it stops.
    """

    def __init__(self, folder: Path | None, deferred: bool = False) -> None:
        self.path = None if folder is None else folder / f"records-{_fingerprint()}.marshal"
        self.old: dict[bytes, Entry] = load_table(self.path)
        self.new: dict[bytes, Entry] = {}
        self.deferred = deferred
        self.unsaved = False  # deferred: the file lacks entries of a load since
        # path -> (size, mtime, inode), bytes: in memory only, for a process that loads the
        # same catalogue again and again (the preview). See read().
        self.files: dict[Path, tuple[tuple[int, int, int], bytes]] = {}

    @classmethod
    def for_content(cls, root: Path, deferred: bool = False) -> RecordCache:
        return cls(cache_folder(root), deferred)

    def read(self, path: Path, inside: str) -> bytes:
        """The bytes of PATH in the content folder INSIDE; read again only if its size,
        time or inode changed since (contentfiles.read_file, which raises Unreadable).

        A file changed twice within the clock's resolution keeps its time; so a file whose
        time is less than two seconds older than our reading is read again next time ("racy
        git"), and only older ones are trusted.
        """
        try:
            stat = os.stat(path)
        except OSError:
            stat = None  # read_file says why
        known = self.files.get(path)
        signature = None if stat is None else (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if known is not None and known[0] == signature:
            return known[1]
        raw, signature = read_file(path, inside)
        self.remember(path, signature, raw)
        return raw

    def remember(self, path: Path, signature: tuple[int, int, int], raw: bytes) -> None:
        """Keep RAW, read from PATH with SIGNATURE, if the file is old enough to be trusted."""
        if time.time_ns() - signature[1] > 2_000_000_000:
            self.files[path] = (signature, raw)
        else:
            self.files.pop(path, None)

    def is_empty(self) -> bool:
        """Nothing to look up: no entry from an earlier run and no file read before."""
        return not self.old and not self.new and not self.files

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
        """Write the entries used in this run (others are dropped); a next run starts from them.

        Deferred, only the next run in this process starts from them; flush() writes them.
        """
        if self.new.keys() != self.old.keys():
            if self.deferred:
                self.unsaved = True
            else:
                save_table(self.path, self.new)
        self.old, self.new = self.new, {}

    def flush(self) -> None:
        """Write what a deferred save() kept back, and anything looked up since."""
        if self.unsaved or self.new.keys() - self.old.keys():
            save_table(self.path, {**self.old, **self.new})
            self.unsaved = False
