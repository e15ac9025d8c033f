"""Hostile files are refused quickly with a clear message, no traceback and flat memory."""

from __future__ import annotations

import tracemalloc

import pytest

from catalogue.records.yamlsafe import MAX_BYTES, parse_bytes
from tests.helpers import copy_fixture, run_build

LAUGHS = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    b"%c: &%c [%s]\n" % (98 + i, 98 + i, b",".join([b"*%c" % (97 + i)] * 9)) for i in range(8)
)

HOSTILE = {
    "billion-laughs": (LAUGHS, "zu viele Werte"),
    "several-megabytes": (b"description: " + b"x" * (5 * 1024 * 1024) + b"\n", "zu groß"),
    "binary-garbage": (bytes(range(256)) * 64, "Binärdaten"),
    "not-utf8": ("title: Gebühr für Übermittlungssperre\n".encode("latin-1"), "nicht in UTF-8"),
    "bom": (b"\xef\xbb\xbfid: x\n", "Byte-Order-Mark"),
    "deep-nesting": (b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "zu tief verschachtelt"),
    "deep-mapping": (
        b"".join(b"  " * i + b"k%d:\n" % i for i in range(200)) + b"  " * 200 + b"x\n",
        "zu tief verschachtelt",
    ),
    "duplicate-keys": (b"id: a\nid: b\n", "steht doppelt"),
    "python-object": (b"id: !!python/object/apply:os.system ['echo pwned']\n", "nicht erlaubt"),
    "null-bytes": (b"id: a\x00b\n", "Binärdaten"),
    "huge-integer": (b"amount: " + b"9" * 5000 + b"\n", None),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bytes_are_refused_with_a_message(name):
    raw, expected = HOSTILE[name]
    parsed = parse_bytes(raw)
    if expected is None:
        # Too long for int(): kept as written, so the schema refuses it where a number is
        # expected (it used to become infinity, and a negative one +infinity).
        assert parsed.errors == [] and parsed.data == {"amount": "9" * 5000}
        return
    assert parsed.data is None
    assert len(parsed.errors) == 1
    line, _field, message = parsed.errors[0]
    assert expected in message
    assert line >= 1


def test_billion_laughs_keeps_memory_flat():
    tracemalloc.start()
    parse_bytes(LAUGHS)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes while refusing billion laughs"


def test_size_limit_is_checked_before_parsing():
    parsed = parse_bytes(b"a: b\n" + b"#" * MAX_BYTES)
    assert "zu groß" in parsed.errors[0][2]


@pytest.mark.parametrize("name", sorted(n for n, (_, e) in HOSTILE.items() if e))
def test_cli_names_the_file_and_never_shows_a_traceback(name, tmp_path):
    root = copy_fixture(tmp_path)
    target = root / "services" / "boese-datei.yaml"
    target.write_bytes(HOSTILE[name][0])
    done = run_build("validate", "--content", str(root))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{target}:"), first
    assert HOSTILE[name][1] in first
    assert done.stdout.splitlines()[-1].startswith("1 Fehler")
