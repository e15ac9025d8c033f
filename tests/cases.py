"""Example-file cases: a record file plus the exact problems the validator must report for it."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE / "examples"
BASE_CATALOGUE = HERE / "fixtures" / "catalogue"
EXPECT = re.compile(r"^# expect: (.*)$", re.MULTILINE)
TARGET = re.compile(r"^# target: (\S+)$", re.MULTILINE)


@dataclass
class Case:
    """One example file: where it goes in the catalogue and what must be reported."""

    source: Path
    target: str  # path inside the catalogue, e.g. services/hund-anmelden.yaml
    expected: list[str]  # "LINE: FIELD: MESSAGE" lines, exactly

    @property
    def name(self) -> str:
        return f"{self.source.parent.name}/{self.source.stem}"


def load_cases(kind: str) -> list[Case]:
    cases = []
    for source in sorted((EXAMPLES / kind).rglob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        target = TARGET.search(text)
        default = f"{source.parent.name}/{source.name}"
        if source.parent.name == "life-situations":
            default = "life-situations.yaml"
        cases.append(Case(source, target.group(1) if target else default, EXPECT.findall(text)))
    return cases


def install(case: Case, tmp: Path) -> Path:
    """A copy of the base catalogue in TMP with the case file in place; returns its root."""
    root = tmp / "content"
    shutil.copytree(BASE_CATALOGUE, root)
    shutil.copyfile(case.source, root / case.target)
    return root
