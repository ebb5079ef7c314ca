"""A board's own templates/ and static/ over the engine's (issue 13), and clear failures of overrides.

The board is ``tmp_path/content``: its own folders are ``tmp_path/templates`` and ``tmp_path/static``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from noticeboard import paths
from noticeboard.cli import main
from noticeboard.errors import EXIT_INTERNAL, EXIT_USAGE
from noticeboard.site.theme import TemplateFailure
from tests.conftest import REPO, build_site, make_board
from tests.incremental.test_incremental import snapshot, wish

DATE = dt.date(2022, 8, 27)
ROW = "partials/wish_row.html"


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return make_board(tmp_path, {"wishes/tap.yaml": wish("修水龙头"), "wishes/lamp.yaml": wish("楼道灯坏了")})


def override(board: Path, name: str, text: str) -> Path:
    path = board.parent / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def engine_template(name: str) -> str:
    return (paths.TEMPLATES / name).read_text(encoding="utf-8")


def build_args(board: Path) -> list[str]:
    return ["build", "--content", str(board), "--out", str(board.parent / "site"), "--date", "2022-08-27"]


def test_the_theme_of_a_board_is_its_own_folders_then_the_engines(board: Path) -> None:
    assert paths.board_theme(board) == paths.ENGINE_THEME  # no folders of its own: the engine's alone
    (board.parent / "templates").mkdir()
    (board.parent / "static").mkdir()
    theme = paths.board_theme(board)
    assert theme.templates == (board.parent / "templates", paths.TEMPLATES)
    assert theme.static == (board.parent / "static", paths.TEMPLATES / "static")
    # The demo board's templates/ is the engine's own: not an override of itself.
    assert paths.board_theme(paths.ROOT / "content") == paths.ENGINE_THEME


def test_an_overridden_partial_shows_on_every_page_using_it_and_the_rest_is_the_engines(
    board: Path, tmp_path: Path
) -> None:
    engine = tmp_path / "engine-built"
    assert build_site(board, engine, DATE).ok
    override(board, ROW, engine_template(ROW).replace("</li>", '<p class="ours">本社区的写法</p>\n</li>'))
    out = tmp_path / "site"
    assert build_site(board, out, DATE).ok
    built, before = snapshot(out), snapshot(engine)
    changed = sorted(path for path in built if built[path] != before[path])
    assert changed  # the pages listing wishes, and nothing else
    for path in changed:
        assert "本社区的写法" in built[path].decode("utf-8"), path
    assert "wishes/index.html" in changed and "index.html" in changed
    assert "wishes/tap/index.html" not in changed and "partners/alpha/index.html" not in changed
    assert set(built) == set(before)


def test_an_override_can_extend_the_engines_own_template_through_engine_prefix(
    board: Path, tmp_path: Path
) -> None:
    override(
        board,
        "wishes/page.html",
        '{% extends "engine/wishes/page.html" %}\n{% block title %}心愿：{{ wish.title }}{% endblock %}\n',
    )
    assert build_site(board, tmp_path / "site", DATE).ok
    page = (tmp_path / "site/wishes/tap/index.html").read_text(encoding="utf-8")
    assert "<title>心愿：修水龙头 · 测试公示栏</title>" in page
    assert "<h1 data-read>修水龙头</h1>" in page  # the rest of the engine's page, unchanged


def test_static_adds_and_replaces_assets(board: Path, tmp_path: Path) -> None:
    static = board.parent / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (static / "style.css").write_text("body { color: #123; }\n", encoding="utf-8")
    (static / ".DS_Store").write_bytes(b"junk")
    out = tmp_path / "site"
    assert build_site(board, out, DATE).ok
    assert (out / "static/style.css").read_text(encoding="utf-8") == "body { color: #123; }\n"
    assert (out / "static/img/logo.svg").is_file() and not (out / "static/.DS_Store").exists()
    engine_js = (paths.TEMPLATES / "static/search.js").read_bytes()
    assert (out / "static/search.js").read_bytes() == engine_js  # not replaced: the engine's


def test_a_symlinked_asset_is_refused_in_one_line(board: Path, tmp_path: Path, capsys) -> None:
    static = board.parent / "static"
    static.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    os.symlink(secret, static / "leak.txt")
    assert main(build_args(board)) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert "static/leak.txt" in err and "symbolic link" in err and "\n" not in err


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("<li>{{ wish.title }}\n{{ wish.colour }}</li>\n", 2, "has no attribute 'colour'"),
        ("<li>{{ wish.title }}</li>\n{{ claimer.name }}\n", 2, "'claimer' is undefined"),
        ("<li>\n{% if %}</li>\n", 2, "Expected an expression"),
        ("<li>{{ wish.title|shout }}</li>\n", 1, "No filter named 'shout'"),
        ("<li>\n\n{% include 'partials/nowhere.html' %}</li>\n", 3, "partials/nowhere.html"),
        ("<li>{{ 1 // 0 }}</li>\n", 1, "ZeroDivisionError"),
    ],
    ids=["attribute-gone", "value-not-passed", "syntax", "unknown-filter", "missing-include", "python-error"],
)
def test_a_broken_override_is_one_line_naming_its_file_and_line(
    board: Path, capsys, monkeypatch, text: str, line: int, words: str
) -> None:
    override(board, ROW, text)
    monkeypatch.chdir(board.parent)
    assert main(["build", "--content", "content", "--date", "2022-08-27"]) == EXIT_USAGE
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith(f"build.py build: error: templates/{ROW}:{line}: "), err
    assert words in err and "\n" not in err and "Traceback" not in err
    assert not (board.parent / "site").exists()  # nothing half-built was published


def test_an_engine_template_given_a_wrong_value_by_an_override_names_both(
    board: Path, tmp_path: Path
) -> None:
    # The override hands the engine's row a title where it expects a wish.
    override(
        board,
        "wishes/list.html",
        engine_template("wishes/list.html").replace("wish=item", "wish=item.title", 1),
    )
    with pytest.raises(TemplateFailure) as failure:
        build_site(board, tmp_path / "site", DATE)
    message = str(failure.value)
    assert message.startswith(f"(engine) {ROW}:") and "(from " in message and "wishes/list.html:" in message


def test_a_failing_engine_template_without_overrides_stays_an_internal_error(
    board: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    engine = tmp_path / "engine"
    shutil.copytree(paths.TEMPLATES, engine)
    (engine / ROW).write_text("{{ wish.colour }}", encoding="utf-8")
    monkeypatch.setattr(paths, "TEMPLATES", engine)
    assert main([*build_args(board), "--no-cache"]) == EXIT_INTERNAL  # the engine's own bug
    assert "internal error" in capsys.readouterr().err


def test_the_override_examples_of_the_docs_build(board: Path, tmp_path: Path) -> None:
    doc = (REPO / "docs" / "boards.md").read_text(encoding="utf-8")
    examples = re.findall(r"`templates/([^`]+)`:\n\n```jinja\n(.*?)```", doc, re.DOTALL)
    assert [name for name, _ in examples] == [ROW, "wishes/page.html"]
    for name, text in examples:
        override(board, name, text)
    assert build_site(board, tmp_path / "site", DATE).ok
    assert "想认领？请到社区党群服务中心登记。" in (tmp_path / "site/wishes/index.html").read_text(
        encoding="utf-8"
    )
    page = (tmp_path / "site/wishes/tap/index.html").read_text(encoding="utf-8")
    assert "<title>微心愿：修水龙头 · 测试公示栏</title>" in page
