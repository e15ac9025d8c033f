#!/usr/bin/env python3
"""Command line of the service catalogue: python build.py COMMAND (see --help)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue.cli import USAGE, main  # noqa: E402

if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as exc:  # a bug in the tool, never in the content: say so without a traceback
        if os.environ.get("SERVICEKATALOG_DEBUG"):
            raise
        print(
            f"build.py: interner Fehler ({type(exc).__name__}: {exc}). Das ist ein Fehler im "
            "Werkzeug, nicht in Ihren Inhalten. Bitte melden; Details mit SERVICEKATALOG_DEBUG=1.",
            file=sys.stderr,
        )
        sys.exit(USAGE)
