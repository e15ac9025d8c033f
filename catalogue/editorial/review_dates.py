"""A changed service record must carry a newer last_reviewed than at the reference."""

from __future__ import annotations

from catalogue.editorial.git import read_at
from catalogue.model import ERROR, Catalogue, Problem
from catalogue.records.yamlsafe import parse_bytes


def unreviewed_changes(catalogue: Catalogue, ref: str, changed: set[str]) -> list[Problem]:
    """One error per changed service file whose content changed but whose last_reviewed did not."""
    problems = []
    records = list(catalogue.services.values())
    for versions in catalogue.versions.values():
        records.extend(versions)
    for record in records:
        if record.rel not in changed or not record.valid:
            continue
        old_bytes = read_at(ref, record.rel)
        if old_bytes is None:
            continue  # a new file: nothing to compare with
        old = parse_bytes(old_bytes).data
        if not isinstance(old, dict):
            continue
        new = record.data
        same_content = {k: v for k, v in old.items() if k != "last_reviewed"} == {
            k: v for k, v in new.items() if k != "last_reviewed"
        }
        if same_content:
            continue
        before = old.get("last_reviewed")
        if isinstance(before, str) and new["last_reviewed"] <= before:
            problems.append(
                Problem(
                    record.rel,
                    record.line_of(("last_reviewed",)),
                    "last_reviewed",
                    f"Der Inhalt wurde geändert, aber last_reviewed ist noch {before}. "
                    "Setzen Sie last_reviewed auf das Datum, an dem das Amt die Änderung geprüft hat.",
                    ERROR,
                    "unreviewed",
                )
            )
    return problems
