"""What producers hand to the writer: a site path for every file, and its bytes.

A producer returns :data:`SiteFiles`. A page whose inputs did not change since the last
build may be handed over as :data:`UNCHANGED` instead of its bytes (only when the build
remembers earlier builds, see :mod:`noticeboard.site.memory`); the writer keeps the file
the output folder already holds.
"""

from __future__ import annotations

from typing import Protocol


class Unchanged:
    """Stands in a build's files for a page whose inputs did not change since the last build.

    Its bytes are those of the same path in the output folder, which the writer has found
    intact (:meth:`noticeboard.output.state.SiteState.intact`); the page was not rendered.
    """

    __slots__ = ()

    def __reduce__(self) -> str:
        return "UNCHANGED"  # pickled by name: the producer child sends the same object back

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()


class Staged:
    """Stands in a build's files for a file already written into the folder being built.

    A build that makes a whole new site folder writes each producer's files there as soon as
    the producer is done (:class:`FileSink`), in the process that made them, and lets the
    bytes go, so a large board is never held in memory whole.
    """

    __slots__ = ()

    def __reduce__(self) -> str:
        return "STAGED"  # pickled by name, like UNCHANGED

    def __repr__(self) -> str:
        return "STAGED"


STAGED = Staged()

SiteFiles = dict[str, "bytes | Unchanged | Staged"]  # site path (POSIX, relative) -> bytes


class FileSink(Protocol):
    """Where producers' files go as soon as they are made (the output layer's staging folder).

    The producers may run in two processes: each puts its own files, :meth:`flush` says what
    this process wrote, and the parent :meth:`adopt` s the child's.
    """

    def put(self, files: SiteFiles) -> SiteFiles:
        """Write ``files``; return them with every written file as :data:`STAGED`."""
        ...

    def flush(self) -> dict[str, str]:
        """The sha256 of every file this process wrote, by site path."""
        ...

    def adopt(self, hashes: dict[str, str]) -> None:
        """Count files another process wrote into the same folder (their sha256 by path)."""
        ...


def held(files: SiteFiles) -> dict[str, bytes | Unchanged]:
    """The files of a build that wrote nothing yet (none :data:`STAGED`), for the writer."""
    staged = [path for path, data in files.items() if isinstance(data, Staged)]
    if staged:
        raise ValueError(f"{staged[0]} was written into a new folder, not kept for this one")
    return files  # type: ignore[return-value]  # narrowed by the check above
