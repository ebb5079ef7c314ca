"""Bring an output folder to exactly a build's files, writing only the files that changed.

A cold build writes a fresh folder and swaps it in (:mod:`noticeboard.write`). Rewriting
10,000 files to change three would waste most of a rebuild, so when the output folder is
still as the last good build left it (:class:`SiteState`), only the changed files are
written and swapped in, atomically (:func:`noticeboard.write.change_in_place`); the others
are not touched, so the state of the next build is this one's plus the changed files.
When no state vouches for a folder that holds a board (cache lost, code changed, folder
edited by hand), the folder is read and compared with the build instead, which still
costs far less than writing every file and folder again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from noticeboard.output.state import SiteState, Written, parent_folder, signature, state_of
from noticeboard.output.write import Step, change_in_place, check_site_path, recover, write_site
from noticeboard.site.files import Unchanged


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_changed(
    files: dict[str, bytes | Unchanged], out_dir: Path, state: SiteState | None, verified: bool = False
) -> tuple[int, SiteState]:
    """Make ``out_dir`` hold exactly ``files``, writing only what changed; return (written, state).

    A file given as :data:`UNCHANGED` keeps the bytes it has in ``out_dir``. ``verified``:
    the caller found ``out_dir`` intact (:meth:`SiteState.intact`) earlier in this build, so
    it is not checked again (the files and folders a change touches always are). A file
    edited by hand meanwhile stays as edited until the next build, which finds the folder
    no longer intact and puts it right, as if the edit had come just after this build.
    """

    out_dir = out_dir.absolute()
    recover(out_dir)
    intact = state is not None and (verified or state.intact(out_dir))
    rendered = {path: data for path, data in files.items() if not isinstance(data, Unchanged)}
    if not intact and len(rendered) < len(files):
        raise RuntimeError("a page was kept from a build whose output folder has changed since")
    hashes = {path: _sha(data) for path, data in rendered.items()}
    if state is None or not intact:
        # Nobody vouches for the folder: if it holds a board, look at what it holds (reading
        # costs far less than writing 10,000 files and folders); else write a fresh one.
        # (Every file was rendered: see above.)
        state = _scan(out_dir, rendered, hashes) if (out_dir / "index.html").is_file() else None
        if state is None:
            return write_site(rendered, out_dir), state_of(out_dir, hashes)
    known = state.files
    changed = {path: sha for path, sha in hashes.items() if path not in known or known[path].sha != sha}
    removed = [path for path in known if path not in files]
    if intact and not changed and not removed:
        return 0, state
    for path in changed:
        check_site_path(path)
    steps = _steps(files, rendered, changed, removed, state, tidy=not intact)  # a scan may find empty folders
    if steps == []:
        return 0, state
    if steps is not None:
        if change_in_place(out_dir, steps, still=lambda aside: _as_left(aside, state, steps)):
            return len(changed), _next_state(state, out_dir, changed, removed, steps)
        if len(rendered) < len(files):  # edited by hand during this build
            raise RuntimeError("a page was kept from a build whose output folder has changed since")
    # A file became a folder or the other way round (or the folder was edited): write it whole.
    kept = {
        path: (out_dir / path).read_bytes() if isinstance(data, Unchanged) else data
        for path, data in files.items()
    }
    hashes = {path: known[path].sha if isinstance(files[path], Unchanged) else hashes[path] for path in files}
    return write_site(kept, out_dir), state_of(out_dir, hashes)


def _folders(files: dict[str, bytes | Unchanged]) -> set[str]:
    """The folders of a site holding ``files`` (not the top one)."""
    found: set[str] = set()
    for path in files:
        folder = parent_folder(path)
        while folder and folder not in found:
            found.add(folder)
            folder = parent_folder(folder)
    return found


def _scan(out_dir: Path, files: dict[str, bytes], hashes: dict[str, str]) -> SiteState | None:
    """What an output folder holds, as a state: a file equal to the build's has its sha, others ""."""
    state = SiteState()
    base, stack = f"{out_dir}/", [""]
    try:
        while stack:
            folder = stack.pop()
            state.folders[folder] = os.stat(base + folder).st_mtime_ns  # before: a later change shows
            prefix = f"{folder}/" if folder else ""
            with os.scandir(base + folder) as entries:
                for entry in entries:
                    path = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(path)
                        continue
                    stat = entry.stat(follow_symlinks=False)  # a link is a stray entry, like a file
                    data = files.get(path)
                    same = (
                        data is not None
                        and entry.is_file(follow_symlinks=False)
                        and stat.st_size == len(data)
                        and _read(entry.path) == data
                    )
                    state.files[path] = Written(hashes[path] if same else "", signature(stat))
    except OSError:
        return None
    return state


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _as_left(aside: str, state: SiteState, steps: list[Step]) -> bool:
    """Tell whether what the steps touch in the site (now renamed to ``aside``) is as ``state`` says."""
    base, stat = f"{aside}/", os.stat
    try:
        for folder in {parent_folder(step.target) for step in steps}:
            if stat(base + folder).st_mtime_ns != state.folders[folder]:
                return False  # a file was added to it, removed or renamed: it would go unnoticed
        for step in steps:
            known = state.files.get(step.target) if step.displace else None
            if (
                known is not None and signature(os.lstat(base + step.target)) != known.signature
            ):  # a link: itself
                return False
    except (OSError, KeyError):
        return False
    return True


