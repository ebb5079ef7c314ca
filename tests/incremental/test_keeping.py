"""An edit of a record's text alone keeps the files of the producers that do not show it
(noticeboard.incremental.keeping), and the site still equals a cold build.

The first test holds every producer to its ``shows_prose_of``: on a copy of the demo board the
prose of every record of one type is rewritten, every producer runs on both boards, and a
producer whose files differ must say it shows that type's prose.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from noticeboard import pipeline
from noticeboard.content import validate as validate_module
from noticeboard.content.check import check_content
from noticeboard.content.types import RECORD_TYPES
from noticeboard.incremental.cache import BuildCache
from noticeboard.incremental.keeping import ProseEdit, prose_changes
from noticeboard.output import state as state_module
from noticeboard.paths import board_theme
from noticeboard.site import search
from noticeboard.site.context import SiteContext, make_context
from noticeboard.site.files import SiteFiles
from tests.conftest import REPO, build_site, make_board
from tests.incremental.test_incremental import cold, snapshot, wish

pytestmark = pytest.mark.usefixtures("trust_fresh_files")  # tests/incremental/conftest.py

DATE = dt.date(2022, 8, 27)
NEW_PROSE = "改写后的说明：见 [另一页](../x/) 与 https://example.org/a ，**要紧**。\n\n第二段。"
PROSE_TYPES = [t for t in RECORD_TYPES if t.prose]
real_index = search.search_index


def with_new_prose(text: str, prose: str, markdown: bool, new: str = NEW_PROSE) -> str:
    """A record file's text with its prose (the Markdown body, or the YAML field) rewritten."""
    if markdown:
        _, front, _ = text.split("---\n", 2)
        return f"---\n{front}---\n{new}\n"
    line = f"{prose}: {json.dumps(new, ensure_ascii=False)}\n"
    field = re.search(rf"^{prose}:.*?(?=^\S|\Z)", text, re.MULTILINE | re.DOTALL)
    if field is None:
        return text.rstrip("\n") + "\n" + line
    return text[: field.start()] + line + text[field.end() :]


def every_producer(content: Path) -> dict[str, SiteFiles]:
    checked = check_content(content, DATE)
    assert checked.ok, [str(problem) for problem in checked.problems[:3]]
    ctx: SiteContext = make_context(checked.board, None, None, board_theme(content))
    return {producer.name: producer(ctx) for producer in pipeline.PRODUCERS}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SiteFiles]]:
    """A copy of the demo board (outside git, as every copy below is) and what each producer makes of it."""
    content = tmp_path_factory.mktemp("demo") / "content"
    shutil.copytree(REPO / "content", content)
    return content, every_producer(content)


@pytest.mark.parametrize("record_type", PROSE_TYPES, ids=lambda t: t.name)
def test_every_producer_shows_only_the_prose_it_says(record_type, demo, tmp_path: Path) -> None:
    original, made = demo
    content = tmp_path / "content"
    shutil.copytree(original, content)
    rewritten = 0
    for path in sorted((content / record_type.folder).rglob("*")):
        if path.suffix in (".yaml", ".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(with_new_prose(text, record_type.prose, path.suffix == ".md"), encoding="utf-8")
            rewritten += 1
    assert rewritten, f"the demo has no {record_type.name} to rewrite"
    remade = every_producer(content)
    changed = {name for name in made if made[name] != remade[name]}
    assert any(name.startswith("open data") for name in changed)  # the rewrite reached the outputs
    for producer in pipeline.PRODUCERS:
        if producer.name in changed and producer.shows_prose_of is not None:
            assert record_type.name in producer.shows_prose_of, (
                f"{producer.name!r} shows {record_type.name} prose but does not say so"
            )


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the producers that make their files (kept ones are not called)."""
    names: list[str] = []

    def spying(producer):
        def make(ctx):
            names.append(producer.name)
            return producer.make(ctx)

        return pipeline.Producer(producer.name, make, producer.typical_seconds, producer.shows_prose_of)

    monkeypatch.setattr(pipeline, "PRODUCERS", tuple(spying(p) for p in pipeline.PRODUCERS))
    return names


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return make_board(
        tmp_path,
        {
            "wishes/tap.yaml": wish("修水龙头", "fulfilled"),
            "wishes/bench.md": "---\n" + wish("院里添把长椅") + "---\n老人们想在树下坐坐。\n",
        },
    )


def rewrite_story(board: Path) -> None:
    """Rewrite the bench wish's story (its Markdown body), nothing else."""
    bench = board / "wishes/bench.md"
    bench.write_text(bench.read_text(encoding="utf-8").replace("坐坐", "歇歇脚"), encoding="utf-8")


def retitle(board: Path) -> None:
    """Change the bench wish's title: more than its prose."""
    bench = board / "wishes/bench.md"
    retitled = bench.read_text(encoding="utf-8").replace("院里添把长椅", "院里添两把长椅")
    bench.write_text(retitled, encoding="utf-8")


def build(board: Path, out: Path, cache: Path) -> None:
    assert build_site(board, out, DATE, cache=BuildCache(cache)).ok


def producers_after(
    edit: Callable[[Path], None], board: Path, out: Path, cache: Path, ran: list[str]
) -> list[str]:
    """The producers a cached build runs after a first build and then ``edit``."""
    build(board, out, cache)
    edit(board)
    ran.clear()
    build(board, out, cache)
    return ran


def test_a_story_edit_runs_only_the_producers_that_show_stories(board: Path, tmp_path: Path, ran) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    ran_after = producers_after(rewrite_story, board, out, cache, ran)
    assert sorted(ran_after) == ["open data: wish", "search index", "wish pages"]
    assert "歇歇脚" in (out / "wishes/bench/index.html").read_text(encoding="utf-8")
    assert snapshot(out) == cold(board, tmp_path)


@pytest.mark.parametrize(("edit", "forks"), [(rewrite_story, False), (retitle, True)])
def test_a_story_edit_is_not_worth_a_second_process(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None], forks: bool
) -> None:
    """However long the producers took in the last build, a text edit makes the pages of the
    records edited, not all of them: a fork would cost more than it saves."""
    from noticeboard.site import parallel

    for number in range(20):  # a board of 20 wishes more, of which the edit touches one
        (board / f"wishes/more-{number}.yaml").write_text(wish(f"第{number}个心愿"), encoding="utf-8")
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    slow = {producer.name: 1.0 for producer in pipeline.PRODUCERS}  # a second each: a full build takes 20
    monkeypatch.setattr(BuildCache, "_load_timings", lambda self: dict(slow))
    asked: list[float] = []
    monkeypatch.setattr(parallel, "can_fork", lambda records, seconds: asked.append(seconds) or False)
    edit(board)
    build(board, out, cache)
    assert len(asked) == 1 and (asked[0] >= parallel.MIN_SECONDS) is forks
    assert snapshot(out) == cold(board, tmp_path)


