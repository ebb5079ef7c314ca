"""Measure the board against Hugo on the same records, in one run; record the ratios.

    python bench/vs_hugo.py [--sizes 1000 10000] [--50k] [--pairs 3] [--no-serve] [--no-write]

Hugo is the yardstick of issue 20 (../shared/hugo-twin/README.md): the same generated board
(``bench/gen.py``, seed 1, valid at 2024-12-31) converted by ``to_hugo.py`` into a Hugo site with
the same pages. Absolute seconds on these shared machines move twofold between runs; a ratio
taken pair by pair does not. So every scenario runs as pairs — the board, then Hugo, as whole
processes one after the other — and the table gives the median of the per-pair ratios.

``--rewrite`` measures nothing and writes the section of bench/RESULTS.md again from
bench/vs_hugo.json (after a change to how rows are shown).

Scenarios (the board's side; Hugo always does a full build, it has no incremental CLI build):

- cold build: empty cache folder, no output folder (Hugo: no ``public/``, empty cache dir);
- one-record edit: one project's Markdown description changed, then a cached build (Hugo:
  the same text changed in the twin, then a build);
- one-record field edit: the same project's title changed instead (no target of its own): a
  change beyond a record's text shows on lists, filters and other records' pages, so every
  producer runs (noticeboard/incremental/keeping.py keeps outputs only for text edits);
- no-op rebuild: a cached build with nothing changed;
- check: ``build.py check`` with an empty cache;
- save-to-reload: in ``serve``, from writing the edited project to the ``reload`` event.

Where the files are matters as much as the code on these machines: creating a folder or a small
file on this machine's ext4 disk took 0.1–1 ms from one minute to the next (9,000 folders with a
page each: 0.9–12 s), and the board makes ~36,000 files and folders at 10k records against
Hugo's ~20,000. ``--scratch`` puts the boards, both outputs and both caches elsewhere; on a
tmpfs (``--scratch /dev/shm/noticeboard-bench``) the pairs compare the programs' own work.
Each row names the file system it was measured on; the section keeps rows of both.

Peak memory is the largest proportional set size (PSS) of the process and all its children
together, sampled every 20 ms (bench/incremental.py's sampler), for the board and for Hugo.
CPU is each side's user and system seconds (its own and its children's, from ``wait4``), the
median over pairs: user is the program's own work, system mostly the kernel making folders and
files, which is what moves from one minute to the next on a disk. A side whose system CPU
exceeds its user CPU is marked disk-bound in the target column: its seconds measure the disk
of that minute more than the program, and so does a ratio with it.
The section between the ``vs-hugo:`` markers of bench/RESULTS.md is rewritten from
bench/vs_hugo.json (this run's rows replace the same rows of earlier runs).
"""

from __future__ import annotations

import argparse
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
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import incremental  # noqa: E402 - the sampler and the private workspace
import run as harness  # noqa: E402 - boards, machine description

TWIN = ROOT.parent / "shared" / "hugo-twin"
RESULTS = ROOT / "bench" / "RESULTS.md"
RAW = ROOT / "bench" / "vs_hugo.json"
START, END = "<!-- vs-hugo:start -->", "<!-- vs-hugo:end -->"
DATE = harness.BUILD_DATE
# Issue 20's targets: the board's time as a multiple of Hugo's (None: measured, no target).
TARGETS: dict[str, float | None] = {
    "cold build": 1.5,
    "one-record edit": 0.2,
    "one-record field edit": None,
    "no-op rebuild": 0.1,
    "check": 0.5,
    "save-to-reload": 0.2,
}
MEMORY_TARGETS = {10_000: 300, 50_000: 500}  # MB, the board's cold build, all processes (PSS)
SETTLE_SECONDS = 10.0  # after removing the previous outputs, before the cold builds
EDIT_MARK = "（补充说明）"
TITLE_MARK = "（新）"


