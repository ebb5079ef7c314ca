"""Facts derived from the board for pages, print and review: computed here, never in templates.

Every function is pure: a Board in, plain typed values out, in a stable order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from noticeboard.model import Board, Council, Date, Decision, Partner, Project, Redemption, Service, Wish
from noticeboard.perboard import once_per_board
from noticeboard.points import LedgerLine, Standing, ledgers, rankings

# --- council decisions ------------------------------------------------------------------


@dataclass(frozen=True)
class TrackedDecision:
    """A decision with its council, and whether its follow-up is overdue at the build date."""

    council: Council
    decision: Decision
    overdue: bool

    @property
    def done_on_time(self) -> bool:
        """Done, and by its due date when it has one."""
        d = self.decision
        return d.status == "done" and (d.due is None or (d.done is not None and d.done <= d.due))


def is_overdue(decision: Decision, build_date: Date) -> bool:
    """An adopted decision not done whose due date has passed."""
    return (
        decision.outcome == "adopted"
        and decision.status != "done"
        and decision.due is not None
        and decision.due < build_date
    )


def _newest_first(tracked: TrackedDecision) -> tuple:
    return (-tracked.council.date.toordinal(), tracked.council.id, tracked.decision.index)


@once_per_board
def decision_tracker(board: Board) -> list[TrackedDecision]:
    """Every adopted decision of every held council, newest council first (shared: read-only)."""
    tracked = [
        TrackedDecision(council, decision, is_overdue(decision, board.build_date))
        for council in board.councils
        if council.date <= board.build_date
        for decision in council.decisions
        if decision.outcome == "adopted"
    ]
    return sorted(tracked, key=_newest_first)


def open_followups(board: Board) -> list[TrackedDecision]:
    """Adopted decisions not done yet, overdue ones first, then by due date."""
    pending = [t for t in decision_tracker(board) if t.decision.status != "done"]
    return sorted(
        pending,
        key=lambda t: (not t.overdue, t.decision.due or dt.date.max, t.council.id, t.decision.index),
    )


@dataclass(frozen=True)
class OnTimeRate:
    """Done by due ÷ (done + open and overdue): late open items count against the rate.

    A done decision without a due date counts as on time (it could not be late).
    """

    done_on_time: int
    done: int
    open_overdue: int

    @property
    def denominator(self) -> int:
        return self.done + self.open_overdue

    @property
    def percent(self) -> int | None:
        """Whole percent, or None when nothing is due yet."""
        if not self.denominator:
            return None
        return round(100 * self.done_on_time / self.denominator)


def on_time_rate(board: Board) -> OnTimeRate:
    """Compute the honest on-time rate of adopted decisions."""
    tracked = decision_tracker(board)
    return OnTimeRate(
        done_on_time=sum(1 for t in tracked if t.done_on_time),
        done=sum(1 for t in tracked if t.decision.status == "done"),
        open_overdue=sum(1 for t in tracked if t.overdue),
    )


def problems_solved(board: Board) -> list[TrackedDecision]:
    """Difficult problems whose adopted decision is done, newest first."""
    return [
        t for t in decision_tracker(board) if t.decision.difficult_problem and t.decision.status == "done"
    ]


def latest_decisions(board: Board, limit: int = 6) -> list[TrackedDecision]:
    """The newest adopted decisions with their follow-up status."""
    return decision_tracker(board)[:limit]


# --- supply and demand ------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    partner: Partner
    service: Service


@once_per_board
def supply_list(board: Board) -> dict[str, list[Offer]]:
    """All active partners' services, by category, categories and offers sorted (shared: read-only)."""
    by_category: dict[str, list[Offer]] = defaultdict(list)
    for partner in board.partners:
        if partner.is_active:
            for service in partner.services:
                by_category[service.category].append(Offer(partner, service))
    return {
        category: sorted(by_category[category], key=lambda o: (o.partner.id, o.service.title))
        for category in sorted(by_category)
    }


def demand_matches(board: Board) -> dict[str, list[Partner]]:
    """For each open project, the active partners offering a service in its category."""
    supply = supply_list(board)
    matches: dict[str, list[Partner]] = {}
    for project in board.projects:
        if project.status == "open":
            partners = {offer.partner.id: offer.partner for offer in supply.get(project.category, [])}
            matches[project.id] = [partners[pid] for pid in sorted(partners)]
    return matches


# --- partners ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerRecord:
    """What one partner has done: agreements signed, wishes fulfilled, councils attended."""

    projects: tuple[Project, ...] = ()
    wishes: tuple[Wish, ...] = ()
    councils: tuple[Council, ...] = ()
    ledger: tuple[LedgerLine, ...] = ()


@once_per_board
def partner_records(board: Board) -> dict[str, PartnerRecord]:
    """Collect each partner's agreements, fulfilled wishes, attended councils and ledger (shared)."""
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
    all_ledgers = ledgers(board)
    return {
        p.id: PartnerRecord(
            projects=tuple(sorted(projects[p.id], key=lambda j: (j.signed, j.id), reverse=True)),
            wishes=tuple(sorted(wishes[p.id], key=lambda w: (w.fulfilled, w.id), reverse=True)),
            councils=tuple(sorted(councils[p.id], key=lambda c: (c.date, c.id), reverse=True)),
            ledger=tuple(all_ledgers.get(p.id, [])),
        )
        for p in board.partners
    }


def newest_partners(board: Board, limit: int = 6) -> list[Partner]:
    """Active partners who joined most recently."""
    active = [p for p in board.partners if p.is_active]
    return sorted(active, key=lambda p: (-p.joined.toordinal(), p.id))[:limit]


def top_points(board: Board, limit: int = 10) -> list[Standing]:
    """The overall points ranking (organisations and individuals together), top ``limit``."""
    return _overall_ranking(board)[:limit]


