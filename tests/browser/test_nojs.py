"""Without JavaScript every page keeps its content and navigation; search falls back to A–Z."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_page_shows_heading_content_and_navigation_without_javascript(nojs, base_url, pages):
    tab = nojs.new_page()
    problems = []
    for path in pages:
        tab.goto(base_url + path)
        state = tab.evaluate(
            """() => {
              const seen = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility());
              const main = seen("main")[0];
              return {h1: seen("h1").map((e) => e.textContent.trim()).filter(Boolean).length,
                      main: main ? main.innerText.trim().length : 0,
                      nav: seen("nav a[href]").length,
                      search: seen("form[role=search] input[name=q]").length};
            }"""
        )
        if state["h1"] != 1 or state["main"] < 80 or state["nav"] < 3 or state["search"] < 1:
            problems.append(f"{path}: {state}")
    tab.close()
    assert not problems, "\n".join(problems)


def test_the_header_search_leads_to_a_search_page_that_explains_itself(nojs, base_url):
    tab = nojs.new_page()
    tab.goto(base_url + "/")
    tab.fill("#app-header-q", "Hund")
    tab.press("#app-header-q", "Enter")
    tab.wait_for_url(base_url + "/suche/?q=Hund")
    explanation = tab.locator("main").inner_text()
    fallback = tab.locator("main a[href='/a-z/']")
    visible_fallback = fallback.evaluate_all("els => els.filter(e => e.checkVisibility()).length")
    tab.close()
    assert "JavaScript" in explanation, explanation
    assert visible_fallback >= 1, explanation
