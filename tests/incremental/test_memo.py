"""memo.py: a check that reuses what earlier builds learnt equals a check from scratch.

Every comparison covers the problems (file, line, column, code, message) and the board:
each record, its fields in order (the page fingerprints pickle them) and its file.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from noticeboard.content import validate as validate_module
from noticeboard.content.check import Checked, check_content
from noticeboard.content.types import RecordType
from noticeboard.incremental import records as memo_module
from noticeboard.incremental.digests import Inputs, tree_signatures
from noticeboard.incremental.records import MAX_CHUNKS, RecordMemo
from noticeboard.output import state as state_module
from noticeboard.site.fingerprint import fingerprint
from tests.conftest import make_board

pytestmark = pytest.mark.usefixtures("trust_fresh_files")  # tests/incremental/conftest.py

DATE = dt.date(2022, 8, 27)
LISTS = ("partners", "projects", "wishes", "councils", "awards", "redemptions")

BETA = (
    "name: 贝塔理发店\nkind: merchant\njoined: 2021-03-01\n"
    "services:\n  - title: 义务理发\n    category: 助老服务\n"
    "honors:\n  - date: 2021-12-01\n    title: 热心商户\n"
)
PROJECT = (
    "title: 修车棚\ncategory: 环境\nraised: 2022-01-05\nstatus: completed\n"
    "partners: [alpha, beta]\nsigned: 2022-02-01\ncompleted: 2022-03-01\npoints: 30\n"
)
COUNCIL = (
    "---\ntitle: 三月议事会\ndate: 2022-03-10\nlocation: 社区活动室\nparticipants: 9\n"
    "attendees: [alpha, beta]\ndecisions:\n"
    "  - text: 修车棚\n    outcome: adopted\n    votes: {for: 7, against: 1, abstain: 1}\n"
    "    owner: 物业\n    due: 2022-04-01\n    status: done\n    done: 2022-03-30\n"
    "  - text: 装路灯\n    outcome: rejected\n---\n议事记录。\n\n第二段。\n"
)
AWARD = "partner: beta\ndate: 2022-04-02\npoints: 5\nreason: 帮助邻居\n"
REDEMPTION = "partner: beta\ndate: 2022-05-02\npoints: 10\nitem: 洗衣液\n"


def wish(title: str, status: str = "open", partner: str = "beta", extra: str = "") -> str:
    text = f"title: {title}\nbeneficiary: 3号楼的王奶奶\ncategory: 便民服务\nsubmitted: 2022-05-01\n{extra}"
    if status == "open":
        return text + "status: open\n"
    text += f"status: {status}\nclaimed_by: {partner}\nclaimed: 2022-05-02\n"
    return text + ("fulfilled: 2022-05-03\n" if status == "fulfilled" else "")


FILES = {
    "partners/beta.yaml": BETA,
    "projects/shed.yaml": PROJECT,
    "councils/march.md": COUNCIL,
    "points/awards/help.yaml": AWARD,
    "points/redemptions/soap.yaml": REDEMPTION,
    "wishes/tap.yaml": wish("修水龙头", "fulfilled"),
    "wishes/lamp.yaml": wish("楼道灯坏了"),
    "wishes/chair.md": "---\n" + wish("院里添把长椅", "claimed") + "---\n老人们想在树下坐坐。\n",
}


def run(content: Path, date: dt.date, memo: RecordMemo | None = None) -> Checked:
    """Check with paths shown as a volunteer sees them: ``content/...``."""
    previous = Path.cwd()
    os.chdir(content.parent)
    try:
        return check_content(Path(content.name), date, memo)
    finally:
        os.chdir(previous)


def outcome(checked: Checked) -> tuple:
    """Everything a check gives that later stages read."""
    problems = [
        (p.file, p.line, p.column, p.code, p.message("en"), p.message("zh-CN")) for p in checked.problems
    ]
    board = checked.board
    records = [
        (record, record.source.rel, record.source.display, list(vars(record)), fingerprint(record))
        for name in LISTS
        for record in getattr(board, name)
    ]
    return problems, records, board.site, board.rules, board.build_date, checked.language


def in_a_new_process(memo: RecordMemo) -> RecordMemo:
    """The memo as the next build reads it back from the cache file."""
    return RecordMemo.unpack(marshal.loads(marshal.dumps(memo.pack())))


def next_build(memo: RecordMemo) -> RecordMemo:
    """The same memo for the next build, as ``serve`` keeps it (see cache.BuildCache)."""
    memo.begin_build()
    return memo


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_board(tmp_path, FILES)
    first = RecordMemo()
    cold = run(content, DATE, first)
    assert cold.ok, cold.report()
    parsed = []
    monkeypatch.setattr(memo_module, "parse_bytes", lambda *args: parsed.append(args) or None)
    monkeypatch.setattr(memo_module, "parse_file", lambda *args: parsed.append(args) or None)
    memo = in_a_new_process(first)
    assert outcome(run(content, DATE, memo)) == outcome(cold)
    assert parsed == [] and memo.misses == 0


def test_a_judged_file_keeps_its_verdict_not_its_parse(tmp_path: Path) -> None:
    """The verdict stands for the parse: memory holds no second copy of a valid file's data."""
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    assert run(content, DATE, memo).ok
    judged = [name for name, facts in memo.files.items() if facts.judged is not None]
    assert len(judged) >= len(FILES)
    assert len(memo.entries) == len(memo.files) - len(judged)  # site.yaml's parse only


