"""Plain data types shared by the core: records, problems and the published catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one file, written for an editor."""

    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR
    code: str = "invalid"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
            "code": self.code,
        }


@dataclass
class Record:
    """One YAML record as loaded: its data (dates stay strings) and where each value stands."""

    kind: str  # "service", "department", "life-situations", "search-synonyms", "sign-language"
    path: Path
    rel: str  # path as shown to editors, relative to the project
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)  # JSON path tuple -> 1-based line
    version_date: str | None = None  # the <date> of a <id>@<date>.yaml file
    valid: bool = True  # False once the file failed parsing or its schema
    # The file's bytes when it was valid: its lines are not kept by the record cache, but
    # worked out from these, by the same reader, only when a problem needs one (see line_of).
    source: bytes | None = field(default=None, repr=False, compare=False)
    # The digest of the file's kind and bytes (the record cache's key): what the record says,
    # and where, for the content-addressed stores (catalogue.cache.store).
    digest: bytes = field(default=b"", repr=False, compare=False)

    @property
    def id(self) -> str | None:
        if isinstance(self.data, dict) and isinstance(self.data.get("id"), str):
            return self.data["id"]
        return None

    @property
    def version_day(self) -> dt.date:
        """The <date> of a version file <id>@<date>.yaml (only asked of version files)."""
        if self.version_date is None:
            raise ValueError(f"{self.rel} is not a version file")
        return dt.date.fromisoformat(self.version_date)

    @property
    def stem_id(self) -> str:
        return self.path.stem.split("@", 1)[0]

    def line_of(self, path: tuple | list = ()) -> int:
        """Line of the deepest known node along PATH (1 if nothing is known)."""
        if not self.lines and self.source is not None:
            from catalogue.records.yamlsafe import parse_bytes  # only for a problem

            self.lines.update(parse_bytes(self.source).lines)  # kept by the record cache too
            self.source = None
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass
class Catalogue:
    """Everything under content/: current service records, version files, departments, topics."""

    root: Path
    services: dict[str, Record] = field(default_factory=dict)  # id -> current record
    versions: dict[str, list[Record]] = field(
        default_factory=dict
    )  # id -> future versions, by date
    departments: dict[str, Record] = field(default_factory=dict)
    locations: dict[str, Record] = field(default_factory=dict)  # content/locations/
    life_situations: Record | None = None
    synonyms: Record | None = None
    sign_language: Record | None = None  # content/sign-language.yaml, the videos in DGS
    cms: Record | None = None  # content/cms.yaml: the editing interface at /admin/, if any
    site: Record | None = None  # content/site.yaml: the city's identity and settings

    @property
    def settings(self) -> dict[str, Any]:
        """site.yaml's data when it is valid, else {} (its problems are reported)."""
        if self.site is not None and self.site.valid and isinstance(self.site.data, dict):
            return self.site.data
        return {}

    def all_records(self) -> list[Record]:
        out = [*self.services.values(), *self.departments.values(), *self.locations.values()]
        for versions in self.versions.values():
            out.extend(versions)
        if self.life_situations is not None:
            out.append(self.life_situations)
        if self.synonyms is not None:
            out.append(self.synonyms)
        if self.sign_language is not None:
            out.append(self.sign_language)
        if self.cms is not None:
            out.append(self.cms)
        if self.site is not None:
            out.append(self.site)
        return sorted(out, key=lambda r: r.rel)


@dataclass
class Announcement:
    """An upcoming version of a service: shown as „Ab <date>: <change_note>“."""

    valid_from: dt.date
    change_note: str


@dataclass
class PublishedService:
    """The version of a service that applies on the build date, plus what the page must say."""

    data: dict[str, Any]
    upcoming: list[Announcement] = field(default_factory=list)
    review_due: dt.date | None = None
    stale: bool = False

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class PublishedCatalogue:
    """What the site and the exports show on a given day: only valid, unexpired services."""

    today: dt.date
    services: list[PublishedService]  # sorted by German title order
    departments: dict[str, dict[str, Any]]  # id -> department data
    life_situations: list[dict[str, Any]]  # in file order
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    # the videos in German Sign Language, as declared (content/sign-language.yaml), in order
    videos: list[dict[str, Any]] = field(default_factory=list)
    cms: dict[str, Any] = field(default_factory=dict)  # content/cms.yaml; {}: no /admin/
    site: dict[str, Any] = field(default_factory=dict)  # content/site.yaml
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> location data
