"""``python build.py diff``: a reviewer's summary between two git revisions of a board."""

from __future__ import annotations

import pytest

from noticeboard.cli import main
from noticeboard.history.review import field_changes
from tests.conftest import BASE_FILES
from tests.gitscratch import commit, init_repo, run_git, write

WISH = "content/wishes/2022-05-16-haircut.yaml"
CLAIMED = (
    "title: 给父亲上门理发\nbeneficiary: 马女士的父亲\ncategory: 助老服务\nsubmitted: 2022-05-16\n"
    "status: claimed\nclaimed_by: alpha\nclaimed: 2022-05-16\n"
)
FULFILLED = CLAIMED.replace("status: claimed", "status: fulfilled") + "fulfilled: 2022-05-17\n"
BETA = "name: 贝塔超市\nkind: merchant\njoined: 2021-01-01\n"
AWARD = "partner: beta\ndate: 2022-03-01\npoints: 5\nreason: 疫情值守\n"


def _repo(tmp_path, site_extra: str = ""):
    repo = init_repo(tmp_path / "origin")
    files = {f"content/{rel}": text for rel, text in BASE_FILES.items()}
    files["content/site.yaml"] += site_extra
    files |= {"content/partners/beta.yaml": BETA, "content/points/awards/a.yaml": AWARD, WISH: CLAIMED}
    base = commit(repo, files, "建立公示栏", "2022-05-16")
    head = commit(repo, {WISH: FULFILLED}, "心愿已实现", "2022-05-18")
    return repo, base, head