@dataclass
class Pairs:
    """One scenario at one size: the board's and Hugo's seconds, pair by pair."""

    scenario: str
    size: int
    board: list[float] = field(default_factory=list)
    hugo: list[float] = field(default_factory=list)
    board_mb: list[float] = field(default_factory=list)
    hugo_mb: list[float] = field(default_factory=list)
    # (user, system) CPU seconds of each run; none where a scenario is not a whole process
    board_cpu: list[tuple[float, float]] = field(default_factory=list)
    hugo_cpu: list[tuple[float, float]] = field(default_factory=list)
    measured: str = ""
    note: str = ""
    storage: str = ""  # the file system the files were on: "ext4", "tmpfs"

    @property
    def ratio(self) -> float:
        return statistics.median(b / h for b, h in zip(self.board, self.hugo, strict=True))


class Run(NamedTuple):
    """One whole process, run to its end."""

    seconds: float  # wall
    peak_mb: float  # the largest PSS of its tree
    output: str
    cpu: tuple[float, float]  # user and system seconds of it and every child it waited for


def timed(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one process to its end: its wall seconds, peak PSS of its tree (MB), output and CPU.

    The CPU comes from ``wait4``: the process's own and that of every child it waited for (the
    board's forked producers and judges; Hugo's threads are its own). System time is the
    kernel's work for it, on these machines mostly making folders and files."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sampler = incremental.Sampler(process.pid)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    peak = max(sampler.stop(), usage.ru_maxrss / 1024)  # a peak shorter than one sample
    if os.waitstatus_to_exitcode(status) != 0:
        raise harness.RunFailed(f"{' '.join(args)} failed: {output[-2000:]}")
    return Run(seconds, peak, output.strip(), (usage.ru_utime, usage.ru_stime))


class Twin:
    """The Hugo site of a board, and how to build it."""

    def __init__(self, content: Path, folder: Path) -> None:
        self.folder = folder
        if not (folder / "config.toml").is_file():
            subprocess.run(
                [sys.executable, str(TWIN / "to_hugo.py"), str(content), str(folder)],
                check=True,
                stdout=subprocess.DEVNULL,
            )

    @property
    def cache(self) -> Path:
        return self.folder.parent / f"{self.folder.name}-hugo-cache"

    def clear(self) -> None:
        """No public/ folder and an empty cache: what a cold build starts from."""
        shutil.rmtree(self.folder / "public", ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)

    def build(self) -> Run:
        cache = self.cache
        args = ["hugo", "--quiet", "--source", str(self.folder), "--destination", str(self.folder / "public")]
        return timed([*args, "--cacheDir", str(cache)], self.folder)


class Board:
    """The board's private workspace (program and content) and its commands."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace

    def clear(self) -> None:
        """No output folder and an empty cache: what a cold build starts from."""
        shutil.rmtree(self.workspace / "site", ignore_errors=True)
        shutil.rmtree(self.workspace / ".noticeboard-cache", ignore_errors=True)

    def run(self, verb: str) -> Run:
        args = [sys.executable, "build.py", verb, "--content", "content", "--date", DATE]
        if verb == "build":
            args += ["--out", "site"]
        run = timed(args, self.workspace, {**os.environ, "NOTICEBOARD_CACHE": ""})
        return run._replace(output=run.output.splitlines()[-1] if run.output else "")


def edited_project(content: Path) -> str:
    """The id of the project whose description is edited (the first with a one-line description)."""
    for path in sorted((content / "projects").glob("*.yaml")):
        if re.search(r'^description: ".*"$', path.read_text(encoding="utf-8"), re.MULTILINE):
            return path.stem
    raise harness.RunFailed("no project with a one-line description")


def toggle(
    board_file: Path, twin_file: Path, mark: str, marked: Callable[[str], str], twin: Callable[[str], str]
) -> None:
    """Take ``mark`` out of both files when they hold it, else put it in (``marked`` and
    ``twin`` say where, in the board's file and in the twin's)."""
    text, twin_text = board_file.read_text(encoding="utf-8"), twin_file.read_text(encoding="utf-8")
    if mark in text:
        text, twin_text = text.replace(mark, ""), twin_text.replace(mark, "")
    else:
        text, twin_text = marked(text), twin(twin_text)
    board_file.write_text(text, encoding="utf-8")
    twin_file.write_text(twin_text, encoding="utf-8")


def toggle_edit(board_file: Path, twin_file: Path) -> None:
    """Add the mark to (or remove it from) the project's description, in both trees alike."""
    toggle(
        board_file,
        twin_file,
        EDIT_MARK,
        lambda text: re.sub(r'^(description: ".*)"$', rf'\1{EDIT_MARK}"', text, flags=re.M),
        lambda twin: twin.rstrip("\n") + EDIT_MARK + "\n",  # the description is the page's body
    )


