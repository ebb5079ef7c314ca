"""Measure incremental builds and the preview loop; record them in bench/RESULTS.md.

    python bench/incremental.py [--sizes 1000 10000] [--50k] [--repeat 3] [--no-write]

For each size, on a board from ``bench/gen.py`` (seed 1, valid at 2024-12-31), in a private
copy of the program (so that editing a template never touches the working tree):

- cold build without cache (``--no-cache``, one process, as issue 3 measures it);
- cold build with an empty cache (producers on both cores, cache written);
- no-op rebuild; one-record edit (a wish's status: open → withdrawn and back);
  one-template edit (an HTML comment added inside ``templates/wishes/page.html``'s main block);
- ``serve``: time from writing the wish file to the ``reload`` server-sent event.

Each command is its own process. Peak memory is the largest proportional set size (PSS)
of the process and its producer child together, sampled every 20 ms; for one process,
the kernel's own peak RSS when it is larger (a short peak between two samples). The
section between the ``incremental:`` markers of RESULTS.md is rewritten; everything else
in the file is kept.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import run as harness  # noqa: E402 - the issue-3 harness: boards, machine description

RESULTS = ROOT / "bench" / "RESULTS.md"
RAW = ROOT / "bench" / "incremental.json"  # every row, so a run at one size keeps the others
START, END = "<!-- incremental:start -->", "<!-- incremental:end -->"
DATE = harness.BUILD_DATE
TEMPLATE = "templates/wishes/page.html"
# 10k targets (issue 6): seconds, and MB for the cold build.
TARGETS = {
    "cold build (cache, 1 process)": 4.0,
    "cold build (cache, 2 processes)": 4.0,
    "no-op rebuild": 0.3,
    "one-record edit": 0.5,
    "save-to-reload": 0.7,
}


@dataclass
class Row:
    """Repeated measurements of one scenario at one size."""

    scenario: str
    size: int
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    note: str = ""
    measured: str = ""  # UTC time and load average of the run that made this row


def tree_pss_mb(pid: int) -> float:
    """Proportional memory (PSS) of a process and all its descendants, in MB.

    PSS splits pages shared after a fork between the processes sharing them, so the
    sum is what the tree really occupies (RSS would count shared pages twice).
    """
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total / 1024


class Sampler:
    """Sample a process tree's memory in a thread until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._loop)
        self.thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, tree_pss_mb(self.pid))

    def stop(self) -> float:
        self._stop.set()
        self.thread.join()
        return self.peak


def run_build(workspace: Path, args: list[str], jobs: str = "") -> tuple[float, float, float, str]:
    """Run ``build.py build`` in the workspace; return wall s, CPU s, peak MB, last line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "build.py", "build", *args, "--date", DATE],
        cwd=workspace,
        env={**os.environ, "NOTICEBOARD_JOBS": jobs},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    sampler = Sampler(process.pid)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    peak = max(sampler.stop(), usage.ru_maxrss / 1024 if not _forks(args) else 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise harness.RunFailed(f"build {' '.join(args)} failed: {output[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, peak, output.strip().splitlines()[-1]


def _forks(args: list[str]) -> bool:
    return "--no-cache" not in args  # only cached builds run producers in a second process


def make_workspace(scratch: Path, board: Path, size: int) -> Path:
    """A private copy of the program, compiled as an installed engine is, and of the board."""
    workspace = scratch / f"workspace-{size}"
    shutil.rmtree(workspace, ignore_errors=True)
    workspace.mkdir(parents=True)
    for name in ("noticeboard", "templates", "schemas"):
        shutil.copytree(ROOT / name, workspace / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "build.py", workspace / "build.py")
    # pip compiles a package when it installs it; without this, a machine that sets
    # PYTHONDONTWRITEBYTECODE (this one does) compiles ~130 modules again in every timed run (0.07 s).
    compileall.compile_dir(workspace / "noticeboard", quiet=1)
    shutil.copytree(board, workspace / "content")
    return workspace


def open_wish(content: Path) -> Path:
    """An open wish of the board (the one edited back and forth)."""
    for path in sorted((content / "wishes").rglob("*.yaml")):
        if "\nstatus: open\n" in path.read_text(encoding="utf-8"):
            return path
    raise harness.RunFailed("the board has no open wish")


def toggle(wish: Path) -> None:
    """Edit a wish's status: open → withdrawn, or back."""
    text = wish.read_text(encoding="utf-8")
    if "\nstatus: open\n" in text:
        text = text.replace("\nstatus: open\n", "\nstatus: withdrawn\n")
    else:
        text = text.replace("\nstatus: withdrawn\n", "\nstatus: open\n")
    wish.write_text(text, encoding="utf-8")


