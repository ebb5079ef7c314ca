"""Open data: the board's records as JSON and CSV files under ``data/`` of the built site.

Every file is deterministic: records sorted by id, keys in a fixed documented order,
every key present in every record (``null`` when a value is absent), dates ISO
(YYYY-MM-DD). CSV starts with a UTF-8 BOM so Excel opens Chinese correctly. The field
list of each file is documented in ``docs/open-data.md`` and described by a JSON Schema
in ``schemas/export/<name>.schema.json`` (also published as ``data/schemas/``). The site
contact is never exported.

``data/index.json`` names the board, the build date, every data file and the open-data
version, :data:`OPEN_DATA_VERSION`: readers of many boards (the street board) read every
board that states the version they were written for, whatever engine built it. The version
goes up only when a change would break such a reader — a file or field removed or renamed, a
field given another type or other choices; adding a file or field keeps it
(tests/site/open_data/ holds each version's promises; CHANGELOG.md says what changed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from noticeboard.analysis.decisions import is_overdue
from noticeboard.analysis.facts import BoardFacts
from noticeboard.content.model import Board, Council, Date, Decision, Partner, Photo, Project, Wish
from noticeboard.paths import SCHEMA_DIR
from noticeboard.site.indicators import (
    agreement_record,
)
from noticeboard.site.pictures import Pictures, photos_data
from noticeboard.site.urls import absolute_url, has_page, record_dir

DATA_DIR = "data"
OPEN_DATA_VERSION = 1  # one number for the whole of schemas/export/: see the module doc
# JSON Schemas of the data/*.json files, published in the site beside the data.
EXPORT_SCHEMAS = SCHEMA_DIR / "export"


def page_url(base_url: str, site_path: str) -> str:
    """A page's URL: absolute when base_url is absolute, else relative to the site root."""
    return absolute_url(base_url, site_path) or site_path


def iso(value: Date | None) -> str | None:
    return value.isoformat() if value else None


def _record_url(base_url: str, record_type: str, record_id: str) -> str:
    return _url_root(base_url) + record_dir(record_type, record_id)  # page_url, for 20,000 records


@functools.lru_cache(maxsize=16)
def _url_root(base_url: str) -> str:
    """What :func:`page_url` puts before a site path: the absolute base URL and a slash, or nothing."""
    return absolute_url(base_url, "") or ""


def _photos(board: Board, photos: tuple[Photo, ...], base_url: str) -> list[dict[str, Any]]:
    return photos_data(Pictures(board.media), photos, _url_root(base_url)) if photos else []


def _names(board: Board, partner_ids: Iterable[str]) -> list[str]:
    by_id = board.partners_by_id
    return [partner.name if (partner := by_id.get(partner_id)) else partner_id for partner_id in partner_ids]


# --- one dict per record, keys in the documented order ---------------------------------


def partner_record(board: Board, partner: Partner, base_url: str) -> dict[str, Any]:
    """Describe a partner for open data."""
    return {
        "id": partner.id,
        "name": partner.name,
        "kind": partner.kind,
        "joined": iso(partner.joined),
        "status": partner.status,
        "withdrawn": iso(partner.withdrawn),
        "services": [{"title": s.title, "category": s.category} for s in partner.services],
        "honors": [{"date": iso(h.date), "title": h.title} for h in partner.honors],
        "address": partner.address or None,
        "hours": partner.hours or None,
        "phone": partner.phone or None,
        "description": partner.description,
        "url": _record_url(base_url, "partner", partner.id),
        "photos": _photos(board, partner.photos, base_url),
    }


def _earned(given: int | None, rule: int, earned: bool) -> int | None:
    """The points a record actually gave: its own figure or the rule's, once it counts."""
    if not earned:
        return None
    return given if given is not None else rule


def project_record(board: Board, project: Project, base_url: str) -> dict[str, Any]:
    """Describe a co-construction project for open data."""
    return {
        "id": project.id,
        "title": project.title,
        "category": project.category,
        "raised": iso(project.raised),
        "status": project.status,
        "partners": list(project.partners),
        "partner_names": _names(board, project.partners),
        "signed": iso(project.signed),
        "completed": iso(project.completed),
        "points": _earned(project.points, board.rules.project_completed, project.status == "completed"),
        "related": list(project.related),
        "description": project.description,
        "url": _record_url(base_url, "project", project.id),
        "place": project.place,
        "agreement": agreement_record(project, board.build_date),
        "photos": _photos(board, project.photos, base_url),
    }


