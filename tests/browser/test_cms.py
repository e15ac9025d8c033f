"""The real Decap CMS in Chromium against the real decap-server on a throwaway clone (make edit)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.editing import BASE, git
from tests.browser.editing import editing as editing_session
from tests.browser.site import PROJECT, TODAY

pytestmark = pytest.mark.usefixtures("chromium_required")


_git = git


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """`build.py edit` on a fresh clone of this repository; yields (clone, origin, branch)."""
    with editing_session(tmp_path_factory.mktemp("cms")) as (clone, origin, _):
        yield clone, origin, BASE


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


def _build_py(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _open_cms(browser, origin: str):
    """A fresh context at /admin/, signed in to decap-server, the clock at TODAY (noon UTC).

    The clock runs on from there (resume): Decap's search waits with timers of its own.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"{e} {e.stack} at {page.url}"))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("dialog", lambda d: d.accept())  # Decap asks "really publish?" with confirm()
    noon = dt.datetime.fromisoformat(TODAY).replace(hour=12, tzinfo=dt.UTC)
    page.clock.install(time=noon)
    page.clock.resume()
    page.goto(origin + "/admin/")
    page.get_by_role("button", name="Login").click()
    return context, page, problems


def _type(page, text: str) -> None:
    """Type like a person: Decap re-renders the form after each key and drops keys sent faster."""
    page.keyboard.type(text, delay=25)


def _choose(page, box: str, typed: str, option: str) -> None:
    """Keyboard only: focus the select, type, wait for the option, take it with Enter."""
    page.get_by_role("combobox", name=box).focus()
    _type(page, typed)
    page.get_by_role("option", name=option).wait_for()
    page.keyboard.press("Enter")


def _press(page, role: str, name: str, key: str = "Enter") -> None:
    page.get_by_role(role, name=name).focus()
    page.keyboard.press(key)


def _change_status(page, now: str, then: str) -> None:
    """Move the entry from status NOW to THEN with the keyboard, as an editor does.

    Right after a save Decap loads the entry again, and a status change can take seconds to
    show; a choice made while it loads is lost (seen in about one run of eight, the button
    then stays "Status: NOW"). So choose again only while the button still says NOW: what
    counts is checked in git afterwards.
    """
    current, wanted = (page.get_by_role("button", name=f"Status: {s}") for s in (now, then))
    for _ in range(3):
        page.wait_for_load_state("networkidle")
        _press(page, "button", f"Status: {now}")
        _press(page, "menuitem", then)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if wanted.count():
                return
            time.sleep(0.2)
        if not current.count():  # neither NOW nor THEN: something else went wrong
            break
    page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "cms-status.png"))
    raise AssertionError(f"status stays {now!r}, not {then!r} (screenshot cms-status.png)")


