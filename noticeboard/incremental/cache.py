"""Make repeated builds cheap without ever changing what they produce.

The cache lives in ``.noticeboard-cache/`` in the folder the build runs from (ignored by
git; ``$NOTICEBOARD_CACHE`` names another). It is an optimisation only: a missing,
corrupted or foreign-version cache counts as empty, and a cached build writes exactly
the bytes a cold build writes. What it keeps:

1. **Record files** (:class:`~noticeboard.incremental.records.RecordMemo`): each file's parse and verdict
   (its own problems and model record), keyed by the sha256 of its bytes, its type, the
   schemas and the code version; cross-record checks still run on every build.
2. **Written files** (:class:`~noticeboard.output.state.SiteState`): the sha256 and stat of every
   file of the last build, so only files whose bytes changed are written, atomically
   (:mod:`noticeboard.output.changes`).
3. **Unchanged inputs**: a digest of every input (content files, the board's and the
   engine's templates and assets, schemas, code, the last git commit touching the content,
   build date, base URL). When it equals
   the last good build's and the output folder is as that build left it, the build does
   nothing at all.
4. **Page fingerprints**: the fingerprint of every page of the last build into a folder
   (:mod:`noticeboard.site.fingerprint`: template, site settings, path and values;
   :mod:`noticeboard.incremental.memory`). A page whose
   fingerprint is unchanged, in an output folder still as that build left it, is not
   rendered again; the files of other producers (exports, search index, feed) are made
   afresh and written only if their bytes changed.
5. **Things made once** (:mod:`noticeboard.incremental.keep`): the print edition's QR codes by URL and
   label, and rendered list rows by what they are made from; and the published files of every
   photo by its sha256 (:mod:`noticeboard.incremental.images`), so a photo is encoded once.
6. **Compiled templates** (``templates/<engine version>/``): Jinja's bytecode of each template, named by
   the board's language and texts as well (they are compiled in), so a build does not compile
   them again.
7. **Each producer's files** (:mod:`noticeboard.incremental.keeping`): which files each producer
   made in the last build into a folder, and what that build was made from. When an edit changes
   only records' prose (their Markdown bodies), a producer that shows none of it is not run:
   its files are kept as they are.

It also remembers how long each producer took, to share them out between two processes
(:mod:`noticeboard.site.parallel`).

The pipeline reaches all of it through one object: :meth:`BuildCache.begin` answers a
build request with the last good build's report when nothing changed, or with a
:class:`CachedSession` that does each stage of the build incrementally (the
``noticeboard.pipeline.Session`` contract).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noticeboard import paths
from noticeboard.cores import Answer
from noticeboard.incremental.cache_files import load_file, save_file
from noticeboard.incremental.digests import Inputs, code_version, read_inputs
from noticeboard.incremental.images import ImageStore
from noticeboard.incremental.keep import Keep
from noticeboard.incremental.keeping import (
    Shown,
    keeping,
    kept_producers,
    prose_edit,
    record_files,
)
from noticeboard.output.changes import write_changed
from noticeboard.output.report import BuildReport, BuildRequest
from noticeboard.output.staging import Staging
from noticeboard.output.state import SiteState, Summary, state_of

if TYPE_CHECKING:  # imported when a build first needs them: a build with nothing to do never does
    from noticeboard.incremental.memory import CachedMemory
    from noticeboard.incremental.records import RecordMemo
    from noticeboard.output.progress import Progress
    from noticeboard.site.context import Producer, SiteContext
    from noticeboard.site.files import SiteFiles

FINISHED_UNDIGESTED = "finished; inputs not digested"  # see CachedSession.finish
ROWS_LIMIT = 20_000  # about 10 MB: a 10,000-record board has about 9,000 rows
ROWS_PATIENCE = 32  # rows made before the kept ones are read: a text edit's page needs a few
CODES_LIMIT = 200_000


class BuildCache:
    """The incremental-build cache of one working folder (``folder=None``: in memory only)."""

    def __init__(self, folder: Path | None, keep_in_memory: bool = False) -> None:
        self.folder = folder
        # serve keeps the parse memo in memory between rebuilds; a one-off build writes it
        # out before rendering and lets it go, so it does not add to the peak.
        self.keep_in_memory = keep_in_memory or folder is None
        self._records: RecordMemo | None = None  # read from disk when a build first needs it
        self.sites: dict[str, SiteState] = {}  # output folder -> what the last good build left
        self.fingerprints: dict[str, dict[str, bytes]] = {}  # output folder -> page -> fingerprint
        self.shown: dict[str, Shown] = {}  # output folder -> what its last build was made from
        self.tokens: dict[str, str] = {}  # output folder -> the token of its last build (see site())
        self.current: set[str] = set()  # output folders whose fingerprints and shown are read or new
        self.timings: dict[str, float] = self._load_timings()  # seconds each producer took last time
        self.rows = Keep(ROWS_LIMIT, self._kept_loader("rows"), ROWS_PATIENCE)
        self.codes = Keep(CODES_LIMIT, self._kept_loader("codes"))
        self.images = ImageStore(folder / "images" if folder is not None else None)

    def _load_timings(self) -> dict[str, float]:
        loaded = load_file(self.folder / "timings.marshal") if self.folder is not None else None
        try:
            return {str(k): float(v) for k, v in (loaded or {}).get("timings", {}).items()}
        except (TypeError, ValueError, AttributeError):
            return {}

    @property
    def records(self) -> RecordMemo:
        """The parse memo (read on first use: a build with nothing to do never needs it)."""
        if self._records is None:
            from noticeboard.incremental.records import RecordMemo

            loaded = load_file(self.folder / "records.marshal") if self.folder is not None else None
            self._records = RecordMemo.unpack(loaded.get("memo")) if loaded is not None else RecordMemo()
        return self._records

    def begin(self, request: BuildRequest) -> BuildReport | CachedSession:
        """The last good build's report when no input changed since, else a session for a build."""
        started = time.perf_counter()
        if self._records is not None:  # a new build: keep only what it uses when saving
            self._records.begin_build()
        state = self.site(request.out_dir)
        # Is the folder still exactly as the last finished build left it? A child looks at its
        # files (27,000 stats at 10,000 records) while this process reads the inputs' signatures
        # and, if something changed, checks the content.
        out_dir = request.out_dir.absolute()
        intact = Answer(lambda: state.intact(out_dir)) if state is not None and state.inputs else None
        inputs = read_inputs(
            request.content_dir,
            paths.board_theme(request.content_dir),
            paths.SCHEMA_DIR,
            request.build_date,
            request.base_url,
        )
        digest = inputs.digest()
        if digest and state is not None and state.inputs == digest and intact is not None and intact.get():
            summary = state.summary
            return BuildReport(
                None,
                records=summary.records,
                pages=summary.pages,
                language=summary.language,
                seconds=time.perf_counter() - started,
            )
        return CachedSession(self, request, inputs, intact)

    def _site_file(self, out_dir: Path, kind: str = "site") -> Path | None:
        if self.folder is None:
            return None
        name = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        return self.folder / f"{kind}-{name}.marshal"

    def site(self, out_dir: Path) -> SiteState | None:
        """The state the last good build left in ``out_dir``, if known.

        Only the state: a build with nothing to do needs no more. What that build made (page
        fingerprints, each producer's files) is in a second file, read by :meth:`load_made`; both carry
        the same token, so the two always describe the same build.
        """
        key = str(out_dir.resolve())
        if key not in self.sites and (path := self._site_file(out_dir)) is not None:
            loaded = load_file(path)
            try:
                if loaded is not None:
                    self.sites[key] = SiteState.unpack(loaded["state"])
                    self.tokens[key] = str(loaded["token"])
            except (KeyError, TypeError, ValueError, AttributeError):
                self.sites.pop(key, None)
        return self.sites.get(key)

    def load_made(self, out_dir: Path) -> None:
        """Read what the last good build into ``out_dir`` made (its pages' fingerprints and each
        producer's files), if :meth:`site` knows that build and nothing is read yet."""
        key = str(out_dir.resolve())
        path = self._site_file(out_dir, "made")
        if key in self.current or key not in self.tokens or path is None:
            return
        self.current.add(key)
        loaded = load_file(path)
        try:
            if loaded is not None and loaded["token"] == self.tokens[key]:
                self.fingerprints[key] = {str(k): bytes(v) for k, v in loaded["pages"].items()}
                if (shown := Shown.unpack(loaded.get("shown"))) is not None:
                    self.shown[key] = shown
        except (KeyError, TypeError, ValueError, AttributeError):
            self.fingerprints.pop(key, None)
            self.shown.pop(key, None)

    def remember(
        self, key: str, state: SiteState, fingerprints: dict[str, bytes], shown: Shown | None
    ) -> None:
        """Hold what a build into the folder ``key`` left and made, under a new token."""
        self.sites[key], self.fingerprints[key], self.tokens[key] = state, fingerprints, os.urandom(8).hex()
        self.current.add(key)
        if shown is not None:
            self.shown[key] = shown
        else:
            self.shown.pop(key, None)

    def compiled_templates(self) -> str | None:
        """The folder of compiled templates in the cache folder, one per engine version (a build
        compiles each template it uses once, not on every build; none for an in-memory cache)."""
        if self.folder is None:
            return None
        folder = self.folder / "templates" / code_version()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        return str(folder)

    def _kept_loader(self, name: str) -> Callable[[], dict[Any, Any]] | None:
        """How to read the kept rows or codes from the cache folder (when first asked for)."""
        folder = self.folder
        if folder is None:
            return None

        def load() -> dict[Any, Any]:
            from noticeboard.incremental.memory import unpacked_rows

            kept = (load_file(folder / f"keep-{name}.marshal") or {}).get("items")
            if not isinstance(kept, dict):
                return {}
            try:
                return unpacked_rows(kept) if name == "rows" else kept
            except (TypeError, ValueError):
                return {}

        return load

    def save_records(self) -> None:
        """Write the record memo out (a one-off build does it before rendering, then lets it go)."""
        if self.folder is not None and self._records is not None:
            save_file(self.folder / "records.marshal", {"memo": self._records.pack()})
            self._records.saved = True

    def save(self) -> None:
        """Write the cache to its folder (nothing for an in-memory cache)."""
        from noticeboard.incremental.memory import packed_rows

        if self.folder is None:
            return
        if self._records is not None and not self._records.saved:
            self.save_records()
        save_file(self.folder / "timings.marshal", {"timings": self.timings})
        # Rows made before the kept ones were read are too few to read and rewrite 10 MB for.
        rows_file = self.folder / "keep-rows.marshal"
        if self.rows.take_new() and (self.rows.read or not rows_file.exists()):
            save_file(rows_file, {"items": packed_rows(self.rows.items)})
        if self.codes.take_new():
            save_file(self.folder / "keep-codes.marshal", {"items": self.codes.items})
        self.images.prune()
        for key, state in self.sites.items():
            token = self.tokens.get(key, "")
            if key in self.current and (made := self._site_file(Path(key), "made")) is not None:
                shown = self.shown[key].pack() if key in self.shown else None
                save_file(made, {"token": token, "pages": self.fingerprints.get(key, {}), "shown": shown})
            if (path := self._site_file(Path(key))) is not None:
                save_file(path, {"token": token, "state": state.pack()})


