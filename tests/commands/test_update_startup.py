"""Start-up: ``build.py --help`` answers at once, without importing the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, make_board

ROOT = REPO
HEAVY = ("jinja2", "yaml", "jsonschema", "markdown", "noticeboard.content.check", "noticeboard.pipeline")


def imported_by(*args: str) -> tuple[set[str], str]:
    """The modules ``python build.py ARGS`` imports, and what it printed."""
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['build.py', *{list(args)!r}]\n"
        "try:\n"
        f"    runpy.run_path({str(ROOT / 'build.py')!r}, run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stderr.split()), result.stdout


def test_help_lists_every_command_without_importing_the_build() -> None:
    modules, printed = imported_by("--help")
    assert all(f"    {verb} " in printed for verb in ("check", "build", "print", "new", "diff", "serve"))
    assert not modules.intersection(HEAVY)
    assert not any(name.startswith("noticeboard.commands.") for name in modules)


def test_a_command_help_imports_only_that_command() -> None:
    modules, printed = imported_by("build", "--help")
    assert "usage: build.py build" in printed and "--no-cache" in printed
    assert "noticeboard.commands.build" in modules
    assert not modules.intersection(HEAVY)
    assert "noticeboard.commands.serve" not in modules and "noticeboard.commands.printing" not in modules


def run_entry(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``noticeboard.cli.run`` as a whole process, as build.py does, with output into pipes."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from noticeboard.cli import run; run()"
    env = {name: value for name, value in os.environ.items() if name != "NOTICEBOARD_CACHE"}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_the_process_entry_exits_with_the_code_and_all_the_output(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"wishes/lamp.yaml": "title: 楼道灯坏了\nstatus: lost\n"})
    checked = run_entry("check", "--content", str(board), "--date", "2022-08-27", cwd=tmp_path)
    assert checked.returncode == 1
    assert "wishes/lamp.yaml" in checked.stdout and "problem(s)" in checked.stderr  # the whole report
    (board / "wishes/lamp.yaml").unlink()
    out = tmp_path / "site"
    built = run_entry(
        "build", "--content", str(board), "--out", str(out), "--date", "2022-08-27", cwd=tmp_path
    )
    assert built.returncode == 0 and built.stdout.startswith("built ") and built.stdout.endswith("秒\n")
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".noticeboard-cache", "content", "site"]
    assert run_entry("--help", cwd=tmp_path).returncode == 0


def test_a_profiled_check_writes_its_profile(tmp_path: Path) -> None:
    # run() skips the interpreter's teardown after a check, but not under a profiler.
    content = make_board(tmp_path)
    profile = tmp_path / "check.prof"
    result = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), str(ROOT / "build.py"), "check",
         "--content", str(content), "--date", "2022-08-27"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert profile.stat().st_size > 0
