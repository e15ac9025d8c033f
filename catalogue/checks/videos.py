"""The rules for the videos in sign language: one per BITV topic, their files, captions in time."""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import astuple
from pathlib import Path
from typing import Any

from catalogue.cache.memo import load_table, save_table
from catalogue.cache.records import cache_folder
from catalogue.checks.rules import markdown_problems
from catalogue.model import ERROR, WARNING, Catalogue, Problem, Record
from catalogue.records import media
from catalogue.records.files import Unreadable, read_file
from catalogue.records.yamlsafe import dotted

#: The four topics of BITV 2.0 Anlage 2 (Teil 1) that the start page explains in German Sign
#: Language and in Leichte Sprache, in the order of the page.
TOPICS = {
    "inhalt": "was die Website enthält",
    "navigation": "wie man sich auf der Website zurechtfindet",
    "barrierefreiheit": "das Wichtigste aus der Erklärung zur Barrierefreiheit",
    "weitere-angebote": "wo es weitere Inhalte in Gebärdensprache und Leichter Sprache gibt",
}
PAGE = media.PAGE  # content/pages/gebaerdensprache.md: the page that shows the topics
FILE_FIELDS = ("video", "poster", "captions")


class _Memo:
    """What ffprobe and webvtt-py found, kept in .cache/ (catalogue.cache.records.cache_folder).

    ffprobe takes some 65 ms of CPU per video and webvtt-py 30 ms to import: a validate of
    the sample without this took 0.18 s of CPU instead of 0.08 s. A video is known by its
    real path, size, modification time and inode, captions by the SHA-256 of their bytes.
    Kept per process as well: the preview checks again after every save.
    """

    def __init__(self, root: Path) -> None:
        folder = cache_folder(root)
        self.path = None if folder is None else folder / "media-1.marshal"
        if self.path not in _TABLES:
            _TABLES[self.path] = load_table(self.path)
            _SAVED[self.path] = set(_TABLES[self.path])
        self.table: dict[tuple, Any] = _TABLES[self.path]
        self.used: set[tuple] = set()

    def get(self, key: tuple) -> Any:
        self.used.add(key)
        return self.table.get(key)

    def put(self, key: tuple, value: Any) -> None:
        self.used.add(key)
        self.table[key] = value

    def save(self) -> None:
        """Write what this check used, when that differs from the file: it never grows past
        one content folder's media (the process keeps the rest, for the preview)."""
        if self.used != _SAVED[self.path]:
            save_table(self.path, {key: self.table[key] for key in self.used})
            _SAVED[self.path] = set(self.used)


_TABLES: dict[Path | None, dict[tuple, Any]] = {}  # cache file -> its table, in this process
_SAVED: dict[Path | None, set[tuple]] = {}  # cache file -> the keys it holds


def video_problems(catalogue: Catalogue, pages: set[str]) -> list[Problem]:
    """Every problem of content/sign-language.yaml beyond its schema; PAGES: the prose pages.

    Raises media.ToolMissing when there are videos to measure and no ffprobe.
    """
    record = catalogue.sign_language
    if record is None or not record.valid:  # no videos (the page shows its text), or broken
        return []
    videos: list[dict[str, Any]] = record.data["videos"]
    problems = _topic_problems(record, videos, catalogue, pages)
    for i, video in enumerate(videos):
        problems.extend(markdown_problems(record, ("videos", i, "transcript"), video["transcript"]))
    problems.extend(_file_problems(record, videos, catalogue.root))
    return problems


def _problem(record: Record, path: tuple, message: str, severity: str = ERROR) -> Problem:
    return Problem(record.rel, record.line_of(path), dotted(path), message, severity, "video")


def _topic_problems(
    record: Record, videos: list[dict[str, Any]], catalogue: Catalogue, pages: set[str]
) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for i, video in enumerate(videos):
        topic, service = video.get("topic"), video.get("service")
        if (topic is None) == (service is None):
            problems.append(
                _problem(
                    record,
                    ("videos", i),
                    "Geben Sie genau eines an: topic (für die Seite Gebärdensprache) oder "
                    "service (für die Seite einer Leistung)",
                )
            )
        if topic is not None:
            if topic in seen:
                problems.append(
                    _problem(
                        record,
                        ("videos", i, "topic"),
                        f"Das Thema „{topic}“ hat schon ein Video (videos[{seen[topic]}]); "
                        "jedes Thema steht genau einmal auf der Seite",
                    )
                )
            seen.setdefault(topic, i)
        if service is not None and service not in catalogue.services:
            problems.append(
                _problem(
                    record,
                    ("videos", i, "service"),
                    f"Die Leistung „{service}“ gibt es nicht "
                    f"(keine Datei content/services/{service}.yaml)",
                )
            )
    missing = [f"{t} ({what})" for t, what in TOPICS.items() if t not in seen]
    if missing and PAGE in pages:
        problems.append(
            _problem(
                record,
                ("videos",),
                "Die BITV 2.0 verlangt auf der Seite Gebärdensprache ein Video je "
                f"Thema; es fehlt: {'; '.join(missing)}",
                WARNING,
            )
        )
    if seen and PAGE not in pages:
        problems.append(
            _problem(
                record,
                ("videos",),
                "Die Videos mit topic erscheinen auf der Seite /gebaerdensprache/; "
                "dafür fehlt die Seite content/pages/gebaerdensprache.md",
                WARNING,
            )
        )
    return problems


