"""Turn benchmark results into the markdown table shown in the README."""

from __future__ import annotations

from statistics import median
from typing import Any

PHASES = ("load", "validate", "load_validate", "render", "minify", "index", "write")

# Budgets from issue 6, for N = 1,000 and N = 10,000 (None: no budget).
BUDGETS: dict[str, tuple[str, str]] = {
    "validate": ("≤ 0.5 s", "≤ 4 s"),
    "build": ("≤ 3 s", "≤ 20 s"),
    "rebuild_one": ("≤ 1 s", "≤ 3 s"),
    "search": ("≤ 150 KB", "≤ 600 KB"),
    "service_page": ("≤ 10 KB", "≤ 10 KB"),
    "peak": ("≤ 500 MB", "≤ 1 GB"),
}


def _seconds(entry: dict[str, Any] | None) -> str:
    if not entry or "median_s" not in entry:
        return "n. m."
    text = f"{entry['median_s']:.2f} s"
    if entry.get("failed_runs"):
        text += f" (exit {entry['exit_code']})"
    return text


def _ms(size: dict[str, Any], key: str) -> str:
    value = (size.get("search_node") or {}).get(key)
    return f"{value:.0f} ms" if isinstance(value, (int, float)) else "n. m."


def _kb(value: int | None) -> str:
    return "n. m." if value is None else f"{value / 1024:.1f} KB"


def _rows(sizes: dict[str, dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    keys = list(sizes)

    def row(label: str, budget: str, fn) -> tuple[str, str, list[str]]:
        return (label, budget, [fn(sizes[k]) for k in keys])

    def budget(name: str) -> str:
        pair = BUDGETS.get(name)
        return f"{pair[0]} / {pair[1]}" if pair else ""

    rows = [
        row("departments", "", lambda s: str(s.get("departments", "n. m."))),
        row("generate synthetic content", "", lambda s: f"{s['generate_s']:.2f} s"),
        row("validate (cold: no cache)", budget("validate"), lambda s: _seconds(s.get("validate"))),
        row(
            "validate (warm record cache)",
            budget("validate"),
            lambda s: _seconds(s.get("validate_warm")),
        ),
        row(
            "check (cold / warm)",
            "",
            lambda s: f"{_seconds(s.get('check'))} / {_seconds(s.get('check_warm'))}",
        ),
        row("full build (cold)", budget("build"), lambda s: _seconds(s.get("build"))),
        row(
            "peak memory of a build",
            budget("peak"),
            lambda s: (
                f"{s['build']['peak_rss_mb']:.0f} MB"
                if "peak_rss_mb" in s.get("build", {})
                else "n. m."
            ),
        ),
    ]
    for phase in PHASES:
        if any(phase in s.get("build", {}).get("phases", {}) for s in sizes.values()):
            rows.append(
                row(
                    f"  phase: {phase}",
                    "",
                    lambda s, p=phase: (
                        f"{s['build']['phases'][p]:.2f} s"
                        if p in s.get("build", {}).get("phases", {})
                        else "–"
                    ),
                )
            )
    rows += [
        row(
            "preview rebuild after editing one record (build.py serve)",
            budget("rebuild_one"),
            lambda s: _seconds(s.get("rebuild_one")),
        ),
        row(
            "  of which: load and check / plan, pages and open data / search index / write",
            "",
            lambda s: " / ".join(
                f"{(s.get('rebuild_one') or {}).get('phases', {}).get(k, float('nan')):.2f} s"
                for k in ("load_validate", "render", "index", "write")
            ),
        ),
        row(
            "full build after editing one record (new process, warm cache)",
            "",
            lambda s: _seconds(s.get("build_warm_one_edit")),
        ),
        row(
            "output size",
            "",
            lambda s: (
                f"{s['output']['bytes'] / 1e6:.1f} MB, {s['output']['files']} files"
                if s.get("output")
                else "n. m."
            ),
        ),
        row("home page HTML (gzip)", "", lambda s: _kb(s.get("home_page_gzip_bytes"))),
        row(
            "service page HTML (gzip), first / median / max",
            budget("service_page"),
            lambda s: (
                " / ".join(
                    _kb(s["service_page"][k])
                    for k in ("first_gzip_bytes", "median_gzip_bytes", "max_gzip_bytes")
                )
                if s.get("service_page")
                else "n. m."
            ),
        ),
        row(
            "search bytes before first result (gzip, estimate)",
            budget("search"),
            lambda s: _kb(s.get("search", {}).get("total_gzip_bytes")),
        ),
        row(
            "search bytes before first result (gzip, measured files)",
            budget("search"),
            lambda s: _kb((s.get("search_node") or {}).get("gzip_total")),
        ),
        row("search index load in node", "", lambda s: _ms(s, "load_ms")),
        row("first query in a fresh node process", "", lambda s: _ms(s, "first_query_ms")),
        row(
            "warm query in node (median over the query list)",
            "",
            lambda s: (
                f"{median((s.get('search_node') or {}).get('warm_query_ms', {}).values()):.2f} ms"
                if (s.get("search_node") or {}).get("warm_query_ms")
                else "n. m."
            ),
        ),
    ]
    return rows


def markdown(results: dict[str, Any]) -> str:
    """The results as a markdown section: machine, table of medians, and what was not measured."""
    m = results["machine"]
    settings = results["settings"]
    sizes = results["sizes"]
    head = ["what", "budget (1,000 / 10,000)"] + [f"{int(k):,} services" for k in sizes]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}. "
        f"Medians of {settings['runs']} runs, seed {settings['seed']}, --today {settings['today']}"
        + (
            "; the kernel's caches dropped before each cold build."
            if settings.get("os_caches_dropped")
            else "."
        ),
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    for label, budget, cells in _rows(sizes):
        lines.append("| " + " | ".join([label, budget, *cells]) + " |")
    notes = results.get("not_measured", [])
    if notes:
        lines += ["", "n. m. = not measured:", ""]
        lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"
