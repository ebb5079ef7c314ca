"""Digests of everything a build reads. Equal digests, equal site.

What a build reads: the running code, the content, the board's and the engine's templates and
assets, the schemas, the git history of the content, and the build's settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from noticeboard.history.git import git
from noticeboard.output.state import StatSignature, racy
from noticeboard.output.state import signature as stat_signature
from noticeboard.paths import EDITOR_VENDOR, Theme

FORMAT = 1  # bump when the layout of the cache files changes


_PACKAGE = Path(__file__).resolve().parent.parent  # the noticeboard package


_DEPENDENCIES = (
    "jinja2", "markupsafe", "markdown-it-py", "nh3", "pyyaml", "jsonschema", "zxing-cpp",
    "pillow", "pillow-heif",
)  # fmt: skip


@cache
def code_version() -> str:
    """A digest of the running code: our modules, locales and the libraries that shape output."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.json")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    manifest = EDITOR_VENDOR / "MANIFEST.json"  # the vendored editor: its manifest pins every file
    digest.update(manifest.read_bytes() if manifest.is_file() else b"no editor")
    for name, version in dependency_versions(_DEPENDENCIES).items():
        digest.update(f"{name}=={version}\n".encode() if version else f"{name} missing\n".encode())
    return digest.hexdigest()


def dependency_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """The installed version of each distribution (None: not installed), as
    ``importlib.metadata.version`` gives it.

    Read from the names of the ``<name>-<version>.dist-info`` folders on ``sys.path``, the
    first on the path winning as for the import system; ``importlib.metadata`` (18 ms of
    imports, in every build, even one with nothing to do) only for a distribution installed
    another way (an ``.egg-info``) or not found.
    """
    wanted = {_distribution_key(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:  # a zip file, a folder gone
            continue
        for item in listing:
            if item.endswith(".dist-info"):
                name, _, version = item.removesuffix(".dist-info").partition("-")
                key = _distribution_key(name)
                if key in wanted and version:
                    found.setdefault(key, version)
    versions: dict[str, str | None] = {}
    for key, name in wanted.items():
        versions[name] = found[key] if key in found else _version_otherwise(name)
    return versions


def _distribution_key(name: str) -> str:
    """A distribution's name as packaging compares it (PEP 503): ``Pillow_HEIF`` is ``pillow-heif``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _version_otherwise(name: str) -> str | None:
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def tree_digest(folder: Path) -> str:
    """Digest of every file below ``folder`` (names and bytes); symlinked folders are not entered."""
    digest = hashlib.sha256()
    for rel, entry in sorted(_walk(folder), key=lambda item: item[0]):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(Path(entry.path).read_bytes())
        except OSError as error:
            digest.update(f"unreadable {error.errno}".encode())
    return digest.hexdigest()


def tree_signatures(folder: Path) -> Iterator[tuple[str, object]]:
    """Yield (relative path, stat signature) for every file or link below ``folder``, cheaply."""
    for rel, entry in _walk(folder):
        try:
            signature: object = stat_signature(entry.stat())  # follows a symlink to what it points at
        except OSError as error:
            signature = ("missing", error.errno)
        if entry.is_symlink():
            signature = (signature, os.readlink(entry.path))
        yield rel, signature


def _walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Yield every non-folder entry below ``folder``; symlinked folders are not entered."""
    stack = [(str(folder), "")]
    while stack:
        here, prefix = stack.pop()
        try:
            with os.scandir(here) as entries:
                found = list(entries)
        except OSError:
            continue
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{prefix}{entry.name}/"))
            else:
                yield f"{prefix}{entry.name}", entry


def content_commit(folder: Path) -> str:
    """The latest commit that touched the content folder (pages show its history), or why none."""
    try:
        result = git(["log", "-1", "--format=%H", "--", "."], folder)
    except (OSError, subprocess.SubprocessError):
        return "no git"
    return f"{result.returncode} {result.stdout.decode(errors='replace').strip()}"


class Inputs:
    """Everything a build reads, as stat signatures (see :func:`read_inputs`).

    :meth:`digest` covers all of it; :meth:`around` all but the record files, whose bytes the
    record memo digests anyway (:mod:`noticeboard.incremental.keeping` compares records by
    their sha256, so a record file saved a moment ago still counts).
    """

    def __init__(self, fixed: str, content: list[tuple[str, object]]) -> None:
        self.fixed = fixed  # code, settings, git commit, theme and schemas; "" if just edited
        self.content = content  # (relative path, stat signature) of every content file, sorted

    def digest(self) -> str:
        """Digest of every input: if it is unchanged, so is the site ("" if unsure)."""
        return self._digest(self.content)

    def around(self, records: set[str]) -> str:
        """Digest of every input but the record files named (relative paths); "" if unsure."""
        return self._digest([entry for entry in self.content if entry[0] not in records])

    def signatures(self) -> dict[str, StatSignature]:
        """The stat signature of each content file as the build began (by relative path); links
        and files that could not be read are left out."""
        return {rel: signature for rel, signature in self.content if _plain(signature)}  # type: ignore[misc]

    def _digest(self, entries: list[tuple[str, object]]) -> str:
        if not self.fixed or any(_racy(signature) for _, signature in entries):
            return ""  # just edited: the next build must look at the bytes
        return hashlib.sha256(self.fixed.encode() + marshal.dumps(entries)).hexdigest()


def _plain(signature: object) -> bool:
    """A file's own signature: not a link's (signature, target) nor a ("missing", errno)."""
    return isinstance(signature, tuple) and len(signature) == 4


def _racy(signature: object) -> bool:
    return _plain(signature) and racy(signature)  # type: ignore[arg-type]


def read_inputs(
    content_dir: Path, theme: Theme, schemas: Path, build_date: dt.date, base_url: str | None
) -> Inputs:
    """The stat signatures of everything a build reads (see :class:`Inputs`).

    ``theme``: the board's own templates and static folders (docs/boards.md), then the engine's.
    """
    digest = hashlib.sha256()
    for part in (code_version(), build_date.isoformat(), repr(base_url), content_commit(content_dir)):
        digest.update(part.encode() + b"\n")
    digest.update(f"[content] {content_dir.resolve()}\n".encode("utf-8", "surrogateescape"))
    for label, folder in (*theme.folders(), ("schemas", schemas)):
        digest.update(f"[{label}] {folder.resolve()}\n".encode("utf-8", "surrogateescape"))
        entries = sorted(tree_signatures(folder))
        if any(_racy(signature) for _, signature in entries):
            return Inputs("", [])
        digest.update(marshal.dumps(entries))
    return Inputs(digest.hexdigest(), sorted(tree_signatures(content_dir)))
