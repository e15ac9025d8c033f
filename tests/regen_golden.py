"""Regenerate tests/golden/site from tests/fixtures/site: python -m tests.regen_golden

Review the diff (git diff tests/golden) before committing it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.conftest import build_fixture

GOLDEN = Path(__file__).parent / "golden" / "site"
#: Files that other parts of the project own and change on their own schedule.
IGNORED_PREFIXES = ("theme/js/",)


def golden_files(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every compared file below FOLDER."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith(IGNORED_PREFIXES)
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_fixture(Path(tmp) / "output")
        files = golden_files(built)
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, data in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"{len(files)} files written to {GOLDEN}")


if __name__ == "__main__":
    main()
