"""Measure one thing at a time: a child process's wall time and peak memory, sizes, the machine."""

from __future__ import annotations

import gzip
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def run_child(cmd: list[str], cwd: Path, log: Path) -> dict[str, Any]:
    """Run CMD to completion; wall seconds, peak RSS in MB (child and its children), exit code."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(("$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "exit_code": proc.returncode}


def tree_size(root: Path) -> tuple[int, int]:
    """Total bytes and number of files under ROOT (apparent sizes, like du -sb)."""
    total = files = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            total += os.path.getsize(os.path.join(folder, name))
            files += 1
    return total, files


def gzip_size(path: Path) -> int:
    """Bytes of PATH after gzip -9, as a web server would send it precompressed."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def service_page_sizes(output: Path, ids: list[str], sample: int = 200) -> dict[str, Any]:
    """Gzipped size of the first service page, and median/max over an even sample of pages."""
    pages = [output / "leistungen" / i / "index.html" for i in ids]
    pages = [p for p in pages if p.is_file()]
    if not pages:
        return {}
    step = max(1, len(pages) // sample)
    sizes = sorted(gzip_size(p) for p in pages[::step])
    return {
        "first_id": pages[0].parent.name,
        "first_gzip_bytes": gzip_size(pages[0]),
        "sample_pages": len(sizes),
        "median_gzip_bytes": sizes[len(sizes) // 2],
        "max_gzip_bytes": sizes[-1],
    }


_ASSET = re.compile(r"""(?:src|href)=["']?(/[^"'\s>]+\.(?:js|css))""")
_JS_NAME = re.compile(r"[A-Za-z0-9_.-]+\.(?:js|json)\b")


def search_bytes(output: Path) -> dict[str, Any]:
    """Estimate: /suche/ page, its scripts and styles, files those scripts name, all of /suche/."""
    page = output / "suche" / "index.html"
    if not page.is_file():
        return {}
    files = [page]
    for ref in sorted(set(_ASSET.findall(page.read_text(encoding="utf-8", errors="replace")))):
        asset = output / ref.lstrip("/")
        if asset.is_file():
            files.append(asset)
    candidates = {p.name: p for p in sorted(output.glob("theme/**/*.js"))}
    candidates.update({p.name: p for p in sorted((output / "suche").glob("*")) if p.is_file()})
    for script in files:  # the list grows while it is walked: scripts naming other scripts
        if script.suffix != ".js":
            continue
        for name in _JS_NAME.findall(script.read_text(encoding="utf-8", errors="replace")):
            found = candidates.get(name)
            if found is not None and found not in files:
                files.append(found)
    files.extend(p for p in sorted((output / "suche").glob("*")) if p.is_file() and p not in files)
    parts = {str(f.relative_to(output)): gzip_size(f) for f in files}
    return {"total_gzip_bytes": sum(parts.values()), "files": parts}


def machine() -> dict[str, Any]:
    """CPU model, cores, memory and Python version of this machine."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "executable": sys.executable,
    }
