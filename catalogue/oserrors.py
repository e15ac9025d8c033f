"""Say in plain German what an operating-system error caused by the user's environment means."""

from __future__ import annotations

import errno
import os

# errno → (what is wrong, what to change). Only errors the user's machine or choices cause:
# rights, a full or read-only disk, a path that is a file or a folder where the other is
# needed. Any other OSError stays an internal error of the tool.
_MEANING = {
    errno.EACCES: (
        "keine Berechtigung",
        "Prüfen Sie die Zugriffsrechte oder wählen Sie einen anderen Ordner.",
    ),
    errno.EPERM: (
        "nicht erlaubt",
        "Prüfen Sie die Zugriffsrechte oder wählen Sie einen anderen Ordner.",
    ),
    errno.ENOSPC: ("der Datenträger ist voll", "Geben Sie Speicherplatz frei."),
    errno.EDQUOT: ("Ihr Speicherkontingent ist erschöpft", "Geben Sie Speicherplatz frei."),
    errno.EROFS: ("der Datenträger ist schreibgeschützt", "Wählen Sie einen anderen Ordner."),
    errno.ENOTDIR: (
        "ein Teil dieses Pfads ist eine Datei, kein Ordner",
        "Geben Sie einen Ordner an oder benennen Sie die Datei um.",
    ),
    errno.EISDIR: (
        "das ist ein Ordner, keine Datei",
        "Geben Sie einen Dateinamen an, keinen Ordner.",
    ),
    errno.EEXIST: (
        "dort liegt schon eine Datei oder ein Ordner",
        "Wählen Sie einen anderen Namen oder entfernen Sie, was dort liegt.",
    ),
    errno.ENOTEMPTY: ("der Ordner ist nicht leer", "Wählen Sie einen leeren Ordner."),
    errno.ENOENT: ("das gibt es nicht", "Prüfen Sie den Pfad."),
    errno.ENAMETOOLONG: ("der Name ist zu lang", "Wählen Sie einen kürzeren Namen oder Pfad."),
    errno.ELOOP: (
        "die symbolischen Verknüpfungen bilden eine Schleife",
        "Lassen Sie eine Verknüpfung auf eine echte Datei oder einen Ordner zeigen.",
    ),
    errno.EMFILE: ("zu viele offene Dateien", "Erhöhen Sie das Limit (ulimit -n)."),
    errno.ENFILE: ("zu viele offene Dateien", "Schließen Sie andere Programme."),
    errno.EBUSY: ("das wird gerade benutzt", "Schließen Sie das andere Programm."),
    errno.EIO: ("Lese- oder Schreibfehler des Datenträgers", "Prüfen Sie den Datenträger."),
}


def reason(error: OSError) -> str:
    """What is wrong and what to change, without the path (the caller names the file)."""
    meaning = _MEANING.get(error.errno)  # type: ignore[arg-type]
    if meaning is None:
        return f"Fehler des Betriebssystems ({error.strerror})"
    wrong, change = meaning
    return f"{wrong}. {change}"


def describe(error: OSError) -> str | None:
    """One line: the path, what is wrong and what to change; None for an error of the tool."""
    meaning = _MEANING.get(error.errno)  # type: ignore[arg-type]
    if meaning is None:
        return None
    wrong, change = meaning
    paths = [os.fsdecode(p) for p in (error.filename, error.filename2) if p is not None]
    where = " → ".join(paths) + ": " if paths else ""
    detail = f" ({error.strerror})" if error.strerror else ""
    return f"{where}{wrong}{detail}. {change}"
