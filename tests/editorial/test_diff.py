"""build.py diff REF: per-service change summary against a real git repository in tmp_path."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.helpers import copy_fixture, run_build

GIT = ("-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org")


def git(cwd, *args: str) -> None:
    subprocess.run(["git", *GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    copy_fixture(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def services(repo):
    return repo / "content" / "services"


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def announce_fee_rise(repo) -> None:
    """A version file hund-anmelden@2027-01-01.yaml with the first dog at 108 €."""
    text = (services(repo) / "hund-anmelden.yaml").read_text(encoding="utf-8")
    text = text.replace("amount: 96.00", "amount: 108.00").replace(
        "last_reviewed: 2026-03-01",
        "valid_from: 2027-01-01\n"
        "change_note: Die Hundesteuer für den ersten Hund steigt auf 108,00 €.\n"
        "last_reviewed: 2026-11-20",
    )
    (services(repo) / "hund-anmelden@2027-01-01.yaml").write_text(text, encoding="utf-8")


def diff(repo, *args: str) -> subprocess.CompletedProcess[str]:
    return run_build("diff", "main", *args, cwd=repo)


def test_version_file_is_announced_with_its_fee_change(repo):
    announce_fee_rise(repo)
    done = diff(repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Änderungen seit main: 1 Leistung.",
        "",
        "Hund anmelden (content/services/hund-anmelden@2027-01-01.yaml)",
        "  - Neue Fassung angekündigt: Hund anmelden, „Die Hundesteuer für den ersten Hund "
        "steigt auf 108,00 €.“, ab 01.01.2027",
        "  - Gebühren: Hund anmelden, erster Hund 96,00 € → 108,00 €, ab 01.01.2027",
    ]


def test_new_removed_and_changed_services(repo):
    new = services(repo) / "katze-anmelden.yaml"
    text = (services(repo) / "wohnsitz-anmelden.yaml").read_text(encoding="utf-8")
    new.write_text(
        text.replace("id: wohnsitz-anmelden", "id: katze-anmelden")
        .replace("title: Wohnsitz anmelden", "title: Katze anmelden")
        .replace("/anmeldung", "/katze"),
        encoding="utf-8",
    )
    (services(repo) / "wohnsitz-anmelden.yaml").unlink()
    hund = services(repo) / "hund-anmelden.yaml"
    edit(hund, "  - name: Personalausweis oder Reisepass\n", "  - name: Impfpass des Hundes\n")
    edit(hund, "department: steueramt", "department: buergerbuero")
    edit(
        hund,
        "last_reviewed: 2026-03-01",
        "last_reviewed: 2026-11-20\nonline_service:\n  url: https://service.musterstadt.example/hund",
    )
    edit(hund, "muss ihn innerhalb von zwei Wochen anmelden.", "meldet ihn in zwei Wochen an.")
    done = diff(repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n\n")[1:] == [
        "Hund anmelden (content/services/hund-anmelden.yaml)\n"
        "  - Kurzbeschreibung: Hund anmelden, neu: „Wer in Musterstadt einen Hund hält, meldet "
        "ihn in zwei Wochen an.“\n"
        "  - Zuständigkeit: Hund anmelden, Steueramt → Bürgerbüro Mitte\n"
        "  - Unterlagen: Hund anmelden, neu: Impfpass des Hundes\n"
        "  - Unterlagen: Hund anmelden, entfällt: Personalausweis oder Reisepass\n"
        "  - Geprüft: Hund anmelden, am 20.11.2026\n"
        "  - Neuer Online-Antrag: Hund anmelden, https://service.musterstadt.example/hund",
        "Katze anmelden (content/services/katze-anmelden.yaml)\n"
        "  - Neue Leistung: Katze anmelden, zuständig: Bürgerbüro Mitte\n"
        "  - Neuer Online-Antrag: Katze anmelden, https://service.musterstadt.example/katze",
        "Wohnsitz anmelden (content/services/wohnsitz-anmelden.yaml)\n"
        "  - Leistung entfernt: Wohnsitz anmelden\n",
    ]


def test_fees_online_link_title_and_end_date(repo):
    wohnsitz = services(repo) / "wohnsitz-anmelden.yaml"
    edit(wohnsitz, "  free: true", "  items:\n    - label: Bearbeitung\n      amount: 12.5")
    edit(wohnsitz, "/anmeldung", "/wohnsitz")
    edit(wohnsitz, "title: Wohnsitz anmelden", "title: Wohnung anmelden")
    edit(
        wohnsitz, "last_reviewed: 2026-06-15", "last_reviewed: 2026-06-15\nvalid_until: 2027-06-30"
    )
    lines = diff(repo).stdout.splitlines()
    assert lines[2:] == [
        "Wohnung anmelden (content/services/wohnsitz-anmelden.yaml)",
        "  - Titel: Wohnung anmelden, bisher „Wohnsitz anmelden“",
        "  - Gebühren: Wohnung anmelden, bisher gebührenfrei, jetzt Bearbeitung 12,50 €",
        "  - Online-Antrag: Wohnung anmelden, Link https://service.musterstadt.example/anmeldung"
        " → https://service.musterstadt.example/wohnsitz",
        "  - Leistung endet: Wohnung anmelden, letzter Tag 30.06.2027",
    ]


def test_version_taken_over_on_its_date(repo):
    announce_fee_rise(repo)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "announce")
    version = services(repo) / "hund-anmelden@2027-01-01.yaml"
    current = version.read_text(encoding="utf-8")
    current = "\n".join(
        line for line in current.splitlines() if not line.startswith(("valid_from", "change_note"))
    ).replace("last_reviewed: 2026-11-20", "last_reviewed: 2027-01-02")
    (services(repo) / "hund-anmelden.yaml").write_text(current, encoding="utf-8")
    version.unlink()
    lines = diff(repo).stdout.splitlines()
    assert lines[3:] == [
        "  - Gebühren: Hund anmelden, erster Hund 96,00 € → 108,00 €",
        "  - Geprüft: Hund anmelden, am 02.01.2027",
        "  - Angekündigte Fassung übernommen: Hund anmelden, "
        "Datei hund-anmelden@2027-01-01.yaml gelöscht",
    ]


def test_withdrawn_version_and_department_change(repo):
    announce_fee_rise(repo)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "announce")
    (services(repo) / "hund-anmelden@2027-01-01.yaml").unlink()
    edit(repo / "content" / "departments" / "steueramt.yaml", "0123 456-200", "0123 456-201")
    lines = diff(repo).stdout.splitlines()
    assert lines == [
        "Änderungen seit main: 1 Leistung, 1 Amt.",
        "",
        "Hund anmelden (content/services/hund-anmelden@2027-01-01.yaml)",
        "  - Angekündigte Fassung zurückgezogen: Hund anmelden, "
        "Datei hund-anmelden@2027-01-01.yaml gelöscht",
        "",
        "Steueramt (content/departments/steueramt.yaml)",
        "  - Telefon: Steueramt, 0123 456-200 → 0123 456-201",
    ]


def test_markdown_for_merge_request_descriptions(repo):
    announce_fee_rise(repo)
    done = diff(repo, "--format", "markdown")
    assert done.stdout == (
        "### Änderungen am Dienstleistungskatalog seit `main`\n\n"
        "1 Leistung.\n\n"
        "**Hund anmelden** (`content/services/hund-anmelden@2027-01-01.yaml`)\n\n"
        "- Neue Fassung angekündigt: „Die Hundesteuer für den ersten Hund steigt auf 108,00 €.“, "
        "ab 01.01.2027\n"
        "- Gebühren: erster Hund 96,00 € → 108,00 €, ab 01.01.2027\n"
    )


def test_json_for_the_change_feed(repo):
    announce_fee_rise(repo)
    payload = json.loads(diff(repo, "--format", "json").stdout)
    assert payload["ref"] == "main" and payload["departments"] == []
    [entry] = payload["services"]
    assert (entry["id"], entry["status"]) == ("hund-anmelden", "changed")
    assert entry["changes"][1] == {
        "category": "Gebühren",
        "field": "fees",
        "detail": "erster Hund 96,00 € → 108,00 €",
        "valid_from": "2027-01-01",
        "text": "Gebühren: Hund anmelden, erster Hund 96,00 € → 108,00 €, ab 01.01.2027",
    }


def test_nothing_changed(repo):
    done = diff(repo)
    assert (done.returncode, done.stdout) == (
        0,
        "Keine Änderungen an Leistungen oder Ämtern seit main.\n",
    )


def test_unreadable_file_exits_1_and_unknown_ref_exits_2(repo):
    (services(repo) / "hund-anmelden.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    done = diff(repo)
    assert done.returncode == 1
    assert (
        "content/services/hund-anmelden.yaml:1: Die Datei ist kein lesbarer Datensatz"
        in done.stderr
    )
    unknown = run_build("diff", "no-such-branch", cwd=repo)
    assert unknown.returncode == 2 and "no-such-branch" in unknown.stderr


def test_a_record_linked_out_of_the_content_folder_is_not_read(repo, tmp_path):
    """diff reads the working tree as validate does: a link out is unreadable, never shown."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: geheim\ntitle: ghp_S3CR3T-T0K3N\n", encoding="utf-8")
    (services(repo) / "geheim.yaml").symlink_to(secret)
    done = diff(repo)
    assert "ghp_S3CR3T-T0K3N" not in done.stdout + done.stderr
    assert "geheim.yaml" in done.stdout
