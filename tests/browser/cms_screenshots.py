"""Screenshots of the editing interface for README and CONTRIBUTING (`make screenshots`).

Usage: python tests/browser/cms_screenshots.py [--out DIR]

Runs `build.py edit` on a throwaway clone of this repository (tests/browser/editing.py),
saves one change as a draft so that the review board has an entry, and writes
cms-list.png (the list of services), cms-form.png (a service form with the preview) and
cms-board.png (the review board, "Arbeitsablauf") into docs/screenshots/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser.editing import editing
from tests.browser.site import CHROMIUM_MISSING, PROJECT, TODAY, chromium_available, launch

VIEWPORT = {"width": 1280, "height": 800}


def take(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        editing(Path(tmp)) as (_, origin, _process),
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.clock.install(time=dt.datetime.fromisoformat(TODAY).replace(hour=12))
        page.clock.resume()
        page.on("dialog", lambda d: d.accept())
        page.goto(origin + "/admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Hund anmelden (Hundesteuer)", exact=True).first.wait_for()
        written.append(out / "cms-list.png")
        page.screenshot(path=written[-1], animations="disabled", caret="hide")
        page.get_by_text("Hund anmelden (Hundesteuer)", exact=True).first.click()
        amount = page.locator("input[type=number]").first
        amount.fill("108")
        page.get_by_role("button", name="Set last_reviewed to now").click()
        page.get_by_role("button", name="Speichern").click()
        page.get_by_role("button", name="Status: Entwurf").wait_for()
        page.locator("input[type=number]").first.scroll_into_view_if_needed()
        time.sleep(0.5)
        written.append(out / "cms-form.png")
        page.screenshot(path=written[-1], animations="disabled", caret="hide")
        page.goto(origin + "/admin/#/workflow")
        page.get_by_text("Hund anmelden (Hundesteuer)").first.wait_for()
        time.sleep(0.5)
        written.append(out / "cms-board.png")
        page.screenshot(path=written[-1], animations="disabled", caret="hide")
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not chromium_available():
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 2
    for path in take(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
