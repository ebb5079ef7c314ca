"""Read one community's published board and judge it: the right format, the right street, valid.

Every problem names the community, the file and, inside a JSON file, the JSON path of the value
(``$[3].status``), in one line; nothing a host sends can raise past this module. The checks
run in the order a reader needs them: ``data/index.json`` first (is this a board, of an
open-data version this engine knows, of this street?), then each data file against its schema in
``schemas/export/`` (the same schemas the board publishes beside its data), then the feed.

A board may add fields without a new format version (docs/open-data.md), so the schemas are
applied leniently both ways: fields this engine does not know are ignored (no
``additionalProperties: false``), and of the fields the schemas require only those the street
reads (:data:`READS`) are required, so a board built before a field was added is still read.
The compiled check of that lenient schema says yes quickly; only a no asks the content layer's
schema machinery (:func:`noticeboard.content.schema.schema_findings`) for the details.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import fastjsonschema

from noticeboard.content.problems import KeyPath
from noticeboard.content.schema import load_schema, schema_findings
from noticeboard.site.exports import OPEN_DATA_VERSION
from noticeboard.street.config import CommunityEntry, Street
from noticeboard.street.feed import FeedError, parse_feed
from noticeboard.street.fetch import Limits, Unreachable, fetch, location_of
from noticeboard.street.messages import say
from noticeboard.street.summary import FIGURES, Snapshot, home_address, snapshot

BOARD = "data/index.json"
# The data files a street reads, index.json first, and their schema in schemas/export/.
DATA_FILES = {
    BOARD: "index",
    "data/stats.json": "stats",
    "data/wishes.json": "wishes",
    "data/councils.json": "councils",
}
# The fields the street reads from each file: the only ones it requires. A board built before a
# field was added (the same format version) lacks it, and is read all the same.
READS = {
    "index": {"open_data_version", "board", "name", "community", "street", "url", "build_date"},
    "stats": set(FIGURES),
    "wishes": {"id", "title", "beneficiary", "category", "submitted", "status", "claimed", "url"},
    "councils": {"id", "title", "date", "decisions", "url"}
    | {"index", "text", "outcome", "owner", "due", "status", "done", "overdue"},
}
FEED = "feed.xml"  # optional: a board without one adds no entries to the street's feed
MAX_PROBLEMS = 10  # per community: the first ones say what is wrong; a count says the rest


@dataclass(frozen=True)
class CommunityProblem:
    """One problem with one community's board."""

    community: str
    file: str  # "data/wishes.json", or "" when the problem is with the whole board
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, language: str) -> str:
        """``wanhua: data/wishes.json: error: '$[3].status' cannot be ... [invalid-choice]``."""
        where = f"{self.community}: {self.file}: " if self.file else f"{self.community}: "
        return f"{where}error: {say(self.code, self.params, language)} [{self.code}]"


@dataclass(frozen=True)
class Judged:
    """A copy of a board judged: what it says (None if it has problems) and its problems."""

    snapshot: Snapshot | None
    problems: tuple[CommunityProblem, ...]


Files = dict[str, bytes | None]  # file name -> its bytes, or None when the board lacks it


def collect(entry: CommunityEntry, limits: Limits) -> Files:
    """Fetch every file a street reads from one board (raises :class:`Unreachable`)."""
    files: Files = {BOARD: fetch(entry, BOARD, limits)}
    if files[BOARD] is None:
        # An older board (no data/index.json) still has its statistics: say which it is.
        files["data/stats.json"] = fetch(entry, "data/stats.json", limits)
        return files
    for name in [*list(DATA_FILES)[1:], FEED]:
        files[name] = fetch(entry, name, limits)
    return files


def read_fresh(
    entry: CommunityEntry, street: Street, build_date: dt.date, limits: Limits
) -> tuple[Files | None, Judged]:
    """Fetch and judge a community's board now; the files come back for keeping when they are good."""
    try:
        files = collect(entry, limits)
    except Unreachable as error:
        problem = CommunityProblem(
            entry.id,
            "",
            "unreachable",
            {"location": error.location, "reason": error.reason, **error.params},
        )
        return None, Judged(None, (problem,))
    return files, judge(entry, files, street, build_date)