class CachedSession:
    """One incremental build (the ``noticeboard.pipeline.Session`` contract)."""

    def __init__(
        self, cache: BuildCache, request: BuildRequest, inputs: Inputs, intact: Answer | None
    ) -> None:
        from noticeboard.incremental.memory import CachedMemory

        self.cache = cache
        self.request = request
        self.signatures = inputs  # of every input, read when the build began
        self.inputs = inputs.digest()  # digest of every input, "" when a file was edited a moment ago
        self.made: Shown | None = None  # what this build is made from, and each producer's files
        self.key = str(request.out_dir.resolve())
        # Pages are kept only when the last build finished and the folder is still exactly as
        # it left it (``intact``, None when no finished build is known): the kept pages' bytes
        # are taken from there.
        self._intact = intact
        cache.records.signatures = inputs.signatures()  # stat once per build, not twice
        self.memory: CachedMemory = CachedMemory(
            {}, cache.rows, cache.codes, cache.images, cache.compiled_templates()
        )
        # No board in the output folder yet: every file is new, written while the next renders.
        self.staging: Staging | None = None

    @property
    def verified(self) -> bool:
        """Whether the last build into this folder finished and the folder is as it left it."""
        return self._intact is not None and self._intact.get()

    @property
    def reading(self) -> RecordMemo:
        """The record memo: unchanged files are neither parsed nor validated again."""
        return self.cache.records

    def produce(self, ctx: SiteContext, producers: list[Producer], told: Progress | None) -> list[SiteFiles]:
        """Run the producers on both cores, shared out by their times in the last build."""
        from noticeboard.site.parallel import run_producers

        cache = self.cache
        if self.verified:
            cache.load_made(self.request.out_dir)
            self.memory.previous = cache.fingerprints.get(self.key, {})
        around, records = (
            self.signatures.around(record_files(ctx.board)),
            cache.records.records_digests(ctx.board).now,
        )
        shown = cache.shown.get(self.key) if self.verified else None
        kept = self._kept(producers, shown, around, ctx) if shown is not None else set()
        if not cache.keep_in_memory:  # the board is loaded: the memo is only for the next build now
            cache.save_records()
            cache.records.release()
        if not (self.request.out_dir / "index.html").is_file():
            self.staging = Staging(self.request.out_dir)
        running = [keeping(p, shown.files[p.name]) if shown and p.name in kept else p for p in producers]
        earlier = cache.timings
        expected = {**earlier, **dict.fromkeys(kept, 0.0)}  # a kept producer takes no time
        if (edited := self.memory.prose_edited) is not None:  # the others make the edited records' pages
            share = len(edited) / max(1, ctx.board.record_count())
            expected = {name: seconds * share for name, seconds in expected.items()}
        outputs, timings = run_producers(running, ctx, expected, self.staging, told)
        cache.timings = {**timings, **{name: earlier[name] for name in kept if name in earlier}}
        if around and records is not None:
            files = {producer.name: list(made) for producer, made in zip(producers, outputs, strict=True)}
            self.made = Shown(around, records, files)
        return outputs

    def _kept(self, producers: list[Producer], shown: Shown, around: str, ctx: SiteContext) -> set[str]:
        """The producers whose files the last build into this folder (``shown``) made as this
        one would; their pages' fingerprints stand for this build too. When only some records'
        prose changed, the memory learns which, so the producers that run keep the pages of
        the other records (``PageMemory.kept``)."""
        memo = self.cache.records
        edit = prose_edit(shown, around, ctx.board, memo.before, memo.records_digests(ctx.board).then)
        if edit is None:
            return set()
        self.memory.since(edit.files, self.request.out_dir)
        kept = kept_producers(producers, shown, edit)
        previous, fingerprints = self.memory.previous, self.memory.fingerprints
        for name in kept:
            fingerprints.update((path, previous[path]) for path in shown.files[name] if path in previous)
        return kept

    def write(self, files: SiteFiles) -> int:
        """Write the files that changed; return how many were written."""
        from noticeboard.site.files import held

        out_dir = self.request.out_dir
        if self.staging is not None:
            self.staging.put(files)
            written, state = len(files), state_of(out_dir.absolute(), self.staging.swap())
        else:
            previous = self.cache.site(out_dir)
            written, state = write_changed(held(files), out_dir, previous, verified=self.verified)
        state.inputs = ""  # set by finish(), once the whole build has succeeded
        self.cache.sites[self.key] = state
        return written

    def abandon(self) -> None:
        """Remove the unfinished new folder, if this build was making one."""
        if self.staging is not None:
            self.staging.discard()

    def finish(self, report: BuildReport) -> None:
        """Remember a good build and save the cache."""
        cache = self.cache
        state = cache.sites[self.key]
        # Never "" (a build still writing): a build started while a file was being edited has
        # no digest to trust for "nothing changed", yet its pages are finished and their
        # fingerprints good.
        state.inputs = self.inputs or FINISHED_UNDIGESTED
        cache.remember(self.key, state, self.memory.fingerprints, self.made)
        state.summary = Summary(report.records, report.pages, report.language)
        if not cache.keep_in_memory:  # serve saves once, when it stops: each save writes megabytes
            cache.save()
