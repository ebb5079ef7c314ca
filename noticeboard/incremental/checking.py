"""How ``check`` reads a board: afresh, with big record folders judged on both cores.

``check`` keeps no cache: every file is read and judged as in a cold build
(:class:`~noticeboard.content.reading.FreshReading`). A type with many files is judged through
a record memo that lives in memory only, half in a forked child
(:mod:`noticeboard.incremental.sharing`); a small board never pays for the memo's bookkeeping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from noticeboard.content.media import Inspected
from noticeboard.content.problems import Problem
from noticeboard.content.reading import CrossCheck, FreshReading, Verdict
from noticeboard.content.source import Source
from noticeboard.incremental.records import RecordMemo
from noticeboard.incremental.sharing import judged_on_two_cores

if TYPE_CHECKING:
    from noticeboard.content.model import Board


class CheckReading:
    """A :class:`~noticeboard.content.reading.Reading` for ``check`` (see module doc)."""

    def __init__(self) -> None:
        self.fresh = FreshReading()
        self.memo = RecordMemo()

    def judged(self, sources: list[Source]) -> dict[str, Verdict]:
        """The verdicts on a big board's record files, judged on both cores; nothing for a small one."""
        return judged_on_two_cores(self.memo, sources)

    def read(self, source: Source, prose: str | None, *, record: bool) -> Verdict | None:
        """Parse the file (one the two cores did not judge)."""
        return self.fresh.read(source, prose, record=record)

    def remember(self, source: Source, verdict: Verdict) -> None:
        """Nothing outlives the check."""

    def media(self, filename: str, rel: str) -> Inspected:
        """Read and judge the photo file."""
        return self.fresh.media(filename, rel)

    def cross_checked(self, board: Board, given: object, run: CrossCheck) -> list[Problem]:
        """Run the rules."""
        return run()
