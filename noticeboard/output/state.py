"""What a finished build left in its output folder, and how to tell it is still so.

A file's stat signature (size, mtime, inode, ctime) changes whenever it is written; a
folder's mtime whenever an entry in it is added, removed or renamed. Comparing them tells,
without reading a byte, whether the folder is still exactly as the last build left it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

StatSignature = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


RACY_NS = 2_000_000_000


def racy(signature: StatSignature) -> bool:
    """Tell whether a file changed so recently that a same-size rewrite could keep its stat.

    File times tick in steps (a few ms here, 2 s on some file systems), so, like git, we
    only trust a signature that is older than a tick could be.
    """
    return max(signature[1], signature[3]) >= time.time_ns() - RACY_NS


def signature(stat: os.stat_result) -> StatSignature:
    """The stat facts that change whenever a file is written."""
    # ctime cannot be set by tools (unlike mtime), so an edit always changes the signature.
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


class Written(NamedTuple):
    """A file as a build wrote it."""

    sha: str  # sha256 of its bytes ("" when a scanned file differs from the build's)
    signature: StatSignature


class Summary(NamedTuple):
    """What a build made, to report again when nothing changed."""

    records: int
    pages: int
    language: str


@dataclass
class SiteState:
    """What the last good build left in one output folder."""

    files: dict[str, Written] = field(default_factory=dict)  # site path -> how it was written
    folders: dict[str, int] = field(default_factory=dict)  # folder path ("" = root) -> mtime_ns
    inputs: str = ""  # the digest of every input of that build (incremental.digests.Inputs)
    summary: Summary = field(default_factory=lambda: Summary(0, 0, "zh-CN"))

    def intact(self, out_dir: Path) -> bool:
        """Tell whether the output folder is still exactly as this state describes it."""
        if not self.files:
            return False
        base, stat = f"{out_dir}/", os.stat  # one stat per file and folder: keep the loop bare
        try:
            for rel, mtime in self.folders.items():
                if stat(base + rel).st_mtime_ns != mtime:
                    return False  # something was added, removed or renamed in it
            for rel, (_, known) in self.files.items():
                now = stat(base + rel)
                if (now.st_size, now.st_mtime_ns, now.st_ino, now.st_ctime_ns) != known:
                    return False
        except OSError:
            return False
        return True

    def pack(self) -> dict[str, object]:
        """The state as plain data (for the cache file)."""
        return {
            "files": {path: tuple(written) for path, written in self.files.items()},
            "folders": self.folders,
            "inputs": self.inputs,
            "summary": tuple(self.summary),
        }

    @classmethod
    def unpack(cls, data: dict[str, Any]) -> SiteState:
        """A state from :meth:`pack`'s data (raises KeyError, TypeError or ValueError if malformed)."""
        return cls(
            {str(path): Written(sha, tuple(sig)) for path, (sha, sig) in data["files"].items()},
            dict(data["folders"]),
            str(data["inputs"]),
            Summary(*data["summary"]),
        )


def state_of(out_dir: Path, hashes: dict[str, str]) -> SiteState:
    """Record the output folder as a build just left it."""
    state = SiteState()
    base, stat = f"{out_dir}/", os.stat
    for rel in hashes:
        state.files[rel] = Written(hashes[rel], signature(stat(base + rel)))
        folder = parent_folder(rel)
        while folder not in state.folders:
            state.folders[folder] = stat(base + folder).st_mtime_ns
            if not folder:
                break
            folder = parent_folder(folder)
    return state


def parent_folder(path: str) -> str:
    """The folder of a site path ("" for the top)."""
    return path.rpartition("/")[0]
