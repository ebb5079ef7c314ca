"""Micro-wishes seen across the board."""

from __future__ import annotations

from noticeboard.content.model import Board, Wish


def open_wishes(board: Board) -> list[Wish]:
    """Wishes waiting for someone to claim them, oldest first."""
    return sorted((w for w in board.wishes if w.status == "open"), key=lambda w: (w.submitted, w.id))
