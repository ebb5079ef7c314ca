"""What happened after a record was made: a decision's follow-up, a project's agreement, and
the points shop the points are spent in.

Plain frozen values held by the records of :mod:`noticeboard.content.model` (a decision's
``updates``, a project's ``agreement``) and by the board (its ``catalogue``). Defaults are
applied by :mod:`noticeboard.content.builders`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Date = dt.date
DONE_PROGRESS = 100  # a decision marked done is all the way, whatever its last update said


@dataclass(frozen=True)
class Update:
    """One dated step of an adopted decision's follow-up (落实进展)."""

    date: Date
    text: str
    progress: int | None = None  # percent, 0–100; None: the update says no figure


def progress_of(updates: tuple[Update, ...], done: bool) -> int | None:
    """A decision's progress: 100 when done, else the latest update's figure (None: none given)."""
    if done:
        return DONE_PROGRESS
    return next((u.progress for u in reversed(updates) if u.progress is not None), None)


@dataclass(frozen=True)
class Agreement:
    """A co-construction project agreement (共建协议): what each side promises, until when."""

    summary: str
    until: Date | None = None

    def expired(self, on: Date) -> bool:
        """Whether it had ended before ``on``."""
        return self.until is not None and self.until < on


@dataclass(frozen=True)
class CatalogueItem:
    """One item of the points shop (积分超市), from points/catalogue.yaml."""

    index: int  # its place in the file's list, 0-based (for messages)
    id: str
    title: str
    points: int
    provider: str | None = None  # a partner id
    stock: int | None = None  # how many in all; None: unlimited
    from_: Date | None = None
    until: Date | None = None

    def available_on(self, day: Date) -> bool:
        """Whether it could be redeemed on ``day`` (its from and until both included)."""
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day <= self.until)
