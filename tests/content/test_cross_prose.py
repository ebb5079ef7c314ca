"""No cross-record rule reads a record's prose (a wish's story, a project's description…).

That is what lets a build whose edits changed only prose take "no cross-record problems"
from the build before without running the rules (``RecordMemo.cross_checked``). Every
broken-content case in ``tests/cases/`` and the demo board are checked with their records'
prose as written, then rewritten into text that names partners, records, dates and points:
the rules must find exactly the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from noticeboard.content.crosscheck import cross_check
from noticeboard.content.load import load_content
from noticeboard.content.model import Board
from noticeboard.content.types import TYPES_BY_NAME
from noticeboard.content.validate import validate
from tests.conftest import REPO
from tests.content.test_check_cases import CASES, _case_names, _lay_out, _read_expected

LURES = (
    "",
    "伙伴 partners/ghost 认领了 wishes/nobody，见 councils/none#9 与 projects/void；"
    "2099-01-01 完成，扣 -500 积分，catalogue: rice，status: fulfilled",
)


def found(board: Board, ids: dict[str, set[str]]) -> list[tuple[object, ...]]:
    problems = cross_check(board, ids, rules_valid=True)
    return [(p.file, p.line, p.column, p.code, sorted(p.params.items())) for p in problems]


def with_prose(board: Board, text: str) -> Board:
    """The board with every record's prose replaced by ``text``."""
    records = {
        name: [
            dataclasses.replace(record, **{prose: text}) if (prose := TYPES_BY_NAME[name].prose) else record
            for record in records
        ]
        for name, records in board.records.items()
    }
    return dataclasses.replace(board, records=records)


def same_with_other_prose(content: Path, date: dt.date) -> list[str]:
    """What differs in the cross-record problems of ``content`` when its prose is rewritten."""
    loaded = load_content(content)
    board, _ = validate(loaded, date)
    as_written = found(board, loaded.ids)
    return [text for text in LURES if found(with_prose(board, text), loaded.ids) != as_written]


def test_no_cross_record_rule_reads_prose_in_any_broken_case(tmp_path: Path) -> None:
    differing = {}
    cross_problems = 0
    for number, name in enumerate(_case_names()):
        case = CASES / name
        date, _, _ = _read_expected(case)
        content = _lay_out(case, tmp_path / str(number))
        loaded = load_content(content)
        board, _ = validate(loaded, date)
        cross_problems += len(found(board, loaded.ids))
        if changed := same_with_other_prose(content, date):
            differing[name] = changed
    assert cross_problems >= 20, "the cases should hold cross-record problems to compare"
    assert not differing


def test_no_cross_record_rule_reads_prose_on_the_demo_board() -> None:
    assert not same_with_other_prose(REPO / "content", dt.date(2022, 8, 27))
