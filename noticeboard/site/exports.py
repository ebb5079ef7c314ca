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
from noticeboard.content.types import RECORD_TYPES
from noticeboard.paths import SCHEMA_DIR
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles
from noticeboard.site.indicators import (
    CATALOGUE_CSV,
    agreement_record,
    catalogue_records,
    flat_project,
    indicators_record,
    update_cell,
)
from noticeboard.site.pictures import Pictures, photos_data
from noticeboard.site.serialize import csv_bytes, json_bytes
from noticeboard.site.urls import absolute_url, has_page, record_dir

DATA_DIR = "data"
OPEN_DATA_VERSION = 1  # one number for the whole of schemas/export/: see the module doc
# JSON Schemas of the data/*.json files, published in the site beside the data.
EXPORT_SCHEMAS = SCHEMA_DIR / "export"


def page_url(base_url: str, site_path: str) -> str:
    """A page's URL: absolute when base_url is absolute, else relative to the site root."""
    return absolute_url(base_url, site_path) or site_path


def _iso(value: Date | None) -> str | None:
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
        "joined": _iso(partner.joined),
        "status": partner.status,
        "withdrawn": _iso(partner.withdrawn),
        "services": [{"title": s.title, "category": s.category} for s in partner.services],
        "honors": [{"date": _iso(h.date), "title": h.title} for h in partner.honors],
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
        "raised": _iso(project.raised),
        "status": project.status,
        "partners": list(project.partners),
        "partner_names": _names(board, project.partners),
        "signed": _iso(project.signed),
        "completed": _iso(project.completed),
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
        "submitted": _iso(wish.submitted),
        "reported_by": wish.reported_by or None,
        "status": wish.status,
        "claimed_by": wish.claimed_by,
        "claimed_by_name": _names(board, [wish.claimed_by])[0] if wish.claimed_by else None,
        "claimed": _iso(wish.claimed),
        "fulfilled": _iso(wish.fulfilled),
        "points": _earned(wish.points, board.rules.wish_fulfilled, wish.status == "fulfilled"),
        "related": list(wish.related),
        "story": wish.story,
        "url": _record_url(base_url, "wish", wish.id),
        "place": wish.place,
        "confirmed": _iso(wish.confirmed),
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
        "due": _iso(decision.due),
        "status": decision.status,
        "done": _iso(decision.done),
        "overdue": is_overdue(decision, build_date),
        "related": list(decision.related),
        "updates": [{"date": _iso(u.date), "text": u.text, "progress": u.progress} for u in decision.updates],
        "progress": decision.progress,
        "result": decision.result or None,
    }


