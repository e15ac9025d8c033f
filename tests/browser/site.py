"""Build the sample site once, list its pages, serve a folder on 127.0.0.1 under a strict CSP."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

# the preview server's own handler, so the browser tests exercise the real CSP and 404 page
from plugins.servicekatalog.server import PreviewServer, SiteHandler

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22"  # fixed build date: the tests never depend on the real date
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__test__/axe.min.js"  # only this test server answers it, never the site
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: the browser tests need Debian's Chromium. "
    "Install it with `sudo apt-get install chromium` (never `playwright install`)."
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_sample_site(output: Path, today: str = TODAY) -> Path:
    """Run `build.py build` on content/ into OUTPUT; raises RuntimeError with its output on failure."""
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--today", today, "--output", output],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0 or not (output / "index.html").is_file():
        raise RuntimeError(
            f"build.py build failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return output


def page_paths(site: Path) -> list[str]:
    """URL path of every page below SITE: `a/index.html` -> `/a/`, `404.html` -> `/404.html`.

    /admin/ (the editing interface, catalogue/site/admin.py) is not a page of the site.
    """
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("admin/"):  # Decap CMS's app, not a page of the site: test_cms.py
            continue
        if rel == "index.html":
            paths.append("/")
        elif rel.endswith("/index.html"):
            paths.append("/" + rel.removesuffix("index.html"))
        else:
            paths.append("/" + rel)
    return paths


class _Handler(SiteHandler):
    """The preview server's handler (CSP, 404 page) plus the test-only axe script."""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == AXE_URL_PATH:
            body = AXE_JS.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve FOLDER on 127.0.0.1 (free port) in a daemon thread; yields the origin URL."""
    server = PreviewServer(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def chromium_available() -> bool:
    return CHROMIUM.is_file() and shutil.which(str(CHROMIUM)) is not None


def launch(playwright):
    """Debian's Chromium with the project's flags.

    Playwright's launch() gives every browser process a fresh, empty profile of its own
    (a new temporary --user-data-dir, deleted on close), so no state survives a session.
    """
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MOBILE = {
    "viewport": {"width": 320, "height": 640},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
