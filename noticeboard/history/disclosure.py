"""Timely disclosure: was each event published within the limit of working days?

Community-affairs disclosure expects a matter on the board within ``site.disclosure
.working_days`` working days (default 20) of arising. The board knows when an event
happened (a wish's ``fulfilled`` date, a council's date for its decisions, a project's
``signed`` date) and git knows when it was first published: the oldest commit in which
the record's file already showed it (the wish with status fulfilled, the decision in the
council's list, the project with ``signed``).

Events dated before the recorded history begins were typed in afterwards (the board's
back catalogue, or a shallow clone) and are not judged: nobody can know when they were
published. Events not committed yet are not judged either.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from noticeboard.content.decode import decode_text, parse_markdown_record
from noticeboard.content.model import Board, Date
from noticeboard.content.parse import ParseError, parse_yaml
from noticeboard.content.types import RECORD_TYPES
from noticeboard.history.log import History, read_blobs

EVENT_KINDS = ("wish-fulfilled", "decision-taken", "agreement-signed")
_PROSE = {t.name: t.prose for t in RECORD_TYPES}

Predicate = Callable[[dict[str, object]], bool]  # does a version of the file show the event?


@dataclass(frozen=True)
class Event:
    """One event of a record, when it happened and how soon it was published."""

    record_type: str  # wish | council | project
    record_id: str
    kind: str  # one of EVENT_KINDS
    label: str  # the wish's title, the decision's text, the project's title
    happened: Date
    published: Date
    delay: int  # working days from happening to first publication
    late: bool


@dataclass(frozen=True)
class MonthShare:
    """How many events of one month (by the date they happened) were published on time."""

    month: str  # "2022-05"
    on_time: int
    total: int

    @property
    def share(self) -> float:
        return self.on_time / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """Return the share as a whole percentage, rounded half up."""
        return (self.on_time * 200 + self.total) // (self.total * 2) if self.total else 0


@dataclass
class DisclosureReport:
    """Every judged event, by record and by month, against the limit in working days."""

    limit: int
    events: list[Event] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.events)

    def of(self, record_type: str, record_id: str) -> list[Event]:
        """Return the judged events of one record, in date order."""
        return [e for e in self.events if e.record_type == record_type and e.record_id == record_id]

    @property
    def months(self) -> list[MonthShare]:
        """Return the on-time share per month, oldest month first."""
        counts: dict[str, list[int]] = {}
        for event in self.events:
            tally = counts.setdefault(event.happened.strftime("%Y-%m"), [0, 0])
            tally[0] += not event.late
            tally[1] += 1
        return [MonthShare(month, on_time, total) for month, (on_time, total) in sorted(counts.items())]


def working_days(start: Date, end: Date, holidays: tuple[Date, ...] = ()) -> int:
    """Count working days after ``start`` up to and including ``end`` (0 if end <= start).

    Saturdays, Sundays and the listed holidays (sorted) do not count.
    """
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    tail_start = start + dt.timedelta(days=full_weeks * 7)
    count += sum(1 for i in range(1, rest + 1) if (tail_start + dt.timedelta(days=i)).weekday() < 5)
    low = bisect.bisect_right(holidays, start)
    high = bisect.bisect_right(holidays, end)
    count -= sum(1 for day in set(holidays[low:high]) if day.weekday() < 5)
    return count


class _Candidate(NamedTuple):
    """An event on the board, before git says when it was published."""

    record_type: str
    record_id: str
    rel: str  # the record's file, relative to the content folder
    kind: str  # one of EVENT_KINDS
    label: str
    happened: Date
    appears: Predicate


def _candidates(board: Board) -> Iterator[_Candidate]:
    """Yield every event on the board."""
    for wish in board.wishes:
        if wish.status == "fulfilled" and wish.fulfilled:
            yield _Candidate(
                "wish",
                wish.id,
                wish.source.rel,
                "wish-fulfilled",
                wish.title,
                wish.fulfilled,
                lambda data: data.get("status") == "fulfilled",
            )
    for project in board.projects:
        if project.signed:
            yield _Candidate(
                "project",
                project.id,
                project.source.rel,
                "agreement-signed",
                project.title,
                project.signed,
                lambda data: bool(data.get("signed")),
            )
    for council in board.councils:
        for decision in council.decisions:
            yield _Candidate(
                "council",
                council.id,
                council.source.rel,
                "decision-taken",
                decision.text,
                council.date,
                _has_decision(decision.text, decision.index),
            )


def _has_decision(text: str, index: int) -> Predicate:
    """A decision appears when its text is listed, or (edited since) its place is filled."""

    def appears(data: dict[str, object]) -> bool:
        decisions = data.get("decisions")
        if not isinstance(decisions, list):
            return False
        texts = [d.get("text") for d in decisions if isinstance(d, dict)]
        return text in texts or len(decisions) > index

    return appears


def _parse_version(raw: bytes, rel: str, record_type: str) -> dict[str, object]:
    """Read one old version of a record file; an unreadable version shows nothing."""
    try:
        text = decode_text(raw)
        if rel.endswith(".md"):
            data = parse_markdown_record(text, _PROSE.get(record_type) or "").data
        else:
            data = parse_yaml(text).data
    except ParseError:
        return {}
    return data if isinstance(data, dict) else {}


def assess_disclosure(board: Board, history: History) -> DisclosureReport:
    """Judge every event of the board against the disclosure limit, from git history."""
    settings = board.site.disclosure
    report = DisclosureReport(limit=settings.working_days)
    if not history or history.first_commit_date is None:
        return report
    candidates = [
        c for c in _candidates(board) if c.happened >= history.first_commit_date and history.of(c.rel)
    ]
    blobs = read_blobs(history, [change.blob for c in candidates for change in history.of(c.rel)])
    versions: dict[str, list[tuple[Date, dict[str, object]]]] = {}
    for record_type, record_id, rel, kind, label, happened, appears in candidates:
        if rel not in versions:
            oldest_first = reversed(history.of(rel))
            versions[rel] = [
                (change.date, _parse_version(blobs.get(change.blob, b""), rel, record_type))
                for change in oldest_first
                if change.blob
            ]
        # The earliest date, not the first in log order: a rebased branch can list out of order.
        published = min((date for date, data in versions[rel] if appears(data)), default=None)
        if published is None:
            continue
        delay = working_days(happened, published, settings.holidays)
        report.events.append(
            Event(record_type, record_id, kind, label, happened, published, delay, delay > report.limit)
        )
    report.events.sort(key=lambda e: (e.happened, e.record_type, e.record_id, e.kind, e.label))
    return report