def toggle_title(board_file: Path, twin_file: Path) -> None:
    """Add the mark to (or remove it from) the project's title, in both trees alike (the twin
    writes the title twice: Hugo's own and the record's)."""
    toggle(
        board_file,
        twin_file,
        TITLE_MARK,
        lambda text: re.sub(r'^(title: ".*)"$', rf'\1{TITLE_MARK}"', text, count=1, flags=re.M),
        lambda twin: re.sub(r"^(\s*title: .*)$", rf"\1{TITLE_MARK}", twin, count=2, flags=re.M),
    )


def measure_size(size: int, pairs: int, scratch: Path, serve: bool) -> list[Pairs]:
    content = harness.board_for(size, scratch)
    twin = Twin(content, scratch / f"hugo-{content.name}")
    board = Board(incremental.make_workspace(scratch, content, size))
    project = edited_project(board.workspace / "content")
    board_file = board.workspace / "content" / "projects" / f"{project}.yaml"
    twin_file = twin.folder / "content" / "projects" / f"{project}.md"
    # The twin outlives a run (it is made once per board) and an odd number of pairs leaves it
    # edited: start it as unedited as the board's fresh copy.
    unedited = twin_file.read_text(encoding="utf-8").replace(EDIT_MARK, "").replace(TITLE_MARK, "")
    twin_file.write_text(unedited, encoding="utf-8")
    rows = {name: Pairs(name, size) for name in TARGETS if serve or name != "save-to-reload"}

    def pair(name: str, board_side: Run, hugo_side: Run) -> None:
        row = rows[name]
        row.board.append(board_side.seconds)
        row.board_mb.append(board_side.peak_mb)
        row.board_cpu.append(board_side.cpu)
        row.note = board_side.output
        row.hugo.append(hugo_side.seconds)
        row.hugo_mb.append(hugo_side.peak_mb)
        row.hugo_cpu.append(hugo_side.cpu)

    for number in range(pairs):
        print(f"{size}: pair {number + 1} of {pairs} …", file=sys.stderr, flush=True)
        # Both outputs are removed first, then the machine is let settle: deleting ~20,000 files
        # keeps an ext4 disk busy for a while (this one is mounted with online discard), and a
        # first build after a clone has nothing to delete. The pause also lets the workspace,
        # just copied or edited, age past the cache's "just written" window, as a volunteer's
        # files have; otherwise the no-op after the cold build reads them again.
        board.clear()
        twin.clear()
        time.sleep(SETTLE_SECONDS)
        pair("cold build", board.run("build"), twin.build())
        time.sleep(2.1)  # out of the cache's "just written" window for content files
        pair("no-op rebuild", board.run("build"), twin.build())
        toggle_edit(board_file, twin_file)
        pair("one-record edit", board.run("build"), twin.build())
        toggle_title(board_file, twin_file)
        pair("one-record field edit", board.run("build"), twin.build())
        shutil.rmtree(board.workspace / ".noticeboard-cache", ignore_errors=True)
        pair("check", board.run("check"), twin.build())
    if serve:
        for seconds in save_to_reload(board.workspace, board_file, twin_file, pairs):
            rows["save-to-reload"].board.append(seconds)
            rows["save-to-reload"].hugo.append(twin.build().seconds)
        rows["save-to-reload"].note = "write → `reload` event (includes the 0.15 s debounce)"
    shutil.rmtree(board.workspace, ignore_errors=True)
    where = file_system(scratch)
    for row in rows.values():
        row.storage = where
    return list(rows.values())


