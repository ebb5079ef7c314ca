"""A prose edit patches the last build's open-data files of the edited records' type instead of
writing every record again (noticeboard.site.open_data_patch); the patched files equal the files
made whole, or the patch declines and the files are made whole."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from noticeboard.content.check import check_content
from noticeboard.content.model import Board
from noticeboard.content.types import TYPES_BY_NAME
from noticeboard.incremental.cache import BuildCache
from noticeboard.output import state as state_module
from noticeboard.site import open_data
from noticeboard.site.context import make_context
from noticeboard.site.open_data import ENTRIES
from noticeboard.site.open_data_patch import patched_csv, patched_json
from tests.conftest import REPO, build_site
from tests.incremental.test_keeping import with_new_prose

DATE = dt.date(2022, 8, 27)
BASE = "https://board.example/"
TEXTS = [
    '新写的说明：电动车棚旁添了长椅，老人歇脚。逗号, "引号" 和换行\n第二行',
    "",
    "Ｅ-Bike 车棚 second text, ÅNGSTRÖM 电动车\n\n  },\n  {\n",
]


def board_of(content: Path) -> Board:
    checked = check_content(content, DATE)
    assert checked.ok, [str(problem) for problem in checked.problems[:3]]
    return checked.board


def files_of(board: Board, record_type: str) -> dict[str, bytes]:
    return ENTRIES[record_type].files(make_context(board, BASE).facts, BASE)


def patch(
    earlier: dict[str, bytes], board: Board, record_type: str, positions: list[int]
) -> dict[str, bytes | None]:
    entries = ENTRIES[record_type]
    records = board.of(record_type)
    ids = [record.id for record in records]
    new = {position: entries.record(board, records[position], BASE) for position in positions}
    rows = {position: entries.row(record) for position, record in new.items()}
    return {
        f"{entries.name}.json": patched_json(earlier[f"{entries.name}.json"], ids, new),
        f"{entries.name}.csv": patched_csv(earlier[f"{entries.name}.csv"], entries.columns, ids, rows),
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("demo") / "content"
    shutil.copytree(REPO / "content", content)
    return content


@pytest.mark.parametrize("record_type", sorted(ENTRIES))
@pytest.mark.parametrize("where", ["first", "middle", "last", "three"])
def test_patched_open_data_equals_the_files_made_whole(
    record_type: str, where: str, demo: Path, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(demo, content)
    before = board_of(content)
    earlier = files_of(before, record_type)
    count = len(before.of(record_type))
    assert count >= 3
    positions = {
        "first": [0],
        "middle": [count // 2],
        "last": [count - 1],
        "three": [0, count // 2, count - 1],
    }[where]
    prose = TYPES_BY_NAME[record_type].prose
    assert prose is not None
    for position, text in zip(positions, TEXTS, strict=False):
        path = Path(before.of(record_type)[position].source.filename)
        edited = with_new_prose(path.read_text(encoding="utf-8"), prose, path.suffix == ".md", text)
        path.write_text(edited, encoding="utf-8")
    after = board_of(content)
    made = patch(earlier, after, record_type, positions)
    assert made == files_of(after, record_type)
    assert made != earlier  # the edit shows


def test_a_row_start_found_twice_makes_the_patch_decline() -> None:
    """A cell holding a line break, the next record's id and a comma could be taken for the
    start of that record's row: the patch gives up rather than guess."""
    entries = ENTRIES["wish"]
    columns = ["id", "story"]
    rows = [{"id": "a", "story": "一"}, {"id": "b", "story": "二\r\nc,假的行"}, {"id": "c", "story": "三"}]
    earlier = open_data.csv_bytes(columns, rows)
    assert entries.name == "wishes"
    assert patched_csv(earlier, columns, ["a", "b", "c"], {1: {"id": "b", "story": "新"}}) is None
    assert patched_csv(earlier, columns, ["a", "b", "c"], {2: {"id": "c", "story": "新"}}) is None
    fixed = patched_csv(earlier, columns, ["a", "b", "c"], {0: {"id": "a", "story": "新"}})
    assert fixed == open_data.csv_bytes(columns, [{"id": "a", "story": "新"}, *rows[1:]])


def test_files_not_as_expected_make_the_patch_decline() -> None:
    records = [{"id": "a", "text": "一"}, {"id": "b", "text": "二"}]
    earlier = open_data.json_bytes(records)
    new = {1: {"id": "b", "text": "新"}}
    assert patched_json(earlier, ["a", "b"], new) == open_data.json_bytes([records[0], new[1]])
    assert patched_json(earlier, ["a", "b", "c"], new) is None  # a record more than the file holds
    assert patched_json(earlier, ["a", "x"], new) is None  # another record at that place
    assert patched_json(b"[]\n", [], {}) is None
    assert (
        patched_csv(b"id,text\r\na,1\r\n", ["id", "text"], ["a"], {0: {"id": "a", "text": "2"}}) is None
    )  # no BOM


def test_a_cached_build_after_a_description_edit_patches_the_project_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        state_module, "RACY_NS", 0
    )  # trust a file saved a moment ago (real edits are seconds apart)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build_site(content, out, DATE, cache=BuildCache(cache)).ok
    project = Path(board_of(content).projects[1].source.filename)
    project.write_text(
        with_new_prose(project.read_text(encoding="utf-8"), "description", False, TEXTS[0]), encoding="utf-8"
    )
    made_whole: list[str] = []
    real = open_data.json_bytes  # what writes a type's JSON whole (a patch writes only the edited entries)
    spy = lambda value: made_whole.append(repr(value)[:40]) or real(value)  # noqa: E731
    monkeypatch.setattr(open_data, "json_bytes", spy)
    assert build_site(content, out, DATE, cache=BuildCache(cache)).ok
    assert made_whole == []
    cold = tmp_path / "cold"
    assert build_site(content, cold, DATE).ok
    for name in ("projects.json", "projects.csv"):
        assert (out / "data" / name).read_bytes() == (cold / "data" / name).read_bytes()
    assert "电动车棚旁添了长椅" in (out / "data/projects.json").read_text(encoding="utf-8")
