"""The checks used on the site do fail on a page made deliberately bad (tests/browser/fixtures/bad)."""

from __future__ import annotations

import pytest

from .checks import (
    Hygiene,
    axe_violations,
    focus_indicator_problem,
    horizontal_overflow,
    small_targets,
    tab_through,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def bad_page(mobile, bad_url):
    tab = mobile.new_page()
    hygiene = Hygiene().attach(tab)
    tab.goto(bad_url + "/bad/")
    yield tab
    assert hygiene.take(tab) == []  # the page is bad, but not by breaking the CSP
    tab.close()


def test_axe_reports_the_missing_alt_and_the_low_contrast(bad_page):
    found = axe_violations(bad_page)
    rules = {line.split(" ", 1)[0] for line in found}
    assert {"image-alt", "color-contrast"} <= rules, found
    assert any(line.startswith("image-alt") and "img" in line for line in found), found
    assert any(line.startswith("color-contrast") and ".faint" in line for line in found), found


def test_the_reflow_check_reports_the_400px_table(bad_page):
    found = horizontal_overflow(bad_page)
    assert found is not None
    assert "table.wide" in found and "clientWidth 320" in found, found


def test_the_target_check_reports_crowded_10px_links(bad_page):
    found = small_targets(bad_page)
    assert len(found) == 2, found  # both tiny links; the sentence link is excepted
    assert all("is 10x10 and crowded by a" in line for line in found), found


def test_the_focus_check_reports_a_link_without_focus_indicator(bad_page):
    stops = {stop["href"]: stop for stop in tab_through(bad_page)}
    assert set(stops) == {"#a", "#b", "#c"}, stops
    nofocus = stops["#c"]
    assert focus_indicator_problem(nofocus["focused"], nofocus["unfocused"]) is not None
