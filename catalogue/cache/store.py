"""The content-addressed cache: every output by the digest of the input values it declares.

An output (a page, a list entry, an open-data line, a search document, a rule result) is a
pure function of plain values: record data, a department, the site's settings, the date.
``digest()`` hashes those values themselves (never object identities or hand-kept lists of
what changed), together with ``CODE``, the fingerprint of every file of code, templates and
schemas that turns inputs into outputs. So an entry found under its key is the output those
inputs give: it cannot go stale, and equal inputs are never worked out twice.

A ``Store`` keeps one kind of output in ``.cache/<kind>-<code>.marshal`` (marshal: plain data
only, never code). A run writes back the entries it used, so the file holds one catalogue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from catalogue.cache.memo import load_table, save_table

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
#: What turns inputs into outputs: a change to any file here empties every store.
CODE_PATHS = ("catalogue", "plugins", "theme", "schema", "pelicanconf.py", "package-lock.json")
#: Libraries whose version changes what the code makes of the same inputs.
LIBRARIES = ("markdown", "minify-html", "jinja2", "markupsafe", "nh3", "pystemmer", "pelican")


def code_fingerprint() -> str:
    """Digest of the code, templates, schemas and library versions, as they are now."""
    from importlib import metadata

    sha = hashlib.sha256()
    for name in CODE_PATHS:
        top = ROOT / name
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                sha.update(str(path.relative_to(ROOT)).encode() + b"\0")
                sha.update(path.read_bytes() + b"\0")
    for library in LIBRARIES:
        try:
            sha.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            sha.update(f"{library}=-\0".encode())
    return sha.hexdigest()[:16]


_DATES = (dt.date, dt.datetime)


class _Encoder(pickle.Pickler):
    """pickle without its memo (``fast``): the bytes depend on the values, never on which
    objects are shared; any type but those of plain data (and dates) is refused, so nothing slips in by identity.
    (pickle's C encoder: 13 us for a 2.6 KB record, json's 24 us, measured at 10,000.)"""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in _DATES or obj in _DATES:  # a date, and its class in its reduction
            return NotImplemented
        raise TypeError(f"not a plain input value: {type(obj).__name__}")


def _encode(inputs: tuple) -> bytes:
    buffer = io.BytesIO()
    encoder = _Encoder(buffer, protocol=5)
    encoder.fast = True
    encoder.dump(inputs)
    return buffer.getvalue()


def digest(*inputs: Any) -> bytes:
    """A 16-byte key for INPUTS: plain values (str, numbers, None, lists, dicts, dates, bytes).

    Equal values give equal keys in every process; different values give different keys.
    (Two spellings of one value, a tuple for a list or keys in another order, may give two
    keys: a second rendering, never a wrong one.) An object of any other type is a TypeError,
    so an input cannot slip in by identity.
    """
    return hashlib.blake2b(_encode(inputs), digest_size=16).digest()


class Store:
    """KIND's outputs by key (digest of their inputs), persisted in FOLDER; None: in memory."""

    def __init__(self, folder: Path | None, kind: str, code: str) -> None:
        self.kind = kind
        self.path = None if folder is None else folder / f"{kind}-{code}.marshal"
        self.old: dict[bytes, Any] = load_table(self.path)
        self.new: dict[bytes, Any] = {}

    def get(self, key: bytes, make: Callable[[], T]) -> T:
        """The output stored under KEY, or MAKE() stored from now on."""
        value = self.find(key)
        if value is None:
            value = self.new[key] = make()
        return value

    def find(self, key: bytes) -> Any:
        """The output stored under KEY (used from now on), or None."""
        value = self.new.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.new[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        self.new[key] = value

    def keep(self, key: bytes) -> None:
        """KEY is still used (its output needed no lookup): write it back with the rest."""
        value = self.old.get(key)
        if value is not None:
            self.new[key] = value

    def learned(self) -> dict[bytes, Any]:
        """What this run used and made (a forked worker sends it back, see forkmap)."""
        return self.new

    def learn(self, entries: dict[bytes, Any]) -> None:
        self.new.update(entries)

    def save(self, keep: bool = False) -> None:
        """Write the entries used since the last save (KEEP: every entry known, for the
        preview, which works out only what changed and still needs the rest later)."""
        table = {**self.old, **self.new} if keep else self.new
        if table and table.keys() != self.old.keys():  # a run that used none: not its kind
            save_table(self.path, table)
        self.old, self.new = table, {}


class Stores:
    """The stores of one build, or of a preview between its rebuilds while the code is the
    same (CODE: code_fingerprint() when they were made; a preview makes new ones when not)."""

    KINDS = ("pages", "entries", "blocks", "opendata", "search", "rules")

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.code = code_fingerprint()
        self.by_kind = {kind: Store(folder, kind, self.code) for kind in self.KINDS}

    def __getitem__(self, kind: str) -> Store:
        return self.by_kind[kind]

    def learned(self) -> dict[str, dict[bytes, Any]]:
        return {kind: store.learned() for kind, store in self.by_kind.items()}

    def learn(self, learned: dict[str, dict[bytes, Any]]) -> None:
        for kind, entries in learned.items():
            self.by_kind[kind].learn(entries)

    def save(self, keep: bool = False) -> None:
        for store in self.by_kind.values():
            store.save(keep)
