"""Published photo files kept across builds, one cache file per photo: the image store.

The incremental build's side of :attr:`noticeboard.site.memory.PageMemory.images`. A key is
(recipe, sha256 of the photo's bytes) (:func:`noticeboard.site.images.recipe`): it names
everything the files are made from, so an entry is never stale, only unused. Each photo's
files are one marshal file, ``images/<sha256[:2]>/<sha256>-<recipe>.marshal`` in the cache
folder, written through a temporary file and a rename; the producer child writes its own
(:mod:`noticeboard.site.parallel`), so nothing made there is lost. Unlike rows and codes they
are read only when asked for: a build that keeps every photo file (the output folder is as
the last build left it) reads none.

The store is bounded: past :data:`LIMIT` bytes the least recently used photos are let go.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
from pathlib import Path
from typing import Any

from noticeboard.incremental.cache_files import write_whole

LIMIT = 4 * 1024**3  # 4 GiB: about 4,000 photos in three widths and two kinds
_HEX = re.compile(r"[0-9a-f]{16,64}\Z")


class ImageStore:
    """Photos' published files by (recipe, sha256), in a folder (``None``: in memory only)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.items: dict[Any, dict[str, bytes]] = {}  # in memory only

    def _file(self, key: Any) -> Path | None:
        if self.folder is None or not isinstance(key, tuple) or len(key) != 2:
            return None
        recipe, sha = key
        if not (isinstance(recipe, str) and isinstance(sha, str) and _HEX.match(recipe) and _HEX.match(sha)):
            return None
        return self.folder / sha[:2] / f"{sha}-{recipe}.marshal"

    def get(self, key: Any) -> dict[str, bytes] | None:
        """The files kept for ``key``, or None (anything unreadable counts as absent)."""
        path = self._file(key)
        if path is None:
            return self.items.get(key)
        try:
            files = marshal.loads(path.read_bytes())
            os.utime(path)  # recently used: kept when the store is pruned
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if not isinstance(files, dict) or not all(
            isinstance(name, str) and isinstance(data, bytes) for name, data in files.items()
        ):
            return None
        return files

    def put(self, key: Any, files: dict[str, bytes]) -> None:
        """Keep ``files`` for ``key``."""
        path = self._file(key)
        if path is None:
            self.items[key] = files
            return
        # A full disk or a read-only cache: the build goes on without keeping it.
        with contextlib.suppress(OSError):
            write_whole(path, marshal.dumps(files))

    def prune(self, limit: int = LIMIT) -> None:
        """Let go of the least recently used photos while the store holds more than ``limit`` bytes."""
        if self.folder is None or not self.folder.is_dir():
            return
        kept = []
        for path in self.folder.glob("*/*.marshal"):
            try:
                stat = path.stat()
            except OSError:
                continue
            kept.append((stat.st_mtime_ns, stat.st_size, path))
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept, key=lambda item: (item[0], str(item[2]))):
            if total <= limit:
                break
            path.unlink(missing_ok=True)
            total -= size
