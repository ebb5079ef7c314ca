"""Open data of the follow-through: ``data/indicators.json`` (how wishes were answered) and
``data/catalogue.json``/``.csv`` (the points shop), beside the files of
:mod:`noticeboard.site.exports`, which writes them with the rest.

``data/stats.json`` keeps its seven headline figures; what residents ask next — how long
a wish waits, whether the resident confirmed it — goes here, with its definition in
docs/open-data.md and :mod:`noticeboard.analysis.followup`.
"""

from __future__ import annotations

from typing import Any

from noticeboard.analysis.facts import BoardFacts
from noticeboard.analysis.followup import Responses
from noticeboard.content.model import Date, Project
from noticeboard.site.urls import absolute_url

SHOP_PATH = "points/shop/"  # the points shop's page (noticeboard.site.shop)
CATALOGUE_CSV = [
    "id", "title", "points", "provider", "provider_name", "stock", "redeemed", "remaining",
    "from", "until", "state", "url",
]  # fmt: skip


def _iso(value: Date | None) -> str | None:
    return value.isoformat() if value else None


def _period(responses: Responses) -> dict[str, Any]:
    return {
        "from": _iso(responses.start),
        "to": _iso(responses.end),
        "wishes_claimed": responses.claimed,
        "median_days_to_claim": responses.days_to_claim,
        "wishes_fulfilled": responses.fulfilled,
        "median_days_to_fulfil": responses.days_to_fulfil,
        "confirmed": responses.confirmed,
        "disputed": responses.disputed,
        "confirmed_percent": responses.confirmed_percent,
    }


def indicators_record(facts: BoardFacts) -> dict[str, Any]:
    """``data/indicators.json``: the build date, then the wishes' response times and
    confirmations over the last 12 months and all time."""
    return {
        "build_date": _iso(facts.board.build_date),
        "wishes": {r.period: _period(r) for r in facts.response_times},
    }


def catalogue_records(facts: BoardFacts, base_url: str) -> list[dict[str, Any]]:
    """``data/catalogue.json``: the points shop's items in the file's order, with what is left."""
    board = facts.board
    shop = {s.id: s for s in facts.shop}
    records = []
    for item in board.catalogue:
        sold = shop[item.id]
        provider = board.partner(item.provider) if item.provider else None
        records.append(
            {
                "id": item.id,
                "title": item.title,
                "points": item.points,
                "provider": item.provider,
                "provider_name": provider.name if provider else None,
                "stock": item.stock,
                "redeemed": sold.redeemed,
                "remaining": sold.remaining,
                "from": _iso(item.from_),
                "until": _iso(item.until),
                "state": sold.state,
                "url": (absolute_url(base_url, SHOP_PATH) or SHOP_PATH) + f"#item-{item.id}",
            }
        )
    return records


def agreement_record(project: Project, build_date: Date) -> dict[str, Any] | None:
    """A project's agreement in data/projects.json: what is promised, until when, expired or not."""
    agreement = project.agreement
    if agreement is None:
        return None
    expired = project.agreement_expired(build_date)
    return {"summary": agreement.summary, "until": _iso(agreement.until), "expired": expired}


def update_cell(update: dict[str, Any]) -> str:
    """One update in a CSV cell: ``2022-06-01 地基完工 (40%)``."""
    progress = f" ({update['progress']}%)" if update["progress"] is not None else ""
    return f"{update['date']} {update['text']}{progress}"


def flat_project(record: dict[str, Any]) -> dict[str, Any]:
    """A project's row of data/projects.csv: its agreement in three columns."""
    agreement = record["agreement"] or {}
    return {
        **record,
        "agreement_summary": agreement.get("summary"),
        "agreement_until": agreement.get("until"),
        "agreement_expired": agreement.get("expired"),
    }
