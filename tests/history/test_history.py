"""Change history from git: one git log call, per-file entries, names only, nothing outside git."""

from __future__ import annotations

import datetime as dt
import subprocess

from noticeboard.history import log as history
from noticeboard.history.log import read_history
from tests.conftest import BASE_FILES, make_board
from tests.gitscratch import commit, init_repo
from tests.pagetext import read_page

WISH = "wishes/2022-05-16-haircut.yaml"
OPEN_WISH = (
    "title: 给父亲上门理发\nbeneficiary: 马女士的父亲\ncategory: 助老服务\n"
    "submitted: 2022-05-16\nstatus: open\n"
)


def _board_repo(tmp_path):
    repo = init_repo(tmp_path / "repo")
    files = {f"content/{rel}": text for rel, text in BASE_FILES.items()}
    commit(repo, files, "建立公示栏", "2022-05-02", "王建国")
    commit(repo, {f"content/{WISH}": OPEN_WISH}, "新增心愿：给父亲上门理发", "2022-05-16", "李阿姨")
    claimed = OPEN_WISH.replace("status: open", "status: claimed\nclaimed_by: alpha\nclaimed: 2022-05-16")
    commit(
        repo, {f"content/{WISH}": claimed, "README.md": "x"}, "心愿已认领 | claimed", "2022-05-18", "张秀兰"
    )
    return repo


def test_each_file_lists_its_changes_newest_first_with_name_subject_and_date(tmp_path):
    repo = _board_repo(tmp_path)
    found = read_history(repo / "content")
    entries = [(c.date, c.subject, c.author) for c in found.of(WISH)]
    assert entries == [
        (dt.date(2022, 5, 18), "心愿已认领 | claimed", "张秀兰"),
        (dt.date(2022, 5, 16), "新增心愿：给父亲上门理发", "李阿姨"),
    ]
    assert found.last_updated(WISH) == dt.date(2022, 5, 18)
    assert found.last_updated("site.yaml") == dt.date(2022, 5, 2)
    assert found.first_commit_date == dt.date(2022, 5, 2)


def test_paths_are_relative_to_the_content_folder_and_files_outside_it_are_left_out(tmp_path):
    found = read_history(_board_repo(tmp_path) / "content")
    assert sorted(found.files) == sorted([*BASE_FILES, WISH])
    assert "README.md" not in found.files


def test_author_email_never_appears(tmp_path):
    found = read_history(_board_repo(tmp_path) / "content")
    assert "@example.org" not in repr(found)


def test_one_git_log_call_for_the_whole_folder(tmp_path, monkeypatch):
    repo = _board_repo(tmp_path)
    calls = []
    real = history.git

    def counting(args, cwd, **kwargs):
        calls.append(args)
        return real(args, cwd, **kwargs)

    monkeypatch.setattr(history, "git", counting)
    read_history(repo / "content")
    assert len(calls) == 1
    assert "log" in calls[0]


def test_outside_a_git_repository_the_history_is_empty(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("name: x\ncommunity: y\n", encoding="utf-8")
    found = read_history(content)
    assert not found
    assert found.of("site.yaml") == []
    assert found.last_updated("site.yaml") is None


def test_without_git_installed_the_history_is_empty(tmp_path, monkeypatch):
    repo = _board_repo(tmp_path)

    def missing(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(subprocess, "run", missing)
    assert not read_history(repo / "content")


def test_a_deleted_and_readded_file_keeps_both_changes(tmp_path):
    repo = _board_repo(tmp_path)
    commit(repo, {f"content/{WISH}": None}, "撤下心愿", "2022-05-20")
    commit(repo, {f"content/{WISH}": OPEN_WISH}, "恢复心愿", "2022-05-21")
    statuses = [(c.subject, c.status, bool(c.blob)) for c in read_history(repo / "content").of(WISH)][:2]
    assert statuses == [("恢复心愿", "A", True), ("撤下心愿", "D", False)]


def _build(content, tmp_path):
    from tests.conftest import build_site

    report = build_site(content, tmp_path / "site", dt.date(2022, 8, 27))
    assert report.ok, report.checked.report()
    return tmp_path / "site"


def test_record_page_shows_its_history_and_last_update_without_emails(tmp_path):
    repo = _board_repo(tmp_path)
    site = _build(repo / "content", tmp_path)
    page_file = site / "wishes" / "2022-05-16-haircut" / "index.html"
    section = read_page(page_file).section("history-heading")
    assert "最后更新：2022年5月18日" in section.text
    assert [li.text for li in section.find_all("li")] == [
        "2022年5月18日 心愿已认领 | claimed — 张秀兰",
        "2022年5月16日 新增心愿：给父亲上门理发 — 李阿姨",
    ]
    assert "@example.org" not in page_file.read_text(encoding="utf-8")
    partner = read_page(site / "partners" / "alpha" / "index.html").section("history-heading")
    assert "建立公示栏 — 王建国" in partner.text


def test_a_commit_subject_with_a_phone_number_is_hidden(tmp_path):
    repo = _board_repo(tmp_path)
    commit(repo, {f"content/{WISH}": OPEN_WISH}, "联系 138 1234 5678 撤回认领", "2022-05-19", "李阿姨")
    site = _build(repo / "content", tmp_path)
    section = read_page(site / "wishes" / "2022-05-16-haircut" / "index.html").section("history-heading")
    assert "1234" not in section.text
    assert "（说明含个人信息，已隐藏） — 李阿姨" in section.text


def test_outside_git_the_history_section_is_absent(tmp_path):
    content = make_board(tmp_path, {WISH: OPEN_WISH})
    site = _build(content, tmp_path)
    page = read_page(site / "wishes" / "2022-05-16-haircut" / "index.html")
    assert not page.find_all(id="history-heading")
    assert "最后更新" not in page.text
