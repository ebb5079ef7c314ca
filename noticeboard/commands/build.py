"""``python build.py build``: check the content, then write the site atomically."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

EXIT_OK, EXIT_CONTENT = 0, 1


def register(parser: argparse.ArgumentParser, commands: dict, add_common) -> None:
    """Add the options and handler of ``build``."""
    add_common(parser)
    parser.add_argument("--out", default="site", help="output folder (default: site)")
    parser.add_argument(
        "--base-url",
        help="where the site will be published, e.g. https://org.github.io/board/ (default: site.yaml)",
    )
    parser.add_argument("--format", choices=["text", "github", "json"], default="text")
    parser.add_argument(  # noticeboard.cache, docs/preview.md
        "--no-cache", action="store_true", help="build from scratch, ignoring .noticeboard-cache/"
    )
    commands["build"] = cmd_build


def cmd_build(args: argparse.Namespace) -> int:
    """Build the board; on content problems print the check report and write nothing."""
    from noticeboard.cache import BuildCache, default_cache_dir
    from noticeboard.check import UsageError, resolve_build_date

    base_url = args.base_url
    if base_url is not None and not base_url.strip():
        raise UsageError("--base-url must not be empty")
    cache = None if args.no_cache else BuildCache(default_cache_dir())
    where = (Path(args.content), Path(args.out), resolve_build_date(args.date), base_url)
    # Nothing changed since the last build: answer before importing the pipeline (Jinja, every producer).
    report = cache.unchanged_report(*where) if cache is not None else None
    if report is None:
        from noticeboard.pipeline import build

        gc.freeze()  # the modules just imported live as long as the process: keep the collector off them
        report = build(*where, cache=cache, asked_cache=cache is not None)
    if not report.ok:
        checked = report.checked
        print(checked.report(args.format))
        if args.format == "text":
            count = len(checked.problems)
            print(
                f"\n{count} 个问题，未生成网站 / {count} problem(s), nothing was built",
                file=sys.stderr,
            )
        return EXIT_CONTENT
    print(report.summary())
    return EXIT_OK
