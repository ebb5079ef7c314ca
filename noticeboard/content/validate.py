"""Validate a loaded board: shapes by schema, private data, then cross-record rules.

Returns the typed :class:`~noticeboard.model.Board` together with every problem found,
all at once. The board is only fit to render when the problem list is empty.
"""

from __future__ import annotations

import datetime as dt

from noticeboard.content.builders import build_catalogue, build_rules, build_site
from noticeboard.content.crosscheck import cross_check
from noticeboard.content.dates import zone
from noticeboard.content.exposure import privacy_problems, record_texts
from noticeboard.content.load import Loaded
from noticeboard.content.messages import LANGUAGES
from noticeboard.content.model import Board, Record, Rules, Site
from noticeboard.content.partner_names import name_the_partners
from noticeboard.content.photocheck import check_photos
from noticeboard.content.placeholders import hint_of, placeholders_in
from noticeboard.content.problems import Finding, KeyPath, Problem, field_label, sorted_problems
from noticeboard.content.reading import Verdict
from noticeboard.content.schema import field_params, schema_findings
from noticeboard.content.source import Source
from noticeboard.content.textpos import position_in_value
from noticeboard.content.types import RECORD_TYPES, RecordType


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
    unfilled = placeholder_problems(source)
    held = {path for path, _ in unfilled}  # a placeholder is the one thing to say about its value
    problems += [
        source.problem(f.code, f.path, at_key=f.at_key, **f.params)
        for f in findings
        if (f.path not in issues or f.code == "unknown-key")
        and f.path not in held
        and not _follows_from(f, blamed)
    ]
    return problems + [problem for _, problem in unfilled]


def placeholder_problems(source: Source) -> list[tuple[KeyPath, Problem]]:
    """Every value still holding a template's placeholder, at the placeholder itself."""
    found = []
    for path, text, offset in placeholders_in(source.data):
        line, column = position_in_value(source, path, text, offset, 3)
        params: dict[str, object] = {**field_params(source.type, path), "hint": hint_of(text, offset)}
        found.append((path, Problem(source.display, line, column, "template-placeholder", params)))
    return found


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


def _timezone_problems(source: Source) -> list[Problem]:
    """A ``timezone`` that names no time zone zoneinfo knows (the schema only says it is text)."""
    name = source.data.get("timezone")
    if not isinstance(name, str) or not name or zone(name) is not None:
        return []
    return [
        source.located(
            "invalid-value",
            ("timezone",),
            {
                **field_params("site", ("timezone",)),
                "value": name,
                "expected_zh": "请写时区的英文名称（IANA），中国大陆写 Asia/Shanghai",
                "expected_en": "write an IANA time zone name, e.g. Asia/Shanghai",
            },
        )
    ]


def _by_id(record: Record) -> str:
    return record.id


def validate(loaded: Loaded, build_date: dt.date) -> tuple[Board, list[Problem]]:
    """Check everything; return the board (of the shape-valid records) and all problems."""
    problems = list(loaded.problems)
    site, rules = None, None
    for source in loaded.sources.get("site", []):
        found = shape_problems(source) + _timezone_problems(source)
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
    catalogue_valid = True
    for source in loaded.sources.get("catalogue", []):
        found = shape_problems(source)
        problems += found + privacy_problems(source)
        catalogue_valid = not found
        board.catalogue = build_catalogue(source.data) if catalogue_valid else ()
        board.catalogue_source = source
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
    rules_valid = rules is not None
    problems, meant = name_the_partners(problems, board)  # 赵德明老师 written for zhao-deming
    unsure = _unsure_balances(loaded, board)
    unsure = None if unsure is None else unsure | meant
    ids = sorted((name, sorted(ids)) for name, ids in loaded.ids.items())
    given = (ids, rules_valid, catalogue_valid, None if unsure is None else sorted(unsure))
    problems += loaded.reading.cross_checked(
        board,
        given,
        lambda: cross_check(
            board, loaded.ids, rules_valid=rules_valid, catalogue_valid=catalogue_valid, unsure=unsure
        ),
    )
    photo_problems, board.media = check_photos(board, loaded.root, loaded.reading)
    problems += photo_problems
    return board, sorted_problems(problems)


_NOT_READ_FOR_ITS_NAME = frozenset({"duplicate-id", "invalid-id"})


def _unsure_balances(loaded: Loaded, board: Board) -> frozenset[str] | None:
    """The partners whose points balance a record left off the board (it has problems of its
    own) may change: the partner ids its fields name. None: any partner's may, because a record
    file could not be read at all, or was left unread for its name.

    A fulfilled wish with a slip in its date earns its claimer nothing until it is mended; the
    claimer's redemption, which nobody touched, would then seem to overspend.
    """
    if any(problem.code in _NOT_READ_FOR_ITS_NAME for problem in loaded.problems):
        return None  # a file left unread for its name (a repeated id): its points could be anyone's
    partners = loaded.ids.get("partner", set())
    named: set[str] = set()
    for record_type in RECORD_TYPES:
        records, ids = board.records[record_type.name], loaded.ids.get(record_type.name, set())
        if record_type.name == "partner" or len(records) == len(ids):
            continue  # a partner left off has no balance judged; else every record is on the board
        on_board = {record.id for record in records}
        sources = {source.id: source for source in loaded.sources.get(record_type.name, [])}
        for record_id in ids - on_board:
            source = sources.get(record_id)
            if source is None or not isinstance(source.doc.data, dict):
                return None
            named.update(text for _, text in record_texts(source.data) if text in partners)
    return frozenset(named)


def judge(source: Source, record_type: RecordType) -> Verdict:
    """Check one record file on its own: its shape, then private data; build its model object."""
    found = shape_problems(source)
    problems = found + privacy_problems(source)
    return Verdict(problems, None if found else record_type.build(source))
