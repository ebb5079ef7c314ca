"""What happened after the promise: how long wishes waited, whether residents confirmed them,
and which co-construction agreements are ending.

**Response times** (on the wishes page, the home page and in ``data/indicators.json``): the
median number of days from raised (``submitted``) to ``claimed`` and from raised to
``fulfilled``, over all time and over the last 12 months. A wish counts in the last 12 months
when the step that ends its wait happened then: a claim time when it was claimed, a
fulfilment time when it was fulfilled, within the 12 months that end on the build date — from
the day after the same date a year earlier (2021-08-28 for a build date of 2022-08-27; 29
February counts back to 28 February) to the build date, both included. A wish raised and
claimed on one day waited 0 days. Of an even number of waits the median is the mean of the
two middle ones (1.5 days).

**Confirmation**: of the wishes fulfilled in a period, how many the resident (or the person who
reported the wish) confirmed as done, and how many they disputed.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from noticeboard.content.followthrough import CatalogueItem
from noticeboard.content.model import Board, Date, Project, Wish

AGREEMENT_NOTICE_DAYS = 30  # the tracker lists agreements ending within this many days
PERIODS = ("last_12_months", "all_time")


def year_before(day: Date) -> Date:
    """The first day of the 12 months that end on ``day`` (the day after the same date a year earlier)."""
    try:
        a_year_earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        a_year_earlier = day.replace(year=day.year - 1, day=28)
    return a_year_earlier + dt.timedelta(days=1)


def median_days(days: list[int]) -> int | float | None:
    """The median of some numbers of days: a whole number, or a half; None of none."""
    if not days:
        return None
    middle = statistics.median(days)
    return int(middle) if float(middle).is_integer() else float(middle)


@dataclass(frozen=True)
class Responses:
    """How wishes were answered in one period (see the module doc)."""

    period: str  # last_12_months | all_time
    start: Date | None  # None: all time
    end: Date  # the build date
    claimed: int  # wishes claimed in the period
    days_to_claim: int | float | None  # median days from raised to claimed
    fulfilled: int  # wishes fulfilled in the period
    days_to_fulfil: int | float | None  # median days from raised to fulfilled
    confirmed: int  # of those fulfilled, confirmed by the resident
    disputed: int  # of those fulfilled, disputed by the resident

    @property
    def confirmed_percent(self) -> int | None:
        """The share of fulfilled wishes confirmed, in whole percent (None: none fulfilled)."""
        return round(100 * self.confirmed / self.fulfilled) if self.fulfilled else None


def _in(day: Date | None, start: Date | None, end: Date) -> bool:
    return day is not None and day <= end and (start is None or start <= day)


def responses(board: Board, period: str) -> Responses:
    """How the board's wishes were answered in one of PERIODS."""
    end = board.build_date
    start = year_before(end) if period == "last_12_months" else None
    claimed = [w for w in board.wishes if _in(w.claimed, start, end)]
    fulfilled = [w for w in board.wishes if w.status == "fulfilled" and _in(w.fulfilled, start, end)]
    return Responses(
        period=period,
        start=start,
        end=end,
        claimed=len(claimed),
        days_to_claim=median_days([_wait(w, w.claimed) for w in claimed]),
        fulfilled=len(fulfilled),
        days_to_fulfil=median_days([_wait(w, w.fulfilled) for w in fulfilled]),
        confirmed=sum(1 for w in fulfilled if w.confirmed is not None),
        disputed=sum(1 for w in fulfilled if w.disputed),
    )


def _wait(wish: Wish, until: Date | None) -> int:
    return (until - wish.submitted).days if until else 0


def response_times(board: Board) -> list[Responses]:
    """The responses of the last 12 months, then of all time."""
    return [responses(board, period) for period in PERIODS]


@dataclass(frozen=True)
class AgreementWatch:
    """Co-construction agreements the office must renew or close: ending within
    AGREEMENT_NOTICE_DAYS of the build date, and ended while the project is still signed."""

    ending: list[Project]  # signed, ending on or after the build date and within the notice
    expired: list[Project]  # signed, ended before the build date (协议已到期)

    @property
    def projects(self) -> list[Project]:
        """The expired ones first, then those ending."""
        return self.expired + self.ending

    @property
    def count(self) -> int:
        return len(self.ending) + len(self.expired)


def agreement_watch(board: Board) -> AgreementWatch:
    """The agreements ending soon and those expired, each soonest (or longest expired) first."""
    today = board.build_date
    last = today + dt.timedelta(days=AGREEMENT_NOTICE_DAYS)
    signed = [p for p in board.projects if p.status == "signed" and p.agreement and p.agreement.until]
    by_end = sorted(signed, key=lambda p: (p.agreement.until if p.agreement else today, p.id))
    return AgreementWatch(
        ending=[
            p for p in by_end if p.agreement and p.agreement.until and today <= p.agreement.until <= last
        ],
        expired=[p for p in by_end if p.agreement_expired(today)],
    )


SHOP_STATES = ("available", "upcoming", "sold-out", "ended")  # in the shop page's order


@dataclass(frozen=True)
class ShopItem:
    """An item of the points shop as residents see it on the build date."""

    item: CatalogueItem
    redeemed: int  # how many times it was redeemed
    remaining: int | None  # stock left; None: unlimited
    state: str  # one of SHOP_STATES

    @property
    def id(self) -> str:
        return self.item.id


def shop_items(board: Board) -> list[ShopItem]:
    """The points shop: what is on offer now first, then what is coming, sold out and ended."""
    today = board.build_date
    redeemed: dict[str, int] = {}
    for redemption in board.redemptions:
        if redemption.catalogue_item is not None:
            redeemed[redemption.catalogue_item] = redeemed.get(redemption.catalogue_item, 0) + 1
    found = []
    for item in board.catalogue:
        count = redeemed.get(item.id, 0)
        remaining = None if item.stock is None else max(item.stock - count, 0)
        if item.until is not None and item.until < today:
            state = "ended"
        elif remaining == 0:
            state = "sold-out"
        elif item.from_ is not None and today < item.from_:
            state = "upcoming"
        else:
            state = "available"
        found.append(ShopItem(item, count, remaining, state))
    return sorted(found, key=lambda s: (SHOP_STATES.index(s.state), s.item.index))
