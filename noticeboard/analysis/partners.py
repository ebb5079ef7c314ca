"""Partners seen across the board: the service supply list, what answers each open project,
and each partner's record of agreements, fulfilled wishes, councils and points."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from noticeboard.content.model import Board, Council, Partner, Project, Service, Wish
from noticeboard.content.points import LedgerLine


@dataclass(frozen=True)
class Offer:
    partner: Partner
    service: Service


def supply_list(board: Board) -> dict[str, list[Offer]]:
    """All active partners' services, by category, categories and offers sorted."""
    by_category: dict[str, list[Offer]] = defaultdict(list)
    for partner in board.partners:
        if partner.is_active:
            for service in partner.services:
                by_category[service.category].append(Offer(partner, service))
    return {
        category: sorted(by_category[category], key=lambda o: (o.partner.id, o.service.title))
        for category in sorted(by_category)
    }


def demand_matches(board: Board, supply: dict[str, list[Offer]]) -> dict[str, list[Partner]]:
    """For each open project, the active partners offering a service in its category."""
    matches: dict[str, list[Partner]] = {}
    for project in board.projects:
        if project.status == "open":
            partners = {offer.partner.id: offer.partner for offer in supply.get(project.category, [])}
            matches[project.id] = [partners[pid] for pid in sorted(partners)]
    return matches


@dataclass(frozen=True)
class PartnerRecord:
    """What one partner has done: agreements signed, wishes fulfilled, councils attended."""

    projects: tuple[Project, ...] = ()
    wishes: tuple[Wish, ...] = ()
    councils: tuple[Council, ...] = ()
    ledger: tuple[LedgerLine, ...] = ()


def partner_records(board: Board, ledgers: dict[str, list[LedgerLine]]) -> dict[str, PartnerRecord]:
    """Collect each partner's agreements, fulfilled wishes, attended councils and ledger."""
    projects: dict[str, list[Project]] = defaultdict(list)
    wishes: dict[str, list[Wish]] = defaultdict(list)
    councils: dict[str, list[Council]] = defaultdict(list)
    for project in board.projects:
        if project.signed is not None:
            for pid in project.partners:
                projects[pid].append(project)
    for wish in board.wishes:
        if wish.status == "fulfilled" and wish.claimed_by:
            wishes[wish.claimed_by].append(wish)
    for council in board.councils:
        if council.date <= board.build_date:
            for pid in council.attendees:
                councils[pid].append(council)
    return {
        p.id: PartnerRecord(
            projects=tuple(sorted(projects[p.id], key=lambda j: (j.signed, j.id), reverse=True)),
            wishes=tuple(sorted(wishes[p.id], key=lambda w: (w.fulfilled, w.id), reverse=True)),
            councils=tuple(sorted(councils[p.id], key=lambda c: (c.date, c.id), reverse=True)),
            ledger=tuple(ledgers.get(p.id, [])),
        )
        for p in board.partners
    }


def newest_partners(board: Board, limit: int = 6) -> list[Partner]:
    """Active partners who joined most recently."""
    active = [p for p in board.partners if p.is_active]
    return sorted(active, key=lambda p: (-p.joined.toordinal(), p.id))[:limit]
