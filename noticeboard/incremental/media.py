"""What each photo file in content/media/ was judged to be, kept while its stat stays the same.

Part of the record memo (:class:`~noticeboard.incremental.records.RecordMemo`), which answers
:meth:`~noticeboard.content.reading.Reading.media` through it. Judging a photo reads its bytes
(a few megabytes), hashes them and decodes it small; a board of 500 photos would spend
seconds on that in every build. A file whose stat signature (size, mtime, inode, ctime) is the
one it had when it was judged has the same bytes, so the judgement stands; a signature too
recent to trust (:func:`~noticeboard.output.state.racy`) is not kept.
"""

from __future__ import annotations

import os
from typing import Any

from noticeboard.content.media import Inspected, MediaFault, inspect_file
from noticeboard.content.model import MediaFile
from noticeboard.output.state import racy
from noticeboard.output.state import signature as stat_signature

Packed = tuple[Any, ...]  # a judgement as plain data, for the cache file (marshal)


def packed(found: Inspected) -> Packed:
    """A judgement as plain data."""
    if isinstance(found, MediaFile):
        return (
            "file",
            found.rel,
            found.path,
            found.sha256,
            found.kind,
            found.width,
            found.height,
            found.alpha,
        )
    return ("fault", found.code, dict(found.params))


def unpacked(data: Packed) -> Inspected:
    """A judgement from :func:`packed`'s data (raises ValueError or TypeError if malformed)."""
    if data[0] == "file":
        _, rel, path, sha, kind, width, height, alpha = data
        return MediaFile(str(rel), str(path), str(sha), str(kind), int(width), int(height), bool(alpha))
    if data[0] == "fault":
        _, code, params = data
        return MediaFault(str(code), dict(params))
    raise ValueError(f"not a kept judgement: {data[0]!r}")


class MediaMemo:
    """Judgements of photo files by path, each with the stat signature it holds for."""

    def __init__(self, files: dict[str, tuple[Any, ...]] | None = None) -> None:
        self.files: dict[str, tuple[Any, ...]] = files or {}  # path -> (signature, judgement)
        self.seen: set[str] = set()  # files of the current build: only they are saved

    def inspect(self, filename: str, rel: str) -> Inspected:
        """The file's judgement: kept while its stat stays the same, else judged afresh."""
        self.seen.add(filename)
        try:
            signature = stat_signature(os.stat(filename))
        except OSError:
            return inspect_file(filename, rel)
        kept = self.files.get(filename)
        if kept is not None and tuple(kept[0]) == signature:
            try:
                found = unpacked(tuple(kept[1]))
                if not isinstance(found, MediaFile) or (found.rel, found.path) == (rel, filename):
                    return found
            except (ValueError, TypeError, IndexError):
                pass
        found = inspect_file(filename, rel)
        if racy(signature):
            self.files.pop(filename, None)
        else:
            self.files[filename] = (signature, packed(found))
        return found

    def begin_build(self) -> None:
        """Start a new build: keep only the files it reads when saving."""
        self.seen.clear()

    def pack(self) -> dict[str, tuple[Any, ...]]:
        """What to save: the judgements of the files the latest build read."""
        return {path: kept for path, kept in self.files.items() if path in self.seen}

    @classmethod
    def unpack(cls, data: object) -> MediaMemo:
        """A memo from :meth:`pack`'s data; anything malformed gives an empty memo."""
        if not isinstance(data, dict):
            return cls()
        return cls({str(path): tuple(kept) for path, kept in data.items() if isinstance(kept, tuple)})
