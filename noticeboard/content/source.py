"""One file of a board: how messages name it, and its data with the position of every value.

A record file unchanged since a build that judged it is not parsed until a message needs a
position in it (:meth:`Source.defer`); see :mod:`noticeboard.incremental.records`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from noticeboard.content.decode import parse_file
from noticeboard.content.parse import ParseError, Positioned
from noticeboard.content.problems import KeyPath, Problem


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
        elif isinstance(doc, _Unread):  # judged by an earlier build (noticeboard.memo): parsed when needed
            try:
                doc = parse_file(self.filename, self.rel, doc.prose)
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

    def _fields(self) -> tuple[str, str, Path, str, str, Positioned]:
        return (self.type, self.id, self.path, self.display, self.rel, self.doc)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"Source(type={self.type!r}, id={self.id!r}, rel={self.rel!r})"

    def problem(self, code: str, path: KeyPath = (), *, at_key: bool = False, **params: object) -> Problem:
        """Locate a problem at a key path of this file."""
        return self.located(code, path, params, at_key=at_key)

    def located(
        self, code: str, path: KeyPath, params: dict[str, object], *, at_key: bool = False
    ) -> Problem:
        """Locate a problem at a key path of this file, its message parameters given as a dict."""
        line, column = self.doc.position(path, at_key=at_key)
        return Problem(self.display, line, column, code, params)

    @property
    def data(self) -> dict[str, object]:
        return self.doc.data  # type: ignore[return-value]  # the loader keeps only files holding a mapping
