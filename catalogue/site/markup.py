"""Markdown fields to safe HTML: one reused parser, raw HTML escaped, output sanitised."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from catalogue.checks.links import link_allowed

# What a record's Markdown may produce. Headings are demoted below the page's h1/h2.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"https", "mailto", "tel"}
HEADING_SHIFT = 2  # "# Titel" in a field becomes <h3>
LINK_REL = "noopener noreferrer"  # on every link in a record's text


class _DemoteHeadings(Treeprocessor):
    """h1 -> h3, h2 -> h4, …; never deeper than h6."""

    def __init__(self, md: markdown.Markdown, shift: int) -> None:
        super().__init__(md)
        self.shift = shift

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(6, int(element.tag[1]) + self.shift)}"


class _NoRawHtml(Extension):
    """Treat raw HTML as text: drop the block and inline HTML parsers, demote headings."""

    def __init__(self, shift: int = HEADING_SHIFT) -> None:
        super().__init__()
        self.shift = shift

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DemoteHeadings(md, self.shift), "demote_headings", 5)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep only the links validate allows (linkpolicy): never //host, /\\host or javascript:."""
    if tag == "a" and attribute == "href" and not link_allowed(value):
        return None
    return value


def safe_url(url: str | None) -> str:
    """A record's URL for an href: https:, mailto:, tel: or site-relative, else "#"."""
    value = (url or "").strip()
    if link_allowed(value) and not value.startswith("#"):
        return value
    return "#"


def sanitise(html: str) -> str:
    """Strip everything but the small allowed tag set; external links get rel=noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


# Text in which Markdown finds nothing to do: no inline markup, entity, escape, HTML, heading,
# quote, rule, numbered list, indented code or hard line break. Such text (paragraphs and
# simple "- " lists) is turned into HTML directly, as Markdown would; the parser is the
# slow part of a cold build. tests/unit/test_markup_plain.py checks both agree.
_NOT_PLAIN = re.compile(
    r"[\\`*_\[\]<>&#|!~\t\r=]|^[ +>\d]|\n[ +>\d]| \n| $|\n\n\n|^-(?! )|\n-(?! )"
)
# The two inline forms editors use most, in their simplest shape: "**Gut zu wissen:**" and
# "[Serviceportal](https://…)". Neither may hold another special character, a line break
# or the placeholders below; anything else goes to the parser.
_INLINE = r"[^\s\\`*_\[\]<>&#|!~=\ue000\ue001]"
_INLINE_RUN = r"[^\n\t\r\\`*_\[\]<>&#|!~=\ue000\ue001]"
_STRONG = re.compile(rf"\*\*({_INLINE}(?:{_INLINE_RUN}*{_INLINE})?)\*\*")
_LINK = re.compile(
    rf"\[({_INLINE}(?:{_INLINE_RUN}*{_INLINE})?)\]\((https://[^\s()<>\"'\\`*_\[\]&#|!~=\ue000\ue001]+)\)"
)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f\ue000\ue001]")  # controls, placeholders


def _plain_html(text: str) -> str | None:
    """The sanitised HTML of plain paragraphs and "- " lists, or None for anything else.

    Simple bold text and https links in them are set aside as placeholders first, and put
    back as the HTML Markdown makes of them. The result is what sanitise() makes of
    Markdown's HTML: such text has no "<", ">" or "&" and no control character, so the
    sanitiser would only add rel to the links and write no-break spaces as &nbsp;.

    Measured (issue 14, the 56,263 descriptions, steps and prerequisites of the synthetic
    10,000-service catalogue, one process): 0.65 s with this shortcut, 8.7 s through
    Python-Markdown and nh3 alone, the HTML identical; every page a cold build renders
    goes through here.
    """
    text = text.strip("\n")
    if not text or _UNSAFE.search(text):
        return None
    inline: list[str] = []

    def keep(html: str) -> str:
        inline.append(html)
        return f"\ue000{len(inline) - 1}\ue001"

    if "[" in text:
        text = _LINK.sub(lambda m: keep(f'<a href="{m[2]}" rel="{LINK_REL}">{m[1]}</a>'), text)
    if "**" in text:
        text = _STRONG.sub(lambda m: keep(f"<strong>{m[1]}</strong>"), text)
    if _NOT_PLAIN.search(text):
        return None
    blocks = []
    previous_list = False
    for block in text.split("\n\n"):
        lines = block.split("\n")
        bullets = [line.startswith("- ") for line in lines]
        if all(bullets):
            if previous_list or any(not line[2:].strip() for line in lines):
                return None  # loose lists and empty items have other HTML
            items = "\n".join(f"<li>{line[2:].strip()}</li>" for line in lines)
            blocks.append(f"<ul>\n{items}\n</ul>")
            previous_list = True
        elif any(bullets):
            return None  # a list right below a paragraph line
        else:
            blocks.append(f"<p>{block}</p>")
            previous_list = False
    html = "\n".join(blocks)
    if inline:
        html = _PLACEHOLDER.sub(lambda m: inline[int(m[1])], html)
    return html.replace("\xa0", "&nbsp;")


class Renderer:
    """Renders many Markdown fields with one parser instance (reset between fields)."""

    def __init__(self, shift: int = HEADING_SHIFT, line_breaks: bool = False) -> None:
        extensions: list = [_NoRawHtml(shift)]
        if line_breaks:  # Leichte Sprache: one sentence per line, as written
            extensions.append("nl2br")
        self._md = markdown.Markdown(extensions=extensions, output_format="html")
        self._line_breaks = line_breaks

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        return self._convert(text)

    def _convert(self, text: str) -> str:
        html = None if self._line_breaks else _plain_html(text)  # already sanitised
        if html is None:
            self._md.reset()
            html = sanitise(self._md.convert(text))
        return html

    def inline(self, text: str | None) -> str:
        """A one-paragraph field (a list item) without its <p> wrapper."""
        html = self(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html


_renderer = Renderer()
_page_renderer = Renderer(shift=0)  # prose pages: "## Titel" stays <h2> under the page's <h1>
_easy_renderer = Renderer(line_breaks=True)
_easy_page_renderer = Renderer(shift=0, line_breaks=True)


def render(text: str | None) -> str:
    """Markdown -> sanitised HTML with the module's shared parser."""
    return _renderer(text)


def render_page(text: str | None) -> str:
    """A prose page body: headings keep their level."""
    return _page_renderer(text)


def render_easy(text: str | None, page: bool = False) -> str:
    """Leichte Sprache: every line break in the text is kept as a line break."""
    return (_easy_page_renderer if page else _easy_renderer)(text)


def render_inline(text: str | None) -> str:
    """Markdown -> sanitised HTML without a lone <p> wrapper."""
    return _renderer.inline(text)
