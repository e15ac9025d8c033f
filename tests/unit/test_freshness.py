"""Freshness at fixed dates: due, stale, expired, superseded and scheduled versions (SPEC §4)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from catalogue.checks.freshness import add_months
from catalogue.checks.run import check
from catalogue.site.publish import publish
from tests.helpers import PROJECT, copy_fixture

VERSION = PROJECT / "tests" / "examples" / "valid" / "services" / "hund-anmelden@2027-01-01.yaml"
D = dt.date.fromisoformat


def codes(result):
    return sorted((p.path.rsplit("/", 1)[-1], p.code, p.severity) for p in result.problems)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-03-01", 12, "2027-03-01"),
        ("2026-11-30", 3, "2027-02-28"),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(D(day), months) == D(expected)


def test_fresh_catalogue_has_no_problems(tmp_path):
    assert check(copy_fixture(tmp_path), D("2026-11-22")).problems == []


def test_due_within_30_days_is_a_warning(tmp_path):
    # hund-anmelden: last_reviewed 2026-03-01 + 12 months = 2027-03-01
    result = check(copy_fixture(tmp_path), D("2027-01-30"))
    assert codes(result) == [("hund-anmelden.yaml", "due", "warning")]
    assert "am 01.03.2027 fällig" in result.problems[0].message
    assert check(copy_fixture(tmp_path / "b"), D("2027-01-29")).problems == []


def test_stale_is_an_error_for_check_and_a_warning_for_build(tmp_path):
    root = copy_fixture(tmp_path)
    stale = check(root, D("2027-03-02"))
    assert codes(stale) == [("hund-anmelden.yaml", "stale", "error")]
    assert stale.problems[0].field == "last_reviewed" and stale.problems[0].line == 18
    built = check(root, D("2027-03-02"), mode="build")
    assert codes(built) == [("hund-anmelden.yaml", "stale", "warning")]
    assert publish(built.catalogue, D("2027-03-02")).services[0].stale is True


def test_stale_outside_the_change_only_warns(tmp_path):
    root = copy_fixture(tmp_path)
    result = check(root, D("2027-03-02"), changed={"somewhere/else.yaml"})
    assert codes(result) == [("hund-anmelden.yaml", "stale", "warning")]


def test_expired_service_is_an_error_and_left_out_of_the_site(tmp_path):
    root = copy_fixture(tmp_path)
    path = root / "services" / "wohnsitz-anmelden.yaml"
    path.write_text(path.read_text() + "valid_until: 2026-12-31\n")
    assert check(root, D("2026-12-31")).problems == []  # the last day it applies
    result = check(root, D("2027-01-01"))
    assert codes(result) == [("wohnsitz-anmelden.yaml", "expired", "error")]
    assert "Löschen Sie die Datei" in result.problems[0].message
    built = check(root, D("2027-01-01"), mode="build")
    assert codes(built) == [("wohnsitz-anmelden.yaml", "expired", "warning")]
    ids = [s.id for s in publish(built.catalogue, D("2027-01-01")).services]
    assert ids == ["hund-anmelden"]


def test_a_version_is_announced_then_applies_then_the_old_file_is_reported(tmp_path):
    root = copy_fixture(tmp_path)
    shutil.copy(VERSION, root / "services" / VERSION.name)
    before = check(root, D("2026-12-31"))
    assert before.problems == []
    service = next(
        s for s in publish(before.catalogue, D("2026-12-31")).services if s.id == "hund-anmelden"
    )
    assert service.data["fees"]["items"][0]["amount"] == 96.0
    assert [(a.valid_from, a.change_note[:27]) for a in service.upcoming] == [
        (D("2027-01-01"), "Die Hundesteuer für den ers")
    ]
    after = check(root, D("2027-01-01"))
    assert codes(after) == [("hund-anmelden.yaml", "superseded", "warning")]
    assert "hund-anmelden@2027-01-01.yaml" in after.problems[0].message
    service = next(
        s for s in publish(after.catalogue, D("2027-01-01")).services if s.id == "hund-anmelden"
    )
    assert service.data["fees"]["items"][0]["amount"] == 108.0
    assert service.upcoming == []
    # the new version's own review date counts now: reviewed 2026-11-01, so fresh until 2027-11-01
    assert service.review_due == D("2027-11-01")


@pytest.mark.parametrize("day", ["2026-12-31", "2027-01-01", "2027-03-02"])
def test_publish_from_the_checks_statuses_equals_publish_alone(tmp_path, day):
    root = copy_fixture(tmp_path)
    shutil.copy(VERSION, root / "services" / VERSION.name)
    result = check(root, D(day), mode="build")
    assert result.statuses is not None
    assert publish(result.catalogue, D(day), result.statuses) == publish(result.catalogue, D(day))
