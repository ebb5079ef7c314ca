"""Edit and new-file links for GitHub, GitLab, Gitea and Gitee."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from noticeboard.editlinks import edit_url, forge_kind, new_file_url
from noticeboard.scaffold import record_template

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
