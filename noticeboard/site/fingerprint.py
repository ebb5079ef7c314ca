"""Fingerprints of what a page is made from: equal fingerprints, equal pages.

A page's fingerprint digests its template (with every template it includes), the site
settings every page shows, its path and the values its producer gave it. Templates reach
nothing else (see :mod:`noticeboard.render`), so when the fingerprint of a page equals the
one the last build recorded, the page would come out byte for byte the same and is not
rendered again (:class:`noticeboard.update.Unchanged`).

Values are digested through :mod:`pickle`, which walks dataclasses, lists and dates
generically. Two details make that a fingerprint rather than a serialisation:

- *fast* mode (no memo): an object met twice is written out twice, so the bytes depend on
  the values alone, not on which equal objects happen to be shared in this process;
- a record's :class:`~noticeboard.load.Source` is written as its file name: a page shows
  the name (edit links, history) and never the parsed document or its positions;
- within one build a record is digested once and stands as its digest on every page that
  shows it (:class:`Fingerprinter`); a record read through the build cache is digested by
  its file's name and sha256, since the model makes each record from its own file alone
  (the cache keeps each file's model record on the same ground, :mod:`noticeboard.memo`);
- what a record shows beyond its own file, its photos' bytes, is digested with it (the
  ``also`` of a :class:`Fingerprinter`): a photo replaced under the same name changes every
  page and list row showing the record.

Anything that cannot be pickled (a lambda, a cycle) gives no fingerprint, and a page
without one is always rendered.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
from collections.abc import Callable
from typing import Any

from noticeboard.content.source import Source

# How pickle writes an object instead of its fields: (a callable, its arguments).
Reduced = tuple[type, tuple[object, ...]]


def _file_name(source: Source) -> Reduced:
    return (str, (source.rel,))


DispatchTable = dict[type, Callable[[Any], Any]]  # how pickle writes objects of each type
_PLAIN: DispatchTable = dict(copyreg.dispatch_table)
_PLAIN[Source] = _file_name
_ERRORS = (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError)


def _digest(parts: object, dispatch_table: DispatchTable) -> bytes | None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dispatch_table
    pickler.fast = True  # no memo: equal values give equal bytes however objects are shared
    try:
        pickler.dump(parts)
    except _ERRORS:
        return None
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


def fingerprint(*parts: object) -> bytes | None:
    """A 16-byte digest of ``parts``, or None when they cannot be digested."""
    return _digest(parts, _PLAIN)


class Fingerprinter:
    """Fingerprints for one build, digesting each record once however many pages show it.

    A list page holds thousands of records and a record shows on several pages; each
    record (an instance of ``record_classes``) is digested the first time it is met and
    stands as its digest afterwards. Records are immutable and live as long as the build,
    so the memo (by object identity, holding the object) stays true.
    """

    def __init__(
        self, record_classes: tuple[type, ...], also: Callable[[object], bytes] = lambda _: b""
    ) -> None:
        # By id(record); the record is held too, so its id cannot be reused within the build.
        self._records: dict[int, tuple[object, bytes]] = {}
        self._also = also  # what a record shows besides its own file (its photos' digests)
        self._table: DispatchTable = dict(_PLAIN)
        for record_class in record_classes:
            self._table[record_class] = self._record

    def record_digest(self, record: object) -> bytes | None:
        """The digest a record stands as (None if it cannot be digested)."""
        try:
            return self._digest_of(record)
        except pickle.PicklingError:
            return None

    def _record(self, record: object) -> Reduced:
        return (bytes, (self._digest_of(record),))

    def _digest_of(self, record: object) -> bytes:
        """Digest a record once per build (see the class doc); raise PicklingError if it cannot be."""
        known = self._records.get(id(record))
        if known is None:
            source = getattr(record, "source", None)
            sha = getattr(source, "sha", None)
            also = self._also(record)
            if sha is not None:  # made from this file's bytes alone: its name and sha say it all
                name = f"{type(record).__name__}\0{source.rel}\0{sha}"  # type: ignore[union-attr]
                digest = hashlib.blake2b(name.encode() + b"\0" + also, digest_size=16).digest()
            else:
                made = _digest((record, also) if also else record, _PLAIN)
                if made is None:
                    raise pickle.PicklingError(f"cannot digest {type(record).__name__}")
                digest = made
            known = self._records[id(record)] = (record, digest)
        return known[1]

    def __call__(self, *parts: object) -> bytes | None:
        """A 16-byte digest of ``parts``, or None when they cannot be digested."""
        return _digest(parts, self._table)
