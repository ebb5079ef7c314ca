"""Incremental builds see a board's own templates and assets: editing an override renders again the
pages made with it, and a cached build still equals a cold one (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from noticeboard.incremental.cache import BuildCache
from noticeboard.paths import TEMPLATES
from noticeboard.site import render
from tests.conftest import build_site, make_board
from tests.incremental.test_fingerprints import DATE, RECORD_PAGES, cached_build
from tests.incremental.test_incremental import cold, snapshot, wish

pytestmark = pytest.mark.usefixtures("trust_fresh_files")  # tests/incremental/conftest.py

ROW = "partials/wish_row.html"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the renderer is asked to render, in order."""
    pages: list[str] = []
    real = render.Renderer.render

    def spy(self, template: str, page_path: str, values: dict) -> bytes:
        pages.append(page_path)
        return real(self, template, page_path, values)

    monkeypatch.setattr(render.Renderer, "render", spy)
    return pages


@pytest.fixture
def board(tmp_path: Path) -> Path:
    wishes = {"tap": wish("修水龙头", "fulfilled"), "lamp": wish("楼道灯坏了"), "bench": wish("院里添把长椅")}
    return make_board(tmp_path, {f"wishes/{name}.yaml": text for name, text in wishes.items()})


def _override(board: Path, name: str, text: str) -> Path:
    path = board.parent / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_adding_editing_and_removing_an_override_renders_only_the_pages_made_with_it(
    board: Path, tmp_path: Path, rendered: list[str]
) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    row = (TEMPLATES / ROW).read_text(encoding="utf-8")

    _override(board, ROW, row + "<!-- 一 -->\n")  # an override added
    pages = cached_build(board, out, cache_dir, seen=rendered)
    assert "wishes/index.html" in pages and "index.html" in pages  # the lists of wishes
    assert not RECORD_PAGES & pages and "projects/index.html" not in pages
    assert "<!-- 一 -->" in (out / "wishes/index.html").read_text(encoding="utf-8")
    assert snapshot(out) == cold(board, tmp_path)

    _override(board, ROW, row + "<!-- 二 -->\n")  # the override edited
    pages = cached_build(board, out, cache_dir, seen=rendered)
    assert "wishes/index.html" in pages and not RECORD_PAGES & pages
    assert "<!-- 二 -->" in (out / "wishes/index.html").read_text(encoding="utf-8")
    assert snapshot(out) == cold(board, tmp_path)

    shutil.rmtree(board.parent / "templates")  # back to the engine's
    pages = cached_build(board, out, cache_dir, seen=rendered)
    assert "wishes/index.html" in pages
    assert "<!--" not in (out / "wishes/index.html").read_text(encoding="utf-8")
    assert snapshot(out) == cold(board, tmp_path)


def test_an_override_of_a_page_template_renders_only_its_pages(
    board: Path, tmp_path: Path, rendered: list[str]
) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    _override(
        board,
        "wishes/page.html",
        '{% extends "engine/wishes/page.html" %}{% block title %}心愿{% endblock %}',
    )
    pages = cached_build(board, out, cache_dir, seen=rendered)
    assert sorted(pages) == sorted(RECORD_PAGES)
    assert snapshot(out) == cold(board, tmp_path)


def test_an_asset_added_or_edited_is_published_by_the_next_cached_build(board: Path, tmp_path: Path) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    static = board.parent / "static"
    static.mkdir()
    (static / "extra.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    report = build_site(board, out, DATE, cache=BuildCache(cache_dir))
    assert report.ok and report.files == 1  # only the new asset was written
    assert (out / "static/extra.css").read_text(encoding="utf-8") == "p { margin: 0 }\n"
    (static / "extra.css").write_text("p { margin: 1em }\n", encoding="utf-8")
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).files == 1
    assert snapshot(out) == cold(board, tmp_path)
    (static / "extra.css").unlink()
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert not (out / "static/extra.css").exists()
    assert snapshot(out) == cold(board, tmp_path)
