"""Shared parts minified once (plugins/servicekatalog/fragments.py) give the bytes of
minifying every whole page, as the build did before."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from bench.synth import generate_catalogue
from catalogue.checks.run import check
from catalogue.site.publish import publish
from plugins.servicekatalog.driver import build_site
from plugins.servicekatalog.fragments import Fragments

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 22)


def _build(content: Path, output: Path) -> dict[str, bytes]:
    result = check(content, TODAY, "build")
    assert not result.errors
    build_site(publish(result.catalogue, TODAY), output, content_root=content, extra_files={})
    return {
        str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()
    }


def _in_place(self: Fragments, html: str | list[str], tag: str) -> Markup:
    """No placeholder: the part stays in its page, which is then minified whole."""
    return Markup(html if isinstance(html, str) else "\n".join(html))


@pytest.mark.parametrize("catalogue", ["sample", "synthetic"])
def test_pages_are_the_bytes_of_minifying_each_whole_page(tmp_path, monkeypatch, catalogue):
    content = ROOT / "content"
    if catalogue == "synthetic":
        content = tmp_path / "content"
        generate_catalogue(150, 5, content)
    monkeypatch.setenv("SERVICEKATALOG_PROCESSES", "1")  # count every put() in this process
    monkeypatch.setenv("SERVICEKATALOG_CACHE", "off")  # the second build renders every page
    classes = {Fragments}
    placed: list[str] = []
    put = Fragments.put

    def counting_put(self: Fragments, html: str | list[str], tag: str) -> Markup:
        placed.append(tag)
        return put(self, html, tag)

    for cls in classes:
        monkeypatch.setattr(cls, "put", counting_put)
    with_parts = _build(content, tmp_path / "parts")
    for cls in classes:
        monkeypatch.setattr(cls, "put", _in_place)
    whole = _build(content, tmp_path / "whole")

    assert with_parts.keys() == whole.keys()
    differ = [name for name in whole if with_parts[name] != whole[name]]
    assert differ == []
    # admin/index.html is Decap CMS's page (catalogue/site/admin.py), not one of the site's
    pages = [name for name in whole if name.endswith(".html") and not name.startswith("admin/")]
    # Every page put its header and footer aside, service pages their contact block, lists
    # their entries.
    assert placed.count("header") == placed.count("footer") == len(pages)
    assert placed.count("div") > 0 and placed.count("li") > 0


def test_a_lost_placeholder_is_an_error_not_a_page_without_its_part():
    fragments = Fragments(lambda html: re.sub(r"<header [^>]*></header>", "", html))
    fragments.begin()
    marker = fragments.put("<header>Kopf</header>", "header")
    with pytest.raises(RuntimeError, match="lost"):
        fragments.page(f"<body>{marker}</body>")


def test_parts_are_minified_once_and_put_back_in_order():
    calls: list[str] = []

    def minify(html: str) -> str:
        calls.append(html)
        return html.replace("\n", "")

    fragments = Fragments(minify)
    for _ in range(3):
        fragments.begin()
        head = fragments.put("\n<header>\nKopf</header>\n", "header")
        items = fragments.put(["<li>a\n</li>", "  <li>b</li>"], "li")
        page = fragments.page(f"<body>\n{head}<ul>\n{items}\n</ul></body>")
        assert page == "<body><header>Kopf</header><ul><li>a</li><li>b</li></ul></body>"
    parts = [c for c in calls if not c.startswith("<body>")]
    assert parts == ["<header>\nKopf</header>", "<li>a\n</li>", "<li>b</li>"]


def test_without_a_minifier_the_parts_stay_as_rendered():
    fragments = Fragments(None)
    assert fragments.put(["<li>a</li>", "<li>b</li>"], "li") == "<li>a</li>\n<li>b</li>"
    assert fragments.page("<p> x </p>") == "<p> x </p>"