def _diff(capsys, monkeypatch, repo, *revisions):
    monkeypatch.chdir(repo)
    code = main(["diff", *revisions, "--date", "2022-08-27"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_field_changes_points_ranks_and_statistics_in_plain_words(tmp_path, capsys, monkeypatch):
    repo, base, head = _repo(tmp_path)
    code, out, _ = _diff(capsys, monkeypatch, repo, base, head)
    assert code == 0
    assert "- 修改：微心愿「给父亲上门理发」：已认领 → 已实现，实现日期 2022-05-17" in out
    assert "| 阿尔法公司 | +10 | +0 | 0 → 10 | 第 2 → 第 1 |" in out
    assert "| 贝塔超市 | +0 | +0 | 5 → 5 | 第 1 → 第 2 |" in out
    assert "| 实现心愿 ✱ | 0 | 1 |" in out
    assert "| 在册合伙人 | 2 | 2 |" in out
    assert "✅ 没有问题。" in out


def test_head_defaults_to_the_working_tree_and_its_problems_are_listed(tmp_path, capsys, monkeypatch):
    repo, _, _ = _repo(tmp_path)
    write(repo, {"content/wishes/2022-06-01-glasses.yaml": "title: 老花镜\nstatus: open\n"})
    write(repo, {"content/points/awards/a.yaml": None})
    code, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert code == 0
    assert "对比 `HEAD` → `工作区`" in out
    assert "- 删除：积分奖励「疫情值守」 (`a`)" in out
    assert "- 新增：微心愿「老花镜」 (`2022-06-01-glasses`)" in out
    assert "❌ 发现 3 个问题" in out
    assert "content/wishes/2022-06-01-glasses.yaml:1:1: error:" in out
    assert "[missing-key]" in out


def test_english_board_gets_an_english_summary(tmp_path, capsys, monkeypatch):
    repo, base, head = _repo(tmp_path, "language: en\n")
    _, out, _ = _diff(capsys, monkeypatch, repo, base, head)
    assert "- Changed: Micro-wish “给父亲上门理发”: claimed → fulfilled, fulfilled 2022-05-17" in out
    assert "| Wishes fulfilled ✱ | 0 | 1 |" in out
    assert "#2 → #1" in out


def test_shallow_clone_fetches_the_base_branch(tmp_path, capsys, monkeypatch):
    repo, base, _ = _repo(tmp_path)
    run_git(repo, "branch", "base", base)
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "main", f"file://{repo}", str(clone))
    assert run_git(clone, "rev-list", "--count", "HEAD").strip() == "1"
    code, out, err = _diff(capsys, monkeypatch, clone, "origin/base")
    assert code == 0, err
    assert "已认领 → 已实现" in out


def test_shallow_clone_fetches_a_base_commit_by_id(tmp_path, capsys, monkeypatch):
    repo, base, _ = _repo(tmp_path)
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    code, out, err = _diff(capsys, monkeypatch, clone, base)
    assert code == 0, err
    assert "已认领 → 已实现" in out


@pytest.mark.parametrize("revision", ["no-such-branch", "origin/no-such-branch", "0123456789abcdef0123"])
def test_missing_revision_is_a_clear_usage_error(tmp_path, capsys, monkeypatch, revision):
    repo, _, _ = _repo(tmp_path)
    code, out, err = _diff(capsys, monkeypatch, repo, revision)
    assert code == 2
    assert out == ""
    assert f"git revision '{revision}' not found" in err
    assert "Traceback" not in err


def test_outside_git_is_a_usage_error(tmp_path, capsys, monkeypatch):
    (tmp_path / "content").mkdir()
    code, _, err = _diff(capsys, monkeypatch, tmp_path, "HEAD")
    assert code == 2
    assert "not inside a git repository" in err


def test_a_file_that_cannot_be_read_is_changed_not_removed(tmp_path, capsys, monkeypatch):
    repo, _, _ = _repo(tmp_path)
    write(repo, {WISH: CLAIMED + "story: [unclosed\n"})
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert "- 修改：微心愿「给父亲上门理发」：文件有错误，无法读取（见检查结果）" in out
    assert "删除" not in out
    assert "[yaml-syntax]" in out


def test_record_texts_cannot_inject_markdown_or_break_the_code_block(tmp_path, capsys, monkeypatch):
    repo, _, _ = _repo(tmp_path)
    write(
        repo, {"content/partners/beta.yaml": BETA.replace("贝塔超市", "贝塔 <b>超市</b> [x](http://e.org)")}
    )
    write(repo, {"content/wishes/2022-06-01-x.yaml": "title: x\nstatus: '```'\n"})
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert "名称 贝塔超市 → 贝塔 \\<b\\>超市\\</b\\> \\[x\\](http://e.org)" in out
    assert "\n````text\n" in out


def test_a_value_that_becomes_a_list_of_items_is_compared_item_by_item():
    # A version that held no list there (a number, a mapping) counts as holding no items.
    services = [{"title": "上门维修", "category": "便民服务"}]
    for before in (5, {"title": "上门维修"}, "上门维修"):
        assert field_changes("partner", {"services": before}, {"services": services}, "zh-CN") == [
            "新增服务供给清单第 1 项「上门维修」"
        ]


def test_a_new_record_shows_every_field_in_words_and_partners_by_name(tmp_path, capsys, monkeypatch):
    repo, _, _ = _repo(tmp_path)
    story = "story: |\n  马女士的父亲今年81岁，行动不便。\n  5号楼楼长报给社区。\n"
    write(
        repo,
        {"content/wishes/2022-06-01-glasses.yaml": FULFILLED.replace("给父亲上门理发", "配老花镜") + story},
    )
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert "- 新增：微心愿「配老花镜」 (`2022-06-01-glasses`)" in out
    for line in (
        "  - 心愿人：马女士的父亲",
        "  - 状态：已实现",
        "  - 认领人：阿尔法公司 (alpha)",
        "  - 实现日期：2022-05-17",
        "  - 故事：",
        "    > 马女士的父亲今年81岁，行动不便。",
    ):
        assert line in out.split("\n"), line
    privacy = out.split("### 隐私复核")[1].split("###")[0]
    assert "- 微心愿「配老花镜」：马女士（称呼），父亲（亲属），81岁（年龄），5号楼（地点）" in privacy


def test_an_edited_story_shows_a_text_diff(tmp_path, capsys, monkeypatch):
    repo = init_repo(tmp_path / "origin")
    files = {f"content/{rel}": text for rel, text in BASE_FILES.items()}
    files[WISH] = CLAIMED + "story: |\n  第一行。\n  第二行。\n"
    commit(repo, files, "建立公示栏", "2022-05-16")
    write(repo, {WISH: CLAIMED + "story: |\n  第一行。\n  第二行改了。\n"})
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert "故事已修改" in out
    diff = "    ```diff\n    @@ -1,2 +1,2 @@\n     第一行。\n    -第二行。\n    +第二行改了。\n    ```"
    assert "  - 故事：\n" + diff in out


def test_a_new_file_with_a_syntax_error_is_listed_first_with_its_errors(tmp_path, capsys, monkeypatch):
    repo, _, _ = _repo(tmp_path)
    write(repo, {"content/wishes/2022-06-01-tv.yaml": "title: 电视\nstatus: [open\n"})
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    first = out.split("### 记录变更")[0]
    assert "### ⚠️ 无法读取的文件" in first
    assert "- `content/wishes/2022-06-01-tv.yaml`" in first and "`[yaml-syntax]`" in first
    assert "- 新增：微心愿「2022-06-01-tv」：文件有错误，无法读取（见检查结果） (`2022-06-01-tv`)" in out


def test_english_summaries_keep_their_words_apart():
    services = [{"title": "Home repairs", "category": "daily services"}]
    assert field_changes("partner", {}, {"services": services}, "en") == [
        "Added services item 1 “Home repairs”"
    ]


COUNCIL = "content/councils/c.yaml"
SHED = (
    "title: 车棚议事会\ndate: 2022-04-08\nlocation: 3号院\nparticipants: 6\ndecisions:\n"
    "- text: 建电动车棚\n  outcome: adopted\n  status: in-progress\n  updates:\n"
    "  - date: 2022-05-01\n    text: 地基完工\n    progress: 40\n"
)
SHED_LATER = SHED + "  - date: 2022-06-01\n    text: 棚顶装好\n    progress: 70\n"
SHED_DONE = SHED.replace(
    "status: in-progress", "status: done\n  done: 2022-07-04\n  result: 车棚建成，能停40辆车"
)


def test_the_summary_names_follow_through_events_in_plain_words(tmp_path, capsys, monkeypatch):
    repo, _, _ = _repo(tmp_path)
    commit(repo, {COUNCIL: SHED}, "议事会", "2022-05-02")
    write(repo, {COUNCIL: SHED_LATER, WISH: FULFILLED + "confirmed: 2022-05-18\n"})
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert "第 1 项决定进度 40% → 70%" in out
    assert "- 修改：微心愿「给父亲上门理发」：居民已确认，" in out
    write(repo, {COUNCIL: SHED_DONE, WISH: FULFILLED + "disputed: 还差一次\n"})
    _, out, _ = _diff(capsys, monkeypatch, repo, "HEAD")
    assert "第 1 项决定进度 40% → 100%，第 1 项决定写了落实结果" in out
    assert "居民有异议" in out


def test_follow_events_in_english_and_for_agreements():
    from noticeboard.history.review_events import follow_events

    before = {"status": "signed"}
    after = {"status": "signed", "agreement": {"summary": "义剪", "until": "2023-05-08"}}
    assert follow_events("project", before, after, "en") == ["agreement until 2023-05-08"]
    assert follow_events("project", before, after, "zh-CN") == ["共建协议到 2023-05-08"]
    council = {"decisions": [{"text": "x", "status": "done", "result": "好了"}]}
    assert follow_events("council", {"decisions": []}, council, "en") == [
        "decision 1: progress - → 100%",
        "decision 1: result written",
    ]
