"""Command line: write a synthetic content directory with N services (python bench/generate.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import generate_catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, required=True, help="number of services (N)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; same seed, same bytes")
    parser.add_argument("--out", type=Path, required=True, help="content directory to write")
    args = parser.parse_args(argv)
    if args.services < 1:
        parser.error("--services must be at least 1")
    start = time.perf_counter()
    generate_catalogue(args.services, args.seed, args.out)
    elapsed = time.perf_counter() - start
    print(f"{args.services} services written to {args.out} in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
