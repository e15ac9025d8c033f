"""Which link targets a record's text may have, read as a browser reads them (WHATWG URL)."""

from __future__ import annotations

# Stripped from both ends of a URL by the WHATWG URL parser: C0 controls and space.
_ENDS = "".join(map(chr, range(0x21)))
# Removed from anywhere in it: tabs and line breaks ("/<TAB>/evil.example" is "//evil.example").
_REMOVED = str.maketrans({"\t": None, "\n": None, "\r": None, "\\": "/"})
_ABSOLUTE = ("https://", "mailto:", "tel:")


def as_browser_reads(target: str) -> str:
    """TARGET as the WHATWG parser sees it on an https page: ends stripped, tabs and line
    breaks removed, backslashes read as slashes (https is a "special" scheme)."""
    return target.strip(_ENDS).translate(_REMOVED)


def link_allowed(target: str) -> bool:
    """True for https:, mailto: and tel: links and for links within the site ("/a-z/", "#x").

    A relative link must stay on the site's host: "//host", "/\\host" and "/<TAB>/host" do not.
    validate refuses what this refuses, and the sanitiser drops it from the HTML.
    """
    if target.startswith("https://"):  # the common case, without the work below
        return True
    url = as_browser_reads(target).lower()
    if url.startswith(_ABSOLUTE) or url.startswith("#"):
        return True
    return url.startswith("/") and not url.startswith("//")


def leaves_the_site(target: str) -> bool:
    """A link written as site-relative that a browser reads as another host's ("//evil")."""
    url = as_browser_reads(target)
    return url.startswith("//")
