"""Write a finished site atomically: build it in a folder beside the output, then swap it in.

The output folder is either the previous site, whole, or the new one, whole: files are
written into ``.<out>.building-<pid>`` next to it, then the old folder is renamed aside,
the new one renamed into place, and the old one deleted. Leftovers of an interrupted
build are cleaned up (or, if the swap itself was interrupted, the old site is restored)
before the next build starts.

A few changed files of a large site are swapped in without building the whole site again
(:func:`change_in_place`): the site is renamed aside, changed by renames only, and renamed
back, and an interrupted change is finished by the next build.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from noticeboard.errors import UsageError
from noticeboard.output.lock import build_lock

BUILDING = "building"
OLD = "old"


def sibling(out_dir: Path, role: str, pid: int | None = None) -> Path:
    """The folder beside ``out_dir`` a build of process ``pid`` uses: ``.site.building-42``."""
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
    for building in _leftovers(out_dir, BUILDING):
        if not _still_running(building):
            _finish_change(out_dir, building)
    old_sites = [p for p in _leftovers(out_dir, OLD) if not _still_running(p)]
    if old_sites and not out_dir.exists():
        # The swap was cut between its two renames: the previous site is the newest old one.
        os.replace(old_sites[-1], out_dir)
        old_sites = old_sites[:-1]
    unfinished = [p for p in _leftovers(out_dir, BUILDING) if not _still_running(p)]
    for leftover in [*unfinished, *old_sites]:
        shutil.rmtree(leftover, ignore_errors=True)


def check_site_path(site_path: str) -> None:
    """Refuse a producer's path that would leave the site (absolute, '..') or name another
    file than it says (ValueError)."""
    # Checked on the raw text: "a//b" or "a/./b" would silently alias another producer's file.
    if "\\" in site_path or any(part in ("", ".", "..") for part in site_path.split("/")):
        raise ValueError(f"unsafe output path: {site_path!r}")


def safe_path(site_path: str) -> PurePosixPath:
    """A producer's path as a relative path inside the site (see :func:`check_site_path`)."""
    check_site_path(site_path)
    return PurePosixPath(*site_path.split("/"))


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
        building = sibling(out_dir, BUILDING, os.getpid())
        os.mkdir(building)
        try:
            for site_path in sorted(files):
                write_file(building, site_path, files[site_path])
            swap_in(building, out_dir)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    return len(files)


def swap_in(new: Path, out_dir: Path) -> None:
    """Put the finished folder ``new`` in place of ``out_dir`` (two renames) and delete the old one."""
    old = sibling(out_dir, OLD, os.getpid())
    if out_dir.exists():
        os.replace(out_dir, old)
    try:
        os.replace(new, out_dir)
    except BaseException:
        if old.exists():
            os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --- changing a few files in place ---------------------------------------------------------
#
# Rebuilding 9,000 folders to change 20 files costs seconds (a folder costs far more to make
# than a file to link), so an incremental build changes the site itself, atomically:
#
# 1. Every new file is written into ``.<out>.building-<pid>/new/<n>`` (a folder that does not
#    exist yet in the site is made there whole, with its files). The live site is not touched.
# 2. The site is renamed aside to ``.<out>.old-<pid>`` (as in the swap of a whole site). Out
#    of every editor's reach now, the folders and files the steps touch are checked to be as
#    the last build left them; then the plan, one :class:`Step` per ``n``, is saved as
#    ``plan`` by a rename.
# 3. Each step moves what its target holds now into ``building/old/<n>`` and ``new/<n>`` to the
#    target. Only renames: nothing to run out of space, and each is done or not.
# 4. The site is renamed back; the building folder, holding the replaced files, is deleted.
#
# So the output folder holds the previous site until 2, nothing during 2 and 3 (a few renames),
# and the new site from 4. A failed step 3 is undone in reverse. A build killed in 2 before the
# plan was saved leaves an untouched site aside, which the next build (:func:`recover`) renames
# back; one killed later leaves its plan and both folders, and the next build carries the rest
# of the plan out (which moves were done it tells by which of ``new/<n>`` and ``old/<n>``
# still exist) and renames the finished site back into place.

