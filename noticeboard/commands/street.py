"""``python build.py street STREET.yaml``: the street board, read from the communities' published boards."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from noticeboard.commands.options import Command
from noticeboard.errors import EXIT_CONTENT, EXIT_OK, UsageError


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``street``; return its handler."""
    parser.add_argument("street_file", metavar="STREET.yaml", help="the street's settings and communities")
    parser.add_argument("--out", default="site", help="output folder (default: site)")
    parser.add_argument("--date", help="build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
    parser.add_argument(
        "--base-url", help="where the street board will be published (default: STREET.yaml's base_url)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a community's current data cannot be used (the site is still written)",
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to read one file of a remote board (default: 10)"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal failures")
    return cmd_street


def cmd_street(args: argparse.Namespace) -> int:
    """Build the street board; report each community's problems, one line each."""
    from noticeboard.content.dates import resolve_build_date
    from noticeboard.incremental.cache_files import default_cache_dir
    from noticeboard.street.build import build_street, check_street_output
    from noticeboard.street.config import read_street
    from noticeboard.street.fetch import Limits

    if args.base_url is not None and not args.base_url.strip():
        raise UsageError("--base-url must not be empty")
    if not args.timeout > 0:
        raise UsageError(f"--timeout must be a number of seconds above 0, not {args.timeout:g}")
    build_date = resolve_build_date(args.date)
    street_file = Path(args.street_file)
    read = read_street(street_file)
    if read.street is None:
        print(read.report())
        count = len(read.problems)
        print(f"\n{count} 个问题，未生成街道汇总 / {count} problem(s), nothing was built", file=sys.stderr)
        return EXIT_CONTENT
    street = read.street if args.base_url is None else replace(read.street, base_url=args.base_url)
    out = Path(args.out)
    check_street_output(out, street_file, street)
    report = build_street(street, out, build_date, default_cache_dir(), Limits(timeout=args.timeout))
    for problem in report.problems:
        print(problem.text(street.language), file=sys.stderr)
    for community in report.communities:
        if community.status == "stale" and community.snapshot is not None:
            as_of = community.snapshot.build_date.isoformat()
            said = f"使用上次读到的数据（数据截至 {as_of}） / using the last good copy (as of {as_of})"
            print(f"{community.id}: {said}", file=sys.stderr)
        elif community.status == "unavailable":
            said = "没有可用的数据，列为暂不可用 / no data: listed as unavailable"
            print(f"{community.id}: {said}", file=sys.stderr)
    current, stale, unavailable = (report.count(s) for s in ("current", "stale", "unavailable"))
    print(
        f"built the street board into {out}: {len(report.communities)} communities "
        f"({current} current, {stale} stale, {unavailable} unavailable), {report.files} files"
        f" / 已生成街道汇总"
    )
    if args.strict and (stale or unavailable):
        return EXIT_CONTENT
    return EXIT_OK
