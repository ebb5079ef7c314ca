"""Edit and new-file links for GitHub, GitLab, Gitea and Gitee."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from noticeboard.content.scaffold import record_template
from noticeboard.site.editlinks import edit_url, forge_kind, new_file_url
from tests.conftest import BASE_FILES, build_site, make_board
from tests.pagetext import read_page

REL = "wishes/2022-05-16-haircut.yaml"


@pytest.mark.parametrize(
    ("repo_url", "expected"),
    [
        ("https://github.com/o/r", "https://github.com/o/r/edit/main/content/wishes/2022-05-16-haircut.yaml"),
        (
            "https://github.com/o/r.git/",
            "https://github.com/o/r/edit/main/content/wishes/2022-05-16-haircut.yaml",
        ),
        (
            "https://gitlab.com/o/r",
            "https://gitlab.com/o/r/-/edit/main/content/wishes/2022-05-16-haircut.yaml",
        ),
        (
            "https://gitea.example.org/o/r",
            "https://gitea.example.org/o/r/_edit/main/content/wishes/2022-05-16-haircut.yaml",
        ),
        ("https://gitee.com/o/r", "https://gitee.com/o/r/_edit/main/content/wishes/2022-05-16-haircut.yaml"),
    ],
)
def test_edit_url_per_host(repo_url, expected):
    assert edit_url(repo_url, REL) == expected


def test_host_is_told_by_hostname_not_path():
    assert forge_kind("https://code.example.org/gitlab/board") == "github"
    assert forge_kind("https://gitlab.example.org/board") == "gitlab"


def test_no_repo_url_means_no_link():
    assert edit_url("", REL) == ""
    assert new_file_url("", "wishes", "x.yaml", "title: x\n") == ""


def test_branch_and_special_characters_are_encoded():
    url = edit_url("https://github.com/o/r", "wishes/a b#c.yaml", branch="release/2022")
    assert url == "https://github.com/o/r/edit/release/2022/content/wishes/a%20b%23c.yaml"


@pytest.mark.parametrize(
    ("repo_url", "path", "name_key", "value_key"),
    [
        ("https://github.com/o/r", "/o/r/new/main/content/wishes", "filename", "value"),
        ("https://gitlab.com/o/r", "/o/r/-/new/main/content/wishes", "file_name", "content"),
        ("https://try.gitea.io/o/r", "/o/r/_new/main/content/wishes", "filename", "value"),
    ],
)
def test_new_file_url_carries_the_commented_template(repo_url, path, name_key, value_key):
    template = record_template("wish", dt.date(2022, 8, 27), title="上门理发 & 100% 满意?")
    url = new_file_url(repo_url, "wishes", "2022-08-27-new-wish.yaml", template)
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert parts.path == path
    assert query[name_key] == ["2022-08-27-new-wish.yaml"]
    assert query[value_key] == [template]
    assert "# 微心愿" in query[value_key][0]


WISH = (
    "title: 给父亲上门理发\nbeneficiary: 马女士的父亲\ncategory: 助老服务\n"
    "submitted: 2022-05-16\nstatus: open\n"
)


def _site(tmp_path, repo_line: str):
    content = make_board(tmp_path, {"site.yaml": BASE_FILES["site.yaml"] + repo_line, REL: WISH})
    report = build_site(content, tmp_path / "site", dt.date(2022, 8, 27))
    assert report.ok, report.checked.report()
    return tmp_path / "site"


def test_record_pages_link_to_the_editor_of_their_file(tmp_path):
    site = _site(tmp_path, "repo_url: https://gitlab.com/o/r\n")
    wish = read_page(site / "wishes" / "2022-05-16-haircut" / "index.html")
    link = next(a for a in wish.find_all("a") if a.text == "修改")
    assert link.attrs["href"] == "https://gitlab.com/o/r/-/edit/main/content/wishes/2022-05-16-haircut.yaml"
    partner = read_page(site / "partners" / "alpha" / "index.html")
    link = next(a for a in partner.find_all("a") if a.text == "修改")
    assert link.attrs["href"] == "https://gitlab.com/o/r/-/edit/main/content/partners/alpha.yaml"


def test_list_pages_propose_a_new_record_with_the_template(tmp_path):
    site = _site(tmp_path, "repo_url: https://github.com/o/r\n")
    page = read_page(site / "wishes" / "index.html")
    link = next(a for a in page.find_all("a") if a.text == "新增微心愿")
    parts = urlsplit(link.attrs["href"])
    assert parts.path == "/o/r/new/main/content/wishes"
    query = parse_qs(parts.query)
    assert query["filename"] == ["2022-08-27-new-wish.yaml"]
    assert query["value"][0].startswith("# 微心愿 / Micro-wish")
    councils = read_page(site / "councils" / "index.html")
    link = next(a for a in councils.find_all("a") if a.text == "新增议事会记录")
    assert urlsplit(link.attrs["href"]).path == "/o/r/new/main/content/councils/2022"


def test_without_repo_url_there_are_no_edit_links(tmp_path):
    site = _site(tmp_path, "")
    for page_file in (
        "wishes/2022-05-16-haircut/index.html",
        "wishes/index.html",
        "partners/alpha/index.html",
    ):
        page = read_page(site / page_file)
        assert not page.find_all("p", cls="edit-link"), page_file
