"""The videos in sign language: files checked for real (ffprobe, webvtt-py), sample kept small."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.checks.videos import TOPICS
from catalogue.records import media
from tests.helpers import PROJECT, copy_fixture

CONTENT = PROJECT / "content"
VIDEO = """\
# yaml-language-server: $schema=../schema/sign-language.schema.json
videos:
  - service: hund-anmelden
    title: Hund anmelden in Gebärdensprache
    video: {video}
    poster: media/platzhalter.png
    captions: media/gut.vtt
    transcript: Die Abschrift des Videos zum Hund.
"""


def validate(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "validate", "--content", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SERVICEKATALOG_CACHE": "off", **(env or {})},
        cwd=root.parent,
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_fixture(tmp_path)
    (root / "sign-language.yaml").write_text(VIDEO.format(video="media/platzhalter.webm"))
    return root


def test_the_fixture_video_passes(root: Path) -> None:
    done = validate(root)
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_ffprobe_validate_says_what_to_install_and_exits_2(root: Path, tmp_path: Path):
    empty = tmp_path / "bin"  # a PATH without ffprobe (build.py needs nothing else from it)
    empty.mkdir()
    done = validate(root, {"PATH": str(empty)})
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("build.py validate: Das Programm ffprobe fehlt"), done.stderr
    assert "apt-get install ffmpeg" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_videos_validate_needs_no_ffprobe(root: Path, tmp_path: Path) -> None:
    (root / "sign-language.yaml").unlink()
    empty = tmp_path / "bin"
    empty.mkdir()
    done = validate(root, {"PATH": str(empty)})
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_video_over_the_limit_is_refused_by_its_size_without_reading_it(root: Path) -> None:
    big = root / "media" / "gross.webm"
    with big.open("wb") as file:
        file.truncate(
            60 * media.MiB + media.MiB // 2
        )  # sparse: nothing is written, and nothing is read
    (root / "sign-language.yaml").write_text(VIDEO.format(video="media/gross.webm"))
    done = validate(root)
    assert done.returncode == 1
    assert (
        "content/sign-language.yaml:5: videos[0].video: Die Datei ist zu groß (60,5 MB, erlaubt "
        "sind 50 MB). Verkleinern Sie sie, z. B. mit einer niedrigeren Auflösung oder Bitrate."
    ) in done.stdout, done.stdout


def test_captions_over_the_limit_are_refused_with_advice_for_captions(root: Path) -> None:
    with (root / "media" / "gut.vtt").open("ab") as file:
        file.write(b"\n" * 300 * 1024)
    done = validate(root)
    assert done.returncode == 1
    assert (
        "videos[0].captions: Die Datei ist zu groß (300 KB, erlaubt sind 256 KB). Teilen Sie "
        "das Video und seine Untertitel auf mehrere Videos auf."
    ) in done.stdout, done.stdout


def test_a_video_linked_from_outside_the_content_folder_is_refused(
    root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "geheim.webm"
    shutil.copyfile(root / "media" / "platzhalter.webm", outside)
    (root / "media" / "link.webm").symlink_to(outside)
    (root / "sign-language.yaml").write_text(VIDEO.format(video="media/link.webm"))
    done = validate(root)
    assert done.returncode == 1
    assert "videos[0].video: Die Datei ist eine Verknüpfung (Symlink)" in done.stdout
    assert str(tmp_path) not in done.stdout


def test_a_folder_named_like_a_video_is_a_message(root: Path) -> None:
    (root / "media" / "ordner.webm").mkdir()
    (root / "sign-language.yaml").write_text(VIDEO.format(video="media/ordner.webm"))
    done = validate(root)
    assert done.returncode == 1
    assert "videos[0].video: Das ist keine gewöhnliche Datei" in done.stdout


def _counted_ffprobe(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A PATH whose ffprobe is the real one, writing a line to a log for each call."""
    folder = tmp_path / "counted"
    folder.mkdir()
    log = folder / "calls.log"
    script = folder / "ffprobe"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {shutil.which("ffprobe")} "$@"\n')
    script.chmod(0o755)
    return {"PATH": f"{folder}:{os.environ['PATH']}"}, log