def test_create_a_service_with_the_form_move_it_to_ready_and_publish_it(editing, browser):
    clone, origin, base = editing
    context, page, problems = _open_cms(browser, origin)
    try:
        page.goto(origin + "/admin/#/collections/leistungen/new")
        # Decap saves only a changed form: an editor fills in one field and saves too early
        official = page.get_by_role("textbox", name="Amtliche Bezeichnung (optional)", exact=True)
        official.fill("Katzenanmeldung")
        _press(page, "button", "Speichern")
        page.get_by_text("Kennung ist erforderlich.").wait_for()  # Decap's German message
        time.sleep(0.5)
        # Decap refuses the save by rejecting a promise with nothing (an unhandled "undefined")
        refused = [p for p in problems if p.startswith("undefined ")]
        assert len(refused) <= 1 and len(problems) == len(refused), problems
        problems.clear()
        for box, text in (
            ("Kennung", "katze-anmelden"),
            ("Titel", "Katze anmelden"),
            ("Kurzbeschreibung", "Sie haben eine Katze? Melden Sie sie beim Steueramt an."),
        ):
            field = page.get_by_role("textbox", name=box, exact=True)
            field.fill(text)  # one input event: Decap re-renders after each key and drops some
            assert field.input_value() == text
        page.locator("[data-slate-editor]").first.focus()
        _type(page, "Wer in Musterstadt eine Katze hält, meldet sie an.")
        _choose(page, "Zielgruppen", "Bürger", "Bürgerinnen und Bürger")
        _choose(page, "Lebenslagen", "Tiere", "Tiere")
        _choose(page, "Zuständige Stelle", "Steuer", "Steueramt")
        _press(page, "switch", "Kostenlos (optional)", "Space")
        _press(page, "button", "Set last_reviewed to now")  # the date widget's "Jetzt"
        assert page.get_by_role("textbox", name="Zuletzt geprüft").input_value() == TODAY
        _press(page, "button", "Speichern")
        branch = "cms/leistungen/katze-anmelden"
        _wait_for_commit(clone, base, branch)
        # Decap's German words: Entwurf → Zur Überprüfung → Abgeschlossen (ready) → publish
        for now, then in (
            ("Entwurf", "Zur Überprüfung"),
            ("Zur Überprüfung", "Abgeschlossen"),
        ):
            _change_status(page, now, then)
            label = _git("config", f"branch.{branch}.description", cwd=clone).strip()
            assert label == {"Zur Überprüfung": "decap-cms/pending_review"}.get(
                then, "decap-cms/pending_publish"
            )
        _press(page, "button", "Veröffentlichen")
        _press(page, "menuitem", "Jetzt veröffentlichen")
        record = clone / "content" / "services" / "katze-anmelden.yaml"
        deadline = time.monotonic() + 30
        while not record.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert record.is_file(), "publishing did not merge the entry into the branch"
        assert problems == []
        checked = _build_py("check", "--today", TODAY, cwd=clone)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        page.goto(origin + "/leistungen/katze-anmelden/")  # the preview rebuilt it
        deadline = time.monotonic() + 30
        while "Katze anmelden" not in page.title() and time.monotonic() < deadline:
            time.sleep(0.5)
            page.reload()
        assert page.get_by_role("heading", level=1).inner_text() == "Katze anmelden"
    finally:
        context.close()
    assert _git("show", f"{base}:content/services/katze-anmelden.yaml", cwd=clone).startswith(
        "# yaml-language-server: $schema=../../schema/service.schema.json\nid: katze-anmelden\n"
    )


_ACTIVE = """() => {
  const el = document.activeElement;
  const label = el.getAttribute("aria-label") || el.getAttribute("title") || (el.labels && el.labels[0] &&
    el.labels[0].textContent) || (el.getAttribute("aria-labelledby") &&
    document.getElementById(el.getAttribute("aria-labelledby").split(" ")[0])?.textContent) ||
    el.textContent;
  const s = getComputedStyle(el);
  return {name: (label || "").trim(), outline: s.outlineStyle + " " + s.outlineWidth};
}"""


def test_the_main_form_controls_are_reached_with_tab_and_show_focus(editing, browser):
    _, origin, _ = editing
    context, page, problems = _open_cms(browser, origin)
    try:
        page.goto(origin + "/admin/#/collections/leistungen/new")
        page.get_by_role("textbox", name="Kennung", exact=True).focus()
        seen = [page.evaluate(_ACTIVE)]
        for _ in range(40):
            page.keyboard.press("Tab")
            seen.append(page.evaluate(_ACTIVE))
    finally:
        context.close()
    names = [stop["name"] for stop in seen]
    wanted = ["Kennung", "Titel", "Amtliche Bezeichnung (optional)", "Kurzbeschreibung"]
    wanted += ["Fett", "Zielgruppen (optional)", "Lebenslagen (optional)", "Zuständige Stelle"]
    wanted += ["Kostenlos (optional)", "posten hinzufügen", "Bearbeitungsdauer (optional)"]
    found = [name for name in names if name in wanted]
    assert list(dict.fromkeys(found)) == wanted, repr(seen)  # in order, none skipped
    for stop in seen:
        if stop["name"] in wanted:
            assert stop["outline"] == "solid 3px", stop  # admin/cms-focus.css, visible
    assert problems == []