PLAN = "plan"


@dataclass(frozen=True)
class Step:
    """One change to a site: its path, whether something is there now, and what comes instead."""

    target: str  # a file or folder of the site
    displace: bool  # the site holds the target now: it is moved out (replaced or removed)
    data: bytes | dict[str, bytes] | None  # a file, a new folder's files (relative path -> bytes), or none


def change_in_place(out_dir: Path, steps: list[Step], still: Callable[[str], bool] | None = None) -> bool:
    """Carry out ``steps`` on the site in ``out_dir``, which is the old site or the new one, whole.

    ``still(aside)`` is asked once the site is aside, out of every editor's reach, whether it is
    still as the steps expect; if not, the site is put back untouched and False returned.
    """
    out_dir = out_dir.absolute()
    with build_lock(out_dir):
        building = sibling(out_dir, BUILDING, os.getpid())
        aside = sibling(out_dir, OLD, os.getpid())
        os.mkdir(building)
        try:
            _stage(building, steps)
            os.replace(out_dir, aside)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        plan = [(step.target, step.displace, step.data is not None) for step in steps]
        try:
            if still is not None and not still(str(aside)):
                os.replace(aside, out_dir)
                shutil.rmtree(building, ignore_errors=True)
                return False
            (building / f"{PLAN}.tmp").write_bytes(marshal.dumps(plan))
            os.replace(building / f"{PLAN}.tmp", building / PLAN)  # from here on the plan finishes it
        except BaseException:
            os.replace(aside, out_dir)
            shutil.rmtree(building, ignore_errors=True)
            raise
        try:
            _carry_out(aside, building, plan, forward=True)
        except BaseException:
            _carry_out(aside, building, plan, forward=False)  # if this fails, recover() finishes
            os.replace(aside, out_dir)
            shutil.rmtree(building, ignore_errors=True)
            raise
        os.replace(aside, out_dir)
        shutil.rmtree(building, ignore_errors=True)
        return True


def _stage(building: Path, steps: list[Step]) -> None:
    new = f"{building}/new"
    os.mkdir(new)
    os.mkdir(f"{building}/old")
    for number, step in enumerate(steps):
        if isinstance(step.data, bytes):
            _write(f"{new}/{number}", step.data)
        elif step.data is not None:
            made: set[str] = set()
            for rel in sorted(step.data):
                folder = f"{new}/{number}/{rel}".rpartition("/")[0]
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
                _write(f"{new}/{number}/{rel}", step.data[rel])


def _write(path: str, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)


def _carry_out(site: Path, building: Path, plan: list[tuple[str, bool, bool]], forward: bool) -> None:
    """Do (or undo) the steps of a plan that are not done (or undone) yet; safe to repeat."""
    numbered = list(enumerate(plan))
    for number, (target, displace, install) in numbered if forward else reversed(numbered):
        here, new, old = f"{site}/{target}", f"{building}/new/{number}", f"{building}/old/{number}"
        if forward:
            if displace and not os.path.lexists(old):
                with contextlib.suppress(FileNotFoundError):  # already gone: nothing to move out
                    os.replace(here, old)
            if install and os.path.lexists(new):
                os.replace(new, here)
        else:
            if install and not os.path.lexists(new) and os.path.lexists(here):
                os.replace(here, new)
            if displace and os.path.lexists(old):
                os.replace(old, here)


def _finish_change(out_dir: Path, building: Path) -> None:
    """Finish the change an interrupted build had planned in ``building``, if it had begun."""
    pid = building.name.rpartition("-")[2]
    aside = sibling(out_dir, OLD, int(pid)) if pid.isdigit() else None
    if aside is None or out_dir.exists() or not aside.is_dir():
        return  # never begun (the site is whole) or finished: only the leftovers go
    try:
        plan = marshal.loads((building / PLAN).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return  # no plan: a whole site was being built; the old site is restored as it was
    _carry_out(aside, building, plan, forward=True)
    os.replace(aside, out_dir)
