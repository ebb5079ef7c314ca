"""Crash safety: a build killed at any moment leaves a whole site, and builds never mix.

A board of a few hundred records (bench/gen.py) is built, then rebuilt from changed content
in a subprocess that is SIGKILLed after a random delay, many times, alternating between two
versions of the content. After every kill the output folder must be byte-identical to one
whole site (the previous one, or the new one if the build finished first); the next build
must be correct. Two builds started at once on the same folder never leave a mixed site,
and one that finds the folder locked stops with a one-line message and exit code 2.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from noticeboard.output.lock import build_lock, lock_path
from noticeboard.output.write import recover
from tests.conftest import REPO

DATE = "2024-12-31"  # bench/gen.py's default build date
KILLS = {"--no-cache": 15, "--cache": 8}  # fewer for the incremental writer, to keep the suite quick


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a site: path → sha256 (empty when the folder does not exist)."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_command(content: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "--content", str(content), "--out", str(out),
            "--date", DATE, *extra]  # fmt: skip


def run_build(content: Path, out: Path, *extra: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        build_command(content, out, *extra), capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture(scope="module")
def boards(tmp_path_factory) -> dict[str, object]:
    """Two versions of a 300-record board and the site each one builds."""
    folder = tmp_path_factory.mktemp("crash")
    first = folder / "content-a"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "gen.py"), "300", str(first)], check=True, capture_output=True
    )
    second = folder / "content-b"
    shutil.copytree(first, second)
    # Version b renames a wish and removes a partner's description: pages change and the
    # home page, lists, exports and search index change with them.
    wish = sorted((second / "wishes").glob("*.yaml"))[0]
    lines = wish.read_text(encoding="utf-8").splitlines()
    wish.write_text(
        "\n".join("title: 改过的心愿标题" if line.startswith("title:") else line for line in lines) + "\n",
        encoding="utf-8",
    )
    (sorted((second / "wishes").glob("*.yaml"))[1]).unlink()
    sites = {}
    for name, content in (("a", first), ("b", second)):
        reference = folder / f"reference-{name}"
        result = run_build(content, reference, "--no-cache", cwd=folder)
        assert result.returncode == 0, result.stderr
        sites[name] = snapshot(reference)
    assert sites["a"] != sites["b"]
    return {"folder": folder, "content": {"a": first, "b": second}, "sites": sites}


def timed_build(boards, content: Path, out: Path, cwd: Path) -> float:
    started = time.perf_counter()
    assert run_build(content, out, cwd=cwd).returncode == 0
    return time.perf_counter() - started


@pytest.mark.parametrize("mode", ["--no-cache", "--cache"])
def test_killed_builds_leave_a_whole_site(boards, tmp_path, mode):
    extra = ("--no-cache",) if mode == "--no-cache" else ()
    cwd = tmp_path  # the incremental cache lives in the working folder: one per test
    out = tmp_path / "site"
    content, sites = boards["content"], boards["sites"]
    duration = timed_build(boards, content["a"], out, cwd)
    assert snapshot(out) == sites["a"]
    current = "a"
    if mode == "--cache":  # the builds to kill use the cache: time one, so the kills land inside them
        duration = timed_build(boards, content["b"], out, cwd)
        assert snapshot(out) == sites["b"]
        current = "b"
    rng = random.Random(7)  # the same kill points on every run
    outcomes = {"killed": 0, "finished": 0, "between-renames": 0}
    for _ in range(KILLS[mode]):
        target = "b" if current == "a" else "a"
        process = subprocess.Popen(
            build_command(content[target], out, *extra),
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0, min(1.5, duration * 1.2)))
        process.send_signal(signal.SIGKILL)
        process.wait()
        outcomes["finished" if process.returncode == 0 else "killed"] += 1
        if not out.exists():
            # Killed between the swap's two renames: the site is aside, and the next build (or
            # recover) puts it back. Counted, so the report shows how often this happens.
            outcomes["between-renames"] += 1
            recover(out)
        state = snapshot(out)
        assert state in (sites[current], sites[target]), f"mixed site after a kill ({mode})"
        current = target if state == sites[target] else current
        assert not lock_path(out).exists() or not _locked(out), "a killed build left a held lock"
    assert outcomes["killed"] >= KILLS[mode] // 2, outcomes
    final = "b" if current == "a" else "a"
    result = run_build(content[final], out, *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == sites[final]
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".site.")) == []


def _locked(out: Path) -> bool:
    try:
        with build_lock(out):
            return False
    except Exception:
        return True


def test_a_build_finding_the_folder_locked_stops_with_a_clear_message(boards, tmp_path):
    out = tmp_path / "site"
    content, sites = boards["content"], boards["sites"]
    assert run_build(content["a"], out, "--no-cache", cwd=tmp_path).returncode == 0
    with build_lock(out):
        result = run_build(content["b"], out, "--no-cache", cwd=tmp_path)
    assert result.returncode == 2
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and f"another build is writing {out}; try again when it finishes" in message[0]
    assert "Traceback" not in result.stderr
    assert snapshot(out) == sites["a"]
    assert run_build(content["b"], out, "--no-cache", cwd=tmp_path).returncode == 0
    assert snapshot(out) == sites["b"]


def test_two_builds_at_once_never_mix(boards, tmp_path):
    out = tmp_path / "site"
    content, sites = boards["content"], boards["sites"]
    for round_ in range(3):
        first = subprocess.Popen(
            build_command(content["a"], out, "--no-cache"), cwd=tmp_path, stderr=subprocess.PIPE
        )
        second = subprocess.Popen(
            build_command(content["b"], out, "--no-cache"), cwd=tmp_path, stderr=subprocess.PIPE
        )
        codes = sorted([first.wait(timeout=120), second.wait(timeout=120)])
        assert codes in ([0, 0], [0, 2]), (round_, codes)
        assert snapshot(out) in (sites["a"], sites["b"]), f"mixed site in round {round_}"
    assert not lock_path(out).exists()
    assert os.listdir(tmp_path) == ["site"]