def _file_problems(record: Record, videos: list[dict[str, Any]], root: Path) -> list[Problem]:
    """Each declared file exists and stays under its limit; captions lie within the video."""
    inside = os.path.realpath(root)
    looked: dict[tuple[str, str], os.stat_result | str] = {}
    for video in videos:
        for field in FILE_FIELDS:
            key = (field, video[field])
            if key not in looked:
                looked[key] = _look(root / video[field], inside, field)
    memo = _Memo(root)
    probes = _probe_all(
        {name: info for (field, name), info in looked.items() if field == "video"}, root, memo
    )
    problems = []
    for i, video in enumerate(videos):
        for field in FILE_FIELDS:
            found = looked[(field, video[field])]
            if isinstance(found, str):
                problems.append(_problem(record, ("videos", i, field), found))
        probe = probes.get(video["video"])
        if isinstance(probe, str):
            problems.append(_problem(record, ("videos", i, "video"), probe))
        if isinstance(looked[("captions", video["captions"])], str):
            continue
        cues = _cues(root / video["captions"], inside, memo)
        if isinstance(cues, str):
            problems.append(_problem(record, ("videos", i, "captions"), cues))
            continue
        length = probe.duration if isinstance(probe, media.Probe) else None
        message = _cue_problem(cues, length, video["video"])
        if message:
            problems.append(_problem(record, ("videos", i, "captions"), message))
    memo.save()
    return problems


def _cues(path: Path, inside: str, memo: _Memo) -> list[media.Cue] | str:
    """The cues of the captions file PATH, or the message why it has none."""
    try:
        raw, _ = read_file(path, inside)
    except Unreadable as refused:
        return str(refused)
    key = ("captions", hashlib.sha256(raw).digest())
    known = memo.get(key)
    if known is None:
        try:
            known = [astuple(cue) for cue in media.parse_captions(raw)]
        except Unreadable as refused:
            known = str(refused)
        memo.put(key, known)
    return known if isinstance(known, str) else [media.Cue(*cue) for cue in known]


def _look(path: Path, inside: str, field: str) -> os.stat_result | str:
    try:
        return media.look_at(path, inside, field)
    except Unreadable as refused:
        return str(refused)


def _probe_all(
    files: dict[str, os.stat_result | str], root: Path, memo: _Memo
) -> dict[str, media.Probe | str]:
    """ffprobe on every video file that exists, all at once; a message for each it refuses."""
    found: dict[str, media.Probe | str] = {}
    running: list[tuple[str, tuple, subprocess.Popen]] = []
    for name, info in files.items():
        if isinstance(info, str):
            continue
        key = ("video", os.path.realpath(root / name), info.st_size, info.st_mtime_ns, info.st_ino)
        known = memo.get(key)
        if known is None:
            running.append((name, key, media.start_probe(root / name)))
        elif isinstance(known, str):
            found[name] = known
        else:
            duration, formats, codec = known
            found[name] = media.Probe(duration, frozenset(formats), codec)
    for name, key, process in running:
        try:
            probe: media.Probe | str = media.probe_result(process)
        except Unreadable as refused:
            probe = str(refused)
        if isinstance(probe, media.Probe):
            probe = media.container_problem(name, probe) or probe
        found[name] = probe
        if isinstance(probe, str):
            memo.put(key, probe)
        else:
            memo.put(key, (probe.duration, sorted(probe.formats), probe.codec))
    return found


def _cue_problem(cues: list[media.Cue], length: float | None, video: str) -> str | None:
    if not cues:
        return (
            "Die Untertitel-Datei enthält keinen Untertitel; schreiben Sie jeden mit seiner "
            "Zeit hinein, z. B. 00:00:01.000 --> 00:00:04.000 und in der Zeile darunter den Text"
        )
    for cue in cues:
        if cue.end <= cue.start:
            return (
                f"Untertitel {cue.number} (Zeile {cue.line} der Untertitel) endet nicht nach seinem Anfang "
                f"({_time(cue.start)} --> {_time(cue.end)})"
            )
        if length is not None and cue.end > length + 0.0005:
            return (
                f"Untertitel {cue.number} (Zeile {cue.line} der Untertitel) endet bei {_time(cue.end)}, "
                f"das Video {video} ist aber nur {_time(length)} lang. Passen Sie die "
                "Zeitangaben an das Video an"
            )
    return None


def _time(seconds: float) -> str:
    """SECONDS as WebVTT writes a time: 00:01:02.500."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    return f"{hours:02d}:{rest // 60_000:02d}:{rest % 60_000 // 1000:02d}.{rest % 1000:03d}"
