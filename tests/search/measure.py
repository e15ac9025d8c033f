"""Measure the search: gzipped bytes before the first result, node load and query times.

    .venv/bin/python tests/search/measure.py                 # the sample catalogue (content/)
    .venv/bin/python tests/search/measure.py --content DIR   # e.g. from bench/generate.py
    .venv/bin/python tests/search/measure.py --json          # machine-readable

Bytes are what a browser transfers before it can show the first result: index, result
store and every script (lunr, lunr.stemmer.support, lunr.de, search.js, search-core.js),
each gzipped at level 6 (a common server default). Times come from node running the real
lunr.js and search-core.js on the built files: "load" = require the scripts, parse the
JSON, lunr.Index.load; "first" = the first query in a fresh process (JIT cold), "slowest
cold" = the slowest of the queries below in a fresh process, each the median of 5 processes;
"warm" = per query the median of 50 repeats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from catalogue.model import ERROR  # noqa: E402
from catalogue.records.loader import load_catalogue  # noqa: E402
from catalogue.search import build_search_files  # noqa: E402
from catalogue.site.publish import publish  # noqa: E402

JS = ROOT / "theme" / "static" / "js"
NODE_SCRIPT = ROOT / "tests" / "search" / "search_node.js"
QUERIES = [
    "Hunde",
    "Perso",
    "Fuehrungszeugnis",
    "Parkausweis",
    "Auto anmelden",
    "Sperrmüll",
    "Briefwahl",
    "Hochzeit",
    "Gewerbe",
    "Persnalausweis",
    "wie melde ich meinen wohnsitz um",
]
TODAY = dt.date(2026, 11, 22)
RUNS = 5  # node processes for the cold figures; each figure is the median over them


def write_files(content: Path, out: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    """Build the search files of CONTENT into OUT (the site root); return them."""
    catalogue, problems = load_catalogue(content)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise SystemExit(f"{content}: {len(errors)} errors, first: {errors[0]}")
    files = build_search_files(publish(catalogue, today), ROOT / "node_modules")
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return files


def run_node(suche: Path, queries: list[str], repeat: int = 1, raw: list[str] = ()) -> dict:
    """Run tests/search/search_node.js on the built files in SUCHE."""
    request = {"queries": queries, "repeat": repeat, "raw": list(raw), "limit": 10}
    done = subprocess.run(
        ["node", str(NODE_SCRIPT), str(suche), str(JS / "search-core.js")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def measure(content: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(content, Path(tmp))
        scripts = {f"theme/js/{p.name}": p.read_bytes() for p in sorted(JS.glob("search*.js"))}
        sizes = {
            name: {"raw": len(data), "gzip": len(gzip.compress(data, 6, mtime=0))}
            for name, data in sorted({**files, **scripts}.items())
        }
        colds = [run_node(Path(tmp) / "suche", QUERIES) for _ in range(RUNS)]
        warm = run_node(Path(tmp) / "suche", QUERIES, repeat=50)
    cold = colds[0]
    services = len(json.loads(files["suche/store.json"])["docs"])
    return {
        "services": services,
        "files": sizes,
        "gzip_total": sum(s["gzip"] for s in sizes.values()),
        "raw_total": sum(s["raw"] for s in sizes.values()),
        "load_ms": median([c["load_ms"] for c in colds]),
        "first_query_ms": median([c["query_ms"][QUERIES[0]] for c in colds]),
        "max_cold_query_ms": median([max(c["query_ms"].values()) for c in colds]),
        "warm_query_ms": {q: warm["query_ms"][q] for q in QUERIES},
        "top": {q: [h[0] for h in cold["hits"][q][:3]] for q in QUERIES},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    result = measure(args.content)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{result['services']} services ({args.content})")
    for name, size in result["files"].items():
        print(f"  {name:34} {size['raw']:>9,} B  {size['gzip']:>8,} B gzip")
    print(f"  {'before the first result':34} {result['raw_total']:>9,} B  ", end="")
    print(f"{result['gzip_total']:>8,} B gzip ({result['gzip_total'] / 1024:.1f} KiB)")
    print(f"node: load {result['load_ms']:.1f} ms, first query {result['first_query_ms']:.1f} ms,")
    warm = result["warm_query_ms"]
    print(f"      slowest cold query {result['max_cold_query_ms']:.1f} ms, warm queries ", end="")
    print(f"{min(warm.values()):.2f}–{max(warm.values()):.2f} ms")
    for query, top in result["top"].items():
        print(f"  {query!r}: {', '.join(top) or '—'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
