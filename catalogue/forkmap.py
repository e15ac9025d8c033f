"""Use both cores for independent, CPU-bound work: a forked child takes every second item.

The work here (reading records, rendering pages) is pure Python and holds the GIL, so
threads do not help. A fork starts in about a millisecond and shares everything already
loaded; only results travel back, as marshal (plain data only: no code is ever loaded
from the pipe). Where forking is not possible or not safe (another OS, other threads
running, a single core), and whenever the child fails, the work runs here, in order.
"""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

MIN_ITEMS = 64  # below this, a fork costs more than it saves


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork only from a single-threaded process on a machine with a second core."""
    if os.environ.get("SERVICEKATALOG_PROCESSES") == "1":
        return False
    return hasattr(os, "fork") and threading.active_count() == 1 and cores() > 1


def map_split(
    fn: Callable[[T], Any],
    items: Sequence[T],
    *,
    gather: Callable[[], Any] | None = None,
    merge: Callable[[Any], None] | None = None,
) -> list[Any]:
    """[fn(x) for x in items], every second item computed by a forked child when that helps.

    FN's results must be marshal-able plain data (str, bytes, numbers, lists, dicts, None).
    Side effects of the child are lost, except what GATHER() returns after its share: the
    parent passes it to MERGE() (for example the entries a memo learned).
    """
    if len(items) < MIN_ITEMS or not can_fork():
        return [fn(item) for item in items]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any exit handler
        status = 1
        try:
            os.close(read_end)
            theirs = [fn(item) for item in items[1::2]]
            payload = marshal.dumps((theirs, gather() if gather else None))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = [fn(item) for item in items[0::2]]
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status != 0:  # the child failed: do its share here (an error then surfaces normally)
        theirs = [fn(item) for item in items[1::2]]
    else:
        theirs, extra = marshal.loads(payload)
        if merge is not None:
            merge(extra)
    results: list[Any] = [None] * len(items)
    results[0::2] = mine
    results[1::2] = theirs
    return results
