"""The media files that the videos declare, for the built site under the same path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalogue.records.media import PAGE, mime_type

__all__ = ["PAGE", "declared", "media_files", "mime_type"]

FIELDS = ("video", "poster", "captions")


def declared(videos: list[dict[str, Any]]) -> list[str]:
    """Every file the videos name (content-relative, "media/…"), once each, sorted."""
    return sorted({video[field] for video in videos for field in FIELDS})


def media_files(content: Path, names: list[str]) -> dict[str, bytes]:
    """Each of NAMES (content/media/x) as the site's file of the same path (media/x).

    Only files that validate has checked are named, so nothing else in content/media/ is
    published; one that no video names any more is no longer in the site.
    """
    return {name: (content / name).read_bytes() for name in names}
