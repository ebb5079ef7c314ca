"""Working on both cores: how many this process may use, and running work beside a forked child.

The build shares its work with one forked child in two places: judging record files
(:mod:`noticeboard.incremental.sharing`) and running producers (:mod:`noticeboard.site.parallel`).
Both ask :func:`can_fork_here` first and use :func:`beside_a_child`. A yes-or-no question
whose answer is needed later (is the output folder as the last build left it?) is asked of
a child that answers while this process goes on (:class:`Answer`).
"""

from __future__ import annotations

import functools
import os
import pickle
import signal
import weakref
from collections.abc import Callable
from typing import TypeVar


class ChildFailed(RuntimeError):
    """Work failed in the child process (its error could not be sent as itself)."""


def cores() -> int:
    """The cores this process may use (``NOTICEBOARD_JOBS`` may ask for fewer)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    wanted = os.environ.get("NOTICEBOARD_JOBS", "").strip()
    return min(usable, int(wanted)) if wanted.isdigit() else usable


def can_fork_here() -> bool:
    """Tell whether work can go to a forked child: fork exists and two cores may be used
    (``NOTICEBOARD_JOBS=1`` keeps one process)."""
    return hasattr(os, "fork") and cores() >= 2


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS, Windows)."""
    import ctypes  # here: a build with nothing to do never trims

    try:  # the symbols of the running program and its libraries, the C library's among them
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no CDLL(None)
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back_free_memory() -> None:
    """Hand the C heap's free pages back to the kernel, where the C library can (glibc).

    Freed Python objects larger than 512 bytes (a rendered page, a record's parse) go back to
    the C heap, which keeps the pages for later: the process stays as big as its biggest
    moment. After a fork, each process writing into such kept pages makes them its own copy,
    so a forked build counts them twice. At 50,000 records, giving them back before the
    producers' fork and after each producer took the build's peak (all processes) from
    1,120 to 915 MB (``bench/RESULTS.md``). It costs a walk of the heap's free lists.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


Mine = TypeVar("Mine")


def beside_a_child(child: Callable[[], object], here: Callable[[], Mine]) -> tuple[Mine, tuple[str, object]]:
    """Run ``child`` in a forked process while ``here`` runs in this one; return what ``here``
    returned and the child's outcome: ``("ok", result)`` or ``("error", exception)``.

    The child's result comes back pickled through a pipe, streamed (neither process holds a
    second, pickled copy), and the child leaves without clean-up. If ``here`` fails or is
    interrupted, the child is killed: its work is not wanted.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        status = 0
        try:
            try:
                message: tuple[str, object] = ("ok", child())
            except BaseException as error:  # everything must reach the parent
                message = ("error", error)
            with os.fdopen(write_end, "wb") as pipe:
                try:
                    pickle.dump(message, pipe, pickle.HIGHEST_PROTOCOL)
                except pickle.PicklingError:
                    failure = ChildFailed(f"{type(message[1]).__name__}: {message[1]}")
                    pickle.dump(("error", failure), pipe)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    received: tuple[str, object] | None = None
    receiving = os.fdopen(read_end, "rb")
    try:
        mine = here()
        try:
            received = pickle.load(receiving)
        except (EOFError, pickle.UnpicklingError):
            received = ("error", ChildFailed("the child process ended without a result"))
    finally:
        receiving.close()  # a child still writing gets a broken pipe and ends
        if received is None:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return mine, received


class Answer:
    """A yes-or-no question answered in a forked child while this process goes on; where no
    child can be forked (:func:`can_fork_here`), answered here and now.

    The child says its answer by its exit status, so nothing is sent back; a child that fails
    or is killed answers no. An answer never asked for is still collected (the child is
    reaped) when this object goes away.
    """

    def __init__(self, question: Callable[[], bool]) -> None:
        self._answer: bool | None = None
        self._waiting: list[int] = []  # the child's pid until it is reaped
        if not can_fork_here():
            self._answer = question()
            return
        pid = os.fork()
        if pid == 0:
            try:
                yes = question()
            except BaseException:
                yes = False
            os._exit(0 if yes else 1)
        self._waiting.append(pid)
        weakref.finalize(self, _reap, self._waiting)

    def get(self) -> bool:
        """The answer (waits for the child, once)."""
        if self._answer is None:
            self._answer = _reap(self._waiting)
        return self._answer


def _reap(waiting: list[int]) -> bool:
    """Wait for the child in ``waiting`` (if it was not reaped yet) and read its answer."""
    if not waiting:
        return False
    _, status = os.waitpid(waiting.pop(), 0)
    return os.waitstatus_to_exitcode(status) == 0
