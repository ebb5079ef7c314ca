"""Bring an output folder to exactly a build's files, writing only the files that changed.

A cold build writes a fresh folder and swaps it in (:mod:`noticeboard.write`). Rewriting
10,000 files to change three would waste most of a rebuild, so when the output folder is
still as the last good build left it (:class:`SiteState`), only changed files are written
and files no longer produced are deleted, atomically through a journal (see below).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

StatSignature = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


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


# How the writing stays atomic: the changed files are written into
# ``.<out>.incremental-<pid>`` beside the output folder first, a journal is written, and only
# then are they moved into place one by one (each move is atomic); the files they replace
# and the files to delete are moved aside into the same folder.
# If the build fails or is interrupted before the journal is removed, the moves are undone
# (now, or by the next build), so the previous site comes back exactly as it was.

JOURNAL = "journal"


def _staging_folders(out_dir: Path) -> list[Path]:
    prefix = f".{out_dir.name}.incremental-"
    if not out_dir.parent.is_dir():
        return []
    return sorted(p for p in out_dir.parent.iterdir() if p.name.startswith(prefix))


def recover_incremental(out_dir: Path) -> None:
    """Undo the moves of an interrupted incremental write, and remove its leftovers."""
    for staging in _staging_folders(out_dir):
        if (staging / JOURNAL).is_file():
            _roll_back(out_dir, staging)
        shutil.rmtree(staging, ignore_errors=True)


def _roll_back(out_dir: Path, staging: Path) -> None:
    try:
        changed, removed = marshal.loads((staging / JOURNAL).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return  # journal not fully written: no move had started
    for index, path in enumerate(removed):
        aside = staging / f"r{index}"
        if aside.exists():
            (out_dir / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(aside, out_dir / path)
    for index in reversed(range(len(changed))):
        target = out_dir / changed[index]
        old, new = staging / f"o{index}", staging / f"n{index}"
        if old.exists():
            os.replace(old, target)
        elif not new.exists():  # a new file that was moved in: take it out again
            target.unlink(missing_ok=True)
            _prune(out_dir, target.parent)
    (staging / JOURNAL).unlink()


def _prune(out_dir: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents while they are empty (a cold build has no empty folders)."""
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _apply(out_dir: Path, files: dict[str, bytes], changed: list[str], removed: list[str]) -> None:
    staging = out_dir.parent / f".{out_dir.name}.incremental-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    os.mkdir(staging)
    try:
        for index, path in enumerate(changed):
            (staging / f"n{index}").write_bytes(files[path])
        (staging / JOURNAL).write_bytes(marshal.dumps((changed, removed)))
        for index, path in enumerate(changed):
            target = out_dir / path
            if target.exists() or target.is_symlink():
                os.replace(target, staging / f"o{index}")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / f"n{index}", target)
        for index, path in enumerate(removed):
            os.replace(out_dir / path, staging / f"r{index}")
            _prune(out_dir, (out_dir / path).parent)
        (staging / JOURNAL).unlink()  # the commit point: from here on the new site stands
    except BaseException:
        if (staging / JOURNAL).is_file():
            _roll_back(out_dir, staging)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


def write_changed(files: dict[str, bytes], out_dir: Path, state: SiteState | None) -> tuple[int, SiteState]:
    """Make ``out_dir`` hold exactly ``files``, writing only what changed; return (written, state)."""
    from noticeboard.write import recover, safe_path, write_site

    out_dir = out_dir.absolute()
    recover_incremental(out_dir)
    recover(out_dir)
    hashes = {path: _sha(data) for path, data in files.items()}
    if state is None or not state.intact(out_dir):
        written = write_site(files, out_dir)  # cold: a fresh folder swapped in
        return written, state_of(out_dir, hashes)
    changed = sorted(path for path in files if state.files.get(path, ("",))[0] != hashes[path])
    removed = sorted(set(state.files) - set(files))
    for path in changed:
        safe_path(path)
    if changed or removed:
        _apply(out_dir, files, changed, removed)
    new = SiteState(dict(state.files), dict(state.folders))
    for path in removed:
        del new.files[path]
    for path in changed:
        new.files[path] = (hashes[path], signature(os.stat(out_dir / path)))
    for folder in {folder for path in [*changed, *removed] for folder in _ancestors(path)}:
        try:
            new.folders[folder] = os.stat(out_dir / folder).st_mtime_ns
        except FileNotFoundError:
            new.folders.pop(folder, None)
    return len(changed), new
