"""Things a build makes that the next build can reuse: QR codes, rendered list rows.

Each :class:`Keep` is a dictionary from a key that names *everything* its value is made
from (so an entry is never stale, only unused) to that value. It lives as long as the
process — so the builds of one ``serve`` share it — and the build cache
(:mod:`noticeboard.cache`) saves what a build used and loads it into the next process.
A producer running in the second process of a build sends what it made back
(:mod:`noticeboard.parallel`), so nothing made there is lost.

Keys and values must be plain data (str, bytes, numbers, tuples, lists) for the cache
file. The cache folder is trusted like the output folder: never restore it from a place
a pull request can write to.
"""

from __future__ import annotations

from typing import Any

KEEPS: dict[str, Keep] = {}  # by name: the cache file is keep-<name>.marshal


class Keep:
    """Values kept by key, across the builds of a process and (through the cache) beyond."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit  # bounded: a 50,000-record board must still fit in memory
        self.items: dict[Any, Any] = {}
        self.new: dict[Any, Any] = {}  # made in this process since take_learnt()
        self.used: set = set()  # asked for in this build (the cache keeps only these)
        KEEPS[name] = self

    def get(self, key: Any) -> Any:
        """The value kept for ``key`` (None if there is none)."""
        self.used.add(key)
        return self.items.get(key)

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``."""
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = self.new[key] = value
        self.used.add(key)

    def start_build(self) -> None:
        """Begin counting what a build uses."""
        self.used = set()

    def take_learnt(self) -> tuple[dict, set]:
        """What this process made and used since the last call (the producer child sends it)."""
        new, self.new = self.new, {}
        return new, self.used

    def merge_learnt(self, learnt: tuple[dict, set]) -> None:
        """Take what the other process of a build made and used."""
        new, used = learnt
        self.items.update(new)
        self.new.update(new)
        self.used |= used

    def worth_saving(self) -> bool:
        """Whether the build made something new or stopped using something kept."""
        return bool(self.new) or len(self.items) > len(self.used)

    def used_items(self) -> dict:
        """What this build used (for the cache), forgetting what it did not; clears ``new``."""
        self.new = {}
        self.items = {key: self.items[key] for key in self.used if key in self.items}
        return self.items
