"""The pipeline up to validation: load, validate, report. ``check`` stops here; ``build`` goes on."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from noticeboard.problems import FORMATTERS, Problem

if TYPE_CHECKING:  # the loader and validator are imported when a check runs: a build with
    from noticeboard.model import Board  # nothing to do (noticeboard.cache) never needs them

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


@dataclass
class Checked:
    """A validated board with its problems and the language to report them in."""

    board: Board
    problems: list[Problem]
    language: str

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self, output_format: str = "text") -> str:
        """Format the problems for the terminal, GitHub or a program."""
        return FORMATTERS[output_format](self.problems, self.language)


def resolve_build_date(given: str | None, environ: dict | None = None) -> dt.date:
    """Build date: ``--date``, else SOURCE_DATE_EPOCH (as a UTC date), else today."""
    environ = os.environ if environ is None else environ
    if given is not None:
        try:
            # fromisoformat alone would also take 20220827 or 2022-W34-6 on Python 3.11+.
            if not _ISO_DATE.fullmatch(given):
                raise ValueError(given)
            return dt.date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--date must be a date written YYYY-MM-DD, not {given!r}") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None
    return dt.date.today()


def check_content(content_dir: Path, build_date: dt.date, memo=None) -> Checked:
    """Load and validate a content folder (``memo``: a cache.RecordMemo, see noticeboard.cache)."""
    from noticeboard.load import load_content
    from noticeboard.validate import board_language, validate

    if not content_dir.is_dir():
        raise UsageError(f"content folder not found: {content_dir}")
    # Loading builds ~10,000 positioned documents and no reference cycles; the cyclic
    # collector would walk all of them again and again as they pile up (~20% of `check`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = load_content(content_dir, memo=memo)
        board, problems = validate(loaded, build_date)
    finally:
        if collecting:
            gc.enable()
    return Checked(board=board, problems=problems, language=board_language(loaded))
