"""Command line: ``noticeboard [build|check|...] [options]`` (``python build.py`` in a source checkout).

Exit codes: 0 success, 1 content errors, 2 usage errors, 3 internal failure (one line,
no traceback unless ``--debug``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from noticeboard.errors import EXIT_INTERNAL, EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from noticeboard.commands.options import Command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep its words short
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def make_parser(
    wanted: str | None = None, prog: str = "build.py"
) -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """Build the argument parser and the table of commands (with ``wanted``: only that one's options)."""
    from noticeboard import __version__
    from noticeboard.commands import register_all

    parser = _Parser(prog=prog, description="noticeboard: a community transparency board")
    parser.add_argument("--version", action="version", version=f"noticeboard {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    return parser, register_all(sub, wanted)


def main(argv: list[str] | None = None, prog: str = "build.py") -> int:
    """Run the command line; return the exit code."""
    return _main(argv, prog)[0]


def console() -> None:
    """The ``noticeboard`` command an installed engine puts on the PATH."""
    run("noticeboard")


def run(prog: str = "build.py") -> None:
    """Run the command line as the whole process (``build.py``, ``noticeboard``) and exit with its code.

    After ``build`` or ``check`` the process ends without the interpreter's teardown, which
    would free the loaded board and site object by object (0.2-0.3 s at 10,000 records).
    Everything they write is closed by then; printed output is flushed first. Under a
    profiler or a coverage tracer the process ends normally, so they can write their report.
    """
    code, command = _main(None, prog)
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if command in ("build", "check") and not watched:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _main(argv: list[str] | None, prog: str) -> tuple[int, str | None]:
    """Run the command line; return the exit code and the command that ran."""
    argv = list(sys.argv[1:] if argv is None else argv)
    gc.set_threshold(20_000, 10, 10)  # rendering makes little cyclic garbage; collect less often
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")  # `python build.py` alone builds the board
    # Only the command that runs imports its modules (build and check freeze theirs again).
    parser, commands = make_parser(argv[0] if not argv[0].startswith("-") else "", prog)
    gc.freeze()  # imported modules live as long as the process: keep the cyclic collector off them
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE, None
    try:
        return commands[args.command](args), args.command
    except KeyboardInterrupt:
        return 130, None
    except Exception as error:
        if isinstance(error, UsageError):
            print(f"{prog} {args.command}: error: {error}", file=sys.stderr)
            return EXIT_USAGE, None
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc()
        print(
            f"{prog} {args.command}: internal error: {type(error).__name__}: {error} "
            "(run again with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL, None
