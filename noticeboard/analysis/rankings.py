"""The points rankings: organisations and individuals apart, and everyone together.

Ties share a rank (1, 2, 2, 4) and are listed by id, so the order is stable. Rankings are
by points *earned* (good deeds), with what was redeemed and the balance beside.
"""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.content.model import Board
from noticeboard.content.points import LedgerLine

RANKING_GROUPS = ("organizations", "individuals")


@dataclass(frozen=True)
class Standing:
    """A partner's totals and place in its ranking (organisations or individuals)."""

    partner: str
    earned: int
    redeemed: int
    rank: int

    @property
    def balance(self) -> int:
        return self.earned - self.redeemed


def rankings(board: Board, ledgers: dict[str, list[LedgerLine]]) -> dict[str, list[Standing]]:
    """Rank organisations and individuals separately by points earned (see module doc)."""
    groups: dict[str, list[Standing]] = {group: [] for group in RANKING_GROUPS}
    for partner in board.partners:
        lines = ledgers.get(partner.id, [])
        earned = sum(line.points for line in lines if not line.is_redemption)
        redeemed = -sum(line.points for line in lines if line.is_redemption)
        group = "individuals" if partner.is_individual else "organizations"
        groups[group].append(Standing(partner.id, earned, redeemed, 0))
    return {group: _ranked(standings) for group, standings in groups.items()}


def overall_ranking(rankings_by_group: dict[str, list[Standing]]) -> list[Standing]:
    """Everyone in one ranking (organisations and individuals together)."""
    return _ranked([s for standings in rankings_by_group.values() for s in standings])


def _ranked(standings: list[Standing]) -> list[Standing]:
    """Order by points earned, then id, and number the places; equal points share a place."""
    ordered = sorted(standings, key=lambda s: (-s.earned, s.partner))
    ranked: list[Standing] = []
    for position, s in enumerate(ordered, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].earned == s.earned else position
        ranked.append(Standing(s.partner, s.earned, s.redeemed, rank))
    return ranked
