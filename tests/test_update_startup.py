"""Start-up: ``build.py --help`` answers at once, without importing the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("jinja2", "yaml", "jsonschema", "markdown", "noticeboard.check", "noticeboard.pipeline")


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
