"""Benchmark harness (make bench): generate catalogues, time validate/check/build, write results."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import measure  # noqa: E402
from bench.report import markdown  # noqa: E402
from bench.synth import edit_summary, generate_catalogue, record_to_edit  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument(
        "--sizes", default="100,1000,10000", help="comma-separated N (default 100,1000,10000)"
    )
    p.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are reported")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--today", default="2026-11-22")
    p.add_argument("--work", type=Path, default=PROJECT / "bench" / ".work")
    p.add_argument("--results", type=Path, default=PROJECT / "bench" / "results")
    p.add_argument("--python", default=sys.executable, help="interpreter that runs build.py")
    p.add_argument(
        "--drop-os-caches",
        action="store_true",
        help="drop the kernel's caches before each cold build (see _drop_os_caches)",
    )
    p.add_argument(
        "--clear",
        type=Path,
        action="append",
        default=[],
        help="cache dir to delete before each cold build",
    )
    return p


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def os_caches_droppable() -> bool:
    return os.access(DROP_CACHES, os.W_OK)


def _drop_os_caches() -> None:
    """Drop the kernel's caches before a cold build (--drop-os-caches; Linux, as root).

    The bench deletes the last output (10,000 folders) right before each cold build. While
    the freed inodes are in the kernel's buffer cache, ext4 tests them one by one on every
    new file and folder (perf: recently_deleted, find_inode_bit): 10,000 folders with a file
    each took 8.7 to 17.7 s of system time here, 3.1 s after dropping the caches. Dropping
    them also makes Python and the content come from disk again, so it is not the default.
    """
    if os_caches_droppable():
        os.sync()
        DROP_CACHES.write_text("3\n")


def probe(python: str) -> dict[str, set[str]]:
    """Which options each build.py command accepts, read from its --help (empty if it fails)."""
    found: dict[str, set[str]] = {}
    for command in ("validate", "check", "build"):
        try:
            run = subprocess.run(
                [python, "build.py", command, "--help"],
                cwd=PROJECT,
                capture_output=True,
                text=True,
                timeout=60,
            )
            text = run.stdout if run.returncode == 0 else ""
        except (OSError, subprocess.TimeoutExpired):
            text = ""
        found[command] = set(re.findall(r"--[a-z][a-z-]*", text))
    return found


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median wall time, largest peak memory, and how many runs exited non-zero."""
    failed = [r for r in runs if r["exit_code"] != 0]
    return {
        "median_s": statistics.median(r["wall_s"] for r in runs),
        "runs_s": [round(r["wall_s"], 4) for r in runs],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "exit_code": failed[-1]["exit_code"] if failed else 0,
        "failed_runs": len(failed),
    }


