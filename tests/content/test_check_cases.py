"""Run ``check`` over every broken-content case in ``tests/cases/`` (one folder per case).

A case folder holds:

- ``content/``: files laid over the small valid base board of ``conftest.make_board``;
- ``remove.txt`` (optional): base files to delete, one path per line;
- ``expected.txt``: the exact problems, one per line, in report order:
  ``content/PATH:LINE:COL: [code]``, or the full report line
  ``content/PATH:LINE:COL: error: MESSAGE [code]`` when the message itself matters.
  A problem line may be followed by the two lines the text report prints under it when
  the problem quotes its line: the line, then a caret under the column, each indented by
  four spaces exactly as ``check`` prints them (the caret counts a wide character as two
  columns). Given, they must match; left out, they are not checked.
  An empty file means the case must pass. Lines starting with ``#`` are comments;
  ``# date: YYYY-MM-DD`` changes the build date (default 2022-08-27).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from noticeboard.content.messages import MESSAGES
from noticeboard.content.problems import EXCERPT_INDENT, excerpt_lines
from tests.conftest import BUILD_DATE, REPO, check, make_board

CASES = REPO / "tests" / "cases"
_LINE = re.compile(
    r"(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:error: (?P<message>.*) )?\[(?P<code>[a-z0-9-]+)\]\Z"
)


def _case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.txt").is_file())


def _read_expected(case: Path) -> tuple[dt.date, list[re.Match], list[list[str]]]:
    """The build date, the expected problem lines, and the excerpt lines under each."""
    build_date = BUILD_DATE
    expected: list[re.Match] = []
    excerpts: list[list[str]] = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# date:"):
            build_date = dt.date.fromisoformat(line.removeprefix("# date:").strip())
        elif line.startswith(EXCERPT_INDENT) and expected:
            excerpts[-1].append(line)
        elif line.strip() and not line.startswith("#"):
            match = _LINE.match(line)
            assert match, f"{case.name}/expected.txt: cannot read {line!r}"
            expected.append(match)
            excerpts.append([])
    return build_date, expected, excerpts


def _lay_out(case: Path, tmp_path: Path) -> Path:
    removed = {}
    if (case / "remove.txt").is_file():
        removed = {rel: None for rel in (case / "remove.txt").read_text().split()}
    content = make_board(tmp_path, removed)
    if (case / "content").is_dir():
        shutil.copytree(case / "content", content, dirs_exist_ok=True)
    return content


def test_there_are_at_least_sixty_broken_cases() -> None:
    broken = [name for name in _case_names() if (CASES / name / "expected.txt").read_text().strip()]
    assert len(broken) >= 60


@pytest.mark.parametrize("name", _case_names())
def test_case(name: str, tmp_path: Path) -> None:
    case = CASES / name
    build_date, expected, excerpts = _read_expected(case)
    checked = check(_lay_out(case, tmp_path), build_date)
    found = [(p.file, p.line, p.column, p.code, p.message(checked.language)) for p in checked.problems]
    assert [f[:4] for f in found] == [
        (m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in expected
    ], checked.report()
    for (*_, message), match in zip(found, expected, strict=True):
        if match["message"] is not None:
            assert message == match["message"]
    for problem, excerpt in zip(checked.problems, excerpts, strict=True):
        if excerpt:
            assert excerpt_lines(problem) == excerpt, checked.report()


# Codes that need a file system trick (a symlink, a 1 MiB file, an unreadable file) are
# tested in test_load.py instead of a case folder.
_TESTED_IN_TEST_LOAD = {"symlink-escape", "file-too-large", "unreadable-file"}


def test_every_problem_code_has_a_case() -> None:
    expected = "".join((CASES / name / "expected.txt").read_text(encoding="utf-8") for name in _case_names())
    covered = set(re.findall(r"\[([a-z0-9-]+)\]$", expected, flags=re.MULTILINE))
    assert set(MESSAGES) - _TESTED_IN_TEST_LOAD - covered == set()
