"""Things a build makes that the next build can reuse: QR codes, rendered list rows.

Each :class:`Keep` is a dictionary from a key that names *everything* its value is made
from (so an entry is never stale, only unused) to that value. The build cache
(:class:`noticeboard.incremental.cache.BuildCache`) owns one per kind of thing, so the builds
of one ``serve`` share them, saves them when a build made something new and loads them
into the next process. A producer running in the second process of a build sends what it
made back (:mod:`noticeboard.site.parallel`), so nothing made there is lost.

The cache folder is trusted like the output folder: never restore it from a place a pull
request can write to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Keep:
    """Values kept by key, across the builds of a process and (through the cache) beyond.

    Nothing is dropped for going unused in one build: a build that keeps a page (its
    fingerprint unchanged) does not ask for that page's rows or codes, and the next one
    may. Entries whose inputs changed simply stop being asked for; when there are more
    than ``limit``, all are let go and the next builds make them again.

    ``load`` reads what earlier processes kept; it is called the first time anything is asked
    of the keep, so a build that needs none of it (a text edit renders no list) never reads it.
    """

    def __init__(
        self, limit: int, load: Callable[[], dict[Any, Any]] | None = None, patience: int = 0
    ) -> None:
        self.limit = limit  # bounded: a 50,000-record board must still fit in memory
        self._load = load
        # Misses answered before reading what earlier processes kept: a one-off build after a
        # text edit renders a row or two, which takes less than reading 9,000 rows (0.04 s).
        self._patience = patience
        self._items: dict[Any, Any] = {}
        self.new: dict[Any, Any] = {}  # made in this process since the last take_new()

    @property
    def items(self) -> dict[Any, Any]:
        """Everything kept, read in the first time it is asked for."""
        if self._load is not None:
            load, self._load = self._load, None
            self._items = {**load(), **self._items}
        return self._items

    @property
    def read(self) -> bool:
        """Whether what earlier processes kept has been read (or there was nothing to read)."""
        return self._load is None

    def get(self, key: Any) -> Any:
        """The value kept for ``key`` (None if there is none)."""
        found = self._items.get(key)  # made or read in this process
        if found is not None or self._load is None:
            return found
        if self._patience > 0:  # a miss answered without reading
            self._patience -= 1
            return None
        return self.items.get(key)

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``."""
        if len(self._items) >= self.limit:  # let go of all, including what is not saved yet
            self._items.clear()
            self.new.clear()
        self._items[key] = self.new[key] = value

    def take_new(self) -> dict[Any, Any]:
        """What this process made since the last call (the producer child sends it back;
        the cache saves when there is any)."""
        new, self.new = self.new, {}
        return new

    def merge(self, new: dict[Any, Any]) -> None:
        """Take what the other process of a build made."""
        self._items.update(new)
        self.new.update(new)
