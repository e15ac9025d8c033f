"""Reflow at 320 CSS px (WCAG 1.4.10) and target size (WCAG 2.2 SC 2.5.8) on every page."""

from __future__ import annotations

import pytest

from .checks import report

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_at_320px(mobile_audit):
    if mobile_audit.overflow:
        pytest.fail(report(mobile_audit.overflow), pytrace=False)


def test_no_page_scrolls_sideways_at_1280px(desktop_audit):
    if desktop_audit.overflow:
        pytest.fail(report(desktop_audit.overflow), pytrace=False)


def test_every_target_is_24px_or_excepted_on_a_phone(mobile_audit):
    if mobile_audit.targets:
        pytest.fail(report(mobile_audit.targets), pytrace=False)


def test_every_target_is_24px_or_excepted_on_desktop(desktop_audit):
    if desktop_audit.targets:
        pytest.fail(report(desktop_audit.targets), pytrace=False)