def measure_size(
    n: int, args: argparse.Namespace, options: dict[str, set[str]], notes: list[str]
) -> dict[str, Any]:
    base = args.work / str(n)
    content, output, logs = base / "content", base / "output", base / "logs"
    shutil.rmtree(base, ignore_errors=True)
    start = time.perf_counter()
    generate_catalogue(n, args.seed, content)
    result: dict[str, Any] = {"services": n, "generate_s": time.perf_counter() - start}
    result["departments"] = len(list((content / "departments").glob("*.yaml")))
    result["content_bytes"], result["content_files"] = measure.tree_size(content)
    py, today = args.python, args.today
    commands = {
        "validate": [py, "build.py", "validate", "--content", str(content)],
        "check": [py, "build.py", "check", "--today", today, "--content", str(content)],
        "build": [
            py,
            "build.py",
            "build",
            "--today",
            today,
            "--content",
            str(content),
            "--output",
            str(output),
        ],
    }
    cache = base / ".cache"  # the record cache lives beside the content folder
    for name in ("validate", "check"):
        if "--content" not in options[name]:
            notes.append(f"{name} at N={n}: build.py {name} has no --content option")
            continue
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(measure.run_child(commands[name], PROJECT, logs / f"{name}.log"))
        result[name] = summarise(cold)
        warm = [
            measure.run_child(commands[name], PROJECT, logs / f"{name}.log")
            for _ in range(args.runs)
        ]
        result[f"{name}_warm"] = summarise(warm)
    if "--content" not in options["build"]:
        notes.append(f"build at N={n}: build.py build has no --content option")
        return result
    timings_file = base / "timings.json"
    if "--timings" in options["build"]:
        commands["build"] += ["--timings", str(timings_file)]
    elif f"phases at N={n}" not in " ".join(notes):
        notes.append(f"phases at N={n}: build.py build has no --timings option")
    runs, phases = [], []
    for _ in range(args.runs):
        shutil.rmtree(output, ignore_errors=True)
        # and the generation before it (catalogue/site/generations.py): cold is a fresh machine
        shutil.rmtree(output.with_name(f".{output.name}-spare"), ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        for extra in args.clear:
            shutil.rmtree(extra, ignore_errors=True)
        timings_file.unlink(missing_ok=True)
        if args.drop_os_caches:
            _drop_os_caches()
        runs.append(measure.run_child(commands["build"], PROJECT, logs / "build.log"))
        if timings_file.is_file():
            phases.append(json.loads(timings_file.read_text()))
    result["build"] = summarise(runs)
    if phases:
        keys = sorted({k for p in phases for k in p})
        result["build"]["phases"] = {
            k: statistics.median(p[k] for p in phases if k in p) for k in keys
        }
    if result["build"]["failed_runs"]:
        notes.append(
            f"build at N={n} exited {result['build']['exit_code']}; see {logs / 'build.log'}"
        )
        return result
    result.update(_output_figures(content, output))
    edited = record_to_edit(content)
    original = edited.read_bytes()
    rebuilds = []
    try:
        for run in range(args.runs):
            edit_summary(edited, run + 1)
            rebuilds.append(measure.run_child(commands["build"], PROJECT, logs / "rebuild.log"))
    finally:
        edited.write_bytes(original)
    result["build_warm_one_edit"] = summarise(rebuilds) | {"edited": edited.name}
    result["rebuild_one"] = _preview_rebuild(content, base / "preview", args, logs)
    result["search_node"] = _search_in_node(content, logs)
    return result


def _preview_rebuild(
    content: Path, output: Path, args: argparse.Namespace, logs: Path
) -> dict[str, Any] | None:
    """The preview (build.py serve) rebuilding after one edit, timed by bench/rebuild.py."""
    shutil.rmtree(output, ignore_errors=True)
    done = subprocess.run(
        [args.python, "bench/rebuild.py", "--content", str(content), "--output", str(output)]
        + ["--today", args.today, "--runs", str(args.runs)],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
    )
    (logs / "preview.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        return None
    runs = json.loads(done.stdout)["runs"]
    keys = sorted({k for r in runs for k in r["phases"]})
    return {
        "median_s": statistics.median(r["wall_s"] for r in runs),
        "runs_s": [round(r["wall_s"], 4) for r in runs],
        "phases": {k: statistics.median(r["phases"][k] for r in runs) for k in keys},
    }


def _search_in_node(content: Path, logs: Path) -> dict[str, Any] | None:
    """Bytes before the first result and load/query times with the real lunr.js in node."""
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "tests" / "search" / "measure.py"),
            "--content",
            str(content),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
    )
    (logs / "search.log").write_text(done.stdout + done.stderr)
    return json.loads(done.stdout) if done.returncode == 0 else None


def _output_figures(content: Path, output: Path) -> dict[str, Any]:
    size, files = measure.tree_size(output)
    ids = sorted(p.stem for p in (content / "services").glob("*.yaml") if "@" not in p.name)
    figures: dict[str, Any] = {"output": {"bytes": size, "files": files}}
    home = output / "index.html"
    figures["home_page_gzip_bytes"] = measure.gzip_size(home) if home.is_file() else None
    figures["service_page"] = measure.service_page_sizes(output, ids)
    figures["search"] = measure.search_bytes(output)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    notes: list[str] = []
    options = probe(args.python)
    if not any(options.values()):
        notes.append("build.py --help failed: is the project set up (make setup)?")
    results: dict[str, Any] = {
        "machine": measure.machine(),
        "settings": {
            "sizes": sizes,
            "runs": args.runs,
            "seed": args.seed,
            "today": args.today,
            "os_caches_dropped": os_caches_droppable() and args.drop_os_caches,
        },
        "sizes": {},
        "not_measured": notes,
    }
    for n in sizes:
        print(f"bench: N={n} …", file=sys.stderr, flush=True)
        results["sizes"][str(n)] = measure_size(n, args, options, notes)
    notes.append(
        "search bytes are an estimate: /suche/ page, its scripts and styles, and every JSON file in /suche/"
    )
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "latest.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    table = markdown(results)
    (args.results / "latest.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
