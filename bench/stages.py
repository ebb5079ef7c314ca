"""Where one build's time goes: stage by stage, and producer by producer.

    python bench/stages.py [--size 10000] [--scratch DIR] [--one-core]

On a copy of the generated board that ``bench/vs_hugo.py`` uses (``bench/gen.py``, seed 1), in
this process: a cold build through the build cache; then the edit ``vs_hugo.py`` times (one
project's description), built as a one-off ``build`` does (the cache read back from its
folder) and twice as ``serve`` does (one cache kept in memory). For each build it prints the
seconds of the stages (``begin``, ``check``, producing, writing, finishing; the output folder's
intact check too with ``--one-core`` — on two cores a child makes it beside ``begin`` and
``check``) and of every producer that ran (writing its files included). ``--one-core``
(``NOTICEBOARD_JOBS=1``) runs the producers one after another, so their seconds add up to the
CPU they need. Prints only: the ratios against Hugo are ``bench/vs_hugo.py``'s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import run as harness  # noqa: E402 - generated boards
import vs_hugo  # noqa: E402 - the edit it times

from noticeboard import pipeline  # noqa: E402
from noticeboard.incremental import cache as cache_module  # noqa: E402
from noticeboard.output import state as state_module  # noqa: E402
from noticeboard.output.report import BuildRequest  # noqa: E402
from noticeboard.site import parallel  # noqa: E402

Stage = tuple[str, float]


def timing(stages: list[Stage], owner: Any, name: str, label: str) -> None:
    """Make ``owner.name`` note its seconds in ``stages`` under ``label`` each time it runs."""
    real = getattr(owner, name)

    @functools.wraps(real)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            stages.append((label, time.perf_counter() - started))

    setattr(owner, name, timed)


def producer_seconds(ran: list[dict[str, float]]) -> Callable[..., Any]:
    """``run_producers``, noting the seconds of each producer it ran (kept ones take ~0 s)."""
    real = parallel.run_producers

    def run(*args: Any, **kwargs: Any) -> Any:
        outputs, seconds = real(*args, **kwargs)
        ran.append(seconds)
        return outputs, seconds

    return run


def report(title: str, seconds: float, stages: list[Stage], ran: list[dict[str, float]]) -> None:
    print(f"\n{title}: {seconds:.3f} s")
    for label, took in stages:
        print(f"  {label:<28} {took:7.3f} s")
    made = {name: took for name, took in (ran[-1] if ran else {}).items() if took >= 0.005}
    if made:
        costliest = sorted(made.items(), key=lambda item: -item[1])
        print("  producers that ran: " + ", ".join(f"{name} {took:.3f}" for name, took in costliest))
    stages.clear()
    ran.clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "noticeboard-bench")
    parser.add_argument("--one-core", action="store_true")
    args = parser.parse_args()
    if args.one_core:
        os.environ["NOTICEBOARD_JOBS"] = "1"
    board = harness.board_for(args.size, args.scratch)
    work = args.scratch / f"stages-{args.size}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(board, work / "content")
    project = work / "content" / "projects" / f"{vs_hugo.edited_project(work / 'content')}.yaml"
    request = BuildRequest(work / "content", work / "site", dt.date.fromisoformat(harness.BUILD_DATE), None)

    stages: list[Stage] = []
    ran: list[dict[str, float]] = []
    timing(stages, cache_module.BuildCache, "begin", "begin")
    timing(stages, state_module.SiteState, "intact", "  output folder intact?")
    timing(stages, pipeline, "check_content", "check")
    timing(stages, cache_module.CachedSession, "produce", "produce")
    timing(stages, cache_module.CachedSession, "write", "write")
    timing(stages, cache_module.CachedSession, "finish", "finish (cache saved)")
    parallel.run_producers = producer_seconds(ran)  # type: ignore[assignment]

    def build(title: str, cache: cache_module.BuildCache) -> None:
        started = time.perf_counter()
        built = pipeline.build(request, cache)
        assert built.ok, "the generated board does not build"
        report(title, time.perf_counter() - started, stages, ran)

    def edit() -> None:
        text = project.read_text(encoding="utf-8")
        if vs_hugo.EDIT_MARK in text:
            project.write_text(text.replace(vs_hugo.EDIT_MARK, ""), encoding="utf-8")
        else:
            marked = re.sub(r'^(description: ".*)"$', rf'\1{vs_hugo.EDIT_MARK}"', text, flags=re.M)
            project.write_text(marked, encoding="utf-8")

    folder = work / ".noticeboard-cache"
    time.sleep(2.1)  # the copy past the cache's "just written" window, as a clone a while ago
    build(f"cold build, {args.size:,} records", cache_module.BuildCache(folder))
    time.sleep(2.1)  # past the "just written" window, as vs_hugo.py waits
    edit()
    time.sleep(2.1)
    build("one-record edit, a one-off build (cache read from its folder)", cache_module.BuildCache(folder))
    resident = cache_module.BuildCache(folder, keep_in_memory=True)
    build("serve: first build (nothing changed)", resident)
    for number in (1, 2):
        edit()
        build(f"serve: rebuild after save {number} (the file just written)", resident)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
