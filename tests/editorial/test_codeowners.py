"""build.py codeowners: CODEOWNERS lines from the departments' editors, deterministic."""

from __future__ import annotations

from tests.helpers import copy_fixture, run_build


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_codeowners_from_the_fixture(tmp_path):
    root = copy_fixture(tmp_path)
    edit(
        root / "departments" / "buergerbuero.yaml",
        'editors: ["@musterstadt/buergerbuero"]',
        'editors: ["@musterstadt/buergerbuero", "@anna.schmidt"]',
    )
    edit(
        root / "services" / "hund-anmelden.yaml",
        "department: steueramt",
        "department: buergerbuero",
    )
    done = run_build("codeowners", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[3:] == [
        "#",
        "# Ämter ohne editors (ihre Leistungen haben keine Pflicht-Freigabe):",
        "#   steueramt (Steueramt)",
        "",
        "# Bürgerbüro Mitte (buergerbuero)",
        "/content/departments/buergerbuero.yaml @musterstadt/buergerbuero @anna.schmidt",
        "/content/services/hund-anmelden.yaml @musterstadt/buergerbuero @anna.schmidt",
        "/content/services/hund-anmelden@*.yaml @musterstadt/buergerbuero @anna.schmidt",
        "/content/services/wohnsitz-anmelden.yaml @musterstadt/buergerbuero @anna.schmidt",
        "/content/services/wohnsitz-anmelden@*.yaml @musterstadt/buergerbuero @anna.schmidt",
    ]


def test_a_version_moving_the_service_needs_both_departments(tmp_path):
    root = copy_fixture(tmp_path)
    (root / "departments" / "steueramt.yaml").write_text(
        (root / "departments" / "steueramt.yaml").read_text(encoding="utf-8")
        + 'editors: ["@musterstadt/steuern"]\n',
        encoding="utf-8",
    )
    current = (root / "services" / "wohnsitz-anmelden.yaml").read_text(encoding="utf-8")
    version = current.replace("department: buergerbuero", "department: steueramt").replace(
        "last_reviewed: 2026-06-15",
        "valid_from: 2027-01-01\nchange_note: Das Steueramt übernimmt.\nlast_reviewed: 2026-06-15",
    )
    (root / "services" / "wohnsitz-anmelden@2027-01-01.yaml").write_text(version, encoding="utf-8")
    output = tmp_path / ".github" / "CODEOWNERS"
    done = run_build("codeowners", "--output", str(output), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    text = output.read_text(encoding="utf-8")
    assert "Ämter ohne editors" not in text
    assert (
        "/content/services/wohnsitz-anmelden@*.yaml @musterstadt/buergerbuero @musterstadt/steuern\n"
        in text
    )
    assert "/content/services/hund-anmelden.yaml @musterstadt/steuern\n" in text
    assert "/content/departments/steueramt.yaml @musterstadt/steuern\n" in text
    again = run_build("codeowners", cwd=tmp_path)
    assert again.stdout == text  # deterministic, and stdout equals the file


def test_content_folder_path_is_relative_to_the_repository(tmp_path):
    copy_fixture(tmp_path / "catalogue")
    done = run_build("codeowners", "--content", "catalogue/content", cwd=tmp_path)
    assert "/catalogue/content/services/wohnsitz-anmelden.yaml @musterstadt/buergerbuero" in (
        done.stdout.splitlines()
    )


def test_refused_while_records_have_errors(tmp_path):
    root = copy_fixture(tmp_path)
    edit(
        root / "departments" / "buergerbuero.yaml", '"@musterstadt/buergerbuero"', '"buergerbuero"'
    )
    output = tmp_path / "CODEOWNERS"
    done = run_build("codeowners", "--output", str(output), cwd=tmp_path)
    assert done.returncode == 1
    assert "content/departments/buergerbuero.yaml:" in done.stderr and "editors" in done.stderr
    assert not output.exists()
