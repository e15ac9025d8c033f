"""build.py linkcheck: check every external URL in the records, concurrently, with a result cache."""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from catalogue.checks import reporter
from catalogue.checks.rules import LINK_TARGETS, MARKDOWN_FIELDS, MARKDOWN_LISTS
from catalogue.model import ERROR, WARNING, Catalogue, Problem, Record
from catalogue.records.loader import load_catalogue
from catalogue.records.yamlsafe import dotted

USER_AGENT = "servicekatalog-linkcheck/1.0 (+https://servicekatalog.example)"
MAX_REDIRECTS = 10
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REASONS = {
    400: "ungültige Anfrage",
    401: "Anmeldung nötig",
    403: "Zugriff verweigert",
    404: "nicht gefunden",
    410: "entfernt",
    429: "zu viele Anfragen",
    500: "Serverfehler",
    502: "Gateway-Fehler",
    503: "Dienst nicht verfügbar",
    504: "Gateway-Zeitüberschreitung",
}
SERVICE_URLS = (("online_service", "url"), ("appointment_url",), ("source", "url"))
SERVICE_URL_LISTS = ("forms", "legal_basis", "links")
DEPARTMENT_URLS = (("website",), ("appointment_url",))


@dataclass(frozen=True, order=True)
class Use:
    """Where a URL stands: file, line and field."""

    path: str
    line: int
    field: str


@dataclass
class LinkResult:
    """The outcome for one URL; a permanent redirect is ok but names the new address."""

    url: str
    ok: bool
    code: int | None = None
    message: str = ""  # why it is broken, in German
    moved_to: str | None = None  # where a permanent redirect (301/308) ends
    checked: float = 0.0  # time.time() of the check, for the cache


