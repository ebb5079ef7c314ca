"""Council decisions after the vote: the tracker of adopted decisions, overdue follow-ups and
the on-time rate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from noticeboard.content.model import Board, Council, Date, Decision


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


def _newest_first(tracked: TrackedDecision) -> tuple[int, str, int]:
    return (-tracked.council.date.toordinal(), tracked.council.id, tracked.decision.index)


def decision_tracker(board: Board) -> list[TrackedDecision]:
    """Every adopted decision of every held council, newest council first."""
    tracked = [
        TrackedDecision(council, decision, is_overdue(decision, board.build_date))
        for council in board.councils
        if council.date <= board.build_date
        for decision in council.decisions
        if decision.outcome == "adopted"
    ]
    return sorted(tracked, key=_newest_first)


def open_followups(tracker: list[TrackedDecision]) -> list[TrackedDecision]:
    """Adopted decisions not done yet, overdue ones first, then by due date."""
    pending = [t for t in tracker if t.decision.status != "done"]
    return sorted(
        pending,
        key=lambda t: (not t.overdue, t.decision.due or dt.date.max, t.council.id, t.decision.index),
    )


@dataclass(frozen=True)
class OnTimeRate:
    """Of the adopted decisions that were given a due date: done by it ÷ (done + open and
    overdue). Late open items count against the rate; decisions without a due date are left
    out (they can be neither on time nor late) and counted apart."""

    done_on_time: int  # done, on or before the due date
    done: int  # done, with a due date
    open_overdue: int  # not done, the due date passed
    without_due: int  # adopted decisions without a due date (not in the rate)

    @property
    def denominator(self) -> int:
        return self.done + self.open_overdue

    @property
    def percent(self) -> int | None:
        """Whole percent, or None when nothing is due yet."""
        if not self.denominator:
            return None
        return round(100 * self.done_on_time / self.denominator)


def on_time_rate(tracked: list[TrackedDecision]) -> OnTimeRate:
    """Compute the honest on-time rate of adopted decisions."""
    dated = [t for t in tracked if t.decision.due is not None]
    return OnTimeRate(
        done_on_time=sum(1 for t in dated if t.done_on_time),
        done=sum(1 for t in dated if t.decision.status == "done"),
        open_overdue=sum(1 for t in dated if t.overdue),
        without_due=len(tracked) - len(dated),
    )


FOLLOW_UP_STATES = ("overdue", "in-progress", "pending", "done")  # in the tracker's order


def follow_up_state(tracked: TrackedDecision) -> str:
    """Where a decision's follow-up stands: overdue first, as residents look for it."""
    if tracked.overdue:
        return "overdue"
    return tracked.decision.status or "pending"


def by_follow_up(tracker: list[TrackedDecision]) -> dict[str, list[TrackedDecision]]:
    """The tracked decisions by follow-up state (FOLLOW_UP_STATES), each in tracker order:
    open ones by due date (then newest council), done ones newest council first."""
    groups: dict[str, list[TrackedDecision]] = {state: [] for state in FOLLOW_UP_STATES}
    for tracked in tracker:
        groups[follow_up_state(tracked)].append(tracked)
    for state in ("overdue", "in-progress", "pending"):
        groups[state].sort(
            key=lambda t: (t.decision.due or dt.date.max, -t.council.date.toordinal(), t.council.id)
        )
    return groups


def problems_solved(tracker: list[TrackedDecision]) -> list[TrackedDecision]:
    """Difficult problems whose adopted decision is done, newest first."""
    return [t for t in tracker if t.decision.difficult_problem and t.decision.status == "done"]


def latest_decisions(tracker: list[TrackedDecision], limit: int = 6) -> list[TrackedDecision]:
    """The newest adopted decisions with their follow-up status."""
    return tracker[:limit]
