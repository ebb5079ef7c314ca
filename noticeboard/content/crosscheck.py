"""Rules that look across fields and records. Each is a pure function returning problems.

They run on the typed model (only records whose shape is valid), so a broken record is
reported once, by the schema, and does not cause a cascade of follow-on errors here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from noticeboard.content.doublepoints import check_double_points
from noticeboard.content.followcheck import follow_through_problems
from noticeboard.content.model import Board, Date
from noticeboard.content.points import ledgers
from noticeboard.content.problems import KeyPath, Problem
from noticeboard.content.schema import field_params
from noticeboard.content.source import Source
from noticeboard.content.types import RECORD_TYPES


def _iso(value: Date | None) -> str:
    return value.isoformat() if value else ""


def _order(
    source: Source,
    later: str,
    later_value: Date | None,
    earlier: str,
    earlier_value: Date | None,
    path: KeyPath = (),
) -> list[Problem]:
    """Report ``later`` being before ``earlier`` (both optional)."""
    if later_value is None or earlier_value is None or later_value >= earlier_value:
        return []
    return [
        source.located(
            "date-order",
            (*path, later),
            {
                **field_params(source.type, (*path, later)),
                "value": _iso(later_value),
                **field_params(source.type, (earlier,) if earlier == "date" else (*path, earlier), "other"),
                "other_value": _iso(earlier_value),
            },
        )
    ]


def check_date_order(board: Board) -> list[Problem]:
    """Each stage of a record comes on or after the one before it."""
    problems: list[Problem] = []
    for p in board.partners:
        problems += _order(p.source, "withdrawn", p.withdrawn, "joined", p.joined)
    for j in board.projects:
        problems += _order(j.source, "signed", j.signed, "raised", j.raised)
        problems += _order(j.source, "completed", j.completed, "signed", j.signed)
    for w in board.wishes:
        problems += _order(w.source, "claimed", w.claimed, "submitted", w.submitted)
        problems += _order(w.source, "fulfilled", w.fulfilled, "claimed", w.claimed)
    for c in board.councils:
        for d in c.decisions:
            problems += _order(c.source, "done", d.done, "date", c.date, path=("decisions", d.index))
    return problems


def _event_dates(board: Board) -> Iterator[tuple[Source, KeyPath, Date | None]]:
    """Yield every dated event that must have happened by the build date."""
    for p in board.partners:
        yield p.source, ("joined",), p.joined
        for i, honor in enumerate(p.honors):
            yield p.source, ("honors", i, "date"), honor.date
    for j in board.projects:
        yield j.source, ("raised",), j.raised
        yield j.source, ("signed",), j.signed
        yield j.source, ("completed",), j.completed
    for w in board.wishes:
        yield w.source, ("submitted",), w.submitted
        yield w.source, ("claimed",), w.claimed
        yield w.source, ("fulfilled",), w.fulfilled
    for c in board.councils:
        for d in c.decisions:
            yield c.source, ("decisions", d.index, "done"), d.done
    for a in board.awards:
        yield a.source, ("date",), a.date
    for r in board.redemptions:
        yield r.source, ("date",), r.date


def check_future_dates(board: Board) -> list[Problem]:
    """Events cannot be dated after the build date."""
    return [
        source.located(
            "future-date",
            path,
            {
                **field_params(source.type, path),
                "value": _iso(value),
                "build_date": board.build_date.isoformat(),
            },
        )
        for source, path, value in _event_dates(board)
        if value is not None and value > board.build_date
    ]


def _partner_acts(board: Board) -> Iterator[tuple[Source, KeyPath, str, Date | None, str]]:
    """Yield (source, path, partner id, date, action) for every act of a partner."""
    for w in board.wishes:
        if w.claimed_by:
            yield w.source, ("claimed_by",), w.claimed_by, w.claimed, "claim"
    for j in board.projects:
        for i, partner in enumerate(j.partners):
            yield j.source, ("partners", i), partner, j.signed, "sign"
    for c in board.councils:
        for i, partner in enumerate(c.attendees):
            yield c.source, ("attendees", i), partner, c.date, "attend"
    for a in board.awards:
        for index, partner in enumerate(a.partners):
            yield a.source, ("partners", index) if a.group else ("partner",), partner, a.date, "award"
    for r in board.redemptions:
        yield r.source, ("partner",), r.partner, r.date, "redeem"


def check_references(board: Board, partner_ids: set[str]) -> list[Problem]:
    """Every referenced partner exists (``partner_ids`` includes unreadable partner files)."""
    problems = []
    known = sorted(partner_ids)
    for source, path, partner_id, _date, _action in _partner_acts(board):
        if partner_id not in partner_ids:
            close = difflib.get_close_matches(partner_id, known, n=1, cutoff=0.6)
            problems.append(
                source.problem("dangling-ref", path, id=partner_id, suggestion=close[0] if close else "")
            )
    return problems


def check_partner_activity(board: Board) -> list[Problem]:
    """Partners act only on or after joining, and (except awards) not after withdrawing."""
    problems = []
    partners = board.partners_by_id
    for source, path, partner_id, date, action in _partner_acts(board):
        partner = partners.get(partner_id)
        if partner is None or date is None:
            continue
        if date < partner.joined:
            problems.append(
                source.problem(
                    "partner-not-joined",
                    path,
                    id=partner_id,
                    joined=partner.joined.isoformat(),
                    value=date.isoformat(),
                    action=action,
                )
            )
        elif partner.withdrawn and date > partner.withdrawn and action != "award":
            problems.append(
                source.problem(
                    "partner-withdrawn",
                    path,
                    id=partner_id,
                    withdrawn=partner.withdrawn.isoformat(),
                    value=date.isoformat(),
                    action=action,
                )
            )
    return problems


def check_councils(board: Board) -> list[Problem]:
    """Votes fit the room, and a council that has not met yet has no decisions."""
    problems = []
    for c in board.councils:
        if c.date > board.build_date and c.decisions:
            problems.append(
                c.source.problem(
                    "upcoming-decisions",
                    ("decisions",),
                    at_key=True,
                    value=c.date.isoformat(),
                    build_date=board.build_date.isoformat(),
                )
            )
        for d in c.decisions:
            if d.votes and d.votes.total > c.participants:
                problems.append(
                    c.source.problem(
                        "votes-exceed",
                        ("decisions", d.index, "votes"),
                        total=d.votes.total,
                        participants=c.participants,
                    )
                )
    return problems


def check_balances(board: Board, unsure: frozenset[str] | None = frozenset()) -> list[Problem]:
    """No redemption takes a partner's balance below zero on its date.

    ``unsure``: partners whose balance a record with problems of its own, left off the board,
    may change (None: any partner's); theirs is judged once that record is mended.
    """
    if unsure is None:
        return []
    redemptions = {r.id: r for r in board.redemptions}
    problems = []
    # points.ledgers is computed once per board: the pages that show the ledgers reuse it.
    for partner_id, lines in ledgers(board).items():
        if board.partner(partner_id) is None:
            continue  # reported as a dangling reference (or a broken partner file) already
        if partner_id in unsure:
            continue
        for line in lines:
            if line.is_redemption and line.balance < 0:
                redemption = redemptions[line.record_id]
                problems.append(
                    redemption.source.problem(
                        "negative-balance",
                        ("points",) if redemption.points is not None else ("catalogue_item",),
                        id=partner_id,
                        value=redemption.date.isoformat(),
                        points=-line.points,
                        balance=line.balance,
                    )
                )
    return problems


def _related_refs(board: Board) -> Iterator[tuple[Source, KeyPath, str]]:
    """Yield (source, path, reference) for every ``related`` entry of the board."""
    for wish in board.wishes:
        for index, ref in enumerate(wish.related):
            yield wish.source, ("related", index), ref
    for project in board.projects:
        for index, ref in enumerate(project.related):
            yield project.source, ("related", index), ref
    for council in board.councils:
        for decision in council.decisions:
            for index, ref in enumerate(decision.related):
                yield council.source, ("decisions", decision.index, "related", index), ref


def check_related(board: Board, ids: dict[str, set[str]]) -> list[Problem]:
    """Every related record exists, and a council's decision number is one it has.

    A reference is ``wishes/ID``, ``projects/ID`` or ``councils/ID#N`` (the schema checks
    the form); ``ids`` holds every file's id, readable or not, so a broken file is reported
    once, for itself.
    """
    councils = {council.id: council for council in board.councils}
    folders = {t.folder: t.name for t in RECORD_TYPES}
    problems = []
    for source, path, ref in _related_refs(board):
        folder, _, rest = ref.partition("/")
        record_id, _, number = rest.partition("#")
        known = ids.get(folders.get(folder, ""), set())
        if record_id not in known:
            close = difflib.get_close_matches(record_id, sorted(known), n=1, cutoff=0.6)
            suggestion = f"{folder}/{close[0]}" + (f"#{number}" if number else "") if close else ""
            problems.append(source.problem("dangling-related", path, ref=ref, suggestion=suggestion))
            continue
        council = councils.get(record_id)
        if number and council is not None and int(number) > len(council.decisions):
            count = len(council.decisions)
            problems.append(source.problem("dangling-related", path, ref=ref, decisions=count, suggestion=""))
    return problems


def cross_check(
    board: Board,
    ids: dict[str, set[str]],
    *,
    rules_valid: bool,
    catalogue_valid: bool = True,
    unsure: frozenset[str] | None = frozenset(),
) -> list[Problem]:
    """Run every cross-record rule (``ids``: every record id per type, readable or not;
    ``catalogue_valid``: the points shop, if any, was read; else redemptions from it go unjudged;
    ``unsure``: partners whose balances go unjudged, see :func:`check_balances`)."""
    references = check_references(board, ids.get("partner", set()))
    problems = (
        check_date_order(board)
        + check_future_dates(board)
        + references
        + check_related(board, ids)
        + check_partner_activity(board)
        + check_councils(board)
        + check_double_points(board)
        + follow_through_problems(board, ids.get("partner", set()), catalogue_valid=catalogue_valid)
    )
    if rules_valid:
        # A reference to a partner id that does not exist (zhao-demin) leaves the points it
        # earns off the ledger of the partner meant (zhao-deming) until it is mended.
        meant = {str(problem.params.get("suggestion", "")) for problem in references} - {""}
        problems += check_balances(board, None if unsure is None else unsure | meant)
    return problems
