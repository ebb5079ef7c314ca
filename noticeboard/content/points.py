"""Points: what each partner earned and spent, line by line, and the rankings.

The content model's rules, in one place:
- a fulfilled wish earns its claimer the wish's ``points`` (else ``rules.wish_fulfilled``),
  dated ``fulfilled``;
- a completed project earns every listed partner its full ``points`` (no split), dated
  ``completed``;
- each council attended (held on or before the build date) earns ``council_attendance``;
- each honor earns ``rules.honor``; each award its points, to each partner of a group award;
- a redemption spends its points; one of the points shop (``catalogue_item``) spends the item's
  points unless it says its own, and is labelled with the item's title. On one date, earnings
  count before redemptions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from noticeboard.content.model import Board, Date, Redemption


@dataclass(frozen=True)
class LedgerLine:
    """One line of a partner's points ledger; ``points`` is negative for redemptions."""

    partner: str
    date: Date
    points: int
    kind: str  # wish | project | council | honor | award | redemption
    record_type: str  # the record that earned or spent: wish, project, council, partner, ...
    record_id: str
    label: str  # what happened, in the record's own words (a title, a reason, an item)
    balance: int = 0  # running balance after this line

    @property
    def is_redemption(self) -> bool:
        return self.kind == "redemption"


# LedgerLine's fields up to ``label``: plain tuples, sorted before any line is made.
_Entry = tuple[str, Date, int, str, str, str, str]


def _entries(board: Board) -> Iterator[_Entry]:
    """Every earning and spending as a tuple of LedgerLine's fields up to ``label``."""
    rules = board.rules
    for wish in board.wishes:
        if wish.status == "fulfilled" and wish.claimed_by and wish.fulfilled:
            points = wish.points if wish.points is not None else rules.wish_fulfilled
            yield (wish.claimed_by, wish.fulfilled, points, "wish", "wish", wish.id, wish.title)
    for project in board.projects:
        if project.status == "completed" and project.completed:
            points = project.points if project.points is not None else rules.project_completed
            for partner_id in project.partners:
                yield (partner_id, project.completed, points, "project", "project", project.id, project.title)
    for council in board.councils:
        if council.date <= board.build_date:
            for partner_id in council.attendees:
                yield (
                    partner_id,
                    council.date,
                    rules.council_attendance,
                    "council",
                    "council",
                    council.id,
                    council.title,
                )
    for partner in board.partners:
        for honor in partner.honors:
            yield (partner.id, honor.date, rules.honor, "honor", "partner", partner.id, honor.title)
    for award in board.awards:
        for partner_id in award.partners:
            yield (partner_id, award.date, award.points, "award", "award", award.id, award.reason)
    for redemption in board.redemptions:
        points, label = redemption_terms(board, redemption)
        yield (redemption.partner, redemption.date, -points, "redemption", "redemption", redemption.id, label)


def redemption_terms(board: Board, redemption: Redemption) -> tuple[int, str]:
    """What a redemption spent and on what: its own points and item, or its catalogue item's
    (an item the shop does not have spends nothing: ``check`` reports it)."""
    if redemption.catalogue_item is None:
        return redemption.points or 0, redemption.item
    item = board.catalogue_item(redemption.catalogue_item)
    points = redemption.points if redemption.points is not None else item.points if item else 0
    return points, item.title if item else redemption.catalogue_item


def _order(line: LedgerLine) -> tuple[Date, bool, str, str, str]:
    return (line.date, line.is_redemption, line.kind, line.record_id, line.label)


def _entry_order(entry: _Entry) -> tuple[Date, bool, str, str, str]:
    """The order of :func:`_order`, for an entry of :func:`_entries`."""
    _, date, _, kind, _, record_id, label = entry
    return (date, kind == "redemption", kind, record_id, label)


def ledgers(board: Board) -> dict[str, list[LedgerLine]]:
    """Return each partner's ledger in date order with running balances."""
    by_partner: dict[str, list[_Entry]] = defaultdict(list)
    for entry in _entries(board):
        by_partner[entry[0]].append(entry)
    result: dict[str, list[LedgerLine]] = {}
    for partner_id in sorted(by_partner):
        balance = 0
        ordered = []
        for entry in sorted(by_partner[partner_id], key=_entry_order):
            balance += entry[2]
            ordered.append(LedgerLine(*entry, balance))
        result[partner_id] = ordered
    return result
