"""Judging many record files on both cores: the first build of a big board, and ``check``.

Parsing and validating a record file depends on that file alone, so when a build meets many
files it has not judged before (a cold build, a fresh clone, ``check``), a forked child takes
every second one, of every record type together (one fork for the whole board), while this
process takes the others. Each process judges its files into
the :class:`~noticeboard.incremental.records.RecordMemo`, as a build one file at a time
would; the child sends back what it learnt about its files (their stat, sha256 and verdict:
plain data and model records without their Source), this process adds that to its memo, and
the loader then finds every file judged, as in a build after an unchanged one. The board and
its problems are those of judging the files one after another; a file that cannot be read or
parsed is simply left to the loader, which reports it.
"""

from __future__ import annotations

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
    """Judge ``sources`` (record files of any types) into ``memo``, half of them in a forked child."""
    theirs, mine = sources[1::2], sources[0::2]

    def in_the_child() -> dict[str, Any]:
        learnt = {}  # the facts of each file judged, verdict and all
        for source in theirs:
            judge_one(memo, source)
            facts = memo.files.get(source.filename)
            if facts is not None and facts.judged is not None:
                learnt[source.filename] = facts
        return learnt

    def here() -> None:
        for source in mine:
            judge_one(memo, source)

    _, (kind, learnt) = beside_a_child(in_the_child, here)
    if kind == "ok" and isinstance(learnt, dict):
        memo.learn(learnt)  # else the loader reads the child's files one by one


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
