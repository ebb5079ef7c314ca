"""Measure ``check`` and a cold full ``build`` on synthetic boards; record them in RESULTS.md.

    python bench/run.py [--sizes 1000 10000] [--50k] [--repeat 3] [--only COMMAND] [--no-write]

COMMAND is ``check``, ``build`` or ``"build --no-cache"``. Each run is a separate
``python build.py`` process; its wall time is measured around it and its peak memory
(maximum resident set size) is read from ``os.wait4`` for that one child. A cold build
writes into a folder that does not exist yet, with an empty private cache folder (the
incremental-build cache of the working folder is never used); it is measured as a
volunteer runs it (``build``: producers on both cores) and as the plain one-core
pipeline (``build --no-cache``). Boards come from ``bench/gen.py`` (seed 1, valid at
2024-12-31) and are cached in the system temp folder.

The measured section of bench/RESULTS.md (between the ``bench:`` markers) is rewritten
from bench/results.json, where this run's rows replace the same rows of earlier runs; the
notes around the section are kept.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
RAW = ROOT / "bench" / "results.json"  # every row of the table, so a partial run updates its rows only
BUILD_DATE = "2024-12-31"
SEED = 1
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
# Targets on a 2-core machine at 10k records (issue 3): seconds and megabytes.
TARGETS = {"check": (2.0, 400), "build": (6.0, 400), "build --no-cache": (6.0, 400)}
# "build" is what a volunteer runs the first time: an empty cache folder, so nothing is reused,
# but producers run on both cores; "build --no-cache" is the plain one-core pipeline.
COMMANDS = ("check", "build", "build --no-cache")


@dataclass
class Measure:
    """Repeated runs of one command at one size."""

    command: str
    size: int
    seconds: list[float]
    peak_mb: list[float]
    cpu: list[float] = dataclasses.field(default_factory=list)  # user + system CPU seconds
    detail: str = ""
    measured: str = ""  # UTC time of the runs
    load: str = ""  # 1-minute load average before / after the runs

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu) if self.cpu else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mb)


class RunFailed(Exception):
    """A measured command did not succeed; its row is left out."""


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """Run one process; return its wall seconds, CPU seconds, own peak RSS in MB, and output."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RunFailed(f"{' '.join(args[1:])} failed ({process.returncode}): {output}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, output.strip()  # ru_maxrss is in KB on Linux


