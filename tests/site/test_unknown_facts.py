"""Unknown is not none: a page, the open data and JSON-LD claim only what the record says,
and check and report show the gaps to the department."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from catalogue.checks.run import check
from catalogue.editorial.review_report import review_report
from tests.conftest import SITE_FIXTURE, SITE_TODAY, build_fixture


def _drop(path: Path, *keys: str) -> None:
    """Remove top-level KEYS (with their indented blocks) from the YAML file at PATH."""
    out, skipping = [], False
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = any(line.startswith(f"{key}:") for key in keys)
        if not skipping:
            out.append(line)
    path.write_text("".join(out), encoding="utf-8")


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalogue with facts left out: hund-anmelden without documents, fees,
    audiences and review date; the Steueramt's location without opening hours and step-free
    access (the fixture's Bürgerbüro Nord does not say whether it has a lift)."""
    root = tmp_path_factory.mktemp("gaps") / "content"
    shutil.copytree(SITE_FIXTURE, root)
    _drop(root / "services" / "hund-anmelden.yaml", "required_documents", "fees", "audiences")
    _drop(root / "services" / "hund-anmelden.yaml", "last_reviewed")
    for version in (root / "services").glob("hund-anmelden@*.yaml"):
        version.unlink()
    steueramt = root / "locations" / "steueramt.yaml"
    _drop(steueramt, "opening_hours")
    steueramt.write_text(steueramt.read_text("utf-8").replace("  step_free: false\n", ""), "utf-8")
    return root


@pytest.fixture(scope="module")
def site(gaps: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("out") / "output", root=gaps)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_page_says_what_is_unknown_and_whom_to_ask(site: Path) -> None:
    html = (site / "leistungen" / "hund-anmelden" / "index.html").read_text("utf-8")
    text = _text(html)
    assert "keine Unterlagen" not in text and "kostenlos" not in text
    assert "Welche Unterlagen Sie brauchen, ist hier noch nicht eingetragen." in text
    assert "Was die Leistung kostet, ist hier noch nicht eingetragen." in text
    assert "Bitte fragen Sie nach bei: Steueramt , Telefon +49 123 456-2200" in text
    assert "Die Leistung richtet sich an" not in text
    assert "Diese Angaben hat die zuständige Stelle noch nicht geprüft." in text
    assert "Zuletzt geprüft am" not in text
    # the department's hours and step-free access are unknown, not "nein" or an empty table
    assert "Die Öffnungszeiten sind hier noch nicht eingetragen." in text
    assert "Stufenloser Zugang: unbekannt" in text and "Aufzug: nein" in text
    assert "Stufenloser Zugang: nein" not in text
    ld = json.loads(re.search(r'<script type="?application/ld\+json"?>(.*?)</script>', html)[1])
    assert "dateModified" not in ld and ld["audience"] == []


def test_none_is_said_where_the_record_says_so(site: Path) -> None:
    text = _text((site / "leistungen" / "fuehrungszeugnis-beantragen" / "index.html").read_text())
    assert "Sie brauchen keine Unterlagen." in text
    text = _text((site / "leistungen" / "wohnsitz-ummelden" / "index.html").read_text())
    assert "Diese Leistung ist kostenlos." in text


def test_open_data_claims_nothing_the_record_does_not_say(site: Path) -> None:
    data = json.loads((site / "daten" / "leistungen.json").read_text("utf-8"))
    dog = next(s for s in data["services"] if s["id"] == "hund-anmelden")
    for key in ("required_documents", "fees", "audiences", "last_reviewed"):
        assert key not in dog
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO((site / "daten" / "leistungen.csv").read_text()))
    }
    assert rows["hund-anmelden"]["fees"] == "" and rows["hund-anmelden"]["required_documents"] == ""
    assert rows["fuehrungszeugnis-beantragen"]["required_documents"] == "keine"
    assert rows["wohnsitz-ummelden"]["fees"] == "kostenlos"


def test_check_warns_about_each_missing_fact(gaps: Path) -> None:
    result = check(gaps, SITE_TODAY)
    found = sorted(
        (p.path.split("content/")[-1], p.field, p.severity, p.code)
        for p in result.problems
        if p.code in ("incomplete", "unreviewed")
    )
    assert found == [
        ("locations/buergerbuero-nord.yaml", "accessibility.lift", "warning", "incomplete"),
        ("locations/steueramt.yaml", "accessibility.step_free", "warning", "incomplete"),
        ("locations/steueramt.yaml", "opening_hours", "warning", "incomplete"),
        ("services/hund-anmelden.yaml", "audiences", "warning", "incomplete"),
        ("services/hund-anmelden.yaml", "fees", "warning", "incomplete"),
        ("services/hund-anmelden.yaml", "last_reviewed", "warning", "unreviewed"),
        ("services/hund-anmelden.yaml", "required_documents", "warning", "incomplete"),
    ]
    fees = next(p for p in result.problems if p.field == "fees")
    assert fees.message == (
        "Fehlende Angabe: Kosten unbekannt: tragen Sie sie ein, oder {free: true} für kostenlos"
    )


def test_site_yaml_can_make_them_errors_for_check_but_not_for_build(gaps: Path, tmp_path) -> None:
    root = tmp_path / "content"
    shutil.copytree(gaps, root)
    site = root / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("completeness: warning", "completeness: error"))
    gaps_of = lambda problems: [p for p in problems if p.code in ("incomplete", "unreviewed")]  # noqa: E731
    result = check(root, SITE_TODAY)
    assert len(gaps_of(result.errors)) == 7 and not gaps_of(result.warnings)
    built = check(root, SITE_TODAY, "build")
    assert not gaps_of(built.errors) and len(gaps_of(built.warnings)) == 7


def test_report_lists_incomplete_and_unreviewed_records_per_department(gaps: Path) -> None:
    text = review_report(check(gaps, SITE_TODAY).catalogue, dt.date(2026, 3, 12), "text")
    assert "Steueramt (steueramt@musterstadt.example, +49 123 456-2200)" in text
    assert "  - noch nicht geprüft: Hund anmelden (" in text
    assert "  - unvollständig (Unterlagen, Kosten, Zielgruppe): Hund anmelden (" in text
    rows = json.loads(review_report(check(gaps, SITE_TODAY).catalogue, SITE_TODAY, "json"))
    states = {(r["service"], r["status"], r["missing"]) for r in rows["items"]}
    assert ("hund-anmelden", "incomplete", "Unterlagen, Kosten, Zielgruppe") in states
