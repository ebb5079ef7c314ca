"""A new site folder filled while the pages are still being made, then swapped in whole.

A cold build used to render every file into memory and only then write them all: at 10,000
records the writing (some 18,000 files and 9,000 folders) took seconds during which nothing
rendered, and at 50,000 the whole site sat in memory. :class:`Staging` writes each
producer's files into ``.<out>.building-<pid>`` on a thread of its own as soon as the
producer hands them over (the system calls let the rendering thread go on), and lets the
bytes go. The swap at the end is the one of :func:`~noticeboard.output.write.write_site`:
the output folder is the previous site, whole, or the new one, whole.

The producers may run in two processes (:mod:`noticeboard.site.parallel`). The child writes
its own files into the same folder with its own thread, started after the fork (a thread
never crosses a fork), and sends back only their digests.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import threading
from pathlib import Path

from noticeboard.output.write import BUILDING, recover, safe_path, sibling, swap_in
from noticeboard.site.files import STAGED, SiteFiles, Unchanged

QUEUE_FILES = 512  # files waiting to be written: rendering waits beyond this, memory stays bounded


def write_one(path: str, data: bytes) -> None:
    """Write one new file (the folder exists)."""
    with open(path, "xb") as file:  # "x": two producers making one path is a bug, never an overwrite
        file.write(data)


class Staging:
    """The folder a whole new site is written into (the ``FileSink`` of a fresh build).

    Make it while holding the output folder's lock (:func:`~noticeboard.output.lock.build_lock`).
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out_dir)  # what an interrupted earlier build left beside it
        self.folder = sibling(self.out_dir, BUILDING, os.getpid())
        os.mkdir(self.folder)
        self._pid = 0  # the process whose writer thread runs (none yet)
        self._owner = os.getpid()  # the process whose writes _hashes holds
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(QUEUE_FILES)
        self._thread: threading.Thread | None = None
        self._hashes: dict[str, str] = {}  # written by this process
        self._adopted: dict[str, str] = {}  # written by the producer child
        self._failure: BaseException | None = None

    def _writer(self) -> queue.Queue[tuple[str, bytes] | None]:
        """This process's writer thread's queue, started on first use (again in a forked child)."""
        if self._pid != os.getpid():
            if self._owner != os.getpid():  # a forked child: it tells only its own writes
                self._owner, self._hashes, self._failure = os.getpid(), {}, None
            self._pid = os.getpid()
            self._queue = queue.Queue(QUEUE_FILES)
            self._thread = threading.Thread(target=self._write_queued, name="site writer", daemon=True)
            self._thread.start()
        return self._queue

    def put(self, files: SiteFiles) -> SiteFiles:
        """Queue ``files`` for writing; return them as :data:`STAGED` (their bytes let go)."""
        if self._failure is not None:
            raise self._failure
        waiting = self._writer()
        staged: SiteFiles = {}
        for site_path, data in files.items():
            if isinstance(data, Unchanged):  # only a build that changes the old folder keeps pages
                raise ValueError(f"{site_path}: an unchanged page cannot go into a new folder")
            if isinstance(data, bytes):
                safe_path(site_path)  # refused here, in the producer's process, not on the thread
                waiting.put((site_path, data))
            staged[site_path] = STAGED
        return staged

    def _write_queued(self) -> None:
        base = str(self.folder)
        made: set[str] = set()
        while (item := self._queue.get()) is not None:
            if self._failure is not None:
                continue  # drain: the build has failed, nothing more is written
            site_path, data = item
            try:
                folder = site_path.rpartition("/")[0]
                if folder and folder not in made:
                    os.makedirs(f"{base}/{folder}", exist_ok=True)  # the other process may make it too
                    made.add(folder)
                write_one(f"{base}/{site_path}", data)
                self._hashes[site_path] = hashlib.sha256(data).hexdigest()
            except BaseException as error:  # told to the rendering thread at its next put or flush
                self._failure = error

    def flush(self) -> dict[str, str]:
        """Wait until every file this process queued is written; their sha256 by site path."""
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
            self._pid = 0  # a later put starts a new writer
        if self._failure is not None:
            raise self._failure
        return dict(self._hashes)

    def adopt(self, hashes: dict[str, str]) -> None:
        """Count the files the producer child wrote."""
        self._adopted.update(hashes)

    def swap(self) -> dict[str, str]:
        """Finish writing and swap the new folder in; the sha256 of every file, by site path."""
        hashes = {**self._adopted, **self.flush()}
        try:
            swap_in(self.folder, self.out_dir)
        except BaseException:
            self.discard()
            raise
        return hashes

    def discard(self) -> None:
        """Stop writing and remove the unfinished folder (the output folder is untouched)."""
        with contextlib.suppress(BaseException):  # the build is failing already: its error is told
            self.flush()
        shutil.rmtree(self.folder, ignore_errors=True)
