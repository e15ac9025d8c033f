"""The CI templates a city copies: their jobs exist, and their merge-request commands gate as promised."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import FIXTURE, PROJECT

GITHUB = PROJECT / "ci-templates" / "github" / "catalogue.yml"
GITLAB = PROJECT / "ci-templates" / "gitlab" / ".gitlab-ci.yml"
TODAY = "2027-03-05"  # fixture: hund-anmelden (steueramt) is stale since 01.03.2027
GIT = ("-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(job: dict) -> list[str]:
    return [step.get("run") or step.get("uses", "") for step in job["steps"]]


def test_github_workflow_jobs():
    workflow = load(GITHUB)
    triggers = workflow.get("on") or workflow[True]  # PyYAML reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"][0]["cron"] == "17 1 * * *"
    jobs = workflow["jobs"]
    check = steps(jobs["check"])
    assert 'python "$TOOL/build.py" validate --content "$CONTENT" --format github' in check
    assert (
        'python "$TOOL/build.py" check --content "$CONTENT" --changed-since "origin/$BASE" '
        "--format github" in check
    )
    assert jobs["check"]["steps"][0]["with"]["fetch-depth"] == 0
    preview = steps(jobs["preview"])
    assert any('build.py" build --content' in s for s in preview)
    assert "actions/upload-artifact@v4" in preview
    assert "actions/upload-pages-artifact@v3" in steps(jobs["publish"])
    assert jobs["publish"]["if"] == "github.event_name != 'pull_request'"
    assert jobs["deploy"]["needs"] == "publish"
    assert "actions/deploy-pages@v4" in steps(jobs["deploy"])
    report = "\n".join(steps(jobs["report"]))
    assert "report --content" in report and "--format csv" in report and "--atom" in report
    assert "schedule" in jobs["report"]["if"]


def test_gitlab_pipeline_jobs():
    pipeline = load(GITLAB)
    mr = '$CI_PIPELINE_SOURCE == "merge_request_event"'
    for name in ("validate", "check", "preview"):
        assert pipeline[name]["rules"] == [{"if": mr}], name
    check = pipeline["check"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"
    assert any("--format gitlab > gl-code-quality-report.json" in line for line in check["script"])
    pages = pipeline["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert any("--output public" in line for line in pages["script"])
    schedule = [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert pipeline["report"]["rules"] == schedule
    assert any("--format csv" in line for line in pipeline["report"]["script"])
    assert pipeline["linkcheck"]["allow_failure"] is True


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *GIT, *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def city(tmp_path):
    """A content repository cloned from its origin, on a merge-request branch."""
    origin, work = tmp_path / "origin.git", tmp_path / "city"
    seed = tmp_path / "seed"
    shutil.copytree(FIXTURE, seed / "content")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", ".")
    git(seed, "commit", "-qm", "Katalog")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "aenderung")
    return work


def commit(city: Path) -> None:
    git(city, "add", ".")
    git(city, "commit", "-qm", "Änderung")


def run(city: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a template's shell lines as the CI runner would, with the tool vendored at PROJECT."""
    script = script.replace('build.py" check', f'build.py" check --today {TODAY}')
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # `python` = ours
    variables = {**os.environ, "PATH": path, "TOOL": str(PROJECT), "CONTENT": "content", **env}
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=city,
        env=variables,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def github_step(name: str) -> str:
    job = load(GITHUB)["jobs"]["check"]
    return next(step["run"] for step in job["steps"] if step.get("name") == name)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_github_rejects_a_broken_record_with_an_annotation_on_its_line(city):
    edit(city / "content/services/hund-anmelden.yaml", "amount: 96.00", 'amount: "zwölf"')
    commit(city)
    done = run(city, github_step("Validate all records"))
    assert done.returncode == 1
    assert done.stdout.startswith(
        "::error file=content/services/hund-anmelden.yaml,line=16,title=fees.items[0].amount::"
    )


def test_github_rejects_a_touched_stale_record(city):
    edit(city / "content/services/hund-anmelden.yaml", "zwei Wochen", "14 Tagen")
    commit(city)
    done = run(city, github_step("Freshness of the changed records"), BASE="main")
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 2  # stale, and changed without a new last_reviewed
    assert all(
        e.startswith(
            "::error file=content/services/hund-anmelden.yaml,line=18,title=last_reviewed::"
        )
        for e in errors
    )


def test_github_accepts_a_new_record_while_another_department_is_stale(city):
    text = (city / "content/services/wohnsitz-anmelden.yaml").read_text(encoding="utf-8")
    (city / "content/services/wohnsitz-ummelden.yaml").write_text(
        text.replace("id: wohnsitz-anmelden", "id: wohnsitz-ummelden")
        .replace("title: Wohnsitz anmelden", "title: Wohnsitz ummelden")
        .replace("last_reviewed: 2026-06-15", "last_reviewed: 2027-03-01"),
        encoding="utf-8",
    )
    commit(city)
    done = run(city, github_step("Freshness of the changed records"), BASE="main")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].startswith(
        "::warning file=content/services/hund-anmelden.yaml,line=18,title=last_reviewed::"
        "Die Prüfung war am 01.03.2027 fällig"
    )
    summary = run(city, github_step("Change summary"), BASE="main", GITHUB_STEP_SUMMARY="s.md")
    assert summary.returncode == 0
    assert "- Neue Leistung: zuständig: Bürgerbüro Mitte" in (city / "s.md").read_text()


def test_gitlab_writes_a_code_quality_report_and_fails(city):
    edit(city / "content/services/hund-anmelden.yaml", "zwei Wochen", "14 Tagen")
    commit(city)
    base = git(city, "merge-base", "HEAD", "origin/main")
    script = "\n".join(load(GITLAB)["check"]["script"])
    done = run(city, script, CI_MERGE_REQUEST_DIFF_BASE_SHA=base)
    assert done.returncode == 1
    report = json.loads((city / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {
        (r["location"]["path"], r["location"]["lines"]["begin"], r["severity"]) for r in report
    } == {("content/services/hund-anmelden.yaml", 18, "major")}
    assert "hund-anmelden.yaml:18: last_reviewed:" in done.stdout  # readable job log
    assert "Hund anmelden" in (city / "change-summary.md").read_text(encoding="utf-8")


def test_pre_commit_hook_validates_the_changed_records(tmp_path):
    config = load(PROJECT / ".pre-commit-config.yaml")
    [hook] = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert (hook["files"], hook["types"], hook["pass_filenames"]) == ("^content/", ["yaml"], True)
    shutil.copytree(FIXTURE, tmp_path / "content")
    (tmp_path / "build.py").symlink_to(PROJECT / "build.py")
    edit(tmp_path / "content/services/hund-anmelden.yaml", "amount: 96.00", 'amount: "zwölf"')
    entry = hook["entry"].replace("python ", f"{sys.executable} ", 1).split()

    def commit_hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*entry, *files], cwd=tmp_path, capture_output=True, text=True, check=False
        )

    broken = commit_hook("content/services/hund-anmelden.yaml")
    assert broken.returncode == 1
    assert broken.stdout.startswith("content/services/hund-anmelden.yaml:16: fees.items[0].amount:")
    other = commit_hook("content/services/wohnsitz-anmelden.yaml")  # not blocked by hund
    assert other.returncode == 0, other.stdout
