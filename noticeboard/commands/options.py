"""Options every verb shares, and how a verb plugs into the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Command = Callable[[argparse.Namespace], int]  # a verb's handler: parsed options -> exit code


def add_common(parser: argparse.ArgumentParser) -> None:
    """Add --content, --date and --debug."""
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    date_help = "build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today; both in site.yaml's timezone)"
    parser.add_argument("--date", help=date_help)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal failures")


def add_format(parser: argparse.ArgumentParser) -> None:
    """Add --format for the problem report: compiler-style text, GitHub annotations or JSON."""
    parser.add_argument("--format", choices=["text", "github", "json"], default="text")
