"""Incremental builds: the cache never changes the output, and saves writing what did not change."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
from pathlib import Path

import jinja2
import pytest

from noticeboard.cli import main
from noticeboard.incremental import cache as cache_module
from noticeboard.incremental.cache import BuildCache
from noticeboard.incremental.digests import content_commit, read_inputs
from noticeboard.output import write
from noticeboard.paths import Theme
from tests.conftest import build_site, check, make_board

pytestmark = pytest.mark.usefixtures("trust_fresh_files")  # tests/incremental/conftest.py

DATE = dt.date(2022, 8, 27)


def wish(title: str, status: str = "open") -> str:
    text = f"title: {title}\nbeneficiary: 3号楼的王奶奶\ncategory: 便民服务\nsubmitted: 2022-05-01\n"
    if status == "open":
        return text + "status: open\n"
    text += f"status: {status}\nclaimed_by: alpha\nclaimed: 2022-05-02\n"
    return text + ("fulfilled: 2022-05-03\n" if status == "fulfilled" else "")


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return make_board(
        tmp_path,
        {
            "wishes/tap.yaml": wish("修水龙头", "fulfilled"),
            "wishes/lamp.yaml": wish("楼道灯坏了"),
            "wishes/bench.md": "---\n" + wish("院里添把长椅") + "---\n老人们想在树下坐坐。\n",
        },
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file's inode and mtime: they change when a file is written."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def cold(board: Path, tmp_path: Path, date: dt.date = DATE) -> dict[str, bytes]:
    out = tmp_path / "cold"
    shutil.rmtree(out, ignore_errors=True)
    assert build_site(board, out, date).ok
    return snapshot(out)


def test_a_build_with_no_change_writes_nothing(board: Path, tmp_path: Path) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    first = build_site(board, out, DATE, cache=BuildCache(cache_dir))
    assert first.ok and first.files > 10
    before = stamps(out)
    again = build_site(board, out, DATE, cache=BuildCache(cache_dir))
    assert again.ok and again.files == 0
    assert "built 4 records" in again.summary() and "0 files" in again.summary()
    assert stamps(out) == before


def test_one_edit_rewrites_only_the_files_it_changes(board: Path, tmp_path: Path) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    before, before_bytes = stamps(out), snapshot(out)
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯坏了", "claimed"), encoding="utf-8")
    report = build_site(board, out, DATE, cache=BuildCache(cache_dir))
    after = snapshot(out)
    assert after == cold(board, tmp_path)
    changed = {path for path in after if after[path] != before_bytes.get(path)}
    rewritten = {path for path, stamp in stamps(out).items() if before.get(path) != stamp}
    assert "wishes/lamp/index.html" in changed
    assert rewritten == changed and report.files == len(changed)
    assert "wishes/tap/index.html" not in rewritten  # a page the edit does not touch


def test_a_removed_record_disappears_and_leaves_no_empty_folder(board: Path, tmp_path: Path) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    (board / "wishes/lamp.yaml").unlink()
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert not (out / "wishes/lamp").exists()
    assert snapshot(out) == cold(board, tmp_path)


@pytest.mark.parametrize("damage", ["deleted", "corrupted", "foreign-version", "truncated"])
def test_a_damaged_cache_gives_the_same_output(board: Path, tmp_path: Path, damage: str) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    for path in [p for p in cache_dir.rglob("*") if p.is_file()]:  # compiled templates too
        if damage == "deleted":
            path.unlink()
        elif damage == "corrupted":
            path.write_bytes(b"\x00garbage" * 50)
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[:100])
        else:
            path.write_bytes(path.read_bytes().replace(cache_module.code_version().encode(), b"0" * 64))
    (board / "wishes/tap.yaml").write_text(wish("修好的水龙头", "fulfilled"), encoding="utf-8")
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert snapshot(out) == cold(board, tmp_path)


def test_a_file_added_to_the_output_by_hand_is_removed_as_a_cold_build_would(
    board: Path, tmp_path: Path
) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    (out / "wishes/stray.html").write_text("stray", encoding="utf-8")
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert snapshot(out) == cold(board, tmp_path)


def test_cached_builds_equal_cold_builds_over_random_edits(board: Path, tmp_path: Path) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    rng = random.Random(20220827)
    date = DATE
    titles = ["换灯泡", "修门禁", "送药上门", "理发", "读报"]
    for step in range(8):
        action = rng.choice(["status", "title", "add", "remove", "invalid", "date", "nothing"])
        wishes = sorted((board / "wishes").glob("*.yaml"))
        if action == "status" and wishes:
            target = rng.choice(wishes)
            status = rng.choice(["open", "claimed", "fulfilled"])
            target.write_text(wish(rng.choice(titles), status), encoding="utf-8")
        elif action == "title" and wishes:
            rng.choice(wishes).write_text(wish(rng.choice(titles) + str(step)), encoding="utf-8")
        elif action == "add":
            (board / f"wishes/new-{step}.yaml").write_text(wish(rng.choice(titles)), encoding="utf-8")
        elif action == "remove" and wishes:
            rng.choice(wishes).unlink()
        elif action == "date":
            date = date + dt.timedelta(days=rng.randint(1, 40))
        elif action == "invalid":
            broken = board / "wishes/broken.yaml"
            broken.write_text("title: [unclosed\n", encoding="utf-8")
            before = snapshot(out) if out.exists() else {}
            assert not build_site(board, out, date, cache=BuildCache(cache_dir)).ok
            assert (snapshot(out) if out.exists() else {}) == before  # the old site stays
            broken.unlink()
        # A fresh BuildCache object each time reads the cache from disk, as a new process would.
        assert build_site(board, out, date, cache=BuildCache(cache_dir)).ok, (step, action)
        assert snapshot(out) == cold(board, tmp_path, date), (step, action)


def test_an_interrupted_build_never_touches_the_live_site(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    before = snapshot(out)
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯修好了", "fulfilled"), encoding="utf-8")
    (board / "wishes/tap.yaml").unlink()

    stamped = stamps(out)
    written = []
    real_write = write._write

    def dying_write(path: str, data: bytes) -> None:
        if len(written) == 3:
            raise KeyboardInterrupt  # as if the power went while the changed files were written
        written.append(path)
        real_write(path, data)

    # Simulate a killed process: no clean-up runs, the half-written folder stays.
    monkeypatch.setattr(write, "_write", dying_write)
    monkeypatch.setattr(shutil, "rmtree", lambda *args, **kwargs: None)
    with pytest.raises(KeyboardInterrupt):
        build_site(board, out, DATE, cache=BuildCache(cache_dir))
    monkeypatch.undo()
    assert len(written) == 3  # only changed files are written, beside the site
    assert any(p.name.startswith(".site.building-") for p in tmp_path.iterdir())
    assert snapshot(out) == before and stamps(out) == stamped  # the live site was never touched

    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok  # clears the leftover
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "site"]
    assert snapshot(out) == cold(board, tmp_path)


def test_a_failed_write_leaves_the_previous_site(board: Path, tmp_path: Path, monkeypatch) -> None:
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    before = snapshot(out)
    (board / "wishes/lamp.yaml").write_text(wish("楼道灯修好了", "fulfilled"), encoding="utf-8")
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if Path(source) == out.absolute():  # the swap's first move: the new site is ready
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        build_site(board, out, DATE, cache=BuildCache(cache_dir))
    monkeypatch.undo()
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "site"]


def test_a_template_asset_or_schema_edit_changes_the_inputs_digest(tmp_path: Path) -> None:
    names = ("content", "templates", "static", "engine", "schemas")
    content, templates, static, engine, schemas = (tmp_path / name for name in names)
    for folder in (content, templates, static, engine, schemas):
        folder.mkdir()
    (templates / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    (schemas / "wish.schema.json").write_text("{}", encoding="utf-8")
    theme = Theme((templates, engine), (static, engine / "static"))

    def digest() -> str:
        return read_inputs(content, theme, schemas, DATE, None).digest()

    first = digest()
    assert first and digest() == first
    (templates / "page.html").write_text("<p>{{ x }}!</p>", encoding="utf-8")
    second = digest()
    assert second != first
    (schemas / "wish.schema.json").write_text('{"type": "object"}', encoding="utf-8")
    third = digest()
    assert third != second
    (static / "logo.svg").write_text("<svg/>", encoding="utf-8")  # a board's asset added
    assert digest() != third
    assert read_inputs(content, theme, schemas, DATE + dt.timedelta(days=1), None).digest() != digest()


def test_the_build_command_uses_the_cache_and_no_cache_skips_it(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("NOTICEBOARD_CACHE", str(tmp_path / "cache"))
    args = ["build", "--content", str(board), "--out", str(tmp_path / "site"), "--date", "2022-08-27"]
    assert main(args) == 0
    assert (tmp_path / "cache" / "records.marshal").is_file()
    assert main(args) == 0
    assert "0 files" in capsys.readouterr().out
    assert main([*args, "--no-cache"]) == 0
    assert "0 files" not in capsys.readouterr().out


def test_producers_on_two_cores_give_the_same_site(board: Path, tmp_path: Path, monkeypatch) -> None:
    from noticeboard.site import parallel

    # even this small board
    monkeypatch.setattr(parallel, "can_fork", lambda records, seconds: hasattr(os, "fork"))
    out = tmp_path / "site"
    cache = BuildCache(tmp_path / "cache")
    assert build_site(board, out, DATE, cache=cache).ok
    assert len(cache.timings) >= 3  # every producer was timed, here or in the child
    assert snapshot(out) == cold(board, tmp_path)


def test_a_producer_failing_in_the_child_process_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    import time

    from noticeboard.site import parallel
    from noticeboard.site.context import Producer, make_context

    parent = os.getpid()

    def fails_in_the_child(ctx: object) -> dict[str, bytes]:
        if os.getpid() != parent:
            raise ValueError("template exploded")
        time.sleep(0.3)  # the child takes the other one meanwhile
        return {"a.html": b"a"}

    slow = Producer("slow", lambda ctx: {"a.html": b"a"})
    broken = Producer("broken", fails_in_the_child)
    ctx = make_context(check(make_board(tmp_path)).board)
    monkeypatch.setattr(parallel, "can_fork", lambda records, seconds: hasattr(os, "fork"))
    with pytest.raises(ValueError, match="template exploded"):
        parallel.run_producers([broken, broken], ctx, {})
    files, took = parallel.run_producers([slow, slow], ctx, {})
    assert files == [{"a.html": b"a"}, {"a.html": b"a"}] and len(took) == 1


def test_a_child_process_is_used_only_for_work_that_pays_for_it(monkeypatch) -> None:
    """A big board's full build shares its producers; its text edit (a few producers, a few
    tenths of a second) runs them here: the fork would cost more than it saves."""
    from noticeboard.site import parallel

    monkeypatch.setattr(parallel, "can_fork_here", lambda: True)
    assert parallel.can_fork(10_000, 7.0)
    assert not parallel.can_fork(10_000, 0.2)
    assert not parallel.can_fork(100, 7.0)


def test_the_costliest_producers_are_queued_first() -> None:
    from noticeboard.site import parallel
    from noticeboard.site.context import Producer

    def nothing(ctx: object) -> dict[str, bytes]:
        return {}

    producers = [Producer("a", nothing, 0.5), Producer("b", nothing, 2.0), Producer("c", nothing, 0.5)]
    assert parallel.order(producers, {}) == [1, 0, 2]  # typical shares; ties keep producer order
    assert parallel.order(producers, {"c": 3.0}) == [2, 1, 0]  # the last build's times come first


def test_a_queue_gives_each_index_once_across_two_processes() -> None:
    from noticeboard.site.parallel import Queue

    queue = Queue(list(range(200)))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # take half-way through, as a producer child does
        taken = []
        while (index := queue.take()) is not None:
            taken.append(index)
        os.write(write_end, bytes(taken))
        os._exit(0)
    os.close(write_end)
    mine = []
    while (index := queue.take()) is not None:
        mine.append(index)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        theirs = list(pipe.read())
    queue.close()
    assert sorted(mine + theirs) == list(range(200))


def test_a_commit_touching_the_content_changes_the_inputs_digest(tmp_path: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    content = make_board(tmp_path)
    (tmp_path / "README").write_text("x", encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "first")

    first = content_commit(content)
    assert len(first) > 40  # "0 <commit id>"
    (tmp_path / "README").write_text("y", encoding="utf-8")
    git("commit", "-q", "-am", "outside the content: page histories do not change")
    assert content_commit(content) == first
    (content / "site.yaml").write_text("name: 新名字\ncommunity: 测试社区\n", encoding="utf-8")
    git("commit", "-q", "-am", "inside the content: the history pages show has a new line")
    assert content_commit(content) != first


def test_templates_compiled_by_an_earlier_build_give_the_same_site_in_each_language(
    board: Path, tmp_path: Path
) -> None:
    """The cache keeps compiled templates; the board's texts are compiled into them, so a
    board in another language built from the same cache folder must not get the first's."""
    cache_dir = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    assert build_site(board, first, DATE, cache=BuildCache(cache_dir)).ok
    compiled = sorted(p.name for p in (cache_dir / "templates").rglob("*.cache"))
    assert compiled and all(name.startswith("zh-CN-") for name in compiled)
    assert build_site(board, second, DATE, cache=BuildCache(cache_dir)).ok  # compiled ones reused
    assert snapshot(second) == snapshot(first) == cold(board, tmp_path)

    site = board / "site.yaml"
    text = site.read_text(encoding="utf-8")
    assert "language:" not in text  # zh-CN by default
    site.write_text(text + "language: en\n", encoding="utf-8")
    english = tmp_path / "english"
    assert build_site(board, english, DATE, cache=BuildCache(cache_dir)).ok
    assert snapshot(english) == cold(board, tmp_path)
    assert "Micro-wishes" in (english / "index.html").read_text(encoding="utf-8")
    assert any(p.name.startswith("en-") for p in (cache_dir / "templates").rglob("*.cache"))


