"""Measure the street board: N communities of 1,000 records each, read from folders and over HTTP.

    python bench/street.py [--sizes 10 25 50 100] [--records 1000] [--repeat 3] [--no-write]

Each community is its own board: ``bench/gen.py`` with its own seed and name, built by the engine
(``python build.py build``) once into a scratch folder outside the repository
(``$TMPDIR/noticeboard-street-bench/``, reused by later runs while the export schemas stay the
same), of which only the files a street reads are kept. Each measured run is a separate
``python build.py street`` process: wall time around it, its peak memory (maximum RSS) from
``os.wait4``. For HTTP the boards are served by Python's threading ``http.server`` on 127.0.0.1
in a process of its own (:data:`HOST`), so the host's work is not counted.
A *cold* run starts with an empty cache (every last good copy is written), a *warm* one with the
copies of the run before (unchanged copies are not written again).

The street section of bench/RESULTS.md (between the ``street:`` markers) is rewritten from
bench/street-results.json; the notes around it are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
RAW = ROOT / "bench" / "street-results.json"
START, END = "<!-- street:start -->", "<!-- street:end -->"
BUILD_DATE = "2024-12-31"
STREET = "基准街道"
KEPT = ("data/index.json", "data/stats.json", "data/wishes.json", "data/councils.json", "feed.xml")
TARGET = (30.0, 300)  # 100 communities: seconds, MiB (issue 19)

_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
assert _spec is not None and _spec.loader is not None
bench_run = importlib.util.module_from_spec(_spec)
sys.modules["bench_run"] = bench_run  # its dataclasses look their module up
_spec.loader.exec_module(bench_run)


def boards(count: int, records: int, scratch: Path) -> Path:
    """Make (once) ``count`` built boards of ``records`` records: ``<scratch>/boards/c000/`` ..."""
    schemas = sorted((ROOT / "schemas" / "export").iterdir())
    exports = hashlib.sha256(b"".join(path.read_bytes() for path in schemas)).hexdigest()[:10]
    folder = scratch / f"boards-{records}-{exports}"  # new boards when the open-data format changes
    env = {**os.environ, "NOTICEBOARD_CACHE": str(scratch / "board-cache")}
    for number in range(count):
        board = folder / f"c{number:03d}"
        if (board / "data" / "index.json").is_file():
            continue
        work = scratch / "work"
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run(
            [
                sys.executable, "bench/gen.py", str(records), str(work / "content"),
                "--seed", str(number + 1), "--date", BUILD_DATE, "--community", f"第{number + 1}社区",
                "--street", STREET, "--base-url", f"https://c{number:03d}.example.org/",
            ],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        subprocess.run(
            [
                sys.executable, "build.py", "build", "--no-cache", "--content", str(work / "content"),
                "--out", str(work / "site"), "--date", BUILD_DATE,
            ],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        for name in KEPT:
            (board / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "site" / name, board / name)
        print(f"built board {number + 1}/{count}", file=sys.stderr)
    return folder


def street_file(scratch: Path, count: int, sources: list[str], kind: str) -> Path:
    lines = [f"name: {STREET}", "base_url: https://street.example.org/", "communities:"]
    for number, source in enumerate(sources[:count]):
        lines += [f"  - id: c{number:03d}", f"    name: 第{number + 1}社区", f"    source: {source}"]
    path = scratch / f"street-{kind}-{count}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The loopback host: http.server's threading server with a listen queue of 64, not 5. With 5, eight
# readers connecting at once overflow it now and then, and a refused SYN is retried after a second.
HOST = """
import functools, sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class Server(ThreadingHTTPServer):
    request_queue_size = 64
class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
Server(("127.0.0.1", int(sys.argv[1])), functools.partial(Quiet, directory=sys.argv[2])).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def measure(path: Path, scratch: Path, warm: bool, repeat: int) -> dict[str, object]:
    """Run ``build.py street`` ``repeat`` times, cold (empty cache) or warm (copies kept)."""
    seconds, cpu, peak = [], [], []
    cache = scratch / f"cache-{path.stem}"
    env = {**os.environ, "NOTICEBOARD_CACHE": str(cache)}
    load_before = bench_run.load_average()
    output = ""
    if warm:  # the copies of a first run
        shutil.rmtree(cache, ignore_errors=True)
        bench_run.run_child(_args(path, scratch), env)
    for _ in range(repeat):
        if not warm:
            shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(scratch / "out", ignore_errors=True)
        wall, used, rss, output = bench_run.run_child(_args(path, scratch), env)
        seconds.append(wall)
        cpu.append(used)
        peak.append(rss)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak,
        "detail": output.splitlines()[-1] if output else "",
        "measured": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "load": f"{load_before} / {bench_run.load_average()}",
    }


