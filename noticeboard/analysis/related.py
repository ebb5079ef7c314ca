"""Records linked to each other with ``related:``: each link shown on both records' pages.

A wish, a project or a council's decision may name related records (``wishes/ID``,
``projects/ID``, ``councils/ID#N``); the check has made sure each exists. A link is shown
on both ends: on the earlier record as what followed (后续), on the later one as where it
came from (来源), so a resident can follow a wish to the project that answered it and on to
the council decision that built it. Records are dated by when they arose: a wish when it
was raised, a project when it was raised, a decision on its council's date; on the same day
the record that names the other is the later one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from noticeboard.content.model import Board, Council, Date, Decision, Project, Wish

ORIGIN = "origin"  # 来源: the other record came first
FOLLOW_UP = "follow-up"  # 后续: the other record came after


@dataclass(frozen=True)
class End:
    """One end of a link: a wish, a project, or one decision of a council."""

    record: Wish | Project | Council
    decision: Decision | None = None

    @property
    def key(self) -> tuple[str, int | None]:
        """What identifies this end on the board (the record's file name, the decision number)."""
        return (self.record.source.rel, self.decision.index if self.decision else None)

    @property
    def date(self) -> Date:
        """When the matter arose."""
        record = self.record
        if isinstance(record, Wish):
            return record.submitted
        if isinstance(record, Project):
            return record.raised
        return record.date


@dataclass(frozen=True)
class Link:
    """A related record as a page shows it: which way it points, and the record."""

    direction: str  # ORIGIN or FOLLOW_UP
    other: End


def _ends(board: Board) -> tuple[dict[str, End], list[tuple[End, list[str]]]]:
    """Every end that names others, and the ends they name, by reference (a big board's
    records mostly name none: only those named are looked up)."""
    naming: list[tuple[End, list[str]]] = []
    for wish in board.wishes:
        if wish.related:
            naming.append((End(wish), list(wish.related)))
    for project in board.projects:
        if project.related:
            naming.append((End(project), list(project.related)))
    for council in board.councils:
        for decision in council.decisions:
            if decision.related:
                naming.append((End(council, decision), list(decision.related)))
    named = {reference for _, references in naming for reference in references}
    by_reference: dict[str, End] = {}
    for wish in board.wishes:
        if (reference := f"wishes/{wish.id}") in named:
            by_reference[reference] = End(wish)
    for project in board.projects:
        if (reference := f"projects/{project.id}") in named:
            by_reference[reference] = End(project)
    for council in board.councils:
        for decision in council.decisions:
            if (reference := f"councils/{council.id}#{decision.index + 1}") in named:
                by_reference[reference] = End(council, decision)
    return by_reference, naming


def related_links(board: Board) -> dict[tuple[str, int | None], list[Link]]:
    """Each end's links, both ways, oldest related record first (by End.key)."""
    by_reference, naming = _ends(board)
    links: dict[tuple[str, int | None], list[Link]] = defaultdict(list)
    for end, references in naming:
        for reference in references:
            other = by_reference.get(reference)
            if other is None or other.key == end.key:
                continue  # reported by the check (or a record naming itself: nothing to show)
            other_first = other.date <= end.date
            links[end.key].append(Link(ORIGIN if other_first else FOLLOW_UP, other))
            links[other.key].append(Link(FOLLOW_UP if other_first else ORIGIN, end))
    return {key: _ordered(found) for key, found in links.items()}


def _ordered(found: list[Link]) -> list[Link]:
    """Oldest first, each other record once."""
    unique = {link.other.key: link for link in found}
    return sorted(unique.values(), key=lambda link: (link.other.date, link.other.key))