def test_a_later_process_finds_what_each_template_uses_without_parsing_it(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which templates a template extends or includes is kept by its source's digest beside the
    compiled templates: a one-off build after an edit parses none, and makes the same site."""
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert list((cache_dir / "templates").rglob("uses-*.json"))
    parsed: list[str] = []
    real_parse = jinja2.Environment.parse
    monkeypatch.setattr(
        jinja2.Environment,
        "parse",
        lambda env, source, name=None, filename=None: (
            parsed.append(name) or real_parse(env, source, name, filename)
        ),
    )
    (board / "wishes/tap.yaml").write_text(wish("修好的水龙头", "fulfilled"), encoding="utf-8")
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert parsed == []
    assert snapshot(out) == cold(board, tmp_path)


def test_a_damaged_template_uses_file_is_worked_out_again(board: Path, tmp_path: Path) -> None:
    """A kept answer that cannot be read (a disk hiccup, a hand edit) is parsed afresh, and the
    site is the same."""
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    kept = list((cache_dir / "templates").rglob("uses-*.json"))
    for path in kept:
        path.write_text('{"not": "a list"', encoding="utf-8")
    (board / "wishes/tap.yaml").write_text(wish("修好的水龙头", "fulfilled"), encoding="utf-8")
    assert build_site(board, out, DATE, cache=BuildCache(cache_dir)).ok
    assert snapshot(out) == cold(board, tmp_path)
    assert all(isinstance(json.loads(path.read_text(encoding="utf-8")), list) for path in kept)
