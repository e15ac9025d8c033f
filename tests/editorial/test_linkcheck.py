"""build.py linkcheck against a local HTTP server on 127.0.0.1; no test touches the internet."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalogue.editorial.linkcheck import LinkChecker, checkable, collect_links, link_problems
from catalogue.records.loader import load_catalogue
from tests.helpers import copy_fixture, run_build

REDIRECTS = {
    "/moved": (301, "/ok"),
    "/moved-twice": (308, "/moved"),
    "/temporary": (302, "/ok"),
    "/moved-then-temporary": (301, "/temporary"),
    "/moved-to-missing": (301, "/missing"),
    "/loop-a": (302, "/loop-b"),
    "/loop-b": (302, "/loop-a"),
}


class Handler(BaseHTTPRequestHandler):
    """200, 301/308/302, 404, 500, 503-then-200, HEAD refused, slow, and a redirect loop."""

    hits: Counter = Counter()
    stop = threading.Event()

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def respond(self, body: bool) -> None:
        path = self.path.split("?")[0]
        self.hits[(self.command, self.path)] += 1
        if path in REDIRECTS:
            code, location = REDIRECTS[path]
            return self.send(code, location=location)
        if path == "/slow":
            self.stop.wait(3)  # far beyond the timeout; ends early when the test stops
            return self.send(200, body=body)
        if path == "/delay":
            time.sleep(0.4)
            return self.send(200, body=body)
        if path == "/flaky":
            code = 503 if self.hits[(self.command, self.path)] == 1 else 200
            return self.send(code, body=body)
        if path == "/no-head":
            return self.send(405 if self.command == "HEAD" else 200, body=body)
        codes = {"/ok": 200, "/missing": 404, "/error": 500}
        self.send(codes.get(path, 404), body=body)

    def send(self, code: int, location: str | None = None, body: bool = False) -> None:
        try:
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "2" if body else "0")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")
        except OSError:
            pass  # the client gave up (timeout); nothing to answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server():
    Handler.hits = Counter()
    Handler.stop = threading.Event()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.stop.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def checker(**kwargs) -> LinkChecker:
    kwargs.setdefault("timeout", 0.5)
    kwargs.setdefault("backoff", 0.01)
    return LinkChecker(**kwargs)


def test_ok_and_redirects(server):
    check = checker().check
    assert (check(f"{server}/ok").ok, check(f"{server}/ok").moved_to) == (True, None)
    assert check(f"{server}/temporary").moved_to is None  # temporary moves stay as they are
    for path in ("/moved", "/moved-twice"):
        result = check(server + path)
        assert (result.ok, result.code, result.moved_to) == (True, 200, f"{server}/ok")
    # The permanent part of a chain is what the record should say.
    assert check(f"{server}/moved-then-temporary").moved_to == f"{server}/temporary"


def test_broken_links(server):
    check = checker(retries=2).check
    missing = check(f"{server}/missing")
    assert (missing.ok, missing.code, missing.message) == (False, 404, "HTTP 404 nicht gefunden")
    assert check(f"{server}/moved-to-missing").message == "HTTP 404 nicht gefunden"
    error = check(f"{server}/error")
    assert (error.ok, error.message) == (False, "HTTP 500 Serverfehler, auch nach 3 Versuchen")
    assert Handler.hits[("GET", "/error")] == 3  # retried, each time HEAD then GET
    loop = check(f"{server}/loop-a")
    assert (loop.ok, loop.message) == (False, "leitet im Kreis weiter (Weiterleitungsschleife)")


def test_timeout_is_retried_then_reported(server):
    start = time.perf_counter()
    result = checker(timeout=0.3, retries=1).check(f"{server}/slow")
    elapsed = time.perf_counter() - start
    assert (result.ok, result.message) == (
        False,
        "keine Antwort innerhalb von 0.3 s, auch nach 2 Versuchen",
    )
    assert Handler.hits[("HEAD", "/slow")] == 2
    assert elapsed < 2.0


def test_retry_recovers_and_get_replaces_a_refused_head(server):
    assert checker(retries=1).check(f"{server}/flaky").ok
    assert checker(retries=0).check(f"{server}/no-head").ok
    assert Handler.hits[("GET", "/no-head")] == 1


def test_unreachable_server_and_insecure_schemes():
    result = checker(retries=0).check("http://127.0.0.1:9/")
    assert not result.ok and result.message.startswith("Server nicht erreichbar")
    assert checkable("https://www.musterstadt.example/")
    assert not checkable("http://www.musterstadt.example/")  # production stays https-only
    assert checkable("http://127.0.0.1:8000/")


def test_concurrent(server):
    urls = [f"{server}/delay?{i}" for i in range(8)]
    start = time.perf_counter()
    results, cached = checker(workers=8).check_all(urls)
    elapsed = time.perf_counter() - start
    assert all(r.ok for r in results.values()) and cached == 0
    assert elapsed < 2.0  # one after the other would take 8 × 0.4 s = 3.2 s


def test_cache_has_a_max_age(server, tmp_path):
    cache = tmp_path / "links.json"
    urls = [f"{server}/ok", f"{server}/missing"]
    first, cached = checker().check_all(urls, cache, 24, now=1_000_000.0)
    assert cached == 0 and Handler.hits[("HEAD", "/ok")] == 1
    again, cached = checker().check_all(urls, cache, 24, now=1_000_000.0 + 23 * 3600)
    assert cached == 2 and Handler.hits[("HEAD", "/ok")] == 1
    assert again[f"{server}/missing"].message == "HTTP 404 nicht gefunden"
    _, cached = checker().check_all(urls, cache, 24, now=1_000_000.0 + 25 * 3600)
    assert cached == 0 and Handler.hits[("HEAD", "/ok")] == 2
    assert json.loads(cache.read_text())["results"][f"{server}/ok"]["code"] == 200


def put_links(root, server: str) -> None:
    """Point the fixture's links at the local server (loopback http, so not valid records)."""
    path = root / "services" / "wohnsitz-anmelden.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("https://service.musterstadt.example/anmeldung", f"{server}/missing")
    text = text.replace(
        "description: Sie melden sich im Bürgerbüro oder online an.",
        f"description: Sie melden sich im Bürgerbüro oder [online]({server}/moved) an.",
    )
    text += f"forms:\n  - title: Anmeldeformular\n    url: {server}/ok\n"
    path.write_text(text, encoding="utf-8")
    dept = root / "departments" / "buergerbuero.yaml"
    text = dept.read_text(encoding="utf-8")
    dept.write_text(
        text.replace("https://www.musterstadt.example/buergerbuero", f"{server}/loop-a"),
        encoding="utf-8",
    )


