"""``python build.py build``: check the content, then write the site atomically."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from noticeboard.commands.options import Command, add_common, add_format
from noticeboard.errors import EXIT_CONTENT, EXIT_OK, UsageError


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``build``; return its handler."""
    add_common(parser)
    parser.add_argument("--out", default="site", help="output folder (default: site)")
    parser.add_argument(
        "--base-url",
        help="where the site will be published, e.g. https://org.github.io/board/ (default: site.yaml)",
    )
    add_format(parser)
    parser.add_argument(  # noticeboard.incremental, docs/preview.md
        "--no-cache", action="store_true", help="build from scratch, ignoring .noticeboard-cache/"
    )
    return cmd_build


def cmd_build(args: argparse.Namespace) -> int:
    """Build the board; on content problems print the check report and write nothing."""
    from noticeboard.content.dates import resolve_build_date
    from noticeboard.incremental.cache import BuildCache
    from noticeboard.incremental.cache_files import default_cache_dir
    from noticeboard.output.report import BuildReport, BuildRequest

    base_url = args.base_url
    if base_url is not None and not base_url.strip():
        raise UsageError("--base-url must not be empty")
    content = Path(args.content)
    request = BuildRequest(content, Path(args.out), resolve_build_date(args.date, content=content), base_url)
    # Nothing changed since the last build: answer before importing the pipeline (Jinja, every producer).
    session = None if args.no_cache else BuildCache(default_cache_dir()).begin(request)
    if isinstance(session, BuildReport):
        report = session
    else:
        from noticeboard import pipeline
        from noticeboard.output.progress import terminal_progress

        gc.freeze()  # the modules just imported live as long as the process: keep the collector off them
        told = terminal_progress()
        try:
            if session is None:
                report = pipeline.build(request, told=told)
            else:
                report = pipeline.build_session(request, session, told)
        finally:
            if told is not None:
                told.clear()
    if not report.ok:
        print(report.problems_text(args.format))
        if args.format == "text":
            count = len(report.checked.problems) if report.checked is not None else 0
            print(
                f"\n{count} 个问题，未生成网站 / {count} problem(s), nothing was built",
                file=sys.stderr,
            )
        return EXIT_CONTENT
    print(report.summary())
    return EXIT_OK