def test_a_story_edit_renders_only_its_own_page(board: Path, tmp_path: Path) -> None:
    """The other wish's page and the wish list are kept without being worked out again."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    rewrite_story(board)
    report = build_site(board, out, DATE, cache=BuildCache(cache))
    assert report.ok and report.rendered == 1
    assert snapshot(out) == cold(board, tmp_path)


def test_a_story_edit_patches_the_search_index(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is the last build's with the story's document made anew, not built again."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    built: list[object] = []
    monkeypatch.setenv("NOTICEBOARD_JOBS", "1")  # the producers in this process, to see their calls
    monkeypatch.setattr(search, "search_index", lambda *args: built.append(args) or real_index(*args))
    rewrite_story(board)
    build(board, out, cache)
    assert not built
    assert "歇歇脚" in (out / "search/docs-0.json").read_text(encoding="utf-8")
    assert snapshot(out) == cold(board, tmp_path)


def test_serve_takes_the_records_of_unchanged_files_from_its_last_build(board: Path, tmp_path: Path) -> None:
    """One cache kept in memory, as serve keeps it: a file whose bytes did not change gives the
    same record object again; the edited one a new record; the site is still the cold one."""
    out, cache = tmp_path / "site", BuildCache(tmp_path / "cache", keep_in_memory=True)
    build_site(board, out, DATE, cache=cache)  # every file read afresh
    rewrite_story(board)
    second = build_site(board, out, DATE, cache=cache)  # the others recalled from the memo
    bench = board / "wishes/bench.md"
    bench.write_text(bench.read_text(encoding="utf-8").replace("歇歇脚", "乘凉"), encoding="utf-8")
    third = build_site(board, out, DATE, cache=cache)
    records = [{r.id: r for r in report.checked.board.wishes} for report in (second, third)]
    assert records[1]["tap"] is records[0]["tap"]
    assert records[1]["bench"] is not records[0]["bench"] and "乘凉" in records[1]["bench"].story
    assert snapshot(out) == cold(board, tmp_path)


@pytest.fixture
def cross_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many problems each run of the cross-record rules found (runs that were skipped: none)."""
    runs: list[int] = []
    real = validate_module.cross_check

    def counted(*args, **kwargs):
        problems = real(*args, **kwargs)
        runs.append(len(problems))
        return problems

    monkeypatch.setattr(validate_module, "cross_check", counted)
    return runs


def test_cross_record_rules_that_found_nothing_are_not_run_again_for_a_story_edit(
    board: Path, tmp_path: Path, cross_checks: list[int]
) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    assert cross_checks == [0]
    rewrite_story(board)
    build(board, out, cache)
    assert cross_checks == [0]  # not run: only a story changed since they found nothing
    retitle(board)
    build(board, out, cache)
    assert cross_checks == [0, 0]  # a title: run again


