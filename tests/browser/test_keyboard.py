"""Keyboard only: skip link first, every link of a service page reachable, focus always visible."""

from __future__ import annotations

import pytest

from .checks import focus_indicator_problem, report, tab_through

pytestmark = pytest.mark.browser

SERVICE = "/leistungen/hund-anmelden/"
# One page of every template; the focus styles come from one CSS file for all of them.
TEMPLATE_PAGES = [
    "/",
    "/a-z/",
    "/online/",
    "/aemter/",
    "/aemter/buergerbuero/",
    "/lebenslagen/tiere/",
    SERVICE,
    "/suche/",
    "/gebaerdensprache/",  # its videos are tab stops too
    "/404.html",
]


def test_the_template_sample_exists(pages):
    assert set(TEMPLATE_PAGES) <= set(pages), sorted(set(TEMPLATE_PAGES) - set(pages))


def test_the_skip_link_is_the_first_tab_stop_and_focuses_main_on_every_page(
    desktop_audit, mobile_audit
):
    if problems := desktop_audit.skip_link + mobile_audit.skip_link:
        pytest.fail(report(problems), pytrace=False)


@pytest.mark.parametrize("path", TEMPLATE_PAGES)
def test_focus_is_visible_on_every_tab_stop(page, base_url, path):
    page.goto(base_url + path)
    stops = tab_through(page)
    assert len(stops) >= 5, stops  # skip link, home, search field and button, navigation
    invisible = [
        f"{stop['desc']}: {problem}"
        for stop in stops
        if (problem := focus_indicator_problem(stop["focused"], stop["unfocused"]))
    ]
    assert not invisible, "\n".join(invisible)


def test_focus_is_visible_on_a_phone(mobile, base_url):
    tab = mobile.new_page()
    tab.goto(base_url + SERVICE)
    stops = tab_through(tab)
    tab.close()
    invisible = [s["desc"] for s in stops if focus_indicator_problem(s["focused"], s["unfocused"])]
    assert stops and not invisible, invisible


def test_every_link_on_a_service_page_is_a_tab_stop(page, base_url):
    page.goto(base_url + SERVICE)
    tab_through(page)
    missed = page.evaluate(
        """() => [...document.querySelectorAll("a[href], button, input, select, textarea")]
          .filter((el) => el.checkVisibility() && !window.__tabbed.includes(el))
          .map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert not missed, "\n".join(missed)
    reached = page.evaluate("() => window.__tabbed.map((el) => el.id || el.getAttribute('href'))")
    assert "app-header-q" in reached, reached  # the header search field
    assert len([r for r in reached if r and r.startswith(("/", "http", "mailto:", "tel:"))]) >= 10


def test_the_header_results_are_reachable_with_tab_and_close_with_escape(page, base_url):
    page.goto(base_url + "/")
    for _ in range(10):  # to the header search field by keyboard, as a citizen does
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "app-header-q":
            break
    else:
        pytest.fail("the header search field is not among the first ten tab stops")
    page.keyboard.type("Ausweis")
    page.locator("#app-header-results a").first.wait_for()
    results = page.locator("#app-header-results a").evaluate_all("els => els.map(e => e.href)")
    reached = []
    for _ in range(len(results) + 2):  # the field's button, then every link in the box
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.href || null"))
        if reached[-1] == results[-1]:
            break
    assert set(results) <= set(reached), (results, reached)
    page.keyboard.press("Escape")  # focus is on the last result: Escape closes, back to the field
    assert page.evaluate("() => document.activeElement.id") == "app-header-q"
    assert page.locator("#app-header-results").is_hidden()
