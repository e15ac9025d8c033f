"""Copy the media files that the videos declare into the built site, under the same path."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path
from typing import Any

from catalogue.records.media import PAGE, mime_type

__all__ = ["PAGE", "copy_media", "declared", "mime_type"]

FIELDS = ("video", "poster", "captions")


def declared(videos: list[dict[str, Any]]) -> list[str]:
    """Every file the videos name (content-relative, "media/…"), once each, sorted."""
    return sorted({video[field] for video in videos for field in FIELDS})


def copy_media(content: Path, output: Path, names: list[str]) -> None:
    """Copy each of NAMES from CONTENT to OUTPUT (content/media/x → output/media/x).

    Only files that validate has checked are named, so nothing else in content/media/ is
    published. A file that is already there unchanged (the preview) is not copied again;
    others are replaced in one step, so a reader sees the old file or the new one; one that
    no video names any more is deleted.
    """
    for stale in _published(output) - set(names):  # no longer declared (the preview)
        (output / stale).unlink()
    for name in names:
        source, target = content / name, output / name
        if target.is_file() and filecmp.cmp(source, target, shallow=True):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.copy2(source, tmp)  # with its modification time: the next look is shallow
        os.replace(tmp, target)


def _published(output: Path) -> set[str]:
    """The files below OUTPUT/media/ (the site's own folder: a page may not be named so)."""
    folder = output / "media"
    if not folder.is_dir():
        return set()
    return {p.relative_to(output).as_posix() for p in folder.rglob("*") if p.is_file()}
