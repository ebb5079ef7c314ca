"""Compute a whole-board analysis once per board, however many pages and files ask for it.

A build asks for the points ledgers, the decision tracker or the partner records from the
home page, the partner pages, the points page and the open-data files alike. Decorating
such a function with :func:`once_per_board` keeps its last result, with a snapshot of the
board it came from: the record lists (their objects, by identity), the rules and the
build date. A later call with a board of the very same records gets that result back; any
other board (a rebuild after an edit, another test) computes afresh and replaces it, so
one board's worth of results is kept at most and a long ``serve`` never grows.

The result is shared between callers: treat it as read-only.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import TypeVar

from noticeboard.model import Board

T = TypeVar("T")


def snapshot(board: Board) -> tuple:
    """What a board analysis depends on: the build date, the rules and every record."""
    return (
        board.build_date,
        board.rules,
        tuple(board.partners),
        tuple(board.projects),
        tuple(board.wishes),
        tuple(board.councils),
        tuple(board.awards),
        tuple(board.redemptions),
    )


def same_board(before: tuple, now: tuple) -> bool:
    """Tell whether two snapshots hold the same records, by identity (C speed, no value compare)."""
    if before[:2] != now[:2]:
        return False
    for old, new in zip(before[2:], now[2:], strict=True):
        if len(old) != len(new) or not all(map(operator.is_, old, new)):
            return False
    return True


def once_per_board(compute: Callable[[Board], T]) -> Callable[[Board], T]:
    """Decorate ``compute(board)`` to run once for a board of the same records (see module doc)."""
    latest: list[tuple[tuple, T] | None] = [None]  # (snapshot, result) of the latest board

    @functools.wraps(compute)
    def shared(board: Board) -> T:
        now = snapshot(board)
        known = latest[0]  # read once: snapshot and result of one board, even across threads
        if known is not None and same_board(known[0], now):
            return known[1]
        result = compute(board)
        latest[0] = (now, result)
        return result

    shared.uncached = compute  # type: ignore[attr-defined]
    return shared
