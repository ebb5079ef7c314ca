"""``engine:`` in site.yaml: a board for other engine versions is refused in one line (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from noticeboard import __version__
from noticeboard.cli import main
from noticeboard.commands.init import engine_range
from noticeboard.content.engine import WrongEngine, require_engine, stated_range
from noticeboard.errors import EXIT_OK, EXIT_USAGE
from tests.conftest import check, make_board

SITE = "name: 测试公示栏\ncommunity: 测试社区\n"


def board_for(tmp_path: Path, engine: str | None) -> Path:
    line = f"engine: {engine}\n" if engine is not None else ""
    return make_board(tmp_path, {"site.yaml": SITE + line})


def test_this_release_series_is_what_a_new_board_asks_for() -> None:
    assert engine_range("0.2.0") == ">=0.2,<0.3"
    assert engine_range("0.2.7") == ">=0.2,<0.3"
    assert engine_range("1.4.2") == ">=1.4,<2"


@pytest.mark.parametrize(
    "engine", [None, f'">={__version__}"', '">=0.1"', f'"=={__version__}"', f'"{engine_range()}"']
)
def test_a_board_for_this_engine_is_read(tmp_path: Path, engine: str | None) -> None:
    content = board_for(tmp_path, engine)
    require_engine(content)
    assert check(content).ok


def test_the_range_and_its_line_are_read_from_site_yaml(tmp_path: Path) -> None:
    assert stated_range(board_for(tmp_path, '">=0.3,<0.4"')) == (">=0.3,<0.4", 3)
    assert stated_range(board_for(tmp_path / "none", None)) is None


def test_a_release_candidate_of_the_engine_counts_as_its_version(tmp_path: Path) -> None:
    require_engine(board_for(tmp_path, '">=0.3,<0.4"'), running="0.3.1rc1")
    with pytest.raises(WrongEngine):
        require_engine(board_for(tmp_path / "b", '">=0.3,<0.4"'), running="0.2.9")


@pytest.mark.parametrize("verb", ["check", "build", "new", "print"])
def test_every_verb_stops_with_one_line_saying_which_version_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, verb: str
) -> None:
    board_for(tmp_path, '">=9.1,<9.2"  # a later engine')
    (tmp_path / "content/wishes").mkdir()
    (tmp_path / "content/wishes/odd.yaml").write_text("future_field: 1\n", encoding="utf-8")  # not even read
    monkeypatch.chdir(tmp_path)
    args = {"new": ["new", "wish"], "print": ["print"]}.get(verb, [verb])
    assert main([*args, "--date", "2022-08-27"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"build.py {verb}: error: content/site.yaml:3: "
        f"本公示栏需要 noticeboard >=9.1,<9.2，当前是 {__version__} / "
        f"this board needs noticeboard >=9.1,<9.2, this is {__version__}: install a version in that range "
        '(pip install "noticeboard>=9.1,<9.2")\n'
    )
    assert not (tmp_path / "site").exists() and sorted(
        p.name for p in (tmp_path / "content/wishes").iterdir()
    ) == ["odd.yaml"]


def test_a_board_with_pinned_requirements_is_told_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    board_for(tmp_path, '"<0.1"')
    (tmp_path / "requirements.txt").write_text("noticeboard==0.0.9\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == EXIT_USAGE
    assert "(the board pins one: pip install -r requirements.txt)" in capsys.readouterr().err


def test_a_range_that_is_not_one_says_how_to_write_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    board_for(tmp_path, "banana")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert (
        err.startswith("build.py check: error: content/site.yaml:3: engine: 'banana' ")
        and 'engine: ">=0.2,<0.3"' in err
    )


def test_an_engine_that_is_not_text_is_not_a_range(tmp_path: Path) -> None:
    with pytest.raises(WrongEngine, match="is not a version range"):  # refused before the schema is asked
        require_engine(board_for(tmp_path, "[0.2]"))


def test_version_is_printed(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == EXIT_OK
    assert capsys.readouterr().out == f"noticeboard {__version__}\n"
