"""``python build.py print``: the print edition for the notice wall, as HTML and (--pdf) PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from noticeboard.commands.options import Command, add_common
from noticeboard.content.check import check_content
from noticeboard.content.dates import resolve_build_date
from noticeboard.errors import EXIT_CONTENT, EXIT_OK, UsageError
from noticeboard.paths import board_theme
from noticeboard.site.context import make_context
from noticeboard.site.pdf import render_pdf, require_engine
from noticeboard.site.pictures import PHOTO_FOLDER
from noticeboard.site.printing import (
    DEFAULT_PAPER,
    PAPERS,
    PRINT_FOLDER,
    choose_period,
    render_edition,
    write_atomic,
    write_edition,
    write_missing_short_links,
)


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``print``; return its handler."""
    add_common(parser)
    parser.add_argument("--out", default="site", help="the site folder to write print/ into (default: site)")
    parser.add_argument(
        "--period", metavar="YYYY-MM", help="the month to print (default: the build date's month)"
    )
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day of the period")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day of the period")
    parser.add_argument("--paper", choices=PAPERS, default=DEFAULT_PAPER, help="paper size (default: A3)")
    parser.add_argument("--pdf", action="store_true", help="also print to PDF with headless Chromium")
    parser.add_argument("--base-url", help="the board's web address for the QR codes (default: site.yaml)")
    return cmd_print


def cmd_print(args: argparse.Namespace) -> int:
    """Validate the content, then write print/<period>.html (and .pdf) into the site folder."""
    build_date = resolve_build_date(args.date, content=Path(args.content))
    edition = choose_period(build_date, args.period, args.date_from, args.date_to)
    if args.pdf:
        require_engine()  # say what to install before any work is done
    checked = check_content(Path(args.content), build_date)
    if checked.problems:
        print(checked.report("text"))
        count = len(checked.problems)
        print(f"\n{count} 个问题 / {count} problem(s)", file=sys.stderr)
        return EXIT_CONTENT
    out_dir = Path(args.out)
    if not (out_dir / "index.html").is_file():
        # print/ lives inside a built site: its pages link back to the board, and a build
        # refuses to replace a folder that holds no board.
        raise UsageError(
            f"--out {out_dir} holds no built board (no index.html); build it first: "
            f"noticeboard build --out {out_dir} (python build.py build in the engine's checkout)"
        )
    ctx = make_context(checked.board, args.base_url, theme=board_theme(Path(args.content)))
    html = render_edition(ctx, edition, args.paper)
    assert isinstance(html, bytes)  # a context without memory of earlier builds renders every page
    written = write_edition(out_dir, edition, html)
    short_links = write_missing_short_links(ctx, out_dir)  # the codes must lead somewhere
    if args.pdf:
        pdf_path = out_dir / PRINT_FOLDER / f"{edition.name}.pdf"
        write_atomic(pdf_path, render_pdf(written[0], build_date, (out_dir / PHOTO_FOLDER,)))
        written.insert(1, pdf_path)
    names = ", ".join(path.relative_to(out_dir).as_posix() for path in written)
    if short_links:
        names += f" and {len(short_links)} short-address pages q/…/index.html"
    print(f"printed {edition.name} ({args.paper}) into {out_dir}: {names} / 已生成打印版")
    return EXIT_OK
