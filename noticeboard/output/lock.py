"""One writer per output folder: an exclusive lock on ``<out>.lock`` beside the site.

Two builds writing the same ``--out`` at once would each clean up the other's half-written
folder and could swap in a site mixed from both. The lock makes the second one stop at once
with a clear message instead of waiting: a volunteer who double-clicked simply runs it again.
The kernel drops an ``flock`` when its process dies, so a killed build never leaves a stale
lock behind. The lock file is removed on release so that only the site remains beside the
content; a build that locked a file just removed by its predecessor notices (the path no longer
names the file it holds) and takes the lock again on the new file.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from noticeboard.errors import UsageError


class BuildLocked(UsageError):
    """Another build holds the lock on the same output folder."""


def lock_path(out_dir: Path) -> Path:
    """Name the lock file of an output folder: ``site`` → ``site.lock`` beside it."""
    return out_dir.parent / f"{out_dir.name}.lock"


_held = threading.local()  # the lock files this thread holds: taking one again is a no-op


@contextmanager
def build_lock(out_dir: Path) -> Iterator[Path]:
    """Hold the output folder's lock for the block, or raise :class:`BuildLocked` at once.

    The same thread may take a lock it already holds (the pipeline locks the whole write and
    the writer locks again); any other build, process or thread, is refused.
    """
    out_dir = out_dir.absolute()
    path = lock_path(out_dir)
    held: set[Path] = _held.__dict__.setdefault("paths", set())
    if path in held:
        yield path
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BuildLocked(
                f"another build is writing {out_dir}; try again when it finishes"
                f" / 另一个生成过程正在写入 {out_dir}，请等它结束后再试"
            ) from None
        if _same_file(fd, path):
            break
        os.close(fd)  # the holder before us removed this file on release: lock the new one
    held.add(path)
    try:
        yield path
    finally:
        held.discard(path)
        path.unlink(missing_ok=True)  # while still locked, so nobody can lock the old file after
        os.close(fd)  # closing the descriptor releases the lock


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
