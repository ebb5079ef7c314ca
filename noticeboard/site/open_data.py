"""The open-data files under ``data/`` (see :mod:`noticeboard.site.exports` for what they hold),
and the producers that make them.

The four record types with files of their own (partners, projects, wishes, councils with
their decisions) each have a producer, which makes only that type's JSON and CSV, so an edit of
one wish's story makes ``wishes.json`` and ``wishes.csv`` again and keeps the rest
(:mod:`noticeboard.incremental.keeping`). One more producer makes everything else: the
statistics, points, indicators, catalogue, the other record types, the schemas and
``index.json``, which names every file of all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from noticeboard.analysis.facts import BoardFacts
from noticeboard.content.model import Board
from noticeboard.content.types import RECORD_TYPES
from noticeboard.site.context import Producer, SiteContext
from noticeboard.site.exports import (
    DATA_DIR,
    EXPORT_SCHEMAS,
    OPEN_DATA_VERSION,
    council_record,
    iso,
    partner_record,
    plain_record,
    points_record,
    project_record,
    wish_record,
)
from noticeboard.site.files import SiteFiles
from noticeboard.site.indicators import (
    CATALOGUE_CSV,
    catalogue_records,
    flat_project,
    indicators_record,
    update_cell,
)
from noticeboard.site.open_data_patch import patched_csv, patched_json
from noticeboard.site.serialize import csv_bytes, json_bytes
from noticeboard.site.urls import absolute_url


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


Files = dict[str, bytes]  # file name under data/ -> bytes


@dataclass(frozen=True)
class Entries:
    """How the records of a type become its two files, one entry each in board order: what a
    prose edit patches (:mod:`noticeboard.site.open_data_patch`)."""

    record_type: str
    name: str  # "projects": projects.json and projects.csv
    record: Callable[[Board, Any, str], dict[str, Any]]  # (board, record, base_url) -> its JSON object
    columns: list[str]  # of the CSV
    row: Callable[[dict[str, Any]], dict[str, Any]]  # its JSON object -> its CSV row

    @property
    def names(self) -> tuple[str, str]:
        return f"{self.name}.json", f"{self.name}.csv"

    def files(self, facts: BoardFacts, base_url: str) -> Files:
        board = facts.board
        records = [self.record(board, record, base_url) for record in board.of(self.record_type)]
        json_name, csv_name = self.names
        return {json_name: json_bytes(records), csv_name: csv_bytes(self.columns, map(self.row, records))}


ENTRIES = {
    entries.record_type: entries
    for entries in (
        Entries("partner", "partners", partner_record, PARTNER_CSV, _flat_partner),
        Entries("project", "projects", project_record, PROJECT_CSV, flat_project),
        Entries("wish", "wishes", wish_record, WISH_CSV, dict),
    )
}


def _council_files(facts: BoardFacts, base_url: str) -> Files:
    councils = [council_record(facts.board, c, base_url) for c in facts.board.councils]
    return {
        "councils.json": json_bytes(councils),
        "councils.csv": csv_bytes(COUNCIL_CSV, map(_council_row, councils)),
        "decisions.csv": csv_bytes(DECISION_CSV, _decision_rows(councils)),
    }


# The record types whose files have a producer of their own: (type, what makes them, their names).
OWN_FILES: tuple[tuple[str, Callable[[BoardFacts, str], Files], tuple[str, ...]], ...] = (
    *((entries.record_type, entries.files, entries.names) for entries in ENTRIES.values()),
    ("council", _council_files, ("councils.json", "councils.csv", "decisions.csv")),
)


def _board_files(facts: BoardFacts, base_url: str) -> Files:
    """Every open-data file but those of OWN_FILES and index.json."""
    board = facts.board
    stats = facts.stats.as_dict()
    points = points_record(facts, base_url)
    files = {
        "stats.json": json_bytes(stats),
        "stats.csv": csv_bytes(list(stats), [stats]),
        "points.json": json_bytes(points),
        "points.csv": csv_bytes(LEDGER_CSV, points["ledger"]),
        "standings.csv": csv_bytes(STANDING_CSV, points["standings"]),
        "indicators.json": json_bytes(indicators_record(facts)),
    }
    if board.catalogue_source is not None:
        catalogue = catalogue_records(facts, base_url)
        files["catalogue.json"] = json_bytes(catalogue)
        files["catalogue.csv"] = csv_bytes(CATALOGUE_CSV, catalogue)
    own = {name for _, _, names in OWN_FILES for name in names}
    for record_type in RECORD_TYPES:
        if record_type.export and f"{record_type.export}.json" not in own | set(files):
            records = [plain_record(r, record_type.name, base_url) for r in board.of(record_type.name)]
            files[f"{record_type.export}.json"] = json_bytes(records)
            files[f"{record_type.export}.csv"] = csv_bytes(_scalar_columns(records), records)
    for schema in sorted(EXPORT_SCHEMAS.glob("*.schema.json")):
        files[f"schemas/{schema.name}"] = schema.read_bytes()
    return files


def _with_index(facts: BoardFacts, base_url: str, files: Files) -> Files:
    """``files`` and ``index.json``, which names them and every file of OWN_FILES."""
    names = sorted({*files, *(name for _, _, own in OWN_FILES for name in own)})
    return {**files, "index.json": json_bytes(index_record(facts.board, base_url, names))}


def _in_data(files: Files) -> Files:
    """The files at their site paths under data/, in name order."""
    return {f"{DATA_DIR}/{name}": data for name, data in sorted(files.items())}


def export_files(facts: BoardFacts, base_url: str) -> dict[str, bytes]:
    """Make every open-data file: site-relative path -> bytes (what the producers make together)."""
    files = _board_files(facts, base_url)
    for _, make, _ in OWN_FILES:
        files.update(make(facts, base_url))
    return _in_data(_with_index(facts, base_url, files))


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
        "build_date": iso(board.build_date),
        "files": names,
    }


def _own_producer(record_type: str, make: Callable[[BoardFacts, str], Files]) -> Producer:
    def produce(ctx: SiteContext) -> SiteFiles:
        patched = _patched(ctx, record_type)
        return {**_in_data(patched if patched is not None else make(ctx.facts, ctx.base_url))}

    return Producer(f"open data: {record_type}", produce, 0.1, frozenset({record_type}))


def _patched(ctx: SiteContext, record_type: str) -> Files | None:
    """The type's files after a prose edit: the last build's, with the edited records' entries
    made again (:mod:`noticeboard.site.open_data_patch`); None when that is not the edit."""
    entries, edited = ENTRIES.get(record_type), ctx.memory.prose_edited
    if entries is None or edited is None:
        return None
    records = ctx.board.of(record_type)
    new = {
        position: entries.record(ctx.board, record, ctx.base_url)
        for position, record in enumerate(records)
        if record.source.filename in edited
    }
    ids = [record.id for record in records]
    json_name, csv_name = entries.names
    earlier_json, earlier_csv = (ctx.memory.earlier(f"{DATA_DIR}/{name}") for name in (json_name, csv_name))
    if earlier_json is None or earlier_csv is None:
        return None
    json_file = patched_json(earlier_json, ids, new)
    rows = {position: entries.row(record) for position, record in new.items()}
    csv_file = patched_csv(earlier_csv, entries.columns, ids, rows)
    if json_file is None or csv_file is None:
        return None
    return {json_name: json_file, csv_name: csv_file}


def produce_board_data(ctx: SiteContext) -> SiteFiles:
    """The open-data files of no one record type, and index.json."""
    return {**_in_data(_with_index(ctx.facts, ctx.base_url, _board_files(ctx.facts, ctx.base_url)))}


# The other record types' files hold all their fields, prose too.
_OTHERS_PROSE = frozenset(
    t.name for t in RECORD_TYPES if t.prose and t.export and t.name not in {own for own, _, _ in OWN_FILES}
)
OPEN_DATA_PRODUCERS: tuple[Producer, ...] = (
    Producer("open data", produce_board_data, 0.1, _OTHERS_PROSE),
    *(_own_producer(record_type, make) for record_type, make, _ in OWN_FILES),
)