def _calls(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_a_video_is_probed_again_only_when_it_changes(root: Path, tmp_path: Path) -> None:
    path, log = _counted_ffprobe(tmp_path)
    cache = {"SERVICEKATALOG_CACHE": str(tmp_path / "cache"), **path}
    assert validate(root, cache).returncode == 0
    assert _calls(log) == 1
    warm = subprocess.run(  # a new process: no ffprobe, and webvtt-py is not even imported
        [sys.executable, "-X", "importtime", str(PROJECT / "build.py"), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **cache},
        cwd=root.parent,
    )
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert _calls(log) == 1
    assert " webvtt" not in warm.stderr
    os.utime(root / "media" / "platzhalter.webm", ns=(1, 1))  # as after a new save
    assert validate(root, cache).returncode == 0
    assert _calls(log) == 2
    with (root / "media" / "gut.vtt").open("a") as captions:  # captions: known by their bytes
        captions.write("\n3\n00:00:04.000 --> 00:00:05.000\nNach dem Ende.\n")
    done = validate(root, cache)
    assert "videos[0].captions: Untertitel 3 (Zeile 12 der Untertitel) endet bei" in done.stdout
    assert _calls(log) == 2


def test_the_preview_probes_an_unchanged_video_once(root: Path, tmp_path: Path, monkeypatch):
    from catalogue.checks.run import validate as run_validate

    path, log = _counted_ffprobe(tmp_path)
    monkeypatch.setenv("PATH", path["PATH"])
    monkeypatch.setenv("SERVICEKATALOG_CACHE", "off")  # nothing on disk: what the process keeps
    for _ in range(3):  # as the preview checks after every save
        assert run_validate(root).problems == []
    assert _calls(log) == 1


def test_all_sample_media_together_stay_under_500_kb() -> None:
    files = [p for p in (CONTENT / "media").rglob("*") if p.is_file()]
    assert files
    assert sum(p.stat().st_size for p in files) < 500 * 1024


def test_the_sample_has_one_video_per_bitv_topic_and_a_service_video() -> None:
    import yaml

    videos = yaml.safe_load((CONTENT / "sign-language.yaml").read_text(encoding="utf-8"))["videos"]
    assert [v["topic"] for v in videos if "topic" in v] == list(TOPICS)
    assert [v["service"] for v in videos if "service" in v] == ["wohnsitz-anmelden"]
    for video in videos:  # the placeholder is labelled as one, captions are real text
        cues = media.read_captions(CONTENT / video["captions"], os.path.realpath(CONTENT))
        assert len(cues) >= 4 and all(len(cue.text) > 20 for cue in cues), video["captions"]
        assert "Platzhalter" in (CONTENT / video["captions"]).read_text(encoding="utf-8")


#: What the Leichte-Sprache page says for each BITV topic: its heading and what it must name.
EASY_LANGUAGE = {
    "inhalt": ("Was sind diese Internet-Seiten?", ["Welche Papiere Sie brauchen", "Amt"]),
    "navigation": ("Wie finden Sie etwas?", ["Such-Feld", "Themen", "A bis Z"]),
    "barrierefreiheit": (
        "Barriere-Freiheit",
        ["barrierefreiheit@musterstadt.example", "Schlichtungs-Stelle", "(/barrierefreiheit/)"],
    ),
    "weitere-angebote": (
        "Mehr in Leichter Sprache und in Gebärden-Sprache",
        ["In Leichter Sprache", "(/gebaerdensprache/)"],
    ),
}


def test_the_leichte_sprache_page_covers_the_four_bitv_topics() -> None:
    assert set(EASY_LANGUAGE) == set(TOPICS)
    text = (CONTENT / "pages" / "leichte-sprache.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (.+)\n((?:(?!^## ).*\n?)*)", text, re.MULTILINE))
    for topic, (heading, names) in EASY_LANGUAGE.items():
        assert heading in sections, (topic, list(sections))
        missing = [name for name in names if name not in sections[heading]]
        assert not missing, (topic, missing)
