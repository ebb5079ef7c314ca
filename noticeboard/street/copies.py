"""The last good copy of each community's board, kept for the day its host cannot be reached.

A copy is the files exactly as fetched (``data/index.json`` ... ``feed.xml``), kept only once
they passed every check, in ``<cache>/street/<community id>/`` with the address they came
from: a copy of another source (STREET.yaml pointed the id elsewhere since) is never used.
A copy is swapped in whole (written beside, then renamed), so an interrupted build leaves the
previous copy or the new one, never half of each. A copy is read back through the same checks
as a fresh board (:func:`noticeboard.street.reader.judge`), so a copy this engine can no
longer read is reported, not trusted.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from noticeboard.output.write import safe_path
from noticeboard.street.config import CommunityEntry

FOLDER = "street"  # inside the cache folder ($NOTICEBOARD_CACHE or .noticeboard-cache/)
SOURCE = "source.txt"  # the address the copy came from


class Copies:
    """The kept copies of one cache folder."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / FOLDER

    def _home(self, entry: CommunityEntry) -> Path:
        return self.folder / entry.id

    def load(self, entry: CommunityEntry) -> dict[str, bytes | None] | None:
        """The kept files of ``entry`` (missing ones as None), or None without a copy of its source."""
        home = self._home(entry)
        try:
            if (home / SOURCE).read_text(encoding="utf-8") != entry.location:
                return None
            files: dict[str, bytes | None] = {}
            for path in sorted(home.rglob("*")):
                if path.is_file() and path.name != SOURCE:
                    files[path.relative_to(home).as_posix()] = path.read_bytes()
        except (OSError, UnicodeDecodeError):
            return None
        return files

    def save(self, entry: CommunityEntry, files: dict[str, bytes | None]) -> None:
        """Keep ``files`` as the community's last good copy, unless it is the copy kept already."""
        present = {name: data for name, data in files.items() if data is not None}
        if self.load(entry) == present:
            return
        home = self._home(entry)
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = self.folder / f".{entry.id}.new-{os.getpid()}"
        old = self.folder / f".{entry.id}.old-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            fresh.mkdir()
            for name, data in present.items():
                target = fresh.joinpath(*safe_path(name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            (fresh / SOURCE).write_text(entry.location, encoding="utf-8")
            if home.exists():
                os.replace(home, old)
            os.replace(fresh, home)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            if old.exists() and not home.exists():
                os.replace(old, home)
            raise
        shutil.rmtree(old, ignore_errors=True)