def test_a_cross_record_problem_in_an_unchanged_file_has_its_exact_position(tmp_path: Path) -> None:
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    assert run(content, DATE, memo).ok
    (content / "partners/beta.yaml").unlink()  # the wishes, project, council... name beta
    memo = in_a_new_process(memo)
    warm = run(content, DATE, memo)
    assert memo.misses == 0  # every remaining file kept its verdict
    assert outcome(warm) == outcome(run(content, DATE))
    assert ("content/wishes/tap.yaml", 6, 13, "dangling-ref") in [p[:4] for p in outcome(warm)[0]]
    assert ("content/councils/march.md", 6, 20, "dangling-ref") in [p[:4] for p in outcome(warm)[0]]


def test_a_released_memo_leaves_the_board_whole(tmp_path: Path) -> None:
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    run(content, DATE, memo)
    memo = in_a_new_process(memo)
    warm = run(content, DATE, memo)
    memo.pack()
    memo.release()  # what a build does once the memo is saved, before rendering
    assert outcome(warm) == outcome(run(content, DATE))
    wish = next(w for w in warm.board.wishes if w.id == "tap")
    assert wish.source.problem("dangling-ref", ("claimed_by",)).line == 6  # its parse is still there


def test_verdicts_are_reused_across_build_dates(tmp_path: Path) -> None:
    """No check of a single file reads the date: future dates are a cross-record rule."""
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    assert run(content, DATE, memo).ok
    for date in (dt.date(2022, 5, 2), dt.date(2021, 1, 1), DATE):
        memo = in_a_new_process(memo)
        warm = run(content, date, memo)
        assert memo.misses == 0
        assert outcome(warm) == outcome(run(content, date))
    assert "future-date" in [p.code for p in run(content, dt.date(2022, 5, 2)).problems]


def test_other_schemas_are_not_trusted_with_old_verdicts(tmp_path: Path, monkeypatch) -> None:
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    cold = run(content, DATE, memo)
    monkeypatch.setattr(memo_module, "schemas_digest", lambda: "edited schemas")
    memo = in_a_new_process(memo)
    judged = []
    monkeypatch.setattr(memo_module.RecordMemo, "remember", lambda self, *args: judged.append(args))
    assert outcome(run(content, DATE, memo)) == outcome(cold)
    assert len(judged) == 9  # every record file validated again


def test_a_record_the_cache_cannot_rebuild_is_judged_afresh(tmp_path: Path, monkeypatch) -> None:
    def unkeepable(record_type: RecordType) -> RecordType:
        build = record_type.build
        return replace(record_type, build=lambda source: replace(build(source), story=["故事"]))

    patched = tuple(unkeepable(t) if t.name == "wish" else t for t in validate_module.RECORD_TYPES)
    monkeypatch.setattr(validate_module, "RECORD_TYPES", patched)
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    cold = run(content, DATE, memo)
    memo = in_a_new_process(memo)
    assert outcome(run(content, DATE, memo)) == outcome(cold)
    assert sorted(path.rpartition("/")[2] for path, facts in memo.files.items() if facts.judged is None) == [
        "chair.md",
        "lamp.yaml",
        "rules.yaml",
        "site.yaml",
        "tap.yaml",
    ]


def test_a_damaged_memo_gives_the_same_check(tmp_path: Path) -> None:
    content = make_board(tmp_path, FILES)
    memo = RecordMemo()
    cold = run(content, DATE, memo)
    packed = memo.pack()
    for damaged in (
        {**packed, "files": [b"\x00garbage"]},
        {**packed, "files": [packed["files"][0][:100]]},
        {**packed, "files": "not a list of bytes"},
        {"entries": {}},
        None,
    ):
        assert outcome(run(content, DATE, RecordMemo.unpack(damaged))) == outcome(cold)


def test_saved_chunks_stay_few_and_forget_deleted_files(tmp_path: Path) -> None:
    content = make_board(tmp_path, {**FILES, **{f"wishes/w{n}.yaml": wish(f"心愿{n}") for n in range(12)}})
    memo = RecordMemo()
    run(content, DATE, memo)
    for step in range(3 * MAX_CHUNKS):
        (content / f"wishes/w{step % 12}.yaml").write_text(wish(f"改过的心愿{step}"), encoding="utf-8")
        memo = in_a_new_process(memo)
        assert outcome(run(content, DATE, memo)) == outcome(run(content, DATE))
        assert memo.misses == 1
        assert len(memo.pack()["files"]) <= MAX_CHUNKS
    for n in range(12):
        (content / f"wishes/w{n}.yaml").unlink()
    memo = in_a_new_process(memo)
    run(content, DATE, memo)
    memo = in_a_new_process(memo)
    assert not [path for path in memo.files if "/wishes/w" in path]


