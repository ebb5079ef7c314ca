"""How far a long build has got, on one terminal line redrawn in place.

A cold build of a large board takes seconds; a volunteer at a terminal should see it
working: the stage, how many files so far and how fast (``生成页面 / making pages
12,345 · 2,100/s``). When the output is not a terminal (CI logs, pipes, the tests) nothing
is drawn: the log keeps only the one summary line the build prints at the end.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Protocol, TextIO

REDRAW_SECONDS = 0.1  # at most ten redraws a second: drawing must not slow the build
ERASE_TO_END = "\x1b[K"  # ANSI "erase in line": every terminal a volunteer has knows it


class Progress(Protocol):
    """Told, now and then, the stage a build is in and how many items it has done."""

    def __call__(self, stage: str, count: int) -> None: ...


class TerminalProgress:
    """One line on a terminal: stage, count, rate; redrawn, and cleared at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stage = ""
        self.started = 0.0
        self.drawn = 0.0
        self.shown = False

    def __call__(self, stage: str, count: int) -> None:
        now = time.perf_counter()
        if stage != self.stage:
            self.stage, self.started, self.drawn = stage, now, -REDRAW_SECONDS
        if now - self.drawn < REDRAW_SECONDS:
            return
        self.drawn = now
        elapsed = now - self.started
        rate = f" · {count / elapsed:,.0f}/s" if elapsed > 0.2 else ""
        self._draw(f"{stage} {count:,}{rate}")

    def _draw(self, text: str) -> None:
        self.stream.write(f"\r{text}{ERASE_TO_END}")  # the erase covers what a longer line left
        self.stream.flush()
        self.shown = bool(text)

    def clear(self) -> None:
        """Remove the line (the summary is printed where it was)."""
        if self.shown:
            self._draw("")


def terminal_progress(stream: TextIO = sys.stderr) -> TerminalProgress | None:
    """A progress line for ``stream`` when it is an interactive terminal, else None."""
    interactive = stream.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")
    return TerminalProgress(stream) if interactive else None
