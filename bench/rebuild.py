"""Time the preview's rebuild after one record changed, as `build.py serve` does it.

A Preview (plugins/servicekatalog/preview.py) builds once; then the summary of one service
is changed and the preview rebuilt, RUNS times. Prints JSON: the seconds of each rebuild and
its phases. Used by bench/run.py; by hand:

    .venv/bin/python bench/rebuild.py --content bench/.work/1000/content --output /tmp/out
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.synth import edit_summary, record_to_edit  # noqa: E402
from plugins.servicekatalog.preview import Preview  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--content", type=Path, required=True)
    p.add_argument("--output", type=Path, required=True)
    p.add_argument("--today", default="2026-11-22")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    today = dt.date.fromisoformat(args.today)
    preview = Preview(args.content, args.output, lambda: today)
    start = time.perf_counter()
    preview.rebuild()
    first = time.perf_counter() - start
    edited = record_to_edit(args.content)
    original = edited.read_bytes()
    runs = []
    try:
        for run in range(args.runs):
            edit_summary(edited, run + 1)
            start = time.perf_counter()
            phases = preview.rebuild()
            runs.append({"wall_s": time.perf_counter() - start, "phases": phases})
    finally:
        edited.write_bytes(original)
    json.dump({"first_build_s": first, "edited": edited.name, "runs": runs}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
