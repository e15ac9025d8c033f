"""Links in a record's text: validate refuses what a browser reads as another site; the HTML agrees."""

from __future__ import annotations

import html
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalogue.checks.rules import markdown_problems
from catalogue.model import Record
from catalogue.site.markup import render, sanitise

BASE = "https://stadt.example/leistungen/hund-anmelden/"
# Written by editors or attackers; node's WHATWG URL parser says where each one leads.
ON_SITE_OR_ALLOWED = [
    "/a-z/",
    "/leistungen/hund-anmelden/#kosten",
    "#kosten",
    "https://service.example/antrag",
    "HTTPS://service.example/",
    "https:/\\service.example/",
    "mailto:buergerbuero@stadt.example",
    "tel:+49891234",
    "/%5Cevil.example/",
    "/ /evil.example",
    "/a\\b",
]
OFF_SITE = [
    "//evil.example/",
    " //evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "\\\\evil.example/",
    "/\\/evil.example/",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "<//evil.example/>",
    "</\t/evil.example>",
]
NOT_ALLOWED = [
    "http://evil.example/",
    "javascript:alert(1)",
    "data:text/html,x",
    "relative",
    "?q=1",
]
TARGETS = ON_SITE_OR_ALLOWED + OFF_SITE + NOT_ALLOWED

WHERE_JS = """
const [base, hrefs] = JSON.parse(process.argv[1]);
const out = hrefs.map((h) => {
  let absolute = true;
  try { new URL(h); } catch (e) { absolute = false; }
  const u = new URL(h, base);
  return [u.protocol, u.host, absolute];
});
process.stdout.write(JSON.stringify(out));
"""


def _where(hrefs: list[str]) -> list[tuple[str, str, bool]]:
    """(protocol, host, written absolute?) of each href on BASE, as node's URL reads it."""
    done = subprocess.run(
        ["node", "-e", WHERE_JS, json.dumps([BASE, [h.strip("<>") for h in hrefs]])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [tuple(item) for item in json.loads(done.stdout)]


def _safe(where: tuple[str, str, bool]) -> bool:
    """An https, mailto or tel link, and a relative one on the site's own host."""
    protocol, host, absolute = where
    if not absolute:
        return host == "stadt.example"
    return protocol in ("https:", "mailto:", "tel:")


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))


def _href(text: str) -> str | None:
    parser = _Hrefs()
    parser.feed(render(text))
    assert len(parser.hrefs) == 1, text
    return parser.hrefs[0]


def _refused(text: str) -> bool:
    record = Record("service", Path("x.yaml"), "x.yaml", {}, {("description",): 6})
    return any(p.code == "link" for p in markdown_problems(record, ("description",), text))


def test_node_confirms_where_the_examples_lead():
    assert all(_safe(w) for w in _where(ON_SITE_OR_ALLOWED))
    assert all(not w[2] and w[1] == "evil.example" for w in _where(OFF_SITE))


@pytest.mark.parametrize("target", ON_SITE_OR_ALLOWED)
def test_a_link_on_the_site_or_to_https_mailto_tel_is_accepted(target):
    assert not _refused(f"[x]({target})")


@pytest.mark.parametrize("target", OFF_SITE + NOT_ALLOWED)
def test_a_link_a_browser_reads_as_another_site_or_a_bad_scheme_is_refused(target):
    assert _refused(f"[x]({target})")


@pytest.mark.parametrize("target", TARGETS)
def test_what_validate_accepts_the_renderer_keeps_and_every_kept_link_is_safe(target):
    text = f"[x]({target})"
    href = _href(text)
    if not _refused(text):
        assert href is not None, f"validate accepts {target!r}, but the renderer drops it"
    if href is not None:
        [where] = _where([href])
        assert _safe(where), (target, href, where)


@pytest.mark.parametrize(
    "href", ["/\\evil.example/", "/\t/evil.example", "/\n/evil.example", "\\\\evil.example"]
)
def test_the_sanitiser_drops_a_link_a_browser_reads_as_another_host(href):
    assert "href" not in sanitise(f'<a href="{html.escape(href)}">x</a>')


@pytest.mark.parametrize(
    "text",
    [
        "[x][r]\n\n[r]: //evil.example/",
        "[x]\n\n[x]: /\\evil.example/",
        "[x][r]\n\n[r]:\n  //evil.example/",
    ],
)
def test_a_reference_link_to_another_site_is_refused_and_dropped(text):
    assert _refused(text)
    assert _href(text) is None
