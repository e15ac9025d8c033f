"""The real Decap CMS in Chromium against the real decap-server on a throwaway clone (make edit)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from catalogue.editorial.edit import free_port
from tests.browser.site import PROJECT, TODAY

pytestmark = pytest.mark.usefixtures("chromium_required")


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """`build.py edit` on a fresh clone of this repository; yields (clone, preview origin)."""
    root = tmp_path_factory.mktemp("cms")
    clone = root / "repo"
    _git("clone", "--quiet", str(PROJECT), str(clone), cwd=root)
    _git("config", "user.email", "redaktion@musterstadt.example", cwd=clone)
    _git("config", "user.name", "Redaktion", cwd=clone)
    # decap-server names its branches cms/<collection>/<slug>: a branch called cms (as this
    # project's own work branch may be) would block them, so the clone works on its own.
    base = "redaktion"
    _git("checkout", "--quiet", "-b", base, cwd=clone)
    for name in _git("branch", "--format=%(refname:short)", cwd=clone).split():
        if name != base:
            _git("branch", "--quiet", "-D", name, cwd=clone)
    preview, cms = free_port(), free_port()
    log = (root / "edit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "edit", "--content", "content"]
        + ["--today", TODAY, "--output", str(root / "output")]
        + ["--port", str(preview), "--cms-port", str(cms)],
        cwd=clone,
        stderr=log,
    )
    origin = f"http://127.0.0.1:{preview}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(origin + "/admin/", timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (root / "edit.log").read_text()
            time.sleep(0.2)
    try:
        yield clone, origin, base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_for_commit(clone: Path, base: str, branch: str, timeout: float = 30) -> None:
    """Until decap-server has committed the entry on BRANCH (one commit on top of BASE)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = subprocess.run(
            ["git", "rev-list", "--count", f"{base}..{branch}"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip() == "1":
            return
        time.sleep(0.2)
    raise AssertionError(f"no commit on {branch} after {timeout} s")


def test_admin_has_its_own_csp_and_the_site_keeps_default_src_self(editing):
    _, origin, _ = editing
    with urllib.request.urlopen(origin + "/admin/") as answer:
        policy = answer.headers["Content-Security-Policy"]
        page = answer.read().decode()
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert re.search(r"connect-src 'self' .*http://127\.0\.0\.1:\d+", policy)
    assert policy in page.replace("&#x27;", "'")  # the meta tag says the same
    with urllib.request.urlopen(origin + "/") as answer:
        assert answer.headers["Content-Security-Policy"] == "default-src 'self'"
    with urllib.request.urlopen(origin + "/admin/config.yml") as answer:
        config = answer.read().decode()
    assert "local_backend:" in config  # make edit only


def test_edit_a_fee_in_the_form_and_save_it_as_a_draft_branch(editing, browser):
    clone, origin, base = editing
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        page.goto(origin + "/admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Hund anmelden (Hundesteuer)", exact=True).first.click()
        amount = page.locator("input[type=number]").first
        amount.wait_for()
        assert amount.input_value() == "96"
        amount.focus()  # keyboard only from here: select, type, save with the button's key
        page.keyboard.press("Control+A")
        page.keyboard.type("108")
        save = page.get_by_role("button", name="Speichern")
        save.focus()
        page.keyboard.press("Enter")
        branch = "cms/leistungen/hund-anmelden"
        _wait_for_commit(clone, base, branch)
    finally:
        context.close()
    assert errors == []
    text = _git("show", f"{branch}:content/services/hund-anmelden.yaml", cwd=clone)
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
    # decap-server checks branches out in the clone while it works: read the draft elsewhere
    draft = clone.parent / "draft"
    _git("worktree", "add", "--quiet", "--detach", str(draft), branch, cwd=clone)
    check = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "check", "--today", TODAY]
        + ["--changed-since", base],
        cwd=draft,
        capture_output=True,
        text=True,
        check=False,
    )
    diff = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "diff", base],
        cwd=draft,
        capture_output=True,
        text=True,
        check=False,
    )
    assert diff.stdout.splitlines()[-1].strip() == (
        "- Gebühren: Hund anmelden (Hundesteuer), Erster Hund 96,00 € → 108,00 €"
    ), diff.stdout
    assert "Erster Hund" in diff.stdout and "108" in diff.stdout, diff.stdout + diff.stderr
    # the fee changed without a new last_reviewed: the merge-request check says so
    assert "last_reviewed" in check.stdout, check.stdout
