"""How fast this machine makes folders and small files, right now: the cost the cold build pays.

    python bench/fsprobe.py [FOLDER] [--count 9000] [--processes 1 2]

Makes ``count`` folders with one 600-byte ``index.html`` each (what the board writes for a page),
in one process and then split between two, and prints the seconds and the system time. Run it
beside bench/vs_hugo.py on the same file system: when it moves, both programs' cold builds move.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def make(folder: Path, start: int, count: int) -> None:
    for number in range(start, start + count):
        page = folder / f"{number:06d}"
        page.mkdir()
        (page / "index.html").write_bytes(b"x" * 600)


def probe(folder: Path, count: int, processes: int) -> tuple[float, float]:
    """Seconds and children's system seconds to make ``count`` pages in ``processes`` processes."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    before = os.times()
    started = time.perf_counter()
    share = count // processes
    children = []
    for index in range(processes):
        pid = os.fork()
        if pid == 0:
            try:
                make(folder, index * share, share)
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    seconds = time.perf_counter() - started
    system = os.times().children_system - before.children_system
    shutil.rmtree(folder, ignore_errors=True)
    return seconds, system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    scratch = Path(tempfile.gettempdir()) / "noticeboard-fsprobe"
    parser.add_argument("folder", nargs="?", type=Path, default=scratch)
    parser.add_argument("--count", type=int, default=9000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    for processes in args.processes:
        seconds, system = probe(args.folder, args.count, processes)
        made = f"{args.count} folders with a page, {processes} process(es)"
        print(f"{made}: {seconds:.2f} s (system {system:.2f} s)")


if __name__ == "__main__":
    main()
