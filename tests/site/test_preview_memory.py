"""The preview's rebuilds freeze what they keep (the collector skips it) and keep no garbage."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from pathlib import Path

from plugins.servicekatalog.preview import Preview
from tests.helpers import PROJECT

TODAY = dt.date(2026, 11, 22)


def test_rebuilds_freeze_only_live_objects_and_do_not_grow(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    record = content / "services" / "hund-anmelden.yaml"
    texts = [record.read_text(encoding="utf-8")]
    texts.append(texts[0].replace("summary: ", "summary: Geändert. ", 1))
    gc.unfreeze()  # what earlier tests' previews froze is theirs: collect it now
    gc.collect()
    preview = Preview(content, tmp_path / "preview", lambda: TODAY)
    frozen = []
    try:
        preview.rebuild()
        for run in range(6):  # the edit, undone, done again...
            record.write_text(texts[(run + 1) % 2], encoding="utf-8")
            assert preview.rebuild()["pages_written"] < 50  # incremental
            assert gc.isenabled()
            frozen.append(gc.get_freeze_count())
        assert frozen[-1] > 10_000  # the preview's records, templates and pages' inputs
        assert frozen[-2:] == frozen[-4:-2]  # the same content, the same objects: no leak
    finally:
        preview.close()
    assert gc.get_freeze_count() == 0  # close() hands them back to the collector
    assert gc.collect() == 0  # nothing frozen was garbage already
