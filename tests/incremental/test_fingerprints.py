"""Incremental builds render only the pages whose inputs changed (issue 6), and still equal cold builds.

Each test builds with a cache, changes one input, builds again while noting which pages
the renderer was asked for, and compares the site with a cold build of the same input.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from noticeboard import paths, pipeline
from noticeboard.incremental.cache import BuildCache, CachedSession
from noticeboard.output import state as state_module
from noticeboard.site import render
from noticeboard.site.context import make_context
from noticeboard.site.fingerprint import Fingerprinter, fingerprint
from tests.conftest import build_site, make_board
from tests.gitscratch import init_repo, run_git
from tests.incremental.test_incremental import cold, snapshot, wish

pytestmark = pytest.mark.usefixtures("trust_fresh_files")  # tests/incremental/conftest.py

DATE = dt.date(2022, 8, 27)
RECORD_PAGES = {"wishes/tap/index.html", "wishes/lamp/index.html", "wishes/bench/index.html"}


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
    return make_board(
        tmp_path,
        {
            "wishes/tap.yaml": wish("修水龙头", "fulfilled"),
            "wishes/lamp.yaml": wish("楼道灯坏了"),
            "wishes/bench.yaml": wish("院里添把长椅"),
        },
    )


def cached_build(
    board: Path, out: Path, cache_dir: Path, date: dt.date = DATE, seen: list | None = None
) -> set:
    """Build with the cache; return the pages it rendered (``seen``: the renderer spy's list)."""
    before = len(seen) if seen is not None else 0
    assert build_site(board, out, date, cache=BuildCache(cache_dir)).ok
    return set(seen[before:]) if seen is not None else set()


def test_a_build_with_an_empty_cache_renders_every_page(board: Path, tmp_path: Path, rendered) -> None:
    cached_build(board, tmp_path / "site", tmp_path / "cache")
    pages = {path for path in snapshot(tmp_path / "site") if path.endswith(".html")}
    pages.remove("print/index.html")  # a copy of the month's printed board, print/2022-08.html
    assert set(rendered) == pages and len(rendered) == len(pages)


def test_one_record_edit_renders_only_the_pages_that_show_it(board: Path, tmp_path: Path, rendered) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯坏了，三楼", "open"), encoding="utf-8")
    rendered = cached_build(board, out, cache_dir, seen=rendered)
    assert snapshot(out) == cold(board, tmp_path)
    assert "wishes/lamp/index.html" in rendered and "wishes/index.html" in rendered
    assert "index.html" in rendered  # the home page lists waiting wishes
    # Pages that do not show the wish's title are kept as they were.
    for kept in ("wishes/tap/index.html", "wishes/bench/index.html", "partners/alpha/index.html"):
        assert kept not in rendered
    assert "projects/index.html" not in rendered and "404.html" not in rendered
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯坏了，四楼", "open"), encoding="utf-8")
    report = build_site(board, out, DATE, cache=BuildCache(cache_dir))
    assert f"({report.rendered} rendered)" in report.summary() and report.rendered < report.pages
    assert f"（重新渲染 {report.rendered} 个）" in report.summary()


def test_builds_right_after_saves_still_keep_pages(
    board: Path, tmp_path: Path, rendered, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in serve: each build starts a moment after a save, while the file's time stamp is
    # too fresh to trust for "nothing changed" (update.RACY_NS); pages must still be kept.
    monkeypatch.setattr(state_module, "RACY_NS", 10**18)
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    for title in ("楼道灯坏了，三楼", "楼道灯坏了，五楼"):
        (board / "wishes/lamp.yaml").write_text(wish(title, "open"), encoding="utf-8")
        pages = cached_build(board, out, cache_dir, seen=rendered)
        assert "wishes/lamp/index.html" in pages and "wishes/tap/index.html" not in pages
    assert snapshot(out) == cold(board, tmp_path)


def test_a_status_change_reaches_the_claimer_and_the_counts(board: Path, tmp_path: Path, rendered) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯坏了", "fulfilled"), encoding="utf-8")
    rendered = cached_build(board, out, cache_dir, seen=rendered)
    assert snapshot(out) == cold(board, tmp_path)
    # The claimer earned points: their page and the rankings change; other wishes do not.
    assert rendered >= {"partners/alpha/index.html", "points/index.html", "wishes/lamp/index.html"}
    assert "wishes/tap/index.html" not in rendered and "wishes/bench/index.html" not in rendered


def test_a_new_build_date_renders_what_shows_the_date(board: Path, tmp_path: Path, rendered) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    later = DATE + dt.timedelta(days=1)
    rendered = cached_build(board, out, cache_dir, later, seen=rendered)
    assert snapshot(out) == cold(board, tmp_path, later)
    assert rendered >= RECORD_PAGES  # every footer prints the build date


def test_a_template_edit_renders_only_the_pages_made_with_it(
    board: Path, tmp_path: Path, rendered, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "engine"  # the engine's templates; a board's own: test_overrides.py
    shutil.copytree(paths.TEMPLATES, templates)
    monkeypatch.setattr(paths, "TEMPLATES", templates)  # what paths.board_theme hands every build
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    rendered.clear()
    page = templates / "wishes/page.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1>\n<p>模板已改</p>", 1), "utf-8")
    cached_build(board, out, cache_dir)
    assert sorted(rendered) == sorted(RECORD_PAGES)
    assert "模板已改" in (out / "wishes/tap/index.html").read_text(encoding="utf-8")

    rendered.clear()  # the shared footer counts for every page (it is rendered apart from them)
    footer = templates / "partials/site_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- 页脚 -->\n", encoding="utf-8")
    cached_build(board, out, cache_dir)
    assert set(rendered) >= RECORD_PAGES and "index.html" in rendered
    assert "页脚" in (out / "wishes/tap/index.html").read_text(encoding="utf-8")

    rendered.clear()  # an included partial counts for every page that includes it
    row = templates / "partials/wish_row.html"
    row.write_text(row.read_text(encoding="utf-8") + "<!-- 行 -->\n", encoding="utf-8")
    cached_build(board, out, cache_dir)
    assert "wishes/index.html" in rendered and "index.html" in rendered
    assert not RECORD_PAGES & set(rendered) and "projects/index.html" not in rendered


