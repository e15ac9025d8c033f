"""axe-core (WCAG 2.0/2.1 A+AA and 2.2 AA rules) finds nothing on any page, desktop or phone."""

from __future__ import annotations

import pytest

from .checks import report

pytestmark = pytest.mark.browser


def test_the_crawl_visits_every_page_of_the_site(desktop_audit, mobile_audit, pages):
    assert len(pages) >= 60, pages  # the sample catalogue: services, topics, offices, lists
    assert "/leistungen/hund-anmelden/" in pages and "/404.html" in pages
    assert desktop_audit.visited == mobile_audit.visited == len(pages)


def test_axe_finds_no_violation_on_any_page_at_1280x800(desktop_audit):
    if desktop_audit.axe:
        pytest.fail(report(desktop_audit.axe), pytrace=False)


def test_axe_finds_no_violation_on_any_page_at_320x640_mobile(mobile_audit):
    if mobile_audit.axe:
        pytest.fail(report(mobile_audit.axe), pytrace=False)
