"""Crawl the built fixture site from / like a visitor: two clicks, no broken links, no orphans."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from tests.conftest import published_fixture

NOT_LINKED = {"/404.html"}  # the web server's error page: reached by mistake, not by a link


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []  # <a href>
        self.assets: list[str] = []  # <link href>, <script src>
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def _file_for(site: Path, path: str) -> Path:
    return site / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def _parse(site: Path, path: str) -> _Links:
    parser = _Links()
    parser.feed(_file_for(site, path).read_text(encoding="utf-8"))
    return parser


def crawl(site: Path) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """BFS from /: (page path -> clicks, external URL -> clicks, broken links)."""
    depth = {"/": 0}
    external: dict[str, int] = {}
    broken: list[str] = []
    parsed = {"/": _parse(site, "/")}
    queue = deque(["/"])
    while queue:
        page = queue.popleft()
        links = parsed[page]
        for asset in links.assets:
            if not _file_for(site, urlsplit(asset).path).is_file():
                broken.append(f"{page} -> {asset}")
        for href in links.links:
            if href.startswith(("https:", "mailto:", "tel:")):
                external.setdefault(href, depth[page] + 1)
                continue
            assert href.startswith(("/", "#")), f"{page}: not root-relative: {href}"
            url, fragment = urldefrag(href)
            target = urlsplit(url).path or page
            file = _file_for(site, target)
            if not file.is_file():
                broken.append(f"{page} -> {href}")
                continue
            if target.endswith("/") or target.endswith(".html"):
                if target not in parsed:
                    parsed[target] = _parse(site, target)
                    depth[target] = depth[page] + 1
                    queue.append(target)
                if fragment and fragment not in parsed[target].ids:
                    broken.append(f"{page} -> {href} (no id {fragment})")
    return depth, external, broken


def test_every_service_and_online_link_within_two_clicks(built_site):
    depth, external, broken = crawl(built_site)
    assert not broken
    published = published_fixture()
    assert published.services
    for service in published.services:
        assert depth.get(f"/leistungen/{service.id}/", 99) <= 2, service.id
        online = service.data.get("online_service")
        if online:
            assert external.get(online["url"], 99) <= 2, online["url"]


def test_no_page_is_orphaned(built_site):
    depth, _, _ = crawl(built_site)
    built = {
        "/" + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in built_site.rglob("*.html")
    }
    orphans = built - set(depth) - NOT_LINKED
    assert not orphans
    assert set(depth) <= built


def test_crawl_finds_a_broken_link(built_site, tmp_path):
    """The crawler itself must be able to fail: break one link and crawl again."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shutil.rmtree(site / "aemter" / "steueramt")
    _, _, broken = crawl(site)
    assert any("/aemter/steueramt/" in b for b in broken)


def test_expired_service_is_not_published(built_site):
    assert not (built_site / "leistungen" / "sperrmuell-karte").exists()
    assert "sperrmuell-karte" not in (built_site / "a-z" / "index.html").read_text()
