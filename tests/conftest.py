"""Shared test helpers: write a small valid board into a temporary folder and check it.

Usage in any test::

    from tests.conftest import make_board, check, where

    def test_something(tmp_path):
        content = make_board(tmp_path, {"wishes/haircut.yaml": "title: 理发\\n..."})
        checked = check(content)
        assert where(checked) == [("content/wishes/haircut.yaml", 3, 9, "missing-key")]

``make_board`` starts from :data:`BASE_FILES` (site.yaml, points/rules.yaml and one
partner, ``alpha``, joined 2021-01-01), which passes ``check`` on its own. Each entry of
``files`` adds or replaces a file (text is written as UTF-8, bytes as they are); ``None``
removes a base file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from noticeboard import pipeline
from noticeboard.content.check import Checked, check_content
from noticeboard.incremental.cache import BuildCache
from noticeboard.output.report import BuildReport, BuildRequest

REPO = Path(__file__).resolve().parent.parent  # the repository: engine, demo board, templates
BUILD_DATE = dt.date(2022, 8, 27)

BASE_FILES: dict[str, str] = {
    "site.yaml": "name: 测试公示栏\ncommunity: 测试社区\n",
    "points/rules.yaml": "wish_fulfilled: 10\nproject_completed: 20\ncouncil_attendance: 2\nhonor: 5\n",
    "partners/alpha.yaml": "name: 阿尔法公司\nkind: enterprise\njoined: 2021-01-01\n",
}


def make_board(tmp_path: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the base board plus ``files`` into ``tmp_path/content``; return that folder."""
    content = tmp_path / "content"
    merged: dict[str, str | bytes | None] = {**BASE_FILES, **(files or {})}
    for rel, text in sorted(merged.items()):
        if text is None:
            continue
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return content


def check(content: Path, build_date: dt.date = BUILD_DATE) -> Checked:
    """Run ``check_content`` with paths shown as a volunteer sees them: ``content/...``."""
    previous = Path.cwd()
    os.chdir(content.parent)
    try:
        return check_content(Path(content.name), build_date)
    finally:
        os.chdir(previous)


def where(checked: Checked) -> list[tuple[str, int, int, str]]:
    """List each problem as (file, line, column, code), in report order."""
    return [(p.file, p.line, p.column, p.code) for p in checked.problems]


def codes(checked: Checked) -> list[str]:
    """List the problem codes, in report order."""
    return [p.code for p in checked.problems]


def key_paths(value: object, path: tuple = ()) -> list[tuple]:
    """Every key path inside plain data (the empty path first), for mutation tests."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += key_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += key_paths(item, (*path, index))
    return found


def build_site(
    content: Path,
    out: Path,
    build_date: dt.date = BUILD_DATE,
    base_url: str | None = None,
    cache: BuildCache | None = None,
) -> BuildReport:
    """Build ``content`` into ``out`` through the pipeline (cold, or through ``cache``)."""
    return pipeline.build(BuildRequest(content, out, build_date, base_url), cache)
