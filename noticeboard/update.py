"""Bring an output folder to exactly a build's files, writing only the files that changed.

A cold build writes a fresh folder and swaps it in (:mod:`noticeboard.write`). Rewriting
10,000 files to change three would waste most of a rebuild, so when the output folder is
still as the last good build left it (:class:`SiteState`), only changed files are written;
the rest are hard-linked into the new folder, which is swapped in just the same (see below).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

StatSignature = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


class Unchanged:
    """Stands in a build's files for a page whose inputs did not change since the last build.

    Its bytes are those of the same path in the output folder, which the caller has found
    intact (:meth:`SiteState.intact`); the page was not rendered again.
    """

    __slots__ = ()

    def __reduce__(self) -> str:
        return "UNCHANGED"  # pickled by name: the producer child sends the same object back

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()


def signature(stat: os.stat_result) -> StatSignature:
    """The stat facts that change whenever a file is written."""
    # ctime cannot be set by tools (unlike mtime), so an edit always changes the signature.
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


@dataclass
class SiteState:
    """What the last good build left in one output folder."""

    files: dict[str, tuple[str, StatSignature]] = field(default_factory=dict)  # path -> (sha, stat)
    folders: dict[str, int] = field(default_factory=dict)  # folder path ("" = root) -> mtime_ns
    inputs: str = ""  # inputs_digest of that build
    summary: tuple[int, int, str] = (0, 0, "zh-CN")  # records, pages, language

    def intact(self, out_dir: Path) -> bool:
        """Tell whether the output folder is still exactly as this state describes it."""
        if not self.files:
            return False
        try:
            for rel, mtime in self.folders.items():
                if os.stat(out_dir / rel).st_mtime_ns != mtime:
                    return False  # something was added, removed or renamed in it
            for rel, (_, known) in self.files.items():
                if signature(os.stat(out_dir / rel)) != known:
                    return False
        except OSError:
            return False
        return True

    def pack(self) -> dict:
        """The state as plain data."""
        return {"files": self.files, "folders": self.folders, "inputs": self.inputs, "summary": self.summary}


# How the writing stays atomic: the new site is assembled in ``.<out>.building-<pid>``
# beside the output folder — unchanged files as hard links to the live ones (no bytes
# copied, their modification times kept), changed files written — and then swapped in
# exactly as a cold build is (:func:`noticeboard.write.write_site`). Until the swap the
# live folder is never touched, so a failed or killed build leaves the previous site whole;
# the next build removes the leftover folder (:func:`noticeboard.write.recover`).


def _assemble(out_dir: Path, files: dict[str, bytes], changed: set[str]) -> None:
    from noticeboard.write import BUILDING, _sibling, _swap, write_file

    building = _sibling(out_dir, BUILDING, os.getpid())
    os.mkdir(building)
    try:
        for path in sorted(files):
            if path not in changed:
                target = building / path
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(out_dir / path, target)
                    continue
                except OSError:  # a file system without hard links: write the bytes instead
                    pass
            data = files[path]
            write_file(building, path, (out_dir / path).read_bytes() if data is UNCHANGED else data)
        _swap(building, out_dir)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _ancestors(path: str) -> Iterator[str]:
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path
    yield ""


def state_of(out_dir: Path, hashes: dict[str, str]) -> SiteState:
    """Record the output folder as a build just left it."""
    state = SiteState()
    for rel in hashes:
        state.files[rel] = (hashes[rel], signature(os.stat(out_dir / rel)))
        for folder in _ancestors(rel):
            if folder in state.folders:
                break
            state.folders[folder] = os.stat(out_dir / folder).st_mtime_ns
    return state


def write_changed(
    files: dict[str, bytes | Unchanged], out_dir: Path, state: SiteState | None
) -> tuple[int, SiteState]:
    """Make ``out_dir`` hold exactly ``files``, writing only what changed; return (written, state).

    A file given as :data:`UNCHANGED` keeps the bytes it has in ``out_dir``.
    """
    from noticeboard.write import recover, safe_path, write_site

    out_dir = out_dir.absolute()
    recover(out_dir)
    intact = state is not None and state.intact(out_dir)
    if any(data is UNCHANGED for data in files.values()) and not intact:
        raise RuntimeError("a page was kept from a build whose output folder has changed since")
    hashes = {path: state.files[path][0] if data is UNCHANGED else _sha(data) for path, data in files.items()}
    if state is None or not intact:
        written = write_site(files, out_dir)  # cold: a fresh folder swapped in
        return written, state_of(out_dir, hashes)
    changed = sorted(path for path in files if state.files.get(path, ("",))[0] != hashes[path])
    removed = set(state.files) - set(files)
    for path in changed:
        safe_path(path)
    if not changed and not removed:
        return 0, state
    _assemble(out_dir, files, set(changed))
    return len(changed), state_of(out_dir, hashes)
