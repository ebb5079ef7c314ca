"""What a build may reuse from earlier builds while rendering: the contract with the cache.

Rendering asks a :class:`PageMemory` two things. Whether a page is unchanged: the renderer
offers the page's fingerprint (:mod:`noticeboard.site.fingerprint`) and, if the memory
saw the same one in the last finished build into the same folder, the page is not rendered
again (:data:`~noticeboard.site.files.UNCHANGED`). And it keeps things that are costly to
make and made from known inputs: list rows, QR codes and published photo files, each stored
under a key that names everything it is made from, so an entry is never stale.

A cold build uses :class:`ColdMemory`: no page is unchanged, and rows, codes and photos are
kept for this build only. The incremental build (:mod:`noticeboard.incremental`) keeps them
across builds. Both give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Protocol


class Store(Protocol):
    """Values kept by a key that names everything they are made from."""

    def get(self, key: Hashable) -> Any | None:
        """The value kept for ``key``, or None."""
        ...

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``."""
        ...


class PageMemory(Protocol):
    """What rendering may reuse (see module doc)."""

    @property
    def rows(self) -> Store:
        """Rendered list rows."""
        ...

    @property
    def codes(self) -> Store:
        """Drawn QR codes."""
        ...

    @property
    def images(self) -> Store:
        """Published photo files (:mod:`noticeboard.site.images`), by the recipe and the photo's
        sha256: a photo is encoded once, however many builds publish it."""
        ...

    @property
    def uses(self) -> Store:
        """Which templates a template extends, includes or imports (a sorted list of names, None
        for a name computed at render time), by the sha256 of its source: finding them means
        parsing it."""
        ...

    @property
    def compiled(self) -> str | None:
        """A folder for compiled templates kept between builds of this engine version (None:
        compiled afresh). The renderer names them by the board's language and texts too."""
        ...

    def unchanged(self, page_path: str, fingerprint: Callable[[], bytes | None]) -> bool:
        """Tell whether the page is as the last build made it; ``fingerprint()`` digests what
        the page is made from (None: it cannot be digested, so it is rendered)."""
        ...

    @property
    def prose_edited(self) -> frozenset[str] | None:
        """The files of the records whose prose alone changed since the last build into this
        folder, everything else being as it was then; None when that is not known."""
        ...

    def earlier(self, site_path: str) -> bytes | None:
        """A file's bytes as the last build into this folder wrote it, when ``prose_edited``
        is known (None otherwise, or when it has no such file)."""
        ...

    def kept(self, page_path: str, shows: Any | None) -> bool:
        """Tell, without working out its values, whether a page is as the last build made it:
        only the prose of records it does not show changed since. ``shows``: the one record
        whose prose the page shows (a record's page shows no other record's prose), None for
        a page showing none (a list); ``tests/incremental/test_prose_shown.py`` holds the pages to it."""
        ...

    def learnt(self) -> object:
        """What this process learnt since the build began (a producer child sends it back)."""
        ...

    def merge(self, learnt: object) -> None:
        """Take what the other process of a build learnt."""
        ...


class BuildStore(dict[Hashable, Any]):
    """A store that lasts as long as one build."""

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``."""
        self[key] = value


class ColdMemory:
    """The memory of a cold build: nothing from earlier builds; rows, codes and photos for this build."""

    def __init__(self) -> None:
        self.rows = BuildStore()
        self.codes = BuildStore()
        self.images = BuildStore()
        self.uses = BuildStore()
        self.compiled: str | None = None
        self.prose_edited: frozenset[str] | None = None  # a cold build knows no earlier build

    def earlier(self, site_path: str) -> bytes | None:
        """No earlier build."""
        return None

    def unchanged(self, page_path: str, fingerprint: Callable[[], bytes | None]) -> bool:
        """Every page is rendered."""
        return False

    def kept(self, page_path: str, shows: Any | None) -> bool:
        """Every page is made."""
        return False

    def learnt(self) -> object:
        """Nothing outlives the build, so nothing is sent back."""
        return None

    def merge(self, learnt: object) -> None:
        """Each process keeps its own rows and codes."""
