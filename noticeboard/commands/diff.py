"""``python build.py diff BASE [HEAD]``: a Markdown review summary of a change to the board."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from noticeboard.commands.options import Command, add_common


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``diff``; return its handler."""
    parser.add_argument("base", help="the git revision before the change, e.g. origin/main")
    parser.add_argument("head", nargs="?", help="the git revision after the change (default: working tree)")
    add_common(parser)
    return cmd_diff


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the review summary; exit 0 whatever the content says (check gates merging)."""
    from noticeboard.content.dates import resolve_build_date
    from noticeboard.history.review import read_version, review_summary
    from noticeboard.history.revisions import export_content, open_repository, resolve_revision

    content = Path(args.content)
    build_date = resolve_build_date(args.date, content=content)
    repo = open_repository(content)
    display = content.as_posix()
    base_commit = resolve_revision(repo, args.base)
    head_commit = resolve_revision(repo, args.head) if args.head else None
    with tempfile.TemporaryDirectory(prefix="noticeboard-diff-") as scratch:
        base_dir = export_content(repo, base_commit, Path(scratch) / "base")
        base = read_version(base_dir, display, build_date)
        if head_commit:
            head = read_version(
                export_content(repo, head_commit, Path(scratch) / "head"), display, build_date
            )
        else:
            head = read_version(content, display, build_date)
    print(review_summary(base, head, args.base, args.head), end="")
    return 0
