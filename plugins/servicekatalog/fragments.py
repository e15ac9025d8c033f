"""Minify the parts that many pages share once, not again on every page.

The header and footer are the same on nearly every page, a department's contact block is on
each of its services' pages, and a service's entry is in up to seven lists. A page is
rendered with a placeholder where such a part goes: an empty element of the part's own tag,
so minify-html treats the whitespace around it exactly as around the part. The page is
minified, then each placeholder is replaced by its part, minified once for the whole build.

Whitespace that only separates the parts from each other or from the page is collapsed or
removed by the minifier anyway, so the parts are minified without it. The result is the
page minify-html makes of the whole page: tests/site/test_site_fragments.py compares both on the
sample and on a synthetic catalogue.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence

from markupsafe import Markup


class Fragments:
    """Placeholders for shared parts of one page at a time, and the parts, minified once."""

    def __init__(self, minify: Callable[[str], str] | None) -> None:
        self.minify = minify
        self._small: dict[str, str] = {}  # a part as rendered → minified (pure, so never stale)
        self._parts: list[str] = []  # the parts of the page being rendered, by number
        # Unguessable, so no text in a record can pose as a placeholder (it is also escaped).
        self._attribute = f"data-sk{secrets.token_hex(6)}"
        self._placeholder = re.compile(rf"<([a-z][a-z0-9]*) {self._attribute}=\"?(\d+)\"?></\1>")

    def begin(self) -> None:
        """Start a page: forget the parts of anything rendered before."""
        self._parts = []

    def put(self, html: str | Sequence[str], tag: str) -> Markup:
        """A placeholder for HTML: one <TAG> element, or a list of sibling <TAG> elements.

        Without a minifier, HTML itself (joined by line breaks).
        """
        parts = [html] if isinstance(html, str) else list(html)
        if self.minify is None:
            return Markup("\n".join(parts))
        if not any(part.strip() for part in parts):
            return Markup("")
        small = "".join(self._minified(part) for part in parts)
        self._parts.append(small)
        return Markup(f'<{tag} {self._attribute}="{len(self._parts) - 1}"></{tag}>')

    def page(self, html: str) -> str:
        """HTML minified, with every placeholder put() gave for it replaced by its part."""
        if self.minify is None:
            return html
        parts, self._parts = self._parts, []
        small = self.minify(html)
        if not parts:
            return small
        used: list[int] = []

        def part(match: re.Match) -> str:
            used.append(int(match[2]))
            return parts[used[-1]] if used[-1] < len(parts) else match[0]

        small = self._placeholder.sub(part, small)
        if sorted(used) != list(range(len(parts))):
            raise RuntimeError(f"page parts lost or repeated while minifying: {used}")
        return small

    def _minified(self, part: str) -> str:
        """PART minified, once per build (put() calls this only when there is a minifier)."""
        part = part.strip()
        small = self._small.get(part)
        if small is None:
            minify = self.minify
            assert minify is not None
            small = self._small[part] = minify(part)
        return small
