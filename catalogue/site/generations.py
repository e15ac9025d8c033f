"""Two generations of the output: bring the spare one up to date, writing only what changed.

The output folder is the live generation; beside it, ``.NAME-spare`` keeps the one before
(catalogue.site.output swaps them in one step). A manifest in the cache (.cache/) tells, for
each generation, which key each of its files was made from (the digest of its inputs,
catalogue.cache.store) and the size, time and inode the file had when written. A build
updates the spare: a file whose key and signature are unchanged stays, one that the live
generation already holds under the new key is linked from there, and only the rest is
made and written; files no longer planned are removed. Then the spare is swapped in.

The spare's manifest is deleted before the first change to it and written after the last,
so a build that dies midway leaves a spare that the next build does not trust (it starts
that generation afresh); the live generation is never touched. Without a cache (set off)
there are no manifests, every build writes a fresh folder, and the old one is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from catalogue.cache.memo import load_table, save_table
from catalogue.cache.store import digest
from catalogue.site.output import MARKER, MARKER_TEXT, OutputError, OutputFolder, _pause

#: (key, size, mtime in ns, inode) of a written file
Held = tuple[bytes, int, int, int]


def _folder_id(path: Path) -> str | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{stat.st_dev}:{stat.st_ino}"


def signature(path: str | Path, key: bytes) -> Held:
    stat = os.stat(path)
    return key, stat.st_size, stat.st_mtime_ns, stat.st_ino


class Manifests:
    """Per generation folder (device:inode) its files' Held, in the cache beside the content."""

    def __init__(self, cache: Path | None, output: Path) -> None:
        self.output = str(output.resolve())
        name = digest(self.output).hex()[:16]
        # "output_<path>-1": save_table replaces files of the same name before the last "-"
        self.path = None if cache is None else cache / f"output_{name}-1.marshal"
        self.table: dict[str, dict[str, Held]] = load_table(self.path).get("generations", {})

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def of(self, folder: Path) -> dict[str, Held] | None:
        folder_id = _folder_id(folder)
        return None if folder_id is None else self.table.get(folder_id)

    def set(self, folder: Path, held: dict[str, Held] | None) -> None:
        folder_id = _folder_id(folder)
        if folder_id is None:
            return
        if held is None:
            self.table.pop(folder_id, None)
        else:
            self.table[folder_id] = held

    def keep_only(self, folders: Iterable[Path]) -> None:
        ids = {_folder_id(f) for f in folders}
        self.table = {k: v for k, v in self.table.items() if k in ids}

    def save(self) -> None:
        """Write the manifests; delete those of outputs that are gone (a test's, a moved one)."""
        if self.path is None:
            return
        save_table(self.path, {"output": self.output, "generations": self.table})
        for other in self.path.parent.glob("output_*.marshal"):
            if other != self.path and not Path(load_table(other).get("output", "/")).is_dir():
                other.unlink(missing_ok=True)


class Generation:
    """The spare generation of OUTPUT being brought up to date (made by OutputFolder's lock)."""

    def __init__(self, folder: OutputFolder, manifests: Manifests) -> None:
        self.output = folder
        self.manifests = manifests
        self.live = folder.path
        self.path = folder.path.with_name(f".{folder.path.name}-spare")
        self.live_held = manifests.of(self.live) or {}
        held = manifests.of(self.path) if manifests.enabled else None
        self.fresh = held is None or not (self.path / MARKER).is_file()
        if self.fresh:  # an empty folder of this build: it holds only what the build writes
            self._start_afresh()
        self.old: dict[str, Held] = {} if held is None or self.fresh else held
        self.held: dict[str, Held] = {}
        manifests.set(self.path, None)  # from now on the spare is not to be trusted
        manifests.save()

    def _start_afresh(self) -> None:
        if self.path.is_symlink() or self.path.exists():
            ours = self.path.is_dir() and not self.path.is_symlink()
            if not ours or not ((self.path / MARKER).is_file() or not any(self.path.iterdir())):
                raise OutputError(
                    f"Neben dem Ausgabeordner liegt „{self.path}“, den build.py nicht gebaut hat "
                    f"(die Datei {MARKER} fehlt); er bleibt unverändert. Benennen Sie ihn um, "
                    "oder wählen Sie mit --output einen anderen Ordner."
                )
            shutil.rmtree(self.path)
        self.path.mkdir(mode=0o755)
        (self.path / MARKER).write_bytes(MARKER_TEXT)

    def unchanged(self, name: str, key: bytes) -> bool:
        """Whether NAME (output-relative) already holds what KEY makes; if the live generation
        holds it, it is linked from there. True: nothing to write."""
        # plain strings, not Path objects: this runs for every file of the site on every build
        target = f"{self.path}/{name}"
        old = self.old.get(name)
        if old is not None and old[0] == key:
            with contextlib.suppress(OSError):
                if signature(target, key) == old:
                    self.held[name] = old
                    return True
        live = self.live_held.get(name)
        if live is not None and live[0] == key:
            source = f"{self.live}/{name}"
            with contextlib.suppress(OSError):
                if signature(source, key) == live:
                    _unlink(Path(target))
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.link(source, target)
                    self.held[name] = signature(target, key)
                    return True
        return False

    def write(self, name: str, key: bytes, data: bytes) -> Held:
        """Write DATA as NAME, made from KEY (a new file: a link to the live one stays as is)."""
        target = self.path / name
        if not self.fresh:  # a fresh folder holds nothing to replace: linked files are not written
            _unlink(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.held[name] = held = signature(target, key)
        return held

    def put(self, name: str, data: bytes) -> None:
        """DATA as NAME, keyed by its own digest (files made whole on every build)."""
        key = hashlib.blake2b(data, digest_size=16).digest()
        if not self.unchanged(name, key):
            self.write(name, key, data)

    def finish(self) -> Path:
        """Remove what this build did not plan; the folder, complete, to be swapped in."""
        _pause("written")  # for the tests of killed builds
        if self.fresh:  # made empty by this build: it holds only what the build wrote
            self.path.chmod(0o755)
            return self.path
        planned = set(self.held) | {MARKER}
        top = str(self.path)
        for root, dirs, files in os.walk(top, topdown=False):
            prefix = root[len(top) + 1 :] + "/" if root != top else ""
            for file in files:
                if prefix + file not in planned:
                    os.unlink(f"{root}/{file}")
            for folder in dirs:
                with contextlib.suppress(OSError):
                    os.rmdir(f"{root}/{folder}")  # only if empty
        self.path.chmod(0o755)
        return self.path

    def switch(self) -> None:
        """Put the finished spare in place of the output and record both manifests."""
        if self.manifests.enabled:
            self.manifests.set(self.path, self.held)
        # the old site is the spare now; without manifests it would not be trusted: deleted
        self.output.swap_generations(self.path, keep=self.manifests.enabled)
        if self.manifests.enabled:
            self.manifests.keep_only([self.live, self.path])
            self.manifests.save()

    def discard(self) -> None:
        """After a failed build: delete the half-done spare (its manifest is gone already)."""
        shutil.rmtree(self.path, ignore_errors=True)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
