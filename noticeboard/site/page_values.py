"""The small values pages are made of: a titled group of records, a row of a table, a step of
a timeline. Plain data; the producers fill them and the templates format them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from noticeboard.analysis.charts import BarChart
from noticeboard.analysis.partners import Offer
from noticeboard.analysis.rankings import Standing
from noticeboard.analysis.related import Link
from noticeboard.content.model import Date, Decision, Partner, Project
from noticeboard.content.points import LedgerLine
from noticeboard.site.pictures import Picture


@dataclass(frozen=True)
class Group:
    """A titled list of records (a section of a list page)."""

    key: str  # catalog key suffix and HTML anchor
    items: list[Any]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class StandingRow:
    partner: Partner
    standing: Standing


@dataclass(frozen=True)
class LedgerRow:
    line: LedgerLine
    path: str | None  # the page of the record that earned or spent; None for awards, redemptions


@dataclass(frozen=True)
class DemandRow:
    """An open project with the first few matching partners; its page lists them all."""

    project: Project
    suggestions: list[Partner]
    more: int  # matching partners not shown on the list


@dataclass(frozen=True)
class SupplyGroup:
    """The offers of one service category; ``anchor`` links to it on the projects page."""

    anchor: str
    category: str
    offers: list[Offer]


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    overdue: bool
    links: list[Link]  # related wishes and projects, both ways
    progress: BarChart | None = None  # its follow-up's bar (noticeboard.site.follow)
    photos: list[Picture] = field(default_factory=list)  # before / after


@dataclass(frozen=True)
class Step:
    """One step of a wish's story: submitted, claimed, fulfilled, confirmed, disputed, withdrawn."""

    key: str
    date: Date | None
    partner: Partner | None = None
    who: str = ""
    text: str = ""  # what a disputed wish still lacks
    days: int | None = None  # days since the step before it (None: the first, or undated)
