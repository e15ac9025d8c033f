"""build.py as editors and CI use it: exit codes, formats, new, report, --changed-since."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import socket
import stat
import subprocess

import pytest

from catalogue import cli
from tests.helpers import FIXTURE, copy_fixture, run_build


def break_fee(root):
    path = root / "services" / "hund-anmelden.yaml"
    path.write_text(path.read_text().replace("amount: 96.00", "amount: zwölf"))
    return path


def test_check_of_the_sample_catalogue_passes():
    done = run_build("check", "--today", "2026-11-22")
    assert done.returncode == 0, done.stdout
    assert "0 Fehler" in done.stdout or "keine Probleme" in done.stdout


def test_a_broken_record_exits_1_naming_file_line_and_field(tmp_path):
    root = copy_fixture(tmp_path)
    path = break_fee(root)
    done = run_build("check", "--content", str(root), "--today", "2026-11-22")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f'{path}:16: fees.items[0].amount: muss eine Zahl sein, nicht "zwölf" (z. B. 12.50)',
        "1 Fehler, 0 Warnungen in 8 geprüften Dateien.",
    ]


def test_every_problem_is_reported_at_once_sorted_by_file_and_line(tmp_path):
    root = copy_fixture(tmp_path)
    break_fee(root)
    other = root / "services" / "wohnsitz-anmelden.yaml"
    other.write_text(
        other.read_text()
        .replace("department: buergerbuero", "department: rathaus")
        .replace("audiences: [citizens]", "audiences: [alle]")
    )
    done = run_build("validate", "--content", str(root))
    lines = done.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{root}/services/hund-anmelden.yaml:16",
        f"{root}/services/wohnsitz-anmelden.yaml:6",
    ]
    assert lines[-1].startswith("2 Fehler")


def test_validate_paths_limits_the_report_to_those_files(tmp_path):
    root = copy_fixture(tmp_path)
    break_fee(root)
    clean = root / "services" / "wohnsitz-anmelden.yaml"
    done = run_build("validate", "--content", str(root), str(clean))
    assert done.returncode == 0, done.stdout


def test_json_and_github_formats(tmp_path):
    root = copy_fixture(tmp_path)
    path = break_fee(root)
    data = json.loads(run_build("validate", "--content", str(root), "--format", "json").stdout)
    assert data["errors"] == 1 and data["files"] == 8
    assert data["problems"][0] | {"message": ""} == {
        "path": str(path),
        "line": 16,
        "field": "fees.items[0].amount",
        "message": "",
        "severity": "error",
        "code": "schema",
    }
    github = run_build("validate", "--content", str(root), "--format", "github").stdout
    assert github.splitlines()[0] == (
        f"::error file={path},line=16,title=fees.items[0].amount::"
        'muss eine Zahl sein, nicht "zwölf" (z. B. 12.50)'
    )
    gitlab = json.loads(run_build("validate", "--content", str(root), "--format", "gitlab").stdout)
    assert gitlab[0]["location"] == {"path": str(path), "lines": {"begin": 16}}
    assert gitlab[0]["severity"] == "major"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--today", "22.11.2026"],
        ["check", "--content", "/nonexistent"],
        ["frobnicate"],
        ["new", "Hund Anmelden"],
    ],
)
def test_usage_errors_exit_2_without_traceback(args):
    done = run_build(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()


def test_new_scaffolds_a_record_that_validates(tmp_path):
    root = copy_fixture(tmp_path)
    done = run_build("new", "katze-anmelden", "--department", "steueramt", "--content", str(root))
    assert done.returncode == 0, done.stderr
    text = (root / "services" / "katze-anmelden.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
    assert run_build("validate", "--content", str(root)).returncode == 0
    again = run_build("new", "katze-anmelden", "--content", str(root))
    assert again.returncode == 2 and "gibt es schon" in again.stderr


def test_report_lists_due_and_stale_per_department(tmp_path):
    root = copy_fixture(tmp_path)
    copy_fixture(tmp_path / "repo")  # run from the repository root, as editors and CI do
    text = run_build("report", "--today", "2027-06-01", cwd=tmp_path / "repo")
    assert text.returncode == 0
    assert text.stdout.splitlines() == [
        "Prüfbericht zum 01.06.2027: 2 Leistungen brauchen Aufmerksamkeit.",
        "",
        "Bürgerbüro Mitte (buergerbuero@musterstadt.example, 0123 456-0)",
        "  - bald fällig am 15.06.2027: Wohnsitz anmelden (content/services/wohnsitz-anmelden.yaml)",
        "",
        "Steueramt (steueramt@musterstadt.example, 0123 456-200)",
        "  - überfällig seit 01.03.2027: Hund anmelden (content/services/hund-anmelden.yaml)",
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_build(
                    "report", "--content", str(root), "--today", "2027-06-01", "--format", "csv"
                ).stdout
            )
        )
    )
    assert [(r["service"], r["status"], r["contact_email"]) for r in rows] == [
        ("wohnsitz-anmelden", "due", "buergerbuero@musterstadt.example"),
        ("hund-anmelden", "stale", "steueramt@musterstadt.example"),
    ]
    one = run_build("report", "--content", str(root), "--today", "2027-03-02")
    assert one.stdout.startswith("Prüfbericht zum 02.03.2027: 1 Leistung braucht Aufmerksamkeit.\n")
    atom = tmp_path / "review.xml"
    run_build("report", "--content", str(root), "--today", "2027-06-01", "--atom", str(atom))
    assert atom.read_text().count("<entry>") == 2


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    copy_fixture(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    return tmp_path


def test_changed_record_without_new_review_date_is_rejected(repo):
    path = repo / "content" / "services" / "wohnsitz-anmelden.yaml"
    path.write_text(path.read_text().replace("free: true", "free: true\n  note: Keine Gebühr."))
    done = run_build("check", "--today", "2026-11-22", "--changed-since", "main", cwd=repo)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "content/services/wohnsitz-anmelden.yaml:20: last_reviewed: Der Inhalt wurde geändert, "
        "aber last_reviewed ist noch 2026-06-15. Setzen Sie last_reviewed auf das Datum, an dem "
        "das Amt die Änderung geprüft hat."
    )
    path.write_text(path.read_text().replace("2026-06-15", "2026-11-20"))
    assert (
        run_build("check", "--today", "2026-11-22", "--changed-since", "main", cwd=repo).returncode
        == 0
    )


def test_an_edit_that_keeps_the_data_needs_no_new_review_date(repo):
    """Comments and spelling are not content: both sides are read by the one YAML reader.

    Before, the new file went through a quick reader and the old one through the careful
    one, which read a block text at the end of a file without a final line break apart.
    """
    path = repo / "content" / "services" / "wohnsitz-anmelden.yaml"
    base = (
        path.read_text().rstrip("\n")
        + "\neasy_language: |\n  Sie ziehen um?\n  Melden Sie sich an."
    )
    path.write_text(base)
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "text")
    assert "\ndepartment: " in base
    path.write_text(base.replace("\ndepartment: ", "\n# Zuständig seit 2025\ndepartment: ", 1))
    done = run_build("check", "--today", "2026-11-22", "--changed-since", "main", cwd=repo)
    assert done.returncode == 0, done.stdout
    assert "last_reviewed" not in done.stdout


def test_stale_records_outside_the_change_only_warn(repo):
    new = repo / "content" / "services" / "katze-anmelden.yaml"
    run_build("new", "katze-anmelden", "--department", "steueramt", cwd=repo)
    text = new.read_text()
    new.write_text(text[: text.index("last_reviewed:")] + "last_reviewed: 2027-03-01\n")
    done = run_build("check", "--today", "2027-03-05", "--changed-since", "main", cwd=repo)
    assert done.returncode == 0, done.stdout
    assert (
        "hund-anmelden.yaml:18: last_reviewed: Warnung: Die Prüfung war am 01.03.2027 fällig"
        in done.stdout
    )
    strict = run_build("check", "--today", "2027-03-05", cwd=repo)
    assert strict.returncode == 1


def test_unknown_ref_is_a_usage_error(repo):
    done = run_build("check", "--changed-since", "no-such-branch", cwd=repo)
    assert done.returncode == 2 and "no-such-branch" in done.stderr


def busy_port() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["serve", "--port", "99999"], "„99999“ ist kein Port: erlaubt sind 1 bis 65535"),
        (["serve", "--port", "-1"], "„-1“ ist kein Port"),
        (["serve", "--port", "acht"], "„acht“ ist kein Port"),
        (["serve", "--port", "{busy}"], "Port {busy} ist schon belegt"),
        (["new", "a" * 300], "Die Kennung hat 300 Zeichen, erlaubt sind höchstens 80"),
        (["new", "a" * 81], "Die Kennung hat 81 Zeichen, erlaubt sind höchstens 80"),
    ],
)
def test_user_mistakes_get_a_plain_message_not_an_internal_error(tmp_path, args, says):
    root = copy_fixture(tmp_path)
    output = tmp_path / "output"
    with busy_port() as busy:
        port = str(busy.getsockname()[1])
        args = [a.replace("{busy}", port) for a in args]
        extra = ["--output", str(output)] if args[0] == "serve" else []
        done = run_build(*args, "--content", str(root), *extra)
    assert done.returncode == 2
    assert says.replace("{busy}", port) in done.stderr
    assert "interner Fehler" not in done.stderr and "Traceback" not in done.stderr
    assert not output.exists()  # a busy port is found before anything is built
    assert sorted(p.name for p in (root / "services").iterdir()) == sorted(
        p.name for p in (FIXTURE / "services").iterdir()
    )


def test_new_accepts_the_longest_id_validate_accepts(tmp_path):
    root = copy_fixture(tmp_path)
    longest = "a" * 80
    assert run_build("new", longest, "--content", str(root)).returncode == 0
    assert (root / "services" / f"{longest}.yaml").is_file()
    assert run_build("validate", "--content", str(root)).returncode == 0


def is_char_device(path: str) -> bool:
    return os.path.exists(path) and stat.S_ISCHR(os.stat(path).st_mode)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["report", "--today", "2026-11-22", "--atom", "{file}/bericht.xml"],
            "kein Ordner (Not a directory)",
        ),
        (["codeowners", "--output", "{dir}"], "ist ein Ordner, keine Datei"),
        pytest.param(
            ["report", "--today", "2026-11-22", "--atom", "/dev/full"],
            "der Datenträger ist voll (No space left on device). Geben Sie Speicherplatz frei.",
            marks=pytest.mark.skipif(not is_char_device("/dev/full"), reason="no /dev/full"),
        ),
    ],
)
def test_environment_errors_are_plain_messages_with_exit_2(tmp_path, args, says):
    root = copy_fixture(tmp_path)
    (tmp_path / "a-file").write_text("")
    (tmp_path / "a-dir").mkdir()
    args = [
        a.replace("{file}", str(tmp_path / "a-file")).replace("{dir}", str(tmp_path / "a-dir"))
        for a in args
    ]
    done = run_build(*args, "--content", str(root))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"build.py {args[0]}: ")
    assert says in done.stderr
    assert "interner Fehler" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "out/index.html"),
            "out/index.html: keine Berechtigung (Permission denied). Prüfen Sie die Zugriffsrechte",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "der Datenträger ist voll (No space left on device). Geben Sie Speicherplatz frei.",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "out"),
            "out: der Datenträger ist schreibgeschützt",
        ),
    ],
)
def test_an_environment_oserror_in_any_command_is_exit_2(capsys, error, says):
    def command(args):
        raise error

    args = cli.parse(["validate"])
    args.run = command
    assert cli.run(args) == cli.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"build.py validate: {says}") and err.count("\n") == 1


def test_other_errors_stay_internal_errors_of_the_tool():
    def command(args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    args = cli.parse(["validate"])
    args.run = command
    with pytest.raises(OSError):  # build.py says "interner Fehler" for it
        cli.run(args)


def test_the_review_report_csv_writes_formula_like_cells_as_text(tmp_path):
    """Departments open the report in a spreadsheet: "=HYPERLINK(…)" must stay text."""
    root = copy_fixture(tmp_path)
    path = root / "services" / "hund-anmelden.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: Hund anmelden", 'title: "=HYPERLINK(1)"', 1))
    done = run_build("report", "--content", str(root), "--today", "2027-06-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert "'=HYPERLINK(1)" in [r["title"] for r in rows], done.stdout
