"""Judging many record files on both cores: the first build of a big board, and ``check``.

Parsing and validating a record file depends on that file alone, so when a build meets many
files it has not judged before (a cold build, a fresh clone, ``check``), two forked children
each take every second one, of every record type together (two forks for the whole board),
while this process waits. Each child judges its files into its copy of
the :class:`~noticeboard.incremental.records.RecordMemo`, as a build one file at a time
would, and sends back what it learnt about its files (their stat, sha256 and verdict: plain
data and model records without their Source); this process adds that to its memo, and the
loader then finds every file judged, as in a build after an unchanged one. The board and
its problems are those of judging the files one after another; a file that cannot be read or
parsed is simply left to the loader, which reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from noticeboard.content.parse import ParseError
from noticeboard.content.reading import Verdict
from noticeboard.content.source import Source
from noticeboard.content.types import TYPES_BY_NAME
from noticeboard.cores import beside_a_child, can_fork_here


class RecordMemo(Protocol):
    """What sharing needs of :class:`noticeboard.incremental.records.RecordMemo` (which calls
    this module, so it is named here by what it does, not imported)."""

    files: dict[str, Any]  # path -> what the memo learnt about that file

    def read(self, source: Source, prose: str | None, *, record: bool) -> Verdict | None: ...

    def remember(self, source: Source, verdict: Verdict) -> None: ...

    def judged_now(self, source: Source, prose: str | None) -> Verdict | None: ...

    def learn(self, facts: dict[str, Any]) -> None: ...


MIN_FILES = 800  # below this, forking costs more than the half it saves


def worth_sharing(count: int) -> bool:
    """Tell whether judging ``count`` new files on two cores pays (``NOTICEBOARD_JOBS=1``: never)."""
    return count >= MIN_FILES and can_fork_here()


def judged_on_two_cores(memo: RecordMemo, sources: list[Source]) -> dict[str, Verdict]:
    """The verdicts on ``sources`` (record files the memo has never judged, of any types), by
    ``rel``, when there are enough to judge on both cores; else nothing, and the loader reads
    them one by one."""
    if not worth_sharing(len(sources)):
        return {}
    judge_all(memo, sources)
    found = {}
    for source in sources:
        if (verdict := memo.judged_now(source, TYPES_BY_NAME[source.type].prose)) is not None:
            found[source.rel] = verdict
    return found


def judge_all(memo: RecordMemo, sources: list[Source]) -> None:
    """Judge ``sources`` (record files of any types) into ``memo``, half of them in each of two
    forked children; this process only learns what they found.

    Judged here, the parses would leave this process's heap full of holes once they are
    dropped (at 50,000 records, 147 MB free in 337 MB of Python's arenas when the producers
    fork), and both producer processes would come to copy those pages. The records learnt
    from the children lie packed together.
    """

    def first_half() -> tuple[str, object]:  # beside the second child: fork the first, wait for it
        return beside_a_child(_judging(memo, sources[0::2]), lambda: None)[1]

    from_first, from_second = beside_a_child(_judging(memo, sources[1::2]), first_half)
    for kind, learnt in (from_first, from_second):
        if kind == "ok" and isinstance(learnt, dict):
            memo.learn(learnt)  # else the loader reads those files one by one


def _judging(memo: RecordMemo, sources: list[Source]) -> Callable[[], dict[str, Any]]:
    """Work for a child: judge ``sources`` and return the facts of each judged file, verdict
    and all; its parsed documents are dropped as it goes (the verdict has what is needed)."""

    def in_the_child() -> dict[str, Any]:
        learnt = {}
        for source in sources:
            judge_one(memo, source)
            source.defer(TYPES_BY_NAME[source.type].prose)
            facts = memo.files.get(source.filename)
            if facts is not None and facts.judged is not None:
                learnt[source.filename] = facts
        return learnt

    return in_the_child


def judge_one(memo: RecordMemo, source: Source) -> None:
    """Parse and validate one record file into ``memo`` (a file that cannot be read, parsed or
    is not a mapping is left for the loader to report)."""
    from noticeboard.content.validate import judge  # the validator imports the loader: not at start

    prose = TYPES_BY_NAME[source.type].prose
    try:
        if memo.read(source, prose, record=True) is not None:
            return  # judged by an earlier build after all (its stat had moved, not its bytes)
    except (ParseError, OSError):
        return
    if isinstance(source.doc.data, dict):
        memo.remember(source, judge(source, TYPES_BY_NAME[source.type]))
