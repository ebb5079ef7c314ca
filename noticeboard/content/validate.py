"""Validate a loaded board: shapes by schema, private data, then cross-record rules.

Returns the typed :class:`~noticeboard.model.Board` together with every problem found,
all at once. The board is only fit to render when the problem list is empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from noticeboard.content.builders import build_rules, build_site
from noticeboard.content.crosscheck import cross_check
from noticeboard.content.load import Loaded
from noticeboard.content.messages import LANGUAGES
from noticeboard.content.model import Board, Record, Rules, Site
from noticeboard.content.privacy import find_leaks, may_leak
from noticeboard.content.problems import Finding, KeyPath, Problem, field_label, sorted_problems
from noticeboard.content.reading import Verdict
from noticeboard.content.schema import field_params, schema_findings
from noticeboard.content.source import Source
from noticeboard.content.types import RECORD_TYPES, RecordType

# Fields that may hold contact data on purpose: site.yaml `contact` only.
_PRIVACY_EXEMPT = {("site", ("contact",))}


def board_language(loaded: Loaded) -> str:
    """The language the board speaks (for messages), even when site.yaml is broken."""
    for source in loaded.sources.get("site", []):
        language = source.data.get("language")
        if isinstance(language, str) and language in LANGUAGES:
            return language
    return "zh-CN"


def shape_problems(source: Source) -> list[Problem]:
    """Locate the parse issues and schema findings of one source.

    A value that already has a parse issue (an ambiguous ``no``) is not reported a
    second time by the schema.
    """
    issues = source.doc.issues
    problems = [
        Problem(source.display, *e.position, e.code, _named(source, path, e.params))
        for path, e in issues.items()
    ]
    findings = schema_findings(source.type, source.data, floats=source.doc.floats)
    blamed = {field_label(path) for path in issues} | {f.params.get("field") for f in findings}
    problems += [
        source.problem(f.code, f.path, at_key=f.at_key, **f.params)
        for f in findings
        if (f.path not in issues or f.code == "unknown-key") and not _follows_from(f, blamed)
    ]
    return problems


def _named(source: Source, path: KeyPath, params: dict[str, object]) -> dict[str, object]:
    """A parse issue's parameters with its field named in words (the parse knows no schema)."""
    if "field" not in params:
        return params
    return {**params, **field_params(source.type, path)}


def _follows_from(finding: Finding, blamed: set[object]) -> bool:
    """Whether a conditional field is judged by a status that is itself wrong or missing.

    With ``status: fulfiled`` we cannot know which fields belong, so we report the
    status alone rather than a cascade of "only when status is ..." about its neighbours.
    """
    if finding.code != "field-not-allowed":
        return False
    return field_label((*finding.path[:-1], str(finding.params["status_key"]))) in blamed


def _texts_to_scan(value: object, path: KeyPath, found: list[tuple[KeyPath, str]]) -> None:
    """Collect (key path, text) of every string below ``value`` that may hold private data,
    depth first in document order; a number counts as its digits (an unquoted phone number)."""
    items: Iterable[tuple[str | int | None, object]]  # (None, value): a value that is no container
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        items = [(None, value)]
    for key, item in items:
        if isinstance(item, str):
            text = item
        elif isinstance(item, (dict, list)):
            _texts_to_scan(item, (*path, key) if key is not None else path, found)
            continue
        elif isinstance(item, int) and not isinstance(item, bool):
            text = str(item)
        else:
            continue
        if may_leak(text):
            found.append(((*path, key) if key is not None else path, text))


def privacy_problems(source: Source) -> list[Problem]:
    """Report private data in any text of a record, and in its file name."""
    problems = []
    for leak in find_leaks(source.id):
        problems.append(
            source.problem(
                "private-data",
                (),
                field="id",
                field_zh="文件名",
                field_en="the file name",
                privacy_kind=leak.kind,
                sample=leak.sample,
            )
        )
    texts: list[tuple[KeyPath, str]] = []
    _texts_to_scan(source.data, (), texts)
    for path, text in texts:
        if (source.type, path) in _PRIVACY_EXEMPT:
            continue
        for leak in find_leaks(text):
            line, column = _line_in_body(source, path, text, leak.offset)
            problems.append(
                Problem(
                    source.display,
                    line,
                    column,
                    "private-data",
                    {**field_params(source.type, path), "privacy_kind": leak.kind, "sample": leak.sample},
                )
            )
    return problems


_PROSE_FIELDS = {t.name: t.prose for t in RECORD_TYPES if t.prose}


def _line_in_body(source: Source, path: KeyPath, text: str, offset: int) -> tuple[int, int]:
    """Position of a leak: inside a Markdown body we can name its exact line."""
    line, column = source.doc.position(path)
    newlines = text.count("\n", 0, offset)
    if newlines and source.path.suffix == ".md" and path == (_PROSE_FIELDS.get(source.type),):
        return line + newlines, 1
    return line, column


def _by_id(record: Record) -> str:
    return record.id


def validate(loaded: Loaded, build_date: dt.date) -> tuple[Board, list[Problem]]:
    """Check everything; return the board (of the shape-valid records) and all problems."""
    problems = list(loaded.problems)
    site, rules = None, None
    for source in loaded.sources.get("site", []):
        found = shape_problems(source)
        problems += found + privacy_problems(source)
        site = None if found else build_site(source.data)
    for source in loaded.sources.get("rules", []):
        found = shape_problems(source)
        problems += found
        rules = None if found else build_rules(source.data)
    board = Board(
        site=site or Site(name="", community=""),
        rules=rules or Rules(0, 0, 0, 0),
        build_date=build_date,
        site_source=next(iter(loaded.sources.get("site", [])), None),
    )
    board.records = {record_type.name: [] for record_type in RECORD_TYPES}
    for record_type in RECORD_TYPES:
        records = board.records[record_type.name]
        for source in loaded.sources.get(record_type.name, []):
            verdict = loaded.verdicts.get(source.rel)  # unchanged since a build judged it
            if verdict is None:
                verdict = judge(source, record_type)
                loaded.reading.remember(source, verdict)
            problems += verdict.problems
            if verdict.record is not None:
                records.append(verdict.record)
        records.sort(key=_by_id)
    problems += cross_check(board, loaded.ids, rules_valid=rules is not None)
    return board, sorted_problems(problems)


def judge(source: Source, record_type: RecordType) -> Verdict:
    """Check one record file on its own: its shape, then private data; build its model object."""
    found = shape_problems(source)
    problems = found + privacy_problems(source)
    return Verdict(problems, None if found else record_type.build(source))
