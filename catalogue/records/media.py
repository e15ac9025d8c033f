"""Look at media files: a safe look at each file, ffprobe for a video, webvtt-py for captions."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from catalogue.records.files import Unreadable, read_file, status_inside
from catalogue.records.yamlsafe import MAX_BYTES as TEXT_BYTES

#: The prose page content/pages/<PAGE>.md that shows the videos with a topic below its text.
PAGE = "gebaerdensprache"
MiB = 1024 * 1024
#: Size limits per kind of media file (README "Videos in German Sign Language"). A DGS video
#: of two to three minutes in 720p takes some 15-25 MB.
MAX_BYTES = {"video": 50 * MiB, "poster": 1 * MiB, "captions": TEXT_BYTES}  # 256 KB of text
#: What a browser needs for each container: the extension, ffprobe's format names, the codecs.
CONTAINERS = {
    "webm": ("video/webm", {"matroska", "webm"}, {"vp8", "vp9", "av1"}),
    "mp4": ("video/mp4", {"mov", "mp4"}, {"h264", "hevc", "av1", "vp9"}),
}
_SMALLER = {
    "video": "Verkleinern Sie sie, z. B. mit einer niedrigeren Auflösung oder Bitrate.",
    "poster": "Verkleinern Sie das Bild, z. B. auf 1280 × 720 Pixel als JPEG.",
    "captions": "Teilen Sie das Video und seine Untertitel auf mehrere Videos auf.",
}
PROBE_SECONDS = 60  # a real file takes ffprobe some 50 ms

_TIMING = re.compile(r"\s*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}\s*-->")  # as webvtt-py reads one


class ToolMissing(Exception):
    """ffprobe is not installed: an environment problem (exit code 2), not the content's."""


@dataclass(frozen=True)
class Probe:
    """What ffprobe found in a video file: its length in seconds, container and codec."""

    duration: float
    formats: frozenset[str]
    codec: str


@dataclass(frozen=True)
class Cue:
    """One caption: its number (from 1), the line of its timing in the file, start and end."""

    number: int
    line: int
    start: float
    end: float
    text: str


def look_at(path: Path, inside: str, kind: str) -> os.stat_result:
    """The status of PATH if it is a regular file in the folder INSIDE, at most MAX_BYTES[KIND].

    Raises Unreadable with a message for editors: missing, a link out of the content
    folder, a folder, pipe or device, or too big. The file is not opened.
    """
    if not os.path.lexists(path):
        from catalogue.records.loader import shown_path

        raise Unreadable(
            f"Die Datei {shown_path(path)} fehlt. Legen Sie sie dorthin oder korrigieren Sie "
            "den Dateinamen (Groß- und Kleinschreibung zählt)."
        )
    info = status_inside(path, inside)
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(
            "Das ist keine gewöhnliche Datei (ein Ordner, eine Pipe oder ein Gerät). "
            "Geben Sie eine Datei an."
        )
    limit = MAX_BYTES[kind]
    if info.st_size > limit:
        raise Unreadable(
            f"Die Datei ist zu groß ({_megabytes(info.st_size)}, erlaubt sind "
            f"{_megabytes(limit)}). {_SMALLER[kind]}"
        )
    if info.st_size == 0:
        raise Unreadable("Die Datei ist leer.")
    return info


def _megabytes(size: int) -> str:
    if size % MiB == 0:
        return f"{size // MiB} MB"
    if size < MiB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MiB:.1f} MB".replace(".", ",")


