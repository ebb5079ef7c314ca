"""The benchmark generator makes boards that pass ``check``, the same ones every time."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path

from noticeboard.content.check import check_content
from tests.conftest import REPO

ROOT = REPO
_spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


def _generate(tmp_path: Path, count: int, seed: int = 1) -> Path:
    out = tmp_path / f"board-{count}-{seed}"
    assert gen.main([str(count), str(out), "--seed", str(seed), "--date", "2023-06-30"]) == 0
    return out


def test_generated_board_passes_check_with_the_requested_mix(tmp_path):
    content = _generate(tmp_path, 400)
    checked = check_content(content, dt.date(2023, 6, 30))
    assert checked.report("text") == ""
    board = checked.board
    assert board.record_count() == 400
    assert (len(board.partners), len(board.projects), len(board.wishes), len(board.councils)) == (
        40,
        100,
        140,
        80,
    )
    assert board.redemptions, "redemptions spend points without a negative balance"
    assert Counter(w.status for w in board.wishes)["fulfilled"] > 50
    assert any(d.difficult_problem for c in board.councils for d in c.decisions)
    assert any(c.source.rel.endswith(".md") for c in board.councils)


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    first, again, other = (
        _generate(tmp_path, 120),
        _generate(tmp_path / "again", 120),
        _generate(tmp_path, 120, 2),
    )
    assert files(first) == files(again)
    assert files(first) != files(other)


def test_refuses_to_overwrite_a_folder_that_is_not_a_generated_board(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert gen.main(["10", str(tmp_path)]) == 2
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def _vs_hugo():
    spec = importlib.util.spec_from_file_location("bench_vs_hugo", ROOT / "bench" / "vs_hugo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_a_timed_run_counts_the_cpu_of_the_children_it_waited_for(tmp_path):
    vs_hugo = _vs_hugo()
    # A parent that only waits for a child which burns CPU: the CPU is the child's.
    burn = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'sum(range(10**7))'])"
    run = vs_hugo.timed([sys.executable, "-c", burn], tmp_path)
    user, system = run.cpu
    assert user > 0.05
    assert system >= 0
    assert run.seconds >= user * 0.5


def test_the_against_hugo_table_shows_both_sides_cpu():
    vs_hugo = _vs_hugo()
    row = vs_hugo.Pairs("cold build", 10_000, board=[9.0, 11.0], hugo=[5.0, 5.0], board_mb=[200, 210])
    row.board_cpu = [(8.4, 6.0), (8.6, 7.0)]
    row.hugo_cpu = [[2.8, 4.0], [2.6, 5.0]]  # as read back from vs_hugo.json
    table = vs_hugo.table([row])
    assert "board CPU s (user + system)" in table.splitlines()[0]
    assert "| 8.5 + 6.5 | 2.7 + 4.5 |" in table
    assert "**2.00×**" in table


def test_a_side_that_spent_more_cpu_in_the_kernel_is_marked_disk_bound():
    vs_hugo = _vs_hugo()
    row = vs_hugo.Pairs("cold build", 10_000, board=[11.7], hugo=[8.1], board_mb=[194])
    row.board_cpu, row.hugo_cpu = [(10.4, 9.5)], [(3.5, 8.4)]
    assert vs_hugo.verdict(row).endswith("; disk-bound (Hugo: system CPU > user CPU)")
    row.hugo_cpu = [(2.6, 0.7)]
    assert "disk-bound" not in vs_hugo.verdict(row)
    row.hugo_cpu = []  # rows from before CPU was measured
    assert "disk-bound" not in vs_hugo.verdict(row)