def file_system(folder: Path) -> str:
    """The type of the file system ``folder`` is on ("ext4", "tmpfs"), from /proc/mounts."""
    target = str(folder.resolve())
    best, kind = "", "unknown"
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return kind
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def save_to_reload(workspace: Path, board_file: Path, twin_file: Path, repeat: int) -> list[float]:
    """Seconds from saving the project to serve's ``reload`` event, ``repeat`` times."""
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", "content", "--port", "0", "--date", DATE],
        cwd=workspace,
        stderr=subprocess.PIPE,
        text=True,
    )
    times = []
    try:
        line = ""
        while "serving" not in line:
            line = process.stderr.readline() if process.stderr else ""
            if not line:
                raise harness.RunFailed("serve ended before serving")
        host, port = line.split()[1].removeprefix("http://").rstrip("/").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=600)
        conn.request("GET", "/__noticeboard/events")
        events = conn.getresponse()
        assert incremental._next_event(events) == "hello"
        for _ in range(repeat):
            started = time.perf_counter()
            toggle_edit(board_file, twin_file)
            if incremental._next_event(events) != "reload":
                raise harness.RunFailed("serve did not reload after the edit")
            times.append(time.perf_counter() - started)
            time.sleep(0.5)
        conn.close()
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: serve saves its cache and ends
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:  # SIGINT ignored (a benchmark started with & inherits that)
            process.kill()
            process.wait()
    return times


def cpu(runs: list[tuple[float, float]]) -> str:
    """The median user and system CPU seconds of ``runs``: "8.5 + 6.1"; empty when not measured."""
    if not runs:
        return ""
    return f"{statistics.median(u for u, _ in runs):.1f} + {statistics.median(s for _, s in runs):.1f}"


def disk_bound(runs: list[tuple[float, float]]) -> bool:
    """Whether a side spent more CPU in the kernel than in its own code (medians): its seconds
    then measure the disk of that minute more than the program."""
    if not runs:
        return False
    return statistics.median(s for _, s in runs) > statistics.median(u for u, _ in runs)


def verdict(row: Pairs) -> str:
    target = TARGETS.get(row.scenario)
    if target is None:
        return ""
    met = row.ratio <= target
    words = f"≤ {target}×: {'met / 达标' if met else 'MISSED / 未达标'}"
    limit = MEMORY_TARGETS.get(row.size)
    if row.scenario == "cold build" and limit:
        words += f"; ≤ {limit} MB: {'met' if max(row.board_mb) <= limit else 'MISSED'}"
    slow = [side for side, runs in (("board", row.board_cpu), ("Hugo", row.hugo_cpu)) if disk_bound(runs)]
    if slow:
        words += f"; disk-bound ({' and '.join(slow)}: system CPU > user CPU)"
    return words


