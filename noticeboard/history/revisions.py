"""Read the content folder as it was at a git revision, for ``diff``.

Works on the shallow clones CI makes of a pull request: a base revision that is not
there yet is fetched (``git fetch --depth=1 origin …``); one that cannot be found is a
clear usage error naming it. Only regular files are written out (no symlinks, no
submodules), so an old revision cannot point outside the temporary folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from noticeboard.errors import UsageError
from noticeboard.history.git import cat_blobs, git

_REGULAR_FILE_MODES = ("100644", "100755")
_SAFE_REVISION = re.compile(r"[A-Za-z0-9_./@^~{}:+-]{1,200}\Z")


@dataclass(frozen=True)
class Repository:
    """Where git runs, and where the content folder sits inside the repository."""

    cwd: Path  # the content folder (git finds the repository from there)
    prefix: str  # the content folder relative to the top of the repository, "content/"


def open_repository(content_dir: Path) -> Repository:
    """Find the repository holding ``content_dir`` (usage error when there is none)."""
    if not content_dir.is_dir():
        raise UsageError(f"content folder not found: {content_dir}")
    result = git(["rev-parse", "--show-prefix"], content_dir)
    if result.returncode != 0:
        raise UsageError(f"not inside a git repository: {content_dir}")
    return Repository(content_dir, result.stdout.decode("utf-8").strip())


def _verify(repo: Repository, revision: str) -> str | None:
    result = git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], repo.cwd)
    return result.stdout.decode().strip() if result.returncode == 0 else None


def resolve_revision(repo: Repository, revision: str) -> str:
    """Return the commit id of ``revision``, fetching it from origin when it is missing."""
    if not _SAFE_REVISION.match(revision) or revision.startswith("-"):
        raise UsageError(f"not a git revision: {revision!r}")
    commit = _verify(repo, revision)
    if commit:
        return commit
    if revision.startswith("origin/"):  # a branch of the remote, as CI names the base
        branch = revision.removeprefix("origin/")
        refspec = f"+refs/heads/{branch}:refs/remotes/origin/{branch}"
        fetched = git(["fetch", "--quiet", "--depth=1", "origin", refspec], repo.cwd)
        commit = _verify(repo, revision) if fetched.returncode == 0 else None
    else:
        fetched = git(["fetch", "--quiet", "--depth=1", "origin", revision], repo.cwd)
        commit = _verify(repo, "FETCH_HEAD") if fetched.returncode == 0 else None
    if commit:
        return commit
    raise UsageError(
        f"git revision {revision!r} not found, here or on origin "
        "(in CI, fetch it first: actions/checkout with fetch-depth: 0)"
    )


def export_content(repo: Repository, commit: str, into: Path) -> Path:
    """Write the content folder of ``commit`` below ``into``; return that folder."""
    into.mkdir(parents=True, exist_ok=True)
    pathspec = repo.prefix or "."
    listing = git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", pathspec], repo.cwd)
    if listing.returncode != 0:
        raise UsageError(f"cannot list the files of revision {commit[:12]}")
    files: dict[str, str] = {}
    for entry in listing.stdout.decode("utf-8", errors="replace").split("\0"):
        meta, _, path = entry.partition("\t")
        words = meta.split()
        if len(words) != 3 or words[0] not in _REGULAR_FILE_MODES or not path.startswith(repo.prefix):
            continue
        rel = PurePosixPath(path[len(repo.prefix) :])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            continue
        files[rel.as_posix()] = words[2]
    blobs = cat_blobs(repo.cwd, list(files.values()))
    for name, blob in sorted(files.items()):
        if blob in blobs:
            target = into.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blobs[blob])
    return into
