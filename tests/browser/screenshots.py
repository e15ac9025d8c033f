"""Screenshots of the built site in headless Chromium, for the README (`make screenshots`).

Usage: python tests/browser/screenshots.py [--site DIR] [--out DIR] [--page NAME=PATH …]

Without --site it builds the sample catalogue (content/, --today 2026-11-22) into a
temporary folder first. It serves the site on 127.0.0.1 under the same CSP as the
browser tests and writes full-page PNGs NAME-desktop.png (1280 px wide) and
NAME-phone.png (375 px wide, touch, mobile emulation) into docs/screenshots/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser.site import (
    CHROMIUM_MISSING,
    LAUNCH_ARGS,
    PROJECT,
    build_sample_site,
    chromium_available,
    launch,
    serve,
)

PAGES = {
    "home": "/",
    "lebenslage": "/lebenslagen/tiere/",
    "leistung": "/leistungen/hund-anmelden/",
}
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 375, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 1,  # 1:1 CSS pixels keeps the PNGs small for the repository
    },
}


def take(site: Path, out: Path, pages: dict[str, str] | None = None) -> list[Path]:
    """Write one full-page PNG per page (PAGES, default the README's) and viewport into OUT."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as origin, sync_playwright() as playwright:
        browser = launch(playwright)
        for width_name, options in VIEWPORTS.items():
            context = browser.new_context(**options)
            tab = context.new_page()
            for page_name, path in (pages or PAGES).items():
                response = tab.goto(origin + path, wait_until="networkidle")
                if response is None or response.status != 200:
                    raise SystemExit(f"{path}: HTTP {response and response.status}")
                target = out / f"{page_name}-{width_name}.png"
                tab.screenshot(path=target, full_page=True, animations="disabled", caret="hide")
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    parser.add_argument(
        "--page", action="append", metavar="NAME=PATH", help="instead of the README's pages"
    )
    args = parser.parse_args(argv)
    pages = dict(item.split("=", 1) for item in args.page) if args.page else None
    if not chromium_available():
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 2
    print(f"Chromium flags: {' '.join(LAUNCH_ARGS)}")
    if args.site:
        files = take(args.site, args.out, pages)
    else:
        with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
            try:
                site = build_sample_site(Path(tmp) / "output")
            except RuntimeError as error:
                print(error, file=sys.stderr)
                return 1
            files = take(site, args.out)
    for file in files:
        print(f"{file.relative_to(PROJECT) if file.is_relative_to(PROJECT) else file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
