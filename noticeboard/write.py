"""Write a finished site atomically: build it in a folder beside the output, then swap it in.

The output folder is either the previous site, whole, or the new one, whole: files are
written into ``.<out>.building-<pid>`` next to it, then the old folder is renamed aside,
the new one renamed into place, and the old one deleted. Leftovers of an interrupted
build are cleaned up (or, if the swap itself was interrupted, the old site is restored)
before the next build starts.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from noticeboard.check import UsageError
from noticeboard.lock import build_lock

BUILDING = "building"
OLD = "old"


def _sibling(out_dir: Path, role: str, pid: int | None = None) -> Path:
    suffix = f"-{pid}" if pid is not None else ""
    return out_dir.parent / f".{out_dir.name}.{role}{suffix}"


def _leftovers(out_dir: Path, role: str) -> list[Path]:
    prefix = f".{out_dir.name}.{role}-"
    if not out_dir.parent.is_dir():
        return []
    return sorted(p for p in out_dir.parent.iterdir() if p.name.startswith(prefix))


def check_output_folder(out_dir: Path, content_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy something that is not a site."""
    out = out_dir.resolve()
    content = content_dir.resolve()
    if out == content or out in content.parents:
        raise UsageError(f"--out {out_dir} would replace the content folder; choose another folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out_dir} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise UsageError(
            f"--out {out_dir} is not empty and holds no built board (no index.html); refusing to replace it"
        )


def _still_running(leftover: Path) -> bool:
    """Whether the build that made this folder (its name ends in the pid) is still running."""
    pid = leftover.name.rpartition("-")[2]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def recover(out_dir: Path) -> None:
    """Undo what an interrupted earlier build left beside ``out_dir`` (not a running one's work)."""
    old_sites = [p for p in _leftovers(out_dir, OLD) if not _still_running(p)]
    if old_sites and not out_dir.exists():
        # The swap was cut between its two renames: the previous site is the newest old one.
        os.replace(old_sites[-1], out_dir)
        old_sites = old_sites[:-1]
    building = [p for p in _leftovers(out_dir, BUILDING) if not _still_running(p)]
    for leftover in [*building, *old_sites]:
        shutil.rmtree(leftover, ignore_errors=True)


def safe_path(site_path: str) -> PurePosixPath:
    """Check that a producer's path stays inside the site (relative, no '..')."""
    # Checked on the raw text: "a//b" or "a/./b" would silently alias another producer's file.
    parts = site_path.split("/")
    if "\\" in site_path or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"unsafe output path: {site_path!r}")
    return PurePosixPath(*parts)


def write_file(folder: Path, site_path: str, data: bytes) -> None:
    """Write one file of the site below ``folder``."""
    target = folder.joinpath(*safe_path(site_path).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_site(files: dict[str, bytes], out_dir: Path) -> int:
    """Write every file into a fresh folder and swap it in place of ``out_dir``; return the count."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out_dir):  # a second build on the same folder stops here (exit 2)
        recover(out_dir)
        building = _sibling(out_dir, BUILDING, os.getpid())
        os.mkdir(building)
        try:
            for site_path in sorted(files):
                write_file(building, site_path, files[site_path])
            _swap(building, out_dir)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    return len(files)


def _swap(new: Path, out_dir: Path) -> None:
    old = _sibling(out_dir, OLD, os.getpid())
    if out_dir.exists():
        os.replace(out_dir, old)
    try:
        os.replace(new, out_dir)
    except BaseException:
        if old.exists():
            os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