def test_cross_record_problems_are_found_again_after_a_story_edit(
    board: Path, tmp_path: Path, cross_checks: list[int]
) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    tap = board / "wishes/tap.yaml"
    claimed_by_nobody = wish("修水龙头", "claimed").replace("claimed_by: alpha", "claimed_by: nobody")
    tap.write_text(claimed_by_nobody, encoding="utf-8")  # a cross-record problem
    assert not build_site(board, out, DATE, cache=BuildCache(cache)).ok
    rewrite_story(board)
    report = build_site(board, out, DATE, cache=BuildCache(cache))
    assert not report.ok and len(cross_checks) == 2 and cross_checks[1] > 0


def test_an_edit_beyond_the_prose_runs_every_producer(board: Path, tmp_path: Path, ran) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert len(producers_after(retitle, board, out, cache, ran)) == len(pipeline.PRODUCERS)
    assert snapshot(out) == cold(board, tmp_path)


def test_a_settings_edit_with_a_story_edit_runs_every_producer(board: Path, tmp_path: Path, ran) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    rewrite_story(board)
    site = board / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("万华", "万华新"), encoding="utf-8")
    ran.clear()
    build(board, out, cache)
    assert len(ran) == len(pipeline.PRODUCERS)
    assert snapshot(out) == cold(board, tmp_path)


def test_a_build_into_another_folder_in_between_keeps_nothing_stale(board: Path, tmp_path: Path) -> None:
    first, second, cache = tmp_path / "first", tmp_path / "second", tmp_path / "cache"
    build(board, first, cache)
    tap = board / "wishes/tap.yaml"
    tap.write_text(wish("修水龙头", "claimed"), encoding="utf-8")  # more than prose: lists change
    build(board, second, cache)
    rewrite_story(board)
    build(board, first, cache)  # the memo's "before" is the second folder's build, not this one's
    assert snapshot(first) == cold(board, tmp_path)


def test_a_story_saved_a_moment_ago_is_compared_by_its_bytes(
    board: Path, tmp_path: Path, ran, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve rebuilds 0.15 s after a save: the saved file's stat cannot vouch for its bytes,
    the other files' can; the record is compared by its sha256 and the keeping still holds."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    hour = 3600 * 10**9

    class AnHourLater:  # every file written by this test is an hour old now ...
        @staticmethod
        def time_ns() -> int:
            return time.time_ns() + hour

    monkeypatch.setattr(state_module, "RACY_NS", 2 * 10**9)
    monkeypatch.setattr(state_module, "time", AnHourLater)
    rewrite_story(board)
    now = AnHourLater.time_ns()
    os.utime(board / "wishes/bench.md", ns=(now, now))  # ... but this one, saved just now
    ran.clear()
    build(board, out, cache)
    assert sorted(ran) == ["open data: wish", "search index", "wish pages"]
    monkeypatch.setattr(state_module, "time", time)
    assert snapshot(out) == cold(board, tmp_path)


@dataclass
class Record:
    source: Any
    title: object
    story: str


def changes(title_then: object, title_now: object) -> ProseEdit | None:
    """What prose_changes says of one wish whose story was rewritten and whose title went
    from ``title_then`` to ``title_now``."""
    source = SimpleNamespace(filename="/board/wishes/a.yaml", sha="new", type="wish", rel="wishes/a.yaml")
    earlier = SimpleNamespace(sha="old", judged=SimpleNamespace(record=Record(None, title_then, "旧故事")))
    board = SimpleNamespace(records={"wish": [Record(source, title_now, "新故事")]})
    return prose_changes(board, {source.filename: earlier})  # type: ignore[arg-type]


def test_only_a_change_of_the_prose_alone_counts_as_a_prose_change() -> None:
    story_only = ProseEdit(frozenset({"wish"}), frozenset({"/board/wishes/a.yaml"}))
    assert changes("修水龙头", "修水龙头") == story_only
    assert changes("修水龙头", "修两个水龙头") is None
    undigestible = lambda: None  # noqa: E731 - a value pickle cannot write
    assert changes(undigestible, undigestible) is None  # cannot tell: never "only the prose"


def test_what_a_build_made_is_read_only_beside_the_state_of_that_same_build(
    board: Path, tmp_path: Path
) -> None:
    """The folder's state and what the build made (page fingerprints, each producer's files)
    are two cache files; a process stopped between writing them must not pair one build's
    fingerprints with another build's folder."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(board, out, cache)
    (made,) = cache.glob("made-*.marshal")
    first = made.read_bytes()
    tap = board / "wishes/tap.yaml"
    original = tap.read_text(encoding="utf-8")
    tap.write_text(original.replace("修水龙头", "修厨房水龙头"), encoding="utf-8")
    build(board, out, cache)
    made.write_bytes(first)  # the first build's fingerprints beside the second build's folder
    tap.write_text(original, encoding="utf-8")  # back as in the first build: equal fingerprints
    build(board, out, cache)
    assert snapshot(out) == cold(board, tmp_path)
