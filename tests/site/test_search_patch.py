"""A prose edit patches the last build's search index instead of building it again
(noticeboard.site.search_files), and the patched files equal the whole index built anew."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest

from noticeboard.content.check import check_content
from noticeboard.content.model import Board
from noticeboard.content.types import RECORD_TYPES
from noticeboard.site import search
from noticeboard.site.context import make_context
from noticeboard.site.files import UNCHANGED
from noticeboard.site.search_files import Rewritten, patched
from tests.conftest import REPO
from tests.incremental.test_keeping import with_new_prose

DATE = dt.date(2022, 8, 27)
PROSE_TYPES = [t for t in RECORD_TYPES if t.prose]


def board_of(content: Path) -> Board:
    checked = check_content(content, DATE)
    assert checked.ok, [str(problem) for problem in checked.problems[:3]]
    return checked.board


def index_of(board: Board) -> dict[str, bytes]:
    return search.search_index(board, search.site_labels(make_context(board)))


def rewritten(board: Board, files: set[str]) -> list[Rewritten]:
    """The documents of the records in ``files`` (by file name) as ``board`` makes them."""
    labels = search.site_labels(make_context(board))
    records = [record for records in board.records.values() for record in records]
    docs = [search.record_doc(board, r, labels) for r in records if r.source.filename in files]
    return [Rewritten(d.type, d.page, d.title, d.text) for d in docs if d is not None]


def rewrite(content: Path, paths: list[Path], prose_field: str, texts: list[str]) -> set[str]:
    for path, text in zip(paths, texts, strict=True):
        original = path.read_text(encoding="utf-8")
        path.write_text(with_new_prose(original, prose_field, path.suffix == ".md", text), encoding="utf-8")
    return {str(path) for path in paths}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    content = tmp_path_factory.mktemp("demo") / "content"
    shutil.copytree(REPO / "content", content)
    return content, index_of(board_of(content))


@pytest.mark.parametrize("record_type", PROSE_TYPES, ids=lambda t: t.name)
def test_a_patched_index_equals_the_index_built_anew(record_type, demo, tmp_path: Path) -> None:
    original, before = demo
    content = tmp_path / "content"
    shutil.copytree(original, content)
    paths = sorted(p for p in (content / record_type.folder).rglob("*") if p.suffix in (".yaml", ".md"))[:3]
    texts = ["新写的说明：电动车棚旁添了长椅，老人歇脚。", "", "Ｅ-Bike 车棚 second text, ÅNGSTRÖM 电动车"]
    edited = rewrite(content, paths, record_type.prose, texts[: len(paths)])
    board = board_of(content)
    made = patched(before.get, rewritten(board, edited))
    assert made is not None, "a prose edit of the demo board should be patched"
    assert sum(data is not UNCHANGED for data in made.values()) >= 3  # a chunk, a shard, meta.json
    whole = {path: before[path] if data is UNCHANGED else data for path, data in made.items()}
    assert whole == index_of(board)


def test_the_index_is_built_anew_when_the_edit_is_not_prose_alone(demo, tmp_path: Path) -> None:
    original, before = demo
    content = tmp_path / "content"
    shutil.copytree(original, content)
    wish = sorted((content / "wishes").glob("*.yaml"))[0]
    wish.write_text(wish.read_text(encoding="utf-8").replace("title: ", "title: 改过的", 1), encoding="utf-8")
    assert patched(before.get, rewritten(board_of(content), {str(wish)})) is None  # another title
    assert patched({}.get, rewritten(board_of(content), {str(wish)})) is None  # no earlier index


def test_the_index_is_built_anew_when_it_outgrows_its_shards(demo, tmp_path: Path) -> None:
    """More keys than the shards were sized for: every key would move to another shard."""
    original, before = demo
    content = tmp_path / "content"
    shutil.copytree(original, content)
    wish = sorted((content / "wishes").glob("*.yaml"))[0]
    rng = random.Random(7)
    long_story = "".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(40_000))  # Hangul: no word of ours
    edited = rewrite(content, [wish], "story", [long_story])
    board = board_of(content)
    assert patched(before.get, rewritten(board, edited)) is None
    assert len([path for path in index_of(board) if "/index-" in path]) > len(
        [path for path in before if "/index-" in path]
    )
