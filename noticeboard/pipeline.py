"""The build, as a table of contents: check → site context → producers → atomic write.

A *producer* is a function ``(board, ctx) -> {site path: bytes}``: the board pages, the
open-data exports, the search index and the print edition are each one. To add an output,
write a producer and add one line to :data:`PRODUCERS`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from noticeboard.check import check_content
from noticeboard.exports import produce_exports
from noticeboard.feed import produce_feed, sitemap_files
from noticeboard.filters import produce_filters
from noticeboard.lock import build_lock
from noticeboard.model import Board
from noticeboard.pages import PAGE_PRODUCERS
from noticeboard.printing import produce_print
from noticeboard.provenance import provenance_facts  # noqa: F401 (registers edit links, history)
from noticeboard.render import SiteContext, make_context
from noticeboard.report import BuildReport
from noticeboard.search import produce_search
from noticeboard.update import UNCHANGED
from noticeboard.write import check_output_folder, write_site

Producer = Callable[[Board, SiteContext], dict[str, bytes]]

PRODUCERS: list[Producer] = [
    *PAGE_PRODUCERS,
    produce_exports,
    produce_feed,
    produce_search,
    produce_filters,
    produce_print,
]


class ProducerClash(RuntimeError):
    """Two producers want to write the same file."""


def collect(board: Board, ctx: SiteContext, producers: list[Producer] | None = None) -> dict[str, bytes]:
    """Run every producer and merge their files; a path made twice is an error."""
    files: dict[str, bytes] = {}
    for producer in PRODUCERS if producers is None else producers:
        for path, data in producer(board, ctx).items():
            if path in files:
                raise ProducerClash(f"{producer.__module__}.{producer.__name__} also writes {path}")
            files[path] = data
    return files


def build(
    content_dir: Path,
    out_dir: Path,
    build_date: dt.date,
    base_url: str | None = None,
    cache=None,
    asked_cache: bool = False,
) -> BuildReport:
    """Check the content and, if it is valid, write the whole site atomically into ``out_dir``.

    ``cache`` (a :class:`noticeboard.cache.BuildCache`) makes the build incremental: the
    same files, but unchanged inputs are not parsed again and unchanged files not rewritten.
    ``asked_cache``: the caller has just had ``cache.unchanged_report`` say there is work to do.
    """
    started = time.perf_counter()
    where = (content_dir, out_dir, build_date, base_url)
    unchanged = cache is not None and not asked_cache and cache.unchanged_report(*where)
    if unchanged:
        return unchanged  # no input changed since the last good build into out_dir
    checked = check_content(content_dir, build_date, memo=cache.records if cache is not None else None)
    if not checked.ok:
        return BuildReport(checked)
    check_output_folder(out_dir, content_dir)
    ctx = make_context(checked.board, base_url)
    if cache is not None:
        cache.track_pages(ctx, out_dir)  # pages made from the same values as last time are kept
    # With a cache, producers run on both cores, merged in the same order (noticeboard.parallel).
    files = collect(checked.board, ctx) if cache is None else cache.collect(checked.board, ctx, PRODUCERS)
    files.update(sitemap_files(files, ctx))  # lists the pages every producer made
    kept = sum(1 for data in files.values() if data is UNCHANGED)
    with build_lock(out_dir):  # one writer per output folder: a second build stops here (exit 2)
        written = write_site(files, out_dir) if cache is None else cache.write(files, out_dir)
        pages = sum(1 for path in files if path.endswith(".html"))
        seconds = time.perf_counter() - started
        report = BuildReport(checked, files=written, pages=pages, seconds=seconds, rendered=pages - kept)
        if cache is not None:
            cache.finish(out_dir, report)
    return report
