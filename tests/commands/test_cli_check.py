"""`python build.py check`: output formats, exit codes, build date, language of messages."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from noticeboard.cli import main
from noticeboard.content.dates import resolve_build_date
from noticeboard.errors import UsageError
from tests.conftest import REPO, make_board

ROOT = REPO
WISH = (
    "title: 理发\nbeneficiary: 马女士的父亲\ncategory: 助老服务\nsubmitted: 2022-05-16\nstatus: fulfiled\n"
    "claimed_by: alpah\nclaimed: 2022-05-18\n"
)


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A board with two problems in one wish and one in a partner; cwd is its parent."""
    beta = "name: 贝塔\nkind: shop\njoined: 2021-01-01\n"
    make_board(tmp_path, {"wishes/haircut.yaml": WISH, "partners/beta.yaml": beta})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> int:
    return main(["check", "--content", "content", *args])


def test_valid_board_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    make_board(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("--date", "2022-08-27") == 0
    assert capsys.readouterr().out.startswith("OK: 1 records, no problems")


def test_problems_exit_1_as_sorted_compiler_lines(broken: Path, capsys) -> None:
    assert run("--date", "2022-08-27") == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        'content/partners/beta.yaml:2:7: error: 「类型」（kind）的值 "shop" 无效；'
        "可选：enterprise（企业）、merchant（商户）、social-organization（社会组织）、"
        "institution（单位）、individual（个人） [invalid-choice]",
        'content/wishes/haircut.yaml:5:9: error: 「状态」（status）的值 "fulfiled" 无效；'
        "可选：open（待认领）、claimed（已认领）、fulfilled（已实现）、withdrawn（已撤回）；"
        "你是不是想写「fulfilled」？ [invalid-choice]",
    ]
    assert "2 个问题 / 2 problem(s)" in err


def test_github_format(broken: Path, capsys) -> None:
    assert run("--date", "2022-08-27", "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        "::error file=content/wishes/haircut.yaml,line=5,col=9,title=invalid-choice::"
        '「状态」（status）的值 "fulfiled" 无效；'
        "可选：open（待认领）、claimed（已认领）、fulfilled（已实现）、withdrawn（已撤回）；"
        "你是不是想写「fulfilled」？ [invalid-choice]"
    )
    assert lines[0].startswith("::error file=content/partners/beta.yaml,line=2,col=7,title=invalid-choice::")


def test_github_format_escapes_properties_and_newlines(tmp_path: Path, monkeypatch, capsys) -> None:
    make_board(tmp_path, {"wishes/a,b:c.yaml": "title: 理发\n"})
    monkeypatch.chdir(tmp_path)
    assert run("--date", "2022-08-27", "--format", "github") == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=content/wishes/a%2Cb%3Ac.yaml,line=1,col=1,title=invalid-id::")


def test_json_format(broken: Path, capsys) -> None:
    assert run("--date", "2022-08-27", "--format", "json") == 1
    problems = json.loads(capsys.readouterr().out)
    assert [sorted(p) for p in problems] == [
        ["code", "column", "excerpt", "field", "file", "line", "message"]
    ] * 2
    assert [(p["field"], p["excerpt"]) for p in problems] == [("kind", None), ("status", None)]
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in problems] == [
        ("content/partners/beta.yaml", 2, 7, "invalid-choice"),
        ("content/wishes/haircut.yaml", 5, 9, "invalid-choice"),
    ]
    assert "fulfilled" in problems[1]["message"]


