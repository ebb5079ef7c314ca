"""Which templates each template uses, kept across builds by the digest of its source.

The incremental build's side of :attr:`noticeboard.site.memory.PageMemory.uses`.

A page's fingerprint digests its templates and every template they extend, include or import,
which the renderer finds by parsing each one: 0.035 s for the 13 templates of a record's page,
a tenth of a one-off build after a text edit. The answer depends on the template's source
alone, so it is kept by the source's sha256, one small JSON file each (``uses-<sha256>.json``)
in the folder of compiled templates, one folder per engine version. An entry is never stale,
only unused; anything unreadable counts as absent and is worked out again.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from noticeboard.incremental.cache_files import write_whole

Uses = list[str | None]  # template names, sorted; None: a name computed at render time
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


class TemplateUses:
    """The templates each template source uses, by the source's sha256 (hex), in ``folder``
    (None: in memory only)."""

    def __init__(self, folder: str | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.items: dict[Any, Uses] = {}  # in memory only

    def _file(self, key: Any) -> Path | None:
        if self.folder is None or not isinstance(key, str) or not _SHA256.match(key):
            return None
        return self.folder / f"uses-{key}.json"

    def get(self, key: Any) -> Uses | None:
        """The templates kept for ``key``, or None."""
        path = self._file(key)
        if path is None:
            return self.items.get(key)
        try:
            uses = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(uses, list) or not all(use is None or isinstance(use, str) for use in uses):
            return None
        return uses

    def put(self, key: Any, uses: Uses) -> None:
        """Keep ``uses`` for ``key``."""
        path = self._file(key)
        if path is None:
            self.items[key] = uses
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written: parsed again next time
            write_whole(path, json.dumps(uses).encode("utf-8"))