def _steps(
    files: dict[str, bytes | Unchanged],
    rendered: dict[str, bytes],
    changed: dict[str, str],
    removed: list[str],
    state: SiteState,
    tidy: bool = False,
) -> list[Step] | None:
    """The steps that turn the site ``state`` describes into ``files`` (None: a file became a folder).

    ``rendered``: the files given with their bytes (every ``changed`` one). ``tidy``: the
    state may hold folders with no file of the last build (a scanned folder).
    """

    known, folders = state.files, state.folders
    steps: list[Step] = []
    trees: dict[str, dict[str, bytes]] = {}  # a folder the site lacks -> its new files
    for path in sorted(changed):
        if path in folders:
            return None
        if path in known:
            steps.append(Step(path, True, rendered[path]))
            continue
        top, folder = "", parent_folder(path)
        while folder and folder not in folders:
            if folder in known:
                return None
            top, folder = folder, parent_folder(folder)
        if top:
            trees.setdefault(top, {})[path[len(top) + 1 :]] = rendered[path]
        else:
            steps.append(Step(path, False, rendered[path]))
    steps.extend(Step(top, False, tree) for top, tree in sorted(trees.items()))
    if removed or tidy:
        staying = _folders(files)
        gone: set[str] = set()
        for path in [*removed, *(folder for folder in folders if tidy and folder and folder not in staying)]:
            top, folder = path, parent_folder(path)
            while folder and folder not in staying:  # remove the emptied folder, not just the file
                top, folder = folder, parent_folder(folder)
            gone.add(top)
        steps.extend(Step(target, True, None) for target in sorted(gone))
    return steps


def _next_state(
    state: SiteState, out_dir: Path, changed: dict[str, str], removed: list[str], steps: list[Step]
) -> SiteState:
    """The state after ``steps``: the old one, with the files and folders they touched stat'ed again."""
    files, folders = dict(state.files), dict(state.folders)
    for path in removed:
        del files[path]
    gone = {step.target for step in steps if step.data is None and step.target in folders}
    if gone:
        below = tuple(f"{folder}/" for folder in gone)
        folders = {f: mtime for f, mtime in folders.items() if f not in gone and not f.startswith(below)}
    touched = {"", *(parent_folder(step.target) for step in steps)}  # folders whose entries changed
    for step in steps:
        if isinstance(step.data, dict):  # a new folder: it and every folder in it
            for rel in step.data:
                folder = parent_folder(f"{step.target}/{rel}")
                while folder != parent_folder(step.target) and folder not in touched:
                    touched.add(folder)
                    folder = parent_folder(folder)
    base, stat = f"{out_dir}/", os.stat
    for folder in touched:
        folders[folder] = stat(base + folder).st_mtime_ns
    for path, sha in changed.items():
        files[path] = Written(sha, signature(stat(base + path)))
    return SiteState(files, folders)
