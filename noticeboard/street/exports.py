"""The street's open data: every community's figures and the street's totals, as JSON and CSV.

The same conventions as a board's ``data/`` (docs/open-data.md): keys in a fixed documented
order, every key in every item (``null`` when there is no value), ISO dates, CSV in UTF-8
with a BOM and a formula guard (:mod:`noticeboard.site.serialize`), and a JSON Schema for
each JSON file in ``schemas/street-export/``, published beside the data. The street data say
which communities are stale or unavailable, so a program never mistakes a gap for a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from noticeboard.paths import SCHEMA_DIR
from noticeboard.site.serialize import csv_bytes, json_bytes
from noticeboard.street.config import Street
from noticeboard.street.summary import FIGURES, Community, Totals

STREET_SCHEMAS = SCHEMA_DIR / "street-export"
# The version of the street's open-data format, kept as a board's OPEN_DATA_VERSION is: it
# changes only when a file or field is removed, renamed, or changes type or meaning.
STREET_DATA_VERSION = 1
COMMUNITY_COLUMNS = [
    "id", "name", "status", "reason", "as_of", "board_name", "url", *FIGURES,
    "open_wishes", "overdue_decisions", "days_to_claim", "days_to_done", "page",
]  # fmt: skip
WISH_COLUMNS = [
    "community", "community_name", "id", "title", "beneficiary", "category", "submitted",
    "waiting_days", "url",
]  # fmt: skip
DECISION_COLUMNS = [
    "community", "community_name", "council", "council_title", "council_date", "index", "text",
    "owner", "due", "status", "days_overdue", "url",
]  # fmt: skip


def community_page(community_id: str) -> str:
    """The site folder of a community's page on the street board."""
    return f"communities/{community_id}/"


def community_record(community: Community) -> dict[str, Any]:
    """Describe a community for open data: its status, its figures (null when unavailable)."""
    snap = community.snapshot
    record: dict[str, Any] = {
        "id": community.id,
        "name": community.name,
        "status": community.status,
        "reason": community.reason,
        "as_of": snap.build_date.isoformat() if snap else None,
        "board_name": snap.board_name if snap else None,
        "url": snap.home if snap else community.entry.url,
    }
    for index, key in enumerate(FIGURES):
        record[key] = snap.figures[index] if snap else None
    record["open_wishes"] = len(snap.open_wishes) if snap else None
    record["overdue_decisions"] = len(snap.overdue) if snap else None
    record["days_to_claim"] = snap.days_to_claim if snap else None
    record["days_to_done"] = snap.days_to_done if snap else None
    record["page"] = community_page(community.id)
    return record


def totals_record(totals: Totals) -> dict[str, Any]:
    """The street's totals for open data."""
    return {
        "communities": totals.communities,
        **dict(zip(FIGURES, totals.figures, strict=True)),
        "open_wishes": totals.open_wishes,
        "overdue_decisions": totals.overdue,
        "days_to_claim": totals.days_to_claim,
        "days_to_done": totals.days_to_done,
    }


def wish_rows(communities: Sequence[Community]) -> list[dict[str, Any]]:
    """Every open wish of the street, community by community."""
    return [
        {
            "community": c.id,
            "community_name": c.name,
            "id": w.id,
            "title": w.title,
            "beneficiary": w.beneficiary,
            "category": w.category,
            "submitted": w.submitted.isoformat(),
            "waiting_days": w.waiting_days,
            "url": w.url,
        }
        for c in communities
        if c.snapshot
        for w in c.snapshot.open_wishes
    ]


def decision_rows(communities: Sequence[Community]) -> list[dict[str, Any]]:
    """Every overdue decision of the street, community by community."""
    return [
        {
            "community": c.id,
            "community_name": c.name,
            "council": d.council_id,
            "council_title": d.council_title,
            "council_date": d.council_date.isoformat(),
            "index": d.index,
            "text": d.text,
            "owner": d.owner,
            "due": d.due.isoformat(),
            "status": d.status,
            "days_overdue": d.days_overdue,
            "url": d.url,
        }
        for c in communities
        if c.snapshot
        for d in c.snapshot.overdue
    ]


def street_data(
    street: Street, communities: Sequence[Community], totals: Totals, build_date_iso: str
) -> dict[str, bytes]:
    """Every open-data file of the street: site path -> bytes."""
    records = [community_record(c) for c in communities]
    wishes, decisions = wish_rows(communities), decision_rows(communities)
    street_json = {
        "open_data_version": STREET_DATA_VERSION,
        "name": street.name,
        "district": street.district or None,
        "language": street.language,
        "base_url": street.base_url,
        "build_date": build_date_iso,
        "totals": totals_record(totals),
        "communities": records,
    }
    files = {
        "street.json": json_bytes(street_json),
        "communities.csv": csv_bytes(COMMUNITY_COLUMNS, records),
        "open-wishes.json": json_bytes(wishes),
        "open-wishes.csv": csv_bytes(WISH_COLUMNS, wishes),
        "overdue-decisions.json": json_bytes(decisions),
        "overdue-decisions.csv": csv_bytes(DECISION_COLUMNS, decisions),
    }
    for schema in sorted(STREET_SCHEMAS.glob("*.schema.json")):
        files[f"schemas/{schema.name}"] = schema.read_bytes()
    return {f"data/{name}": data for name, data in sorted(files.items())}
