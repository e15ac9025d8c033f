"""Hostile input: rejected by validation, and inert when pushed past it into the renderer."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from html.parser import HTMLParser

import pytest

from catalogue.checks.run import validate
from catalogue.model import Announcement
from catalogue.site.markup import render, safe_url
from plugins.servicekatalog.driver import build_site
from tests.conftest import SITE_FIXTURE, published_fixture

SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[x](javascript:alert(1))"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = f"{SCRIPT} {IMG} {JS_LINK} \"'><svg onload=alert(1)>"
JS_URL = "javascript:alert(1)"


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag in ("img", "iframe", "object", "embed", "style", "base"):
            self.bad.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.bad.append(f"{tag} {name}")
            if name in ("href", "src", "action") and "javascript:" in (value or "").lower():
                self.bad.append(f"{tag} {name}={value}")


def _hostile_catalogue():
    published = copy.deepcopy(published_fixture())
    service = next(s for s in published.services if s.id == "hund-anmelden")
    data = service.data
    for key in ("title", "summary", "official_name", "processing_time"):
        data[key] = HOSTILE
    for key in ("description", "easy_language"):
        data[key] = HOSTILE + "\n\n" + JS_LINK + "\n\n<a href='javascript:alert(1)'>a</a>"
    data["prerequisites"] = [HOSTILE, JS_LINK]
    data["procedure"] = [HOSTILE, "[y](JaVaScRiPt:alert(1)) [z](data:text/html,x)"]
    data["deadlines"] = [HOSTILE]
    data["required_documents"] = [{"name": HOSTILE, "note": HOSTILE}]
    data["fees"]["items"][0]["label"] = HOSTILE
    data["fees"]["note"] = HOSTILE
    data["legal_basis"] = [{"title": HOSTILE, "url": JS_URL}]
    data["forms"] = [{"title": HOSTILE, "url": " " + JS_URL}]
    data["online_service"] = {"url": JS_URL, "label": HOSTILE}
    data["appointment_url"] = "JAVASCRIPT:alert(1)"
    service.upcoming = [Announcement(dt.date(2027, 1, 1), HOSTILE)]
    department = published.departments["steueramt"]
    department["name"] = HOSTILE
    department["website"] = JS_URL
    department["appointment_url"] = "data:text/html,<script>alert(1)</script>"
    place = published.locations["steueramt"]
    place["name"] = HOSTILE
    place["alternate_names"] = [HOSTILE]
    place["website"] = JS_URL
    place["appointment_url"] = "data:text/html,<script>alert(1)</script>"
    place["opening_hours"]["notes"] = [HOSTILE]
    place["opening_hours"]["exceptions"] = [{"from": "2027-01-01", "closed": True, "note": HOSTILE}]
    place["accessibility"]["notes"] = HOSTILE
    data["fees"]["items"].append({"label": HOSTILE, "text": HOSTILE, "per": HOSTILE})
    data["fees"]["text"] = HOSTILE
    published.life_situations[1]["title"] = HOSTILE
    published.life_situations[1]["summary"] = HOSTILE
    return published


def test_hostile_strings_come_out_inert(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE, content)
    (content / "pages" / "ueber.md").write_text(
        f"---\ntitle: Über\nsummary: x\n---\n\n{HOSTILE}\n\n{JS_LINK}\n", encoding="utf-8"
    )
    output = tmp_path / "output"
    build_site(_hostile_catalogue(), output, content_root=content, extra_files={})
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(output).as_posix()
        # <title> is RCDATA: browsers show "<img …>" there as text (minify-html leaves it
        # unescaped, but always escapes "</title"), while html.parser would see tags.
        title = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
        assert title, name
        assert "</title" not in title.group(1).lower(), name
        scan = _Scan()
        scan.feed(text[: title.start(1)] + text[title.end(1) :])
        assert not scan.bad, (name, scan.bad)
        # the only scripts: search.js and the JSON-LD data block
        for attrs in scan.scripts:
            assert attrs.get("src") == "/theme/js/search.js" or attrs.get("type") == (
                "application/ld+json"
            ), (name, attrs)
    service = (output / "leistungen" / "hund-anmelden" / "index.html").read_text()
    assert "&lt;script>alert(1)&lt;/script>" in service  # shown as text, not run
    ld = service.split("<script type=application/ld+json>")[1].split("</script>")[0]
    assert "<" not in ld and "\\u003cscript\\u003e" in ld


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        (SCRIPT, "<script"),
        (IMG, "<img"),
        (JS_LINK, "javascript"),
        ("[x](java&#115;cript:alert(1))", "href"),
        ("[x](//evil.example/)", "href"),
        ("[x](http://plain.example/)", "href"),
        ("<a href='https://ok.example' onclick='x()'>a</a>", "<a"),
        ("![i](https://tracker.example/p.png)", "<img"),
    ],
)
def test_markdown_never_produces_raw_html_or_script_links(text, forbidden):
    assert forbidden not in render(text)


def test_markdown_keeps_safe_links():
    html = render("[a](https://x.example/) [b](mailto:a@x.example) [c](tel:+491) [d](/a-z/)")
    for href in ("https://x.example/", "mailto:a@x.example", "tel:+491", "/a-z/"):
        assert f'href="{href}"' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("mailto:a@b.example", "mailto:a@b.example"),
        ("/a-z/", "/a-z/"),
        ("javascript:alert(1)", "#"),
        (" JaVaScript:alert(1)", "#"),
        ("data:text/html,x", "#"),
        ("http://a.example", "#"),
        ("//evil.example", "#"),
        ("/\\evil.example", "#"),
        ("/\t/evil.example", "#"),
        ("", "#"),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("summary: Wer in", "summary: <script>alert(1)</script> Wer in", "summary"),
        ("https://service.musterstadt.example/hund-anmelden", JS_URL, "online_service.url"),
        (
            "Sie haben einen Hund?",
            "Sie haben einen Hund? <img src=x onerror=alert(1)>",
            "easy_language",
        ),
        ("Hundemarke.\n", "Hundemarke. [x](javascript:alert(1))\n", "description"),
    ],
)
def test_validation_rejects_the_hostile_record(tmp_path, old, new, field):
    content = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE, content)
    path = content / "services" / "hund-anmelden.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = [p for p in validate(content).errors if p.path.endswith("hund-anmelden.yaml")]
    assert field in {p.field for p in errors}