def start_probe(path: Path) -> subprocess.Popen:
    """Start ffprobe on PATH (several run at once, without threads); see probe_result()."""
    program = shutil.which("ffprobe")
    if program is None:
        raise ToolMissing(
            "Das Programm ffprobe fehlt: ohne es kann die Prüfung die Länge der Videos in "
            "content/sign-language.yaml nicht messen. Installieren Sie ffmpeg "
            "(Debian und Ubuntu: apt-get install ffmpeg; Windows und macOS: https://ffmpeg.org/)."
        )
    entries = "format=duration,format_name:stream=codec_type,codec_name"
    command = [program, "-v", "error", "-show_entries", entries, "-of", "json", str(path)]
    return subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def probe_result(process: subprocess.Popen) -> Probe:
    """What the ffprobe of start_probe() found; raises Unreadable if it is no video."""
    try:
        out, err = process.communicate(timeout=PROBE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise Unreadable(
            f"ffprobe hat die Datei in {PROBE_SECONDS} Sekunden nicht gelesen; ist sie ein Video?"
        ) from None
    if process.returncode != 0:
        why = err.decode("utf-8", "replace").strip().splitlines()
        raise Unreadable(
            "Die Datei ist kein Video, das ffprobe lesen kann"
            + (f" (ffprobe: {why[-1].split(': ', 1)[-1][:80]})" if why else "")
            + ". Speichern Sie das Video als WebM (VP9) oder MP4 (H.264)."
        )
    found = json.loads(out or b"{}")
    video = [s for s in found.get("streams", []) if s.get("codec_type") == "video"]
    if not video:
        raise Unreadable("Die Datei enthält keine Videospur.")
    try:
        duration = float(found["format"]["duration"])
    except (KeyError, TypeError, ValueError):
        raise Unreadable(
            "ffprobe findet die Länge des Videos nicht. Speichern Sie es neu als WebM oder MP4."
        ) from None
    formats = frozenset(found["format"].get("format_name", "").split(","))
    return Probe(duration, formats, video[0].get("codec_name", ""))


def container_problem(name: str, probe: Probe) -> str | None:
    """Why the video NAME is not what its extension promises the browser, or None."""
    extension = name.rsplit(".", 1)[-1]
    _, formats, codecs = CONTAINERS[extension]
    if not formats & probe.formats:
        return (
            f"Die Datei endet auf .{extension}, ist aber ein anderes Format "
            f"({', '.join(sorted(probe.formats))}). Speichern Sie sie als .{extension} "
            "oder ändern Sie die Endung."
        )
    if probe.codec not in codecs:
        return (
            f"Das Video ist mit {probe.codec or 'einem unbekannten Verfahren'} kodiert; in "
            f".{extension} spielen Browser nur {', '.join(sorted(codecs))}. "
            "Speichern Sie es z. B. als WebM mit VP9."
        )
    return None


def read_captions(path: Path, inside: str) -> list[Cue]:
    """The cues of the WebVTT file PATH in the folder INSIDE; raises Unreadable if it is none."""
    raw, _ = read_file(path, inside)  # a regular file inside, at most 256 KB
    return parse_captions(raw)


def parse_captions(raw: bytes) -> list[Cue]:
    """The cues of the WebVTT text RAW, read by webvtt-py; raises Unreadable if it is none."""
    import webvtt  # only when there are captions to read (30 ms)
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unreadable(
            f"Die Untertitel sind nicht als UTF-8 gespeichert (Zeile {line}). "
            "Speichern Sie die Datei mit der Kodierung „UTF-8“."
        ) from None
    try:
        captions = webvtt.from_string(text, strict=True).captions
    except MalformedFileError:
        raise Unreadable(
            "Die Datei ist keine WebVTT-Untertiteldatei: die erste Zeile muss WEBVTT lauten."
        ) from None
    except MalformedCaptionError as exc:
        raise Unreadable(_caption_error(text, str(exc))) from None
    lines = [n for n, line in enumerate(text.splitlines(), 1) if _TIMING.match(line)]
    if len(lines) != len(captions):
        lines = [1] * len(captions)
    return [
        Cue(
            i,
            line,
            caption.start_time.in_milliseconds() / 1000,
            caption.end_time.in_milliseconds() / 1000,
            caption.text,
        )
        for i, (caption, line) in enumerate(zip(captions, lines, strict=True), 1)
    ]


def _caption_error(text: str, message: str) -> str:
    """webvtt-py's MalformedCaptionError in German, with the line where it is."""
    for n, line in enumerate(text.splitlines(), 1):
        if "-->" in line and line.strip() and line.strip() in message:
            return (
                f"Zeile {n} der Untertitel ist keine gültige Zeitangabe: „{line.strip()[:60]}“. "
                "Schreiben Sie Anfang und Ende so: 00:00:01.000 --> 00:00:04.000, und lassen "
                "Sie vor jedem Untertitel eine Zeile frei."
            )
    return (
        "Die Untertitel sind kein gültiges WebVTT: ein Untertitel hat keine gültige Zeitangabe "
        "(z. B. 00:00:01.000 --> 00:00:04.000) oder steht ohne Leerzeile vor dem nächsten."
    )


def mime_type(name: str) -> str:
    """The type attribute of a <source> for the video file NAME."""
    return CONTAINERS[name.rsplit(".", 1)[-1]][0]