def test_admin_has_its_own_csp_and_the_site_keeps_default_src_self(editing):
    _, origin, _ = editing
    with urllib.request.urlopen(origin + "/admin/") as answer:
        policy = answer.headers["Content-Security-Policy"]
        page = answer.read().decode()
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert re.search(r"connect-src 'self' .*http://127\.0\.0\.1:\d+", policy)
    assert policy.endswith("; frame-ancestors 'none'")  # only a header can say this
    meta = policy.removesuffix("; frame-ancestors 'none'")
    assert f'content="{meta}"' in page  # the meta tag says the rest
    with urllib.request.urlopen(origin + "/") as answer:
        assert answer.headers["Content-Security-Policy"] == "default-src 'self'"
    with urllib.request.urlopen(origin + "/admin/config.yml") as answer:
        config = answer.read().decode()
    assert "local_backend:" in config  # make edit only


def test_edit_a_fee_and_the_review_date_then_publish(editing, browser):
    clone, origin, base = editing
    before = _git("rev-parse", base, cwd=clone).strip()
    context, page, problems = _open_cms(browser, origin)
    try:
        page.get_by_text("Hund anmelden (Hundesteuer)", exact=True).first.click()
        amount = page.locator("input[type=number]").first
        amount.wait_for()
        assert amount.input_value() == "96"
        amount.focus()  # keyboard only: select the amount, type the new one
        page.keyboard.press("Control+A")
        _type(page, "108")
        _press(page, "button", "Set last_reviewed to now")  # the date widget's "Jetzt"
        assert page.get_by_role("textbox", name="Zuletzt geprüft").input_value() == TODAY
        _press(page, "button", "Speichern")
        branch = "cms/leistungen/hund-anmelden"
        _wait_for_commit(clone, base, branch)
        # decap-server checks branches out in the clone while it works: read the draft elsewhere
        draft = clone.parent / "draft"
        _git("worktree", "add", "--quiet", "--detach", str(draft), branch, cwd=clone)
        text = (draft / "content" / "services" / "hund-anmelden.yaml").read_text("utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
        check = _build_py("check", "--today", TODAY, "--changed-since", base, cwd=draft)
        assert check.returncode == 0, check.stdout + check.stderr
        diff = _build_py("diff", base, cwd=draft)
        assert [line for line in diff.stdout.splitlines() if line] == [
            "Änderungen seit redaktion: 1 Leistung.",
            "Hund anmelden (Hundesteuer) (content/services/hund-anmelden.yaml)",
            "  - Gebühren: Hund anmelden (Hundesteuer), Erster Hund 96,00 € → 108,00 €",
            "  - Geprüft: Hund anmelden (Hundesteuer), am 22.11.2026",
        ], diff.stdout  # exactly the editor's two changes: no reordering, no requoting
        _press(page, "button", "Status: Entwurf")
        _press(page, "menuitem", "Abgeschlossen")
        page.get_by_role("button", name="Status: Abgeschlossen").wait_for()
        _press(page, "button", "Veröffentlichen")
        _press(page, "menuitem", "Jetzt veröffentlichen")
        deadline = time.monotonic() + 30
        while _git("rev-parse", base, cwd=clone).strip() == before:
            assert time.monotonic() < deadline, "publishing did not merge the entry"
            time.sleep(0.2)
        assert problems == []
    finally:
        context.close()
    merged = _git("show", f"{base}:content/services/hund-anmelden.yaml", cwd=clone)
    assert merged == text


def test_ctrl_c_stops_decap_server_and_the_preview(tmp_path):
    """SIGINT, as a terminal's Ctrl-C sends it to `make edit`: both servers stop, ports free."""
    import signal
    import socket

    with editing_session(tmp_path) as (_, origin, process):
        port = int(origin.rsplit(":", 1)[1])
        log = (tmp_path / "edit.log").read_text()
        cms_port = int(re.search(r"127\.0\.0\.1:(\d+)/api/v1", log).group(1))
        pid = process.pid
        os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            busy = []
            for number in (port, cms_port):
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", number)) == 0:
                        busy.append(number)
            if not busy:
                break
            time.sleep(0.2)
        assert busy == [], f"still listening after Ctrl-C: {busy}"
        assert process.wait(timeout=15) is not None
