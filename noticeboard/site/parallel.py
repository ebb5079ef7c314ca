"""Run the producers on both cores without changing what they produce.

Producers are pure functions of the site context, so they can run in any order. They wait
in a queue, the costliest first (timed in the previous build when the cache kept the
timings, else by their typical share); this process and one forked child each take the
next producer from the queue whenever they finish one, so a process slowed down (a busy disk
makes the writing of thousands of small files several times slower from one minute to
the next) simply takes fewer. The child sends its files back through a pipe (or, when the
build writes a new folder, writes them there itself and sends only their digests, see
``FileSink``), with what its page memory learnt (page fingerprints, rows, codes), and the
results are returned in producer order, so the output is byte-identical to running them
one after another, whoever ran which.

A fork copies the loaded board for free. Where fork is unavailable (Windows, macOS
default), or with one core, or for a tiny board, everything simply runs here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from noticeboard.cores import ChildFailed, beside_a_child, can_fork_here, give_back_free_memory
from noticeboard.site.context import Producer, SiteContext
from noticeboard.site.files import FileSink, SiteFiles

MIN_RECORDS = 2000  # below this a fork costs more than it saves
# Below this much work (the producers' seconds in the last build) the fork, the pages it
# copies and the files sent back cost more than the second core saves: serve's rebuild after
# a text edit at 10,000 records took 0.51 s in one process, 0.58 s with a child.
MIN_SECONDS = 0.5
PHOTO_RECORDS = 200  # encoding one photo is about as much work as the pages of 200 records


@dataclass(frozen=True)
class Made:
    """What one producer made, and how long it took."""

    files: SiteFiles
    seconds: float


def order(producers: list[Producer], seconds: dict[str, float]) -> list[int]:
    """The producers' indexes, the costliest first (ties in producer order).

    A producer's cost is its time in the last build, writing its files included, else its
    typical share. Taking the longest first leaves short ones to even out the end.
    """

    def cost(index: int) -> float:
        producer = producers[index]
        return seconds.get(producer.name, producer.typical_seconds)

    return sorted(range(len(producers)), key=lambda index: -cost(index))


class Queue:
    """Producer indexes waiting in a pipe; each process takes the next one as it gets free.

    All indexes are written before the fork and the writing end is closed, so a read
    gives one whole index (one byte: reads of a pipe do not interleave) or, once the
    queue is empty, nothing.
    """

    LIMIT = 256  # one byte per index

    def __init__(self, indexes: list[int]) -> None:
        if any(not 0 <= index < self.LIMIT for index in indexes):
            raise ValueError(f"a queue holds indexes below {self.LIMIT}")
        self._read, write = os.pipe()
        try:
            os.write(write, bytes(indexes))  # a few dozen bytes: far below the pipe's buffer
        finally:
            os.close(write)

    def take(self) -> int | None:
        """The next producer's index, or None when the queue is empty."""
        taken = os.read(self._read, 1)
        return taken[0] if taken else None

    def close(self) -> None:
        os.close(self._read)


Told = Callable[[str, int], None]  # a progress line: (stage, files made so far)
MAKING = "生成页面 / making pages"


def _run(
    producers: list[Producer],
    next_index: Callable[[], int | None],
    ctx: SiteContext,
    sink: FileSink | None,
    told: Told | None,
) -> dict[int, Made]:
    """Run producers until ``next_index`` has none left; what each made and how long it took,
    its writing included (the sink writes before the next producer starts)."""
    results = {}
    made = 0
    while (index := next_index()) is not None:
        started = time.perf_counter()
        files = producers[index](ctx)
        made += len(files)
        if sink is not None:
            files = sink.put(files)  # written: the rendered files can go
            give_back_free_memory()
        results[index] = Made(files, time.perf_counter() - started)
        if told is not None:
            told(MAKING, made)
    return results


def _from(indexes: list[int]) -> Callable[[], int | None]:
    """Take ``indexes`` one after another, then None."""
    return iter([*indexes, None]).__next__


def can_fork(records: int, seconds: float) -> bool:
    """Tell whether running producers in a child process is possible and worth it here
    (``records``: the work of the build, counted in records, a photo counting for many;
    ``seconds``: how long the producers took last time).

    Both cores work on every build big enough to pay for the fork, busy machine or not (the
    child writes its own files, so little goes back through the pipe). ``NOTICEBOARD_JOBS=1``
    keeps one process.
    """
    return can_fork_here() and records >= MIN_RECORDS and seconds >= MIN_SECONDS


def run_producers(
    producers: list[Producer],
    ctx: SiteContext,
    seconds: dict[str, float],
    sink: FileSink | None = None,
    told: Told | None = None,
) -> tuple[list[SiteFiles], dict[str, float]]:
    """Run every producer; return their files in producer order and how long each took
    (``seconds``: how long each took last time, which orders them and says whether a second
    process is worth its cost).

    With a ``sink`` each producer's files are handed to it as soon as they are made, and come
    back as :data:`~noticeboard.site.files.STAGED`. ``told`` hears how many files this
    process has made after each of its producers (the child says nothing).
    """
    queued = order(producers, seconds)
    work = ctx.board.record_count() + PHOTO_RECORDS * len(ctx.board.media)
    expected = sum(seconds.get(producer.name, producer.typical_seconds) for producer in producers)
    if len(producers) < 2 or len(producers) > Queue.LIMIT or not can_fork(work, expected):
        results = _run(producers, _from(queued), ctx, sink, told)
    else:
        results = _run_forked(producers, Queue(queued), ctx, sink, told)
    ordered = [results[index].files for index in range(len(producers))]
    timings = {producers[index].name: made.seconds for index, made in results.items()}
    return ordered, timings


def _run_forked(
    producers: list[Producer], queue: Queue, ctx: SiteContext, sink: FileSink | None, told: Told | None
) -> dict[int, Made]:
    memory = ctx.renderer.memory
    give_back_free_memory()  # else both processes would come to hold their own copy of the free pages

    def in_the_child() -> tuple[dict[int, Made], object, dict[str, str]]:
        made = _run(producers, queue.take, ctx, sink, None)
        written = sink.flush() if sink is not None else {}  # its files are in the folder now
        return made, memory.learnt(), written  # what it learnt too: page fingerprints, QR codes, rows

    try:
        results, (kind, value) = beside_a_child(
            in_the_child, lambda: _run(producers, queue.take, ctx, sink, told)
        )
    finally:
        queue.close()
    if kind == "error":
        if not isinstance(value, Exception):  # Ctrl+C reached the child too: stop this build only
            raise ChildFailed(f"the producer process was stopped ({type(value).__name__})")
        raise value
    child_results, learnt, written = cast(
        tuple[dict[int, Made], object, dict[str, str]], value
    )  # in_the_child's
    results.update(child_results)
    memory.merge(learnt)
    if sink is not None:
        sink.adopt(written)
    return results
