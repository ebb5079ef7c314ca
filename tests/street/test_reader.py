"""Every way a community's board can be wrong, with the exact line the street build reports.

Each case changes one of the three real built boards (tests/street/conftest.py), in a folder or
on the loopback HTTP host, and checks the one line naming the community, the file and (inside a
JSON file) the JSON path; the community is then unavailable and the street is still built.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from noticeboard.street.fetch import Limits
from noticeboard.street.summary import CURRENT, UNAVAILABLE
from tests.street.conftest import Misbehaviour, run_street, street_yaml


def _lines(tmp_path: Path, sources: dict[str, str], limits: Limits | None = None, language: str = "zh-CN"):
    extra = "language: en" if language == "en" else ""
    report = run_street(street_yaml(tmp_path, sources, extra=extra), tmp_path / "site", tmp_path / "cache",
                        limits=limits)  # fmt: skip
    return report, [problem.text(language) for problem in report.problems]


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# --- folders ------------------------------------------------------------------------------


def test_a_missing_folder_is_unreachable(tmp_path, boards):
    report, lines = _lines(tmp_path, {"jia": str(boards / "nowhere"), "yi": str(boards / "yi")})
    assert lines == [f"jia: error: 无法读取 {boards / 'nowhere'}：文件夹不存在 [unreachable]"]
    assert [c.status for c in report.communities] == [UNAVAILABLE, CURRENT]
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_folder_without_a_built_board(tmp_path, boards):
    (boards / "empty").mkdir()
    _, lines = _lines(tmp_path, {"jia": str(boards / "empty")}, language="en")
    assert lines == [
        f"jia: error: {boards / 'empty'} is not a built board: it has neither data/index.json nor "
        "data/stats.json [not-a-board]"
    ]


def test_a_file_that_is_not_json_says_where_it_stops(tmp_path, boards):
    (boards / "jia" / "data" / "wishes.json").write_text('[{"id": "w1",}]', encoding="utf-8")
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")})
    assert lines == [
        "jia: data/wishes.json: error: 不是有效的 JSON（第 1 行第 14 列：Expecting property name enclosed in "
        "double quotes） [not-json]"
    ]


def test_a_newer_format_version(tmp_path, boards):
    _edit_json(boards / "yi" / "data" / "index.json", lambda board: board.update(open_data_version=2))
    _, lines = _lines(tmp_path, {"yi": str(boards / "yi")}, language="en")
    assert lines == [
        "yi: data/index.json: error: the data format is version 2; this engine reads version 1 only: rebuild "
        "the board with a matching noticeboard [schema-version]"
    ]


def test_a_board_built_before_format_versions(tmp_path, boards):
    (boards / "yi" / "data" / "index.json").unlink()
    _, lines = _lines(tmp_path, {"yi": str(boards / "yi")})
    assert lines == [
        "yi: data/index.json: error: 数据格式版本是 none，本程序只能读取版本 1；请用相同版本的 noticeboard "
        "重新生成这个公示栏 [schema-version]"
    ]


def test_a_field_of_the_wrong_type_is_named_by_its_json_path(tmp_path, boards):
    def change(councils):
        councils[0]["decisions"][1]["status"] = 5
        councils[0]["participants"] = "二十"

    _edit_json(boards / "jia" / "data" / "councils.json", change)
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, language="en")
    assert lines == [
        "jia: data/councils.json: error: '$[0].participants' must be a whole number, not text \"二十\"; "
        "write the number alone, in digits: 20 [wrong-type]",
        "jia: data/councils.json: error: '$[0].decisions[1].status' cannot be 5; choose one of: pending, "
        "in-progress, done, None [invalid-choice]",
    ]


def test_a_missing_field_and_a_bad_date(tmp_path, boards):
    def change(wishes):
        del wishes[2]["url"]
        wishes[0]["submitted"] = "2022-13-01"

    _edit_json(boards / "jia" / "data" / "wishes.json", change)
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")})
    assert lines == [
        'jia: data/wishes.json: error: 「$[0].submitted」的日期 "2022-13-01" 无效；请写成 YYYY-MM-DD，例如 '
        "2022-05-16 [invalid-date]",
        "jia: data/wishes.json: error: 没有写「$[2].url」，这一项必须填写 [missing-key]",
    ]


def test_a_board_of_another_street(tmp_path, boards):
    _edit_json(boards / "bing" / "data" / "index.json", lambda data: data["board"].update(street="西城街道"))
    _, lines = _lines(tmp_path, {"bing": str(boards / "bing")})
    assert lines == [
        'bing: data/index.json: error: 「$.board.street」是 "西城街道"：'
        "这个公示栏属于另一个街道，不是「东城街道」 [other-street]"
    ]


def test_a_board_that_names_no_street_is_read(tmp_path, boards):
    _edit_json(boards / "bing" / "data" / "index.json", lambda index: index["board"].update(street=None))
    report, lines = _lines(tmp_path, {"bing": str(boards / "bing")})
    assert lines == [] and report.communities[0].status == CURRENT


def test_a_missing_data_file(tmp_path, boards):
    (boards / "jia" / "data" / "councils.json").unlink()
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, language="en")
    assert lines == [
        f"jia: data/councils.json: error: the required file {boards / 'jia' / 'data' / 'councils.json'} is "
        "missing [missing-file]"
    ]


def test_a_broken_feed(tmp_path, boards):
    (boards / "jia" / "feed.xml").write_text("<feed>", encoding="utf-8")
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, language="en")
    assert lines == [
        "jia: feed.xml: error: not a valid Atom feed (no element found: line 1, column 6) [not-xml]"
    ]


def test_a_feed_with_a_document_type_is_refused(tmp_path, boards):
    feed = boards / "jia" / "feed.xml"
    feed.write_bytes(feed.read_bytes().replace(b"<feed", b'<!DOCTYPE feed [<!ENTITY x "y">]><feed', 1))
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, language="en")
    assert lines == [
        "jia: feed.xml: error: not a valid Atom feed (a document type declaration is not allowed) [not-xml]"
    ]


def test_fields_this_engine_does_not_know_are_ignored(tmp_path, boards):
    """A board may add fields without a new format version (docs/open-data.md)."""
    _edit_json(
        boards / "jia" / "data" / "wishes.json", lambda wishes: [w.update(photo="x.jpg") for w in wishes]
    )
    _edit_json(boards / "jia" / "data" / "index.json", lambda board: board.update(generator="noticeboard 2"))
    report, lines = _lines(tmp_path, {"jia": str(boards / "jia")})
    assert lines == [] and report.communities[0].status == CURRENT


def test_a_board_built_before_a_field_was_added_is_read(tmp_path, boards):
    """Same format version, one field fewer: the street requires only the fields it reads."""
    _edit_json(boards / "jia" / "data" / "wishes.json", lambda wishes: [w.pop("story") for w in wishes])
    _edit_json(
        boards / "jia" / "data" / "councils.json", lambda councils: [c.pop("minutes") for c in councils]
    )
    report, lines = _lines(tmp_path, {"jia": str(boards / "jia")})
    assert lines == [] and report.communities[0].status == CURRENT


def test_a_missing_field_the_street_reads_is_a_problem(tmp_path, boards):
    _edit_json(
        boards / "jia" / "data" / "councils.json", lambda councils: councils[0]["decisions"][0].pop("due")
    )
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, language="en")
    assert lines == [
        "jia: data/councils.json: error: '$[0].decisions[0].due' is required and missing [missing-key]"
    ]


def test_many_problems_are_cut_to_ten_and_a_count(tmp_path, boards):
    def change(wishes):
        for wish in wishes:
            wish.update(status="done", category=1, points="x", title=None)

    _edit_json(boards / "jia" / "data" / "wishes.json", change)
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, language="en")
    assert len(lines) == 11
    assert lines[-1] == "jia: error: and 2 more problem(s) not listed [more-problems]"


# --- over HTTP ----------------------------------------------------------------------------


def test_boards_are_read_over_http(tmp_path, http_host):
    sources = {board: http_host.root + board + "/" for board in ("jia", "yi")}
    sources["bing"] = http_host.root + "bing"  # without the final slash
    report, lines = _lines(tmp_path, sources)
    assert lines == []
    assert [c.status for c in report.communities] == [CURRENT, CURRENT, CURRENT]
    assert "/bing/data/index.json" in http_host.requests


def test_a_host_that_refuses_the_connection(tmp_path, boards):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _, lines = _lines(tmp_path, {"jia": f"http://127.0.0.1:{port}/"}, language="en")
    assert lines == [
        f"jia: error: cannot read http://127.0.0.1:{port}/data/index.json: Connection refused [unreachable]"
    ]


def test_a_server_error(tmp_path, http_host):
    http_host.rules["/jia/data/wishes.json"] = Misbehaviour(status=500)
    _, lines = _lines(tmp_path, {"jia": http_host.root + "jia/"})
    assert lines == [
        f"jia: error: 无法读取 {http_host.root}jia/data/wishes.json："
        "服务器回答 HTTP 500 Internal Server Error [unreachable]"
    ]


def test_a_host_that_does_not_answer_in_time(tmp_path, http_host):
    http_host.rules["/jia/data/index.json"] = Misbehaviour(delay=2.0, body=b"{}")
    _, lines = _lines(tmp_path, {"jia": http_host.root + "jia/"}, Limits(timeout=0.5), language="en")
    assert lines == [
        f"jia: error: cannot read {http_host.root}jia/data/index.json: not read within 0.5 s [unreachable]"
    ]


def test_a_host_that_trickles_meets_the_deadline_too(tmp_path, http_host):
    http_host.rules["/jia/data/index.json"] = Misbehaviour(body=b" " * 40 + b"{}", trickle=True)
    _, lines = _lines(tmp_path, {"jia": http_host.root + "jia/"}, Limits(timeout=0.5), language="en")
    assert lines == [
        f"jia: error: cannot read {http_host.root}jia/data/index.json: not read within 0.5 s [unreachable]"
    ]


@pytest.mark.parametrize("declared", [True, False], ids=["said-in-advance", "found-while-reading"])
def test_a_file_over_the_size_cap(tmp_path, http_host, declared):
    """A host that says the length is refused before reading; one that does not, while reading."""
    big = Misbehaviour(body=b"[" + b" " * 5000 + b"]", length=declared)
    http_host.rules["/jia/data/index.json"] = big
    _, lines = _lines(tmp_path, {"jia": http_host.root + "jia/"}, Limits(max_bytes=4000), language="en")
    assert lines == [
        f"jia: error: cannot read {http_host.root}jia/data/index.json: larger than the limit of 4,000 bytes "
        "[unreachable]"
    ]


def test_a_local_file_over_the_size_cap(tmp_path, boards):
    assert (boards / "jia" / "data" / "wishes.json").stat().st_size > 1000  # the first file over the cap
    _, lines = _lines(tmp_path, {"jia": str(boards / "jia")}, Limits(max_bytes=1000), language="en")
    assert lines == [
        f"jia: error: cannot read {boards / 'jia' / 'data' / 'wishes.json'}: larger than the limit of 1,000 "
        "bytes [unreachable]"
    ]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/index.json"])
def test_a_redirect_may_only_lead_to_http(tmp_path, http_host, target):
    http_host.rules["/jia/data/index.json"] = Misbehaviour(location=target)
    _, lines = _lines(tmp_path, {"jia": http_host.root + "jia/"})
    assert lines == [
        f"jia: error: 无法读取 {http_host.root}jia/data/index.json：被转到 {target}，不是 http(s) 网址 "
        "[unreachable]"
    ]


def test_a_redirect_to_another_http_address_is_followed(tmp_path, http_host):
    http_host.rules["/moved/data/index.json"] = Misbehaviour(location=http_host.root + "jia/data/index.json")
    for name in ("stats", "wishes", "councils"):
        http_host.rules[f"/moved/data/{name}.json"] = Misbehaviour(location=f"/jia/data/{name}.json")
    http_host.rules["/moved/feed.xml"] = Misbehaviour(location="/jia/feed.xml")
    report, lines = _lines(tmp_path, {"jia": http_host.root + "moved/"})
    assert lines == [] and report.communities[0].status == CURRENT


def test_not_json_over_http(tmp_path, http_host):
    http_host.rules["/yi/data/stats.json"] = Misbehaviour(body=b"<html>Not found</html>")
    _, lines = _lines(tmp_path, {"yi": http_host.root + "yi/"}, language="en")
    assert lines == [
        "yi: data/stats.json: error: not valid JSON (line 1, column 1: Expecting value) [not-json]"
    ]
