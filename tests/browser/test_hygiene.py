"""No console error, page error, CSP violation or request to another host on any page."""

from __future__ import annotations

import pytest

from .checks import Hygiene, report

pytestmark = pytest.mark.browser


def test_every_page_is_clean_under_the_csp_at_1280x800(desktop_audit):
    if desktop_audit.hygiene:
        pytest.fail(report(desktop_audit.hygiene), pytrace=False)


def test_every_page_is_clean_under_the_csp_at_320x640_mobile(mobile_audit):
    if mobile_audit.hygiene:
        pytest.fail(report(mobile_audit.hygiene), pytrace=False)


def test_the_listeners_catch_inline_code_and_foreign_hosts(desktop, bad_url):
    """The CSP listener is an init script: it must run under default-src 'self' and report."""
    tab = desktop.new_page()
    hygiene = Hygiene().attach(tab)
    tab.goto(bad_url + "/csp/")
    tab.wait_for_function("() => window.__cspViolations.length >= 3")
    found = "\n".join(hygiene.take(tab))
    tab.close()
    assert "CSP violation: script-src-elem blocked inline" in found, found
    assert "CSP violation: style-src-attr blocked inline" in found, found
    assert "CSP violation: img-src blocked http://localhost:9/pixel.svg" in found, found
    assert "console error: " in found, found


def test_a_request_to_another_host_is_reported(browser, bad_url):
    """Without the CSP (bypass_csp) the image request leaves 127.0.0.1 and must be caught."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    hygiene = Hygiene().attach(tab)
    tab.goto(bad_url + "/csp/")
    found = "\n".join(hygiene.problems)
    context.close()
    assert "request to another host: http://localhost:9/pixel.svg" in found, found
