"""The progress line of a long build: drawn on a terminal, never in a log."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from noticeboard.output.progress import ERASE_TO_END, TerminalProgress, terminal_progress

REPO = Path(__file__).resolve().parents[2]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_shows_stage_count_and_rate_and_is_redrawn_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 1.0, 1.05, 2.0])
    monkeypatch.setattr("noticeboard.output.progress.time.perf_counter", lambda: next(clock))
    screen = FakeTerminal()
    told = TerminalProgress(screen)
    told("生成页面 / making pages", 10)  # t=0: the stage starts, no rate yet
    told("生成页面 / making pages", 2000)  # t=1: 2,000 in a second
    told("生成页面 / making pages", 2100)  # t=1.05: too soon to redraw
    told("写入文件 / writing files", 18000)  # a new stage starts its own clock
    told.clear()
    lines = screen.getvalue().split("\r")[1:]
    assert lines == [
        f"生成页面 / making pages 10{ERASE_TO_END}",
        f"生成页面 / making pages 2,000 · 2,000/s{ERASE_TO_END}",
        f"写入文件 / writing files 18,000{ERASE_TO_END}",
        ERASE_TO_END,
    ]


def test_no_line_unless_an_interactive_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert terminal_progress(io.StringIO()) is None  # a pipe or a log file
    assert isinstance(terminal_progress(FakeTerminal()), TerminalProgress)
    monkeypatch.setenv("CI", "true")  # a CI runner's pseudo-terminal still gets the plain log
    assert terminal_progress(FakeTerminal()) is None


def _build(content: Path, out: Path, stderr: int) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm"}
    command = [sys.executable, "build.py", "build", "--no-cache", "--content", str(content)]
    return subprocess.run(
        [*command, "--out", str(out), "--date", "2022-08-27"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        check=True,
        timeout=300,
    )


def test_a_build_draws_its_progress_on_a_terminal_and_not_in_a_log(tmp_path: Path) -> None:
    content = REPO / "content"
    logged = _build(content, tmp_path / "logged", subprocess.PIPE)
    assert b"\r" not in logged.stderr and b"making pages" not in logged.stderr
    assert logged.stdout.count(b"\n") == 1  # the one summary line

    controller, terminal = pty.openpty()
    try:
        _build(content, tmp_path / "shown", terminal)
        os.close(terminal)
        drawn = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(controller)
    text = drawn.decode("utf-8")
    assert "读取记录 / reading records" in text
    assert "生成页面 / making pages" in text
    assert text.rstrip().endswith(f"\r{ERASE_TO_END}")  # the line is gone before the summary
