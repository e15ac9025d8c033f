"""The output folder: foreign folders refused untouched, killed builds, two builds at once."""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from catalogue.site.output import MARKER, PAUSE_VARIABLE, OutputError, OutputFolder
from tests.conftest import SITE_FIXTURE, build_fixture
from tests.helpers import BUILD, PROJECT

OLD_DAY, NEW_DAY = "2026-03-12", "2027-01-01"  # the fee of hund-anmelden changes in between
REFUSED = "Wählen Sie mit --output einen leeren oder neuen Ordner"
#: build.py with the one-step exchange switched off, as on a system without renameat2
NO_EXCHANGE = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from catalogue.site import output; "
    "output._exchange = lambda a, b: False; from catalogue.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)


def _tree(folder: Path) -> dict[str, object]:
    """Every entry below FOLDER: kind, mode and, for files, a hash of the bytes."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        found[path.relative_to(folder).as_posix()] = (path.is_dir(), mode, digest)
    return found


def _site(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _command(output: Path, day: str, *, exchange: bool = True) -> list[str]:
    args = ["build", "--content", str(SITE_FIXTURE), "--output", str(output), "--today", day]
    if exchange:
        return [sys.executable, str(BUILD), *args]
    return [sys.executable, "-c", NO_EXCHANGE, str(PROJECT), *args]


class Build:
    """A build.py process whose stderr is read line by line while it runs."""

    def __init__(self, command: list[str], pause: str = "") -> None:
        env = {k: v for k, v in os.environ.items() if k != PAUSE_VARIABLE}
        if pause:
            env[PAUSE_VARIABLE] = pause
        self.process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line.decode())

    def wait_for(self, text: str, timeout: float = 60) -> None:
        while not any(text in line for line in self.seen):
            try:
                self.seen.append(self.lines.get(timeout=timeout))
            except queue.Empty:
                pytest.fail(f"no „{text}“ within {timeout} s; stderr so far: {self.seen}")

    def finish(self) -> int:
        """Wait for the end; all of stderr is in SEEN then."""
        code = self.process.wait(timeout=120)
        self.reader.join(timeout=10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        self.process.stderr.close()
        return code


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The fixture site as built by build.py on the old and on the new day."""
    base = tmp_path_factory.mktemp("reference")
    found = {}
    for day in (OLD_DAY, NEW_DAY):
        assert Build(_command(base / day, day)).finish() == 0
        found[day] = _site(base / day)
    assert found[OLD_DAY] != found[NEW_DAY]
    return found


def _project_like(tmp: Path) -> None:
    """A copy of the parts of a project that a wrong --output could hit."""
    shutil.copytree(SITE_FIXTURE, tmp / "content")
    shutil.copytree(PROJECT / "theme", tmp / "theme")
    (tmp / "README.md").write_text("# Dienstleistungskatalog\n")
    notes = tmp / "notizen"
    (notes / "2026").mkdir(parents=True)
    (notes / "2026" / "januar.txt").write_text("Termine\n")
    (notes / ".versteckt").write_text("x\n")
    (tmp / "halb").mkdir()  # looks like a site at first sight, but is not one of ours
    (tmp / "halb" / "index.html").write_text("<h1>Eigene Seite</h1>\n")


