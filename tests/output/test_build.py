"""The build as a whole: deterministic, atomic, removes what was removed, refuses invalid content."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from noticeboard.cli import main
from noticeboard.errors import UsageError
from noticeboard.output import staging, write
from tests.conftest import REPO, build_site, make_board

DATE = dt.date(2022, 8, 27)
WISH = (
    "title: 修水龙头\nbeneficiary: 3号楼的王奶奶\ncategory: 便民服务\nsubmitted: 2022-05-01\n"
    "status: fulfilled\nclaimed_by: alpha\nclaimed: 2022-05-02\nfulfilled: 2022-05-03\n"
)
COUNCIL = (
    "title: 1号院车棚议事会\ndate: 2022-06-01\nlocation: 1号院\nparticipants: 12\n"
    "decisions:\n- text: 修建电动车棚\n  outcome: adopted\n  votes: {for: 10, against: 1, abstain: 1}\n"
    "  owner: 社区居委会\n  due: 2022-07-01\n"
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return make_board(tmp_path, {"wishes/tap.yaml": WISH, "councils/2022-06-01-shed.yaml": COUNCIL})


def test_two_builds_are_byte_identical(board: Path, tmp_path: Path) -> None:
    assert build_site(board, tmp_path / "one", DATE).ok
    assert build_site(board, tmp_path / "two", DATE).ok
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert "wishes/tap/index.html" in one
    assert one == two


def test_demo_builds_byte_identical_twice(tmp_path: Path) -> None:
    demo = REPO / "content"
    assert build_site(demo, tmp_path / "one", DATE).ok
    assert build_site(demo, tmp_path / "two", DATE).ok
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_a_removed_record_disappears_on_rebuild(board: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(board, out, DATE).ok
    assert (out / "wishes/tap/index.html").is_file()
    (board / "wishes/tap.yaml").unlink()
    assert build_site(board, out, DATE).ok
    assert not (out / "wishes/tap").exists()
    assert "修水龙头" not in (out / "wishes/index.html").read_text(encoding="utf-8")


def test_invalid_content_builds_nothing_and_keeps_the_old_site(board: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    assert main(["build", "--content", str(board), "--out", str(out), "--date", "2022-08-27"]) == 0
    before = snapshot(out)
    (board / "wishes/tap.yaml").write_text(
        WISH.replace("status: fulfilled", "status: done"), encoding="utf-8"
    )
    capsys.readouterr()
    code = main(["build", "--content", str(board), "--out", str(out), "--date", "2022-08-27"])
    printed = capsys.readouterr()
    assert code == 1
    check_code = main(["check", "--content", str(board), "--date", "2022-08-27"])
    assert check_code == 1
    assert printed.out == capsys.readouterr().out  # the same report as check
    assert "wishes/tap.yaml:5" in printed.out
    assert "nothing was built" in printed.err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_failure_while_writing_leaves_the_old_site_untouched(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert build_site(board, out, DATE).ok
    before = snapshot(out)
    (board / "wishes/tap.yaml").unlink()
    written = []

    def failing_write(path: str, data: bytes) -> None:
        if len(written) == 5:
            raise OSError("disk full")
        written.append(path)
        original_write(path, data)

    original_write = staging.write_one
    monkeypatch.setattr(staging, "write_one", failing_write)
    with pytest.raises(OSError, match="disk full"):
        build_site(board, out, DATE)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no temporary folder left


def test_leftovers_of_an_interrupted_build_are_cleaned_up(board: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(board, out, DATE).ok
    stale = tmp_path / ".site.building-999999999"
    (stale / "wishes").mkdir(parents=True)
    # Interrupted between the two renames of the swap: only the old site is left.
    os.replace(out, tmp_path / ".site.old-999999998")
    assert build_site(board, out, DATE).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_running_build_keeps_its_folder(board: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    running = tmp_path / f".site.building-{os.getppid()}"  # a live process: another build at work
    running.mkdir()
    assert build_site(board, out, DATE).ok
    assert running.is_dir()


def test_recover_restores_the_old_site_when_the_swap_was_cut(board: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(board, out, DATE).ok
    before = snapshot(out)
    os.replace(out, tmp_path / ".site.old-999999997")
    write.recover(out)
    assert snapshot(out) == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(board: Path, tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match="not empty"):
        build_site(board, documents, DATE)
    with pytest.raises(UsageError, match="content folder"):
        build_site(board, tmp_path, DATE)
    assert (documents / "letter.txt").read_text(encoding="utf-8") == "keep me"
    assert main(["build", "--content", str(board), "--out", str(documents), "--date", "2022-08-27"]) == 2


def test_build_prints_a_one_line_summary(board: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    assert main(["build", "--content", str(board), "--out", str(out), "--date", "2022-08-27"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("built 3 records, ") and " pages, " in lines[0] and " s / " in lines[0]


def test_unsafe_output_paths_are_refused() -> None:
    for bad in ("../x", "/etc/passwd", "a//b", "a/./b", "", "a\\b", "a/", "a/../../b"):
        with pytest.raises(ValueError):
            write.safe_path(bad)
        with pytest.raises(ValueError):
            write.check_site_path(bad)
    assert str(write.safe_path("wishes/a/index.html")) == "wishes/a/index.html"


def test_staged_files_land_in_their_folders_once(tmp_path: Path) -> None:
    """Each file lands in its folder, made as needed; a folder the other process made already is
    fine; a path made twice, or a file where a folder must go, is an error, never an overwrite."""
    folder = staging.Staging(tmp_path / "site")
    os.makedirs(folder.folder / "wishes" / "b")  # made by the other producer process
    folder.put({"wishes/a/index.html": b"a", "wishes/b/index.html": b"b", "index.html": b"home"})
    assert (folder.folder / "wishes" / "a" / "index.html").read_bytes() == b"a"
    assert (folder.folder / "wishes" / "b" / "index.html").read_bytes() == b"b"
    assert oct((folder.folder / "index.html").stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    with pytest.raises(FileExistsError):
        folder.put({"wishes/a/index.html": b"again"})
    with pytest.raises(FileExistsError):
        folder.put({"index.html/x.html": b"under a file"})
    for unsafe in ("../outside.html", "/etc/x.html", "wishes//a.html"):
        with pytest.raises(ValueError):
            folder.put({unsafe: b"x"})
    assert not (tmp_path / "outside.html").exists()
    assert (folder.folder / "wishes" / "a" / "index.html").read_bytes() == b"a"
    folder.discard()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_base_url_option_sets_the_canonical_addresses(board: Path, tmp_path: Path) -> None:
    assert build_site(board, tmp_path / "site", DATE, base_url="https://org.github.io/board/").ok
    home = (tmp_path / "site/wishes/tap/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://org.github.io/board/wishes/tap/">' in home
    shutil.rmtree(tmp_path / "site")
