"""``python build.py new TYPE [--title T] [--date D]``: start a record from its template."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from noticeboard.commands.options import Command, add_common
from noticeboard.content.dates import resolve_build_date
from noticeboard.content.decode import site_setting
from noticeboard.content.engine import require_engine
from noticeboard.content.messages import LANGUAGES
from noticeboard.content.scaffold import (
    TEMPLATE_TYPES,
    existing_ids,
    new_record_id,
    record_folder,
    record_template,
)
from noticeboard.errors import UsageError


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``new``; return its handler."""
    parser.add_argument("type", choices=TEMPLATE_TYPES, help="record type")
    parser.add_argument("--title", help="title (name, reason or item); an ASCII title also names the file")
    add_common(parser)
    return cmd_new


def cmd_new(args: argparse.Namespace) -> int:
    """Write a fresh record file and print its path."""
    content = Path(args.content)
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content}")
    require_engine(content)  # a record written from this engine's template must suit the board
    on = resolve_build_date(args.date, content=content)
    language = _site_language(content)
    record_id = new_record_id(args.type, on, args.title, existing_ids(content, args.type))
    if args.type == "partner":
        record_id = _partner_id(record_id, on, existing_ids(content, "partner"))
    path = content / record_folder(args.type, on) / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = record_template(args.type, on, title=args.title, language=language)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite a record
        handle.write(text)
    print(path.as_posix())
    return 0


def _partner_id(record_id: str, on: dt.date, taken: set[str]) -> str:
    """Partners are named, not dated (``wanhua-barbershop``): drop the date when a name is left."""
    name = record_id.removeprefix(f"{on.isoformat()}-")
    if name and not name.isdigit() and name not in taken:
        return name
    return record_id


def _site_language(content: Path) -> str:
    """Read the board's language from site.yaml alone (zh-CN when unreadable)."""
    language = site_setting(content, "language")
    return language if isinstance(language, str) and language in LANGUAGES else "zh-CN"
