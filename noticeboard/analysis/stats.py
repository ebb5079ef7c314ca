"""The headline statistics of a board, as published on the home page and in data/stats.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from noticeboard.content.model import Board, Council, Decision


@dataclass(frozen=True)
class Stats:
    """The seven headline figures; field order is the order of data/stats.json."""

    partners_active: int
    projects_signed: int
    wishes_collected: int
    wishes_fulfilled: int
    councils_held: int
    council_participants: int
    problems_solved: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def figures(self) -> list[Figure]:
        """The figures in their published order, each with its key (its label's catalog key)."""
        return [Figure(key, value) for key, value in self.as_dict().items()]


@dataclass(frozen=True)
class Figure:
    """One headline figure: ``stats.<key>`` names it in the catalog."""

    key: str
    value: int


def held_councils(board: Board) -> list[Council]:
    """Councils dated on or before the build date."""
    return [c for c in board.councils if c.date <= board.build_date]


def is_problem_solved(decision: Decision) -> bool:
    """A difficult problem counts as solved when its adopted decision is done."""
    return decision.outcome == "adopted" and decision.status == "done" and decision.difficult_problem


def compute_stats(board: Board) -> Stats:
    """Count the headline figures."""
    held = held_councils(board)
    return Stats(
        partners_active=sum(1 for p in board.partners if p.is_active),
        projects_signed=sum(1 for p in board.projects if p.status in ("signed", "completed")),
        wishes_collected=len(board.wishes),
        wishes_fulfilled=sum(1 for w in board.wishes if w.status == "fulfilled"),
        councils_held=len(held),
        council_participants=sum(c.participants for c in held),
        problems_solved=sum(1 for c in held for d in c.decisions if is_problem_solved(d)),
    )
