"""Changing a few files of a built site in place: atomic as seen from the output folder, exact after."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from noticeboard.output import write
from noticeboard.output.changes import write_changed
from noticeboard.output.state import SiteState, state_of
from noticeboard.site.files import UNCHANGED

BEFORE = {
    "index.html": b"<h1>home</h1>",
    "wishes/index.html": b"a b",
    "wishes/a/index.html": b"wish a",
    "wishes/b/index.html": b"wish b",
    "wishes/b/photo.txt": b"photo of b",
    "data/wishes.json": b"[1, 2]",
    "static/style.css": b"body {}",
}
AFTER = {  # a changed, b removed with its folder, c and a whole new folder tree added
    **{path: data for path, data in BEFORE.items() if not path.startswith("wishes/b/")},
    "index.html": b"<h1>home, again</h1>",
    "wishes/index.html": b"a c",
    "wishes/a/index.html": b"wish a, claimed",
    "wishes/c/index.html": b"wish c",
    "wishes/filter/year-2024/index.html": b"c",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes (empty when it does not exist)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def folders(folder: Path) -> set[str]:
    """Every folder below ``folder``."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Inode, mtime and ctime of every file: any write or rename of it changes them."""
    found = {}
    for p in folder.rglob("*"):
        if p.is_file():
            stat = p.stat()
            found[p.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
    return found


def built(tmp_path: Path, files: dict[str, bytes] = BEFORE) -> tuple[Path, SiteState]:
    out = tmp_path / "site"
    written, state = write_changed(dict(files), out, None)
    assert written == len(files) and snapshot(out) == files
    return out, state


def test_a_change_writes_only_the_changed_files_and_leaves_the_others_untouched(tmp_path: Path) -> None:
    out, state = built(tmp_path)
    before = stamps(out)
    written, state = write_changed(dict(AFTER), out, state)
    assert snapshot(out) == AFTER
    assert "wishes/b" not in folders(out)  # the removed record leaves no empty folder
    assert written == 5
    after = stamps(out)
    untouched = {path for path in after if after[path] == before.get(path)}
    assert untouched == {"data/wishes.json", "static/style.css"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_the_state_after_a_change_equals_a_fresh_look_at_the_folder(tmp_path: Path) -> None:
    out, state = built(tmp_path)
    _, state = write_changed(dict(AFTER), out, state)
    fresh = state_of(out.absolute(), {path: sha for path, (sha, _) in state.files.items()})
    assert state.files == fresh.files and state.folders == fresh.folders
    assert state.intact(out)


def test_unchanged_pages_keep_their_bytes_and_a_second_change_builds_on_the_first(tmp_path: Path) -> None:
    out, state = built(tmp_path)
    _, state = write_changed(dict(AFTER), out, state)
    kept = {path: UNCHANGED for path in AFTER}
    third = {**kept, "wishes/a/index.html": b"wish a, fulfilled", "wishes/d/index.html": b"wish d"}
    written, state = write_changed(third, out, state)
    assert written == 2
    assert snapshot(out) == {
        **AFTER,
        "wishes/a/index.html": b"wish a, fulfilled",
        "wishes/d/index.html": b"wish d",
    }
    assert state.intact(out)
    assert write_changed(dict(third), out, state)[0] == 0  # nothing new: nothing written


def test_a_file_that_becomes_a_folder_is_written_whole(tmp_path: Path) -> None:
    out, state = built(tmp_path, {"index.html": b"home", "about": b"a file"})
    files = {"index.html": UNCHANGED, "about/index.html": b"a folder now"}
    written, state = write_changed(files, out, state)
    assert snapshot(out) == {"index.html": b"home", "about/index.html": b"a folder now"}
    assert written == 2 and state.intact(out)
    written, state = write_changed({"index.html": b"home", "about": b"a file again"}, out, state)
    assert snapshot(out) == {"index.html": b"home", "about": b"a file again"} and state.intact(out)


def test_a_page_kept_from_a_folder_changed_by_hand_is_refused(tmp_path: Path) -> None:
    out, state = built(tmp_path)
    (out / "wishes/a/index.html").write_bytes(b"edited by hand")
    with pytest.raises(RuntimeError, match="changed since"):
        write_changed({**AFTER, "static/style.css": UNCHANGED}, out, state)
    written, state = write_changed(dict(AFTER), out, state)  # with every file's bytes it can go on
    assert snapshot(out) == AFTER and state.intact(out)
    assert written == 5  # the folder was read: files already as the build makes them stay


def renames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record every rename write makes."""
    done: list[tuple[str, str]] = []
    real = os.replace

    def recording(source, target) -> None:
        real(source, target)
        done.append((str(source), str(target)))

    monkeypatch.setattr(os, "replace", recording)
    return done


def count_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    out, state = built(tmp_path / "count")
    done = renames(monkeypatch)
    write_changed(dict(AFTER), out, state)
    monkeypatch.undo()
    return len(done)


def build_killed_at(kill_at: int, out: Path, state: SiteState) -> int:
    """Start the change to AFTER in a child process killed at its kill_at-th rename (no clean-up runs)."""
    child = os.fork()
    if child:
        return child
    real, count = os.replace, [0]

    def dying(source, target) -> None:
        if count[0] == kill_at:
            os._exit(9)
        count[0] += 1
        real(source, target)

    os.replace = dying  # type: ignore[assignment]
    try:
        write_changed(dict(AFTER), out, state)
    finally:
        os._exit(0)


def test_a_build_killed_at_any_rename_leaves_a_whole_site(tmp_path: Path, monkeypatch) -> None:
    total = count_renames(tmp_path, monkeypatch)
    assert total >= 10  # the plan, the site aside and back, and two per replaced file
    seen = set()
    for kill_at in range(total):
        here = tmp_path / str(kill_at)
        out, state = built(here)
        child = build_killed_at(kill_at, out, state)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 9
        aside = not out.exists()  # killed while the site was aside, between renames
        if not aside:
            assert snapshot(out) in (BEFORE, AFTER), kill_at  # never a mix
        write.recover(out)  # what the next build does first
        site = snapshot(out)
        assert site in (BEFORE, AFTER), kill_at
        seen.add(("aside" if aside else "in place", "after" if site == AFTER else "before"))
        left = sorted(p.name for p in here.iterdir())
        assert left in (["site"], ["site", "site.lock"]), kill_at  # a killed build's lock is not held
        # The next build, from the state the killed one started from, gives the exact site.
        files = {**AFTER, "wishes/a/index.html": b"wish a, fulfilled"}
        write_changed(dict(files), out, state)
        assert snapshot(out) == files, kill_at
    # Killed before the site went aside; while it was, before its plan was saved (put back as
    # it was); and while it was, after (the plan is carried out).
    assert seen == {("in place", "before"), ("aside", "before"), ("aside", "after")}


@pytest.mark.parametrize("fail_at", [0, 1, 2, 5, -2])
def test_a_failed_rename_leaves_the_previous_site(tmp_path: Path, monkeypatch, fail_at: int) -> None:
    total = count_renames(tmp_path, monkeypatch)
    out, state = built(tmp_path / "board")
    fail_at = fail_at % total
    real, count = os.replace, [0]

    def failing(source, target) -> None:
        count[0] += 1
        if count[0] - 1 == fail_at:
            raise OSError("disk full")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    if fail_at == total - 1:  # the last rename puts the finished site in place: nothing to undo
        with pytest.raises(OSError, match="disk full"):
            write_changed(dict(AFTER), out, state)
        monkeypatch.undo()
        write.recover(out)
        assert snapshot(out) == AFTER
    else:
        with pytest.raises(OSError, match="disk full"):
            write_changed(dict(AFTER), out, state)
        monkeypatch.undo()
        assert snapshot(out) == BEFORE
    assert sorted(p.name for p in (tmp_path / "board").iterdir()) == ["site"]


def test_an_interrupted_staging_leaves_the_live_site_untouched(tmp_path: Path, monkeypatch) -> None:
    out, state = built(tmp_path)
    before = stamps(out)
    written = []
    real_write = write._write

    def dying_write(path: str, data: bytes) -> None:
        if len(written) == 2:
            raise KeyboardInterrupt  # as if the power went while the new files were written
        written.append(path)
        real_write(path, data)

    monkeypatch.setattr(write, "_write", dying_write)
    monkeypatch.setattr(shutil, "rmtree", lambda *args, **kwargs: None)  # a killed build cleans nothing
    with pytest.raises(KeyboardInterrupt):
        write_changed(dict(AFTER), out, state)
    monkeypatch.undo()
    assert stamps(out) == before and snapshot(out) == BEFORE
    assert any(p.name.startswith(".site.building-") for p in tmp_path.iterdir())
    write_changed(dict(AFTER), out, state)  # the next build clears the leftover
    assert snapshot(out) == AFTER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_edited_after_it_was_verified_is_still_written_exactly(tmp_path: Path) -> None:
    out, state = built(tmp_path)
    assert state.intact(out)  # as the build checks it before rendering
    (out / "wishes/stray.html").write_bytes(b"dropped in by hand")  # where the change writes
    with pytest.raises(RuntimeError, match="changed since"):  # kept pages cannot be trusted now
        write_changed({**AFTER, "static/style.css": UNCHANGED}, out, state, verified=True)
    assert snapshot(out) == {**BEFORE, "wishes/stray.html": b"dropped in by hand"}
    written, state = write_changed(dict(AFTER), out, state, verified=True)
    assert snapshot(out) == AFTER and written == len(AFTER) and state.intact(out)


def test_an_edit_elsewhere_after_verifying_lasts_only_until_the_next_build(tmp_path: Path) -> None:
    out, state = built(tmp_path)
    assert state.intact(out)
    (out / "static/style.css").write_bytes(b"edited by hand")  # a folder the change does not touch
    _, state = write_changed(dict(AFTER), out, state, verified=True)
    assert snapshot(out) == {**AFTER, "static/style.css": b"edited by hand"}  # as if edited just after
    assert not state.intact(out)
    written, state = write_changed(dict(AFTER), out, state)
    assert snapshot(out) == AFTER and written == 1 and state.intact(out)  # only the edited file


def test_a_folder_no_state_vouches_for_is_read_and_only_its_differences_written(tmp_path: Path) -> None:
    out, _ = built(tmp_path)  # the cache is lost: no state, but the folder holds the last build
    (out / "wishes/stray.html").write_bytes(b"dropped in by hand")
    (out / "empty/deeper").mkdir(parents=True)
    (out / "wishes/a/alias.html").symlink_to(out / "static/style.css")
    (out / "wishes/a/static").symlink_to(out / "static", target_is_directory=True)
    before = stamps(out)
    written, state = write_changed(dict(AFTER), out, None)
    assert snapshot(out) == AFTER
    assert folders(out) == {
        "data",
        "static",
        "wishes",
        "wishes/a",
        "wishes/c",
        "wishes/filter",
        "wishes/filter/year-2024",
    }
    assert (out / "static/style.css").read_bytes() == b"body {}"  # what the links pointed at is kept
    assert written == 5
    after = stamps(out)
    assert {path for path in after if after[path] == before.get(path)} == {
        "data/wishes.json",
        "static/style.css",
    }
    fresh = state_of(out.absolute(), {path: sha for path, (sha, _) in state.files.items()})
    assert state.files == fresh.files and state.folders == fresh.folders and state.intact(out)


def test_a_folder_holding_no_board_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "wishes").mkdir(parents=True)
    (out / "wishes/notes.txt").write_bytes(b"not a board")
    written, state = write_changed(dict(BEFORE), out, None)
    assert written == len(BEFORE) and snapshot(out) == BEFORE and state.intact(out)
