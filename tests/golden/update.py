"""Build the golden output trees again: ``python -m tests.golden.update``.

Two boards, each built cold at a fixed date, their whole output kept in this folder:

- ``demo/``: the shipped demo board (``content/``, copied out of git so that the commit
  history of this repository does not appear), built at 2022-08-27;
- ``small/``: the small board of :mod:`tests.golden.small_board` (every page type, with a
  fixed git history), built at its ``BUILD_DATE``.

``tests/test_golden.py`` builds both again and compares byte for byte. When an output is
meant to change, run this script and review the diff of ``tests/golden/`` like code.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.golden.small_board import BUILD_DATE as SMALL_DATE
from tests.golden.small_board import make_small_board

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEMO_DATE = "2022-08-27"
# The vendored editor's files are kept out of the golden trees: tools/update_editor.py --check
# pins them (tests/site/test_editor.py); admin/config.yml and admin/index.html stay in.
VENDORED = "admin/decap-cms"


def demo_content(scratch: Path) -> Path:
    """The demo board's content, outside any git repository."""
    content = scratch / "demo" / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def small_content(scratch: Path) -> Path:
    """The small board's content, in its own repository with a fixed history."""
    return make_small_board(scratch / "small")


BOARDS = {"demo": (demo_content, DEMO_DATE), "small": (small_content, SMALL_DATE)}


def build(content: Path, out: Path, date: str, *extra: str) -> None:
    """Build ``content`` into ``out`` with the command line, as a volunteer would."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content)]
    command += ["--out", str(out), "--date", date, *extra]
    subprocess.run(command, check=True, capture_output=True, cwd=content.parent)


def main() -> None:
    for name, (make, date) in BOARDS.items():
        with tempfile.TemporaryDirectory(prefix=f"golden-{name}-") as scratch:
            content = make(Path(scratch))
            target = HERE / name
            shutil.rmtree(target, ignore_errors=True)
            build(content, target, date, "--no-cache")
            shutil.rmtree(target / VENDORED, ignore_errors=True)
        print(f"{name}: {sum(1 for p in target.rglob('*') if p.is_file())} files at {date}")
    dt.date.fromisoformat(DEMO_DATE)  # both dates are plain ISO dates


if __name__ == "__main__":
    main()
