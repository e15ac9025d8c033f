"""Only regular files inside the content folder are read: links out, pipes, loops get a message."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.oserrors import reason as os_reason
from catalogue.records.files import Unreadable, read_file
from tests.helpers import PROJECT, copy_fixture

SECRET = "ghp_S3CR3T-T0K3N-DO-NOT-LEAK"


def validate(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "validate", "--content", str(root), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SERVICEKATALOG_CACHE": "off"},
    )


def problem_of(done: subprocess.CompletedProcess[str], name: str) -> str:
    lines = [line for line in done.stdout.splitlines() if f"/{name}:" in line]
    assert len(lines) == 1, done.stdout + done.stderr
    return lines[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path)


def test_a_link_out_of_the_content_folder_is_refused_and_its_target_never_shown(
    root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "token.yaml"
    secret.write_text(f"{SECRET}\n")
    (root / "services" / "geheim.yaml").symlink_to(secret)
    done = validate(root)
    assert done.returncode == 1
    assert "außerhalb des Inhaltsordners" in problem_of(done, "geheim.yaml")
    assert SECRET not in done.stdout + done.stderr
    assert "interner Fehler" not in done.stderr


def test_a_linked_folder_that_leaves_the_content_folder_is_refused(
    root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "geheim.yaml").write_text(f"{SECRET}\n")
    departments = root / "departments"
    for path in departments.iterdir():
        path.rename(elsewhere / path.name)
    departments.rmdir()
    departments.symlink_to(elsewhere)
    done = validate(root)
    assert "außerhalb des Inhaltsordners" in problem_of(done, "geheim.yaml")
    assert SECRET not in done.stdout


def test_a_link_to_another_record_inside_is_read(root: Path) -> None:
    inside = os.path.realpath(root)
    target = root / "services" / "hund-anmelden.yaml"
    link = root / "other.yaml"
    link.symlink_to(target)
    assert read_file(link, inside)[0] == target.read_bytes()


def test_a_huge_file_is_refused_by_its_size_without_reading_it(root: Path) -> None:
    huge = root / "services" / "riesig.yaml"
    with huge.open("wb") as handle:  # sparse: 1 GiB that takes no disk space
        handle.truncate(1 << 30)
    # validate's own peak memory, measured by a parent that runs nothing else
    code = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(done.stdout)"
    )
    command = [sys.executable, str(PROJECT / "build.py"), "validate", "--content", str(root)]
    done = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=60
    )
    peak_kb, output = done.stdout.split("\n", 1)
    assert "zu groß (1048576 KB" in output
    assert int(peak_kb) < 300 * 1024  # it was 2.1 GB when the file was read whole


def test_a_link_loop_is_a_message_not_an_internal_error(root: Path) -> None:
    services = root / "services"
    (services / "a.yaml").symlink_to(services / "b.yaml")
    (services / "b.yaml").symlink_to(services / "a.yaml")
    done = validate(root)
    assert done.returncode == 1, done.stderr
    assert "im Kreis" in problem_of(done, "a.yaml")
    assert "im Kreis" in problem_of(done, "b.yaml")


def test_a_loop_in_place_of_the_life_situations_is_a_message(root: Path) -> None:
    situations = root / "life-situations.yaml"
    situations.unlink()
    situations.symlink_to(situations)
    done = validate(root)
    assert done.returncode == 1 and "interner Fehler" not in done.stderr
    assert "im Kreis" in problem_of(done, "life-situations.yaml")


def test_a_dangling_link_is_a_message(root: Path) -> None:
    (root / "services" / "weg.yaml").symlink_to(root / "services" / "gibt-es-nicht.yaml")
    assert "ins Leere" in problem_of(validate(root), "weg.yaml")


def test_a_pipe_is_not_opened(root: Path) -> None:
    os.mkfifo(root / "services" / "pipe.yaml")
    done = validate(root)  # opening the pipe would wait for a writer until the timeout
    assert "benannte Pipe" in problem_of(done, "pipe.yaml")


def test_a_folder_named_like_a_record_is_a_message(root: Path) -> None:
    (root / "services" / "ordner.yaml").mkdir()
    assert "ein Ordner, keine Datei" in problem_of(validate(root), "ordner.yaml")


@pytest.mark.parametrize("name", ["laut.YAML", "laut.Yaml", "kurz.yml"])
def test_a_record_with_another_ending_is_a_message(root: Path, name: str) -> None:
    source = root / "services" / "hund-anmelden.yaml"
    (root / "services" / name).write_bytes(source.read_bytes())
    stem = name.rsplit(".", 1)[0]
    assert f"Benennen Sie die Datei in {stem}.yaml um" in problem_of(validate(root), name)


def test_a_file_swapped_for_a_pipe_after_listing_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    os.mkfifo(path)
    with pytest.raises(Unreadable, match="benannte Pipe"):
        read_file(path, os.path.realpath(tmp_path))


def test_a_file_without_read_permission_says_so_in_german() -> None:
    said = os_reason(PermissionError(errno.EACCES, "Permission denied"))
    assert (
        said
        == "keine Berechtigung. Prüfen Sie die Zugriffsrechte oder wählen Sie einen anderen Ordner."
    )


def test_a_prose_page_linked_out_of_the_content_folder_is_refused(
    root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "notes.md"
    secret.write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    (root / "pages").mkdir(exist_ok=True)
    (root / "pages" / "geheim.md").symlink_to(secret)
    done = validate(root)
    assert done.returncode == 1
    assert "außerhalb des Inhaltsordners" in problem_of(done, "geheim.md")
    assert SECRET not in done.stdout + done.stderr