def test_collect_links_with_file_line_and_field(server, tmp_path):
    root = copy_fixture(tmp_path)
    put_links(root, server)
    catalogue, _ = load_catalogue(root)
    links = collect_links(catalogue)
    dept = str(root / "departments" / "buergerbuero.yaml")
    service = str(root / "services" / "wohnsitz-anmelden.yaml")
    assert {
        url.removeprefix(server): [(u.path, u.line, u.field) for u in uses]
        for url, uses in links.items()
    } == {
        "/loop-a": [(dept, 6, "website")],
        "/missing": [(service, 17, "online_service.url")],
        "/moved": [(service, 5, "description")],
        "/ok": [(service, 22, "forms[0].url")],
    }
    results, _ = checker(retries=0).check_all(links)
    problems = link_problems(links, results, strict=True)
    assert [(p.line, p.field, p.severity, p.code) for p in problems] == [
        (6, "website", "error", "link-broken"),
        (5, "description", "warning", "link-moved"),
        (17, "online_service.url", "error", "link-broken"),
    ]
    assert problems[1].message == (
        f"Der Link {server}/moved ist dauerhaft umgezogen nach {server}/ok. "
        "Ersetzen Sie ihn durch die neue Adresse."
    )


def test_command_warns_by_default_and_fails_with_strict(server, tmp_path):
    root = copy_fixture(tmp_path)
    put_links(root, server)
    cache = ["--cache", str(tmp_path / "cache.json"), "--timeout", "2"]
    done = run_build("linkcheck", *cache, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"content/departments/buergerbuero.yaml:6: website: Warnung: Der Link {server}/loop-a "
        "funktioniert nicht: leitet im Kreis weiter (Weiterleitungsschleife). "
        "Prüfen Sie die Adresse und ersetzen Sie sie."
    )
    assert "4 Links geprüft (0 aus dem Zwischenspeicher" in done.stderr
    strict = run_build("linkcheck", "--strict", "--format", "github", *cache, cwd=tmp_path)
    assert strict.returncode == 1
    assert "4 Links geprüft (4 aus dem Zwischenspeicher" in strict.stderr
    assert strict.stdout.splitlines()[2].startswith(
        "::error file=content/services/wohnsitz-anmelden.yaml,line=17,title=online_service.url::"
        f"Der Link {server}/missing funktioniert nicht: HTTP 404 nicht gefunden."
    )
    gitlab = json.loads(run_build("linkcheck", "--format", "gitlab", *cache, cwd=tmp_path).stdout)
    assert [g["location"]["lines"]["begin"] for g in gitlab] == [6, 5, 17]
