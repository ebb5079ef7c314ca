"""Points counted twice: an award for a wish or project that already earns points automatically.

The ledger (:mod:`noticeboard.content.points`) gives a wish's claimer its points when the wish is
fulfilled and every partner of a project its points when the project is completed. An award
written by hand for the same thing ("上门理发心愿实现 +10" when the partner fulfilled the haircut
wish) counts it twice. An award is taken to name an automatic event when, for the same partner
and within ``WINDOW_DAYS`` of the event, its reason

- says the event in general words ("心愿实现", "完成共建项目"), or
- says the kind of record (心愿, 项目) and shares two two-character pieces with its title
  ("上门理发心愿" and "给行动不便的父亲上门理发" share 上门, 门理, 理发), or
- shares three pieces with the title whatever else it says (nearly the title itself).

Sharing two pieces alone is not enough: "“学用微信”小课堂授课" (teaching a class) shares 用微 and
微信 with the wish "想学会用微信和孙子视频" and is a different thing.

Such an award is an error unless it says ``extra: true`` with an ``extra_reason``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from noticeboard.content.model import Award, Board, Date
from noticeboard.content.problems import Problem

WINDOW_DAYS = 30
_KIND_WORDS = {"wish": "心愿", "project": "项目"}
_EVENT_WORDS = {
    "wish": re.compile(r"心愿.{0,4}(?:实现|完成|认领)|(?:实现|完成|认领).{0,4}心愿"),
    "project": re.compile(r"项目.{0,4}(?:完成|竣工|结项)|(?:完成|竣工|结项).{0,6}项目"),
}
_NOT_WORD = re.compile(r"[\s\d\W_]+")


@dataclass(frozen=True)
class Earned:
    """Points a partner earned automatically: from which record, on which day, how many."""

    kind: str  # wish | project
    record_id: str
    title: str
    on: Date
    points: int


def _earned(board: Board) -> dict[str, list[Earned]]:
    """Each partner's automatic wish and project points."""
    rules = board.rules
    found: dict[str, list[Earned]] = {}
    for w in board.wishes:
        if w.status == "fulfilled" and w.claimed_by and w.fulfilled:
            points = w.points if w.points is not None else rules.wish_fulfilled
            found.setdefault(w.claimed_by, []).append(Earned("wish", w.id, w.title, w.fulfilled, points))
    for p in board.projects:
        if p.status == "completed" and p.completed:
            points = p.points if p.points is not None else rules.project_completed
            for partner in p.partners:
                found.setdefault(partner, []).append(Earned("project", p.id, p.title, p.completed, points))
    return found


def _pieces(text: str) -> set[str]:
    """The two-character pieces of a text's words (punctuation, digits and spaces split words)."""
    return {word[i : i + 2] for word in _NOT_WORD.split(text.lower()) for i in range(len(word) - 1) if word}


def names(reason: str, earned: Earned) -> bool:
    """Whether an award's reason names an automatic event (see the module's words)."""
    if _EVENT_WORDS[earned.kind].search(reason):
        return True
    shared = len(_pieces(reason) & _pieces(earned.title))
    return shared >= 3 or (shared >= 2 and _KIND_WORDS[earned.kind] in reason)


def _matches(award: Award, earned: list[Earned]) -> Iterator[Earned]:
    for event in sorted(earned, key=lambda e: (abs((award.date - e.on).days), e.record_id)):
        if abs((award.date - event.on).days) <= WINDOW_DAYS and names(award.reason, event):
            yield event


def check_double_points(board: Board) -> list[Problem]:
    """An award naming a wish or project its partner already earned points for, not marked extra."""
    earned = _earned(board)
    problems = []
    for award in board.awards:
        # A group award counts twice when it names what any one of its partners earned for.
        events = (next(_matches(award, earned.get(partner, [])), None) for partner in award.partners)
        event = next((e for e in events if e is not None), None)
        if event is None or award.source.data.get("extra") is True:
            continue
        problems.append(
            award.source.problem(
                "double-points",
                ("reason",),
                what=event.kind,
                title=event.title,
                id=event.record_id,
                value=event.on.isoformat(),
                points=event.points,
            )
        )
    return problems