def test_a_check_with_the_memo_equals_a_cold_check_over_random_edits(tmp_path: Path) -> None:
    content = make_board(tmp_path, FILES)
    rng = random.Random(20220827)
    memo = RecordMemo()
    date = DATE
    edits = [
        "title",
        "status",
        "schema",
        "private",
        "unparsable",
        "remove-partner",
        "restore-partner",
        "add",
        "rename",
        "touch",
        "date",
        "markdown",
        "nothing",
    ]
    reused = 0
    for step in range(60):
        edit = rng.choice(edits)
        wishes = sorted((content / "wishes").iterdir())
        target = rng.choice(wishes) if wishes else None
        if edit == "title" and target:
            target.write_text(wish(f"换灯泡{step}", "open"), encoding="utf-8")
        elif edit == "status" and target:
            target.write_text(wish("修门禁", rng.choice(["open", "claimed", "fulfilled"])), encoding="utf-8")
        elif edit == "schema" and target:
            target.write_text(wish("送药上门", "fulfiled"), encoding="utf-8")  # wrong status, kept
        elif edit == "private" and target:
            target.write_text(wish("理发", extra="reported_by: 王阿姨 13812345678\n"), encoding="utf-8")
        elif edit == "unparsable" and target:
            target.write_text("title: [unclosed\n", encoding="utf-8")
        elif edit == "remove-partner":
            (content / "partners/beta.yaml").unlink(missing_ok=True)
        elif edit == "restore-partner":
            (content / "partners/beta.yaml").write_text(BETA, encoding="utf-8")
        elif edit == "add":
            (content / f"wishes/new-{step}.yaml").write_text(wish("读报", "claimed"), encoding="utf-8")
        elif edit == "rename" and target:
            target.rename(target.with_name(f"renamed-{step}{target.suffix}"))
        elif edit == "touch" and target:
            target.write_bytes(target.read_bytes())  # same bytes, a new stat
        elif edit == "date":
            date = date + dt.timedelta(days=rng.randint(-300, 60))
        elif edit == "markdown" and target:
            target.unlink()
            (content / f"wishes/story-{step}.md").write_text(
                "---\n" + wish("陪聊", "fulfilled") + "---\n第一段。\n\n第二段。\n", encoding="utf-8"
            )
        memo = in_a_new_process(memo) if rng.random() < 0.6 else next_build(memo)
        hits = memo.hits
        assert outcome(run(content, date, memo)) == outcome(run(content, date)), (step, edit)
        reused += memo.hits - hits
    assert reused > 300  # most checks took most files from the memo


def test_every_record_of_the_demo_is_kept_with_its_follow_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decision updates and project agreements are model values too: a memo that could not keep
    them parsed every council and project with them again on every build (issue 20)."""
    from tests.conftest import BUILD_DATE, REPO

    monkeypatch.setattr(state_module, "RACY_NS", 0)
    memo = RecordMemo()
    checked = check_content(REPO / "content", BUILD_DATE, memo)
    assert checked.ok
    held = [r for r in checked.board.of("council") if any(d.updates for d in r.decisions)]
    held += [r for r in checked.board.of("project") if r.agreement is not None]
    assert len(held) >= 3
    for record in held:
        facts = memo.files[record.source.filename]
        assert facts.judged is not None and facts.judged.record is not None, record.source.rel
    unpacked = RecordMemo.unpack(marshal.loads(marshal.dumps(memo.pack())))
    again = check_content(REPO / "content", BUILD_DATE, unpacked)  # from the cache file: nothing parsed
    assert again.ok and unpacked.misses == 0
    assert [r.id for r in again.board.of("council")] == [r.id for r in checked.board.of("council")]


def test_the_signatures_read_as_the_build_began_spare_a_second_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build reads every content file's stat signature as it begins (Inputs); the memo takes
    them from there, and still sees a file changed before that moment."""
    content = make_board(tmp_path, FILES)
    first = RecordMemo()
    assert run(content, DATE, first).ok
    (content / "wishes/lamp.yaml").write_text(wish("楼道灯修好了", "claimed"), encoding="utf-8")
    memo = in_a_new_process(first)
    memo.signatures = Inputs("settings", sorted(tree_signatures(content))).signatures()
    asked: list[str] = []
    real_stat = os.stat
    monkeypatch.setattr(
        os,
        "stat",
        lambda path, *args, **kwargs: asked.append(os.fspath(path)) or real_stat(path, *args, **kwargs),
    )
    warm = run(content, DATE, memo)
    monkeypatch.undo()
    record_files = [path for path in asked if path.endswith(tuple(FILES))]
    assert record_files == [str((content / "wishes/lamp.yaml").absolute())]  # read again: it changed
    assert outcome(warm) == outcome(run(content, DATE))
    assert "楼道灯修好了" in [wish.title for wish in warm.board.wishes]
