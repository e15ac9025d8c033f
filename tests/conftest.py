"""Shared fixtures: the small fixture catalogue of tests/fixtures/site and one build of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalogue.model import PublishedCatalogue
from catalogue.records.loader import load_catalogue
from catalogue.site.publish import publish

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"
SITE_TODAY = dt.date(2026, 3, 12)


def published_fixture(root: Path = SITE_FIXTURE, today: dt.date = SITE_TODAY) -> PublishedCatalogue:
    """The fixture catalogue as published on TODAY (fails loudly if it has errors)."""
    catalogue, problems = load_catalogue(root)
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, errors
    return publish(catalogue, today)


def build_fixture(output: Path, root: Path = SITE_FIXTURE, **kwargs) -> Path:
    """Build the fixture site into OUTPUT without the search index (extra_files={})."""
    from plugins.servicekatalog.driver import build_site

    kwargs.setdefault("extra_files", {})
    build_site(published_fixture(root), output, content_root=root, **kwargs)
    return output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real Pelican build of the fixture catalogue, shared by read-only tests."""
    return build_fixture(tmp_path_factory.mktemp("site") / "output")