def checkable(url: str) -> bool:
    """https links; plain http only on this machine (for tests; records only allow https)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)


def collect_links(catalogue: Catalogue) -> dict[str, list[Use]]:
    """Every checkable URL in services, version files, departments and locations, with where
    it stands."""
    links: dict[str, list[Use]] = {}
    records = [
        *catalogue.services.values(),
        *catalogue.departments.values(),
        *catalogue.locations.values(),
    ]
    for versions in catalogue.versions.values():
        records.extend(versions)
    for record in sorted(records, key=lambda r: r.rel):
        for path, url in _record_urls(record):
            if checkable(url):
                links.setdefault(url, []).append(
                    Use(record.rel, record.line_of(path), dotted(path))
                )
    return links


def _record_urls(record: Record) -> Iterator[tuple[tuple, str]]:
    data = record.data
    if not isinstance(data, dict):
        return
    if record.kind in ("department", "location"):
        yield from _values(data, DEPARTMENT_URLS)
        return
    yield from _values(data, SERVICE_URLS)
    for key in SERVICE_URL_LISTS:
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                yield (key, i, "url"), item["url"]
    texts: list[tuple[tuple, Any]] = [((k,), data.get(k)) for k in MARKDOWN_FIELDS]
    for key in MARKDOWN_LISTS:
        items = data.get(key)
        texts += [((key, i), t) for i, t in enumerate(items if isinstance(items, list) else [])]
    for path, text in texts:
        if isinstance(text, str):
            for match in LINK_TARGETS.finditer(text):
                yield path, next(g for g in match.groups() if g is not None)


def _values(data: dict, paths: Iterable[tuple]) -> Iterator[tuple[tuple, str]]:
    for path in paths:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            yield path, value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back as a response, so the checker sees each hop."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class LinkChecker:
    """HEAD (GET as fallback) each URL with timeouts, retries and backoff; follows redirects."""

    def __init__(
        self, timeout: float = 10.0, retries: int = 2, backoff: float = 0.5, workers: int = 8
    ) -> None:
        self.timeout, self.retries, self.backoff, self.workers = timeout, retries, backoff, workers
        self._opener = urllib.request.build_opener(_NoRedirect())

    def check_all(
        self,
        urls: Iterable[str],
        cache: Path | None = None,
        max_age_hours: float = 24.0,
        now: float | None = None,
    ) -> tuple[dict[str, LinkResult], int]:
        """Results for URLS and how many came from CACHE (entries younger than MAX_AGE_HOURS)."""
        now = time.time() if now is None else now
        known = _read_cache(cache)
        results: dict[str, LinkResult] = {}
        todo = []
        for url in sorted(set(urls)):
            hit = known.get(url)
            if hit is not None and 0 <= now - hit.checked < max_age_hours * 3600:
                results[url] = hit
            else:
                todo.append(url)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for result in pool.map(self.check, todo):
                result.checked = now
                results[result.url] = known[result.url] = result
        if cache is not None:
            _write_cache(cache, known)
        return results, len(results) - len(todo)

    def check(self, url: str) -> LinkResult:
        """Follow URL hop by hop; report loops, broken targets and where permanent moves end."""
        seen: list[str] = []
        current, moved_to, permanent_chain = url, None, True
        for _ in range(MAX_REDIRECTS + 1):
            if current in seen:
                return LinkResult(
                    url, False, None, "leitet im Kreis weiter (Weiterleitungsschleife)"
                )
            seen.append(current)
            if not checkable(current):
                return LinkResult(
                    url, False, None, f"leitet auf eine unsichere Adresse um: {current}"
                )
            code, location, error, attempts = self._fetch(current)
            if error:
                return LinkResult(url, False, None, error)
            if code in REDIRECTS and location:
                target = urljoin(current, location)
                permanent_chain = permanent_chain and code in PERMANENT
                if permanent_chain:
                    moved_to = target
                current = target
                continue
            if code < 400:
                return LinkResult(url, True, code, moved_to=moved_to)
            reason = REASONS.get(code) or _phrase(code)
            tries = f", auch nach {attempts} Versuchen" if attempts > 1 else ""
            return LinkResult(url, False, code, f"HTTP {code} {reason}{tries}")
        return LinkResult(url, False, None, f"mehr als {MAX_REDIRECTS} Weiterleitungen")

    def _fetch(self, url: str) -> tuple[int, str | None, str | None, int]:
        """(status, Location, error, attempts): HEAD, then GET if HEAD fails; retries 5xx/timeouts."""
        code, location, error = 0, None, None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                code, location = self._request(url, "HEAD")
                if code >= 400:
                    code, location = self._request(url, "GET")
                error = None
            except TimeoutError:
                error = f"keine Antwort innerhalb von {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    error = f"keine Antwort innerhalb von {self.timeout:g} s"
                else:
                    return 0, None, f"Server nicht erreichbar ({exc.reason})", attempt + 1
            except (OSError, http.client.HTTPException, ValueError) as exc:
                error = f"Verbindung fehlgeschlagen ({exc.__class__.__name__}: {exc})"
            transient = error is not None or code >= 500 or code == 429
            if not transient:
                break
        if error and self.retries:
            error += f", auch nach {self.retries + 1} Versuchen"
        return code, location, error, attempt + 1

    def _request(self, url: str, method: str) -> tuple[int, str | None]:
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx
            with exc:
                return exc.code, exc.headers.get("Location")


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "unbekannter Status"


def _read_cache(cache: Path | None) -> dict[str, LinkResult]:
    if cache is None or not cache.is_file():
        return {}
    try:
        entries = json.loads(cache.read_text(encoding="utf-8"))["results"]
        return {url: LinkResult(**entry) for url, entry in entries.items()}
    except (ValueError, KeyError, TypeError, OSError):
        return {}  # a damaged cache is only a cache: check again


def _write_cache(cache: Path, results: dict[str, LinkResult]) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    payload = {"version": 1, "results": {u: asdict(r) for u, r in sorted(results.items())}}
    tmp = cache.with_name(cache.name + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(cache)


def link_problems(
    links: dict[str, list[Use]], results: dict[str, LinkResult], strict: bool = False
) -> list[Problem]:
    """One problem per use of a broken or permanently moved URL; STRICT makes broken ones errors."""
    problems = []
    for url, uses in links.items():
        result = results[url]
        if not result.ok:
            message = f"Der Link {url} funktioniert nicht: {result.message}. Prüfen Sie die Adresse und ersetzen Sie sie."
            severity, code = (ERROR if strict else WARNING), "link-broken"
        elif result.moved_to:
            message = f"Der Link {url} ist dauerhaft umgezogen nach {result.moved_to}. Ersetzen Sie ihn durch die neue Adresse."
            severity, code = WARNING, "link-moved"
        else:
            continue
        problems += [Problem(u.path, u.line, u.field, message, severity, code) for u in uses]
    return sorted(problems)


def run_linkcheck(root: Path, args: argparse.Namespace) -> int:
    """Check all links of the catalogue at ROOT; exit 1 only with --strict and a broken link."""
    catalogue, _ = load_catalogue(root)  # invalid records are validate's business, not ours
    links = collect_links(catalogue)
    checker = LinkChecker(timeout=args.timeout)
    results, cached = checker.check_all(links, args.cache, args.max_age)
    problems = link_problems(links, results, args.strict)
    sys.stdout.write(reporter.render(problems, len(catalogue.all_records()), args.format))
    broken = sum(1 for r in results.values() if not r.ok)
    moved = sum(1 for r in results.values() if r.ok and r.moved_to)
    print(
        f"{len(results)} Links geprüft ({cached} aus dem Zwischenspeicher {args.cache}): "
        f"{broken} defekt, {moved} dauerhaft umgezogen.",
        file=sys.stderr,
    )
    return 1 if any(p.severity == ERROR for p in problems) else 0
