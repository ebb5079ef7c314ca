"""The code keeps the project's style: ruff's lint rules and its formatting (pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

CHECKED = ["noticeboard", "tests", "tools", "bench", "build.py"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff") or pytest.fail("ruff is in the test extras: pip install -e '.[test]'")
    return subprocess.run([ruff, *args, *CHECKED], cwd=REPO, capture_output=True, text=True, check=False)


@pytest.mark.skipif(sys.platform == "win32", reason="one platform is enough for style")
def test_ruff_finds_nothing() -> None:
    result = _ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="one platform is enough for style")
def test_the_code_is_formatted() -> None:
    result = _ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
