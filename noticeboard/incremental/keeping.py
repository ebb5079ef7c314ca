"""Keep a producer's files from the last build when nothing it shows has changed.

The commonest edit rewrites a record's text: its Markdown body, the ``prose`` field of its
record type (a wish's story, a project's description). That text shows on few outputs: the
record's own page, the search index and the open data. Every other producer (the lists, the
filter pages, the places, the tracker, the print edition, the short links, …) would make the
same bytes again, and working out its pages' values to find that out is most of an edit's
cost. Each producer says whose prose it shows (``Producer.shows_prose_of``;
``tests/incremental/test_keeping.py`` rewrites the prose of every record type on the demo
board and holds every producer to what it says).

A producer's files are kept, not made, when all of this holds:

- the last build into this folder finished, and the folder is exactly as it left it (the
  session's ``verified``; the kept files are taken from there);
- everything besides the record files is as it was then (:meth:`Inputs.around
  <noticeboard.incremental.digests.Inputs.around>`: code, templates, schemas, settings, build
  date, base address, the other content files such as site.yaml and photos, the git commit);
- the record files are those of then, and every file whose bytes differ makes a record that,
  its prose left out, equals the one it made then (the record memo keeps the earlier verdict
  of each file it reads again: :attr:`RecordMemo.before
  <noticeboard.incremental.records.RecordMemo.before>`);
- the producer shows the prose of none of the changed records' types.

Otherwise it runs, as before. Running a producer that could have been kept only costs time;
the output is the same either way (cached builds are compared with cold ones byte for byte).

The producers that do run keep what they can too: the memory learns which records' prose
changed (:class:`ProseEdit`), and a page that shows none of it — another record's page, a
list — is kept without its values being worked out (``PageMemory.kept``;
``tests/incremental/test_prose_shown.py`` marks every record's prose and holds the pages to it).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from noticeboard.site.files import UNCHANGED, SiteFiles

if TYPE_CHECKING:  # the cache module imports this one, and a build with nothing to do needs neither
    from noticeboard.content.model import Board
    from noticeboard.site.context import Producer, SiteContext


class EarlierFacts(Protocol):
    """What the record memo knew about a file before this build read it again
    (:class:`noticeboard.incremental.records.Facts`)."""

    @property
    def sha(self) -> str: ...

    @property
    def judged(self) -> Any: ...  # its verdict then (Judged), or None


@dataclass(frozen=True)
class Shown:
    """What the last finished build into one folder was made from, and each producer's files."""

    around: str  # Inputs.around(record files) of that build
    records: bytes  # records_digest of that build
    files: dict[str, list[str]]  # producer name -> the site paths it made

    def pack(self) -> dict[str, Any]:
        return {"around": self.around, "records": self.records, "files": self.files}

    @staticmethod
    def unpack(packed: object) -> Shown | None:
        """The state from :meth:`pack`'s data; None for anything malformed."""
        try:
            files = {str(name): [str(path) for path in paths] for name, paths in packed["files"].items()}  # type: ignore[index]
            return Shown(str(packed["around"]), bytes(packed["records"]), files)  # type: ignore[index]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


def record_files(board: Board) -> set[str]:
    """The board's record files, relative to the content folder."""
    return {record.source.rel for records in board.records.values() for record in records}


def records_digest(board: Board, earlier: dict[str, str] | None = None) -> bytes | None:
    """Digest of every record file's path and sha256; None when one was read without the memo.

    ``earlier``: the sha256 some files had before this build read them again (by filename),
    to say what the board was made from then.
    """
    earlier = earlier or {}
    parts = []
    for records in board.records.values():
        for record in records:
            source = record.source
            sha = earlier.get(source.filename, source.sha)
            if sha is None:
                return None
            parts.append(f"{source.rel}\0{sha}")
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _without_prose(record: object, prose: str | None) -> bytes | None:
    """Digest of a record's fields but its Source and its prose."""
    from noticeboard.site.fingerprint import fingerprint

    fields = sorted((key, value) for key, value in vars(record).items() if key not in ("source", prose))
    return fingerprint(type(record).__name__, fields)


@dataclass(frozen=True)
class ProseEdit:
    """Records changed since an earlier build in their prose alone."""

    types: frozenset[str]  # their record types
    files: frozenset[str]  # their files' names (``Source.filename``)


def prose_changes(board: Board, before: Mapping[str, EarlierFacts]) -> ProseEdit | None:
    """The records that changed in their prose alone since the facts ``before`` (by filename);
    None when a record changed in anything else or cannot be compared."""
    from noticeboard.content.types import TYPES_BY_NAME

    types: set[str] = set()
    files: set[str] = set()
    for records in board.records.values():
        for record in records:
            facts = before.get(record.source.filename)
            if facts is None or facts.sha == record.source.sha:
                continue
            earlier = facts.judged.record if facts.judged is not None else None
            prose = TYPES_BY_NAME[record.source.type].prose
            if earlier is None or type(earlier) is not type(record) or prose is None:
                return None
            then, now = _without_prose(earlier, prose), _without_prose(record, prose)
            if then is None or then != now:  # None: a value that cannot be digested
                return None
            types.add(record.source.type)
            files.add(record.source.filename)
    return ProseEdit(frozenset(types), frozenset(files))


def prose_edit(
    shown: Shown | None, around: str, board: Board, before: Mapping[str, EarlierFacts], then: bytes | None
) -> ProseEdit | None:
    """What changed since the last build into this folder (``shown``) when it is prose alone
    (see the module doc; ``around``: this build's Inputs.around; ``then``: the records digest of
    ``board`` with the files in ``before`` as they were), else None."""
    if shown is None or not around or around != shown.around:
        return None
    if then is None or then != shown.records:
        return None  # a file added, removed, or changed since a build into another folder
    return prose_changes(board, before)


def kept_producers(producers: Iterable[Producer], shown: Shown, edit: ProseEdit) -> set[str]:
    """The names of the producers whose files the last build into this folder (``shown``) made
    exactly as this one would, ``edit`` being all that changed since."""
    return {
        producer.name
        for producer in producers
        if producer.name in shown.files
        and producer.shows_prose_of is not None
        and not edit.types & producer.shows_prose_of
    }


def keeping(producer: Producer, files: list[str]) -> Producer:
    """A producer that keeps ``files`` from the last build instead of making them."""
    kept: SiteFiles = dict.fromkeys(files, UNCHANGED)

    def keep(_ctx: SiteContext) -> SiteFiles:
        return dict(kept)

    return dataclasses.replace(producer, make=keep)