@pytest.mark.parametrize(
    "command, output",
    [
        ("build", "content/services"),
        ("build", "content/pages"),
        ("build", "content"),
        ("build", "theme"),
        ("build", "notizen"),
        ("build", "halb"),
        ("build", "README.md"),
        ("build", "."),
        ("serve", "README.md"),
        ("serve", "notizen"),
    ],
)
def test_refuses_a_folder_it_did_not_build_and_leaves_it_byte_for_byte(tmp_path, command, output):
    _project_like(tmp_path)
    before = _tree(tmp_path)
    args = [command, "--content", "content", "--output", output]
    done = subprocess.run(
        [sys.executable, str(BUILD), *args, "--today", OLD_DAY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,  # serve would run until stopped
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"„{output}“" in done.stderr
    assert REFUSED in done.stderr
    assert "Traceback" not in done.stderr and "interner Fehler" not in done.stderr
    assert _tree(tmp_path) == before  # nothing changed, nothing written beside it


def test_a_folder_refused_in_process_is_untouched(tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "eigene.txt").write_text("bleibt\n")
    before = _tree(tmp_path)
    with pytest.raises(OutputError, match="nicht von build.py gebaut"):
        build_fixture(tmp_path / "output")
    assert _tree(tmp_path) == before


def test_replaces_its_own_site_also_one_built_before_the_marker(tmp_path):
    output = build_fixture(tmp_path / "output")
    assert (output / MARKER).is_file()
    (output / MARKER).unlink()  # as output/ of `make site` before the marker existed
    (output / "alt.html").write_text("von einem älteren Bau")
    build_fixture(output)
    assert (output / MARKER).is_file()
    assert not (output / "alt.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-spare", "output"]


def test_builds_into_an_empty_folder(tmp_path):
    (tmp_path / "output").mkdir()
    assert (build_fixture(tmp_path / "output") / "index.html").is_file()


@pytest.mark.parametrize(
    "stage, exchange, expected",
    [
        ("built", True, OLD_DAY),  # the new site is complete, not yet in place
        ("swapped", True, NEW_DAY),  # in place; the old one is the spare now
        ("written", True, OLD_DAY),  # the spare half updated (catalogue/site/generations.py)
        ("displaced", False, OLD_DAY),  # without renameat2: between the two renames
    ],
)
def test_a_killed_build_leaves_a_complete_site_and_the_next_cleans_up(
    tmp_path, sites, stage, exchange, expected
):
    output = tmp_path / "output"
    assert Build(_command(output, OLD_DAY)).finish() == 0
    build = Build(_command(output, NEW_DAY, exchange=exchange), f"{stage}:{tmp_path / 'never'}")
    build.wait_for(f"Testpause: {stage}")
    build.process.send_signal(signal.SIGKILL)
    assert build.finish() == -signal.SIGKILL
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) > 1  # what the killed build left: its folders and the lock file
    if exchange:
        assert _site(output) == sites[expected]
    else:  # the one moment without an output: the old site waits beside it
        assert not output.exists()
        with OutputFolder(output).locked():  # as the next build starts
            assert _site(output) == sites[expected]

    assert Build(_command(output, NEW_DAY)).finish() == 0
    assert _site(output) == sites[NEW_DAY]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-spare", "output"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_with_renameat2_there_is_no_moment_without_an_output(tmp_path, sites):
    """The build never reaches the state between two renames (it would wait there)."""
    output = tmp_path / "output"
    assert Build(_command(output, OLD_DAY)).finish() == 0
    build = Build(_command(output, NEW_DAY), f"displaced:{tmp_path / 'never'}")
    try:
        build.process.wait(timeout=60)
    finally:
        build.process.kill()
    assert build.finish() == 0
    assert not any("Testpause" in line for line in build.seen)
    assert _site(output) == sites[NEW_DAY]


def test_leftovers_of_other_outputs_and_foreign_folders_stay(tmp_path):
    kept = [tmp_path / ".output-tmp-abcdefgh", tmp_path / ".other-tmp-abcdefgh"]
    for folder in kept:
        folder.mkdir()
        (folder / "eigene.txt").write_text("kein Bau\n")
    (tmp_path / ".other-tmp-abcdefgh" / MARKER).write_text("")  # of the output other/
    gone = tmp_path / ".output-old-12345678"
    gone.mkdir()
    (gone / MARKER).write_text("")
    build_fixture(tmp_path / "output")  # the old site is put back, then kept as the spare
    names = ["output", ".output-spare", *(p.name for p in kept)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_two_builds_into_one_output_take_turns(tmp_path, sites):
    output = tmp_path / "output"
    go = tmp_path / "go"
    first = Build(_command(output, OLD_DAY), f"built:{go}")
    first.wait_for("Testpause: built")  # holds the lock, its site complete, not yet in place
    second = Build(_command(output, NEW_DAY))
    second.wait_for(f"Ein anderer Bau schreibt gerade nach „{output}“; warte")
    assert second.process.poll() is None
    go.touch()
    assert first.finish() == 0
    assert second.finish() == 0, second.seen
    assert _site(output) == sites[NEW_DAY]  # the second one came last
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-spare", "go", "output"]


def test_a_waiting_build_takes_over_when_the_first_is_killed(tmp_path, sites):
    output = tmp_path / "output"
    first = Build(_command(output, OLD_DAY), f"built:{tmp_path / 'never'}")
    first.wait_for("Testpause: built")
    second = Build(_command(output, NEW_DAY))
    second.wait_for("warte")
    first.process.send_signal(signal.SIGKILL)
    assert first.finish() == -signal.SIGKILL
    assert second.finish() == 0, second.seen
    assert _site(output) == sites[NEW_DAY]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_preview_refuses_a_foreign_folder_that_replaced_its_output(tmp_path):
    """A preview whose output was swapped for a foreign folder builds fully, and refuses."""
    from plugins.servicekatalog.preview import Preview
    from tests.conftest import SITE_TODAY

    content = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE, content)
    output = tmp_path / "output"
    preview = Preview(content, output, lambda: SITE_TODAY)
    try:
        preview.rebuild()
        shutil.rmtree(output)
        output.mkdir()
        (output / "eigene.txt").write_text("bleibt\n")
        with pytest.raises(OutputError, match="nicht von build.py gebaut"):
            preview.rebuild()
        assert [p.name for p in output.iterdir()] == ["eigene.txt"]
    finally:
        preview.close()
