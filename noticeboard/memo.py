"""What a build learnt about each record file, reused while the file's bytes stay the same.

Part of the build cache (:mod:`noticeboard.cache`), which saves :meth:`RecordMemo.pack`
and restores it with :meth:`RecordMemo.unpack`. Two layers, both keyed by the sha256 of
the file's bytes, its record type and the code version, so a changed file or changed
code never reuses a stale result:

- the **parse** of each file (its data and the position of every key and value);
- the **verdict** on each record file: the problems its own checks found (parse issues,
  schema, private data) and the model record built from it. Its key also holds a digest
  of the schemas. The build date is not part of it: no check of a single file reads the
  date (future dates are a cross-record rule), and :func:`noticeboard.crosscheck.cross_check`
  runs on the whole board every time.

A file with a verdict is not parsed at all: its record is rebuilt from plain values, and
its parse stays marshalled bytes until a cross-record problem needs a position in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
import os
import time

from noticeboard.load import Source, parse_bytes, parse_file
from noticeboard.parse import Positioned
from noticeboard.problems import Problem
from noticeboard.schema import schemas_digest
from noticeboard.update import StatSignature
from noticeboard.update import signature as stat_signature

RACY_NS = 2_000_000_000
MAX_CHUNKS = 8  # saves that only add to the file facts before they are written out whole again

# The facts of a file: (its stat signature, or None while that is racy; the sha256 of its
# bytes; the verdict on those bytes, or None). A verdict: (context, problems as (line,
# column, code, params), the record as _encode gives it or None, the marshalled parse).
# The context names everything else a verdict depends on: schemas, code, type, file suffix.
Facts = tuple
Verdict = tuple


def racy(signature: StatSignature) -> bool:
    """Tell whether a file changed so recently that a same-size rewrite could keep its stat.

    File times tick in steps (a few ms here, 2 s on some file systems), so, like git, we
    only trust a signature that is older than a tick could be.
    """
    return max(signature[1], signature[3]) >= time.time_ns() - RACY_NS


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
        # The facts as saved: marshalled dicts, a later one overriding an earlier one. A build
        # that changed a few files saves them as one more chunk instead of all 10,000 again.
        self._chunks: list[bytes] = []
        self._chunked = 0  # facts in those chunks, overridden ones included
        self._unread = False  # chunks not unpacked into self.files yet
        self._changed: set[str] = set()  # paths whose facts are newer than the chunks
        self._judging: dict[str, tuple] = {}  # path -> (context, parse key, parse) while validated
        self._contexts: dict[tuple, str] = {}
        self._dates: dict[int, dt.date] = {}

    def _read_chunks(self) -> None:
        # Done by the first read, inside check_content, where the cyclic collector is off:
        # with it on, unpacking 10,000 verdicts takes twice as long.
        self._unread = False
        files: dict[str, Facts] = {}
        try:
            for chunk in self._chunks:
                part = marshal.loads(chunk)
                files.update(part)
                self._chunked += len(part)
        except (EOFError, ValueError, TypeError):
            files, self._chunks, self._chunked = {}, [], 0
        files.update(self.files)
        self.files = files

    def read(self, source: Source, markdown_prose: str | None, *, judged: bool = False) -> Verdict | None:
        """Give ``source`` its parse (see ``load.parse_file``); for a record file (``judged``)
        whose bytes an earlier build validated, return that verdict instead of parsing.

        Raises what ``load.parse_file`` raises.
        """
        if self._unread:
            self._read_chunks()
        filename = source.filename
        self.seen.add(filename)
        try:
            signature = stat_signature(os.stat(filename))
        except OSError:
            source.doc = parse_file(source, markdown_prose)  # let the loader report it
            return None
        facts = self.files.get(filename)
        raw = None
        if facts is None or facts[0] != signature:
            with open(filename, "rb") as handle:
                raw = handle.read()
            sha = hashlib.sha256(raw).hexdigest()
            verdict = facts[2] if facts is not None and facts[1] == sha else None
            facts = self.files[filename] = (None if racy(signature) else signature, sha, verdict)
            self._changed.add(filename)
        verdict = facts[2]
        context = self._context(source.type, markdown_prose, source.rel)
        if verdict is not None and verdict[0] == context and judged:
            self.hits += 1
            source.defer(verdict[3])
            return verdict
        key = f"{context.partition(':')[2]}:{facts[1]}"  # code, type, prose, suffix, sha
        self.used.add(key)
        stored = self.entries.get(key)
        if (
            stored is None
            and verdict is not None
            and verdict[0].partition(":")[2] == context.partition(":")[2]
        ):
            stored = self.entries[key] = verdict[3]  # only the schemas changed: the parse holds
        if stored is not None:
            self.hits += 1
            data, values, keys, floats = marshal.loads(stored)
            source.doc = Positioned(data=data, values=values, keys=keys, floats=floats)
        else:
            self.misses += 1
            if raw is None:
                doc = parse_file(source, markdown_prose)
            else:  # the bytes just hashed: what is kept is exactly what was parsed
                doc = parse_bytes(raw, source.rel, markdown_prose)
            if not doc.issues:  # documents with parse issues are rare and never valid: not kept
                stored = self.entries[key] = marshal.dumps((doc.data, doc.values, doc.keys, doc.floats))
            source.doc = doc
        if judged and stored is not None:
            self._judging[filename] = (context, key, stored)
        return None

    def _context(self, type_name: str, markdown_prose: str | None, rel: str) -> str:
        """What a verdict depends on besides the bytes: one string object per kind of file, so
        that the cache file holds it once and comparing it is an identity check."""
        suffix = rel[rel.rfind(".") :]
        found = self._contexts.get((type_name, markdown_prose, suffix))
        schemas = schemas_digest()  # serve reads the schemas again when they change
        if found is None or not found.startswith(schemas):
            from noticeboard.cache import code_version  # cache imports this module

            found = f"{schemas}:{code_version()}:{type_name}:{markdown_prose}:{suffix}"
            self._contexts[(type_name, markdown_prose, suffix)] = found
        return found

    def remember(self, source: Source, problems: list[Problem], record: object | None) -> None:
        """Keep the verdict of a record file validated in this build, for the next builds."""
        filename = source.filename
        judging = self._judging.pop(filename, None)
        facts = self.files.get(filename)
        if judging is None or facts is None:
            return  # not read through this memo, or its parse is not kept: judged afresh each time
        context, key, stored = judging
        found = tuple((p.line, p.column, p.code, p.params) for p in problems)
        try:
            if found:
                marshal.dumps(found)  # every parameter must survive the cache file
            encoded = _encode(record) if record is not None else None
        except (ValueError, _Unencodable):
            return
        self.files[filename] = (facts[0], facts[1], (context, found, encoded, stored))
        self._changed.add(filename)
        self.used.discard(key)  # the verdict holds the parse now: not saved twice

    def problems(self, verdict: Verdict, source: Source) -> list[Problem]:
        """The problems of a verdict, located in ``source``."""
        if not verdict[1]:
            return []
        return [
            Problem(source.display, line, column, code, dict(params))
            for line, column, code, params in verdict[1]
        ]

    def record(self, verdict: Verdict, source: Source) -> object | None:
        """The model record of a verdict (None when the file's shape was wrong)."""
        return self._decode(verdict[2], source) if verdict[2] is not None else None

    def _decode(self, encoded: tuple, source: Source | None = None) -> object:
        name, items, dates, nested = encoded
        cls, names = _codec(name)
        values = dict(zip(names, items, strict=True))
        known = self._dates
        for key in dates:
            day = known.get(values[key])
            if day is None:
                day = known[values[key]] = dt.date.fromordinal(values[key])
            values[key] = day
        for key, many in nested:
            values[key] = (
                tuple(self._decode(item) for item in values[key]) if many else self._decode(values[key])
            )
        if source is not None:
            values["source"] = source  # replaces the None _encode left in its place
        record = _new(cls)
        _set(record, "__dict__", values)  # the fields, in the order __init__ would set them
        return record

    @classmethod
    def unpack(cls, packed: object) -> RecordMemo:
        """A memo from :meth:`pack`'s data; anything malformed gives an empty memo."""
        try:
            memo = cls(dict(packed["entries"]))  # type: ignore[index]
            chunks = list(packed["files"])  # type: ignore[index]
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()
        if all(isinstance(chunk, bytes) for chunk in chunks):
            memo._chunks, memo._unread = chunks, True
        return memo

    def pack(self) -> dict:
        """What to save: the parses and file facts of the latest build.

        Facts of files the build did not see, or facts since replaced, stay in the saved
        chunks until they are a quarter of them, or there are MAX_CHUNKS chunks; then the
        facts are written out whole again.
        """
        entries = {key: self.entries[key] for key in self.used if key in self.entries}
        if self._unread:  # nothing was read: nothing changed
            return {"entries": entries, "files": list(self._chunks)}
        files = self.files
        live = [path for path in self.seen if path in files]
        dead = self._chunked + len(self._changed) - len(live)
        if not self._chunks or len(self._chunks) >= MAX_CHUNKS or dead > len(live) // 4:
            self._chunks = [marshal.dumps({path: files[path] for path in live})]
            self._chunked = len(live)
        else:
            changed = {path: files[path] for path in self._changed if path in files}
            if changed:
                self._chunks = [*self._chunks, marshal.dumps(changed)]
                self._chunked += len(changed)
        self._changed = set()
        return {"entries": entries, "files": list(self._chunks)}


# --- model records as plain values ------------------------------------------------------

_new = object.__new__
_set = object.__setattr__  # model classes are frozen
_PLAIN = (str, int, float, bool, type(None))


class _Unencodable(Exception):
    """A record holding a value the cache cannot keep: it is simply built afresh next time."""


def _classes() -> dict[str, type]:
    global _CLASSES
    if not _CLASSES:
        from noticeboard import model

        _CLASSES = {
            name: value
            for name, value in vars(model).items()
            if isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__ == model.__name__
        }
    return _CLASSES


_CLASSES: dict[str, type] = {}


def _encode(value: object) -> tuple:
    """A model record as marshal-able parts: (class name, field values, date fields, nested fields).

    Dates are day numbers; ``source`` is None (the rebuilt object gets the new Source in the
    same place: the page fingerprints pickle the fields in order).
    """
    name = type(value).__name__
    if _classes().get(name) is not type(value):
        raise _Unencodable(name)
    items = []
    dates, nested = [], []
    for field_name in _field_names(type(value)):
        item = getattr(value, field_name)
        if field_name == "source":
            item = None
        elif type(item) is dt.date:
            item = item.toordinal()
            dates.append(field_name)
        elif dataclasses.is_dataclass(item):
            item = _encode(item)
            nested.append((field_name, False))
        elif type(item) is tuple and item and all(dataclasses.is_dataclass(part) for part in item):
            item = tuple(_encode(part) for part in item)
            nested.append((field_name, True))
        elif not _plain(item):
            raise _Unencodable(f"{name}.{field_name}")
        items.append(item)
    # The same shapes recur in every record: one object each, stored once in the cache file.
    shape = _SHAPES.setdefault((name, tuple(dates), tuple(nested)), (name, tuple(dates), tuple(nested)))
    return (shape[0], tuple(items), shape[1], shape[2])


_SHAPES: dict[tuple, tuple] = {}


@functools.cache
def _codec(name: str) -> tuple[type, tuple[str, ...]]:
    cls = _classes()[name]
    return cls, _field_names(cls)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def _plain(value: object) -> bool:
    if type(value) is tuple:
        return all(_plain(part) for part in value)
    return type(value) in _PLAIN
