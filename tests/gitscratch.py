"""Scratch git repositories for tests: commits with fixed dates and names, no global config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def _env(date: str, author: str) -> dict[str, str]:
    stamp = f"{date}T12:00:00+08:00"
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": f"{author.split()[0].lower()}@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def run_git(repo: Path, *args: str, date: str = "2022-01-01", author: str = "Tester") -> str:
    """Run git in ``repo`` and return its output (raises on failure)."""
    result = subprocess.run(
        ["git", *args], cwd=repo, env=_env(date, author), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def init_repo(repo: Path) -> Path:
    """Create an empty repository on branch main."""
    repo.mkdir(parents=True, exist_ok=True)
    run_git(repo, "init", "-q", "-b", "main")
    return repo


def write(repo: Path, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) files below ``repo``."""
    for rel, text in files.items():
        path = repo / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(repo: Path, files: dict[str, str | None], message: str, date: str, author: str = "Tester") -> str:
    """Write files and commit them all with a fixed date and author; return the commit id."""
    write(repo, files)
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", message, date=date, author=author)
    return run_git(repo, "rev-parse", "HEAD").strip()
