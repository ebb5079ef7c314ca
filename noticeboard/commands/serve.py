"""``python build.py serve``: build, serve on localhost, rebuild and reload on every save."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from noticeboard.commands.options import Command, add_common
from noticeboard.errors import EXIT_OK

if TYPE_CHECKING:
    from noticeboard.incremental.cache import BuildCache


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``serve``; return its handler."""
    add_common(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "--out", help="folder the preview is built into (default: .noticeboard-cache/preview)"
    )
    return cmd_serve


def make_rebuild(
    content: Path, out: Path, build_date: dt.date, cache: BuildCache
) -> Callable[[], str | None]:
    """A rebuild for the preview: None when the build succeeded, else the problems as text."""
    from noticeboard.content.schema import forget_schemas
    from noticeboard.incremental.digests import tree_digest
    from noticeboard.output.report import BuildRequest
    from noticeboard.paths import SCHEMA_DIR
    from noticeboard.pipeline import build

    schemas_seen = [tree_digest(SCHEMA_DIR)]
    request = BuildRequest(content, out, build_date)

    def rebuild() -> str | None:
        schemas_now = tree_digest(SCHEMA_DIR)
        if schemas_now != schemas_seen[0]:
            forget_schemas()  # the validators are read once per process; an edited schema must be read again
            schemas_seen[0] = schemas_now
        report = build(request, cache)
        return None if report.ok else report.problems_text("text")

    return rebuild


def cmd_serve(args: argparse.Namespace) -> int:
    """Build the board, serve it, and rebuild on every change until Ctrl+C."""
    from noticeboard.content.dates import resolve_build_date
    from noticeboard.errors import UsageError
    from noticeboard.incremental.cache import BuildCache
    from noticeboard.incremental.cache_files import default_cache_dir
    from noticeboard.paths import SCHEMA_DIR, board_theme
    from noticeboard.preview.serve import Preview

    content = Path(args.content)
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    cache_dir = default_cache_dir()
    out = Path(args.out) if args.out else cache_dir / "preview"
    # One cache object for the whole session: rebuilds reuse what is already in memory.
    cache = BuildCache(cache_dir, keep_in_memory=True)
    rebuild = make_rebuild(content, out, resolve_build_date(args.date, content=content), cache)
    theme = board_theme(content)  # the board's own templates/ and static/ (if any), the engine's
    watched = [content, *theme.templates, *theme.static, SCHEMA_DIR]
    preview = Preview(rebuild, out, watched, host=args.host, port=args.port)
    try:
        preview.build_now()
    except KeyboardInterrupt:
        preview.server.server_close()
        return EXIT_OK
    message = f"serving {preview.url} — Ctrl+C to stop / 预览地址 {preview.url}，按 Ctrl+C 停止"
    try:
        preview.run(ready=lambda: print(message, file=sys.stderr, flush=True))
    finally:
        cache.save()  # rebuilds keep the cache in memory; the next process starts from it
    return EXIT_OK
