"""Run the checks in order and collect every problem: load, schema, rules, pages, videos, dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from catalogue.cache.records import RecordCache
from catalogue.cache.store import Store
from catalogue.checks.rules import check_rules
from catalogue.checks.videos import video_problems
from catalogue.model import ERROR, Catalogue, Problem
from catalogue.records.loader import load_catalogue
from catalogue.records.pages import read_pages

if TYPE_CHECKING:
    from catalogue.checks.freshness import Status


@dataclass
class Result:
    """Problems found, sorted by file and line, plus what was looked at."""

    catalogue: Catalogue
    problems: list[Problem] = field(default_factory=list)
    # check(): every valid service's freshness on the day checked, for publish() that day
    statuses: dict[str, Status] | None = None
    page_files: int = 0  # content/pages/*.md looked at

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != ERROR]

    @property
    def files(self) -> int:
        return len(self.catalogue.all_records()) + self.page_files


def validate(root: Path, cache: RecordCache | None = None, rules: Store | None = None) -> Result:
    """Schema and cross-record rules, the prose pages' names and front matter, the videos'
    files; no dates.

    CACHE: a record cache to keep using; RULES: a store of the rules' problems (check_rules).
    """
    catalogue, problems = load_catalogue(root, cache)
    problems += check_rules(catalogue, rules)
    pages = read_pages(root)
    problems += pages.problems
    problems += video_problems(catalogue, set(pages.pages))
    return Result(catalogue, sorted(set(problems)), page_files=pages.files)


def check(
    root: Path,
    today: dt.date,
    mode: str = "check",
    changed: set[str] | None = None,
    cache: RecordCache | None = None,
    rules: Store | None = None,
) -> Result:
    """validate() plus freshness on TODAY and completeness; MODE "build" turns stale, expired
    and incomplete into warnings.

    The result keeps the freshness (statuses): publish(catalogue, TODAY, statuses) reuses it.
    """
    from catalogue.checks.completeness import completeness_problems
    from catalogue.checks.freshness import (  # validate needs neither
        effective_versions,
        freshness_problems,
    )

    result = validate(root, cache, rules)
    result.statuses = effective_versions(result.catalogue, today)
    problems = freshness_problems(result.statuses, mode, changed)
    problems += completeness_problems(result.catalogue, mode)
    result.problems = sorted(set(result.problems + problems))
    return result