def judge(entry: CommunityEntry, files: Files, street: Street, build_date: dt.date) -> Judged:
    """Judge a copy of a community's files (fresh, or the last good copy) and reduce it."""
    problems: list[CommunityProblem] = []

    def report(file: str, code: str, /, **params: object) -> None:
        problems.append(CommunityProblem(entry.id, file, code, params))

    data: dict[str, Any] = {}
    if files.get(BOARD) is None:
        if files.get("data/stats.json") is None:
            report("", "not-a-board", location=entry.location)
        else:
            report(BOARD, "schema-version", found="none", supported=OPEN_DATA_VERSION)
        return Judged(None, tuple(problems))
    index = _parse(files[BOARD], BOARD, report)
    if index is not None:
        version = index.get("open_data_version") if isinstance(index, dict) else None
        if version != OPEN_DATA_VERSION or isinstance(version, bool):
            found = json.dumps(version, ensure_ascii=False) if version is not None else "none"
            report(BOARD, "schema-version", found=found, supported=OPEN_DATA_VERSION)
            return Judged(None, tuple(problems))
        _validate(index, BOARD, report)
        board = index["board"] if not problems else {}
        if not problems and board["street"] is not None and board["street"] != street.name:
            value = json.dumps(board["street"], ensure_ascii=False)
            report(BOARD, "other-street", field="$.board.street", value=value, street=street.name)
        data["board"] = {**board, "build_date": index.get("build_date")}
    if problems:
        return Judged(None, tuple(problems))
    for name, schema in list(DATA_FILES.items())[1:]:
        raw = files.get(name)
        if raw is None:
            report(name, "missing-file", file=location_of(entry, name))
            continue
        value = _parse(raw, name, report)
        if value is not None:
            _validate(value, name, report)
            data[schema] = value
    feed = []
    if files.get(FEED) is not None and not problems:
        try:
            feed = parse_feed(files[FEED] or b"", home_address(entry, data["board"]["url"]))
        except FeedError as error:
            report(FEED, "not-xml", detail=str(error))
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems[MAX_PROBLEMS:] = [CommunityProblem(entry.id, "", "more-problems", {"count": more})]
        return Judged(None, tuple(problems))
    return Judged(snapshot(entry, data, feed, build_date), ())


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def _parse(raw: bytes | None, name: str, report: Callable[..., None]) -> Any:
    """Parse JSON bytes, reporting where they stop being JSON; None when they are not."""
    try:
        return json.loads((raw or b"").decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError as error:
        report(name, "not-json", line=1, column=error.start + 1, detail="not UTF-8 text")
    except json.JSONDecodeError as error:
        report(name, "not-json", line=error.lineno, column=error.colno, detail=error.msg)
    except (ValueError, RecursionError) as error:
        report(name, "not-json", line=1, column=1, detail=str(error) or "nested too deeply")
    return None


def json_path(path: KeyPath) -> str:
    """A key path as a JSON path: ``$[3].decisions[0].status`` (indexes from 0)."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.replace("_", "a").isalnum() and part.isascii():
            text += f".{part}"
        else:
            text += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return text


def _validate(value: object, name: str, report: Callable[..., None]) -> None:
    """Check a data file against its export schema, fields unknown to this engine ignored."""
    export = DATA_FILES[name]
    try:
        _lenient(export)(value)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    for finding in schema_findings(f"export/{export}", value):
        params = dict(finding.params)
        path = finding.path
        if finding.code == "missing-key":  # the content layer names the missing key in "field"
            path = (*path, str(params["field"]).rsplit(".", 1)[-1].rsplit("]", 1)[-1])
        if finding.code == "unknown-key" or (finding.code == "missing-key" and path[-1] not in READS[export]):
            continue  # what the lenient schema allows
        # Named by its JSON path, however the content layer would word a field of a record file.
        where = json_path(path)
        params.update(field=where, field_zh=f"「{where}」", field_en=f"'{where}'")
        report(name, finding.code, **params)


@cache
def _lenient(export: str) -> Callable[[object], object]:
    """The compiled check of an export schema, lenient as the module says."""
    lenient = _lenient_schema(load_schema(f"export/{export}"), READS[export])
    lenient.pop("$schema", None)
    return fastjsonschema.compile(
        lenient, formats={"date": _is_date}, use_default=False, detailed_exceptions=False
    )


def _lenient_schema(schema: Any, reads: set[str]) -> Any:
    """``schema`` without closed objects, requiring only the fields in ``reads``."""
    if isinstance(schema, dict):
        lenient = {k: _lenient_schema(v, reads) for k, v in schema.items() if k != "additionalProperties"}
        if "const" in lenient:  # fastjsonschema 2.21 fails to compile "const" without detailed exceptions
            lenient["enum"] = [lenient.pop("const")]
        if isinstance(schema.get("required"), list):
            lenient["required"] = [key for key in schema["required"] if key in reads]
        return lenient
    if isinstance(schema, list):
        return [_lenient_schema(item, reads) for item in schema]
    return schema


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
