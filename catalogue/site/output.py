"""The output folder: refuse folders the tool did not make, lock it, swap a new site in, clean up.

A build renders into a new folder beside the output (``.NAME-tmp-XXXXXXXX``) and then
exchanges it with the output in one step (Linux renameat2 RENAME_EXCHANGE), so a complete
site is in place at every moment, also when the build is killed; the old site, now at the
new folder's name, is deleted afterwards. Where the exchange is not available (another
system or file system) the old site is renamed away (``.NAME-old-XXXXXXXX``) and the new
one renamed in; if the build dies between the two, the next build puts the old one back.

Every built site holds the marker file MARKER. Only an absent or empty folder, or one with
the marker, is replaced; so is, once, a site built before the marker existed (LEGACY).
Builds into one output take turns: a lock file ``.NAME.lock`` beside it (fcntl.flock), which
the holder removes when it is done. Under the lock, a build deletes what killed builds into
the same output left behind: folders with exactly those names and the marker (or empty).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

MARKER = ".servicekatalog-output"
MARKER_TEXT = (
    b"Diesen Ordner hat build.py (Dienstleistungskatalog) gebaut; "
    b"der n\xc3\xa4chste Bau ersetzt ihn ganz.\n"
)
#: Files every site of this tool has: a folder with all of them, but no marker, was built
#: before the marker existed (e.g. output/ of `make site`) and may be replaced.
LEGACY = ("index.html", "sitemap.xml", "daten/leistungen.json", "daten/leistungen.schema.json")
#: Set by tests only: "STAGE:FILE" makes the build stop at STAGE until FILE exists.
PAUSE_VARIABLE = "SERVICEKATALOG_TEST_PAUSE"

_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


class OutputError(ValueError):
    """The output folder cannot be used (a usage error: exit code 2); the message is German."""


def _is_ours(folder: Path) -> bool:
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in LEGACY)


class OutputFolder:
    """OUTPUT (resolved) as the build sees it; SHOWN is how the user wrote it, for messages."""

    def __init__(self, output: Path, protected: Iterable[Path] = ()) -> None:
        self.shown = Path(output)
        self.path = Path(output).resolve()
        self.protected = tuple(Path(p).resolve() for p in protected)
        name = re.escape(self.path.name)
        self._leftover = re.compile(rf"\.{name}-(tmp|old)-[a-z0-9_]{{8}}")
        self._lock_path = self.path.with_name(f".{self.path.name}.lock")

    def check(self) -> None:
        """Raise OutputError unless the build may replace OUTPUT; writes nothing."""
        for protected in self.protected:
            if self.path == protected or self.path in protected.parents:
                raise OutputError(
                    f"Der Ausgabeordner „{self.shown}“ enthält {protected}, das beim Ersetzen "
                    "verloren ginge. Wählen Sie mit --output einen leeren oder neuen Ordner "
                    "außerhalb davon."
                )
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_dir()):
            raise OutputError(
                f"„{self.shown}“ ist eine Datei, kein Ordner; sie bleibt unverändert. "
                "Wählen Sie mit --output einen leeren oder neuen Ordner."
            )
        try:
            foreign = self.path.is_dir() and any(self.path.iterdir()) and not _is_ours(self.path)
        except OSError as exc:
            raise OutputError(
                f"Der Ordner „{self.shown}“ kann nicht gelesen werden ({exc.strerror}). "
                "Wählen Sie mit --output einen leeren oder neuen Ordner."
            ) from None
        if foreign:
            raise OutputError(
                f"Der Ordner „{self.shown}“ ist nicht leer und wurde nicht von build.py gebaut "
                f"(die Datei {MARKER} fehlt); er bleibt unverändert. Wählen Sie mit --output "
                "einen leeren oder neuen Ordner."
            )

    @contextlib.contextmanager
    def locked(self) -> Iterator[OutputFolder]:
        """Hold the output's lock (waiting for another build), check it, remove leftovers."""
        self.check()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = self._lock()
        except OSError as exc:
            raise OutputError(
                f"Neben dem Ausgabeordner „{self.shown}“ kann nicht geschrieben werden "
                f"({exc.strerror}: {exc.filename}). Wählen Sie einen anderen Ordner."
            ) from None
        try:
            self.check()  # again: the folder may have changed while this build waited
            self._clean_up()
            yield self
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._lock_path)  # still ours: a waiting build opens a new one
            os.close(fd)

    def _lock(self) -> int:
        told = False
        while True:
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    print(
                        f"Ein anderer Bau schreibt gerade nach „{self.shown}“; warte, bis er "
                        "fertig ist (Strg+C bricht ab) …",
                        file=sys.stderr,
                        flush=True,
                    )
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                if os.stat(self._lock_path).st_ino == os.fstat(fd).st_ino:
                    return fd
            os.close(fd)  # the holder removed that lock file when it was done: take the next

    def _clean_up(self) -> None:
        """Delete what killed builds left; if the output is missing, put the old site back."""
        leftovers = [
            p
            for p in sorted(self.path.parent.iterdir())
            if self._leftover.fullmatch(p.name)
            and p.is_dir()
            and not p.is_symlink()
            and (_is_ours(p) or not any(p.iterdir()))
        ]
        for folder in leftovers:
            if folder.name.startswith(f".{self.path.name}-old-") and not self.path.exists():
                os.rename(folder, self.path)  # complete: only a swap puts a site there
            else:
                _remove(folder)

    def new_site(self) -> Path:
        """A new, empty folder for the site beside the output, with the marker."""
        folder = Path(tempfile.mkdtemp(prefix=f".{self.path.name}-tmp-", dir=self.path.parent))
        (folder / MARKER).write_bytes(MARKER_TEXT)
        return folder

    def swap_in(self, new: Path) -> None:
        """Put the complete site NEW in place of the output; delete the old one."""
        self.check()  # again: the build took a while
        new.chmod(0o755)  # mkdtemp makes 0700; a web server must read it
        _pause("built")
        if not self.path.exists():
            os.rename(new, self.path)
            return
        if not _exchange(new, self.path):
            old = Path(tempfile.mkdtemp(prefix=f".{self.path.name}-old-", dir=self.path.parent))
            os.rename(self.path, old)  # replaces the empty folder mkdtemp made
            _pause("displaced")
            try:
                os.rename(new, self.path)
            except BaseException:
                os.rename(old, self.path)
                raise
            os.rename(old, new)  # deleted under a -tmp- name: an -old- one is always complete
        _pause("swapped")
        _remove(new)

    def swap_generations(self, spare: Path, keep: bool) -> None:
        """Put the complete site SPARE in place of the output; the old site becomes the
        spare (KEEP) or is deleted (catalogue.site.generations)."""
        self.check()
        _pause("built")
        if not self.path.exists():
            os.rename(spare, self.path)
            return
        if not _exchange(spare, self.path):
            old = Path(tempfile.mkdtemp(prefix=f".{self.path.name}-old-", dir=self.path.parent))
            os.rename(self.path, old)
            _pause("displaced")
            try:
                os.rename(spare, self.path)
            except BaseException:
                os.rename(old, self.path)
                raise
            os.rename(old, spare)
        _pause("swapped")
        if not keep:
            _remove(spare)

    def discard(self, new: Path) -> None:
        """Delete NEW (a failed build's folder, or what is left of the old site)."""
        shutil.rmtree(new, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names A and B in one step; False where the system cannot."""
    import ctypes  # only a build swaps

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(folder: Path) -> None:
    """Delete FOLDER, its marker last: a deletion that is killed leaves a recognisable leftover."""
    children = [child for child in folder.iterdir() if child.name != MARKER]
    for number, child in enumerate(children, 1):
        if number == len(children):
            _pause("deleting")  # the tests kill it here: only the marker is left to tell
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _pause(stage: str) -> None:
    """For the tests of killed builds: wait at STAGE until a file exists (PAUSE_VARIABLE)."""
    setting = os.environ.get(PAUSE_VARIABLE, "")
    if not setting.startswith(f"{stage}:"):
        return
    go = Path(setting.partition(":")[2])
    print(f"Testpause: {stage}", file=sys.stderr, flush=True)
    deadline = time.monotonic() + 120
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
