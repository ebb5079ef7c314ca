"""The build cache's files: where the cache folder is, and reading or writing one file whole.

Every file holds a marshalled dictionary stamped with the code version
(:func:`~noticeboard.incremental.digests.code_version`), so a file from other code reads as absent,
as does a missing, truncated or corrupted one. A file is written beside its final name and
renamed over it, so a reader sees the old file or the new one, never half.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from noticeboard.incremental.digests import code_version

CACHE_FOLDER = ".noticeboard-cache"


def default_cache_dir() -> Path:
    """The cache folder: $NOTICEBOARD_CACHE, else ``.noticeboard-cache/`` in the working folder."""
    return Path(os.environ.get("NOTICEBOARD_CACHE") or CACHE_FOLDER).absolute()


def load_file(path: Path) -> dict[str, Any] | None:
    """Read a cache file; anything unreadable, corrupted or from other code counts as absent."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("code") != code_version():
        return None
    return data


def save_file(path: Path, data: dict[str, Any]) -> None:
    """Write a cache file whole (see module doc)."""
    write_whole(path, marshal.dumps({**data, "code": code_version()}))


def write_whole(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file beside it and a rename, making its folder: a
    reader sees the old file or the new one, never half, even when two processes of a build
    write the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
