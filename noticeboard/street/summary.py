"""What the street pages show of each community, and the street's totals, worked out once.

A community's data files are reduced as soon as they are read to what the street shows: the
seven headline figures, its open wishes, its overdue decisions, its response times and its
feed entries. A street of a hundred 1,000-record boards then holds a few thousand small
objects, never a hundred boards.

Response times come from dates every board publishes: days from a wish's submission to its
claim, and days from a council to an adopted decision's completion. A board with no claimed
wish (or no completed decision) has no such figure, and the pages say so instead of showing 0.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from noticeboard.street.config import CommunityEntry

# The seven headline figures, in data/stats.json's order (schemas/export/stats.schema.json).
FIGURES = (
    "partners_active",
    "projects_signed",
    "wishes_collected",
    "wishes_fulfilled",
    "councils_held",
    "council_participants",
    "problems_solved",
)
CURRENT, STALE, UNAVAILABLE = "current", "stale", "unavailable"


@dataclass(frozen=True)
class OpenWish:
    """A wish waiting for someone to claim it."""

    id: str
    title: str
    beneficiary: str
    category: str
    submitted: dt.date
    waiting_days: int  # from its submission to the street's build date
    url: str | None  # its page on the community's board, when the board has a public address


@dataclass(frozen=True)
class OverdueDecision:
    """An adopted council decision past its due date and not done (as the board says)."""

    council_id: str
    council_title: str
    council_date: dt.date
    index: int
    text: str
    owner: str | None
    due: dt.date
    status: str
    days_overdue: int  # from its due date to the street's build date
    url: str | None  # its council's page on the community's board


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a community's Atom feed, as the street's merged feed repeats it."""

    id: str
    title: str
    updated: str  # the RFC 3339 timestamp as the board wrote it
    link: str | None  # absolute, or None when it cannot be made so
    category: str | None
    summary: str


@dataclass(frozen=True)
class Snapshot:
    """What one community's published data say, reduced to what the street shows."""

    board_name: str
    community: str
    build_date: dt.date
    home: str | None  # the public address of its board (ends in /), when known
    figures: tuple[int, ...]  # in FIGURES order
    open_wishes: tuple[OpenWish, ...]
    overdue: tuple[OverdueDecision, ...]
    claim_days: tuple[int, ...]  # sorted
    done_days: tuple[int, ...]  # sorted
    feed: tuple[FeedEntry, ...]

    @property
    def days_to_claim(self) -> float | None:
        return median(self.claim_days)

    @property
    def days_to_done(self) -> float | None:
        return median(self.done_days)


@dataclass(frozen=True)
class Community:
    """A community of the street as the pages show it: current, a stale copy, or unavailable."""

    entry: CommunityEntry
    status: str  # CURRENT, STALE or UNAVAILABLE
    snapshot: Snapshot | None  # None when unavailable
    reason: str | None  # why not current: the code of its first problem

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass(frozen=True)
class Totals:
    """The street's figures over every community with data (stale copies included)."""

    communities: int  # how many communities the totals cover
    figures: tuple[int, ...]
    open_wishes: int
    overdue: int
    days_to_claim: float | None  # the median over every claimed wish of the street
    days_to_done: float | None


def median(values: Sequence[int]) -> float | None:
    """The median, to one decimal (a whole number as an int: 3, not 3.0); None without values."""
    if not values:
        return None
    middle = round(float(statistics.median(values)), 1)
    return int(middle) if middle.is_integer() else middle


def home_address(entry: CommunityEntry, board_url: str | None) -> str | None:
    """Where a community's board is published: STREET.yaml's ``url``, else the board's own
    address (index.json's ``board.url``), else the address it was fetched from; None for a
    folder without one."""
    for candidate in (entry.url, board_url, entry.location if entry.remote else None):
        if candidate and candidate.startswith(("http://", "https://")):
            return candidate if candidate.endswith("/") else candidate + "/"
    return None


def _page(home: str | None, url: str) -> str | None:
    """A record's page: its exported url, made absolute against the board's address."""
    if url.startswith(("http://", "https://")):
        return url
    return urljoin(home, url) if home else None


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def snapshot(
    entry: CommunityEntry, data: dict[str, Any], feed: Iterable[FeedEntry], build_date: dt.date
) -> Snapshot:
    """Reduce a community's validated data (``board``, ``stats``, ``wishes``, ``councils``)."""
    board = data["board"]
    home = home_address(entry, board["url"])
    open_wishes = []
    claim_days = []
    for wish in data["wishes"]:
        submitted = _date(wish["submitted"])
        if wish["status"] == "open":
            open_wishes.append(
                OpenWish(
                    wish["id"],
                    wish["title"],
                    wish["beneficiary"],
                    wish["category"],
                    submitted,
                    (build_date - submitted).days,
                    _page(home, wish["url"]),
                )
            )
        if wish["claimed"]:
            claim_days.append((_date(wish["claimed"]) - submitted).days)
    overdue = []
    done_days = []
    for council in data["councils"]:
        held = _date(council["date"])
        for decision in council["decisions"]:
            if decision["outcome"] == "adopted" and decision["done"]:
                done_days.append((_date(decision["done"]) - held).days)
            if decision["overdue"] and decision["due"]:
                due = _date(decision["due"])
                overdue.append(
                    OverdueDecision(
                        council["id"],
                        council["title"],
                        held,
                        decision["index"],
                        decision["text"],
                        decision["owner"],
                        due,
                        decision["status"] or "pending",
                        (build_date - due).days,
                        _page(home, council["url"]),
                    )
                )
    open_wishes.sort(key=lambda w: (w.submitted, w.id))
    overdue.sort(key=lambda d: (d.due, d.council_date, d.council_id, d.index))
    return Snapshot(
        board_name=board["name"],
        community=board["community"],
        build_date=_date(board["build_date"]),
        home=home,
        figures=tuple(int(data["stats"][key]) for key in FIGURES),
        open_wishes=tuple(open_wishes),
        overdue=tuple(overdue),
        claim_days=tuple(sorted(claim_days)),
        done_days=tuple(sorted(done_days)),
        feed=tuple(feed),
    )


def street_totals(communities: Iterable[Community]) -> Totals:
    """Add up the communities that have data; response times are medians over the whole street."""
    shown = [c.snapshot for c in communities if c.snapshot is not None]
    claim = sorted(day for s in shown for day in s.claim_days)
    done = sorted(day for s in shown for day in s.done_days)
    return Totals(
        communities=len(shown),
        figures=tuple(sum(s.figures[i] for s in shown) for i in range(len(FIGURES))),
        open_wishes=sum(len(s.open_wishes) for s in shown),
        overdue=sum(len(s.overdue) for s in shown),
        days_to_claim=median(claim),
        days_to_done=median(done),
    )