def board_for(size: int, cache: Path) -> Path:
    """Generate (once) the synthetic board of ``size`` records."""
    generator = hashlib.sha256((ROOT / "bench" / "gen.py").read_bytes()).hexdigest()[:10]
    content = cache / f"board-{size}-seed{SEED}-{generator}"  # a changed generator makes new boards
    if not (content / "site.yaml").is_file():
        subprocess.run(
            [
                sys.executable,
                "bench/gen.py",
                str(size),
                str(content),
                "--seed",
                str(SEED),
                "--date",
                BUILD_DATE,
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return content


def measure(command: str, size: int, content: Path, repeat: int, scratch: Path) -> Measure:
    """Run ``check`` or a cold ``build`` (with or without ``--no-cache``) ``repeat`` times."""
    result = Measure(command, size, [], [])
    # Never touch (or profit from) the incremental-build cache in the working folder.
    env = {**os.environ, "NOTICEBOARD_CACHE": str(scratch / "cache")}
    for _ in range(repeat):
        verb, *flags = command.split()
        args = [sys.executable, "build.py", verb, *flags, "--content", str(content), "--date", BUILD_DATE]
        if verb == "build":
            out = scratch / f"site-{size}"
            shutil.rmtree(out, ignore_errors=True)  # cold: a new output folder and an empty cache
            shutil.rmtree(scratch / "cache", ignore_errors=True)
            args += ["--out", str(out)]
        seconds, cpu, peak, output = run_child(args, env)
        result.seconds.append(seconds)
        result.cpu.append(cpu)
        result.peak_mb.append(peak)
        result.detail = output.splitlines()[-1] if output else ""
    return result


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    """The 1-minute load average, to tell a busy machine from an idle one."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def verdict(m: Measure) -> str:
    """Whether a 10k-record measure meets its target."""
    if m.size != 10_000:
        return ""
    seconds, megabytes = TARGETS[m.command]
    ok = m.best <= seconds and m.peak <= megabytes
    return f"≤ {seconds:g} s, ≤ {megabytes} MB: {'met / 达标' if ok else 'MISSED / 未达标'}"


def report(measures: list[Measure]) -> str:
    """The measured section of RESULTS.md."""
    lines = [
        START,
        "Written by `python bench/run.py`. Each row: best and median wall time of its runs, the least",
        "CPU time (user + system; on a busy machine closer to what an idle one would take), peak =",
        "maximum RSS of the process; the load average tells how busy the shared machine was.",
        "",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}",
        f"- Boards: `python bench/gen.py N DIR --seed {SEED} --date {BUILD_DATE}`",
        "",
        "| records | command | best (s) | median (s) | CPU (s) | CPU s per 1k records | peak memory (MB) "
        "| target at 10k | measured (UTC) | load before / after |",
        "|--------:|---------|---------:|-----------:|-----:|-----:|-----:|---|---|---|",
    ]
    for m in measures:
        lines.append(
            f"| {m.size:,} | `{m.command}` | {m.best:.2f} | {m.median:.2f} | {m.best_cpu:.2f} "
            f"| {m.best_cpu / m.size * 1000:.2f} "
            f"| {m.peak:.0f} | {verdict(m)} | {m.measured} | {m.load} |"
        )
    details = [f"- {m.size:,} `{m.command}`: {m.detail}" for m in measures if m.detail]
    lines += ["", "Last line printed by each command:", "", *details, END]
    return "\n".join(lines)


def merge(previous: list[Measure], new: list[Measure]) -> list[Measure]:
    """Keep earlier rows that this run did not measure again; order by size, then command."""
    fresh = {(m.command, m.size) for m in new}
    kept = [m for m in previous if (m.command, m.size) not in fresh]
    return sorted(kept + new, key=lambda m: (m.size, COMMANDS.index(m.command)))


def read_raw() -> list[Measure]:
    """The rows recorded by earlier runs (bench/results.json)."""
    if not RAW.is_file():
        return []
    return [Measure(**row) for row in json.loads(RAW.read_text(encoding="utf-8"))]


def write_results(section: str) -> None:
    """Replace the measured section of RESULTS.md, keeping the notes around it."""
    text = (
        RESULTS.read_text(encoding="utf-8")
        if RESULTS.is_file()
        else f"# Benchmark results\n\n{START}\n{END}\n"
    )
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and record them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--50k", dest="fifty", action="store_true", help="also measure 50,000 records")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=COMMANDS, help="measure one command only")
    parser.add_argument("--no-write", action="store_true", help="print the results, leave RESULTS.md alone")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "noticeboard-bench")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([50_000] if args.fifty else [])))
    commands = [args.only] if args.only else list(COMMANDS)
    args.cache.mkdir(parents=True, exist_ok=True)
    measures, failures = [], 0
    with tempfile.TemporaryDirectory(prefix="bench-out-") as scratch:
        for size in sizes:
            content = board_for(size, args.cache)
            for command in commands:
                before = load_average()
                try:
                    m = measure(command, size, content, args.repeat, Path(scratch))
                except RunFailed as error:
                    print(error, file=sys.stderr)
                    failures += 1
                    continue
                m.measured = f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M}"
                m.load = f"{before} / {load_average()}"
                print(f"{size:>6} {command:<5} best {m.best:.2f} s, median {m.median:.2f} s, {m.peak:.0f} MB")
                measures.append(m)
    if args.no_write:
        print(report(measures))
        return 1 if failures else 0
    rows = merge(read_raw(), measures)
    RAW.write_text(json.dumps([dataclasses.asdict(m) for m in rows], indent=1) + "\n", encoding="utf-8")
    write_results(report(rows))
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
