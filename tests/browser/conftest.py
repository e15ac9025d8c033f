"""Browser fixtures: one build and one server per session, one Chromium, one context per viewport."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .checks import (
    CSP_LISTENER,
    Hygiene,
    axe_violations,
    horizontal_overflow,
    skip_link_problem,
    small_targets,
)
from .site import (
    CHROMIUM_MISSING,
    DESKTOP,
    MOBILE,
    build_sample_site,
    chromium_available,
    launch,
    page_paths,
    serve,
)

FIXTURES = Path(__file__).parent / "fixtures"
TIMINGS: dict[str, float] = {}


def pytest_report_header(config) -> str | None:
    if not chromium_available():
        return f"BROWSER TESTS WILL {'FAIL' if os.environ.get('CI') == 'true' else 'BE SKIPPED'}: {CHROMIUM_MISSING}"
    return None


def pytest_terminal_summary(terminalreporter) -> None:
    if TIMINGS:
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in TIMINGS.items())
        terminalreporter.write_line(f"browser timings: {parts}")


@pytest.fixture(scope="session")
def chromium_required() -> None:
    """Skip loudly without Chromium on a developer's machine; fail with CI=true."""
    if not chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, chromium_required) -> Path:
    """The sample catalogue (content/) built once per session with --today 2026-11-22.

    BROWSER_TEST_SITE=DIR reuses an already built site instead (for quick iterations).
    """
    if prebuilt := os.environ.get("BROWSER_TEST_SITE"):
        return Path(prebuilt)
    start = time.perf_counter()
    try:
        site = build_sample_site(tmp_path_factory.mktemp("browser-site") / "output")
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    TIMINGS["build"] = time.perf_counter() - start
    return site


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    with serve(site_dir) as origin:
        yield origin


@pytest.fixture(scope="session")
def bad_url(chromium_required):
    """The deliberately bad fixture pages, served by the same server code as the site."""
    with serve(FIXTURES) as origin:
        yield origin


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[str]:
    return page_paths(site_dir)


@pytest.fixture(scope="session")
def browser(chromium_required):
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _context(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture(scope="session")
def desktop(browser):
    context = _context(browser, **DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="session")
def mobile(browser):
    context = _context(browser, **MOBILE)
    yield context
    context.close()


@pytest.fixture(scope="session")
def nojs(browser):
    context = _context(browser, **DESKTOP, java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def page(desktop):
    """A fresh tab in the desktop context, closed after the test."""
    tab = desktop.new_page()
    yield tab
    tab.close()


@dataclass
class Audit:
    """Findings of one crawl of every page at one viewport: (page path, finding) per check."""

    axe: list[tuple[str, str]] = field(default_factory=list)
    overflow: list[tuple[str, str]] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    hygiene: list[tuple[str, str]] = field(default_factory=list)
    skip_link: list[tuple[str, str]] = field(default_factory=list)
    index_loaded: list[str] = field(default_factory=list)  # pages that fetched suche/*.json
    visited: int = 0


INDEX_FILES = re.compile(r"/suche/[^/?]+\.json(\?|$)")


def audit_page(tab, base_url: str, path: str, hygiene: Hygiene, audit: Audit) -> None:
    """Open PATH in TAB and add the findings of every per-page check to AUDIT."""
    requested: list[str] = []

    def log(request) -> None:
        requested.append(request.url)

    tab.on("request", log)
    response = tab.goto(base_url + path, wait_until="load")
    if response.status != 200:
        audit.hygiene.append((path, f"HTTP {response.status}"))
    audit.axe += [(path, v) for v in axe_violations(tab)]
    if found := horizontal_overflow(tab):
        audit.overflow.append((path, found))
    audit.targets += [(path, t) for t in small_targets(tab)]
    if problem := skip_link_problem(tab):
        audit.skip_link.append((path, problem))
    audit.hygiene += [(path, problem) for problem in hygiene.take(tab)]
    tab.remove_listener("request", log)
    if any(INDEX_FILES.search(url) for url in requested):
        audit.index_loaded.append(path)
    audit.visited += 1


def crawl(context, base_url: str, pages: list[str], name: str) -> Audit:
    start = time.perf_counter()
    tab = context.new_page()
    hygiene = Hygiene().attach(tab)
    audit = Audit()
    for path in pages:
        audit_page(tab, base_url, path, hygiene, audit)
    tab.close()
    TIMINGS[f"crawl {name} ({len(pages)} pages)"] = time.perf_counter() - start
    return audit


@pytest.fixture(scope="session")
def desktop_audit(desktop, base_url, pages) -> Audit:
    return crawl(desktop, base_url, pages, "1280x800")


@pytest.fixture(scope="session")
def mobile_audit(mobile, base_url, pages) -> Audit:
    return crawl(mobile, base_url, pages, "320x640 mobile")
