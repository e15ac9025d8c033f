"""Every example record and page: valid ones pass, invalid ones report exactly the expected messages."""

from __future__ import annotations

import os

import pytest

from catalogue.checks.reporter import line_of
from catalogue.checks.run import validate
from tests.cases import BASE_CATALOGUE, install, load_cases

INVALID = load_cases("invalid")
VALID = load_cases("valid")


def _problems_for(root, case):
    result = validate(root)
    target = os.path.relpath(root / case.target)
    mine = [p for p in result.problems if p.path == target]
    others = [p for p in result.problems if p.path != target]
    return mine, others


def test_base_catalogue_is_clean():
    assert validate(BASE_CATALOGUE).problems == []


def test_there_are_cases_for_every_kind():
    kinds = {case.source.parent.name for case in INVALID}
    assert kinds == {
        "services",
        "departments",
        "locations",
        "life-situations",
        "pages",
        "sign-language",
        "cms",
    }
    assert len(INVALID) >= 40


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c.name)
def test_invalid_example_reports_exact_messages(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = install(case, tmp_path)
    mine, others = _problems_for(root, case)
    assert case.expected, f"{case.source} has no '# expect:' line"
    shown = [line_of(p).split(":", 1)[1].strip() for p in mine]
    assert shown == case.expected
    assert others == [], "a broken file must not cause noise in other files"


@pytest.mark.parametrize("case", VALID, ids=lambda c: c.name)
def test_valid_example_passes(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = install(case, tmp_path)
    result = validate(root)
    assert [line_of(p) for p in result.problems] == []
