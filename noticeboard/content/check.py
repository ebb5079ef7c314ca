"""The pipeline up to validation: load, validate, report. ``check`` stops here; ``build`` goes on."""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from noticeboard.content.problems import FORMATTERS, Problem
from noticeboard.errors import UsageError

if TYPE_CHECKING:  # the loader and validator are imported when a check runs: a build with
    # nothing to do (noticeboard.incremental.cache) never needs them
    from noticeboard.content.model import Board
    from noticeboard.content.reading import Reading


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


def check_content(content_dir: Path, build_date: dt.date, reading: Reading | None = None) -> Checked:
    """Load and validate a content folder (``reading``: how files are read, default afresh).

    A board whose site.yaml asks for other engine versions is refused first
    (:class:`~noticeboard.content.engine.WrongEngine`, exit 2).
    """
    from noticeboard.content.engine import require_engine
    from noticeboard.content.load import load_content
    from noticeboard.content.validate import board_language, validate

    if not content_dir.is_dir():
        raise UsageError(f"content folder not found: {content_dir}")
    require_engine(content_dir)  # a board for other engine versions is not read at all
    # Loading builds ~10,000 positioned documents and no reference cycles; the cyclic
    # collector would walk all of them again and again as they pile up (~20% of `check`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = load_content(content_dir, reading=reading)
        board, problems = validate(loaded, build_date)
    finally:
        if collecting:
            # What the check made lives as long as the board. Freezing and unfreezing moves it
            # into the oldest generation at once; re-enabled as it is, the next young collection
            # would walk all of it (0.03–0.09 s at 10,000 records).
            gc.freeze()
            gc.unfreeze()
            gc.enable()
    return Checked(board=board, problems=problems, language=board_language(loaded))
