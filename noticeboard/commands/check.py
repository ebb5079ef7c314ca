"""``python build.py check``: load and validate the content, report every problem."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from noticeboard.commands.options import Command, add_common, add_format
from noticeboard.errors import EXIT_CONTENT, EXIT_OK


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``check``; return its handler."""
    add_common(parser)
    add_format(parser)
    return cmd_check


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the content and report every problem."""
    from noticeboard.content.check import check_content
    from noticeboard.content.dates import resolve_build_date
    from noticeboard.incremental.checking import CheckReading

    gc.freeze()  # the modules just imported live as long as the process: keep the collector off them
    content = Path(args.content)  # read afresh (no cache), a big board on both cores
    checked = check_content(content, resolve_build_date(args.date, content=content), CheckReading())
    if checked.problems:
        print(checked.report(args.format))
        if args.format == "text":
            count = len(checked.problems)
            print(f"\n{count} 个问题 / {count} problem(s)", file=sys.stderr)
        return EXIT_CONTENT
    if args.format == "json":
        print("[]")
    elif args.format == "text":
        board = checked.board
        print(f"OK: {board.record_count()} records, no problems / {board.record_count()} 条记录，没有问题")
    return EXIT_OK
