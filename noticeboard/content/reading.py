"""How record files are read and judged: afresh, or as an earlier build left them.

The loader asks a :class:`Reading` for each file's parsed data, the validator asks it
for each record's :class:`Verdict` and the photo check for what each photo file in
content/media/ is (:func:`noticeboard.content.media.inspect_file`). A cold build reads every file afresh
(:class:`FreshReading`). The incremental build (:mod:`noticeboard.incremental.records`)
remembers what an earlier build found in each file, so a file whose bytes have not changed
is neither parsed nor validated again; cross-record rules run on the whole board unless
only records' prose changed since they found nothing (no rule reads prose). Both give the
same board and the same problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from noticeboard.content.decode import parse_file
from noticeboard.content.problems import Problem
from noticeboard.content.source import Source

if TYPE_CHECKING:  # only named in an annotation: reading files needs no model
    from noticeboard.content.media import Inspected
    from noticeboard.content.model import Board, Record

CrossCheck = Callable[[], list[Problem]]  # runs the cross-record rules on the whole board


@dataclass(frozen=True)
class Verdict:
    """What validating one record file found: its own problems, and its model record
    (None when its shape was wrong, so cross-record rules leave it out)."""

    problems: list[Problem]
    record: Record | None


class Reading(Protocol):
    """How the loader gets each file's data and the validator each record's verdict."""

    def judged(self, sources: list[Source]) -> dict[str, Verdict]:
        """The verdicts of the files among ``sources`` (record files of every type, each
        read as its type in :data:`~noticeboard.content.types.RECORD_TYPES` says) known to be
        unchanged since a build judged them, by ``rel``; the loader leaves those files unparsed."""
        ...

    def read(self, source: Source, prose: str | None, *, record: bool) -> Verdict | None:
        """Give ``source`` its parsed data; for a record file (``record``) whose bytes were
        judged before, return that verdict instead. Raises what decode.parse_file raises."""
        ...

    def remember(self, source: Source, verdict: Verdict) -> None:
        """Keep the verdict of a record file judged in this build, for the next builds."""
        ...

    def media(self, filename: str, rel: str) -> Inspected:
        """What the photo file ``filename`` is (``rel``: below content/media/), or why it
        cannot be published (see :func:`noticeboard.content.media.inspect_file`)."""
        ...

    def cross_checked(self, board: Board, given: object, run: CrossCheck) -> list[Problem]:
        """The problems of the cross-record rules on ``board`` (``given``: what else they are
        run with, plain values): ``run()``, or none without running them when an earlier
        build's rules found none on this board but for its records' prose."""
        ...


class FreshReading:
    """Read and judge every file afresh: the cold build."""

    def judged(self, sources: list[Source]) -> dict[str, Verdict]:
        """Nothing is known beforehand."""
        return {}

    def read(self, source: Source, prose: str | None, *, record: bool) -> Verdict | None:
        """Parse the file."""
        source.doc = parse_file(source.filename, source.rel, prose)
        return None

    def remember(self, source: Source, verdict: Verdict) -> None:
        """Nothing is kept."""

    def media(self, filename: str, rel: str) -> Inspected:
        """Read and judge the file."""
        from noticeboard.content.media import inspect_file

        return inspect_file(filename, rel)

    def cross_checked(self, board: Board, given: object, run: CrossCheck) -> list[Problem]:
        """Run the rules."""
        return run()
