"""The Markdown memo across a build and a preview session (catalogue/cache/memo.py)."""

from __future__ import annotations

from catalogue.cache.memo import Memo


def _memo(folder) -> Memo:
    return Memo(folder, "markdown", "fingerprint")


def test_a_build_saves_only_what_it_used(tmp_path):
    first = _memo(tmp_path)
    for text in ("a", "b", "c"):
        first.get_or(text, lambda text=text: text.upper())
    first.save()
    second = _memo(tmp_path)
    assert second.get_or("a", lambda: "not used") == "A"
    second.save()
    assert sorted(_memo(tmp_path).old.values()) == ["A"]  # b and c left the catalogue


def test_a_preview_rebuild_keeps_the_entries_it_did_not_render(tmp_path):
    build = _memo(tmp_path)
    for text in ("a", "b", "c"):
        build.get_or(text, lambda text=text: text.upper())
    preview = _memo(tmp_path)  # the preview's session, loaded before its first build saved
    build.save()
    preview.get_or("d", lambda: "D")  # one edited field rendered again
    preview.save(keep=True)
    assert sorted(_memo(tmp_path).old.values()) == ["A", "B", "C", "D"]
    calls = []
    assert preview.get_or("b", lambda: calls.append("b") or "B") == "B"
    assert calls == []  # still known after the save, without rendering again
