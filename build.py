#!/usr/bin/env python3
"""Command line of the service catalogue: python build.py COMMAND (see --help)."""

import gc
import os
import sys
from pathlib import Path

# Start-up makes no garbage worth collecting (the collector took 10 ms of every start);
# commands that are not short runs turn it back on below.
gc.disable()

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue.cli import USAGE, parse, run  # noqa: E402


def leave_now(code: int) -> None:
    """End a short run without the interpreter's teardown.

    Freeing every module and cached record one by one took 30-40 ms of a 0.5 s validate.
    A short run writes only to stdout and stderr (flushed here) and to files it closes
    itself, and starts no threads, so nothing is lost.
    """
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when started without that file descriptor
                stream.flush()
    except (OSError, ValueError):
        return  # a closed or broken pipe: the normal exit reports it as before
    os._exit(code)


if __name__ == "__main__":
    args = parse()
    short = getattr(args, "short", False)  # validate and check, see catalogue/cli.py
    if not short:
        gc.enable()
    try:
        code = run(args)
    except Exception as exc:  # a bug in the tool, never in the content: say so without a traceback
        if os.environ.get("SERVICEKATALOG_DEBUG"):
            raise
        print(
            f"build.py: interner Fehler ({type(exc).__name__}: {exc}). Das ist ein Fehler im "
            "Werkzeug, nicht in Ihren Inhalten. Bitte melden; Details mit SERVICEKATALOG_DEBUG=1.",
            file=sys.stderr,
        )
        code = USAGE
    if short:
        leave_now(code)
    sys.exit(code)
