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

from noticeboard.content.decode import MARKDOWN_SUFFIX, printable
from noticeboard.content.parse import ParseError
from noticeboard.content.problems import Problem
from noticeboard.content.reading import FreshReading, Reading, Verdict
from noticeboard.content.source import Source
from noticeboard.content.types import OPTIONAL_FILES, RECORD_TYPES, SINGLE_FILES, RecordType

if TYPE_CHECKING:
    pass

RECORD_SUFFIXES = (".yaml", ".yml")
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".bak", ".tmp", ".orig")
_RECORD_LIKE = (*RECORD_SUFFIXES, MARKDOWN_SUFFIX)
_JSON_TYPE_NAMES = {list: "array", str: "string", int: "integer", float: "number", bool: "boolean"}


@dataclass
class Loaded:
    """Everything read from a content folder: sources by type, and reading problems."""

    root: Path
    sources: dict[str, list[Source]]
    problems: list[Problem]
    ids: dict[str, set[str]]  # every id seen per type, readable or not (for references)
    # How the files were read (afresh, or through the build cache), and the verdicts it
    # already had: record files unchanged since a build that judged them, by ``rel``.
    reading: Reading = field(default_factory=FreshReading)
    verdicts: dict[str, Verdict] = field(default_factory=dict)


def load_content(
    content_dir: Path, display_root: str | None = None, reading: Reading | None = None
) -> Loaded:
    """Read every record file below ``content_dir``; ``display_root`` names the folder in
    messages (default: as given); ``reading`` may know files from an earlier build."""
    root = content_dir.resolve()
    shown = display_root if display_root is not None else content_dir.as_posix()
    loaded = Loaded(root=root, sources={}, problems=[], ids={}, reading=reading or FreshReading())
    top = os.path.join(root, "")  # the folder with one trailing slash, for plain string joins
    for type_name, rel in (*SINGLE_FILES, *OPTIONAL_FILES):
        source = _make_source(type_name, top, rel, shown)
        loaded.ids[type_name] = {source.id}
        if not (root / rel).is_file():
            if (type_name, rel) in SINGLE_FILES:
                loaded.problems.append(Problem(source.display, 1, 1, "missing-file", {"file": rel}))
            loaded.sources[type_name] = []
            continue
        if not _inside(root / rel, root):
            loaded.problems.append(_file_problem(shown, rel, "symlink-escape"))
            loaded.sources[type_name] = []
            continue
        loaded.sources[type_name] = _read_into(loaded, source, prose=None, record=False)
    listed: dict[str, list[Source]] = {}
    for record_type in RECORD_TYPES:
        first_by_id: dict[str, Source] = {}
        listed[record_type.name] = []
        for rel in _record_files(root, record_type, loaded, shown):
            source = _make_source(record_type.name, top, rel, shown)
            if _check_id(source, first_by_id, loaded.problems):
                listed[record_type.name].append(source)
        loaded.ids[record_type.name] = set(first_by_id)
    # Files unchanged since a build that judged them keep their verdicts, unparsed; the
    # reading may judge many new ones at once, of every type together (on both cores).
    known = loaded.reading.judged([source for sources in listed.values() for source in sources])
    loaded.verdicts.update(known)
    for record_type in RECORD_TYPES:
        sources: list[Source] = []
        for source in listed[record_type.name]:
            if source.rel in known:
                source.defer(record_type.prose)
                sources.append(source)
            else:
                sources.extend(_read_into(loaded, source, prose=record_type.prose, record=True))
        loaded.sources[record_type.name] = sources
    loaded.problems += _misplaced_files(root, shown)
    return loaded


def _misplaced_files(root: Path, shown: str) -> list[Problem]:
    """Report record files outside every folder the board reads (``wish/x.yaml``, ``points/rule.yaml``).

    Without this a misspelt folder would quietly drop its records from the public board.
    """
    read_folders = {record_type.folder for record_type in RECORD_TYPES}
    single_files = {rel for _, rel in (*SINGLE_FILES, *OPTIONAL_FILES)}
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
            problems.append(_file_problem(shown, rel, "misplaced-file", **_READ_FOLDERS))
    return problems


# The folders the board reads, as the misplaced-file message lists them.
_FOLDER_NAMES = [f"{record_type.folder}/" for record_type in RECORD_TYPES]
_READ_FOLDERS = {
    "folders_zh": "、".join(_FOLDER_NAMES[:-1]) + " 或 " + _FOLDER_NAMES[-1],
    "folders_en": ", ".join(_FOLDER_NAMES[:-1]) + " or " + _FOLDER_NAMES[-1],
}


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
        folders: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
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
                rename, why = renamed(name, suffixes)
                params = {"allowed": ", ".join(suffixes), "rename": rename, "where": why}
                loaded.problems.append(_file_problem(shown, rel, "unexpected-file", **params))
                continue
            found.append(rel)
        stack.extend((e.path, f"{rel_here}{e.name}/") for e in reversed(folders) if not _is_symlink(e))
    yield from sorted(found)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a symlink, as os.walk does when sorting folders from files
    except OSError:
        return False


def _is_symlink(entry: os.DirEntry[str]) -> bool:
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


def renamed(name: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    """The name a record file was most likely meant to have, and why: ``tv.yaml.txt`` →
    ``tv.yaml`` (``txt``: Notepad adds ``.txt`` when it saves); ``tv.YAML`` → ``tv.yaml``
    (``case``). ``("", "")`` when there is no such guess."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem.endswith(suffixes) and suffix.lower() == "txt":
        return stem, "txt"
    if dot and f".{suffix.lower()}" in suffixes:
        return f"{stem}.{suffix.lower()}", "case"
    return "", ""


def _file_problem(shown: str, rel: str, code: str, **params: object) -> Problem:
    return Problem(_display(shown, rel), 1, 1, code, params)


def _read_into(loaded: Loaded, source: Source, *, prose: str | None, record: bool) -> list[Source]:
    """Read and parse one file; return [source] if it is usable, else [].

    A record file whose bytes an earlier build judged keeps that verdict and is not parsed
    now (through the build cache's :class:`~noticeboard.content.reading.Reading`).
    """
    try:
        verdict = loaded.reading.read(source, prose, record=record)
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
