"""What a build learnt about each record file, reused while the file's bytes stay the same.

Part of the build cache (:mod:`noticeboard.incremental.cache`), which saves :meth:`RecordMemo.pack`
and restores it with :meth:`RecordMemo.unpack`. Two layers, both keyed by the sha256 of
the file's bytes, its record type and the code version, so a changed file or changed
code never reuses a stale result:

- the **parse** of each file (its data and the position of every key and value);
- the **verdict** on each record file: the problems its own checks found (parse issues,
  schema, private data) and the model record built from it. Its key also holds a digest
  of the schemas. The build date is not part of it: no check of a single file reads the
  date (future dates are a cross-record rule), and :func:`noticeboard.content.crosscheck.cross_check`
  runs on the whole board every time.

A file with a verdict is not parsed at all: its record is rebuilt from what was kept, and
the file is parsed again only if a cross-record problem needs a position in it (within
the same build, so its bytes are those its stat vouched for a moment before). Parses are
kept only for files without a verdict (settings, files just edited).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import marshal
import os
import pickle
from typing import TYPE_CHECKING, Any, NamedTuple

from noticeboard.content.decode import parse_bytes, parse_file
from noticeboard.content.media import Inspected
from noticeboard.content.parse import Positioned
from noticeboard.content.problems import Problem
from noticeboard.content.reading import CrossCheck, Verdict
from noticeboard.content.schema import schemas_digest
from noticeboard.content.source import Source
from noticeboard.content.types import TYPES_BY_NAME
from noticeboard.incremental.digests import code_version
from noticeboard.incremental.media import MediaMemo
from noticeboard.incremental.model_copies import detached, model_classes, recalled
from noticeboard.incremental.sharing import judged_on_two_cores
from noticeboard.output.state import StatSignature, racy
from noticeboard.output.state import signature as stat_signature

if TYPE_CHECKING:
    from noticeboard.content.model import Board

MAX_CHUNKS = 8  # saves that only add to the file facts before they are written out whole again
# What cross-record rules read of a board besides its records (its photos are checked after).
RULED_FIELDS = frozenset({"site", "rules", "build_date", "catalogue"})


class Judged(NamedTuple):
    """The verdict on one version of a record file, as the cache file keeps it."""

    context: str  # everything else it depends on: schemas, code, type, file suffix
    problems: tuple[tuple[int, int, str, dict[str, Any]], ...]  # (line, column, code, params)
    record: Any | None  # the model record without its Source; None: the shape was wrong


class Facts(NamedTuple):
    """What a build learnt about one file."""

    signature: StatSignature | None  # its stat signature, or None while that is racy
    sha: str  # the sha256 of its bytes
    judged: Judged | None  # the verdict on those bytes, if it is a record file judged before


class RecordsDigests(NamedTuple):
    """The records digest of a build's board (:func:`~noticeboard.incremental.keeping.records_digest`),
    None where it cannot be worked out."""

    then: bytes | None  # with the files this build read again as they were before
    now: bytes | None  # as they are now


class RecordMemo:
    """What a build learnt about each record file, reused while the file's bytes stay the same."""

    def __init__(
        self, entries: dict[str, bytes] | None = None, files: dict[str, Facts] | None = None
    ) -> None:
        self.entries: dict[str, bytes] = entries or {}  # parse key -> marshalled (data, values, keys, floats)
        self.files: dict[str, Facts] = files or {}  # path -> facts
        self.used: set[str] = set()  # entries of the current build
        self.seen: set[str] = set()  # files of the current build
        self.hits = 0
        self.misses = 0
        self.saved = False  # packed and written out since this build began
        # The facts as saved: pickled dicts, a later one overriding an earlier one. A build
        # that changed a few files saves them as one more chunk instead of all 10,000 again.
        self._chunks: list[bytes] = []
        self._chunked = 0  # facts in those chunks, overridden ones included
        self._unread = False  # chunks not unpacked into self.files yet
        self._changed: set[str] = set()  # paths whose facts are newer than the chunks
        self._judging: dict[str, tuple[str, str]] = {}  # path -> (context, parse key) while validated
        self._contexts: dict[tuple[str, str | None, str], str] = {}
        self._shared: dict[object, object] = {}  # one object per recurring text or date (see _detached)
        self.photos = MediaMemo()  # what each photo file in content/media/ is
        # (digest of the board but its records, records_digest) when cross-record rules last
        # found nothing; None when they found something or never ran
        self.clean: tuple[bytes, bytes] | None = None
        # path -> its facts as they were before this build found other bytes in it: what the
        # record was before (noticeboard.incremental.keeping compares the two)
        self.before: dict[str, Facts] = {}
        # path -> (the verdict kept, the file as shown, the Verdict the last judged() in this
        # process made of them): serve's next build takes the same Verdict again instead of a
        # copy (10,000 fewer records to make per rebuild at 10,000 records)
        self._made: dict[str, tuple[Judged, str, Verdict]] = {}
        # rel -> the file's stat signature read as the build began (Inputs.signatures): judged()
        # takes it instead of asking again (10,000 stats, 0.02 s). A file written after that
        # moment is as if written just after judged() looked; the next build sees it.
        self.signatures: dict[str, StatSignature] = {}
        self._digests: RecordsDigests | None = None  # see records_digests()

    def _read_chunks(self) -> None:
        # Done by the first read, inside check_content, where the cyclic collector is off:
        # with it on, unpacking 10,000 verdicts takes twice as long.
        self._unread = False
        files: dict[str, Facts] = {}
        try:
            for chunk in self._chunks:
                part = _Unpickler(io.BytesIO(chunk)).load()
                files.update(part)
                self._chunked += len(part)
        except Exception:  # a damaged chunk can fail in many ways: start afresh
            files, self._chunks, self._chunked = {}, [], 0
        files.update(self.files)
        self.files = files

    def judged(self, sources: list[Source]) -> dict[str, Verdict]:
        """The verdicts of the record files among ``sources`` (of any types) whose stat has not
        moved since an earlier build judged their bytes (by ``rel``); the loader leaves those
        unparsed (``Source.defer``). Many files never judged are judged here on both cores
        (:mod:`.sharing`); the others are left to :meth:`read`.

        This is the whole work for an unchanged file, so it is one loop with few lookups.
        """
        if self._unread:
            self._read_chunks()
        found: dict[str, Verdict] = {}
        facts_of = self.files.get
        seen = self.seen.add
        stat = os.stat
        contexts: dict[tuple[str, str], str] = {}
        made, self._made = self._made, {}
        known = self.signatures.get
        for source in sources:
            filename = source.filename
            facts = facts_of(filename)
            if facts is None or facts.judged is None:
                continue
            rel = source.rel
            signature = known(rel)
            if signature is None:
                try:
                    signature = stat_signature(stat(filename))
                except OSError:
                    continue
            kind = (source.type, rel[rel.rfind(".") :])
            context = contexts.get(kind)
            if context is None:
                context = contexts[kind] = self._context(source.type, TYPES_BY_NAME[source.type].prose, rel)
            if facts.signature == signature and facts.judged.context == context:
                seen(filename)
                source.sha = facts.sha
                # The same bytes, shown by the same name, made into the same record: its Source
                # (that of the build that first recalled it) says all this one says.
                earlier = made.get(filename)
                same = earlier is not None and earlier[0] is facts.judged and earlier[1] == source.display
                found[rel] = earlier[2] if same and earlier is not None else recalled(facts.judged, source)
                self._made[filename] = (facts.judged, source.display, found[rel])
        found.update(judged_on_two_cores(self, [s for s in sources if s.rel not in found]))
        self.hits += len(found)
        return found

    def judged_now(self, source: Source, prose: str | None) -> Verdict | None:
        """The verdict on ``source``'s bytes as read in this build, if the memo has one (by this code)."""
        facts = self.files.get(source.filename)
        if facts is None or facts.judged is None or source.filename not in self.seen:
            return None
        if facts.judged.context != self._context(source.type, prose, source.rel):
            return None
        source.sha = facts.sha
        return recalled(facts.judged, source)

    def learn(self, facts: dict[str, Facts]) -> None:
        """Take what a child of :mod:`~noticeboard.incremental.sharing` learnt (the earlier facts
        of a file whose bytes it found changed are kept in ``before``, as :meth:`read` does)."""
        for filename, now in facts.items():
            then = self.files.get(filename)
            if then is not None and then.sha != now.sha:
                self.before.setdefault(filename, then)
        self.files.update(facts)
        self._changed.update(facts)
        self.seen.update(facts)

    def read(self, source: Source, prose: str | None, *, record: bool) -> Verdict | None:
        """Give ``source`` its parse (see ``decode.parse_file``); for a record file (``record``)
        whose bytes an earlier build validated, return that verdict instead of parsing.

        Raises what ``decode.parse_file`` raises.
        """
        if self._unread:
            self._read_chunks()
        filename = source.filename
        self.seen.add(filename)
        try:
            signature = stat_signature(os.stat(filename))
        except OSError:
            source.doc = parse_file(filename, source.rel, prose)  # let the loader report it
            return None
        facts = self.files.get(filename)
        raw = None
        if facts is None or facts.signature != signature:
            with open(filename, "rb") as handle:
                raw = handle.read()
            sha = hashlib.sha256(raw).hexdigest()
            judged = facts.judged if facts is not None and facts.sha == sha else None
            if facts is not None and facts.sha != sha:
                self.before.setdefault(filename, facts)
            facts = self.files[filename] = Facts(None if racy(signature) else signature, sha, judged)
            self._changed.add(filename)
        source.sha = facts.sha
        context = self._context(source.type, prose, source.rel)
        if facts.judged is not None and facts.judged.context == context and record:
            self.hits += 1
            source.defer(prose)
            return recalled(facts.judged, source)
        key = f"{context.partition(':')[2]}:{facts.sha}"  # code, type, prose, suffix, sha
        self.used.add(key)
        stored = self.entries.get(key)
        if stored is not None:
            self.hits += 1
            data, values, keys, floats = marshal.loads(stored)
            source.doc = Positioned(data=data, values=values, keys=keys, floats=floats)
        else:
            self.misses += 1
            if raw is None:
                doc = parse_file(filename, source.rel, prose)
            else:  # the bytes just hashed: what is kept is exactly what was parsed
                doc = parse_bytes(raw, source.rel, prose)
            if not doc.issues:  # documents with parse issues are rare and never valid: not kept
                parsed = (doc.data, doc.values, doc.keys, doc.floats)
                stored = self.entries[key] = marshal.dumps(parsed)  # type: ignore[arg-type]  # plain data
            source.doc = doc
        if record:
            self._judging[filename] = (context, key)
        return None

    def _context(self, type_name: str, prose: str | None, rel: str) -> str:
        """What a verdict depends on besides the bytes: one string object per kind of file, so
        that the cache file holds it once."""
        suffix = rel[rel.rfind(".") :]
        found = self._contexts.get((type_name, prose, suffix))
        schemas = schemas_digest()  # serve reads the schemas again when they change
        if found is None or not found.startswith(schemas):
            found = f"{schemas}:{code_version()}:{type_name}:{prose}:{suffix}"
            self._contexts[(type_name, prose, suffix)] = found
        return found

    def remember(self, source: Source, verdict: Verdict) -> None:
        """Keep the verdict of a record file validated in this build, for the next builds."""
        filename = source.filename
        judging = self._judging.pop(filename, None)
        facts = self.files.get(filename)
        if judging is None or facts is None:
            return  # not read through this memo: judged afresh each time
        context, key = judging
        found = tuple((p.line, p.column, p.code, p.params) for p in verdict.problems)
        try:
            if found:
                marshal.dumps(found)  # plain values only: every parameter survives the cache file
        except ValueError:
            return
        kept = None
        record = verdict.record
        if record is not None:
            known = model_classes().get(type(record).__name__) is type(record)
            if not known or not hasattr(record, "__dict__"):
                return  # not a model record this cache knows how to keep
            kept = detached(record, self._shared)
            if kept is None:
                return
        self.files[filename] = Facts(facts.signature, facts.sha, Judged(context, found, kept))
        self._changed.add(filename)
        self.used.discard(key)  # the verdict stands for the parse now: neither saved nor kept
        self.entries.pop(key, None)

    def cross_checked(self, board: Board, given: object, run: CrossCheck) -> list[Problem]:
        """The cross-record rules' problems: none, without running them, when the rules found
        none in the last build this memo saw and only records' prose changed since (no rule
        reads prose: ``tests/content/test_cross_prose.py``); else ``run()``."""
        from noticeboard.incremental.keeping import prose_changes
        from noticeboard.site.fingerprint import fingerprint

        fields = sorted((name, value) for name, value in vars(board).items() if name in RULED_FIELDS)
        around = fingerprint(fields, given)
        then, now = self.records_digests(board)
        clean = self.clean == (around, then) and prose_changes(board, self.before) is not None
        problems = [] if clean and around is not None else run()
        self.clean = (around, now) if not problems and around is not None and now is not None else None
        return problems

    def records_digests(self, board: Board) -> RecordsDigests:
        """The records digest of this build's ``board`` (:func:`~.keeping.records_digest`) as its
        files were before this build read some of them again (``before``), and as they are now:
        worked out once per build, for the cross-record rules and for keeping outputs."""
        from noticeboard.incremental.keeping import records_digest

        if self._digests is None:
            earlier = {name: facts.sha for name, facts in self.before.items()}
            self._digests = RecordsDigests(records_digest(board, earlier), records_digest(board))
        return self._digests

    def media(self, filename: str, rel: str) -> Inspected:
        """What a photo file is: kept while its stat stays the same (:mod:`.media`)."""
        return self.photos.inspect(filename, rel)

    def begin_build(self) -> None:
        """Start a new build: keep only what it uses when saving."""
        self.used.clear()
        self.seen.clear()
        self.before.clear()
        self.signatures, self._digests = {}, None
        self.photos.begin_build()
        self.saved = False

    def release(self) -> None:
        """Let go of everything kept for the next build (call after saving :meth:`pack`).

        The board keeps what it needs: its records, which parse their files again if asked.
        """
        self.entries, self.files, self._chunks = {}, {}, []
        self.photos = MediaMemo()
        self._changed, self._judging, self._shared, self.before, self._made = set(), {}, {}, {}, {}
        self.signatures, self._digests = {}, None
        self._chunked, self._unread = 0, False

    @classmethod
    def unpack(cls, packed: object) -> RecordMemo:
        """A memo from :meth:`pack`'s data; anything malformed gives an empty memo."""
        try:
            memo = cls(dict(packed["entries"]))  # type: ignore[index]
            chunks = list(packed["files"])  # type: ignore[index]
            memo.photos = MediaMemo.unpack(packed.get("photos"))  # type: ignore[attr-defined]
            clean = packed.get("clean")  # type: ignore[attr-defined]
            memo.clean = (bytes(clean[0]), bytes(clean[1])) if clean else None
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()
        if all(isinstance(chunk, bytes) for chunk in chunks):
            memo._chunks, memo._unread = chunks, True
        return memo

    def pack(self) -> dict[str, Any]:
        """What to save: the parses and file facts of the latest build.

        Facts of files the build did not see, or facts since replaced, stay in the saved
        chunks until they are a quarter of them, or there are MAX_CHUNKS chunks; then the
        facts are written out whole again.
        """
        entries = {key: self.entries[key] for key in self.used if key in self.entries}
        photos = self.photos.pack()
        if self._unread:  # nothing was read: nothing changed
            return {"entries": entries, "files": list(self._chunks), "photos": photos, "clean": self.clean}
        files = self.files
        live = [path for path in self.seen if path in files]
        dead = self._chunked + len(self._changed) - len(live)
        if not self._chunks or len(self._chunks) >= MAX_CHUNKS or dead > len(live) // 4:
            self._chunks = [_pickled({path: files[path] for path in live})]
            self._chunked = len(live)
        else:
            changed = {path: files[path] for path in self._changed if path in files}
            if changed:
                self._chunks = [*self._chunks, _pickled(changed)]
                self._chunked += len(changed)
        self._changed = set()
        return {"entries": entries, "files": list(self._chunks), "photos": photos, "clean": self.clean}


def _pickled(facts: dict[str, Facts]) -> bytes:
    return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)


class _Unpickler(pickle.Unpickler):
    """Rebuilds model records and dates, and nothing else: a cache file cannot run code."""

    def find_class(self, module: str, name: str) -> type:
        if module == "datetime" and name == "date":
            return dt.date
        if module == __name__ and name in ("Facts", "Judged"):
            return {"Facts": Facts, "Judged": Judged}[name]
        found = model_classes().get(name)
        if found is not None and found.__module__ == module:
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in the build cache")
