"""Read a file of the content folder safely: a regular file inside the folder, within the limit."""

from __future__ import annotations

import errno
import os
import stat
from functools import lru_cache
from pathlib import Path

from catalogue.oserrors import reason as os_reason
from catalogue.records.yamlsafe import MAX_BYTES, too_big

Signature = tuple[int, int, int]  # size, mtime in ns, inode: what the preview compares

_KINDS = (
    (stat.S_ISDIR, "ein Ordner"),
    (stat.S_ISFIFO, "eine benannte Pipe (FIFO)"),
    (stat.S_ISCHR, "ein Gerät"),
    (stat.S_ISBLK, "ein Gerät"),
    (stat.S_ISSOCK, "ein Socket"),
)


class Unreadable(Exception):
    """A content file that is not read: the German message says why and what to do."""


def read_file(path: Path, inside: str) -> tuple[bytes, Signature]:
    """The bytes of PATH and its signature, if PATH is a record file of the folder INSIDE.

    INSIDE is the content folder's real path (os.path.realpath). A symbolic link may point
    to another file in it, never out of it: a link to a key or a token elsewhere would be
    published, or shown in a message that CI logs keep. The size is checked before the
    file is read, and a pipe or device is never opened (opening a pipe waits forever).
    Raises Unreadable with a message for editors.
    """
    info = status_inside(path, inside)
    _check_kind(info)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(_os_problem(exc)) from None
    try:
        info = os.fstat(fd)  # what was opened, should the file have been swapped since
        _check_kind(info)
        raw = os.read(fd, min(info.st_size, MAX_BYTES) + 1)
        if len(raw) != info.st_size:  # it changed since, or a short read: on to the end
            while len(raw) <= MAX_BYTES and (more := os.read(fd, 1 << 16)):
                raw += more
    except OSError as exc:
        raise Unreadable(_os_problem(exc)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise Unreadable(too_big(len(raw)))
    return raw, (info.st_size, info.st_mtime_ns, info.st_ino)


def status_inside(path: Path, inside: str) -> os.stat_result:
    """The status of PATH, through a symbolic link only to a file in the folder INSIDE.

    Raises Unreadable with a message for editors (a link out, a loop, a dangling link).
    """
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or _through_link(os.path.dirname(path)):
            real = os.path.realpath(path)
            if os.path.commonpath([real, inside]) != inside:
                raise Unreadable(
                    "Die Datei ist eine Verknüpfung (Symlink) auf eine Datei außerhalb des "
                    "Inhaltsordners; sie wird nicht gelesen. Legen Sie die Datei selbst hierher."
                )
            info = os.stat(path)
    except OSError as exc:
        raise Unreadable(_link_problem(path, exc)) from None
    return info


@lru_cache(maxsize=64)
def _through_link(folder: str) -> bool:
    """Whether a link lies on the way to FOLDER (its real path differs from its path).

    Once per folder, not per file: realpath looks at every part of the path (10,000 files).
    """
    return os.path.realpath(folder) != os.path.abspath(folder)


def _check_kind(info: os.stat_result) -> None:
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise Unreadable(
                f"Das ist keine gewöhnliche Datei, sondern {kind}. "
                "Entfernen Sie es aus dem Inhaltsordner oder benennen Sie es um."
            )
    if info.st_size > MAX_BYTES:
        raise Unreadable(too_big(info.st_size))


def _link_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return (
            "Die Datei ist eine Verknüpfung (Symlink), die im Kreis auf sich selbst verweist. "
            "Ersetzen Sie sie durch die Datei selbst."
        )
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return (
            "Die Datei ist eine Verknüpfung (Symlink) ins Leere: ihr Ziel fehlt. "
            "Ersetzen Sie sie durch die Datei selbst oder löschen Sie sie."
        )
    return _os_problem(exc)


def _os_problem(exc: OSError) -> str:
    return f"Die Datei kann nicht gelesen werden: {os_reason(exc)}"
