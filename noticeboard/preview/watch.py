"""Watch the board's folders and say when something that matters changed.

Editors save in several steps (a temp file, a rename, sometimes twice); every event that
touches a real file inside a watched folder is passed on, the rest is ignored here, and
:class:`noticeboard.serve.Preview` merges the bursts into one rebuild.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# Editor and tool droppings that never are content: vim swap and its 4913 probe, emacs
# locks and backups, JetBrains safe-write files, partial downloads.
_TEMP_SUFFIXES = (
    "~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".part", ".crdownload",
    "___jb_tmp___", "___jb_old___",
)  # fmt: skip
_TEMP_NAMES = {"4913", ".DS_Store", "Thumbs.db"}


def is_temp_file(path: str) -> bool:
    """Tell whether a file name looks like an editor's temporary or backup file."""
    name = os.path.basename(path)
    return (
        name in _TEMP_NAMES
        or name.startswith((".#", "#"))
        or (name.startswith(".") and name.endswith((".swp", ".swx", ".swo")))
        or name.endswith(_TEMP_SUFFIXES)
    )


class Watcher(FileSystemEventHandler):
    """Call ``on_change`` for events on real files inside the watched folders."""

    def __init__(self, roots: list[Path], on_change: Callable[[str], None]) -> None:
        self.roots = [root.resolve() for root in roots if root.is_dir()]
        self.on_change = on_change
        self.observer = Observer()
        for root in self.roots:
            # follow_symlink=False: inotify does not descend into symlinked folders.
            self.observer.schedule(self, str(root), recursive=True, follow_symlink=False)

    def relevant(self, path: str) -> bool:
        """Tell whether a path is a real, non-temporary file inside a watched folder."""
        if not path or is_temp_file(path):
            return False
        real = Path(path).resolve()  # a symlink's target, wherever it points
        for root in self.roots:
            if real == root or root in real.parents:
                # Hidden files and folders are skipped by the loader, so by us too.
                return not any(part.startswith(".") for part in real.relative_to(root).parts)
        return False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        if event.is_directory and event.event_type == "modified":
            return  # a folder's mtime moves with every file event we already see
        paths = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
        for path in paths:
            if self.relevant(path):
                self.on_change(path)
                return

    def start(self) -> None:
        """Start watching."""
        self.observer.start()

    def stop(self) -> None:
        """Stop watching and wait for the observer's threads."""
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join()
