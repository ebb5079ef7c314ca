"""A yes-or-no question answered in a forked child (noticeboard.cores.Answer)."""

from __future__ import annotations

import gc
import os

import pytest

from noticeboard import cores

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "can_fork_here", lambda: True)


def test_the_child_answers_yes_or_no() -> None:
    parent = os.getpid()
    asked_in = cores.Answer(lambda: os.getpid() != parent)  # true only in a child
    assert asked_in.get() is True
    assert asked_in.get() is True  # asked again: the same answer, no second wait
    assert cores.Answer(lambda: False).get() is False


def test_a_question_that_fails_is_answered_no() -> None:
    def fails() -> bool:
        raise OSError("the folder went away")

    assert cores.Answer(fails).get() is False


def test_an_answer_never_asked_for_leaves_no_child_behind() -> None:
    answer = cores.Answer(lambda: True)
    pid = answer._waiting[0]
    del answer
    gc.collect()
    with pytest.raises(ChildProcessError):  # reaped: no longer a child of this process
        os.waitpid(pid, os.WNOHANG)


def test_without_a_second_core_the_question_is_answered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "can_fork_here", lambda: False)
    here = os.getpid()
    assert cores.Answer(lambda: os.getpid() == here).get() is True


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(
    not os.path.exists("/proc/self/statm") or cores._malloc_trim() is None, reason="glibc on Linux only"
)
def test_free_memory_goes_back_to_the_kernel() -> None:
    """Freed pages of rendered size (16 KB each, 100 MB) stay with the process until given back;
    one survivor above them keeps the C heap from shrinking by itself."""
    pages = [bytes(16_384) for _ in range(6_400)]
    survivor = bytes(16_384)  # above them in the heap
    before = _resident_mb()
    del pages
    kept = _resident_mb()
    cores.give_back_free_memory()
    after = _resident_mb()
    assert survivor is not None
    assert kept > before - 20  # freeing alone gave (almost) nothing back
    assert after < kept - 80
