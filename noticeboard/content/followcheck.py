"""Rules of the follow-through (issue 16): places, a decision's updates and result, a wish's
confirmation, a project's agreement, group awards and the points shop.

Each rule is a pure function of the board returning problems, like those of
:mod:`noticeboard.content.crosscheck`, which runs them. The points shop's rules, in order:
a redemption names an item the shop has, redeemed within the item's dates, for the item's
points (when it says any), from a provider who had not withdrawn, and no item is redeemed
more often than its stock: the first redemption past the stock, in date order then id, is
the one reported.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from noticeboard.content.followthrough import CatalogueItem
from noticeboard.content.followup_messages import CHOICES, window_words
from noticeboard.content.model import Board, Council, Date, Project, Redemption, Wish
from noticeboard.content.privacy import find_leaks
from noticeboard.content.problems import KeyPath, Problem
from noticeboard.content.schema import field_params
from noticeboard.content.source import Source


def _iso(value: Date | None) -> str:
    return value.isoformat() if value else ""


def _before(source: Source, path: KeyPath, value: Date, other_path: KeyPath, other: Date) -> list[Problem]:
    """``date-order`` when the date at ``path`` comes before the one at ``other_path``."""
    if value >= other:
        return []
    params: dict[str, object] = {
        **field_params(source.type, path),
        "value": _iso(value),
        **field_params(source.type, other_path, "other"),
        "other_value": _iso(other),
    }
    return [source.located("date-order", path, params)]


def _future(source: Source, path: KeyPath, value: Date | None, build_date: Date) -> list[Problem]:
    if value is None or value <= build_date:
        return []
    params: dict[str, object] = {
        **field_params(source.type, path),
        "value": _iso(value),
        "build_date": build_date.isoformat(),
    }
    return [source.located("future-date", path, params)]


def _conflict(source: Source, first: str, second: str) -> Problem:
    """Both of two fields where one belongs: reported at the second."""
    why_zh, why_en = CHOICES[second]
    params: dict[str, object] = {
        **field_params(source.type, (second,)),
        **field_params(source.type, (first,), "other"),
        "why_zh": why_zh,
        "why_en": why_en,
    }
    return source.located("conflicting-fields", (second,), params, at_key=True)


def check_places(board: Board) -> list[Problem]:
    """A record's place is one of site.yaml's places, when it lists any."""
    places = board.site.places
    if not places:
        return []
    known = set(places)
    problems = []
    records: list[Wish | Project | Council] = [*board.wishes, *board.projects, *board.councils]
    for record in records:
        place = record.place
        if place is None or place in known or any(find_leaks(place, place=True)):
            continue  # (a flat number in it is reported as private data, and is all there is to say)
        close = difflib.get_close_matches(place, places, n=1, cutoff=0.5)
        params: dict[str, object] = {
            **field_params(record.source.type, ("place",)),
            "value": place,
            "suggestion": close[0] if close else "",
        }
        problems.append(record.source.located("unknown-place", ("place",), params))
    return problems


def check_decision_updates(board: Board) -> list[Problem]:
    """Updates come in date order, on or after the council, not after done nor the build date."""
    problems: list[Problem] = []
    for council in board.councils:
        source = council.source
        for decision in council.decisions:
            where: KeyPath = ("decisions", decision.index)
            previous: Date | None = None
            for number, update in enumerate(decision.updates):
                path = (*where, "updates", number, "date")
                if previous is not None and update.date < previous:
                    problems += _before(
                        source, path, update.date, (*where, "updates", number - 1, "date"), previous
                    )
                else:
                    problems += _before(source, path, update.date, ("date",), council.date)
                if decision.done is not None and update.date > decision.done:
                    params: dict[str, object] = {
                        **field_params(source.type, path),
                        "value": _iso(update.date),
                        "done": _iso(decision.done),
                    }
                    problems.append(source.located("update-after-done", path, params))
                problems += _future(source, path, update.date, board.build_date)
                previous = max(previous or update.date, update.date)
    return problems


def check_confirmations(board: Board) -> list[Problem]:
    """A wish is confirmed on or after it was fulfilled, by the build date, or disputed instead."""
    problems: list[Problem] = []
    for wish in board.wishes:
        if wish.confirmed is None:
            continue
        if wish.disputed:
            problems.append(_conflict(wish.source, "confirmed", "disputed"))
        if wish.fulfilled is not None:
            problems += _before(wish.source, ("confirmed",), wish.confirmed, ("fulfilled",), wish.fulfilled)
        problems += _future(wish.source, ("confirmed",), wish.confirmed, board.build_date)
    return problems


def check_agreements(board: Board) -> list[Problem]:
    """An agreement ends on or after the day it was signed."""
    problems: list[Problem] = []
    for project in board.projects:
        agreement = project.agreement
        if agreement is not None and agreement.until is not None and project.signed is not None:
            problems += _before(
                project.source, ("agreement", "until"), agreement.until, ("signed",), project.signed
            )
    return problems


def check_either_or(board: Board) -> list[Problem]:
    """An award names one partner or a group, a redemption an item or a catalogue item: not both."""
    problems = [
        _conflict(award.source, "partner", "partners")
        for award in board.awards
        if award.group and "partner" in award.source.data  # parse the file only when it could conflict
    ]
    problems += [
        _conflict(r.source, "item", "catalogue_item")
        for r in board.redemptions
        if r.catalogue_item and r.item
    ]
    return problems


def check_catalogue(board: Board, partner_ids: set[str]) -> list[Problem]:
    """The points shop's own rules: ids used once, dates in order, providers that exist."""
    source = board.catalogue_source
    if source is None:
        return []
    problems: list[Problem] = []
    seen: set[str] = set()
    known = sorted(partner_ids)
    for item in board.catalogue:
        where: KeyPath = ("items", item.index)
        if item.id in seen:
            params: dict[str, object] = {**field_params("catalogue", ("items",)), "value": item.id}
            problems.append(source.located("duplicate-item", (*where, "id"), params))
        seen.add(item.id)
        if item.from_ is not None and item.until is not None:
            problems += _before(source, (*where, "until"), item.until, (*where, "from"), item.from_)
        if item.provider is not None and item.provider not in partner_ids:
            close = difflib.get_close_matches(item.provider, known, n=1, cutoff=0.6)
            problems.append(
                source.problem(
                    "dangling-ref",
                    (*where, "provider"),
                    id=item.provider,
                    suggestion=close[0] if close else "",
                )
            )
    return problems


