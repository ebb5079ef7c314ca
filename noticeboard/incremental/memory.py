"""Page memory across builds: the incremental build's side of :mod:`noticeboard.site.memory`.

A page is unchanged when its fingerprint equals the one the last *finished* build into the
same output folder recorded, and that folder is still exactly as the build left it (the
session checks that before handing the fingerprints over). Every page's fingerprint of
this build is recorded for the next one; the cache keeps them only once the build has
finished, so a failed build never pairs them with the old folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from noticeboard.incremental.images import ImageStore
from noticeboard.incremental.keep import Keep
from noticeboard.incremental.template_uses import TemplateUses
from noticeboard.site.render import KeptRow


@dataclass(frozen=True)
class Learnt:
    """What one process of a build learnt: page fingerprints, new rows and new codes."""

    fingerprints: dict[str, bytes]
    rows: dict[Any, Any]
    codes: dict[Any, Any]


class CachedMemory:
    """Remembers the pages of the last finished build into one folder, and keeps rows, codes and
    photos (the photos' files are written to the cache folder as they are made)."""

    def __init__(
        self,
        previous: dict[str, bytes],
        rows: Keep,
        codes: Keep,
        images: ImageStore,
        compiled: str | None = None,
    ) -> None:
        self.previous = previous  # page -> fingerprint, of the last finished build (empty: untrusted)
        self.fingerprints: dict[str, bytes] = {}  # page -> fingerprint, of this build
        self.rows = rows
        self.codes = codes
        self.images = images
        self.compiled = compiled  # the folder of compiled templates, in the cache folder
        self.uses = TemplateUses(compiled)  # kept beside them
        # The files of the records whose prose alone changed since the last build into this
        # folder, everything else being as it was then; None: not known to be so.
        self.prose_edited: frozenset[str] | None = None
        self.folder: Path | None = None  # that folder, checked to be as the last build left it

    def unchanged(self, page_path: str, fingerprint: Callable[[], bytes | None]) -> bool:
        """Record the page's fingerprint; tell whether the last build's was the same."""
        made_of = fingerprint()
        if made_of is None:
            return False
        self.fingerprints[page_path] = made_of
        return self.previous.get(page_path) == made_of

    def since(self, edited: frozenset[str], folder: Path) -> None:
        """Learn that only the prose of ``edited`` (record files) changed since the last build
        into ``folder``, which is as that build left it."""
        self.prose_edited, self.folder = edited, folder

    def earlier(self, site_path: str) -> bytes | None:
        """A file's bytes as the last build into the folder wrote it (when ``since`` was told)."""
        if self.prose_edited is None or self.folder is None:
            return None
        try:
            return (self.folder / site_path).read_bytes()
        except OSError:
            return None

    def kept(self, page_path: str, shows: Any | None) -> bool:
        """Keep a page as the last build made it when only the prose of records it does not
        show changed since; its fingerprint stands. ``shows``: the one record whose prose the
        page shows (a record's page), None for a page that shows no record's prose (a list)."""
        edited = self.prose_edited
        if edited is None or (shows is not None and shows.source.filename in edited):
            return False
        made_of = self.previous.get(page_path)
        if made_of is None:
            return False
        self.fingerprints[page_path] = made_of
        return True

    def learnt(self) -> Learnt:
        """What this process learnt (the producer child sends it back)."""
        return Learnt(self.fingerprints, self.rows.take_new(), self.codes.take_new())

    def merge(self, learnt: object) -> None:
        """Take what the other process of the build learnt."""
        assert isinstance(learnt, Learnt)
        self.fingerprints.update(learnt.fingerprints)
        self.rows.merge(learnt.rows)
        self.codes.merge(learnt.codes)


# Rendered rows are kept in the cache file as plain tuples (marshal writes no classes).


def packed_rows(items: dict[Any, list[KeptRow]]) -> dict[Any, list[tuple[str, str, tuple[str, ...], bool]]]:
    """The kept rows as plain data for the cache file."""
    return {key: [(r.html, r.made_on, r.targets, r.absolute) for r in rows] for key, rows in items.items()}


def unpacked_rows(items: dict[Any, Any]) -> dict[Any, list[KeptRow]]:
    """The kept rows from the cache file's plain data."""
    return {
        key: [KeptRow(html, made_on, tuple(targets), absolute) for html, made_on, targets, absolute in rows]
        for key, rows in items.items()
    }
