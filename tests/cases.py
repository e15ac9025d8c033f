"""Example-file cases: a record or page file plus the exact problems the validator must report."""

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
    target: str  # path inside the catalogue, e.g. services/hund-anmelden.yaml or pages/x.md
    expected: list[str]  # "LINE: FIELD: MESSAGE" lines, exactly

    @property
    def name(self) -> str:
        return f"{self.source.parent.name}/{self.source.stem}"


def load_cases(kind: str) -> list[Case]:
    cases = []
    sources = [*(EXAMPLES / kind).rglob("*.yaml"), *(EXAMPLES / kind).rglob("*.md")]
    for source in sorted(sources):
        text = source.read_text(encoding="utf-8")
        target = TARGET.search(text)
        default = f"{source.parent.name}/{source.name}"
        if source.parent.name in ("life-situations", "sign-language"):
            default = f"{source.parent.name}.yaml"
        cases.append(Case(source, target.group(1) if target else default, EXPECT.findall(text)))
    return cases


def install(case: Case, tmp: Path) -> Path:
    """A copy of the base catalogue in TMP with the case file in place; returns its root."""
    root = tmp / "content"
    shutil.copytree(BASE_CATALOGUE, root)
    (root / case.target).parent.mkdir(exist_ok=True)  # pages/: the base catalogue has none
    shutil.copyfile(case.source, root / case.target)
    return root