def table(rows: list[Pairs]) -> str:
    lines = [
        "| records | files on | scenario | board median (s) | Hugo median (s) | ratio (median of pairs) "
        "| pairs | board peak MB | Hugo peak MB | board CPU s (user + system) | Hugo CPU s (user + system) "
        "| target | measured, load |",
        "|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for row in rows:
        board_mb = f"{max(row.board_mb):.0f}" if row.board_mb else ""
        hugo_mb = f"{max(row.hugo_mb):.0f}" if row.hugo_mb else ""
        lines.append(
            f"| {row.size:,} | {row.storage or 'disk'} | {row.scenario} | {statistics.median(row.board):.2f} "
            f"| {statistics.median(row.hugo):.2f} | **{row.ratio:.2f}×** | {len(row.board)} "
            f"| {board_mb} | {hugo_mb} | {cpu(row.board_cpu)} | {cpu(row.hugo_cpu)} | {verdict(row)} "
            f"| {row.measured} |"
        )
    return "\n".join(lines)


def growth(rows: list[Pairs]) -> list[str]:
    """Board seconds per 1k records at each size, per scenario: linear growth keeps them equal."""
    lines = []
    for storage in sorted({r.storage for r in rows}):
        for scenario in TARGETS:
            here = [r for r in rows if (r.scenario, r.storage) == (scenario, storage)]
            sizes = sorted((r.size, statistics.median(r.board)) for r in here)
            if len(sizes) > 1:
                per_k = ", ".join(f"{size:,}: {seconds / size * 1000:.3f} s" for size, seconds in sizes)
                lines.append(f"- {scenario} ({storage}), board seconds per 1,000 records — {per_k}")
    return lines


def merge(rows: list[Pairs]) -> list[Pairs]:
    try:
        earlier = [Pairs(**item) for item in json.loads(RAW.read_text(encoding="utf-8"))]
        for row in earlier:
            row.storage = row.storage or "ext4"  # rows from before the column were all taken on /tmp
    except (OSError, ValueError, TypeError):
        earlier = []
    merged = {(row.size, row.storage, row.scenario): row for row in [*earlier, *rows]}
    order = list(TARGETS)
    ordered = sorted(merged.values(), key=lambda r: (r.size, r.storage, order.index(r.scenario)))
    RAW.write_text(json.dumps([asdict(r) for r in ordered], ensure_ascii=False, indent=1) + "\n", "utf-8")
    return ordered


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        current = before + block + rest.split(END, 1)[1]
    else:
        heading = "## 与 Hugo 对比 · Against Hugo on the same records (issue 20)"
        current = current.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    RESULTS.write_text(current, encoding="utf-8")


def hugo_version() -> str:
    return subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True).stdout.split()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--50k", dest="fifty", action="store_true", help="also 50,000 records (one pair)")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true", help="leave out save-to-reload")
    parser.add_argument("--no-write", action="store_true", help="print, do not update RESULTS.md")
    parser.add_argument(
        "--rewrite", action="store_true", help="measure nothing: rewrite RESULTS.md from vs_hugo.json"
    )
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "noticeboard-bench")
    args = parser.parse_args(argv)
    if shutil.which("hugo") is None:
        print("hugo is not installed (apt-get install -y hugo)", file=sys.stderr)
        return 2
    rows: list[Pairs] = []
    plan = [(size, args.pairs) for size in args.sizes] + ([(50_000, 1)] if args.fifty else [])
    if args.rewrite:
        plan = []
    for size, pairs in plan:
        load_before = harness.load_average()
        measured = measure_size(size, pairs, args.scratch, serve=not args.no_serve)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        for row in measured:
            row.measured = f"{stamp}, {load_before}–{harness.load_average()}"
        rows += measured
        print(table(rows), file=sys.stderr, flush=True)
    if not args.no_write:
        rows = merge(rows)
    text = "\n".join(
        [
            "Written by `python bench/vs_hugo.py` (its docstring says what each scenario does). Each",
            "ratio is the median over pairs (board, then Hugo, as whole processes) of board ÷ Hugo.",
            "",
            f"- Machine: {harness.cpu_model()}, {os.cpu_count()} cores, {platform.system()}"
            f" {platform.release()}; Python {platform.python_version()}; Hugo {hugo_version()}",
            f"- Boards: `python bench/gen.py N DIR --seed {harness.SEED} --date {DATE}`; Hugo sites from"
            " `../shared/hugo-twin/to_hugo.py`",
            "",
            table(rows),
            "",
            *growth(rows),
        ]
    )
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
