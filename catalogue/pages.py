"""Read the prose pages content/pages/*.md (YAML front matter + Markdown body)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Page:
    """One prose page, published at /<slug>/."""

    slug: str
    title: str
    summary: str
    body: str  # Markdown

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


def parse_page(slug: str, text: str) -> Page:
    """Split front matter from body; a page without a title is a ValueError naming the slug."""
    match = _FRONT_MATTER.match(text)
    meta: object = yaml.safe_load(match.group(1)) if match else {}
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise ValueError(f"content/pages/{slug}.md: front matter needs a 'title:' line")
    body = text[match.end() :] if match else text
    summary = meta.get("summary")
    return Page(
        slug=slug,
        title=meta["title"].strip(),
        summary=summary.strip() if isinstance(summary, str) else "",
        body=body.strip() + "\n",
    )


def load_pages(content_root: Path) -> dict[str, Page]:
    """Every content/pages/*.md by slug (file stem), sorted by slug; {} if the folder is absent."""
    folder = content_root / "pages"
    if not folder.is_dir():
        return {}
    pages = {}
    for path in sorted(folder.glob("*.md")):
        pages[path.stem] = parse_page(path.stem, path.read_text(encoding="utf-8"))
    return pages
