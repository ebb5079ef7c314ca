"""The places of a board (site.yaml ``places``: courtyards, buildings, units) and what each holds.

A place's records are the wishes, projects and councils whose ``place`` names it; its open
decisions are the adopted decisions not yet done of the councils held there. The places are
site.yaml's, in its order; a board that lists none has the places its records name, by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.analysis.decisions import TrackedDecision
from noticeboard.content.model import Board, Council, Project, Wish


@dataclass(frozen=True)
class Place:
    """One place and its records, each list newest first."""

    name: str
    wishes: list[Wish]
    projects: list[Project]
    councils: list[Council]
    open_decisions: list[TrackedDecision]

    @property
    def count(self) -> int:
        """How many records name it."""
        return len(self.wishes) + len(self.projects) + len(self.councils)


def place_names(board: Board) -> list[str]:
    """The board's places: site.yaml's in its order, else those its records name, sorted."""
    if board.site.places:
        return list(board.site.places)
    records: list[Wish | Project | Council] = [*board.wishes, *board.projects, *board.councils]
    return sorted({record.place for record in records if record.place})


def places(board: Board, tracker: list[TrackedDecision]) -> list[Place]:
    """Every place with its records (see the module doc)."""
    names = place_names(board)
    wishes: dict[str, list[Wish]] = {name: [] for name in names}
    projects: dict[str, list[Project]] = {name: [] for name in names}
    councils: dict[str, list[Council]] = {name: [] for name in names}
    for wish in sorted(board.wishes, key=lambda w: (w.submitted, w.id), reverse=True):
        if wish.place in wishes:
            wishes[wish.place].append(wish)
    for project in sorted(board.projects, key=lambda p: (p.raised, p.id), reverse=True):
        if project.place in projects:
            projects[project.place].append(project)
    for council in sorted(board.councils, key=lambda c: (c.date, c.id), reverse=True):
        if council.place in councils:
            councils[council.place].append(council)
    open_decisions: dict[str, list[TrackedDecision]] = {name: [] for name in names}
    for tracked in tracker:
        place = tracked.council.place
        if place in open_decisions and tracked.decision.status != "done":
            open_decisions[place].append(tracked)
    return [Place(n, wishes[n], projects[n], councils[n], open_decisions[n]) for n in names]
