"""Atom feeds written by feedgenerator, with timestamps the caller gives, never the clock."""

from __future__ import annotations

import datetime as dt
import html

from feedgenerator import Atom1Feed


class Feed(Atom1Feed):
    """An Atom 1.0 feed whose <updated> is UPDATED: feedgenerator would read the clock when empty."""

    def __init__(self, *, title: str, link: str, feed_id: str, updated: dt.datetime, **kwargs):
        super().__init__(title=title, link=link, description=None, feed_guid=feed_id, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> dt.datetime:
        return self.updated

    def add_entry(
        self, *, title: str, link: str, entry_id: str, updated: dt.datetime, summary: str
    ) -> None:
        """An entry with a plain-text SUMMARY (escaped: feedgenerator marks summaries as HTML)."""
        self.add_item(
            title=title,
            link=link,
            description=html.escape(summary, quote=False),
            unique_id=entry_id,
            updateddate=updated,
        )

    def to_bytes(self) -> bytes:
        """The feed as UTF-8 XML with a final newline; the same entries give the same bytes."""
        return (self.writeString("utf-8") + "\n").encode("utf-8")
