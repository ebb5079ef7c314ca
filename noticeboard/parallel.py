"""Run the producers on both cores without changing what they produce.

Producers are pure functions of the board and the site context, so they can run in any
order. The slowest ones (timed in the previous build, kept in the cache) are shared out
between this process and one forked child, longest first; the child sends its files back
through a pipe and the results are merged in :data:`pipeline.PRODUCERS` order, exactly as
``pipeline.collect`` would, so the output is byte-identical.

A fork copies the loaded board for free. Where fork is unavailable (Windows, macOS
default), or with one core, or for a tiny board, everything simply runs here.
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Callable

from noticeboard.keep import KEEPS

Producer = Callable  # (board, ctx) -> dict[str, bytes]
MIN_RECORDS = 2000  # below this a fork costs more than it saves


class ProducerFailed(RuntimeError):
    """A producer failed in the child process (its error could not be sent as itself)."""


# What each producer costs on a cold build when the cache has no timings yet: CPU seconds
# measured at 10k records (bench/RESULTS.md, "Optimisations"). Only the proportions matter.
TYPICAL_SECONDS = {
    "noticeboard.pages.produce_council_pages": 1.0,
    "noticeboard.pages.produce_wish_pages": 0.7,
    "noticeboard.pages.produce_project_pages": 0.7,
    "noticeboard.pages.produce_partner_pages": 0.7,
    "noticeboard.pages.produce_front_pages": 0.3,
    "noticeboard.printing.produce_print": 1.9,
    "noticeboard.filters.produce_filters": 0.5,
    "noticeboard.exports.produce_exports": 0.45,
    "noticeboard.search.produce_search": 0.4,
    "noticeboard.feed.produce_feed": 0.1,
}


def plan(producers: list[Producer], seconds: dict[str, float]) -> tuple[list[int], list[int]]:
    """Split producer indexes into (here, child) lanes, longest first.

    A producer's cost is its time in the last build, else its typical share, else one second.
    """

    def cost(index: int) -> float:
        name = _name(producers[index])
        return seconds.get(name, TYPICAL_SECONDS.get(name, 1.0))

    order = sorted(range(len(producers)), key=lambda i: -cost(i))
    lanes: tuple[list[int], list[int]] = ([], [])
    loads = [0.0, 0.0]
    for index in order:
        lane = 0 if loads[0] <= loads[1] else 1
        lanes[lane].append(index)
        loads[lane] += cost(index)
    return sorted(lanes[0]), sorted(lanes[1])


def _name(producer: Producer) -> str:
    return f"{producer.__module__}.{producer.__name__}"


def _run(producers: list[Producer], indexes: list[int], board, ctx) -> dict[int, tuple[dict, float]]:
    results = {}
    for index in indexes:
        started = time.perf_counter()
        files = producers[index](board, ctx)
        results[index] = (files, time.perf_counter() - started)
    return results


def can_fork(records: int) -> bool:
    """Tell whether running producers in a child process is possible and worth it here.

    A second process only pays when a core is idle: on a busy machine (load average at
    or above the number of cores) it was measured slower, so then everything stays here.
    ``NOTICEBOARD_JOBS=1`` always keeps one process, ``NOTICEBOARD_JOBS=2`` always forks.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    wanted = os.environ.get("NOTICEBOARD_JOBS", "").strip()
    if wanted.isdigit():
        cores = min(cores, int(wanted))
    elif hasattr(os, "getloadavg") and os.getloadavg()[0] >= cores - 0.5:
        return False
    return hasattr(os, "fork") and cores >= 2 and records >= MIN_RECORDS


def run_producers(
    producers: list[Producer], board, ctx, seconds: dict[str, float]
) -> tuple[list[dict[str, bytes]], dict[str, float]]:
    """Run every producer; return their files in producer order and how long each took."""
    here, there = plan(producers, seconds)
    if not there or not can_fork(board.record_count()):
        results = _run(producers, list(range(len(producers))), board, ctx)
    else:
        results = _run_forked(producers, here, there, board, ctx)
    ordered = [results[index][0] for index in range(len(producers))]
    timings = {_name(producers[index]): results[index][1] for index in results}
    return ordered, timings


def _run_forked(producers, here, there, board, ctx) -> dict[int, tuple[dict, float]]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run its lane, send the result, and leave without clean-up
        os.close(read_end)
        status = 0
        try:
            try:
                # The child's page fingerprints go back too: the next build compares with them.
                made = _run(producers, there, board, ctx)
                # What the child learnt goes back too: page fingerprints, QR codes, rows.
                learnt = {name: keep.take_new() for name, keep in KEEPS.items()}
                message: tuple = ("ok", (made, getattr(ctx, "fingerprints", None), learnt))
            except BaseException as error:  # everything must reach the parent
                message = ("error", error)
            with os.fdopen(write_end, "wb") as pipe:
                try:
                    # Streamed: neither process holds a second, pickled copy of the pages.
                    pickle.dump(message, pipe, pickle.HIGHEST_PROTOCOL)
                except pickle.PicklingError:
                    failure = ProducerFailed(f"{type(message[1]).__name__}: {message[1]}")
                    pickle.dump(("error", failure), pipe)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    pipe, message = os.fdopen(read_end, "rb"), None
    try:
        results = _run(producers, here, board, ctx)
        try:
            message = pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError):
            message = ("error", ProducerFailed("the producer process ended without a result"))
    finally:
        pipe.close()  # a child still writing gets a broken pipe and ends
        if message is None:  # we failed or were interrupted: the child's work is not wanted
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    kind, value = message
    if kind == "error":
        if not isinstance(value, Exception):  # Ctrl+C reached the child too: stop this build only
            raise ProducerFailed(f"the producer process was stopped ({type(value).__name__})")
        raise value
    child_results, child_fingerprints, learnt = value
    results.update(child_results)
    if child_fingerprints is not None:
        ctx.fingerprints.update(child_fingerprints)
    for name, made in learnt.items():
        KEEPS[name].merge(made)
    return results
