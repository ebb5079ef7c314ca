"""Find the record files of a board and read each into positioned data.

Nothing here judges what a record says; it only makes sure a file is safe and
readable (size, encoding, symlinks, YAML syntax, front matter) and keeps the position
of every key and value, counted from the top of the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from noticeboard.parse import ParseError, Positioned, parse_yaml
from noticeboard.problems import Problem

if TYPE_CHECKING:
    from noticeboard.memo import RecordMemo

MAX_FILE_BYTES = 1024 * 1024
RECORD_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIX = ".md"
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".bak", ".tmp", ".orig")
_RECORD_LIKE = (*RECORD_SUFFIXES, MARKDOWN_SUFFIX)
_JSON_TYPE_NAMES = {list: "array", str: "string", int: "integer", float: "number", bool: "boolean"}
_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")


@dataclass(frozen=True)
class RecordType:
    """A kind of record and where its files live inside the content folder."""

    name: str  # also the schema name: schemas/<name>.schema.json
    folder: str  # relative to the content folder, POSIX style
    prose: str | None = None  # the field a Markdown body fills; None: YAML only


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("partner", "partners", "description"),
    RecordType("project", "projects", "description"),
    RecordType("wish", "wishes", "story"),
    RecordType("council", "councils", "minutes"),
    RecordType("award", "points/awards"),
    RecordType("redemption", "points/redemptions"),
)
SINGLE_FILES: tuple[tuple[str, str], ...] = (("site", "site.yaml"), ("rules", "points/rules.yaml"))


class _Unread:
    """A record file whose verdict the build cache knew: parsed only if something asks."""

    __slots__ = ("prose",)

    def __init__(self, prose: str | None) -> None:
        self.prose = prose


@lru_cache(maxsize=16)
def _unread(prose: str | None) -> _Unread:
    return _Unread(prose)


class Source:
    """One file on disk: how to name it in messages, and its positioned data.

    A plain class rather than a dataclass so that a board of 10,000 files costs little to
    list: the :class:`~pathlib.Path` is made when first asked for, and a file whose verdict
    came from the build cache is parsed only if a message needs a position in it (see
    :mod:`noticeboard.memo`).
    """

    __slots__ = ("_doc", "_path", "display", "filename", "id", "rel", "sha", "type")

    def __init__(
        self, type: str, id: str, path: Path | str, display: str, rel: str, doc: Positioned | None = None
    ) -> None:
        self.type = type
        self.id = id
        self._path = path  # real path, for reading
        self.filename = os.fspath(path)  # the same as a string, for the os functions
        self.display = display  # as a volunteer sees it: "content/wishes/2022-05-16-haircut.yaml"
        self.rel = rel  # relative to the content folder, POSIX style
        self._doc: Positioned | _Unread | None = doc  # None: nothing read (yet)
        # The sha256 of the file's bytes when the build cache read it (noticeboard.memo), else
        # None. A record is made from its file alone, so this names it for page fingerprints.
        self.sha: str | None = None

    @property
    def path(self) -> Path:
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    @property
    def doc(self) -> Positioned:
        doc = self._doc
        if doc is None:
            doc = self._doc = Positioned(data=None)
        elif type(doc) is _Unread:  # judged by an earlier build (noticeboard.memo): parsed when needed
            try:
                doc = parse_file(self, doc.prose)
            except (ParseError, OSError):  # changed or gone since this build judged it: no positions
                doc = Positioned(data=None)
            self._doc = doc
        return doc

    @doc.setter
    def doc(self, doc: Positioned) -> None:
        self._doc = doc

    def defer(self, markdown_prose: str | None) -> None:
        """Leave the file unparsed until its data or a position is asked for (its verdict is known)."""
        self._doc = _unread(markdown_prose)

    def _fields(self) -> tuple:
        return (self.type, self.id, self.path, self.display, self.rel, self.doc)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"Source(type={self.type!r}, id={self.id!r}, rel={self.rel!r})"

    def problem(self, code: str, path: tuple = (), *, at_key: bool = False, **params) -> Problem:
        """Locate a problem at a key path of this file."""
        line, column = self.doc.position(path, at_key=at_key)
        return Problem(self.display, line, column, code, params)

    @property
    def data(self) -> dict:
        return self.doc.data  # type: ignore[return-value]


@dataclass
class Loaded:
    """Everything read from a content folder: sources by type, and reading problems."""

    root: Path
    sources: dict[str, list[Source]]
    problems: list[Problem]
    ids: dict[str, set[str]]  # every id seen per type, readable or not (for references)
    # With a build cache: the verdicts of record files unchanged since a build that judged
    # them (by ``rel``; see noticeboard.memo), and the memo that keeps the new ones.
    verdicts: dict[str, tuple] = field(default_factory=dict)
    memo: RecordMemo | None = None


def load_content(content_dir: Path, display_root: str | None = None, memo=None) -> Loaded:
    """Read every record file below ``content_dir`` (``memo``: a cache.RecordMemo reusing parses)."""
    root = content_dir.resolve()
    shown = display_root if display_root is not None else content_dir.as_posix()
    loaded = Loaded(root=root, sources={}, problems=[], ids={}, memo=memo)
    top = os.path.join(root, "")  # the folder with one trailing slash, for plain string joins
    for type_name, rel in SINGLE_FILES:
        source = _make_source(type_name, top, rel, shown)
        loaded.ids[type_name] = {source.id}
        if not (root / rel).is_file():
            loaded.problems.append(Problem(source.display, 1, 1, "missing-file", {"file": rel}))
            loaded.sources[type_name] = []
            continue
        if not _inside(root / rel, root):
            loaded.problems.append(_file_problem(shown, rel, "symlink-escape"))
            loaded.sources[type_name] = []
            continue
        loaded.sources[type_name] = _read_into(loaded, source, markdown_prose=None, memo=memo)
    for record_type in RECORD_TYPES:
        sources: list[Source] = []
        first_by_id: dict[str, Source] = {}
        listed = []
        for rel in _record_files(root, record_type, loaded, shown):
            source = _make_source(record_type.name, top, rel, shown)
            if _check_id(source, first_by_id, loaded.problems):
                listed.append(source)
        # noticeboard.memo: files unchanged since a build that judged them keep their verdicts.
        known = memo.known(listed, record_type.prose) if memo is not None else {}
        loaded.verdicts.update(known)
        unread = _unread(record_type.prose)
        for source in listed:
            if source.rel in known:
                source._doc = unread  # Source.defer, for 10,000 files
                sources.append(source)
            else:
                sources.extend(
                    _read_into(loaded, source, markdown_prose=record_type.prose, memo=memo, record=True)
                )
        loaded.ids[record_type.name] = set(first_by_id)
        loaded.sources[record_type.name] = sources
    loaded.problems += _misplaced_files(root, shown)
    return loaded


def _misplaced_files(root: Path, shown: str) -> list[Problem]:
    """Report record files outside every folder the board reads (``wish/x.yaml``, ``points/rule.yaml``).

    Without this a misspelt folder would quietly drop its records from the public board.
    """
    read_folders = {record_type.folder for record_type in RECORD_TYPES}
    single_files = {rel for _, rel in SINGLE_FILES}
    problems = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not name.startswith(".") and (here / name).relative_to(root).as_posix() not in read_folders
        )
        for name in sorted(filenames):
            rel = (here / name).relative_to(root).as_posix()
            if name.startswith(".") or rel in single_files or not name.endswith(_RECORD_LIKE):
                continue
            problems.append(_file_problem(shown, rel, "misplaced-file"))
    return problems


def printable(name: str) -> str:
    """Show a file name that is not valid UTF-8 (say GBK from a Windows zip) as \\x escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _make_source(type_name: str, top: str, rel: str, shown: str) -> Source:
    return Source(type_name, _stem(rel), top + rel, _display(shown, rel), rel)