@once_per_board
def _overall_ranking(board: Board) -> list[Standing]:
    groups = rankings(board, ledgers(board))
    rows = sorted(
        (s for standings in groups.values() for s in standings), key=lambda s: (-s.earned, s.partner)
    )
    ranked: list[Standing] = []
    for position, s in enumerate(rows, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].earned == s.earned else position
        ranked.append(Standing(s.partner, s.earned, s.redeemed, rank))
    return ranked


def open_wishes(board: Board) -> list[Wish]:
    """Wishes waiting for someone to claim them, oldest first."""
    return sorted((w for w in board.wishes if w.status == "open"), key=lambda w: (w.submitted, w.id))


# --- activity over time -----------------------------------------------------------------


@dataclass(frozen=True)
class MonthActivity:
    month: str  # YYYY-MM
    wishes_collected: int = 0
    wishes_fulfilled: int = 0
    councils: int = 0
    agreements_signed: int = 0

    @property
    def total(self) -> int:
        return self.wishes_collected + self.wishes_fulfilled + self.councils + self.agreements_signed


def _month(date: Date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def _months_between(first: Date, last: Date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_activity(board: Board, months: int = 12) -> list[MonthActivity]:
    """Counts per month for the last ``months`` months up to the build date."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for wish in board.wishes:
        counts[_month(wish.submitted)]["wishes_collected"] += 1
        if wish.fulfilled:
            counts[_month(wish.fulfilled)]["wishes_fulfilled"] += 1
    for council in board.councils:
        if council.date <= board.build_date:
            counts[_month(council.date)]["councils"] += 1
    for project in board.projects:
        if project.signed:
            counts[_month(project.signed)]["agreements_signed"] += 1
    end = board.build_date
    start_year, start_month = end.year, end.month - (months - 1)
    while start_month < 1:
        start_year, start_month = start_year - 1, start_month + 12
    labels = _months_between(dt.date(start_year, start_month, 1), end)
    return [MonthActivity(label, **counts.get(label, {})) for label in labels]


# --- a period (print edition, review) ---------------------------------------------------


@dataclass(frozen=True)
class Period:
    """An inclusive date range, e.g. one month of notices (公示期)."""

    start: Date
    end: Date

    def __contains__(self, date: Date | None) -> bool:
        return date is not None and self.start <= date <= self.end

    @property
    def slug(self) -> str:
        """A file name: ``2022-08`` for a whole month, else ``2022-06-01_2022-08-27``."""
        first_of_month = self.start.day == 1
        next_month = (self.end + dt.timedelta(days=1)).day == 1
        same_month = (self.start.year, self.start.month) == (self.end.year, self.end.month)
        if first_of_month and next_month and same_month:
            return _month(self.start)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def month_period(year: int, month: int) -> Period:
    """The whole calendar month."""
    start = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, following - dt.timedelta(days=1))


@dataclass(frozen=True)
class PeriodEvents:
    """What happened in a period, each list in date order."""

    period: Period
    wishes_fulfilled: list[Wish] = field(default_factory=list)
    wishes_waiting: list[Wish] = field(default_factory=list)  # submitted in the period, still open
    decisions: list[TrackedDecision] = field(default_factory=list)  # taken in the period
    followups: list[TrackedDecision] = field(default_factory=list)  # every adopted one not done
    agreements_signed: list[Project] = field(default_factory=list)
    partners_joined: list[Partner] = field(default_factory=list)
    partners_withdrew: list[Partner] = field(default_factory=list)
    redemptions: list[Redemption] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.wishes_fulfilled
            or self.wishes_waiting
            or self.decisions
            or self.agreements_signed
            or self.partners_joined
            or self.partners_withdrew
            or self.redemptions
        )


def events_in_period(board: Board, period: Period) -> PeriodEvents:
    """Collect the events of a period; follow-ups list every open adopted decision."""
    return PeriodEvents(
        period=period,
        wishes_fulfilled=sorted(
            (w for w in board.wishes if w.fulfilled in period), key=lambda w: (w.fulfilled, w.id)
        ),
        wishes_waiting=sorted(
            (w for w in board.wishes if w.status == "open" and w.submitted in period),
            key=lambda w: (w.submitted, w.id),
        ),
        decisions=sorted(
            (t for t in decision_tracker(board) if t.council.date in period),
            key=lambda t: (t.council.date, t.council.id, t.decision.index),
        ),
        followups=open_followups(board),
        agreements_signed=sorted(
            (p for p in board.projects if p.signed in period), key=lambda p: (p.signed, p.id)
        ),
        partners_joined=sorted(
            (p for p in board.partners if p.joined in period), key=lambda p: (p.joined, p.id)
        ),
        partners_withdrew=sorted(
            (p for p in board.partners if p.withdrawn in period), key=lambda p: (p.withdrawn, p.id)
        ),
        redemptions=sorted((r for r in board.redemptions if r.date in period), key=lambda r: (r.date, r.id)),
    )


def busiest_month(board: Board) -> Period:
    """The month with most activity up to the build date (ties: the latest)."""
    activity = monthly_activity(board, months=240)
    best = max(activity, key=lambda m: (m.total, m.month))
    year, month = (int(part) for part in best.month.split("-"))
    return month_period(year, month)


def decisions_in_period(board: Board, period: Period) -> list[TrackedDecision]:
    """Every decision of the councils held in a period, whatever its outcome, in council order."""
    return [
        TrackedDecision(council, decision, is_overdue(decision, board.build_date))
        for council in sorted(board.councils, key=lambda c: (c.date, c.id))
        if council.date in period and council.date <= board.build_date
        for decision in council.decisions
    ]
