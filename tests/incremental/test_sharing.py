"""Record files judged on both cores give the board and the problems of judging them one by one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from noticeboard.content.check import check_content
from noticeboard.content.reading import FreshReading, Reading
from noticeboard.content.source import Source
from noticeboard.incremental import sharing
from noticeboard.incremental.cache import BuildCache
from noticeboard.incremental.checking import CheckReading
from noticeboard.incremental.records import RecordMemo
from noticeboard.output import state as state_module
from tests.conftest import BUILD_DATE, REPO, build_site
from tests.incremental.test_incremental import snapshot

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="judging on two cores needs fork")

WISH = "beneficiary: 3号楼的王奶奶\ncategory: 便民服务\nsubmitted: 2022-05-01\nstatus: open\n"
SLIPS = {
    "wishes/zz-unclosed.yaml": "title: [没写完\n" + WISH,  # a YAML error
    "wishes/zz-list.yaml": "- 一\n- 二\n",  # not a mapping
    "wishes/zz-phone.yaml": "title: 修灯，电话13812345678\n" + WISH,  # private data
    "wishes/zz-claimed.yaml": "title: 修门\n"
    + WISH.replace("open", "claimed")
    + "claimed_by: nobody\nclaimed: 2022-05-02\n",
    "projects/zz-empty.yaml": "title: 只有标题\n",  # the schema's required fields missing
}


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo board; every type's files are judged on two cores, however few."""
    monkeypatch.setattr(sharing, "MIN_FILES", 2)
    monkeypatch.setattr(sharing, "worth_sharing", lambda count: count >= 2)
    monkeypatch.setattr(state_module, "RACY_NS", 0)  # files copied a moment ago count as settled
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    return content


def learning(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files' facts the child processes sent back, call by call."""
    sent: list[int] = []
    learn = RecordMemo.learn

    def spy(self: RecordMemo, facts: dict) -> None:
        sent.append(len(facts))
        learn(self, facts)

    monkeypatch.setattr(RecordMemo, "learn", spy)
    return sent


@pytest.mark.parametrize("reading", [RecordMemo, CheckReading], ids=["build", "check"])
def test_the_problems_are_those_of_judging_one_by_one(
    demo: Path, monkeypatch: pytest.MonkeyPatch, reading: type[Reading]
) -> None:
    for rel, text in SLIPS.items():
        (demo / rel).write_text(text, encoding="utf-8")
    sent = learning(monkeypatch)
    alone = check_content(demo, BUILD_DATE, FreshReading())
    shared = check_content(demo, BUILD_DATE, reading())
    assert sent and sum(sent) > 50  # the children judged files of several types
    assert shared.report("text") == alone.report("text")
    assert shared.report("json") == alone.report("json")
    found = [(Path(p.file).name, p.line, p.column, p.code) for p in shared.problems if "/zz-" in p.file]
    assert sorted(set(found)) == [
        ("zz-claimed.yaml", 6, 13, "dangling-ref"),  # a cross-record rule, on the whole board
        ("zz-empty.yaml", 1, 1, "missing-key"),
        ("zz-list.yaml", 1, 1, "not-a-mapping"),
        ("zz-phone.yaml", 1, 13, "private-data"),
        ("zz-unclosed.yaml", 1, 8, "yaml-syntax"),
    ]
    assert [r.id for r in shared.board.wishes] == [r.id for r in alone.board.wishes]


def test_a_first_build_judged_on_two_cores_is_the_cold_site_and_is_remembered(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = learning(monkeypatch)
    cache = BuildCache(tmp_path / "cache")
    assert build_site(demo, tmp_path / "site", BUILD_DATE, cache=cache).ok
    assert sent and sum(sent) > 50
    assert build_site(demo, tmp_path / "plain", BUILD_DATE).ok  # no cache: one by one
    assert snapshot(tmp_path / "site") == snapshot(tmp_path / "plain")

    # What the children learnt was saved: a new process reading the cache parses nothing.
    (demo / "wishes" / "zz-new.yaml").write_text("title: 新心愿\n" + WISH, encoding="utf-8")
    again = BuildCache(tmp_path / "cache")
    assert build_site(demo, tmp_path / "site", BUILD_DATE, cache=again).ok
    assert again.records.misses == 1  # only the new file


def test_this_process_judges_no_file_itself(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both halves are judged in children (this process's heap would keep the holes of the
    parses), and each child's files come back."""
    sent = learning(monkeypatch)
    judged_here: list[str] = []
    judge_one = sharing.judge_one

    def spy(memo: RecordMemo, source: Source) -> None:
        judged_here.append(source.rel)  # in a child, this list is the child's copy
        judge_one(memo, source)

    monkeypatch.setattr(sharing, "judge_one", spy)
    checked = check_content(demo, BUILD_DATE, RecordMemo())
    assert checked.ok
    assert judged_here == []
    records = checked.board.record_count()
    assert len(sent) == 2 and sum(sent) == records and abs(sent[0] - sent[1]) <= 1


def test_files_changed_since_the_last_build_are_compared_with_what_they_were(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a child found in a file with other bytes keeps the earlier facts beside it, as a
    file read here does (a text edit's pages are kept only when the rest is the same)."""
    memo = RecordMemo()
    assert check_content(demo, BUILD_DATE, memo).ok
    wishes = sorted((demo / "wishes").glob("*.yaml"))
    for path in wishes:
        path.write_text(path.read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")
    earlier = {str(path): memo.files[str(path)] for path in wishes}
    memo.begin_build()
    assert check_content(demo, BUILD_DATE, memo).ok
    assert set(memo.before) == set(earlier)
    assert all(memo.before[name] == facts for name, facts in earlier.items())


def test_a_small_board_is_checked_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the threshold the memo's bookkeeping is not worth it: check reads as it always did."""
    sent = learning(monkeypatch)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    reading = CheckReading()
    assert check_content(content, BUILD_DATE, reading).ok
    assert sent == [] and reading.memo.files == {}


def test_checking_a_small_board_does_not_load_the_site_layer() -> None:
    """`check` on a community's board starts fast: no templates, no Markdown, no page code."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from noticeboard.cli import main\n"
        f"assert main(['check', '--content', {str(REPO / 'content')!r}, '--date', '2022-08-27']) == 0\n"
        "print(sorted(name for name in sys.modules if name.startswith(('noticeboard.site', 'jinja2'))))\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert ran.stdout.strip().splitlines()[-1] == "[]"
