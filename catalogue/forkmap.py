"""Use both cores for independent, CPU-bound work: a forked child takes every second item.

The work here (reading records, rendering pages) is pure Python and holds the GIL, so
threads do not help. A fork starts in about a millisecond and shares everything already
loaded; only results travel back, as marshal (plain data only: no code is ever loaded
from the pipe). Where forking is not possible or not safe (another OS, other threads
running, a single core), and whenever the child fails, the work runs here, in order.

Why not concurrent.futures (measured in session 5, issue 14, on the 2-core machine): a
ProcessPoolExecutor with the fork context pickles results, 110 + 190 ms to write and read
the loader's 27 MB at 10,000 records against marshal's 40 + 130 ms, and its result channel
took 114 ms for those bytes against 60 ms through a pipe; cold validate at 10,000 was 6 %
slower. A version that matched today's figures needed a shared-memory counter and an
in-memory file for the results around the pool (160 lines instead of these 135) and still
cost 8 ms of imports and 3-4 ms of pool start per run (cold validate at 1,000: +5 %). So the
pipe protocol stays until a simpler pool pays.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import struct
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
    merge: Callable[[Any], object] | None = None,
) -> list[Any]:
    """[fn(x) for x in items], shared with a forked child when that helps.

    Both processes take the next item from a queue until none is left, so an item that
    takes long (the search index beside the pages) does not leave one core idle at the end.
    FN's results must be marshal-able plain data (str, bytes, numbers, lists, dicts, None).
    Side effects of the child are lost, except what GATHER() returns after its share: the
    parent passes it to MERGE() (for example the entries a memo learned).
    """
    if len(items) < MIN_ITEMS or not can_fork():
        return [fn(item) for item in items]
    queue = _queue(len(items))
    if queue is None:  # the pipe cannot hold the queue: no child, same results
        return [fn(item) for item in items]
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any exit handler
        status = 1
        try:
            os.close(queue.answers_read)
            theirs = _take(queue.tokens, fn, items)
            payload = marshal.dumps((theirs, gather() if gather else None))
            with os.fdopen(queue.answers_write, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(queue.answers_write)
    try:
        mine = _take(queue.tokens, fn, items)
    finally:
        os.close(queue.tokens)
        with os.fdopen(queue.answers_read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
    results: list[Any] = [_MISSING] * len(items)
    for number, result in mine.items():
        results[number] = result
    if status == 0:
        theirs, extra = marshal.loads(payload)
        for number, result in theirs.items():
            results[number] = result
        if merge is not None:
            merge(extra)
    # the child failed: do what it took here, in order (an error then surfaces normally)
    return [fn(items[n]) if r is _MISSING else r for n, r in enumerate(results)]


_MISSING = object()
_TOKEN = struct.Struct("<I")


class _Queue:
    def __init__(self, tokens: int, answers_read: int, answers_write: int) -> None:
        self.tokens, self.answers_read, self.answers_write = tokens, answers_read, answers_write


def _queue(count: int) -> _Queue | None:
    """A pipe holding the numbers 0..COUNT-1, to be read four bytes (one number) at a time.

    Reads of up to PIPE_BUF bytes are atomic, so two processes never get the same number.
    The numbers are written before the fork; if the pipe cannot hold them all (a small
    pipe buffer), None.
    """
    tokens_read, tokens_write = os.pipe()
    os.set_blocking(tokens_write, False)
    data = b"".join(_TOKEN.pack(n) for n in range(count))
    if len(data) > 65536 and hasattr(fcntl, "F_SETPIPE_SZ"):  # more than 16,384 items
        with contextlib.suppress(OSError):  # beyond /proc/sys/fs/pipe-max-size
            fcntl.fcntl(tokens_write, fcntl.F_SETPIPE_SZ, len(data))
    try:
        written = os.write(tokens_write, data)
    except BlockingIOError:
        written = 0
    os.close(tokens_write)
    if written != len(data):
        os.close(tokens_read)
        return None
    answers_read, answers_write = os.pipe()
    return _Queue(tokens_read, answers_read, answers_write)


def _take(tokens: int, fn: Callable[[T], Any], items: Sequence[T]) -> dict[int, Any]:
    """FN of each item whose number this process reads from TOKENS, until it is empty."""
    done: dict[int, Any] = {}
    while True:
        token = os.read(tokens, _TOKEN.size)
        if not token:
            return done
        (number,) = _TOKEN.unpack(token)
        done[number] = fn(items[number])