def _args(path: Path, scratch: Path) -> list[str]:
    out = str(scratch / "out")
    return [sys.executable, "build.py", "street", str(path), "--out", out, "--date", BUILD_DATE]


def report(rows: list[dict[str, object]], records: int) -> str:
    lines = [
        START,
        "Written by `python bench/street.py`. Each row: best and median wall time of its runs, the least",
        "CPU time (user + system), peak = maximum RSS of the `build.py street` process (MiB); the load",
        "average (1 minute, before / after) tells how busy the shared machine was.",
        "",
        f"- Machine: {bench_run.cpu_model()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}",
        f"- Boards: `bench/gen.py {records} DIR --seed K --community 第K社区 --street {STREET}`, K = 1 … N,",
        f"  each built by `build.py build` at {BUILD_DATE}; the street reads index.json, stats.json,",
        "  wishes.json, councils.json and feed.xml of each (≈ 0.5 MB a board).",
        "",
        "| communities | source | cache | best (s) | median (s) | CPU (s) | s per community | peak (MiB) "
        "| target (100: ≤ 30 s, ≤ 300 MiB) | measured (UTC) | load before / after |",
        "|--:|---|---|--:|--:|--:|--:|--:|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (r["source"], r["cache"], r["communities"])):
        seconds, cpu, peak = row["seconds"], row["cpu"], row["peak_mb"]
        count = int(row["communities"])
        best, worst_peak = min(seconds), max(peak)
        verdict = ""
        if count == 100:
            met = best <= TARGET[0] and worst_peak <= TARGET[1]
            verdict = "met / 达标" if met else "MISSED / 未达标"
        lines.append(
            f"| {count} | {row['source']} | {row['cache']} | {best:.2f} | {statistics.median(seconds):.2f} "
            f"| {min(cpu):.2f} | {best / count:.3f} | {worst_peak:.0f} | {verdict} | {row['measured']} "
            f"| {row['load']} |"
        )
    lines += ["", "Last line printed by each 100-community run:", ""]
    lines += [f"- {r['source']}, {r['cache']}: {r['detail']}" for r in rows if r["communities"] == 100]
    lines.append(END)
    return "\n".join(lines)


def write_results(rows: list[dict[str, object]], records: int) -> None:
    previous = json.loads(RAW.read_text(encoding="utf-8")) if RAW.is_file() else []
    fresh = {(r["communities"], r["source"], r["cache"]) for r in rows}
    merged = [r for r in previous if (r["communities"], r["source"], r["cache"]) not in fresh] + rows
    RAW.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = RESULTS.read_text(encoding="utf-8")
    section = report(merged, records)
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n## 街道汇总 · The street board\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50, 100])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sources", nargs="+", default=["folder", "http"], choices=["folder", "http"])
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.gettempdir()) / "noticeboard-street-bench"
    folder = boards(max(args.sizes), args.records, scratch)
    names = sorted(p.name for p in folder.iterdir())
    rows = []
    port = free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    host = subprocess.Popen([sys.executable, "-c", HOST, str(port), str(folder)], **quiet)
    try:
        time.sleep(1.0)  # let the host start listening
        for kind in args.sources:
            if kind == "folder":
                sources = [str(folder / name) for name in names]
            else:
                sources = [f"http://127.0.0.1:{port}/{name}/" for name in names]
            for count in args.sizes:
                path = street_file(scratch, count, sources, kind)
                for warm in (False, True):
                    row = measure(path, scratch, warm, args.repeat)
                    row.update(communities=count, source=kind, cache="warm" if warm else "cold")
                    rows.append(row)
                    print(
                        f"{count:4d} {kind:6s} {row['cache']}: best {min(row['seconds']):.2f} s, "
                        f"peak {max(row['peak_mb']):.0f} MiB, load {row['load']}",
                        file=sys.stderr,
                    )
    finally:
        host.terminate()
        host.wait()
    if not args.no_write:
        write_results(rows, args.records)
    print(report(rows, args.records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