def council_record(board: Board, council: Council, base_url: str) -> dict[str, Any]:
    """Describe a courtyard council for open data."""
    return {
        "id": council.id,
        "title": council.title,
        "date": _iso(council.date),
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
                    "date": _iso(line.date),
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


def _scalar_columns(records: list[dict[str, Any]]) -> list[str]:
    """The CSV columns of generic records: every field that is not a nested object."""
    first = records[0] if records else {}
    return [key for key, value in first.items() if not isinstance(value, dict)]


# --- serialising ------------------------------------------------------------------------


def _flat_partner(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **record,
        "services": [f"{s['title']}（{s['category']}）" for s in record["services"]],
        "honors": [f"{h['date']} {h['title']}" for h in record["honors"]],
    }


def _decision_rows(councils: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for council in councils:
        for decision in council["decisions"]:
            votes = decision["votes"] or {}
            rows.append(
                {
                    "council": council["id"],
                    "council_date": council["date"],
                    **{key: value for key, value in decision.items() if key not in ("votes", "updates")},
                    "votes_for": votes.get("for"),
                    "votes_against": votes.get("against"),
                    "votes_abstain": votes.get("abstain"),
                    "url": council["url"],
                    "place": council["place"],
                    "updates": [update_cell(u) for u in decision["updates"]],
                }
            )
    return rows


def _council_row(council: dict[str, Any]) -> dict[str, Any]:
    decisions = council["decisions"]
    return {
        **council,
        "decisions": len(decisions),
        "decisions_adopted": sum(1 for d in decisions if d["outcome"] == "adopted"),
        "difficult_problems": sum(1 for d in decisions if d["difficult_problem"]),
    }


PARTNER_CSV = [
    "id", "name", "kind", "joined", "status", "withdrawn", "services", "honors",
    "address", "hours", "phone", "description", "url",
]  # fmt: skip
PROJECT_CSV = [
    "id", "title", "category", "raised", "status", "partners", "partner_names",
    "signed", "completed", "points", "related", "description", "url",
    "place", "agreement_summary", "agreement_until", "agreement_expired",
]  # fmt: skip
WISH_CSV = [
    "id", "title", "beneficiary", "category", "submitted", "reported_by", "status",
    "claimed_by", "claimed_by_name", "claimed", "fulfilled", "points", "related", "story", "url",
    "place", "confirmed", "disputed",
]  # fmt: skip
COUNCIL_CSV = [
    "id", "title", "date", "held", "location", "participants", "attendees", "attendee_names",
    "decisions", "decisions_adopted", "difficult_problems", "minutes", "url", "place",
]  # fmt: skip
DECISION_CSV = [
    "council", "council_date", "index", "text", "outcome", "votes_for", "votes_against",
    "votes_abstain", "difficult_problem", "owner", "due", "status", "done", "overdue", "related", "url",
    "place", "progress", "result", "updates",
]  # fmt: skip
LEDGER_CSV = ["partner", "date", "kind", "record_type", "record_id", "label", "points", "balance", "url"]
STANDING_CSV = ["group", "rank", "partner", "name", "earned", "redeemed", "balance", "url"]


def export_files(facts: BoardFacts, base_url: str) -> dict[str, bytes]:
    """Make every open-data file: site-relative path -> bytes."""
    board = facts.board
    partners = [partner_record(board, p, base_url) for p in board.partners]
    projects = [project_record(board, p, base_url) for p in board.projects]
    wishes = [wish_record(board, w, base_url) for w in board.wishes]
    councils = [council_record(board, c, base_url) for c in board.councils]
    points = points_record(facts, base_url)
    files = {
        "stats.json": json_bytes(facts.stats.as_dict()),
        "stats.csv": csv_bytes(list(facts.stats.as_dict()), [facts.stats.as_dict()]),
        "partners.json": json_bytes(partners),
        "partners.csv": csv_bytes(PARTNER_CSV, map(_flat_partner, partners)),
        "projects.json": json_bytes(projects),
        "projects.csv": csv_bytes(PROJECT_CSV, map(flat_project, projects)),
        "wishes.json": json_bytes(wishes),
        "wishes.csv": csv_bytes(WISH_CSV, wishes),
        "councils.json": json_bytes(councils),
        "councils.csv": csv_bytes(COUNCIL_CSV, map(_council_row, councils)),
        "decisions.csv": csv_bytes(DECISION_CSV, _decision_rows(councils)),
        "points.json": json_bytes(points),
        "points.csv": csv_bytes(LEDGER_CSV, points["ledger"]),
        "standings.csv": csv_bytes(STANDING_CSV, points["standings"]),
        "indicators.json": json_bytes(indicators_record(facts)),
    }
    if board.catalogue_source is not None:
        catalogue = catalogue_records(facts, base_url)
        files["catalogue.json"] = json_bytes(catalogue)
        files["catalogue.csv"] = csv_bytes(CATALOGUE_CSV, catalogue)
    for record_type in RECORD_TYPES:
        if record_type.export and f"{record_type.export}.json" not in files:
            records = [plain_record(r, record_type.name, base_url) for r in board.of(record_type.name)]
            files[f"{record_type.export}.json"] = json_bytes(records)
            files[f"{record_type.export}.csv"] = csv_bytes(_scalar_columns(records), records)
    for schema in sorted(EXPORT_SCHEMAS.glob("*.schema.json")):
        files[f"schemas/{schema.name}"] = schema.read_bytes()
    files["index.json"] = json_bytes(index_record(board, base_url, sorted(files)))
    return {f"{DATA_DIR}/{name}": data for name, data in sorted(files.items())}


def index_record(board: Board, base_url: str, names: list[str]) -> dict[str, Any]:
    """``data/index.json``: which board this is, when it was built, its files and the open-data version."""
    site = board.site
    return {
        "open_data_version": OPEN_DATA_VERSION,
        "board": {
            "name": site.name,
            "community": site.community,
            "street": site.street or None,
            "district": site.district or None,
            "language": site.language,
            "url": absolute_url(base_url, "") or None,
        },
        "build_date": _iso(board.build_date),
        "files": names,
    }


def produce_exports(ctx: SiteContext) -> SiteFiles:
    """Producer for the build pipeline: the open-data files under data/."""
    return {**export_files(ctx.facts, ctx.base_url)}