def check_redemptions(board: Board) -> list[Problem]:
    """Each catalogue redemption: a known item, on an open day, at its points, a provider still in,
    and within the stock (see the module doc)."""
    items = {item.id: item for item in reversed(board.catalogue)}  # the first of an id wins
    by_item: dict[str, list[Redemption]] = defaultdict(list)
    problems: list[Problem] = []
    for redemption in board.redemptions:
        if redemption.catalogue_item is None:
            continue
        item = items.get(redemption.catalogue_item)
        if item is None:
            problems.append(_unknown_item(board, redemption, sorted(items)))
            continue
        problems += _terms(board, redemption, item)
        by_item[item.id].append(redemption)
    for item_id, redemptions in sorted(by_item.items()):
        item = items[item_id]
        if item.stock is not None and len(redemptions) > item.stock:
            past = sorted(redemptions, key=lambda r: (r.date, r.id))[item.stock]
            problems.append(
                past.source.problem(
                    "out-of-stock",
                    ("catalogue_item",),
                    title=item.title,
                    stock=item.stock,
                    count=item.stock + 1,
                )
            )
    return problems


def _unknown_item(board: Board, redemption: Redemption, known: list[str]) -> Problem:
    item_id = redemption.catalogue_item or ""
    if board.catalogue_source is None:
        return redemption.source.problem(
            "unknown-catalogue-item", ("catalogue_item",), id=item_id, where="no-catalogue"
        )
    close = difflib.get_close_matches(item_id, known, n=1, cutoff=0.6)
    return redemption.source.problem(
        "unknown-catalogue-item", ("catalogue_item",), id=item_id, suggestion=close[0] if close else ""
    )


def _terms(board: Board, redemption: Redemption, item: CatalogueItem) -> list[Problem]:
    """A redemption of a known item: on a day it was offered, at its points, its provider still in."""
    source, day = redemption.source, redemption.date
    problems = []
    if not item.available_on(day):
        params: dict[str, object] = {
            "title": item.title,
            "value": _iso(day),
            **window_words(_iso(item.from_), _iso(item.until)),
        }
        problems.append(source.located("catalogue-not-available", ("date",), params))
    if redemption.points is not None and redemption.points != item.points:
        problems.append(
            source.problem(
                "catalogue-points",
                ("points",),
                title=item.title,
                expected=item.points,
                value=redemption.points,
            )
        )
    provider = board.partner(item.provider) if item.provider else None
    if provider is not None and provider.withdrawn is not None and day > provider.withdrawn:
        problems.append(
            source.problem(
                "provider-withdrawn",
                ("catalogue_item",),
                title=item.title,
                id=provider.id,
                withdrawn=_iso(provider.withdrawn),
                value=_iso(day),
            )
        )
    return problems


def follow_through_problems(board: Board, partner_ids: set[str], *, catalogue_valid: bool) -> list[Problem]:
    """Run every follow-through rule (``partner_ids``: every partner file's id, readable or not)."""
    problems = (
        check_places(board)
        + check_decision_updates(board)
        + check_confirmations(board)
        + check_agreements(board)
        + check_either_or(board)
        + check_catalogue(board, partner_ids)
    )
    if catalogue_valid:
        problems += check_redemptions(board)
    return problems