def test_json_format_of_a_valid_board_is_an_empty_list(tmp_path: Path, monkeypatch, capsys) -> None:
    make_board(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("--date", "2022-08-27", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_messages_in_english_when_the_board_says_so(tmp_path: Path, monkeypatch, capsys) -> None:
    site = "name: Test board\ncommunity: Test\nlanguage: en\n"
    make_board(tmp_path, {"site.yaml": site, "wishes/haircut.yaml": WISH})
    monkeypatch.chdir(tmp_path)
    assert run("--date", "2022-08-27") == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/wishes/haircut.yaml:5:9: error: 'status' cannot be \"fulfiled\"; choose one of: "
        "open, claimed, fulfilled, withdrawn; did you mean 'fulfilled'? [invalid-choice]"
    ]


def test_messages_in_chinese_when_site_yaml_is_broken(tmp_path: Path, monkeypatch, capsys) -> None:
    make_board(tmp_path, {"site.yaml": "name: [\n"})
    monkeypatch.chdir(tmp_path)
    assert run("--date", "2022-08-27") == 1
    assert "YAML 格式不对：方括号「[ ]」或花括号「{ }」没有配对" in capsys.readouterr().out


def test_slips_quote_their_line_in_text_only(tmp_path: Path, monkeypatch, capsys) -> None:
    """The text report prints the line and a caret under the slip; GitHub gets one line per
    problem; JSON gets the line as ``excerpt`` and the key path as ``field``."""
    wish = WISH.replace("status: fulfiled", "status：claimed").replace("alpah", "alpha")
    make_board(tmp_path, {"wishes/haircut.yaml": wish + "reported_by: 楼长 13812345678\n"})
    monkeypatch.chdir(tmp_path)
    assert run("--date", "2022-08-27") == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/wishes/haircut.yaml:5:7: error: "
        "第 5 行用了中文冒号「：」，请改成英文冒号「:」加一个空格 [fullwidth-colon]",
        "    status：claimed",
        "          ^",
        "content/wishes/haircut.yaml:8:14: error: 「收集人」（reported_by）里有手机号码（138******78）；"
        "个人联系方式和证件号码不能公开，请删除 [private-data]",
    ]
    assert run("--date", "2022-08-27", "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",title=")[0] for line in lines] == [
        "::error file=content/wishes/haircut.yaml,line=5,col=7",
        "::error file=content/wishes/haircut.yaml,line=8,col=14",
    ]
    assert run("--date", "2022-08-27", "--format", "json") == 1
    first, second = json.loads(capsys.readouterr().out)
    assert (first["code"], first["excerpt"], first["field"]) == ("fullwidth-colon", "status：claimed", None)
    assert (second["code"], second["excerpt"], second["field"]) == ("private-data", None, "reported_by")


@pytest.mark.parametrize(
    "date", ["2022-02-30", "22-8-27", "2022/08/27", "today", "", "20220827", "2022-W34-6", " 2022-08-27"]
)
def test_bad_date_is_a_usage_error(tmp_path: Path, monkeypatch, capsys, date: str) -> None:
    make_board(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("--date", date) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "--date" in err and "YYYY-MM-DD" in err


def test_missing_content_folder_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "nowhere", "--date", "2022-08-27"]) == 2
    assert "nowhere" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--frobnicate"], ["--format", "xml"], ["extra"]])
def test_unknown_options_exit_2(tmp_path: Path, monkeypatch, capsys, args: list[str]) -> None:
    make_board(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        run("--date", "2022-08-27", *args)
    assert caught.value.code == 2
    assert "error" in capsys.readouterr().err


def test_internal_failure_exits_3_with_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    make_board(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("noticeboard.content.check.check_content", explode)
    assert run("--date", "2022-08-27") == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "disk on fire" in err and "Traceback" not in err


def test_internal_failure_with_debug_shows_the_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    make_board(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("noticeboard.content.check.check_content", explode)
    assert run("--date", "2022-08-27", "--debug") == 3
    assert "Traceback" in capsys.readouterr().err


def test_source_date_epoch_is_read_as_a_utc_date(monkeypatch) -> None:
    # 2022-08-27 23:59:59 UTC is already 2022-08-28 in Beijing.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert resolve_build_date(None, {"SOURCE_DATE_EPOCH": "1661644799"}) == dt.date(2022, 8, 27)
        assert resolve_build_date(None, {"SOURCE_DATE_EPOCH": "1661644800"}) == dt.date(2022, 8, 28)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_date_option_beats_source_date_epoch() -> None:
    environ = {"SOURCE_DATE_EPOCH": "1661644799"}
    assert resolve_build_date("2020-01-02", environ) == dt.date(2020, 1, 2)
    assert resolve_build_date(None, {}) == dt.date.today()


@pytest.mark.parametrize("epoch", ["yesterday", "1.5e9", "99999999999999999999"])
def test_bad_source_date_epoch_is_a_usage_error(epoch: str) -> None:
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        resolve_build_date(None, {"SOURCE_DATE_EPOCH": epoch})


def test_source_date_epoch_decides_what_is_in_the_future(tmp_path: Path, monkeypatch, capsys) -> None:
    award = "partner: alpha\ndate: 2022-08-28\npoints: 1\nreason: 志愿服务\n"
    make_board(tmp_path, {"points/awards/a.yaml": award})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1661644799")  # 2022-08-27 UTC
    assert run() == 1
    assert "[future-date]" in capsys.readouterr().out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1661644800")  # 2022-08-28 UTC
    assert run() == 0


def _build_py(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_real_process_exit_codes(broken: Path) -> None:
    assert _build_py("check", "--date", "2022-08-27", cwd=broken).returncode == 1
    usage = _build_py("check", "--date", "2022-08-27", "--nope", cwd=broken)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_demo_board_checks_clean_from_the_repository_root() -> None:
    result = _build_py("check", "--date", "2022-08-27", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:")
