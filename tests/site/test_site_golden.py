"""Golden-file test: the fixture catalogue builds to exactly tests/golden/site.

After an intended change, run `python -m tests.regen_golden` (or `make golden`)
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

from tests.regen_golden import GOLDEN, golden_files


def test_fixture_site_matches_golden_files(built_site):
    expected = golden_files(GOLDEN)
    actual = golden_files(built_site)
    assert expected, "tests/golden/site is empty: run python -m tests.regen_golden"
    assert sorted(actual) == sorted(expected), "files added or missing"
    changed = [name for name in expected if actual[name] != expected[name]]
    assert not changed, f"differs from golden (regenerate and review the diff): {changed}"