def wish_record(board: Board, wish: Wish, base_url: str) -> dict[str, Any]:
    """Describe a micro-wish for open data."""
    return {
        "id": wish.id,
        "title": wish.title,
        "beneficiary": wish.beneficiary,
        "category": wish.category,
        "submitted": iso(wish.submitted),
        "reported_by": wish.reported_by or None,
        "status": wish.status,
        "claimed_by": wish.claimed_by,
        "claimed_by_name": _names(board, [wish.claimed_by])[0] if wish.claimed_by else None,
        "claimed": iso(wish.claimed),
        "fulfilled": iso(wish.fulfilled),
        "points": _earned(wish.points, board.rules.wish_fulfilled, wish.status == "fulfilled"),
        "related": list(wish.related),
        "story": wish.story,
        "url": _record_url(base_url, "wish", wish.id),
        "place": wish.place,
        "confirmed": iso(wish.confirmed),
        "disputed": wish.disputed or None,
        "photos": _photos(board, wish.photos, base_url),
    }


def decision_record(decision: Decision, build_date: Date) -> dict[str, Any]:
    """Describe one council decision for open data."""
    votes = decision.votes
    return {
        "index": decision.index,
        "text": decision.text,
        "outcome": decision.outcome,
        "votes": {"for": votes.for_, "against": votes.against, "abstain": votes.abstain} if votes else None,
        "difficult_problem": decision.difficult_problem,
        "owner": decision.owner or None,
        "due": iso(decision.due),
        "status": decision.status,
        "done": iso(decision.done),
        "overdue": is_overdue(decision, build_date),
        "related": list(decision.related),
        "updates": [{"date": iso(u.date), "text": u.text, "progress": u.progress} for u in decision.updates],
        "progress": decision.progress,
        "result": decision.result or None,
    }


def council_record(board: Board, council: Council, base_url: str) -> dict[str, Any]:
    """Describe a courtyard council for open data."""
    return {
        "id": council.id,
        "title": council.title,
        "date": iso(council.date),
        "held": council.date <= board.build_date,
        "location": council.location,
        "participants": council.participants,
        "attendees": list(council.attendees),
        "attendee_names": _names(board, council.attendees),
        "decisions": [
            {**decision_record(d, board.build_date), "photos": _photos(board, d.photos, base_url)}
            for d in council.decisions
        ],
        "minutes": council.minutes,
        "url": _record_url(base_url, "council", council.id),
        "place": council.place,
        "photos": _photos(board, council.photos, base_url),
    }


def points_record(facts: BoardFacts, base_url: str) -> dict[str, Any]:
    """Describe the points: standings of both rankings, and every ledger line."""
    board, all_ledgers = facts.board, facts.ledgers
    standings = []
    for group, rows in facts.rankings.items():
        for row in rows:
            partner = board.partner(row.partner)
            standings.append(
                {
                    "group": group,
                    "rank": row.rank,
                    "partner": row.partner,
                    "name": partner.name if partner else row.partner,
                    "earned": row.earned,
                    "redeemed": row.redeemed,
                    "balance": row.balance,
                    "url": _record_url(base_url, "partner", row.partner),
                }
            )
    ledger = []
    for partner_id, lines in all_ledgers.items():
        for line in lines:
            # Awards and redemptions have no page of their own: point at the partner's ledger.
            has_page = line.record_type in ("partner", "project", "wish", "council")
            target = (line.record_type, line.record_id) if has_page else ("partner", partner_id)
            ledger.append(
                {
                    "partner": partner_id,
                    "date": iso(line.date),
                    "kind": line.kind,
                    "record_type": line.record_type,
                    "record_id": line.record_id,
                    "label": line.label,
                    "points": line.points,
                    "balance": line.balance,
                    "url": _record_url(base_url, *target),
                }
            )
    return {"standings": standings, "ledger": ledger}


def plain_record(record: Any, record_type: str, base_url: str) -> dict[str, Any]:
    """Describe a record of a type without an exporter of its own: its fields, then its URL."""
    described = {
        field.name: _plain(getattr(record, field.name))
        for field in dataclasses.fields(record)
        if field.name != "source"
    }
    if has_page(record_type):
        described["url"] = _record_url(base_url, record_type, record.id)
    return described


def _plain(value: Any) -> Any:
    """A model value as JSON data: dates ISO, tuples as lists, nested objects as objects."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    return value
