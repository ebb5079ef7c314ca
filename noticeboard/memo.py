"""The parse of each record file, reused while the file's bytes stay the same.

Part of the build cache (:mod:`noticeboard.cache`), which saves :meth:`RecordMemo.pack`
and restores it with :meth:`RecordMemo.unpack`; entries are keyed by the sha256 of the
file's bytes, its record type and the code version, so a changed file or changed code
never reuses a stale parse.
"""

from __future__ import annotations

import hashlib
import marshal
import time
from pathlib import Path

from noticeboard.parse import Positioned
from noticeboard.update import StatSignature
from noticeboard.update import signature as stat_signature

RACY_NS = 2_000_000_000


def racy(signature: StatSignature) -> bool:
    """Tell whether a file changed so recently that a same-size rewrite could keep its stat.

    File times tick in steps (a few ms here, 2 s on some file systems), so, like git, we
    only trust a signature that is older than a tick could be.
    """
    return max(signature[1], signature[3]) >= time.time_ns() - RACY_NS


class RecordMemo:
    """The parse of each record file, reused while the file's bytes stay the same."""

    def __init__(self, entries: dict[str, bytes] | None = None, hashes: dict | None = None) -> None:
        self.entries: dict[str, bytes] = entries or {}  # key -> marshalled (data, values, keys)
        self.hashes: dict[str, tuple[StatSignature, str]] = hashes or {}  # path -> (stat, sha256)
        self.used: set[str] = set()  # entries and files of the current build
        self.seen: set[str] = set()
        self.hits = 0
        self.misses = 0

    def file_hash(self, path: Path) -> str:
        """The sha256 of a file's bytes, read again only when its stat signature moved."""
        key = str(path)
        self.seen.add(key)
        signature = stat_signature(path.stat())
        known = self.hashes.get(key)
        if known is not None and known[0] == signature:
            return known[1]
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if not racy(signature):
            self.hashes[key] = (signature, sha)
        return sha

    def parse(self, source, markdown_prose: str | None) -> Positioned:
        """Parse a record file (see ``load.parse_file``), or return the parse of identical bytes."""
        from noticeboard.cache import code_version  # cache imports this module
        from noticeboard.load import parse_file

        try:
            sha = self.file_hash(source.path)
        except OSError:
            return parse_file(source, markdown_prose)  # let the loader report it
        key = f"{code_version()}:{source.type}:{markdown_prose}:{source.path.suffix}:{sha}"
        self.used.add(key)
        stored = self.entries.get(key)
        if stored is not None:
            self.hits += 1
            data, values, keys = marshal.loads(stored)
            return Positioned(data=data, values=values, keys=keys)
        self.misses += 1
        doc = parse_file(source, markdown_prose)
        if not doc.issues:  # documents with parse issues are rare and never valid: not kept
            self.entries[key] = marshal.dumps((doc.data, doc.values, doc.keys))
        return doc

    @classmethod
    def unpack(cls, packed: object) -> RecordMemo:
        """A memo from :meth:`pack`'s data; anything malformed gives an empty memo."""
        try:
            return cls(dict(packed["entries"]), dict(packed["hashes"]))  # type: ignore[index]
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()

    def pack(self) -> dict:
        """What to save: only the entries of the latest build, so the cache never grows stale."""
        live = {key: self.entries[key] for key in self.used if key in self.entries}
        return {"entries": live, "hashes": {key: self.hashes[key] for key in self.seen if key in self.hashes}}
