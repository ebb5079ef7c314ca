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
