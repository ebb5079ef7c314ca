"""What producers hand to the writer: a site path for every file, and its bytes.

A producer returns :data:`SiteFiles`. A page whose inputs did not change since the last
build may be handed over as :data:`UNCHANGED` instead of its bytes (only when the build
remembers earlier builds, see :mod:`noticeboard.site.memory`); the writer keeps the file
the output folder already holds.
"""

from __future__ import annotations


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

SiteFiles = dict[str, "bytes | Unchanged"]  # site path (POSIX, relative) -> bytes
