"""Make repeated builds cheap without ever changing what they produce.

The cache lives in ``.noticeboard-cache/`` in the folder the build runs from (ignored by
git; ``$NOTICEBOARD_CACHE`` names another). It is an optimisation only: a missing,
corrupted or foreign-version cache counts as empty, and a cached build writes exactly
the bytes a cold build writes. What it keeps:

1. **Record files** (:class:`~noticeboard.memo.RecordMemo`): each file's parse and verdict
   (its own problems and model record), keyed by the sha256 of its bytes, its type, the
   schemas and the code version; cross-record checks still run on every build.
2. **Written files** (:class:`~noticeboard.update.SiteState`): the sha256 and stat of every
   file of the last build, so only files whose bytes changed are written, atomically
   (:mod:`noticeboard.update`).
3. **Unchanged inputs**: a digest of every input (content files, templates, schemas,
   code, the last git commit touching the content, build date, base URL). When it equals
   the last good build's and the output folder is as that build left it, the build does
   nothing at all.
4. **Page fingerprints**: the fingerprint of every page of the last build into a folder
   (:mod:`noticeboard.fingerprint`: template, site settings, path and values). A page whose
   fingerprint is unchanged, in an output folder still as that build left it, is not
   rendered again; the files of other producers (exports, search index, feed) are made
   afresh and written only if their bytes changed.
5. **Things made once** (:mod:`noticeboard.keep`): the print edition's QR codes by URL and
   label, and rendered list rows by what they are made from.

It also remembers how long each producer took, to share them out between two processes
(:mod:`noticeboard.parallel`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import subprocess
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from noticeboard.update import SiteState, racy, write_changed
from noticeboard.update import signature as stat_signature

if TYPE_CHECKING:
    from noticeboard.memo import RecordMemo  # imported when a build first needs it

CACHE_FOLDER = ".noticeboard-cache"
FINISHED_UNDIGESTED = "finished; inputs not digested"  # see BuildCache.finish
FORMAT = 1  # bump when the layout of the cache files changes
_PACKAGE = Path(__file__).resolve().parent
_DEPENDENCIES = ("jinja2", "markupsafe", "markdown", "nh3", "pyyaml", "jsonschema", "segno")


def default_cache_dir() -> Path:
    """The cache folder: $NOTICEBOARD_CACHE, else ``.noticeboard-cache/`` in the working folder."""
    return Path(os.environ.get("NOTICEBOARD_CACHE") or CACHE_FOLDER).absolute()


@cache
def code_version() -> str:
    """A digest of the running code: our modules, locales and the libraries that shape output."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.json")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    import importlib.metadata  # here: ~15 ms, and a build with nothing to do may not need it

    for name in _DEPENDENCIES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing\n".encode())
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """Digest of every file below ``folder`` (names and bytes); symlinked folders are not entered."""
    digest = hashlib.sha256()
    for rel, entry in sorted(_walk(folder), key=lambda item: item[0]):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(Path(entry.path).read_bytes())
        except OSError as error:
            digest.update(f"unreadable {error.errno}".encode())
    return digest.hexdigest()


def tree_signatures(folder: Path) -> Iterator[tuple[str, object]]:
    """Yield (relative path, stat signature) for every file or link below ``folder``, cheaply."""
    for rel, entry in _walk(folder):
        try:
            signature: object = stat_signature(entry.stat())  # follows a symlink to what it points at
        except OSError as error:
            signature = ("missing", error.errno)
        if entry.is_symlink():
            signature = (signature, os.readlink(entry.path))
        yield rel, signature


def _walk(folder: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Yield every non-folder entry below ``folder``; symlinked folders are not entered."""
    stack = [(str(folder), "")]
    while stack:
        here, prefix = stack.pop()
        try:
            with os.scandir(here) as entries:
                found = list(entries)
        except OSError:
            continue
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{prefix}{entry.name}/"))
            else:
                yield f"{prefix}{entry.name}", entry


def content_commit(folder: Path) -> str:
    """The latest commit that touched the content folder (pages show its history), or why none."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%H", "--", "."],
            cwd=folder,
            capture_output=True,
            timeout=10,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return "no git"
    return f"{result.returncode} {result.stdout.decode(errors='replace').strip()}"


