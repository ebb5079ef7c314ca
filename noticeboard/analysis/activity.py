"""Facts derived from the board for pages, print and review: computed here, never in templates.

Every function is pure: a Board in, plain typed values out, in a stable order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from noticeboard.analysis.decisions import TrackedDecision, is_overdue, open_followups
from noticeboard.content.model import Board, Council, Date, Partner, Project, Wish
from noticeboard.content.points import LedgerLine, redemption_terms

# --- council decisions ------------------------------------------------------------------


# --- supply and demand ------------------------------------------------------------------


# --- partners ---------------------------------------------------------------------------


# --- activity over time -----------------------------------------------------------------


ACTIVITY_SERIES = ("wishes_collected", "wishes_fulfilled", "councils", "agreements_signed")


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

    def counts(self) -> dict[str, int]:
        """Each series' count (ACTIVITY_SERIES)."""
        return {series: getattr(self, series) for series in ACTIVITY_SERIES}


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
    # Months before the board's first record were not recorded, not empty: leave them out.
    first = min((label for label in counts if counts[label]), default=labels[-1])
    return [MonthActivity(label, **counts.get(label, {})) for label in labels if label >= first]


def last_months(build_date: Date, months: int = 12) -> list[str]:
    """The labels (YYYY-MM) of the last ``months`` months up to the build date, oldest first."""
    start_year, start_month = build_date.year, build_date.month - (months - 1)
    while start_month < 1:
        start_year, start_month = start_year - 1, start_month + 12
    return _months_between(dt.date(start_year, start_month, 1), build_date)


@dataclass(frozen=True)
class MonthPoints:
    """Points earned (good deeds) and redeemed across the board in one month."""

    month: str  # YYYY-MM
    earned: int
    redeemed: int


def points_by_month(
    ledgers: dict[str, list[LedgerLine]], build_date: Date, months: int = 12
) -> list[MonthPoints]:
    """Points earned and redeemed per month over the last ``months`` months, from the first
    month with points on (months before the board's first record were not recorded)."""
    earned: dict[str, int] = defaultdict(int)
    redeemed: dict[str, int] = defaultdict(int)
    for lines in ledgers.values():
        for line in lines:
            if line.is_redemption:
                redeemed[_month(line.date)] -= line.points
            else:
                earned[_month(line.date)] += line.points
    labels = last_months(build_date, months)
    first = min((label for label in (*earned, *redeemed)), default=labels[-1])
    return [
        MonthPoints(label, earned.get(label, 0), redeemed.get(label, 0)) for label in labels if label >= first
    ]


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
class Redeemed:
    """A redemption as the notice shows it: who spent how many points on what, and when (a
    catalogue item's points and title filled in)."""

    id: str
    partner: str
    date: Date
    points: int
    item: str


@dataclass(frozen=True)
class PeriodEvents:
    """What happened in a period, each list in date order."""

    period: Period
    wishes_fulfilled: list[Wish] = field(default_factory=list)
    wishes_claimed: list[Wish] = field(default_factory=list)  # claimed, not fulfilled at the end
    wishes_waiting: list[Wish] = field(default_factory=list)  # submitted, not claimed at the end
    decisions: list[TrackedDecision] = field(default_factory=list)  # taken in the period
    followups: list[TrackedDecision] = field(default_factory=list)  # every adopted one not done
    agreements_signed: list[Project] = field(default_factory=list)
    projects_completed: list[Project] = field(default_factory=list)
    partners_joined: list[Partner] = field(default_factory=list)
    partners_withdrew: list[Partner] = field(default_factory=list)
    redemptions: list[Redeemed] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.wishes_fulfilled
            or self.wishes_claimed
            or self.wishes_waiting
            or self.decisions
            or self.agreements_signed
            or self.projects_completed
            or self.partners_joined
            or self.partners_withdrew
            or self.redemptions
        )


def claimed_at(wish: Wish, day: Date) -> bool:
    """Whether a wish was claimed and not yet fulfilled at the end of ``day``.

    The dates say it for any day: a wish claimed in May and fulfilled in June was being
    worked on at the end of May. A withdrawn wish says not when it was withdrawn: never.
    """
    if wish.status == "withdrawn" or wish.claimed is None or wish.claimed > day:
        return False
    return wish.fulfilled is None or wish.fulfilled > day


def waiting_at(wish: Wish, day: Date) -> bool:
    """Whether a wish had been raised and was still waiting for a claimer at the end of ``day``."""
    if wish.status == "withdrawn" or wish.submitted > day:
        return False
    return wish.claimed is None or wish.claimed > day


def events_in_period(board: Board, period: Period, tracker: list[TrackedDecision]) -> PeriodEvents:
    """Collect the events of a period; follow-ups list every open adopted decision.

    The wishes being worked on and the wishes waiting are those of the period's last day,
    whenever they were raised, so a period printed later says what its own notice said.
    """
    end = period.end
    return PeriodEvents(
        period=period,
        wishes_fulfilled=sorted(
            (w for w in board.wishes if w.fulfilled in period), key=lambda w: (w.fulfilled, w.id)
        ),
        wishes_claimed=sorted(
            (w for w in board.wishes if claimed_at(w, end)), key=lambda w: (w.claimed or end, w.id)
        ),
        wishes_waiting=sorted(
            (w for w in board.wishes if waiting_at(w, end)), key=lambda w: (w.submitted, w.id)
        ),
        decisions=sorted(
            (t for t in tracker if t.council.date in period),
            key=lambda t: (t.council.date, t.council.id, t.decision.index),
        ),
        followups=open_followups(tracker),
        agreements_signed=sorted(
            (p for p in board.projects if p.signed in period), key=lambda p: (p.signed, p.id)
        ),
        projects_completed=sorted(
            (p for p in board.projects if p.completed in period), key=lambda p: (p.completed, p.id)
        ),
        partners_joined=sorted(
            (p for p in board.partners if p.joined in period), key=lambda p: (p.joined, p.id)
        ),
        partners_withdrew=sorted(
            (p for p in board.partners if p.withdrawn in period), key=lambda p: (p.withdrawn, p.id)
        ),
        redemptions=[
            Redeemed(r.id, r.partner, r.date, *redemption_terms(board, r))
            for r in sorted(board.redemptions, key=lambda r: (r.date, r.id))
            if r.date in period
        ],
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


@dataclass(frozen=True)
class CouncilDecisions:
    """A council held in a period and every decision it took."""

    council: Council
    decisions: list[TrackedDecision]


def councils_in_period(board: Board, period: Period) -> list[CouncilDecisions]:
    """The councils held in a period, in date order, each with its decisions (none: left out)."""
    grouped: dict[str, list[TrackedDecision]] = {}
    for tracked in decisions_in_period(board, period):
        grouped.setdefault(tracked.council.id, []).append(tracked)
    return [CouncilDecisions(items[0].council, items) for items in grouped.values()]
