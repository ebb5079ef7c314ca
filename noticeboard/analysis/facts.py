"""One board's whole-board analyses, each worked out once, when first asked for.

The home page, the partner pages, the points page, the open data, the print edition and the
review summary all ask for the same few analyses: the points ledgers and rankings, the
decision tracker, the supply list. A build makes one :class:`BoardFacts` for its board and
hands it to every producer, so each analysis runs once per build however many pages use it.

The facts are shared between their readers: treat what they return as read-only.
"""

from __future__ import annotations

from functools import cached_property

from noticeboard.analysis.decisions import TrackedDecision, decision_tracker
from noticeboard.analysis.followup import (
    AgreementWatch,
    Responses,
    ShopItem,
    agreement_watch,
    response_times,
    shop_items,
)
from noticeboard.analysis.partners import Offer, PartnerRecord, partner_records, supply_list
from noticeboard.analysis.places import Place, places
from noticeboard.analysis.rankings import Standing, overall_ranking, rankings
from noticeboard.analysis.related import Link, related_links
from noticeboard.analysis.stats import Stats, compute_stats
from noticeboard.content.model import Board, Council, Decision, Project, Wish
from noticeboard.content.points import LedgerLine, ledgers


class BoardFacts:
    """The analyses of one board (see module doc)."""

    def __init__(self, board: Board) -> None:
        self.board = board

    @cached_property
    def ledgers(self) -> dict[str, list[LedgerLine]]:
        """Each partner's points ledger, in date order with running balances."""
        return ledgers(self.board)

    @cached_property
    def rankings(self) -> dict[str, list[Standing]]:
        """The rankings of organisations and of individuals."""
        return rankings(self.board, self.ledgers)

    @cached_property
    def standings(self) -> dict[str, Standing]:
        """Each partner's standing in its own ranking, by partner id."""
        return {s.partner: s for group in self.rankings.values() for s in group}

    @cached_property
    def overall_ranking(self) -> list[Standing]:
        """Everyone in one ranking."""
        return overall_ranking(self.rankings)

    @cached_property
    def tracker(self) -> list[TrackedDecision]:
        """Every adopted decision of the councils held, newest council first."""
        return decision_tracker(self.board)

    @cached_property
    def supply(self) -> dict[str, list[Offer]]:
        """The service supply list: active partners' services by category."""
        return supply_list(self.board)

    @cached_property
    def partner_records(self) -> dict[str, PartnerRecord]:
        """What each partner has done, by partner id."""
        return partner_records(self.board, self.ledgers)

    @cached_property
    def related(self) -> dict[tuple[str, int | None], list[Link]]:
        """Each wish's, project's and decision's related records, both ways (by End.key)."""
        return related_links(self.board)

    def links_of(self, record: Wish | Project | Council, decision: Decision | None = None) -> list[Link]:
        """The related records of a wish, a project or a council's decision."""
        return self.related.get((record.source.rel, decision.index if decision else None), [])

    @cached_property
    def stats(self) -> Stats:
        """The seven headline figures."""
        return compute_stats(self.board)

    @cached_property
    def response_times(self) -> list[Responses]:
        """How wishes were answered: the last 12 months, then all time."""
        return response_times(self.board)

    @cached_property
    def agreements(self) -> AgreementWatch:
        """The co-construction agreements ending soon or expired while still signed."""
        return agreement_watch(self.board)

    @cached_property
    def places(self) -> list[Place]:
        """The board's places, each with its wishes, projects, councils and open decisions."""
        return places(self.board, self.tracker)

    @cached_property
    def shop(self) -> list[ShopItem]:
        """The points shop's items with what is left of each."""
        return shop_items(self.board)