def test_a_commit_renders_the_history_of_the_record_it_touched(board: Path, tmp_path: Path, rendered) -> None:
    init_repo(board.parent)
    run_git(board.parent, "add", ".")
    run_git(board.parent, "commit", "-q", "-m", "初始内容", date="2022-05-01")
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cached_build(board, out, cache_dir)
    (board / "wishes/tap.yaml").write_text(wish("修好了水龙头", "fulfilled"), encoding="utf-8")
    run_git(board.parent, "commit", "-q", "-am", "更新水龙头心愿", date="2022-05-05")
    rendered = cached_build(board, out, cache_dir, seen=rendered)
    assert "更新水龙头心愿" in (out / "wishes/tap/index.html").read_text(encoding="utf-8")
    assert "wishes/lamp/index.html" not in rendered
    assert snapshot(out) == cold(board, tmp_path)


def test_a_build_that_fails_after_rendering_leaves_no_wrong_page_behind(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    cache = BuildCache(cache_dir, keep_in_memory=True)  # one cache object, as serve keeps
    assert build_site(board, out, DATE, cache=cache).ok
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯坏了", "claimed"), encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(CachedSession, "write", fail)
        with pytest.raises(OSError):
            build_site(board, out, DATE, cache=cache)
    # The failed build's fingerprints were never paired with the folder it did not write.
    assert build_site(board, out, DATE, cache=cache).ok
    assert snapshot(out) == cold(board, tmp_path)


def test_fingerprints_follow_values_not_object_identity() -> None:
    from noticeboard.content.model import Partner

    shared = ["理发", "读报"]
    assert fingerprint({"a": shared, "b": shared}) == fingerprint(
        {"a": ["理发", "读报"], "b": ["理发", "读报"]}
    )
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert fingerprint(lambda: 1) is None  # cannot be digested: the page is always rendered
    from noticeboard.content.source import Source

    def partner(name: str) -> Partner:
        source = Source(
            "partner", "alpha", Path("alpha.yaml"), "content/partners/alpha.yaml", "partners/alpha.yaml"
        )
        return Partner("alpha", name, "enterprise", DATE, "active", None, (), (), "", source)

    first, again, renamed = partner("阿尔法公司"), partner("阿尔法公司"), partner("贝塔公司")
    per_build = Fingerprinter((Partner,))  # a record stands as its digest on every page
    assert per_build([first, first]) == Fingerprinter((Partner,))([again, again])
    assert per_build([first]) != per_build([renamed])


def test_a_kept_row_is_reused_only_where_its_links_come_out_the_same(board: Path, tmp_path: Path) -> None:
    from noticeboard.content.check import check_content

    wishes = check_content(board, DATE).board.wishes
    renderer = make_context(check_content(board, DATE).board).renderer
    env = renderer.env
    page = env.from_string('{{ row("partials/wish_row.html", wish=wish) -}}')

    def row_on(page_path: str) -> str:
        return page.render(page_path=page_path, absolute_links=False, wish=wishes[0])

    assert 'href="lamp/index.html"' in row_on("wishes/index.html").replace(wishes[0].id, "lamp")
    deeper = row_on("wishes/filter/status-open/index.html")
    assert f'href="../../{wishes[0].id}/index.html"' in deeper  # not the list page's link
    assert row_on("wishes/index.html") == row_on("wishes/index.html")
    assert any(len(variants) == 2 for variants in renderer.memory.rows.values())  # type: ignore[attr-defined]


def test_a_long_running_cache_still_sees_that_nothing_changed(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in serve: one cache object across builds; after an edit is built, a build with no
    # further change must take the "nothing to do" path (it reads no content at all).
    out, cache = tmp_path / "site", BuildCache(tmp_path / "cache", keep_in_memory=True)
    assert build_site(board, out, DATE, cache=cache).ok
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯坏了，三楼", "open"), encoding="utf-8")
    assert build_site(board, out, DATE, cache=cache).ok
    checks = []
    real_check = pipeline.check_content
    monkeypatch.setattr(pipeline, "check_content", lambda *a, **k: checks.append(a) or real_check(*a, **k))
    again = build_site(board, out, DATE, cache=cache)
    assert again.ok and again.files == 0 and checks == []