def measure_builds(workspace: Path, size: int, repeat: int) -> list[Row]:
    """Cold, no-op, one-record and one-template builds."""
    out, rows = ["--content", "content", "--out", "site"], []

    def fresh() -> None:
        shutil.rmtree(workspace / "site", ignore_errors=True)
        shutil.rmtree(workspace / ".noticeboard-cache", ignore_errors=True)

    def record(row: Row, result: tuple[float, float, float, str]) -> None:
        row.seconds.append(result[0])
        row.cpu.append(result[1])
        row.peak_mb.append(result[2])
        row.note = result[3]

    cold = Row("cold build (no cache, 1 core)", size)
    fresh()
    record(cold, run_build(workspace, [*out, "--no-cache"]))
    rows.append(cold)
    for jobs in ("1", "2"):
        cached = Row(f"cold build (cache, {jobs} process{'es' if jobs == '2' else ''})", size)
        fresh()
        record(cached, run_build(workspace, out, jobs))
        rows.append(cached)
    time.sleep(2.1)  # out of the "just edited" window of the content files (see update.RACY_NS)
    noop = Row("no-op rebuild", size)
    for _ in range(repeat):
        record(noop, run_build(workspace, out))
    edit = Row("one-record edit", size)
    wish = open_wish(workspace / "content")
    for _ in range(repeat):
        toggle(wish)
        record(edit, run_build(workspace, out))
    template = Row("one-template edit", size)
    for number in range(max(1, repeat - 1)):
        page = workspace / TEMPLATE  # a visible change inside the block every wish page shows
        text = page.read_text(encoding="utf-8")
        marked = text.replace("{% block main %}", f"{{% block main %}}<!-- edit {number} -->", 1)
        page.write_text(marked, encoding="utf-8")
        record(template, run_build(workspace, out))
    return [*rows, noop, edit, template]  # these three fork only when a core is idle


def measure_serve(workspace: Path, size: int, repeat: int) -> Row:
    """Time from writing a record file to the reload event, in ``serve``."""
    row = Row("save-to-reload", size)
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", "content", "--port", "0", "--date", DATE],
        cwd=workspace,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = Sampler(process.pid)
    try:
        line = ""
        while "serving" not in line:
            line = process.stderr.readline()  # type: ignore[union-attr]
            if not line:
                raise harness.RunFailed("serve ended before serving")
        host, port = line.split()[1].removeprefix("http://").rstrip("/").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=600)
        conn.request("GET", "/__noticeboard/events")
        events = conn.getresponse()
        wish = open_wish(workspace / "content") if _has_open(workspace) else _withdrawn(workspace)
        assert _next_event(events) == "hello"
        for _ in range(repeat):
            started = time.perf_counter()
            toggle(wish)
            event = _next_event(events)
            if event != "reload":
                raise harness.RunFailed(f"serve answered the edit with {event!r}")
            row.seconds.append(time.perf_counter() - started)
            time.sleep(0.5)
        conn.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
        row.peak_mb.append(sampler.stop())
    row.note = "write → `reload` event; includes the 0.15 s debounce"
    return row


def _has_open(workspace: Path) -> bool:
    try:
        open_wish(workspace / "content")
    except harness.RunFailed:
        return False
    return True


def _withdrawn(workspace: Path) -> Path:
    for path in sorted((workspace / "content" / "wishes").rglob("*.yaml")):
        if "\nstatus: withdrawn\n" in path.read_text(encoding="utf-8"):
            return path
    raise harness.RunFailed("no wish to edit")


