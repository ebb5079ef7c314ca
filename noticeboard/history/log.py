"""The change history of a content folder, read from git in one ``git log`` call.

Each record page shows who changed it, when and why (commit subject), and the
disclosure stage asks when an event first appeared in a file. Both hang on the same
single walk over the history: one ``git log --raw`` for the whole content folder, never
one call per file. Outside a git repository (or without git) the history is empty,
which simply hides the history section; it is never an error.

Only author *names* are kept: e-mail addresses never leave this module.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from noticeboard.history.git import cat_blobs, git

# Field and record separators that cannot occur in a commit subject or author name.
_RECORD, _FIELD = "\x1e", "\x1f"
_FORMAT = f"{_RECORD}%H{_FIELD}%cs{_FIELD}%an{_FIELD}%s"
_NO_BLOB = "0" * 40


@dataclass(frozen=True)
class Change:
    """One commit that touched one file: when, why and by whom (name only)."""

    commit: str
    date: dt.date  # committer date: when the change landed
    subject: str
    author: str
    status: str  # A added, M modified, D deleted, T type changed
    blob: str  # the file's content after the commit ("" when deleted)


@dataclass
class History:
    """Per-file changes of a content folder, newest first, keyed by path relative to it."""

    files: dict[str, list[Change]] = field(default_factory=dict)
    first_commit_date: dt.date | None = None  # when the recorded history begins
    git_dir: Path | None = None  # the folder git commands run in (None: not a repository)

    def __bool__(self) -> bool:
        return bool(self.files)

    def of(self, rel: str) -> list[Change]:
        """Return the changes of one file, newest first (empty when unknown)."""
        return self.files.get(rel, [])

    def last_updated(self, rel: str) -> dt.date | None:
        """Return the date of the newest change of one file."""
        changes = self.of(rel)
        return changes[0].date if changes else None


def read_history(content_dir: Path) -> History:
    """Read the history of every file below ``content_dir``; empty outside a git repository."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        return History()
    args = [
        "-c",
        "core.quotepath=off",
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",  # a renamed file starts a fresh history under its new id
        "--no-color",
        "--relative",
        f"--format={_FORMAT}",
        "--",
        ".",
    ]
    try:
        result = git(args, content_dir)
    except (OSError, subprocess.SubprocessError):
        return History()
    if result.returncode != 0:
        return History()
    history = parse_log(result.stdout.decode("utf-8", errors="replace"))
    history.git_dir = content_dir
    return history


def parse_log(text: str) -> History:
    """Parse the output of our ``git log -z --raw`` call into per-file changes."""
    files: dict[str, list[Change]] = {}
    oldest: dt.date | None = None
    for chunk in text.split(_RECORD)[1:]:
        header, _, raw = chunk.partition("\0")
        parts = header.split(_FIELD)
        if len(parts) != 4:
            continue
        commit, date_text, author, subject = parts
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            continue
        oldest = date if oldest is None or date < oldest else oldest
        fields = raw.lstrip("\n").split("\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            words = meta.split()
            if len(words) < 5 or not path:
                continue
            blob, status = words[3], words[4][:1]
            change = Change(
                commit, date, subject.strip(), author.strip(), status, "" if blob == _NO_BLOB else blob
            )
            files.setdefault(path, []).append(change)
    return History(files=files, first_commit_date=oldest)


def read_blobs(history: History, blobs: list[str]) -> dict[str, bytes]:
    """Read many file versions of the history's repository with one git call."""
    return cat_blobs(history.git_dir, blobs) if history.git_dir is not None else {}
