"""Photos: every photo a record shows is a file in content/media/ fit to publish, described in words.

For each item of a ``photos:`` list (partners, projects, wishes, councils and their
decisions), at the line and column of its ``file`` or ``alt``:

- the path stays inside content/media/: no ``..``, no absolute path, no link leading out
  (``photo-outside-media``);
- the file is there (``photo-missing``, naming the closest file that is);
- its bytes are a JPEG, PNG, WebP or HEIC photo (``photo-not-image``), whole
  (``photo-damaged``) and within the limits (``photo-too-large``), as
  :mod:`noticeboard.content.media` judges them;
- its ``alt`` says what it shows rather than repeat the file name (``photo-alt-filename``),
  and its ``taken`` date is not after the build date (``future-date``).

Like :mod:`noticeboard.content.crosscheck` this finds problems and locates them; reading a
file goes through the build's :class:`~noticeboard.content.reading.Reading`, which may know
it from an earlier build. The files found fit become ``Board.media``, what the site layer
publishes.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from noticeboard.content.media import MEDIA_FOLDER, Inspected, MediaFault
from noticeboard.content.model import Board, Date, MediaFile, Photo
from noticeboard.content.problems import KeyPath, Problem
from noticeboard.content.reading import Reading
from noticeboard.content.schema import field_params
from noticeboard.content.source import Source

# Words that make an alt text a file name rather than a description.
_FILE_NAME = re.compile(r"^[\w\-. ]*\.(jpe?g|png|webp|heic|heif|gif)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-.]+")


def photo_refs(board: Board) -> Iterator[tuple[Source, KeyPath, Photo]]:
    """Yield (source, key path of the item, photo) for every photo of the board, in file order."""
    for records in board.records.values():
        for record in records:
            for index, photo in enumerate(getattr(record, "photos", ())):
                yield record.source, ("photos", index), photo
    for council in board.councils:
        for decision in council.decisions:
            for index, photo in enumerate(decision.photos):
                yield council.source, ("decisions", decision.index, "photos", index), photo


def media_rel(file: str) -> str | None:
    """The path below content/media/ that ``file`` names, or None when it leads out of it."""
    path = PurePosixPath(file)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", file) or ".." in path.parts or not path.parts:
        return None
    return path.as_posix()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


class _MediaFolder:
    """The board's content/media/ folder: where a photo's file is, and what it is (read once)."""

    def __init__(self, root: Path, reading: Reading) -> None:
        self.folder = root / MEDIA_FOLDER
        self.real = self.folder.resolve() if _inside(self.folder, root) else None
        self.reading = reading
        self.inspected: dict[str, Inspected] = {}
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        """Every file below content/media/, relative, sorted (listed when first asked for)."""
        if self._names is None:
            found = []
            for here, folders, files in os.walk(self.folder):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                prefix = Path(here).relative_to(self.folder).as_posix()
                found += [name if prefix == "." else f"{prefix}/{name}" for name in files if name[:1] != "."]
            self._names = sorted(found)
        return self._names

    def closest(self, rel: str) -> str:
        """The existing file whose name is closest to ``rel`` ("" when none is close)."""
        names = self.names()
        same_case = {name.lower(): name for name in names}
        if rel.lower() in same_case:
            return same_case[rel.lower()]
        close = difflib.get_close_matches(rel, names, n=1, cutoff=0.6)
        if not close:  # the right name in another folder, or the folder left out
            base = rel.rsplit("/", 1)[-1].lower()
            close = [name for name in names if name.rsplit("/", 1)[-1].lower() == base][:1]
        return close[0] if close else ""

    def inspect(self, rel: str) -> Inspected | str:
        """What the file is, or why it cannot be read: "missing" or "outside" (a link leading out)."""
        if rel in self.inspected:
            return self.inspected[rel]
        path = self.folder / rel
        if not path.is_file() and not path.is_symlink():
            return "missing"
        if self.real is None or not _inside(path, self.real):
            return "outside"  # a link (or content/media/ itself) leading out of the folder
        if not path.is_file():
            return "missing"  # a folder, or a link to nothing
        found = self.inspected[rel] = self.reading.media(os.fspath(path), rel)
        return found


def _alt_is_file_name(alt: str, file: str) -> bool:
    """Whether an alt text only repeats the file's name (or is a file name at all)."""
    text = alt.strip()
    name = file.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    plain = _SEPARATORS.sub("", text).lower()
    return bool(_FILE_NAME.match(text)) or plain in (
        _SEPARATORS.sub("", name).lower(),
        _SEPARATORS.sub("", stem).lower(),
        _SEPARATORS.sub("", file).lower(),
    )


def check_photos(board: Board, root: Path, reading: Reading) -> tuple[list[Problem], dict[str, MediaFile]]:
    """Check every photo of the board; return the problems and the files fit to publish, by rel."""
    folder = _MediaFolder(root, reading)
    problems: list[Problem] = []
    media: dict[str, MediaFile] = {}
    for source, item, photo in photo_refs(board):
        found = _file_problem(source, item, photo, folder)
        if isinstance(found, MediaFile):
            media[found.rel] = found
        elif found is not None:
            problems.append(found)
        problems += _text_problems(source, item, photo, board.build_date)
    return problems, dict(sorted(media.items()))


def _file_problem(
    source: Source, item: KeyPath, photo: Photo, folder: _MediaFolder
) -> MediaFile | Problem | None:
    """The photo's file, fit to publish, or the problem with it."""
    at: KeyPath = (*item, "file")
    named: dict[str, object] = {**field_params(source.type, at), "file": photo.file}
    rel = media_rel(photo.file)
    found = folder.inspect(rel) if rel is not None else "outside"
    if found == "outside":
        return source.located(
            "photo-outside-media", at, {**named, "where": "path" if rel is None else "link"}
        )
    if found == "missing":
        return source.located("photo-missing", at, {**named, "suggestion": folder.closest(str(rel))})
    if isinstance(found, MediaFault):
        return source.located(found.code, at, {**named, **found.params})
    return found if isinstance(found, MediaFile) else None


def _text_problems(source: Source, item: KeyPath, photo: Photo, build_date: Date) -> list[Problem]:
    """An alt text of spaces only or repeating the file name, and a date after the build date."""
    problems = []
    at_alt: KeyPath = (*item, "alt")
    alt: dict[str, object] = {**field_params(source.type, at_alt), "value": photo.alt}
    if not photo.alt.strip():  # spaces only: the schema refuses an empty one
        problems.append(source.located("empty-value", at_alt, alt))
    elif _alt_is_file_name(photo.alt, photo.file):
        problems.append(source.located("photo-alt-filename", at_alt, alt))
    if photo.taken is not None and photo.taken > build_date:
        at_taken: KeyPath = (*item, "taken")
        params: dict[str, object] = {
            **field_params(source.type, at_taken),
            "value": photo.taken.isoformat(),
            "build_date": build_date.isoformat(),
        }
        problems.append(source.located("future-date", at_taken, params))
    return problems