def inputs_digest(
    content_dir: Path, templates: Path, schemas: Path, build_date: dt.date, base_url: str | None
) -> str:
    """Digest of everything a build reads: if it is unchanged, so is the site ("" if unsure)."""
    digest = hashlib.sha256()
    for part in (code_version(), build_date.isoformat(), repr(base_url), content_commit(content_dir)):
        digest.update(part.encode() + b"\n")
    for label, folder in (("content", content_dir), ("templates", templates), ("schemas", schemas)):
        digest.update(f"[{label}] {folder.resolve()}\n".encode("utf-8", "surrogateescape"))
        entries = sorted(tree_signatures(folder))
        if any(len(signature) == 4 and racy(signature) for _, signature in entries):  # type: ignore[arg-type]
            return ""  # just edited: the next build must look at the bytes
        digest.update(marshal.dumps(entries))
    return digest.hexdigest()


# --- the cache as the pipeline sees it -----------------------------------------------------


def _load(path: Path) -> dict | None:
    """Read a cache file; anything unreadable, corrupted or from other code counts as absent."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("code") != code_version():
        return None
    return data


def _save(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(marshal.dumps({**data, "code": code_version()}))
    os.replace(temporary, path)  # a reader sees the old file or the new one, never half


class BuildCache:
    """The incremental-build cache of one content folder (``folder=None``: in memory only)."""

    def __init__(self, folder: Path | None, keep_in_memory: bool = False) -> None:
        self.folder = folder
        # serve keeps the parse memo in memory between rebuilds; a one-off build writes it
        # out before rendering and lets it go, so it does not add to the peak.
        self.keep_in_memory = keep_in_memory or folder is None
        self._records_saved = False
        self._records: RecordMemo | None = None  # read from disk when a build first needs it
        self.sites: dict[str, SiteState] = {}
        self.fingerprints: dict[str, dict[str, bytes]] = {}  # output folder -> page -> fingerprint
        self._pending: dict[str, dict[str, bytes]] = {}  # the same, for the build in progress
        self._verified: dict[str, bool] = {}  # output folder -> found intact by track_pages
        self.inputs = ""  # digest of the build in progress
        self.timings: dict[str, float] = {}  # seconds each producer took last time
        if folder is not None:
            timings = _load(folder / "timings.marshal")
            try:
                self.timings = {str(k): float(v) for k, v in (timings or {}).get("timings", {}).items()}
            except (TypeError, ValueError, AttributeError):
                self.timings = {}

    @property
    def records(self) -> RecordMemo:
        """The parse memo (read on first use: a build with nothing to do never needs it)."""
        if self._records is None:
            from noticeboard.memo import RecordMemo

            loaded = _load(self.folder / "records.marshal") if self.folder is not None else None
            self._records = RecordMemo.unpack(loaded.get("memo")) if loaded is not None else RecordMemo()
        return self._records

    def collect(self, board, ctx, producers: list) -> dict[str, bytes]:
        """Run the producers on both cores (see noticeboard.parallel), merged as pipeline.collect does."""
        from noticeboard.parallel import run_producers
        from noticeboard.pipeline import ProducerClash

        if not self.keep_in_memory:  # the board is loaded: the memo is only for the next build now
            self._save_records()
            self.records.release()
        self._load_kept()
        outputs, self.timings = run_producers(producers, board, ctx, self.timings)
        files: dict[str, bytes] = {}
        for producer, made in zip(producers, outputs, strict=True):
            for path, data in made.items():
                if path in files:
                    raise ProducerClash(f"{producer.__module__}.{producer.__name__} also writes {path}")
                files[path] = data
        return files

    def _load_kept(self) -> None:
        """Read what noticeboard.keep holds from the cache, unless this process has it already."""
        from noticeboard import qr, render  # noqa: F401 (they make their Keeps when imported)
        from noticeboard.keep import KEEPS

        for name, keep in KEEPS.items():
            if self.folder is not None and not keep.items:
                kept = (_load(self.folder / f"keep-{name}.marshal") or {}).get("items")
                if isinstance(kept, dict):
                    keep.items.update(kept)

    def _save_kept(self) -> None:
        """Save each Keep that made something new in this build."""
        from noticeboard.keep import KEEPS

        for name, keep in KEEPS.items():
            if self.folder is not None and keep.take_new():
                _save(self.folder / f"keep-{name}.marshal", {"items": keep.items})

    def _site_file(self, out_dir: Path) -> Path | None:
        if self.folder is None:
            return None
        name = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        return self.folder / f"site-{name}.marshal"

    def site(self, out_dir: Path) -> SiteState | None:
        """The state the last good build left in ``out_dir``, if known."""
        key = str(out_dir.resolve())
        if key not in self.sites and (path := self._site_file(out_dir)) is not None:
            loaded = _load(path)
            try:
                if loaded is not None:
                    state = loaded["state"]
                    self.sites[key] = SiteState(
                        dict(state["files"]), dict(state["folders"]), state["inputs"], tuple(state["summary"])
                    )
                    self.fingerprints[key] = {str(k): bytes(v) for k, v in loaded["pages"].items()}
            except (KeyError, TypeError, ValueError, AttributeError):
                self.sites.pop(key, None)
        return self.sites.get(key)

    def unchanged_report(self, content_dir: Path, out_dir: Path, build_date: dt.date, base_url: str | None):
        """A BuildReport for "nothing to do" when no input changed since the last good build, else None."""
        from noticeboard import paths
        from noticeboard.check import Checked, check_content
        from noticeboard.report import BuildReport

        started = time.perf_counter()
        if self._records is not None:  # a new build: keep only what it uses when saving
            self._records.used.clear()
            self._records.seen.clear()
        self._records_saved = False
        self.inputs = inputs_digest(content_dir, paths.TEMPLATES, paths.SCHEMA_DIR, build_date, base_url)
        state = self.site(out_dir)
        if not (self.inputs and state is not None and state.inputs == self.inputs and state.intact(out_dir)):
            return None
        records, pages, language = state.summary
        board = _UnchangedBoard(records, lambda: check_content(content_dir, build_date, self.records).board)
        checked = Checked(board=board, problems=[], language=language)  # type: ignore[arg-type]
        return BuildReport(checked, files=0, pages=pages, seconds=time.perf_counter() - started)

    def track_pages(self, ctx, out_dir: Path) -> None:
        """Let the build skip pages whose fingerprint equals the last good build's into ``out_dir``.

        Only when that build finished and the folder is still exactly as it left it: the
        kept pages' bytes are taken from there.
        """
        key = str(out_dir.resolve())
        state = self.site(out_dir)
        trusted = state is not None and state.inputs != "" and state.intact(out_dir.absolute())
        self._verified[key] = trusted  # write() need not stat the whole folder again
        ctx.previous = self.fingerprints.get(key, {}) if trusted else {}
        # Kept aside until finish(): a build that fails must not pair these with the old folder.
        ctx.fingerprints = self._pending[key] = {}

    def write(self, files: dict[str, bytes], out_dir: Path) -> int:
        """Write the changed files of a good build; return how many were written."""
        key = str(out_dir.resolve())
        verified = self._verified.pop(key, False)
        written, state = write_changed(files, out_dir, self.site(out_dir), verified=verified)
        state.inputs = ""  # set by finish(), once the whole build has succeeded
        self.sites[key] = state
        return written

    def finish(self, out_dir: Path, report) -> None:
        """Remember a good build (a pipeline BuildReport) and save the cache."""
        key = str(out_dir.resolve())
        state = self.sites[key]
        # Never "" (a build still writing): a build started while a file was being edited has
        # no digest to trust for "nothing changed", yet its pages are finished and their
        # fingerprints good.
        state.inputs = self.inputs or FINISHED_UNDIGESTED
        self.fingerprints[key] = self._pending.pop(key, {})
        state.summary = (report.checked.board.record_count(), report.pages, report.checked.language)
        if not self.keep_in_memory:  # serve saves once, when it stops: each save writes megabytes
            self.save()

    def _save_records(self) -> None:
        if self.folder is not None and self._records is not None:
            _save(self.folder / "records.marshal", {"memo": self.records.pack()})
            self._records_saved = True

    def save(self) -> None:
        """Write the cache to its folder (nothing for an in-memory cache)."""
        if self.folder is None:
            return
        if not self._records_saved:
            self._save_records()
        _save(self.folder / "timings.marshal", {"timings": self.timings})
        self._save_kept()
        for key, state in self.sites.items():
            path = self._site_file(Path(key))
            if path is not None:
                _save(path, {"state": state.pack(), "pages": self.fingerprints.get(key, {})})


class _UnchangedBoard:
    """The board of a build that had nothing to do: counts its records, loads itself if asked more."""

    def __init__(self, records: int, load) -> None:
        self._records = records
        self._load = load
        self._board = None

    def record_count(self) -> int:
        """Count the records (as the last good build did)."""
        return self._records

    def __getattr__(self, name: str):
        if self._board is None:
            self._board = self._load()
        return getattr(self._board, name)