def _display(shown: str, rel: str) -> str:
    """The file as a volunteer names it: ``rel`` under the content folder as they typed it."""
    # printable() works character by character and the joiner ends with "/", so the two
    # parts can be made printable apart; an ASCII name needs nothing.
    return _joiner(shown) + (rel if rel.isascii() else printable(rel))


@lru_cache(maxsize=64)
def _joiner(shown: str) -> str:
    # What PurePosixPath(shown) / rel puts before a clean relative path (one per board,
    # not 10,000 path objects): the folder as PurePosixPath normalises it, then a slash.
    if shown in ("", "."):
        return ""
    folder = str(PurePosixPath(shown))
    return printable(folder if folder.endswith("/") else folder + "/")


def _stem(rel: str) -> str:
    """The file name without its last suffix, as PurePosixPath(rel).stem gives it."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


ID_PATTERN = re.compile(r"[a-z0-9-]{1,64}\Z")


def _check_id(source: Source, first_by_id: dict[str, Source], problems: list[Problem]) -> bool:
    if not ID_PATTERN.match(source.id):
        problems.append(source.problem("invalid-id", id=printable(source.id)))
        return False
    if source.id in first_by_id:
        first = first_by_id[source.id]
        problems.append(source.problem("duplicate-id", id=source.id, other=first.display))
        return False
    first_by_id[source.id] = source
    return True


def _record_files(root: Path, record_type: RecordType, loaded: Loaded, shown: str) -> Iterator[str]:
    """Yield record files of one type (relative POSIX paths), sorted, refusing escapes."""
    folder = root / record_type.folder
    if not folder.is_dir():
        return
    if not _inside(folder, root):
        loaded.problems.append(_file_problem(shown, record_type.folder, "symlink-escape"))
        return
    suffixes = RECORD_SUFFIXES + ((MARKDOWN_SUFFIX,) if record_type.prose else ())
    found: list[str] = []
    # os.walk's order and rules (symlinked folders are listed, not entered), with plain
    # strings and the file types os.scandir already knows: no Path or lstat per file.
    stack = [(os.fspath(folder), record_type.folder + "/")]
    while stack:
        here, rel_here = stack.pop()
        try:
            with os.scandir(here) as scan:
                entries = list(scan)
        except OSError:
            continue
        folders, files = [], []
        for entry in entries:
            (folders if _is_dir(entry) else files).append(entry)
        folders = sorted((e for e in folders if not e.name.startswith(".")), key=_name)
        for entry in folders:
            if _is_symlink(entry) and not _inside(Path(entry.path), root):
                loaded.problems.append(_file_problem(shown, rel_here + entry.name, "symlink-escape"))
        for entry in sorted(files, key=_name):
            name = entry.name
            if name.startswith(".") or name.endswith(_IGNORED_SUFFIXES):
                continue
            rel = rel_here + name
            if _is_symlink(entry) and not _inside(Path(entry.path), root):
                loaded.problems.append(_file_problem(shown, rel, "symlink-escape"))
                continue
            if not name.endswith(suffixes):
                loaded.problems.append(
                    _file_problem(shown, rel, "unexpected-file", allowed=", ".join(suffixes))
                )
                continue
            found.append(rel)
        stack.extend((e.path, f"{rel_here}{e.name}/") for e in reversed(folders) if not _is_symlink(e))
    yield from sorted(found)


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symlink, as os.walk does when sorting folders from files
    except OSError:
        return False


def _is_symlink(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _file_problem(shown: str, rel: str, code: str, **params: object) -> Problem:
    return Problem(_display(shown, rel), 1, 1, code, params)


def parse_file(source: Source, markdown_prose: str | None) -> Positioned:
    """Read and parse one record file: YAML, or Markdown with front matter."""
    return parse_text(read_text(source.filename), source.rel, markdown_prose)


def parse_bytes(raw: bytes, rel: str, markdown_prose: str | None) -> Positioned:
    """Parse the bytes of a record file named ``rel`` (see :func:`parse_file`)."""
    if len(raw) > MAX_FILE_BYTES:
        raise ParseError("file-too-large", (1, 1), size=len(raw), limit=MAX_FILE_BYTES)
    return parse_text(decode_text(raw), rel, markdown_prose)


def parse_text(text: str, rel: str, markdown_prose: str | None) -> Positioned:
    """Parse the text of a record file named ``rel``: YAML, or Markdown with front matter."""
    if rel.endswith(MARKDOWN_SUFFIX):
        return parse_markdown_record(text, markdown_prose or "")
    return parse_yaml(text)


def _read_into(
    loaded: Loaded, source: Source, *, markdown_prose: str | None, memo=None, record: bool = False
) -> list[Source]:
    """Read and parse one file; return [source] if it is usable, else [].

    With a memo (noticeboard.memo), a record file whose bytes an earlier build judged keeps
    that verdict and is not parsed now; any other file's parse may come from the memo.
    """
    try:
        if memo is None:
            source.doc = parse_file(source, markdown_prose)
        else:
            verdict = memo.read(source, markdown_prose, judged=record)
            if verdict is not None:
                loaded.verdicts[source.rel] = verdict
                return [source]
    except ParseError as error:
        loaded.problems.append(Problem(source.display, *error.position, error.code, error.params))
        return []
    except OSError as error:
        loaded.problems.append(
            Problem(source.display, 1, 1, "unreadable-file", {"detail": error.strerror or ""})
        )
        return []
    if not isinstance(source.doc.data, dict):
        holds = _JSON_TYPE_NAMES.get(type(source.doc.data), "null")
        loaded.problems.append(source.problem("not-a-mapping", holds=holds))
        return []
    return [source]


def read_text(path: Path | str) -> str:
    """Read a file as UTF-8 text (a BOM is allowed), refusing large or undecodable files."""
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise ParseError("file-too-large", (1, 1), size=size, limit=MAX_FILE_BYTES)
    with open(path, "rb") as handle:
        raw = handle.read()
    return decode_text(raw)


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); name the line of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes, like every other column we report; the text
        # before the first bad byte is valid UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise ParseError("encoding", (line, column)) from None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        raise ParseError("encoding", (line, index - (text.rfind("\n", 0, index) + 1) + 1))
    return text


def parse_markdown_record(text: str, prose_field: str) -> Positioned:
    """Parse ``---`` front matter and put the Markdown body into ``prose_field``."""
    # Split at "\n" only, as editors number lines (str.splitlines also splits at \f, \x1c...).
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise ParseError("front-matter", (1, 1), reason="start")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            break
    else:
        raise ParseError("front-matter", (1, 1), reason="end")
    doc = parse_yaml("".join(lines[1:index]), line_offset=1)
    if doc.data is None:
        doc.data = {}
        doc.values[()] = (2, 1)
    if not isinstance(doc.data, dict):
        return doc
    body = "".join(lines[index + 1 :]).strip()
    if body:
        body_position = _first_text_line(lines, index + 1)
        if prose_field in doc.data:
            raise ParseError(
                "duplicate-prose", doc.keys[(prose_field,)], field=prose_field, body_line=body_position[0]
            )
        doc.data[prose_field] = body
        doc.values[(prose_field,)] = body_position
        doc.keys[(prose_field,)] = body_position
    return doc


def _first_text_line(lines: list[str], start: int) -> tuple[int, int]:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return (index + 1, 1)
    return (start + 1, 1)