def _next_event(response) -> str:
    event = ""
    while True:
        line = response.fp.readline().decode("utf-8")
        if not line:
            raise harness.RunFailed("the event stream ended")
        if line.startswith("event: "):
            event = line[7:].strip()
        elif line == "\n" and event:
            return event


def verdict(row: Row) -> str:
    target = TARGETS.get(row.scenario)
    if row.size != 10_000 or target is None:
        return ""
    best = min(row.seconds)
    words = "met / 达标" if best <= target else "MISSED / 未达标"
    return f"≤ {target} s: {words}"


def table(rows: list[Row]) -> str:
    lines = [
        "| records | scenario | best (s) | median (s) | CPU (s) | peak MB | 10k target | measured, load"
        " | last line / note |",
        "|--:|---|--:|--:|--:|--:|---|---|---|",
    ]
    for row in rows:
        cpu = f"{min(row.cpu):.2f}" if row.cpu else ""
        peak = f"{max(row.peak_mb):.0f}" if row.peak_mb else ""
        lines.append(
            f"| {row.size:,} | {row.scenario} | {min(row.seconds):.2f} | {statistics.median(row.seconds):.2f}"
            f" | {cpu} | {peak} | {verdict(row)} | {row.measured} | {row.note.replace('|', '/')} |"
        )
    return "\n".join(lines)


SCENARIOS = [
    "cold build (no cache, 1 core)",
    "cold build (cache, 1 process)",
    "cold build (cache, 2 processes)",
    "no-op rebuild",
    "one-record edit",
    "one-template edit",
    "save-to-reload",
]


def merge(rows: list[Row]) -> list[Row]:
    """Combine this run's rows with earlier ones (same size and scenario: the new row wins)."""
    try:
        earlier = [Row(**item) for item in json.loads(RAW.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        earlier = []
    merged = {(row.size, row.scenario): row for row in [*earlier, *rows]}
    ordered = sorted(merged.values(), key=lambda r: (r.size, SCENARIOS.index(r.scenario)))
    RAW.write_text(json.dumps([asdict(row) for row in ordered], ensure_ascii=False, indent=1) + "\n", "utf-8")
    return ordered


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{START}\n{text}\n{END}"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        current = before + block + rest.split(END, 1)[1]
    else:
        heading = "## 增量生成与预览 · Incremental builds and preview (issue 6)"
        current = current.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    RESULTS.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--50k", dest="fifty", action="store_true", help="also 50,000 records")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, do not update RESULTS.md")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "noticeboard-bench")
    args = parser.parse_args(argv)
    sizes = [*args.sizes, *([50_000] if args.fifty else [])]
    load_before = harness.load_average()
    rows: list[Row] = []
    for size in sizes:
        board = harness.board_for(size, args.scratch)
        workspace = make_workspace(args.scratch, board, size)
        print(f"{size}: builds …", file=sys.stderr, flush=True)
        rows += measure_builds(workspace, size, args.repeat)
        if not args.no_serve:
            print(f"{size}: serve …", file=sys.stderr, flush=True)
            rows.append(measure_serve(workspace, size, args.repeat))
        shutil.rmtree(workspace, ignore_errors=True)
        print(table(rows), file=sys.stderr, flush=True)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    for row in rows:
        row.measured = f"{now[11:16]}, {load_before}–{harness.load_average()}"
    if not args.no_write:
        rows = merge(rows)
    system = f"{platform.system()} {platform.release()}"
    text = "\n".join(
        [
            f"Latest run {now}: `python bench/incremental.py` (see its docstring for what each row does).",
            "",
            f"- Machine: {harness.cpu_model()}, {os.cpu_count()} cores, {system};"
            f" Python {platform.python_version()}",
            "- Shared with six other helpers' builds, tests and browsers: the load average (1 min,"
            " before–after each run) is in the table; wall times are inflated by it, CPU seconds less so",
            "",
            table(rows),
        ]
    )
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
