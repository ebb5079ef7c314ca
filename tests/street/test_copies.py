"""The last good copy: used and said ("数据截至 DATE") when a board cannot be read, never otherwise.

A community with no copy at all is listed as unavailable, and the command exits non-zero for it
only with ``--strict``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from noticeboard.cli import main
from noticeboard.street.summary import CURRENT, STALE, UNAVAILABLE
from tests.street.conftest import DATE, Misbehaviour, run_street, street_yaml

LATER = dt.date(2022, 9, 3)


def _page(site: Path, path: str = "index.html") -> str:
    return (site / path).read_text(encoding="utf-8")


def test_a_board_that_cannot_be_read_is_shown_from_its_last_good_copy(tmp_path, boards):
    path = street_yaml(tmp_path, {board: str(boards / board) for board in ("jia", "yi", "bing")})
    first = run_street(path, tmp_path / "site", tmp_path / "cache")
    assert [c.status for c in first.communities] == [CURRENT] * 3
    shutil.rmtree(boards / "yi")
    later = run_street(path, tmp_path / "site", tmp_path / "cache", build_date=LATER)
    assert [c.status for c in later.communities] == [CURRENT, STALE, CURRENT]
    assert [p.code for p in later.problems] == ["unreachable"]
    stale, kept = later.communities[1].snapshot, first.communities[1].snapshot
    assert (stale.build_date, stale.figures, stale.feed) == (kept.build_date, kept.figures, kept.feed)
    site = tmp_path / "site"
    home = _page(site)
    assert home.count("数据截至 2022年8月27日") == 1  # the copy's own date, not the street's
    assert "乙社区：未能读取最新数据，使用上次读到的数据。" in home
    assert "数据截至 2022年8月27日" in _page(site, "communities/yi/index.html")
    assert "数据截至 2022年8月27日" in _page(site, "wishes/index.html")
    assert "数据截至 2022年8月27日" not in _page(site, "communities/jia/index.html")
    data = json.loads(_page(site, "data/street.json"))
    yi = data["communities"][1]
    assert (yi["status"], yi["reason"], yi["as_of"], yi["open_wishes"]) == (
        "stale",
        "unreachable",
        "2022-08-27",
        2,
    )
    assert data["totals"]["communities"] == 3  # a stale copy still counts


def test_waiting_days_count_to_the_street_date_from_a_stale_copy(tmp_path, boards):
    path = street_yaml(tmp_path, {"yi": str(boards / "yi")})
    run_street(path, tmp_path / "site", tmp_path / "cache")
    shutil.rmtree(boards / "yi")
    later = run_street(path, tmp_path / "site", tmp_path / "cache", build_date=LATER)
    waiting = [wish.waiting_days for wish in later.communities[0].snapshot.open_wishes]
    assert waiting == [(LATER - dt.date(2022, 5, 1)).days, (LATER - dt.date(2022, 8, 20)).days]


def test_without_a_copy_a_community_is_unavailable(tmp_path, boards):
    path = street_yaml(tmp_path, {"jia": str(boards / "jia"), "yi": str(boards / "gone")})
    report = run_street(path, tmp_path / "site", tmp_path / "cache")
    assert [c.status for c in report.communities] == [CURRENT, UNAVAILABLE]
    home = _page(tmp_path / "site")
    assert "乙社区：暂时没有可用的数据，未计入合计。" in home
    assert "街道合计（1个社区）" in home
    page = _page(tmp_path / "site", "communities/yi/index.html")
    assert "<strong>暂不可用</strong>：无法读取这个社区的公示栏" in page


def test_a_bad_board_never_replaces_the_good_copy(tmp_path, boards):
    path = street_yaml(tmp_path, {"jia": str(boards / "jia")})
    run_street(path, tmp_path / "site", tmp_path / "cache")
    kept = tmp_path / "cache" / "street" / "jia" / "data" / "index.json"
    before = kept.read_bytes()
    board = boards / "jia" / "data" / "index.json"
    newer = board.read_text(encoding="utf-8").replace('"open_data_version": 1', '"open_data_version": 2')
    board.write_text(newer)
    report = run_street(path, tmp_path / "site", tmp_path / "cache", build_date=LATER)
    assert report.communities[0].status == STALE
    assert kept.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "cache" / "street").iterdir()) == ["jia"]  # no leftovers


def test_a_board_that_changed_replaces_its_copy(tmp_path, boards, built_boards):
    path = street_yaml(tmp_path, {"jia": str(boards / "jia")})
    run_street(path, tmp_path / "site", tmp_path / "cache")
    board = boards / "jia" / "data" / "index.json"
    board.write_text(board.read_text(encoding="utf-8").replace("2022-08-27", "2022-09-01"), encoding="utf-8")
    run_street(path, tmp_path / "site", tmp_path / "cache", build_date=LATER)
    shutil.rmtree(boards / "jia")
    report = run_street(path, tmp_path / "site", tmp_path / "cache", build_date=LATER)
    assert report.communities[0].status == STALE
    assert report.communities[0].snapshot.build_date == dt.date(2022, 9, 1)


def test_a_copy_of_another_source_is_not_used(tmp_path, boards):
    run_street(street_yaml(tmp_path, {"jia": str(boards / "jia")}), tmp_path / "site", tmp_path / "cache")
    moved = street_yaml(tmp_path, {"jia": str(boards / "elsewhere")})
    report = run_street(moved, tmp_path / "site", tmp_path / "cache")
    assert report.communities[0].status == UNAVAILABLE


def test_a_host_that_is_down_is_shown_from_its_copy(tmp_path, http_host):
    path = street_yaml(tmp_path, {"jia": http_host.root + "jia/"})
    run_street(path, tmp_path / "site", tmp_path / "cache")
    http_host.rules["/jia/data/index.json"] = Misbehaviour(status=503)
    report = run_street(path, tmp_path / "site", tmp_path / "cache", build_date=LATER)
    assert report.communities[0].status == STALE
    assert [p.text("en") for p in report.problems] == [
        f"jia: error: cannot read {http_host.root}jia/data/index.json: the server answered HTTP 503 Service "
        "Unavailable [unreachable]"
    ]


def _command(tmp_path: Path, *options: str) -> int:
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        return main(["street", "street.yaml", "--out", "site", "--date", DATE.isoformat(), *options])
    finally:
        os.chdir(previous)


def test_the_command_exits_non_zero_for_a_missing_board_only_when_strict(
    tmp_path, boards, capsys, monkeypatch
):
    monkeypatch.setenv("NOTICEBOARD_CACHE", str(tmp_path / "cache"))
    street_yaml(tmp_path, {"jia": str(boards / "jia"), "yi": str(boards / "gone")})
    assert _command(tmp_path) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"yi: error: 无法读取 {boards / 'gone'}：文件夹不存在 [unreachable]",
        "yi: 没有可用的数据，列为暂不可用 / no data: listed as unavailable",
    ]
    assert out.startswith(
        "built the street board into site: 2 communities (1 current, 0 stale, 1 unavailable)"
    )
    assert _command(tmp_path, "--strict") == 1
    assert (tmp_path / "site" / "index.html").is_file()  # written all the same


def test_strict_also_fails_on_a_stale_copy(tmp_path, boards, capsys, monkeypatch):
    monkeypatch.setenv("NOTICEBOARD_CACHE", str(tmp_path / "cache"))
    street_yaml(tmp_path, {"jia": str(boards / "jia")})
    assert _command(tmp_path, "--strict") == 0
    shutil.rmtree(boards / "jia")
    capsys.readouterr()
    assert _command(tmp_path) == 0
    assert "jia: 使用上次读到的数据（数据截至 2022-08-27） / using the last good copy (as of 2022-08-27)" in (
        capsys.readouterr().err
    )
    assert _command(tmp_path, "--strict") == 1
